package handlers

import (
	"math"
	"sort"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// Ranking weights. One set serves every corpus: they were chosen on public
// test collections (Cranfield, CISI, SQuAD) and the essay's development
// questions together, never for one question.
var (
	sentenceWeight = 0.0
	bm25K1          = 1.2
	bm25B           = 0.75
	titleWeight     = 0.4  // a clause found in the document title
	headingWeight   = 0.25 // a clause found in the section heading
	windowWeight    = 0.6  // clauses found together in the best 1–3 sentences
	proxWeight      = 0.3  // consecutive question words found close together
	proxSpan        = 8    // how far apart (in content words) still counts as close
	fuzzyFactor     = 0.7  // a match through a typo correction counts this much
	titlePageFactor = 0.3  // a title page's score counts this much
	// notFoundCoverage is the least share of the question's weight that the
	// best passage must match for the readings to be taken to answer it,
	// unless it matches at least notFoundMatches of the question's words
	// (long questions rarely share most of their words with one passage).
	notFoundCoverage = 0.5
	notFoundMatches = 3.0
)

// candidate is a hit with the evidence of how it matches the question.
type candidate struct {
	hit      retrieval.Hit
	toks     []analysis.Token // the passage's tokens
	content  []int            // indexes into toks of content (non-stop) tokens
	sents    []corpus.Span    // sentence spans of the passage text
	tokSent  []int            // sentence index of each content token
	matches  [][]int          // per clause: positions in content where it matches
	matchLen [][]int          // per clause: length (in content tokens) of each match
	viaFuzzy []bool           // per clause: matched only through a typo fix
	score    float64
	coverage float64 // share of the question's weight matched by passage, heading or title
	matched  int     // how many of the question's clauses the passage, heading or title match
}

// rank scores hits for the plan and returns them best first.
func rank(p plan, hits []retrieval.Hit, avgLen float64) []*candidate {
	if avgLen <= 0 {
		avgLen = 50
	}
	titles := make(map[string][]string)
	cands := make([]*candidate, 0, len(hits))
	for _, h := range hits {
		c := newCandidate(p, h)
		tt, ok := titles[h.Doc.ID]
		if !ok {
			tt = analysis.Terms(h.Doc.Title + " " + h.Doc.Subtitle)
			titles[h.Doc.ID] = tt
		}
		c.scoreFor(p, tt, analysis.Terms(h.Passage.Heading), avgLen)
		cands = append(cands, c)
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].hit.Passage.ID < cands[j].hit.Passage.ID
	})
	return cands
}

func newCandidate(p plan, h retrieval.Hit) *candidate {
	text := h.Passage.Text
	c := &candidate{hit: h, toks: analysis.Tokens(text), sents: corpus.SplitSentences(text)}
	s := 0
	for i, t := range c.toks {
		if t.Stop || t.Term == "" {
			continue
		}
		for s < len(c.sents)-1 && t.Start >= c.sents[s].End {
			s++
		}
		c.content = append(c.content, i)
		c.tokSent = append(c.tokSent, s)
	}
	c.matches = make([][]int, len(p.clauses))
	c.matchLen = make([][]int, len(p.clauses))
	c.viaFuzzy = make([]bool, len(p.clauses))
	for ci, cl := range p.clauses {
		exact := false
		for ai, alt := range cl.alts {
			for pos := 0; pos+len(alt) <= len(c.content); pos++ {
				if c.termAt(pos) != alt[0] {
					continue
				}
				ok := true
				for k := 1; k < len(alt); k++ {
					if c.termAt(pos+k) != alt[k] {
						ok = false
						break
					}
				}
				if ok {
					c.matches[ci] = append(c.matches[ci], pos)
					c.matchLen[ci] = append(c.matchLen[ci], len(alt))
					if !cl.fuzzy[ai] {
						exact = true
					}
				}
			}
		}
		c.viaFuzzy[ci] = len(c.matches[ci]) > 0 && !exact
	}
	return c
}

func (c *candidate) termAt(pos int) string { return c.toks[c.content[pos]].Term }

// scoreFor computes the candidate's score: BM25 over the passage, plus the
// clauses found in the title and heading, plus how many clauses one window
// of 1–3 sentences holds together, plus proximity of consecutive clauses.
func (c *candidate) scoreFor(p plan, title, heading []string, avgLen float64) {
	if p.total == 0 {
		return
	}
	norm := bm25K1 * (1 - bm25B + bm25B*float64(len(c.content))/avgLen)
	var bm25, fields, matched float64
	for ci, cl := range p.clauses {
		w := cl.idf
		if c.viaFuzzy[ci] {
			w *= fuzzyFactor
		}
		inText := len(c.matches[ci]) > 0
		if inText {
			tf := float64(len(c.matches[ci]))
			bm25 += w * cl.qtf * tf * (bm25K1 + 1) / (tf + norm)
		}
		inTitle := containsAny(title, cl.alts)
		inHeading := containsAny(heading, cl.alts)
		if inTitle {
			fields += titleWeight * w
		}
		if inHeading {
			fields += headingWeight * w
		}
		if (inText || inTitle || inHeading) && !cl.expansion {
			matched += w
			c.matched++
		}
	}
	c.coverage = matched / p.total
	win, _ := c.bestWindow(p, MaxExcerpt)
	one, _ := c.bestWindow(p, 0)
	c.score = bm25 + fields + windowWeight*win + sentenceWeight*one + proxWeight*c.proximity(p)
	if c.hit.Passage.Kind == corpus.KindTitlePage {
		// A title page holds metadata: it answers who and what, rarely why.
		c.score *= titlePageFactor
	}
}

// proximity rewards consecutive question clauses that appear close together.
func (c *candidate) proximity(p plan) float64 {
	var sum float64
	for i := 0; i+1 < len(p.clauses); i++ {
		if p.clauses[i+1].expansion {
			break
		}
		a, b := c.matches[i], c.matches[i+1]
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		best := math.MaxInt
		for _, x := range a {
			for _, y := range b {
				d := y - x
				if d < 0 {
					d = -d
				}
				best = min(best, d)
			}
		}
		if best <= proxSpan {
			sum += math.Min(p.clauses[i].idf, p.clauses[i+1].idf) / float64(max(best, 1))
		}
	}
	return sum
}

// window is a run of consecutive sentences [first, last].
type window struct{ first, last int }

// bestWindow finds the run of one to three consecutive sentences, at most
// limit bytes long, that holds the greatest weight of distinct clauses. Ties
// go to the longer run, then the earlier one. It returns the weight and the
// window; a passage whose best sentence alone is too long gets that sentence.
func (c *candidate) bestWindow(p plan, limit int) (float64, window) {
	if len(c.sents) == 0 {
		return 0, window{}
	}
	// Per sentence, how often it holds each clause.
	per := make([][]int, len(c.sents))
	for ci := range p.clauses {
		for _, pos := range c.matches[ci] {
			s := c.tokSent[pos]
			if per[s] == nil {
				per[s] = make([]int, len(p.clauses))
			}
			per[s][ci]++
		}
	}
	// weight is the weight of the distinct clauses a window holds, and the
	// weight of all its matches counting repeats (a tie-breaker).
	weight := func(w window) (distinct, all float64) {
		for ci, cl := range p.clauses {
			if cl.expansion {
				continue
			}
			v := cl.idf
			if c.viaFuzzy[ci] {
				v *= fuzzyFactor
			}
			n := 0
			for s := w.first; s <= w.last; s++ {
				if per[s] != nil {
					n += per[s][ci]
				}
			}
			if n > 0 {
				distinct += v
				all += v * float64(n)
			}
		}
		return distinct, all
	}
	// better orders windows: more distinct weight, then starting on a
	// sentence that matches (the excerpt opens on the point), then more
	// matches, then longer, then earlier.
	type scoredWindow struct {
		w             window
		distinct, all float64
	}
	better := func(a, b scoredWindow) bool {
		if math.Abs(a.distinct-b.distinct) > 1e-9 {
			return a.distinct > b.distinct
		}
		am, bm := per[a.w.first] != nil, per[b.w.first] != nil
		if am != bm {
			return am
		}
		if math.Abs(a.all-b.all) > 1e-9 {
			return a.all > b.all
		}
		return a.w.last-a.w.first > b.w.last-b.w.first
	}
	best := scoredWindow{distinct: -1}
	for first := range c.sents {
		for last := first; last < len(c.sents) && last < first+3; last++ {
			if last > first && c.sents[last].End-c.sents[first].Start > limit {
				break
			}
			sw := scoredWindow{w: window{first, last}}
			sw.distinct, sw.all = weight(sw.w)
			if best.distinct < 0 || better(sw, best) {
				best = sw
			}
		}
	}
	return best.distinct, best.w
}

func containsAny(terms []string, alts [][]string) bool {
	for _, alt := range alts {
		for i := 0; i+len(alt) <= len(terms); i++ {
			if equalTerms(terms[i:i+len(alt)], alt) {
				return true
			}
		}
	}
	return false
}

// answers reports whether the best candidate is taken to answer the
// question: it matches enough of the question's weight, or enough of its
// words.
func answers(best *candidate) bool {
	return best.coverage >= notFoundCoverage || float64(best.matched) >= notFoundMatches
}
