package bench

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/citebot/citebot/corpus"
)

// plainBatchSize matches the batch size citebot's index builds with.
const plainBatchSize = 500

// Plain is the baseline: plain Bleve (scorch, BM25) with its default
// mapping and analyser over the same passages (title, heading and text of
// each, all searched through the default _all field), queried with one
// MatchQuery per question and no excerpts.
type Plain struct {
	idx bleve.Index
}

// PlainHit is one result of the baseline.
type PlainHit struct {
	ID    string  `json:"passage_id"`
	Score float64 `json:"score"`
	Text  string  `json:"passage,omitempty"`
}

// BuildPlain indexes the corpus's passages into a new plain Bleve index in
// dir, which must not exist yet. progress, when not nil, gets the number of
// passages indexed after each batch.
func BuildPlain(ctx context.Context, dir string, c *corpus.Corpus, progress func(done int)) (*Plain, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = bindex.BM25Scoring
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("plain bleve: %w", err)
	}
	b := idx.NewBatch()
	done := 0
	for _, d := range c.Documents {
		for _, p := range d.Passages {
			if err := ctx.Err(); err != nil {
				_ = idx.Close()
				return nil, err
			}
			if err := b.Index(p.ID, map[string]interface{}{
				"title": d.Title, "heading": p.Heading, "text": p.Text,
			}); err != nil {
				_ = idx.Close()
				return nil, fmt.Errorf("plain bleve: %w", err)
			}
			done++
			if b.Size() >= plainBatchSize {
				if err := idx.Batch(b); err != nil {
					_ = idx.Close()
					return nil, fmt.Errorf("plain bleve: %w", err)
				}
				b.Reset()
				if progress != nil {
					progress(done)
				}
			}
		}
	}
	if b.Size() > 0 {
		if err := idx.Batch(b); err != nil {
			_ = idx.Close()
			return nil, fmt.Errorf("plain bleve: %w", err)
		}
	}
	if progress != nil {
		progress(done)
	}
	return &Plain{idx: idx}, nil
}

// OpenPlain opens a plain index BuildPlain made.
func OpenPlain(dir string) (*Plain, error) {
	idx, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("plain bleve: %w", err)
	}
	return &Plain{idx: idx}, nil
}

// Ask runs one MatchQuery for the question and returns the top hits; with
// text, each hit carries its stored passage text.
func (p *Plain) Ask(ctx context.Context, question string, top int, text bool) ([]PlainHit, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(question), top, 0, false)
	if text {
		req.Fields = []string{"text"}
	}
	res, err := p.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	hits := make([]PlainHit, len(res.Hits))
	for i, h := range res.Hits {
		hits[i] = PlainHit{ID: h.ID, Score: h.Score}
		if text {
			hits[i].Text, _ = h.Fields["text"].(string)
		}
	}
	return hits, nil
}

// Close closes the index.
func (p *Plain) Close() error { return p.idx.Close() }
