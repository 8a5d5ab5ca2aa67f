package handlers

import "context"

// ConceptFor exposes conceptFor to the external tests, so they can check
// which questions are about concepts whatever the ranking decides.
func ConceptFor(s *Service, ctx context.Context, question string) *Concept {
	return s.conceptFor(ctx, question)
}
