package handlers

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// A search engine's fixed cost per query (a searcher per term, a
// collector, the stored fields) and its walk of the postings through a
// heap are most of a question's time on a small index, such as the
// built-in essay's 25 passages or SQuAD's 2,067 paragraphs. So for an
// index of at most memSearchTerms indexed terms the handlers keep every
// passage with its analysed terms and search the passages themselves (see
// memSearch.search), finding what the index's search finds: every passage
// holding any of the query's terms or phrases, and when there are more
// of those than the query's limit, the limit best of them by the index's
// own BM25 score. A larger index, or one whose passages cannot all be
// listed, is searched.

// memSearchTerms is the most indexed terms (summed over passages) of an
// index searched in memory. At the bound a memSearch holds about 10 MB
// (the terms, their postings and the passages' stored text), and listing
// its passages takes a few tenths of a second on the first question.
const memSearchTerms = 250_000

// The BM25 constants of the index's scoring (Bleve's search.BM25_k1 and
// search.BM25_b).
const (
	indexBM25K1 = 1.2
	indexBM25B  = 0.75
)

// memSearch is every passage of one index version with where its terms
// stand, for answering its queries without the search engine.
type memSearch struct {
	version string
	hits    []retrieval.Hit
	// terms holds every passage's indexed terms one after another:
	// passage i's are terms[start[i]:start[i+1]].
	terms  []string
	start  []int32
	byTerm map[string][]posting // term → the passages holding it, in listing order
	// fieldLen is each passage's indexed length as the index's scoring
	// reads it back (a stored norm of single precision).
	fieldLen []float64
	// avgLen is the mean field length the index's BM25 uses: its distinct
	// terms over its passages, rounded up.
	avgLen float64
	// scratch holds per-search score sheets, one slot per passage.
	scratch sync.Pool
}

// posting is one passage holding a term, and how often.
type posting struct {
	at, tf int32
}

// sheet is one search's running scores and matched-clause counts.
type sheet struct {
	score   []float64
	matched []int32
	found   []int32 // passages matched, in the order first matched
}

// memSearches keeps the memSearch of the index version in use.
type memSearches struct {
	mu  sync.Mutex
	cur *memSearch
}

// memSearchFor returns the memSearch of the index version in use when the
// index holds at most memSearchTerms terms, else nil. Listing the
// passages reads and analyses each once, on the first question of a
// version (about 0.1 s for SQuAD's 2,067 paragraphs).
func (s *Service) memSearchFor(ctx context.Context) (*memSearch, error) {
	n := s.ix.Passages()
	if n == 0 || float64(n)*s.ix.AvgPassageTerms() > memSearchTerms {
		return nil, nil
	}
	version := s.ix.Version()
	s.mem.mu.Lock()
	defer s.mem.mu.Unlock()
	if si := s.mem.cur; si != nil && si.version == version {
		return si, nil
	}
	si := &memSearch{version: version, byTerm: make(map[string][]posting)}
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
				si.hits = append(si.hits, h)
			}
		}
	}
	// The terms the index holds for each passage (see index.Build),
	// analysed on every core: analysis is most of the listing's time.
	terms := make([][]string, len(si.hits))
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(si.hits))
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(si.hits); i += workers {
				terms[i] = s.texts.an.Terms(si.hits[i].Passage.Text)
			}
		})
	}
	wg.Wait()
	tf := make(map[string]int32)
	for i, ts := range terms {
		si.start = append(si.start, int32(len(si.terms)))
		si.terms = append(si.terms, ts...)
		clear(tf)
		for _, t := range ts {
			tf[t]++
		}
		for t, f := range tf {
			si.byTerm[t] = append(si.byTerm[t], posting{int32(i), f})
		}
		norm := float64(float32(1 / math.Sqrt(float64(len(ts)))))
		si.fieldLen = append(si.fieldLen, 1/(norm*norm))
	}
	si.start = append(si.start, int32(len(si.terms)))
	if len(si.hits) != n || s.ix.Version() != version {
		return nil, nil // an index that changed under the listing: search it
	}
	si.avgLen = math.Ceil(float64(len(si.byTerm)) / float64(n))
	s.mem.cur = si
	return si, nil
}

// child is one term or phrase of a query, as the index searches it.
type child struct {
	terms []string
	boost float64
}

// search returns the passages holding any alternative of the query's
// clauses: a term anywhere, a sequence of terms as a phrase (one after
// the other among the passage's terms), as the index's search finds them.
// Like the index, it reads no clause past the first
// retrieval.MaxQueryTerms alternatives, nor any passage of another
// document than q.DocID when that is set, and returns at most q.Limit
// passages: the best by the index's score, ties in listing order.
func (si *memSearch) search(q retrieval.Query) []retrieval.Hit {
	children := queryChildren(q)
	if len(children) == 0 {
		return nil
	}
	sh := si.sheet()
	defer si.scratch.Put(sh)
	si.score(sh, children)
	found := sh.found
	if q.DocID != "" {
		// A new slice: the sheet's list of matches is what clears it.
		found = nil
		for _, at := range sh.found {
			if si.hits[at].Doc.ID == q.DocID {
				found = append(found, at)
			}
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, retrieval.MaxHits)
	if len(found) > limit {
		slices.SortFunc(found, func(a, b int32) int {
			switch sa, sb := sh.score[a], sh.score[b]; {
			case sa > sb:
				return -1
			case sa < sb:
				return 1
			}
			return int(a - b)
		})
		found = found[:limit]
	}
	slices.Sort(found)
	hits := make([]retrieval.Hit, len(found))
	for i, at := range found {
		hits[i] = si.hits[at]
	}
	return hits
}

// score fills the sheet with the index's scores of the passages holding
// any of the children: the summed scores of the children that match,
// times the share of the children that do.
func (si *memSearch) score(sh *sheet, children []child) {
	n := float64(len(si.hits))
	idf := func(t string) float64 {
		df := float64(len(si.byTerm[t]))
		return math.Log(1 + (n-df+0.5)/(df+0.5))
	}
	// The query norm of the index's scoring: one over the root of the
	// summed squared weights of every term searched.
	var squares float64
	for _, ch := range children {
		for _, t := range ch.terms {
			v := ch.boost * idf(t)
			squares += v * v
		}
	}
	norm := 1 / math.Sqrt(squares)
	for _, ch := range children {
		if len(ch.terms) == 1 {
			t := ch.terms[0]
			f := idf(t)
			weight := ch.boost * f * norm
			for _, p := range si.byTerm[t] {
				sh.add(p.at, si.termScore(f, weight, p))
			}
			continue
		}
		for _, p := range si.byTerm[ch.terms[0]] {
			if !si.hasPhrase(p.at, ch.terms) {
				continue
			}
			// A phrase scores as its terms do, each with its frequency
			// in the passage.
			var sum float64
			for _, t := range ch.terms {
				f := idf(t)
				sum += si.termScore(f, ch.boost*f*norm, posting{p.at, si.count(p.at, t)})
			}
			sh.add(p.at, sum)
		}
	}
	total := float64(len(children))
	for _, at := range sh.found {
		sh.score[at] *= float64(sh.matched[at]) / total
	}
}

// queryChildren lists the query's terms and phrases with their weights,
// up to retrieval.MaxQueryTerms of them as the index reads them.
func queryChildren(q retrieval.Query) []child {
	var children []child
	for _, c := range q.Clauses {
		if len(children)+len(c.Alternatives) > retrieval.MaxQueryTerms {
			break
		}
		w := c.Weight
		if w <= 0 {
			w = 1
		}
		for _, alt := range c.Alternatives {
			if len(alt) > 0 {
				children = append(children, child{alt, w})
			}
		}
	}
	return children
}

// termScore is the index's BM25 score of a term of inverse document
// frequency idf and query weight weight in the passage of p.
func (si *memSearch) termScore(idf, weight float64, p posting) float64 {
	tf := math.Sqrt(float64(p.tf))
	return idf * (tf * indexBM25K1) / (tf + indexBM25K1*(1-indexBM25B+indexBM25B*si.fieldLen[p.at]/si.avgLen)) * weight
}

// sheet returns a cleared score sheet for one search.
func (si *memSearch) sheet() *sheet {
	if sh, ok := si.scratch.Get().(*sheet); ok {
		for _, at := range sh.found {
			sh.score[at], sh.matched[at] = 0, 0
		}
		sh.found = sh.found[:0]
		return sh
	}
	return &sheet{score: make([]float64, len(si.hits)), matched: make([]int32, len(si.hits))}
}

func (sh *sheet) add(at int32, score float64) {
	if sh.matched[at] == 0 {
		sh.found = append(sh.found, at)
	}
	sh.score[at] += score
	sh.matched[at]++
}

// hasPhrase reports whether the terms stand one after the other among
// the terms of passage at.
func (si *memSearch) hasPhrase(at int32, phrase []string) bool {
	ts := si.terms[si.start[at]:si.start[at+1]]
	for i := 0; i+len(phrase) <= len(ts); i++ {
		if slices.Equal(ts[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return false
}

// count is how often passage at holds term t.
func (si *memSearch) count(at int32, t string) int32 {
	var n int32
	for _, u := range si.terms[si.start[at]:si.start[at+1]] {
		if u == t {
			n++
		}
	}
	return n
}
