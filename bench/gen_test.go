package bench

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
)

func TestGenerateExactAndDeterministic(t *testing.T) {
	for _, n := range []int{1, 2, 29, 31, 500, 3000} {
		g := Generate(GenOptions{Passages: n, Seed: 7})
		c, err := g.Corpus()
		if err != nil {
			t.Fatalf("%d passages: %v", n, err)
		}
		if got := c.Passages(); got != n {
			t.Fatalf("%d passages: parsed %d", n, got)
		}
		h := Generate(GenOptions{Passages: n, Seed: 7})
		if h.Fingerprint() != g.Fingerprint() {
			t.Fatalf("%d passages: same seed, different text", n)
		}
	}
	a, b := Generate(GenOptions{Passages: 300, Seed: 1}), Generate(GenOptions{Passages: 300, Seed: 2})
	if a.Fingerprint() == b.Fingerprint() {
		t.Fatal("different seeds, same text")
	}
}

func TestGeneratedTextIsRealistic(t *testing.T) {
	g := Generate(GenOptions{Passages: 3000, Seed: 1})
	c, err := g.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	var words, stops, sents, paras, bytesN, items, titles int
	freq := map[string]int{}
	types := map[string]bool{}
	for _, d := range c.Documents {
		if d.Author == "" || d.Date == "" || d.Subtitle == "" {
			t.Errorf("%s: front block not read: author %q date %q subtitle %q", d.ID, d.Author, d.Date, d.Subtitle)
		}
		if len(d.Sections) < 2 {
			t.Errorf("%s: %d sections", d.ID, len(d.Sections))
		}
		for _, p := range d.Passages {
			switch p.Kind {
			case corpus.KindTitlePage:
				titles++
				continue
			case corpus.KindListItem:
				items++
				continue
			}
			if strings.ContainsAny(p.Text, "*[]#") || strings.Contains(p.Text, "https://") {
				t.Fatalf("%s: Markdown syntax left in passage text: %q", p.ID, p.Text)
			}
			paras++
			bytesN += len(p.Text)
			sents += len(corpus.SplitSentences(p.Text))
			for _, tok := range analysis.Tokens(p.Text) {
				words++
				types[tok.Word] = true
				if tok.Stop {
					stops++
				} else {
					freq[tok.Term]++
				}
			}
		}
	}
	if titles != len(c.Documents) {
		t.Errorf("%d title pages for %d documents", titles, len(c.Documents))
	}
	if items == 0 {
		t.Error("no list items")
	}
	perSent := float64(words) / float64(sents)
	perPara := float64(sents) / float64(paras)
	avgBytes := float64(bytesN) / float64(paras)
	stopShare := float64(stops) / float64(words)
	t.Logf("%d paragraphs: %.1f words/sentence, %.1f sentences/paragraph, %.0f bytes/paragraph, %.0f%% stop words, %d words of %d types, %d distinct terms",
		paras, perSent, perPara, avgBytes, 100*stopShare, words, len(types), len(freq))
	// Heaps' law as in English prose: SQuAD's 2,067 Wikipedia paragraphs
	// have 23,661 word types in 258,566 words, K = types/sqrt(words) ≈ 47.
	if k := float64(len(types)) / math.Sqrt(float64(words)); k < 30 || k > 65 {
		t.Errorf("vocabulary growth K = %.0f, want about 47 as in English prose", k)
	}
	if perSent < 14 || perSent > 26 || perPara < 3.5 || perPara > 6.5 || avgBytes < 400 || avgBytes > 900 ||
		stopShare < 0.35 || stopShare > 0.55 {
		t.Error("text statistics out of the realistic range")
	}
	// Zipf: the most frequent term is far more frequent than the 100th.
	var counts []int
	for _, n := range freq {
		counts = append(counts, n)
	}
	top, hundredth := kth(counts, 0), kth(counts, 99)
	if top < 20*hundredth/2 || hundredth < 2 {
		t.Errorf("term frequencies not Zipf-like: top %d, 100th %d", top, hundredth)
	}
}

// kth is the k-th largest of xs (0-based).
func kth(xs []int, k int) int {
	s := append([]int(nil), xs...)
	for i := 0; i <= k && i < len(s); i++ {
		m := i
		for j := i + 1; j < len(s); j++ {
			if s[j] > s[m] {
				m = j
			}
		}
		s[i], s[m] = s[m], s[i]
	}
	if k < len(s) {
		return s[k]
	}
	return 0
}

func TestWriteDirLoadsTheSame(t *testing.T) {
	g := Generate(GenOptions{Passages: 400, Seed: 3})
	dir := t.TempDir()
	if err := g.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	fromDisk, err := corpus.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	inMem, err := g.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	if len(fromDisk.Problems) > 0 {
		t.Fatalf("problems: %v", fromDisk.Problems)
	}
	if len(fromDisk.Documents) != len(inMem.Documents) || fromDisk.Passages() != inMem.Passages() {
		t.Fatalf("disk: %d docs %d passages; memory: %d docs %d passages", len(fromDisk.Documents),
			fromDisk.Passages(), len(inMem.Documents), inMem.Passages())
	}
	for i := range inMem.Documents {
		a, b := inMem.Documents[i], fromDisk.Documents[i]
		if a.ID != b.ID || len(a.Passages) != len(b.Passages) || a.Passages[1].Text != b.Passages[1].Text {
			t.Fatalf("document %d differs: %s vs %s", i, a.ID, b.ID)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, g.Docs[0].Path))
	if err != nil || !bytes.Equal(b, g.Docs[0].Markdown) {
		t.Fatal("file content differs from the generated Markdown")
	}
}

func TestQuestions(t *testing.T) {
	g := Generate(GenOptions{Passages: 1000, Seed: 5})
	c, err := g.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	qs := Questions(c, 300, 9)
	if len(qs) != 300 {
		t.Fatalf("%d questions", len(qs))
	}
	again := Questions(c, 300, 9)
	for i := range qs {
		if qs[i] != again[i] {
			t.Fatalf("question %d differs: %q vs %q", i, qs[i], again[i])
		}
	}
	// Most questions use words of the corpus; some do not.
	vocab := map[string]bool{}
	for _, d := range c.Documents {
		for _, p := range d.Passages {
			for _, term := range analysis.Terms(p.Text) {
				vocab[term] = true
			}
		}
	}
	answerable := 0
	for _, q := range qs {
		n := 0
		for _, term := range analysis.Terms(q) {
			if vocab[term] {
				n++
			}
		}
		if n >= 3 {
			answerable++
		}
	}
	if answerable < 200 || answerable > 290 {
		t.Errorf("%d of %d questions have three corpus words", answerable, len(qs))
	}
	t.Logf("e.g. %q, %q, %q", qs[0], qs[1], qs[2])
}

func TestGeneratedGlossaryLoads(t *testing.T) {
	g := Generate(GenOptions{Passages: 3000, Seed: 1})
	gl, problems := handlers.LoadGlossary(g.Files[glossaryFile])
	if len(problems) > 0 || gl.Len() != 40 {
		t.Fatalf("%d concepts, problems %v", gl.Len(), problems)
	}
	c, err := g.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Files[glossaryFile]) == 0 {
		t.Fatal("the in-memory corpus has no glossary")
	}
}
