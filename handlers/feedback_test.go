package handlers

import (
	"fmt"
	"testing"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// TestExpansionLeavesCommonTermsOutOfSearch checks that a feedback term
// found in more than commonShare of a large index's passages ranks the
// candidates but does not search for them, as a question's own common
// words do not: searching its postings made long questions at 100,000
// passages the slowest by far.
func TestExpansionLeavesCommonTermsOutOfSearch(t *testing.T) {
	const n = 100_000
	freq := map[string]int{"common": n / 2, "zebra": 40}
	df := func(term string) int {
		if f, ok := freq[term]; ok {
			return f
		}
		return 10
	}
	var p plan
	for i := range feedbackMinClauses {
		w := fmt.Sprintf("word%c", 'a'+i)
		p.clauses = append(p.clauses, clause{word: w, alts: [][]string{{w}}, factor: []float64{1},
			idf: idf(n, 10), qtf: 1, known: true, df: 10})
	}
	var cands []*candidate
	for i, text := range []string{"worda wordb common zebra.", "wordc common zebra worda.", "wordd worde common."} {
		c := newCandidate(p, retrieval.Hit{Passage: corpus.Passage{ID: fmt.Sprintf("d#1.%d", i+1), Text: text}}, analyseText(nil, text))
		c.score = float64(3 - i)
		cands = append(cands, c)
	}
	xp, ok := expand(p, cands, n, df)
	if !ok {
		t.Fatal("expand added no terms")
	}
	searched := map[string]bool{}
	for _, cl := range xp.query(60, n, nil).Clauses {
		for _, alt := range cl.Alternatives {
			searched[alt[0]] = true
		}
	}
	tests := []struct {
		term string
		want bool
	}{
		{"zebra", true},   // rare: found by the search
		{"common", false}, // in half the passages: ranks only
		{"worda", true},   // the question's own
	}
	for _, tc := range tests {
		t.Run(tc.term, func(t *testing.T) {
			if searched[tc.term] != tc.want {
				t.Errorf("%q searched = %v, want %v", tc.term, searched[tc.term], tc.want)
			}
		})
	}
}
