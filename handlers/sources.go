package handlers

import "context"

// Sources lists the indexed documents with their passage counts, and when
// the index was built.
func (s *Service) Sources(ctx context.Context) (Sources, error) {
	if err := ctx.Err(); err != nil {
		return Sources{}, err
	}
	return Sources{Documents: s.ix.Documents(), BuiltAt: s.ix.BuiltAt(), Version: s.ix.Version()}, nil
}
