package handlers

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// conceptWords name the asking about a concept rather than the concept:
// "what does the term wedging mean in IR theory". They are ignored when a
// question is matched against the glossary.
var conceptWords = wordSet(`concept concepts term terms notion notions idea ideas phrase word words called
ir international relations theory theories simply simple plain english briefly brief short eli5 exactly`)

// defineWords ask what a concept means: with one of them, a question that
// names only concepts asks for their cards.
var defineWords = wordSet(`define defines defined defining definition definitions mean means meant meaning meanings
explain explains explanation describe describes`)

// compareWords ask how concepts differ: "internal vs external balancing".
var compareWords = wordSet(`difference differences differ differs different distinguish distinguishes distinction
vs versus compare compared comparing comparison contrast contrasted similar similarity similarities`)

// reasonWords ask for reasons, manners or facts, not meanings: "why
// wedging?" gets an ordinary answer unless it also says define or mean.
var reasonWords = wordSet(`why how when where who whom whose which`)

// fallbackTop is how many passages an unknown concept's fallback answer
// cites: one more than a page, so front ends know there is more.
const fallbackTop = DefaultTop + 1

// maxSuggestions is the most concept names suggested for an unknown one.
const maxSuggestions = 5

// Explain answers "what is CONCEPT". When the glossary has the concept (by
// name or alias, ignoring case and word endings, tolerating typos) the
// explanation carries its card: the readings' own definitions first, then
// the glossary's explanation, related concepts and the passages that
// mention it. A term the glossary lacks but the readings define in their
// own words gets a card made of those definitions. Otherwise it carries
// suggestions (the concepts closest in spelling, then those the passages
// about its words mention) and an ordinary answer to fall back on. A query
// with no words is ErrEmptyQuestion; only an index failure is another error.
func (s *Service) Explain(ctx context.Context, concept string) (Explanation, error) {
	q := strings.TrimSpace(cleanQuestion(concept))
	ex := Explanation{Query: q}
	if len(analysis.Terms(q)) == 0 {
		return ex, ErrEmptyQuestion
	}
	g, _ := s.currentGlossary()
	i, ok := g.Lookup(q)
	if !ok {
		// "internal vs external balancing", "what does wedging mean"
		if named := g.asksAbout(s.texts.an, q, s.authorTerms(), s.ix.DocFreq); len(named) > 0 {
			i, ok = named[0], true
		}
	}
	if ok {
		d, err := s.conceptData(ctx)
		if err != nil {
			return ex, err
		}
		ex.Concept = d.card(i)
		return ex, nil
	}
	c, err := s.readingConcept(ctx, q)
	if err != nil {
		return ex, err
	}
	if c != nil {
		ex.Concept = c
		return ex, nil
	}
	if ex.Suggestions, err = s.conceptSuggestions(ctx, g, q); err != nil {
		return ex, err
	}
	ans, err := s.Ask(ctx, q, AskOptions{Top: fallbackTop})
	if err != nil {
		return ex, err
	}
	ex.Fallback = &ans
	return ex, nil
}

// readingConcept builds a card for a term that the glossary lacks but the
// readings define in their own words ("X (i.e., …)", "X, which involves
// …"): the defining sentences and the passages that mention the term. It
// returns nil when the readings define no such term.
func (s *Service) readingConcept(ctx context.Context, q string) (*Concept, error) {
	terms := analysis.Terms(coreWords(q))
	if len(terms) == 0 || len(terms) > maxDefinedTerms {
		return nil, nil
	}
	hits, err := s.ix.Search(ctx, retrieval.Query{
		Clauses: []retrieval.Clause{{Alternatives: [][]string{terms}}},
		Limit:   conceptSearchLimit,
	})
	if err != nil {
		return nil, fmt.Errorf("search the readings for %q: %w", q, err)
	}
	docOrder := map[string]int{}
	for i, doc := range s.ix.Documents() {
		docOrder[doc.ID] = i
	}
	var found []retrieval.Hit
	for _, h := range hits {
		if h.Passage.Kind != corpus.KindTitlePage && indexTerms(analysis.Terms(h.Passage.Text), terms, 0) >= 0 {
			found = append(found, h)
		}
	}
	sort.Slice(found, func(a, b int) bool { return readingOrder(docOrder, found[a].Passage, found[b].Passage) })
	c := &Concept{Aliases: []string{}, Related: []string{}, Definitions: []Definition{}, Occurrences: []Occurrence{}}
	for _, h := range found {
		c.Occurrences = append(c.Occurrences, Occurrence{Ref: h.Passage.Ref(), PassageID: h.Passage.ID})
		for _, def := range findDefinitions(h.Passage.Text) {
			if !equalTerms(def.terms, terms) {
				continue
			}
			if c.Name == "" {
				c.Name = strings.ToLower(def.term)
			}
			c.Definitions = append(c.Definitions, Definition{Excerpt: def.excerpt, Ref: h.Passage.Ref(),
				PassageID: h.Passage.ID, Citation: Cite(h.Doc, h.Passage)})
		}
	}
	if len(c.Definitions) == 0 {
		return nil, nil
	}
	return c, nil
}

// conceptSuggestions proposes glossary concepts for a name it lacks: those
// closest in spelling, then those mentioned most by the passages that
// contain the name's words.
func (s *Service) conceptSuggestions(ctx context.Context, g *Glossary, q string) ([]string, error) {
	if g.Len() == 0 {
		return nil, nil
	}
	core := coreWords(q)
	if core == "" {
		core = normName(q)
	}
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] && len(out) < maxSuggestions {
			seen[name] = true
			out = append(out, name)
		}
	}
	// Closest by spelling: the whole name, or one of its words.
	type near struct {
		i    int
		dist float64
	}
	var nears []near
	for i, e := range g.Entries {
		best := 1.0
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			nn := normName(n)
			best = min(best, relDistance(core, nn))
			for _, w := range strings.Fields(core) {
				for _, nw := range strings.Fields(nn) {
					if len(w) >= 4 && len(nw) >= 4 {
						best = min(best, 0.1+relDistance(w, nw))
					}
				}
			}
		}
		if best <= 0.45 {
			nears = append(nears, near{i, best})
		}
	}
	sort.SliceStable(nears, func(a, b int) bool { return nears[a].dist < nears[b].dist })
	for _, n := range nears[:min(3, len(nears))] {
		add(g.Entries[n.i].Name)
	}
	// Concepts that the passages about its words mention.
	terms := analysis.Terms(core)
	if len(terms) > 0 {
		d, err := s.conceptData(ctx)
		if err != nil {
			return nil, err
		}
		var rq retrieval.Query
		for _, t := range terms {
			rq.Clauses = append(rq.Clauses, retrieval.Clause{Alternatives: [][]string{{t}}})
		}
		rq.Limit = 20
		hits, err := s.ix.Search(ctx, rq)
		if err != nil {
			return nil, fmt.Errorf("search the readings for %q: %w", q, err)
		}
		count := make([]int, len(g.Entries))
		for _, h := range hits {
			pt := analysis.Terms(h.Passage.Text)
			hasWord := false
			for _, t := range terms {
				if indexTerms(pt, []string{t}, 0) >= 0 {
					hasWord = true
					break
				}
			}
			if !hasWord {
				continue
			}
			for _, i := range d.inPassage[h.Passage.ID] {
				count[i]++
			}
		}
		order := make([]int, 0, len(count))
		for i, n := range count {
			if n > 0 {
				order = append(order, i)
			}
		}
		sort.SliceStable(order, func(a, b int) bool { return count[order[a]] > count[order[b]] })
		for _, i := range order {
			add(g.Entries[i].Name)
		}
	}
	return out, nil
}

// relDistance is the edit distance between a and b relative to the longer.
func relDistance(a, b string) float64 {
	n := max(len([]rune(a)), len([]rune(b)))
	if n == 0 {
		return 1
	}
	return float64(editDistance(a, b)) / float64(n)
}

// conceptFor decides whether a question asks about glossary concepts and
// returns the card of the first one it names, or nil. A question asks
// about concepts when, besides words of asking ("what is", "define",
// "explain", "what does … mean", "the term") and words of comparing
// ("difference between", "vs"), it names nothing but concepts: "what is
// wedging", "define bloodletting", "what does diffuse reciprocity mean",
// "explain the security dilemma", "difference between internal and
// external balancing" (internal balancing's card: the first named; its
// related concepts name the other). A question that also names other
// things ("how can the US defeat China's wedging strategy?") is a question
// of fact and gets no card; so does one that asks why, how, when, where or
// who without asking for a meaning.
func (s *Service) conceptFor(ctx context.Context, question string) *Concept {
	g, _ := s.currentGlossary()
	if g.Len() == 0 {
		return nil
	}
	named := g.asksAbout(s.texts.an, question, s.authorTerms(), s.ix.DocFreq)
	if len(named) == 0 {
		return nil
	}
	d, err := s.conceptData(ctx)
	if err != nil {
		s.log.Warn("concept card unavailable", "err", err)
		return nil
	}
	return d.card(named[0])
}

// authorTerms are the analysed words of the readings' authors and short
// citations, which a concept question may name ("what does Glaser mean by
// wedging"). A reading without an author has none: its citation is its
// title.
func (s *Service) authorTerms() map[string]bool {
	v := s.ix.Version()
	st := &s.concepts
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.authors != nil && st.authorsOf == v {
		return st.authors
	}
	m := map[string]bool{}
	for _, d := range s.ix.Documents() {
		if d.Author == "" {
			continue // its citation is its title, whose words are topics
		}
		for _, t := range analysis.Terms(d.Author + " " + d.Citation) {
			m[t] = true
		}
	}
	st.authors, st.authorsOf = m, v
	return m
}

// asksAbout returns the glossary entries a question asks about, in the
// order it names them, or nil when it is not a question about concepts
// (see conceptFor). allowed are further words it may contain. Words the
// readings lack (docFreq 0) may be typos: of a function word, dropped, or
// of a concept's name, corrected. an analyses the question (nil analyses
// afresh).
func (g *Glossary) asksAbout(an *analysis.Analyzer, question string, allowed map[string]bool, docFreq func(string) int) []int {
	var content []string
	define, compare, reason := false, false, false
	checks := maxFunctionTypoChecks
	for _, t := range an.Tokens(question) {
		w := strings.ReplaceAll(t.Word, "'", "")
		switch {
		case defineWords[w]:
			define = true
		case compareWords[w]:
			compare = true
		case reasonWords[w]:
			reason = true
		}
		if t.Stop || t.Term == "" || fillerWords[w] || softWords[w] || conceptWords[w] ||
			defineWords[w] || compareWords[w] || allowed[t.Term] {
			continue
		}
		term := t.Term
		if checks > 0 && docFreq(term) == 0 && !g.names(term) {
			checks--
			if misspeltFunctionWord(w) {
				continue // "waht is wedging"
			}
			if fix, ok := g.correct(w); ok {
				term = fix // "secuirty dilemma"
			}
		}
		content = append(content, term)
	}
	if len(content) == 0 || reason && !define && !compare {
		return nil
	}
	// Every match of a name or alias; a multi-word one may have one other
	// word inside it, so "internal and external balancing" names both.
	type match struct {
		entry, start, size int
		pos                []int
	}
	var matches []match
	for i, e := range g.Entries {
		for _, f := range e.forms {
			for start := range content {
				if pos := gappedMatch(content, start, f); pos != nil {
					matches = append(matches, match{i, start, len(f), pos})
				}
			}
		}
	}
	sort.SliceStable(matches, func(a, b int) bool {
		if matches[a].size != matches[b].size {
			return matches[a].size > matches[b].size
		}
		return matches[a].start < matches[b].start
	})
	covered := make([]bool, len(content))
	first := map[int]int{} // entry → first position named
	for _, m := range matches {
		fresh := false
		for _, p := range m.pos {
			if !covered[p] {
				fresh = true
			}
		}
		if !fresh {
			continue
		}
		for _, p := range m.pos {
			covered[p] = true
		}
		if at, ok := first[m.entry]; !ok || m.start < at {
			first[m.entry] = m.start
		}
	}
	for _, c := range covered {
		if !c {
			return nil // it names something besides concepts
		}
	}
	out := make([]int, 0, len(first))
	for i := range first {
		out = append(out, i)
	}
	sort.Slice(out, func(a, b int) bool { return first[out[a]] < first[out[b]] })
	return out
}

// gappedMatch reports the positions where form matches terms from start:
// its words in order, with at most one other word between two of them
// for a multi-word form. It returns nil when it does not match.
func gappedMatch(terms []string, start int, form []string) []int {
	if start >= len(terms) || terms[start] != form[0] {
		return nil
	}
	pos := []int{start}
	at := start
	for _, w := range form[1:] {
		switch {
		case at+1 < len(terms) && terms[at+1] == w:
			at++
		case at+2 < len(terms) && terms[at+2] == w:
			at += 2
		default:
			return nil
		}
		pos = append(pos, at)
	}
	return pos
}
