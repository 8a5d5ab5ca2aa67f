package bench

import (
	"math/rand/v2"
	"testing"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
)

// BenchmarkTokens10k analyses passages of the 10k corpus in random order,
// as re-ranking does at query time.
func BenchmarkTokens10k(b *testing.B) {
	c, _, _ := loadCorpus(b, 10000)
	var texts []string
	var n int64
	for _, d := range c.Documents {
		for _, p := range d.Passages {
			texts = append(texts, p.Text)
			n += int64(len(p.Text))
		}
	}
	r := rand.New(rand.NewPCG(1, 1))
	b.SetBytes(n / int64(len(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		analysis.Tokens(texts[r.IntN(len(texts))])
	}
}

// BenchmarkSplitSentences10k splits passages of the 10k corpus.
func BenchmarkSplitSentences10k(b *testing.B) {
	c, _, _ := loadCorpus(b, 10000)
	var texts []string
	for _, d := range c.Documents {
		for _, p := range d.Passages {
			texts = append(texts, p.Text)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		corpus.SplitSentences(texts[i%len(texts)])
	}
}
