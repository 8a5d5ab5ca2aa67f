package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/readings"
)

// The benchmarks build their corpora and indexes once per test binary, in
// a folder removed at the end. The 100k-passage ones run only when
// CITEBOT_BENCH_LARGE is set, e.g.
//
//	CITEBOT_BENCH_LARGE=1 go test ./bench -run '^$' -bench 100k -benchtime 500x
//
// Without -bench, `go test` runs none of this.

var (
	fixtureDir  string
	fixtureOnce sync.Once
	fixtureMu   sync.Mutex
	fixtures    = map[string]*fixture{}
)

// fixture is a corpus with citebot's and plain Bleve's indexes of it.
type fixture struct {
	c         *corpus.Corpus
	g         *Generated
	ix        *index.Index
	svc       *handlers.Service
	plain     *Plain
	questions []string
}

var cleanups []string

// registerCleanup removes dir when the tests end.
func registerCleanup(dir string) { cleanups = append(cleanups, dir) }

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range cleanups {
		_ = os.RemoveAll(d)
	}
	if fixtureDir != "" {
		for _, f := range fixtures {
			_ = f.ix.Close()
			_ = f.plain.Close()
		}
		_ = os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

func large(b *testing.B, n int) {
	if n >= 100000 && os.Getenv("CITEBOT_BENCH_LARGE") == "" {
		b.Skip("set CITEBOT_BENCH_LARGE=1 to run the 100k-passage benchmarks")
	}
}

// loadCorpus returns the essay (n == 0) or a generated corpus of n passages.
func loadCorpus(b testing.TB, n int) (*corpus.Corpus, *Generated, string) {
	if n == 0 {
		c, err := corpus.Load(readings.FS)
		if err != nil {
			b.Fatal(err)
		}
		fp, _ := corpus.Fingerprint(readings.FS)
		return c, nil, fp
	}
	g := Generate(GenOptions{Passages: n, Seed: 1})
	c, err := g.Corpus()
	if err != nil {
		b.Fatal(err)
	}
	return c, g, g.Fingerprint()
}

// getFixture builds (once) the indexes of the essay (n == 0) or of n
// generated passages.
func getFixture(b *testing.B, n int) *fixture {
	b.Helper()
	fixtureMu.Lock()
	defer fixtureMu.Unlock()
	key := fmt.Sprint(n)
	if f := fixtures[key]; f != nil {
		return f
	}
	fixtureOnce.Do(func() {
		d, err := os.MkdirTemp("", "citebot-benchtest-")
		if err != nil {
			b.Fatal(err)
		}
		fixtureDir = d
	})
	c, g, fp := loadCorpus(b, n)
	ix, err := buildCitebot(context.Background(), filepath.Join(fixtureDir, "cb-"+key), c, fp)
	if err != nil {
		b.Fatal(err)
	}
	plain, err := BuildPlain(context.Background(), filepath.Join(fixtureDir, "plain-"+key), c, nil)
	if err != nil {
		b.Fatal(err)
	}
	f := &fixture{c: c, g: g, ix: ix, plain: plain, svc: handlers.New(ix, handlers.Options{})}
	if n == 0 {
		f.questions = append(append([]string(nil), EssayQuestions...), Questions(c, 200, 1)...)
	} else {
		f.questions = Questions(c, 1000, 1+uint64(n))
	}
	fixtures[key] = f
	return f
}

// benchAsk times asks one at a time and reports the median and p99 too.
func benchAsk(b *testing.B, n int, plain bool) {
	large(b, n)
	f := getFixture(b, n)
	ctx := context.Background()
	ask := func(q string) error {
		if plain {
			_, err := f.plain.Ask(ctx, q, 3, false)
			return err
		}
		_, err := f.svc.Ask(ctx, q, handlers.AskOptions{Top: 3})
		return err
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := ask(f.questions[i%len(f.questions)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	l := Summarize(lat)
	b.ReportMetric(ms(l.P50), "p50-ms")
	b.ReportMetric(ms(l.P99), "p99-ms")
}

// benchAskParallel asks from 8 goroutines at once (4 per core on 2 cores).
func benchAskParallel(b *testing.B, n int, plain bool) {
	large(b, n)
	f := getFixture(b, n)
	ctx := context.Background()
	var mu sync.Mutex
	var lat []time.Duration
	var next int64
	b.SetParallelism(max(1, 8/max(1, runtimeProcs())))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var local []time.Duration
		for pb.Next() {
			mu.Lock()
			q := f.questions[next%int64(len(f.questions))]
			next++
			mu.Unlock()
			start := time.Now()
			var err error
			if plain {
				_, err = f.plain.Ask(ctx, q, 3, false)
			} else {
				_, err = f.svc.Ask(ctx, q, handlers.AskOptions{Top: 3})
			}
			if err != nil {
				b.Error(err)
				return
			}
			local = append(local, time.Since(start))
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	b.StopTimer()
	l := Summarize(lat)
	b.ReportMetric(ms(l.P50), "p50-ms")
	b.ReportMetric(ms(l.P99), "p99-ms")
}

func BenchmarkAskEssay(b *testing.B)                    { benchAsk(b, 0, false) }
func BenchmarkPlainBleveAskEssay(b *testing.B)          { benchAsk(b, 0, true) }
func BenchmarkAsk10k(b *testing.B)                      { benchAsk(b, 10000, false) }
func BenchmarkPlainBleveAsk10k(b *testing.B)            { benchAsk(b, 10000, true) }
func BenchmarkAsk100k(b *testing.B)                     { benchAsk(b, 100000, false) }
func BenchmarkPlainBleveAsk100k(b *testing.B)           { benchAsk(b, 100000, true) }
func BenchmarkAskParallel8Essay(b *testing.B)           { benchAskParallel(b, 0, false) }
func BenchmarkPlainBleveAskParallel8Essay(b *testing.B) { benchAskParallel(b, 0, true) }
func BenchmarkAskParallel8_10k(b *testing.B)            { benchAskParallel(b, 10000, false) }
func BenchmarkPlainBleveAskParallel8_10k(b *testing.B)  { benchAskParallel(b, 10000, true) }
func BenchmarkAskParallel8_100k(b *testing.B)           { benchAskParallel(b, 100000, false) }
func BenchmarkPlainBleveAskParallel8_100k(b *testing.B) { benchAskParallel(b, 100000, true) }

// benchBuild times index builds from a parsed corpus, or from Markdown
// (parse and index) with parse.
func benchBuild(b *testing.B, n int, plain, parse bool) {
	large(b, n)
	c, g, fp := loadCorpus(b, n)
	dir := b.TempDir()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cc := c
		if parse {
			var err error
			if cc, err = g.Corpus(); err != nil {
				b.Fatal(err)
			}
		}
		out := filepath.Join(dir, fmt.Sprint(i))
		if plain {
			p, err := BuildPlain(ctx, out, cc, nil)
			if err != nil {
				b.Fatal(err)
			}
			_ = p.Close()
		} else {
			ix, err := buildCitebot(ctx, out, cc, fp)
			if err != nil {
				b.Fatal(err)
			}
			_ = ix.Close()
		}
		b.StopTimer()
		_ = os.RemoveAll(out)
		b.StartTimer()
	}
	b.StopTimer()
	el := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(c.Passages())/el, "passages/s")
	var bytes int64
	if g != nil {
		bytes = g.Bytes
	}
	if bytes > 0 {
		b.ReportMetric(float64(bytes)/1e6/el, "MB/s")
	}
}

func BenchmarkBuild10k(b *testing.B)            { benchBuild(b, 10000, false, false) }
func BenchmarkPlainBleveBuild10k(b *testing.B)  { benchBuild(b, 10000, true, false) }
func BenchmarkParseBuild10k(b *testing.B)       { benchBuild(b, 10000, false, true) }
func BenchmarkBuild100k(b *testing.B)           { benchBuild(b, 100000, false, false) }
func BenchmarkPlainBleveBuild100k(b *testing.B) { benchBuild(b, 100000, true, false) }
func BenchmarkParseBuild100k(b *testing.B)      { benchBuild(b, 100000, false, true) }

// BenchmarkGenerate10k times the generator itself.
func BenchmarkGenerate10k(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Generate(GenOptions{Passages: 10000, Seed: uint64(i)})
	}
}

// Explain and concept autocomplete on the essay.
func BenchmarkExplainEssay(b *testing.B) {
	f := getFixture(b, 0)
	var h any = f.svc
	ex, ok := h.(explainer)
	if !ok {
		b.Skip("handlers.Service has no Explain")
	}
	concepts := []string{"security dilemma", "balancing", "wedging", "bloodletting", "deterrence"}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, _ = ex.Explain(ctx, concepts[i%len(concepts)])
	}
}

func BenchmarkAutocompleteEssay(b *testing.B) {
	f := getFixture(b, 0)
	var h any = f.svc
	co, ok := h.(completer)
	if !ok {
		b.Skip("handlers.Service has no CompleteConcept")
	}
	prefixes := []string{"s", "se", "sec", "bal", "w", "blood", "d", ""}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = co.CompleteConcept(prefixes[i%len(prefixes)], 25)
	}
}

// benchColdStart opens an index built earlier and answers one question,
// as a new process does (without the process start itself).
func benchColdStart(b *testing.B, n int) {
	c, dir := builtIndexDir(b, n)
	qs := Questions(c, 100, 3)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := index.New(dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		svc := handlers.New(ix, handlers.Options{})
		if _, err := svc.Ask(context.Background(), qs[i%len(qs)], handlers.AskOptions{Top: 3}); err != nil {
			b.Fatal(err)
		}
		_ = ix.Close()
	}
}

func BenchmarkColdStart10k(b *testing.B)  { benchColdStart(b, 10000) }
func BenchmarkColdStart100k(b *testing.B) { benchColdStart(b, 100000) }

// builtIndexDir builds citebot's index of the n-passage corpus into a
// temporary directory and closes it, for benchmarks that open it
// themselves. It skips large corpora unless they are asked for.
func builtIndexDir(b *testing.B, n int) (*corpus.Corpus, string) {
	b.Helper()
	large(b, n)
	c, _, fp := loadCorpus(b, n)
	dir := b.TempDir()
	ix, err := buildCitebot(context.Background(), dir, c, fp)
	if err != nil {
		b.Fatal(err)
	}
	_ = ix.Close()
	return c, dir
}
