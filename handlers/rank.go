package handlers

import (
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// Ranking weights. One set serves every corpus: they were fitted together
// on public test collections (Cranfield, CISI, SQuAD) and the essay's
// development questions by coordinate ascent, never for one question.
const (
	bm25K1          = 1.2
	bm25B           = 0.75
	proxSpan        = 8   // how far apart (in content words) still counts as close
	fuzzyFactor     = 0.7 // a match through a typo correction counts this much
	titlePageFactor = 0.3 // a title page's score counts this much
)

// weights are the ranking features' weights for one kind of question. Each
// feature is measured in the question's own unit (the idf weight of its
// words), so scores compare passages for one question, never questions.
type weights struct {
	title      float64 // per clause found in the document title (or author)
	heading    float64 // per clause found in the section heading
	sentence   float64 // the clauses the best sentence holds together
	prox       float64 // consecutive question words found close together
	answerType float64 // a matching sentence offers the kind of answer asked for
	definition float64 // a passage that defines what a definitional question asks about
	coverage   float64 // the clauses found anywhere in the passage text
	share      float64 // the share of the question's words in the best sentence
	length     float64 // per unit of log passage length
	spread     float64 // per sentence that holds a question word
}

// shortWeights rank passages for questions of up to feedbackMinClauses-1
// content words, which usually ask for a fact that one sentence states: the
// sentence holding the rarest words together counts most, a sentence
// that holds many common words without the rare ones less, and a long
// passage that holds the words here and there a little less.
var shortWeights = weights{
	title: 0.6, heading: 0.25, sentence: 2.0, prox: 0.8, answerType: 0.45,
	definition: 0.4, coverage: 0.15, share: -0.45, length: -0.2,
}

// longWeights rank passages for long, descriptive questions, which name a
// topic spread over a passage: one sentence counts less, words close
// together more, and a shorter passage on the topic beats a longer one.
var longWeights = weights{
	title: 0.75, heading: 0.25, sentence: 0.7, prox: 0.75, answerType: 0.5,
	definition: 0.5, coverage: -0.15, length: -0.55, spread: -0.04,
}

// The not-found decision: the readings are taken to answer a question when
// one of the first notFoundDepth candidates holds, in its text or heading,
// more than notFoundCoverage of the question's weight, or at least two of
// its words and notFoundPairCoverage of its weight, or at least
// notFoundMatches of its words (long questions rarely share most of their
// words with one passage). The weight leaves out words found only in the
// document's title or author, which every passage of it shares, and words
// of asking (soft words such as "say"); see candidate.coverage. A question
// asking how many or when needs a candidate with a sentence that offers a
// number or a date beside its words, and a question naming something the
// readings never name (see plan.unknownName) is not answered, unless a
// candidate holds more than notFoundSureCoverage of its weight. A request
// for a kind of source they never name (plan.source) is not answered.
const (
	notFoundDepth        = 5
	notFoundCoverage     = 0.5
	notFoundPairCoverage = 0.35
	notFoundMatches      = 3
	notFoundSureCoverage = 0.6
	// notFoundAnswerShare is the share of a how-many or when question's
	// weight that the sentence offering a number or a date must hold.
	notFoundAnswerShare = 0.4
)

// candidate is a hit with the evidence of how it matches the question.
type candidate struct {
	// hit points into the hits the candidates were ranked from, rather
	// than copying each hit's passage and document into its candidate.
	hit *retrieval.Hit
	*analysedText
	matches  [][]int // per clause: positions in content where it matches
	matchLen [][]int // per clause: length (in content tokens) of each match
	// factor is per clause how much its matches count: the greatest
	// factor of the alternatives found (see clause.factor), 1 when none is.
	factor []float64
	// bySynonym is per clause whether only its synonyms matched.
	bySynonym []bool
	score     float64
	// coverage is the share of the question's weight that the passage or
	// its heading holds, leaving out words found only in the document's
	// title (which every passage of it shares) and soft words; see answers.
	coverage float64
	own      int // how many of the question's clauses the passage or its heading hold
	// specific is how many of them are not words the readings use
	// everywhere (see clause.common): "China" and "Russia" in an essay
	// on China and Russia show no answer by themselves.
	specific int
}

// rank scores hits for the plan and returns them best first.
// df, when not nil, is the index's passage frequency of a term: an
// alternative whose first term no passage holds is not looked for.
// sl, when not nil, holds the candidates (see slabPool); the ranking
// allocates them otherwise.
func rank(p plan, hits []retrieval.Hit, avgLen float64, tc *textCache, version string, df func(string) int, sl *slabs) []*candidate {
	if avgLen <= 0 {
		avgLen = 50
	}
	p.asked = askedTerms(p)
	p.unused = unusedAlts(p, df)
	cands := make([]*candidate, 0, len(hits))
	if sl == nil {
		sl = newSlabs(len(hits), len(p.clauses))
	}
	sl.firstBit = firstBits(p)
	// Which clauses a title or heading holds, worked out once for all
	// the passages under it.
	holds := func(key termsKey, terms []string) []bool {
		in, ok := sl.fields[key]
		if !ok {
			start := len(sl.held)
			for _, cl := range p.clauses {
				sl.held = append(sl.held, containsAny(terms, cl.alts))
			}
			in = sl.held[start:len(sl.held):len(sl.held)]
			sl.fields[key] = in
		}
		return in
	}
	for i := range hits {
		h := &hits[i]
		c := sl.candidate(p, h, tc.passage(version, h.Passage.ID, h.Passage.Text))
		// The author's name counts as part of the title ("How does Glaser define …").
		tk, hk := termsKey{h.Doc.ID, -1}, termsKey{h.Doc.ID, h.Passage.Section}
		title := tc.termsOf(version, tk, func() string {
			return h.Doc.Title + " " + h.Doc.Subtitle + " " + h.Doc.Author
		})
		heading := tc.termsOf(version, hk, func() string { return h.Passage.Heading })
		c.scoreFor(p, holds(tk, title), holds(hk, heading), avgLen)
		cands = append(cands, c)
	}
	docEvidence(p, cands, avgLen)
	sortCandidates(cands)
	return cands
}

// sortCandidates puts candidates best first, by score and then by passage id.
func sortCandidates(cands []*candidate) {
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].hit.Passage.ID < cands[j].hit.Passage.ID
	})
}

// slabs hold the candidates of one ranking and their per-clause slices in
// a few allocations rather than five per candidate.
type slabs struct {
	cands     []candidate
	matches   [][]int
	matchLen  [][]int
	factor    []float64
	bySynonym []bool
	clauses   int
	// pos and lens back every candidate's matches and matchLen: each
	// clause's matches are appended here and sliced off with their
	// capacity capped, so a ranking grows two buffers instead of two
	// slices per clause and candidate.
	pos, lens []int
	// firstBit holds, per clause and alternative, the termBit of the
	// alternative's first term.
	firstBit [][]uint16
	// fields holds, per title and heading, which clauses it holds
	// (slices of held).
	fields map[termsKey][]bool
	held   []bool
	// whole keeps each slab whole while the ranking slices it up, so
	// that the slabs can be used again (see slabPool).
	whole struct {
		cands     []candidate
		matches   [][]int
		matchLen  [][]int
		factor    []float64
		bySynonym []bool
	}
}

func newSlabs(hits, clauses int) *slabs {
	sl := &slabs{}
	sl.reset(hits, clauses)
	return sl
}

// reset makes the slabs hold hits candidates of clauses clauses, reusing
// their memory where it is large enough, and clears them.
func (sl *slabs) reset(hits, clauses int) {
	w := &sl.whole
	w.cands = resize(w.cands, hits)
	w.matches, w.matchLen = resize(w.matches, hits*clauses), resize(w.matchLen, hits*clauses)
	w.factor, w.bySynonym = resize(w.factor, hits*clauses), resize(w.bySynonym, hits*clauses)
	sl.cands, sl.matches, sl.matchLen, sl.factor, sl.bySynonym = w.cands, w.matches, w.matchLen, w.factor, w.bySynonym
	sl.clauses, sl.firstBit = clauses, nil
	if sl.fields == nil {
		sl.fields = make(map[termsKey][]bool)
	}
	clear(sl.fields)
	sl.held = sl.held[:0]
	if sl.pos == nil {
		sl.pos, sl.lens = make([]int, 0, 4*hits), make([]int, 0, 4*hits)
	}
	sl.pos, sl.lens = sl.pos[:0], sl.lens[:0]
}

// resize returns s cleared and n long, reusing its memory when it has the
// capacity.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// maxPooledSlab bounds the per-clause slab (hits × clauses) that a
// slabPool keeps: the slabs of an unusually large ranking are left to
// the garbage collector.
const maxPooledSlab = 1 << 14

// slabPool keeps the slabs of finished rankings for the next ones, so
// that questions asked one after another (a busy server's, a batch's) do
// not allocate them and leave them to the garbage collector each time.
// It is safe for concurrent use; its zero value is ready to use.
type slabPool struct{ pool sync.Pool }

// get returns slabs for a ranking of hits candidates of clauses clauses.
func (sp *slabPool) get(hits, clauses int) *slabs {
	if sl, ok := sp.pool.Get().(*slabs); ok {
		sl.reset(hits, clauses)
		return sl
	}
	return newSlabs(hits, clauses)
}

// put hands back slabs whose candidates are no longer used.
func (sp *slabPool) put(sl *slabs) {
	if sl == nil || cap(sl.whole.matches) > maxPooledSlab {
		return
	}
	sl.firstBit = nil
	sp.pool.Put(sl)
}

// candidate returns the next candidate from the slabs, or a newly
// allocated one once they are used up.
func (sl *slabs) candidate(p plan, h *retrieval.Hit, a *analysedText) *candidate {
	n := sl.clauses
	if len(sl.cands) == 0 || n != len(p.clauses) {
		return newCandidate(p, *h, a)
	}
	c := &sl.cands[0]
	*c = candidate{hit: h, analysedText: a}
	c.matches, c.matchLen = sl.matches[:n:n], sl.matchLen[:n:n]
	c.factor, c.bySynonym = sl.factor[:n:n], sl.bySynonym[:n:n]
	sl.cands, sl.matches, sl.matchLen = sl.cands[1:], sl.matches[n:], sl.matchLen[n:]
	sl.factor, sl.bySynonym = sl.factor[n:], sl.bySynonym[n:]
	c.match(p, sl.firstBit, &sl.pos, &sl.lens)
	return c
}

func newCandidate(p plan, h retrieval.Hit, a *analysedText) *candidate {
	c := &candidate{hit: &h, analysedText: a}
	c.matches = make([][]int, len(p.clauses))
	c.matchLen = make([][]int, len(p.clauses))
	c.factor = make([]float64, len(p.clauses))
	c.bySynonym = make([]bool, len(p.clauses))
	var pos, lens []int
	c.match(p, nil, &pos, &lens)
	return c
}

// firstBits returns the termBit of each clause alternative's first term.
func firstBits(p plan) [][]uint16 {
	out := make([][]uint16, len(p.clauses))
	for ci, cl := range p.clauses {
		out[ci] = make([]uint16, len(cl.alts))
		for ai, alt := range cl.alts {
			if len(alt) > 0 {
				out[ci][ai] = termBit(alt[0])
			}
		}
	}
	return out
}

// match finds where the plan's clauses match the candidate's text. The
// positions and lengths are appended to *pos and *lens, and each clause's
// share is sliced off them with its capacity capped. firstBit, when not
// nil, is firstBits(p): an alternative whose first term the text's filter
// rules out is not looked up.
func (c *candidate) match(p plan, firstBit [][]uint16, pos, lens *[]int) {
	for ci, cl := range p.clauses {
		best, own := 0.0, false
		start := len(*pos)
		for ai, alt := range cl.alts {
			if p.unused != nil && p.unused[ci][ai] ||
				firstBit != nil && !c.terms.mayHave(firstBit[ci][ai]) {
				continue
			}
			for _, at := range c.positions[alt[0]] {
				if at+len(alt) > len(c.content) {
					continue
				}
				ok := true
				for k := 1; k < len(alt); k++ {
					if c.termAt(at+k) != alt[k] {
						ok = false
						break
					}
				}
				if ok {
					*pos = append(*pos, at)
					*lens = append(*lens, len(alt))
					best = max(best, cl.factor[ai])
					own = own || cl.synonyms == 0 || ai < cl.synonyms
				}
			}
		}
		if end := len(*pos); end > start {
			c.matches[ci] = (*pos)[start:end:end]
			c.matchLen[ci] = (*lens)[start:end:end]
		}
		c.factor[ci] = 1
		if best > 0 {
			c.factor[ci] = best
			c.bySynonym[ci] = !own
		}
	}
}

func (c *candidate) termAt(pos int) string { return c.toks[c.content[pos]].Term }

// scoreFor computes the candidate's score: BM25 over the passage, plus the
// weighted features of the question's kind (see weights). inTitles and
// inHeadings say, per clause, whether the title and the heading hold it.
func (c *candidate) scoreFor(p plan, inTitles, inHeadings []bool, avgLen float64) {
	if p.total == 0 {
		return
	}
	wt, asked := shortWeights, countAsked(p)
	if asked >= feedbackMinClauses {
		wt = longWeights
	}
	norm := bm25K1 * (1 - bm25B + bm25B*float64(len(c.content))/avgLen)
	var bm25, fields, inText, held, considered float64
	for ci, cl := range p.clauses {
		w := cl.idf * c.factor[ci]
		found := len(c.matches[ci]) > 0
		if found {
			tf := float64(len(c.matches[ci]))
			bm25 += w * cl.qtf * tf * (bm25K1 + 1) / (tf + norm)
			if !cl.expansion {
				inText += w
			}
		}
		inTitle, inHeading := inTitles[ci], inHeadings[ci]
		if inTitle {
			fields += wt.title * w
		}
		if inHeading {
			fields += wt.heading * w
		}
		if cl.expansion || cl.soft || inTitle && !found && !inHeading {
			continue
		}
		switch {
		case cl.lacked > 0:
			considered += cl.lacked
		case c.bySynonym[ci] && !inHeading:
			// A synonym is a lesser match: it holds part of the word's
			// weight, so a question answered only in other words is not
			// taken for answered on that alone ("body" and "consistency").
			considered += cl.idf
		default:
			considered += w
		}
		switch {
		case found && cl.lacked > 0 && !inHeading:
			// A word used in like contexts ranks a passage but does not
			// show that it answers: "pizza" is near "sandwich".
		case found && c.factor[ci] < 1 && cl.weakFix && !inHeading:
			held += w / 2 // a guessed correction is half a match
		case found || inHeading:
			held += w
			c.own++
			if !cl.common {
				c.specific++
			}
		}
	}
	if considered > 0 {
		c.coverage = held / considered
	}
	one, w := c.bestWindow(p, 0)
	share := float64(c.clausesIn(p, w.first)) / float64(max(asked, 1)) * p.total
	c.score = bm25 + fields + wt.sentence*one + wt.prox*c.proximity(p) +
		wt.coverage*inText + wt.share*share +
		wt.length*math.Log1p(float64(len(c.content))) + wt.spread*float64(c.sentencesMatched())
	if p.want != answerAny && p.want != answerReason && one > 0 {
		c.score += wt.answerType * c.answeringSentence(p)
	}
	if p.definitional && c.defines(p) {
		c.score += wt.definition * p.total
	}
	if c.hit.Passage.Kind == corpus.KindTitlePage {
		// A title page holds metadata: it answers who and what, rarely why.
		c.score *= titlePageFactor
	}
}

// answeringSentence is the weight of the question's clauses held by the
// best sentence that also offers the kind of answer asked for (a date for
// "when", a number for "how many"), or 0 when no matching sentence does.
func (c *candidate) answeringSentence(p plan) float64 {
	best := 0.0
	for s := range c.sents {
		var v float64
		for ci, cl := range p.clauses {
			if cl.expansion {
				continue
			}
			for _, pos := range c.matches[ci] {
				if c.tokSent[pos] == s {
					v += cl.idf * c.factor[ci]
					break
				}
			}
		}
		if v > best && c.offersAnswer(p, s) {
			best = v
		}
	}
	return best
}

// clausesIn counts the question's own clauses that sentence s holds.
func (c *candidate) clausesIn(p plan, s int) int {
	n := 0
	for ci, cl := range p.clauses {
		if cl.expansion {
			continue
		}
		for _, pos := range c.matches[ci] {
			if c.tokSent[pos] == s {
				n++
				break
			}
		}
	}
	return n
}

// sentencesMatched counts the sentences that hold at least one clause,
// feedback terms included.
func (c *candidate) sentencesMatched() int {
	seen := make([]bool, max(len(c.sents), 1)) // tokSent is 0 when there are no sentences
	n := 0
	for _, ms := range c.matches {
		for _, pos := range ms {
			if s := c.tokSent[pos]; !seen[s] {
				seen[s] = true
				n++
			}
		}
	}
	return n
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
	// per[s*stride+ci] counts clause ci in sentence s, and per[s*stride+nc]
	// all of the sentence's matches, in one allocation.
	nc := len(p.clauses)
	stride := nc + 1
	var buf [256]int // most passages' sentences and clauses fit
	var per []int
	if n := len(c.sents) * stride; n <= len(buf) {
		per = buf[:n]
	} else {
		per = make([]int, n)
	}
	for ci := range p.clauses {
		for _, pos := range c.matches[ci] {
			s := c.tokSent[pos] * stride
			per[s+ci]++
			per[s+nc]++
		}
	}
	// matched reports whether sentence s holds any clause.
	matched := func(s int) bool { return per[s*stride+nc] > 0 }
	// weight is the weight of the distinct clauses a window holds, and the
	// weight of all its matches counting repeats (a tie-breaker).
	weight := func(w window) (distinct, all float64) {
		for ci, cl := range p.clauses {
			if cl.expansion {
				continue
			}
			v := cl.idf * c.factor[ci]
			n := 0
			for s := w.first; s <= w.last; s++ {
				n += per[s*stride+ci]
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
		am, bm := matched(a.w.first), matched(b.w.first)
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

// answers reports whether the candidates are taken to answer the question
// (see the not-found constants).
func answers(p plan, cands []*candidate) bool {
	if p.source {
		return false // "recommend a podcast on …": the readings are no podcast
	}
	if p.unknownPlace {
		return false // "how is north korea helping russia": not about it, whatever else a passage holds
	}
	for _, c := range cands[:min(len(cands), notFoundDepth)] {
		if !c.holdsRole(p) {
			continue // "who is the president of russia": no passage names one
		}
		if p.count && len(p.clauses) < feedbackMinClauses && c.answeringSentence(p) == 0 {
			// "how many nukes does China have": no sentence on them gives
			// a number ("how much" may be answered in words: "not much").
			continue
		}
		if c.coverage <= notFoundSureCoverage {
			if p.unknownName != "" {
				continue // "What role does India play …": the name is the point
			}
			if (p.want == answerNumber || p.want == answerTime) && c.answeringSentence(p) < p.answerShare()*p.total {
				// "how many barrels …": no sentence on it gives a number;
				// "what year did the USSR collapse": the sentence with a
				// date is not about the collapse.
				continue
			}
		}
		if c.coverage > notFoundCoverage ||
			c.own >= 2 && c.coverage >= notFoundPairCoverage ||
			c.own >= notFoundMatches && (c.specific > 0 || len(p.clauses) >= feedbackMinClauses) {
			return true
		}
	}
	return false
}

// answerShare is the share of a how-many or when question's weight that
// the sentence offering a number or a date must hold: notFoundAnswerShare
// for a short question, none beyond a word for a long, descriptive one,
// which names many things in passing.
func (p plan) answerShare() float64 {
	if len(p.clauses) >= feedbackMinClauses {
		return 1e-9
	}
	return notFoundAnswerShare
}

// defines reports whether the passage defines one of the question's
// clauses where it names it: the name followed (after at most one more
// word, as in "wedging strategy: an attempt …") by a parenthesis, a colon,
// or "which involves", "refers to", "means", "is defined as", "i.e.".
func (c *candidate) defines(p plan) bool {
	text := c.hit.Passage.Text
	for ci, cl := range p.clauses {
		if cl.expansion {
			continue
		}
		for k, pos := range c.matches[ci] {
			ti := c.content[pos+c.matchLen[ci][k]-1]
			end := c.toks[ti].End
			if definitionCue(text[end:]) {
				return true
			}
			// One more word, such as "strategy" or "dilemma".
			if ti+1 < len(c.toks) && c.toks[ti+1].Start-end <= 2 && definitionCue(text[c.toks[ti+1].End:]) {
				return true
			}
		}
	}
	return false
}

// definitionCues open a definition right after a term.
var definitionCues = []string{"(", ":", ", which", " which involves", " refers to", " means", " is defined as", ", i.e.", " (i.e.", " is an approach", " is a strategy", " is the"}

func definitionCue(rest string) bool {
	rest = strings.TrimLeft(rest, "”\"'’")
	if len(rest) > 24 {
		rest = rest[:24]
	}
	// A passage keeps its line breaks, so a cue may be wrapped onto the next
	// line: white space is collapsed, and the leading space dropped (as
	// strings.Fields and a join would, without their allocations).
	var buf [24]byte
	n, gap := 0, false
	for i := 0; i < len(rest); {
		r, size := utf8.DecodeRuneInString(rest[i:])
		if unicode.IsSpace(r) {
			gap = n > 0
		} else {
			if gap {
				buf[n] = ' '
				n++
				gap = false
			}
			n += copy(buf[n:], rest[i:i+size])
		}
		i += size
	}
	rest = string(buf[:n])
	for _, cue := range definitionCues {
		if strings.HasPrefix(rest, strings.TrimLeft(cue, " ")) {
			return true
		}
	}
	return false
}

var monthNames = map[string]bool{"january": true, "february": true, "march": true, "april": true,
	"may": true, "june": true, "july": true, "august": true, "september": true, "october": true,
	"november": true, "december": true, "century": true, "decade": true, "year": true, "years": true}

// offersAnswer reports whether sentence s holds, beside the question's own
// words, the kind of answer the question asks for: a number, a year or
// date, or a capitalised name.
func (c *candidate) offersAnswer(p plan, s int) bool {
	if p.want <= answerAny || p.want >= offerKinds || s >= len(c.offers) {
		return false
	}
	asked := askedTerms(p)
	for _, i := range c.offers[s][p.want] {
		if !asked[c.toks[i].Term] {
			return true
		}
	}
	return false
}

// answerTokens lists, per sentence and kind of answer, the tokens that
// stand wholly inside the sentence and could offer that kind of answer: a
// word beginning with a digit or a number word for a number, one of three
// characters or more beginning with a digit or a month's name for a time,
// a capitalised content word after the sentence's first for a name.
func answerTokens(text string, toks []analysis.Token, sents []corpus.Span) [][offerKinds][]int32 {
	out := make([][offerKinds][]int32, len(sents))
	// Tokens stand in text order: start at the sentence's first, stop at
	// the first one past it.
	for s, span := range sents {
		from := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= span.Start })
		for i := from; i < len(toks); i++ {
			t := toks[i]
			if t.Start >= span.End {
				break
			}
			if t.End > span.End || t.End <= t.Start {
				continue
			}
			w := text[t.Start:t.End]
			digit := w[0] >= '0' && w[0] <= '9'
			if digit || numberWords[t.Word] {
				out[s][answerNumber] = append(out[s][answerNumber], int32(i))
			}
			if len(w) >= 3 && digit || monthNames[t.Word] {
				out[s][answerTime] = append(out[s][answerTime], int32(i))
			}
			if i > 0 && t.Start > span.Start && w[0] >= 'A' && w[0] <= 'Z' && !t.Stop {
				out[s][answerName] = append(out[s][answerName], int32(i))
			}
		}
	}
	return out
}

// numberWords offer a number in words. "One" is left out: it is mostly a
// pronoun ("one might argue", "one of the allies").
var numberWords = map[string]bool{"two": true, "three": true, "four": true, "five": true,
	"six": true, "seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true,
	"dozen": true, "dozens": true, "hundred": true, "hundreds": true, "thousand": true, "thousands": true,
	"million": true, "millions": true, "billion": true, "billions": true, "half": true, "percent": true}

// citable reports whether a candidate can be cited for the question: it
// says something the question asks about itself, not only through its
// document's title, and it is not a title page (unless the document has
// nothing else).
func (c *candidate) citable() bool {
	if c.hit.Doc.Passages <= 1 {
		return true
	}
	return c.own > 0 && c.hit.Passage.Kind != corpus.KindTitlePage
}

// Within a reading of several passages, what sets a passage apart is the
// question's words that are rare in that reading, not only in all of them
// ("Tesla" is rare in a library of articles but in most passages of the
// article on Tesla). Readings of fewer than docMinPassages passages (a
// test collection's abstracts) have no such evidence.
const (
	docLocalWeight    = 0.8 // BM25 with the reading's own passage frequencies
	docCoverageWeight = 0.4 // per clause weight that the reading holds somewhere
	docMinPassages    = 3
)

// docEvidence adds to each candidate's score the evidence of its reading:
// BM25 with inverse frequencies among the reading's passages, and the
// weight of the question's clauses that the reading holds. Both are
// counted over the candidates: every passage holding a question word is
// one, up to the candidate limit, so no look-up is needed.
func docEvidence(p plan, cands []*candidate, avgLen float64) {
	// df[docOf[i]*nc+ci] counts the candidates of candidate i's reading
	// that hold clause ci.
	nc := len(p.clauses)
	docOf := make([]int, len(cands))
	docs := make(map[string]int)
	var df []int
	found := false
	for i, c := range cands {
		if c.hit.Doc.Passages < docMinPassages {
			continue
		}
		d, ok := docs[c.hit.Doc.ID]
		if !ok {
			d = len(docs)
			docs[c.hit.Doc.ID] = d
			df = append(df, make([]int, nc)...)
		}
		docOf[i] = d
		for ci, cl := range p.clauses {
			if !cl.expansion && len(c.matches[ci]) > 0 {
				df[d*nc+ci]++
				found = true
			}
		}
	}
	if !found {
		return
	}
	for i, c := range cands {
		if c.hit.Doc.Passages < docMinPassages {
			continue
		}
		n := float64(c.hit.Doc.Passages)
		norm := bm25K1 * (1 - bm25B + bm25B*float64(len(c.content))/avgLen)
		var local, held float64
		for ci, cl := range p.clauses {
			d := df[docOf[i]*nc+ci]
			if cl.expansion || d == 0 {
				continue
			}
			held += cl.idf
			if tf := float64(len(c.matches[ci])); tf > 0 {
				local += idf(n, float64(d)) * tf * (bm25K1 + 1) / (tf + norm)
			}
		}
		c.score += docLocalWeight*local + docCoverageWeight*held
	}
}
