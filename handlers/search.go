package handlers

import (
	"context"
	"strings"

	"github.com/citebot/citebot/analysis"
)

// Search finds passages for keywords, best first: every word counts, and a
// "quoted phrase" must appear as written (up to stemming). There is no
// query syntax beyond quotes; anything else is a word. At most limit
// results (1 to MaxTop).
func (s *Service) Search(ctx context.Context, terms string, limit int) ([]Result, error) {
	limit = max(1, min(limit, MaxTop))
	terms = cleanQuestion(terms)
	p := plan{question: terms}
	n := float64(s.ix.Passages())
	var phrases []int // clause indexes that must match
	parts := strings.Split(terms, `"`)
	seen := make(map[string]bool)
	for i, part := range parts {
		quoted := i%2 == 1 && i < len(parts)-1
		var groups [][]string
		if quoted {
			if t := analysis.Terms(part); len(t) > 0 {
				groups = [][]string{t}
			}
		} else {
			for _, t := range analysis.Terms(part) {
				groups = append(groups, []string{t})
			}
		}
		for _, g := range groups {
			key := strings.Join(g, " ")
			if seen[key] {
				continue
			}
			seen[key] = true
			df := altFreq(s.ix, g)
			c := clause{word: key, alts: [][]string{g}, factor: []float64{1}, qtf: 1, known: df > 0,
				idf: idf(n, float64(max(df, 1)))}
			if quoted && len(g) > 1 {
				phrases = append(phrases, len(p.clauses))
			}
			p.clauses = append(p.clauses, c)
			p.total += c.idf
		}
	}
	if len(p.clauses) == 0 {
		return nil, ErrEmptyQuestion
	}
	cands, done, err := s.candidates(ctx, p, max(minCandidates, limit))
	if err != nil {
		return nil, err
	}
	defer done()
	var out []Result
	for _, c := range cands {
		if !hasAll(c, phrases) || !c.citable() {
			continue
		}
		out = append(out, c.result(p))
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

func hasAll(c *candidate, clauses []int) bool {
	for _, ci := range clauses {
		if len(c.matches[ci]) == 0 {
			return false
		}
	}
	return true
}
