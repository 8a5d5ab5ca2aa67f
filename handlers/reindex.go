package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/citebot/citebot/corpus"

	"github.com/citebot/citebot/retrieval"
)

// Reindex reads the corpus again and rebuilds the index while the old one
// keeps answering. One reindex runs at a time: a second call while one runs
// returns ErrReindexRunning at once. Files that could not be read are
// listed in the summary's Problems; when no usable document remains the
// error says so and the previous index stays in use.
func (s *Service) Reindex(ctx context.Context, progress func(retrieval.Progress)) (retrieval.BuildSummary, error) {
	if s.builder == nil || s.load == nil {
		return retrieval.BuildSummary{}, errors.New("reindex is not available here")
	}
	if !s.reindexing.TryLock() {
		return retrieval.BuildSummary{}, ErrReindexRunning
	}
	defer s.reindexing.Unlock()
	c, fp, err := s.load(ctx)
	if err != nil {
		return retrieval.BuildSummary{}, fmt.Errorf("read the readings: %w", err)
	}
	sum, err := s.builder.Build(ctx, c, fp, progress)
	if err != nil {
		return sum, fmt.Errorf("rebuild the index: %w", err)
	}
	// The glossary and aliases are read again for the new index; entries
	// that do not parse are named like files that could not be read.
	for _, gp := range s.GlossaryProblems() {
		sum.Problems = append(sum.Problems, corpus.Problem{Path: GlossaryFile, Err: errors.New(strings.TrimPrefix(gp.String(), GlossaryFile+" "))})
	}
	for _, ap := range s.aliasProblems() {
		sum.Problems = append(sum.Problems, corpus.Problem{Path: AliasFile, Err: errors.New(ap)})
	}
	s.log.Info("reindexed", "documents", sum.Documents, "passages", sum.Passages,
		"took", sum.Took, "problems", len(sum.Problems))
	return sum, nil
}
