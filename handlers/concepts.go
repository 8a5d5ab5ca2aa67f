package handlers

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/conceptmap"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// conceptSearchLimit is the most passages searched for one concept.
const conceptSearchLimit = 500

// maxCompletions is the most autocomplete choices (Discord's limit).
const maxCompletions = 25

// ConceptSummary is one line of the concept list: a concept, its group and
// how many passages mention it.
type ConceptSummary struct {
	Name     string   `json:"name"`
	Group    string   `json:"group"`
	Aliases  []string `json:"aliases"`
	Passages int      `json:"passages"` // passages that mention it by name or alias
	Defined  bool     `json:"defined"`  // the readings define it in their own words
}

// conceptState caches the glossary and what the readings say about each
// of its concepts, per index version. The zero value is ready to use.
type conceptState struct {
	mu       sync.Mutex // guards the glossary fields
	version  string     // the index version the glossary was read for
	gloss    *Glossary
	problems []GlossaryProblem

	authors   map[string]bool // authorTerms of the index version authorsOf; never changed once made
	authorsOf string

	dataMu sync.Mutex // held while the concept data is computed, so it is computed once
	data   *conceptData
}

// conceptData is what the readings say about the glossary's concepts: the
// cards, which passages mention which concepts, and the concept map.
type conceptData struct {
	version   string
	gloss     *Glossary
	cards     []Concept        // per glossary entry
	inPassage map[string][]int // passage id → the entries it mentions, in entry order
	pairs     map[[2]int]int   // entries i < j → passages that mention both
	png       []byte           // the concept map, drawn on first use
}

// currentGlossary returns the glossary of the index in use, reading the
// corpus's glossary.toml again after a reindex, and the problems found in it.
func (s *Service) currentGlossary() (*Glossary, []GlossaryProblem) {
	v := s.ix.Version()
	st := &s.concepts
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.gloss == nil || st.version != v {
		src, _ := s.ix.File(GlossaryFile)
		g, problems := LoadGlossary(src)
		problems = append(problems, s.checkPassages(g)...)
		sort.SliceStable(problems, func(a, b int) bool { return problems[a].Line < problems[b].Line })
		for _, p := range problems {
			s.log.Warn("glossary.toml problem", "line", p.Line, "problem", p.Msg)
		}
		st.gloss, st.problems, st.version = g, problems, v
	}
	return st.gloss, st.problems
}

// checkPassages drops the glossary's passage ids that the index does not
// have, reporting each.
func (s *Service) checkPassages(g *Glossary) []GlossaryProblem {
	var problems []GlossaryProblem
	for i := range g.Entries {
		e := &g.Entries[i]
		kept := e.Passages[:0]
		for _, id := range e.Passages {
			doc, sec, para, _ := corpus.ParsePassageID(id)
			sections, _, ok := s.ix.Outline(doc)
			if !ok || sec >= len(sections) || para > sections[sec] {
				problems = append(problems, GlossaryProblem{Line: e.Line,
					Msg: fmt.Sprintf("passage %q of %q dropped: the readings have no such passage", id, e.Name)})
				continue
			}
			kept = append(kept, id)
		}
		e.Passages = kept
	}
	return problems
}

// GlossaryProblems lists what could not be used in the glossary.toml of
// the index in use, by line, so a reindex summary can name them. It reads
// the glossary again when the index changed since it was last read.
func (s *Service) GlossaryProblems() []GlossaryProblem {
	_, problems := s.currentGlossary()
	return append([]GlossaryProblem(nil), problems...)
}

// conceptData returns what the readings say about the glossary's
// concepts. It is computed on first use after each (re)index and kept
// until the index changes: in effect, at index time.
func (s *Service) conceptData(ctx context.Context) (*conceptData, error) {
	g, _ := s.currentGlossary()
	v := s.ix.Version()
	st := &s.concepts
	st.dataMu.Lock()
	defer st.dataMu.Unlock()
	if d := st.data; d != nil && d.version == v && d.gloss == g {
		return d, nil
	}
	d, err := s.computeConcepts(ctx, g, v)
	if err != nil {
		return nil, err
	}
	st.data = d
	return d, nil
}

// computeConcepts finds, for each concept, the passages that mention it
// by name or alias (a multi-word one as a phrase), and the sentences in
// them where the readings define it in their own words.
func (s *Service) computeConcepts(ctx context.Context, g *Glossary, version string) (*conceptData, error) {
	d := &conceptData{version: version, gloss: g, cards: make([]Concept, len(g.Entries)),
		inPassage: map[string][]int{}, pairs: map[[2]int]int{}}
	docOrder := map[string]int{}
	for i, doc := range s.ix.Documents() {
		docOrder[doc.ID] = i
	}
	hitsOf := map[string]retrieval.Hit{} // passage id → hit
	mentions := make([][]string, len(g.Entries))
	for i, e := range g.Entries {
		hits, err := s.ix.Search(ctx, retrieval.Query{
			Clauses: []retrieval.Clause{{Alternatives: e.forms}},
			Limit:   conceptSearchLimit,
		})
		if err != nil {
			return nil, fmt.Errorf("find %q in the readings: %w", e.Name, err)
		}
		var found []retrieval.Hit
		for _, h := range hits {
			if h.Passage.Kind == corpus.KindTitlePage || !mentionsAny(analysis.Terms(h.Passage.Text), e.forms) {
				continue
			}
			found = append(found, h)
		}
		sort.Slice(found, func(a, b int) bool { return readingOrder(docOrder, found[a].Passage, found[b].Passage) })
		// The glossary's passages for the concept come first.
		var ordered []retrieval.Hit
		seen := map[string]bool{}
		for _, id := range e.Passages {
			h, ok, err := s.ix.Passage(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("look up %s for %q: %w", id, e.Name, err)
			}
			if ok && !seen[id] {
				seen[id] = true
				ordered = append(ordered, h)
			}
		}
		for _, h := range found {
			if !seen[h.Passage.ID] {
				seen[h.Passage.ID] = true
				ordered = append(ordered, h)
			}
		}
		c := Concept{Name: e.Name, Aliases: append([]string{}, e.Aliases...), Group: e.Group,
			Explanation: e.Explanation, Related: append([]string{}, e.Related...),
			Definitions: []Definition{}, Occurrences: []Occurrence{}}
		for _, h := range ordered {
			hitsOf[h.Passage.ID] = h
			mentions[i] = append(mentions[i], h.Passage.ID)
			c.Occurrences = append(c.Occurrences, Occurrence{Ref: h.Passage.Ref(), PassageID: h.Passage.ID})
			d.inPassage[h.Passage.ID] = append(d.inPassage[h.Passage.ID], i)
		}
		d.cards[i] = c
	}

	// In-text definitions: each goes to the concepts whose names cover
	// most of the defined term ("internally balanced" is internal
	// balancing's, not balancing's).
	defsOf := map[string][]inTextDef{}
	for id, h := range hitsOf {
		defsOf[id] = findDefinitions(h.Passage.Text)
	}
	for i, e := range g.Entries {
		seen := map[string]bool{}
		for _, id := range mentions[i] {
			h := hitsOf[id]
			for _, def := range defsOf[id] {
				cov := coverage(def.terms, e.forms)
				if cov == 0 || seen[id+"\x00"+def.excerpt] {
					continue
				}
				best := 0
				for _, j := range d.inPassage[id] {
					best = max(best, coverage(def.terms, g.Entries[j].forms))
				}
				if cov < best {
					continue
				}
				seen[id+"\x00"+def.excerpt] = true
				d.cards[i].Definitions = append(d.cards[i].Definitions, Definition{
					Excerpt: def.excerpt, Ref: h.Passage.Ref(), PassageID: id, Citation: Cite(h.Doc, h.Passage),
				})
			}
		}
	}
	for _, entries := range d.inPassage {
		for a := 0; a < len(entries); a++ {
			for b := a + 1; b < len(entries); b++ {
				i, j := min(entries[a], entries[b]), max(entries[a], entries[b])
				d.pairs[[2]int{i, j}]++
			}
		}
	}
	return d, nil
}

// readingOrder orders passages as a reader meets them: by document, then
// section, then paragraph.
func readingOrder(docOrder map[string]int, a, b corpus.Passage) bool {
	if a.DocID != b.DocID {
		return docOrder[a.DocID] < docOrder[b.DocID]
	}
	if a.Section != b.Section {
		return a.Section < b.Section
	}
	return a.Paragraph < b.Paragraph
}

// mentionsAny reports whether one of forms occurs in terms as a run.
func mentionsAny(terms []string, forms [][]string) bool {
	for _, f := range forms {
		if indexTerms(terms, f, 0) >= 0 {
			return true
		}
	}
	return false
}

// card returns a copy of entry i's concept card that the caller may change.
func (d *conceptData) card(i int) *Concept {
	c := d.cards[i]
	c.Aliases = append([]string{}, c.Aliases...)
	c.Related = append([]string{}, c.Related...)
	c.Definitions = append([]Definition{}, c.Definitions...)
	c.Occurrences = append([]Occurrence{}, c.Occurrences...)
	return &c
}

// Concepts lists the glossary's concepts by group, then name, with how
// many passages mention each.
func (s *Service) Concepts(ctx context.Context) ([]ConceptSummary, error) {
	d, err := s.conceptData(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ConceptSummary, 0, len(d.cards))
	for _, c := range d.cards {
		out = append(out, ConceptSummary{Name: c.Name, Group: c.Group, Aliases: append([]string{}, c.Aliases...),
			Passages: len(c.Occurrences), Defined: len(c.Definitions) > 0})
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Group != out[b].Group {
			return out[a].Group < out[b].Group
		}
		return strings.ToLower(out[a].Name) < strings.ToLower(out[b].Name)
	})
	return out, nil
}

// CompleteConcept suggests concepts for what a reader has typed so far:
// names, then aliases, that start with prefix, then names with a word
// that does, then names containing it, then names within a typo of it.
// An empty prefix lists the first concepts alphabetically. It answers from
// memory, at most limit choices (at most 25).
func (s *Service) CompleteConcept(prefix string, limit int) []Choice {
	if limit <= 0 || limit > maxCompletions {
		limit = maxCompletions
	}
	g, _ := s.currentGlossary()
	if g.Len() == 0 {
		return nil
	}
	p := normName(prefix)
	type scored struct {
		name, label string
		rank        int
	}
	var cands []scored
	for _, e := range g.Entries {
		best := scored{name: e.Name, label: e.Name, rank: -1}
		consider := func(rank int, label string) {
			if best.rank < 0 || rank < best.rank {
				best.rank, best.label = rank, label
			}
		}
		if p == "" {
			consider(0, e.Name)
		}
		for k, n := range append([]string{e.Name}, e.Aliases...) {
			label := e.Name
			alias := 0
			if k > 0 {
				label = fmt.Sprintf("%s (%s)", e.Name, n)
				alias = 1
			}
			nn := normName(n)
			switch {
			case p == "":
			case strings.HasPrefix(nn, p):
				consider(0+alias, label)
			case wordPrefix(nn, p):
				consider(2+alias, label)
			case strings.Contains(nn, p):
				consider(4+alias, label)
			case len(p) >= 3 && editDistance(p, nn[:min(len(nn), len(p))]) <= typoBudget(p):
				consider(6+alias, label)
			}
		}
		if best.rank >= 0 {
			cands = append(cands, best)
		}
	}
	sort.SliceStable(cands, func(a, b int) bool {
		if cands[a].rank != cands[b].rank {
			return cands[a].rank < cands[b].rank
		}
		return strings.ToLower(cands[a].name) < strings.ToLower(cands[b].name)
	})
	out := make([]Choice, 0, min(limit, len(cands)))
	for _, c := range cands[:min(limit, len(cands))] {
		out = append(out, Choice{Label: clipLabel(c.label, 100), Value: c.name})
	}
	return out
}

// wordPrefix reports whether a word of s after the first starts with p.
func wordPrefix(s, p string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && strings.HasPrefix(s[i+1:], p) {
			return true
		}
	}
	return false
}

// clipLabel cuts s to at most n runes, ending with an ellipsis when cut.
func clipLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// ConceptMap draws the glossary's concepts as a PNG image: a labelled box
// per concept, coloured by group, with a dashed line between related
// concepts and a solid one between concepts that the same passages
// mention, thicker the more passages. It returns nil when the glossary is
// empty. The image is drawn once per index version.
func (s *Service) ConceptMap(ctx context.Context) ([]byte, error) {
	d, err := s.conceptData(ctx)
	if err != nil {
		return nil, err
	}
	if len(d.cards) == 0 {
		return nil, nil
	}
	st := &s.concepts
	st.dataMu.Lock()
	defer st.dataMu.Unlock()
	if d.png != nil {
		return d.png, nil
	}
	png, err := conceptmap.Render(s.conceptGraph(d))
	if err != nil {
		return nil, fmt.Errorf("draw the concept map: %w", err)
	}
	d.png = png
	return png, nil
}

// conceptGraph is the concept map's input: the concepts and the two kinds
// of line between them.
func (s *Service) conceptGraph(d *conceptData) conceptmap.Graph {
	var gr conceptmap.Graph
	var cites []string
	for _, doc := range s.ix.Documents() {
		cites = append(cites, doc.Citation)
	}
	if len(cites) > 0 && len(cites) <= 3 {
		gr.Subtitle = strings.Join(cites, " · ")
	}
	gr.Title = "Concepts of the readings"
	for _, c := range d.cards {
		gr.Nodes = append(gr.Nodes, conceptmap.Node{Name: c.Name, Group: c.Group, Weight: len(c.Occurrences)})
	}
	seen := map[[2]int]bool{}
	for i, e := range d.gloss.Entries {
		for _, r := range e.Related {
			j, ok := d.gloss.lookupExact(r)
			if !ok || j == i {
				continue
			}
			key := [2]int{min(i, j), max(i, j)}
			if seen[key] {
				continue
			}
			seen[key] = true
			gr.Edges = append(gr.Edges, conceptmap.Edge{A: d.cards[key[0]].Name, B: d.cards[key[1]].Name, Kind: conceptmap.Related})
		}
	}
	pairs := make([][2]int, 0, len(d.pairs))
	for p := range d.pairs {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(a, b int) bool {
		if pairs[a][0] != pairs[b][0] {
			return pairs[a][0] < pairs[b][0]
		}
		return pairs[a][1] < pairs[b][1]
	})
	for _, p := range pairs {
		gr.Edges = append(gr.Edges, conceptmap.Edge{A: d.cards[p[0]].Name, B: d.cards[p[1]].Name,
			Kind: conceptmap.CoOccurs, Count: d.pairs[p]})
	}
	return gr
}
