package index

import (
	"fmt"
	"sync"

	bindex "github.com/blevesearch/bleve_index_api"
)

// storedCacheBytes bounds the stored passage text a generation keeps in
// memory; past it, the cache starts afresh, which keeps memory bounded
// without bookkeeping per entry. A study group's corpus, or SQuAD's 2,067
// paragraphs (1.4 MB), fits whole; at 100,000 passages it holds part of them.
const storedCacheBytes = 16 << 20

// stored is what the index stores of a passage besides its terms.
type stored struct {
	text, kind, pages string
}

// storedCache keeps the stored fields of passages already loaded, so that
// candidates that come back question after question are read from Bleve's
// stored, compressed chunks once. A generation never changes, so entries
// never go stale. It is safe for concurrent use.
type storedCache struct {
	mu    sync.Mutex
	byID  map[string]stored
	bytes int
}

func (c *storedCache) get(id string) (stored, bool) {
	c.mu.Lock()
	s, ok := c.byID[id]
	c.mu.Unlock()
	return s, ok
}

func (c *storedCache) put(id string, s stored) {
	n := len(id) + len(s.text) + len(s.kind) + len(s.pages)
	c.mu.Lock()
	if c.byID == nil || c.bytes+n > storedCacheBytes {
		c.byID, c.bytes = make(map[string]stored), 0
	}
	if _, dup := c.byID[id]; !dup {
		c.byID[id] = s
		c.bytes += n
	}
	c.mu.Unlock()
}

// storedFields returns the stored fields of the passages with the given
// ids, from the cache or else from one reader of the index; ok[i] is false
// for a passage the index does not hold.
func (g *generation) storedFields(ids []string) (out []stored, ok []bool, err error) {
	out, ok = make([]stored, len(ids)), make([]bool, len(ids))
	var r bindex.IndexReader
	defer func() {
		if r != nil {
			_ = r.Close()
		}
	}()
	for i, id := range ids {
		if s, hit := g.stored.get(id); hit {
			out[i], ok[i] = s, true
			continue
		}
		if r == nil {
			adv, err := g.idx.Advanced()
			if err != nil {
				return nil, nil, fmt.Errorf("open index reader: %w", err)
			}
			if r, err = adv.Reader(); err != nil {
				return nil, nil, fmt.Errorf("open index reader: %w", err)
			}
		}
		doc, err := r.Document(id)
		if err != nil {
			return nil, nil, fmt.Errorf("load passage %s: %w", id, err)
		}
		if doc == nil {
			continue
		}
		var s stored
		doc.VisitFields(func(f bindex.Field) {
			switch f.Name() {
			case fieldText:
				s.text = string(f.Value())
			case fieldKind:
				s.kind = string(f.Value())
			case fieldPages:
				s.pages = string(f.Value())
			}
		})
		g.stored.put(id, s)
		out[i], ok[i] = s, true
	}
	return out, ok, nil
}

// similarCacheSize bounds the answers of Similar a generation keeps; past
// it, the cache starts afresh.
const similarCacheSize = 20_000

// similarKey is one call of Similar.
type similarKey struct {
	term            string
	maxEdits, limit int
}

// similarCache keeps Similar's answers, so that a word asked about again
// does not build its edit-distance automaton and walk the dictionary
// again. A generation never changes, so answers never go stale. It is safe
// for concurrent use.
type similarCache struct {
	mu    sync.Mutex
	terms map[similarKey][]string
}

func (c *similarCache) get(k similarKey) ([]string, bool) {
	c.mu.Lock()
	v, ok := c.terms[k]
	c.mu.Unlock()
	return v, ok
}

func (c *similarCache) put(k similarKey, v []string) {
	c.mu.Lock()
	if c.terms == nil || len(c.terms) >= similarCacheSize {
		c.terms = make(map[similarKey][]string)
	}
	c.terms[k] = v
	c.mu.Unlock()
}
