package handlers

import (
	"sort"
)

// Pseudo-relevance feedback: long, descriptive questions ("what similarity
// laws must be obeyed when constructing aeroelastic models of heated high
// speed aircraft") name a topic in words the best passages often do not
// share. Terms that the first results have in common are added to the
// question at a lower weight and the index is searched again (RM3-style).
// Short questions are left alone: their words are exact, and expansion
// would drift from them.
const (
	feedbackMinClauses = 7   // questions with at least this many content words are expanded
	feedbackDocs       = 8   // how many first results give terms
	feedbackTerms      = 12  // how many terms are added at most
	feedbackWeight     = 0.4 // an added term's weight relative to a question word's
)

// expand returns the plan with feedback terms from the top candidates
// added, and whether it added any.
func expand(p plan, cands []*candidate, n float64, df func(string) int) (plan, bool) {
	if countAsked(p) < feedbackMinClauses || len(cands) < 2 {
		return p, false
	}
	in := make(map[string]bool)
	for _, cl := range p.clauses {
		for _, alt := range cl.alts {
			for _, t := range alt {
				in[t] = true
			}
		}
	}
	top := cands[:min(feedbackDocs, len(cands))]
	maxScore := top[0].score
	if maxScore <= 0 {
		return p, false
	}
	// Per term, its weight summed over the top candidates and how many of
	// them hold it. A candidate's term frequencies are its positions.
	type evidence struct {
		weight float64
		docs   int
	}
	found := make(map[string]*evidence, 64*len(top))
	var slab []evidence
	for _, c := range top {
		if len(c.content) == 0 {
			continue
		}
		rel := c.score / maxScore
		for t, at := range c.positions {
			if in[t] || len(t) < 3 {
				continue
			}
			e := found[t]
			if e == nil {
				if len(slab) == 0 {
					slab = make([]evidence, 256)
				}
				e, slab = &slab[0], slab[1:]
				found[t] = e
			}
			e.weight += rel * float64(len(at)) / float64(len(c.content))
			e.docs++
		}
	}
	type tw struct {
		term string
		v    float64
	}
	var cands2 []tw
	for t, e := range found {
		if e.docs < 2 {
			continue
		}
		cands2 = append(cands2, tw{t, e.weight * idf(n, float64(max(1, df(t))))})
	}
	if len(cands2) == 0 {
		return p, false
	}
	sort.Slice(cands2, func(i, j int) bool {
		if cands2[i].v != cands2[j].v {
			return cands2[i].v > cands2[j].v
		}
		return cands2[i].term < cands2[j].term
	})
	cands2 = cands2[:min(feedbackTerms, len(cands2))]
	out := p
	out.clauses = append([]clause(nil), p.clauses...)
	best := cands2[0].v
	for _, e := range cands2 {
		d := df(e.term)
		out.clauses = append(out.clauses, clause{
			word:      e.term,
			alts:      [][]string{{e.term}},
			factor:    []float64{1},
			idf:       idf(n, float64(max(1, d))) * feedbackWeight * e.v / best,
			df:        d, // a common one is left out of the candidate search, as a question's are
			qtf:       1,
			known:     true,
			expansion: true,
		})
	}
	return out, true
}

// countAsked counts the clauses that come from the question itself.
func countAsked(p plan) int {
	n := 0
	for _, c := range p.clauses {
		if !c.expansion {
			n++
		}
	}
	return n
}
