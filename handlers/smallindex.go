package handlers

import (
	"context"
	"fmt"
	"sync"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// A search engine's fixed cost per query (a searcher per term, a
// collector, the stored fields) is most of a question's time on a small
// index, such as the built-in essay's 46 passages. An index of no more
// passages than a search fetches returns every passage holding any of the
// query's terms or phrases, whatever their scores; so for such an index
// the handlers keep every passage with its analysed terms and find those
// passages themselves (see smallIndex.search), with the same result. A
// larger index, or one whose passages cannot all be listed, is searched.

// smallIndex is every passage of one index version with where its terms
// stand, for answering its queries without the search engine.
type smallIndex struct {
	version string
	hits    []retrieval.Hit
	texts   []*analysedText
	byTerm  map[string][]int // term → the passages (indexes into hits) holding it
}

// smallIndexes keeps the smallIndex of the index version in use.
type smallIndexes struct {
	mu  sync.Mutex
	cur *smallIndex
}

// smallIndexFor returns the smallIndex of the index version in use when the
// index holds at most limit passages, else nil. Listing the passages
// reads each once, on the first question of a version.
func (s *Service) smallIndexFor(ctx context.Context, limit int) (*smallIndex, error) {
	n := s.ix.Passages()
	if n == 0 || n > limit {
		return nil, nil
	}
	version := s.ix.Version()
	s.small.mu.Lock()
	defer s.small.mu.Unlock()
	if si := s.small.cur; si != nil && si.version == version {
		return si, nil
	}
	si := &smallIndex{version: version, byTerm: make(map[string][]int)}
	for _, d := range s.ix.Documents() {
		sections, _, ok := s.ix.Outline(d.ID)
		if !ok {
			return nil, nil
		}
		for sec, paras := range sections {
			for para := 1; para <= paras; para++ {
				h, ok, err := s.ix.Passage(ctx, corpus.PassageID(d.ID, sec, para))
				if err != nil {
					return nil, fmt.Errorf("list the passages: %w", err)
				}
				if !ok {
					return nil, nil // not numbered as expected: search instead
				}
				a := s.texts.passage(version, h.Passage.ID, h.Passage.Text)
				at := len(si.hits)
				si.hits = append(si.hits, h)
				si.texts = append(si.texts, a)
				for term := range a.positions {
					si.byTerm[term] = append(si.byTerm[term], at)
				}
			}
		}
	}
	if len(si.hits) != n || s.ix.Version() != version {
		return nil, nil // an index that changed under the listing: search it
	}
	s.small.cur = si
	return si, nil
}

// search returns the passages holding any alternative of the query's
// clauses: a term anywhere, a sequence of terms as a phrase (one after
// the other among the passage's terms), as the index's search finds them,
// in passage order. Like the index, it reads no clause past the first
// retrieval.MaxQueryTerms alternatives, nor any passage of another
// document than q.DocID when that is set.
func (si *smallIndex) search(q retrieval.Query) []retrieval.Hit {
	found := make([]bool, len(si.hits))
	any, terms := false, 0
	for _, c := range q.Clauses {
		if terms+len(c.Alternatives) > retrieval.MaxQueryTerms {
			break
		}
		terms += len(c.Alternatives)
		for _, alt := range c.Alternatives {
			if len(alt) == 0 {
				continue
			}
			for _, at := range si.byTerm[alt[0]] {
				if !found[at] && (len(alt) == 1 || si.texts[at].hasPhrase(alt)) {
					found[at], any = true, true
				}
			}
		}
	}
	if !any {
		return nil
	}
	var hits []retrieval.Hit
	for i, ok := range found {
		if ok && (q.DocID == "" || si.hits[i].Doc.ID == q.DocID) {
			hits = append(hits, si.hits[i])
		}
	}
	return hits
}

// hasPhrase reports whether the terms stand one after the other among the
// text's content terms.
func (a *analysedText) hasPhrase(terms []string) bool {
	for _, start := range a.positions[terms[0]] {
		ok := start+len(terms) <= len(a.content)
		for k := 1; ok && k < len(terms); k++ {
			ok = a.toks[a.content[start+k]].Term == terms[k]
		}
		if ok {
			return true
		}
	}
	return false
}
