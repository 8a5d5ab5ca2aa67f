package handlers

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// memIndex is an in-memory Index over a few passages for unit tests: it
// proposes every passage sharing a term with the query, so the ranking
// under test is the handlers' own.
type memIndex struct {
	doc      retrieval.DocInfo
	passages []corpus.Passage
	files    map[string][]byte
	headings []string // by section number; nil for the default ones
	df       map[string]int
	total    int
}

func newMemIndex(title string, texts map[string]string, files map[string][]byte) *memIndex {
	ix := &memIndex{
		doc:   retrieval.DocInfo{ID: "doc", Path: "doc.md", Title: title, Author: "Ada Author", Citation: "Author 2024"},
		files: files,
		df:    make(map[string]int),
	}
	ids := make([]string, 0, len(texts))
	for id := range texts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		_, sec, para, ok := corpus.ParsePassageID("doc#" + id)
		if !ok {
			panic("bad test passage id " + id)
		}
		kind := corpus.KindParagraph
		if sec == 0 && para == 1 {
			kind = corpus.KindTitlePage
		}
		p := corpus.Passage{ID: "doc#" + id, DocID: "doc", Section: sec, Paragraph: para, Kind: kind,
			Heading: map[int]string{1: "Theories of balancing", 2: "Policy"}[sec], Text: texts[id]}
		ix.passages = append(ix.passages, p)
		seen := map[string]bool{}
		for _, t := range analysis.Terms(p.Text) {
			if !seen[t] {
				seen[t] = true
				ix.df[t]++
			}
			ix.total++
		}
	}
	ix.doc.Passages = len(ix.passages)
	return ix
}

func (m *memIndex) Passages() int           { return len(m.passages) }
func (m *memIndex) DocFreq(term string) int { return m.df[term] }
func (m *memIndex) Similar(term string, maxEdits, limit int) []string {
	var out []string
	for t := range m.df {
		if t != term && editDistance(t, term) <= maxEdits {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func (m *memIndex) Search(_ context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	var hits []retrieval.Hit
	for _, p := range m.passages {
		terms := " " + strings.Join(analysis.Terms(p.Text), " ") + " "
		score := 0.0
		for _, c := range q.Clauses {
			for _, alt := range c.Alternatives {
				if strings.Contains(terms, " "+strings.Join(alt, " ")+" ") {
					score += c.Weight
				}
			}
		}
		if score > 0 {
			hits = append(hits, retrieval.Hit{Passage: p, Doc: m.doc, Score: score})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > q.Limit {
		hits = hits[:q.Limit]
	}
	return hits, nil
}

func (m *memIndex) Passage(_ context.Context, id string) (retrieval.Hit, bool, error) {
	for _, p := range m.passages {
		if p.ID == id {
			return retrieval.Hit{Passage: p, Doc: m.doc}, true, nil
		}
	}
	return retrieval.Hit{}, false, nil
}

func (m *memIndex) Outline(docID string) ([]int, []string, bool) {
	if docID != "doc" {
		return nil, nil, false
	}
	var sections []int
	headings := m.headings
	if headings == nil {
		headings = []string{"", "Theories of balancing", "Policy"}
	}
	for _, p := range m.passages {
		for len(sections) <= p.Section {
			sections = append(sections, 0)
		}
		sections[p.Section] = max(sections[p.Section], p.Paragraph)
	}
	return sections, headings[:len(sections)], true
}

func (m *memIndex) Documents() []retrieval.DocInfo { return []retrieval.DocInfo{m.doc} }
func (m *memIndex) AvgPassageTerms() float64 {
	return float64(m.total) / float64(max(1, len(m.passages)))
}
func (m *memIndex) Version() string    { return "test" }
func (m *memIndex) BuiltAt() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
func (m *memIndex) File(name string) ([]byte, bool) {
	b, ok := m.files[name]
	return b, ok
}

// testPassages is a small reading about alliances, written for these tests.
var testPassages = map[string]string{
	"0.1": "Alliances in Theory. Ada Author, Somewhere University. March 2024.",
	"1.1": "States balance against threats. Internal balancing means building up one's own forces. External balancing means forming alliances with other states.",
	"1.2": "A wedge strategy tries to split an opposing alliance. It can be cheaper than balancing. Washington has long feared such strategies.",
	"1.3": "Trade between the two partners supports their economies. Moscow sells oil and gas; Beijing buys it in large amounts.",
	"2.1": "The United States should reassure its allies. Reassurance reduces the risk that allies will bandwagon with a rising power.",
}

func newTestService(files map[string][]byte) *Service {
	return New(newMemIndex("Alliances in Theory", testPassages, files), Options{})
}
