package bench

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/citebot/citebot/analysis"
)

// BenchmarkQueryShapes10k measures, on citebot's own index of the 10k
// corpus, what the shape of the candidate search costs: how many hits,
// whether their stored text is loaded, and whether terms found in more
// than 10% of the passages are left out, next to plain Bleve. It is
// evidence for the candidate search in handlers (bench/README.md), not a
// test of citebot's behaviour.
func BenchmarkQueryShapes10k(b *testing.B) { benchQueryShapes(b, 10000) }

func BenchmarkQueryShapes100k(b *testing.B) { benchQueryShapes(b, 100000) }

func benchQueryShapes(b *testing.B, n int) {
	c, dir := builtIndexDir(b, n)
	cur, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
	if err != nil {
		b.Fatal(err)
	}
	idx, err := bleve.Open(filepath.Join(dir, strings.TrimSpace(string(cur)), "bleve"))
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	qs := Questions(c, 1000, 1+uint64(n))
	// The content terms of each question that the index has.
	// and, apart, those in at most 10% of the passages (the rare ones).
	var terms, rare [][]string
	for _, q := range qs {
		var ts, rs []string
		for _, t := range analysis.Terms(q) {
			tq := bleve.NewTermQuery(t)
			tq.SetField("body")
			if res, err := idx.Search(bleve.NewSearchRequestOptions(tq, 0, 0, false)); err == nil && res.Total > 0 {
				ts = append(ts, t)
				if res.Total <= uint64(n/10) {
					rs = append(rs, t)
				}
			}
		}
		if len(ts) > 0 {
			if len(rs) == 0 {
				rs = ts
			}
			terms = append(terms, ts)
			rare = append(rare, rs)
		}
	}
	build := func(ts []string, fields []string, boosts []float64) query.Query {
		var should []query.Query
		for _, t := range ts {
			for i, f := range fields {
				tq := bleve.NewTermQuery(t)
				tq.SetField(f)
				tq.SetBoost(boosts[i])
				should = append(should, tq)
			}
		}
		return bleve.NewDisjunctionQuery(should...)
	}
	// citebot's index holds only the passage text ("body"); the shapes
	// differ in how many hits, whether their text is loaded, and whether
	// common terms are left out (as handlers do on large indexes).
	all := []string{"body"}
	allBoosts := []float64{1}
	shapes := []struct {
		name   string
		fields []string
		boosts []float64
		limit  int
		load   bool
	}{
		{"body_60hits_stored", all, allBoosts, 60, true},
		{"body_60hits_nostored", all, allBoosts, 60, false},
		{"body_30hits_stored", all, allBoosts, 30, true},
	}
	pl, err := BuildPlain(context.Background(), filepath.Join(b.TempDir(), "plain"), c, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer pl.Close()
	b.Run("plain_bleve_match_3hits", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := pl.Ask(context.Background(), qs[i%len(qs)], 3, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain_bleve_match_60hits_stored", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := pl.Ask(context.Background(), qs[i%len(qs)], 60, true); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("body_3hits_nostored", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			req := bleve.NewSearchRequestOptions(build(terms[i%len(terms)], all, allBoosts), 3, 0, false)
			if _, err := idx.Search(req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("body_rare_terms_60hits_nostored", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			req := bleve.NewSearchRequestOptions(build(rare[i%len(rare)], all, allBoosts), 60, 0, false)
			if _, err := idx.Search(req); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, s := range shapes {
		b.Run(s.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				req := bleve.NewSearchRequestOptions(build(terms[i%len(terms)], s.fields, s.boosts), s.limit, 0, false)
				if s.load {
					req.Fields = []string{"text", "kind"}
				}
				if _, err := idx.Search(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
