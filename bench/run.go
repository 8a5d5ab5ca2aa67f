package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/readings"
)

// Options configure a benchmark run.
type Options struct {
	// Sizes are the generated corpus sizes in passages; the essay (the
	// built-in readings) is always measured first.
	Sizes []int
	// Seed selects the generated text and questions.
	Seed uint64
	// Asks is how many questions are timed per configuration (each for
	// citebot and for plain Bleve); 0 means 2000.
	Asks int
	// Askers is the number of concurrent askers; 0 means 8.
	Askers int
	// Bin is a citebot binary for the figures measured in child processes:
	// peak RSS and wall time of a whole-process build, cold start, steady
	// RSS while serving, and the SQuAD batch. "" skips them.
	Bin string
	// EvalData is the eval-data folder holding squad-v1.1-dev/articles.jsonl;
	// "" or a folder without it skips the SQuAD batch.
	EvalData string
	// NoWink skips the wink-bm25-text-search baseline of the SQuAD batch.
	NoWink bool
	// WinkDir is where that baseline's npm packages are installed; ""
	// means DefaultWinkDir().
	WinkDir string
	// TmpDir is where corpora and indexes are written; "" means a new
	// folder under os.TempDir(), removed at the end.
	TmpDir string
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// Row is one figure of the report: citebot's value, plain Bleve's when
// there is a baseline, their ratio and the target.
type Row struct {
	Corpus  string  `json:"corpus"` // "essay", "10k", "100k", "squad"
	Figure  string  `json:"figure"`
	Unit    string  `json:"unit"`
	Citebot float64 `json:"citebot"`
	Plain   float64 `json:"plain,omitempty"` // 0: no baseline measured
	// Baseline names the baseline in Plain when it is not plain Bleve,
	// e.g. "wink-bm25".
	Baseline string  `json:"baseline,omitempty"`
	Ratio    float64 `json:"ratio,omitempty"` // citebot / plain
	Target   string  `json:"target,omitempty"`
	Met      *bool   `json:"met,omitempty"`
	Note     string  `json:"note,omitempty"`
}

// Report is a whole run.
type Report struct {
	Machine string    `json:"machine"`
	Date    time.Time `json:"date"`
	Command string    `json:"command"`
	Rows    []Row     `json:"rows"`
}

// Missed lists the figures whose target was not met.
func (r Report) Missed() []Row {
	var out []Row
	for _, row := range r.Rows {
		if row.Met != nil && !*row.Met {
			out = append(out, row)
		}
	}
	return out
}

// runner carries a run's state.
type runner struct {
	opts Options
	tmp  string
	log  io.Writer
	rep  *Report
}

// Run measures citebot and plain Bleve on the essay and on generated
// corpora of each size, and the SQuAD batch when its data is there.
func Run(ctx context.Context, opts Options) (Report, error) {
	if opts.Asks <= 0 {
		opts.Asks = 2000
	}
	if opts.Askers <= 0 {
		opts.Askers = 8
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	rep := Report{Machine: Machine(), Date: time.Now().UTC()}
	tmp := opts.TmpDir
	if tmp == "" {
		d, err := os.MkdirTemp("", "citebot-bench-")
		if err != nil {
			return rep, err
		}
		defer os.RemoveAll(d)
		tmp = d
	} else if err := os.MkdirAll(tmp, 0o755); err != nil {
		return rep, err
	}
	r := &runner{opts: opts, tmp: tmp, log: opts.Log, rep: &rep}

	essay, err := corpus.Load(readings.FS)
	if err != nil {
		return rep, fmt.Errorf("essay: %w", err)
	}
	fp, _ := corpus.Fingerprint(readings.FS)
	var essayBytes int64
	for _, d := range essay.Documents {
		if b, err := fs.ReadFile(readings.FS, d.Path); err == nil {
			essayBytes += int64(len(b))
		}
	}
	qs := append(append([]string(nil), EssayQuestions...), Questions(essay, 200, opts.Seed)...)
	if err := r.size(ctx, sizeRun{name: "essay", c: essay, fp: fp, bytes: essayBytes, questions: qs}); err != nil {
		return rep, err
	}
	for _, n := range opts.Sizes {
		start := time.Now()
		g := Generate(GenOptions{Passages: n, Seed: opts.Seed})
		c, err := g.Corpus()
		if err != nil {
			return rep, err
		}
		r.logf("%s: generated %d documents, %d passages, %.1f MB in %s", sizeName(n), len(g.Docs), n,
			float64(g.Bytes)/1e6, time.Since(start).Round(time.Millisecond))
		sr := sizeRun{name: sizeName(n), passages: n, c: c, g: g, fp: g.Fingerprint(), bytes: g.Bytes,
			questions: Questions(c, 1000, opts.Seed+uint64(n))}
		if err := r.size(ctx, sr); err != nil {
			return rep, err
		}
	}
	if opts.Bin != "" && opts.EvalData != "" {
		if err := r.squad(ctx); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// sizeName names a corpus size: 10000 is "10k".
func sizeName(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.log, "bench: "+format+"\n", args...)
}

// sizeRun is one corpus to measure.
type sizeRun struct {
	name      string
	passages  int // 0 for the essay
	c         *corpus.Corpus
	g         *Generated // nil for the essay
	fp        string
	bytes     int64 // Markdown bytes
	questions []string
}

func (r *runner) add(row Row) {
	if row.Plain > 0 {
		row.Ratio = row.Citebot / row.Plain
	}
	r.rep.Rows = append(r.rep.Rows, row)
}

// target checks v against limit (at most).
func atMost(v, limit float64) *bool {
	ok := v <= limit
	return &ok
}

// size measures one corpus: in-process build, index size, ask latency with
// one and with several askers, explain and autocomplete, then the child
// process figures.
func (r *runner) size(ctx context.Context, s sizeRun) error {
	dir := filepath.Join(r.tmp, s.name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	essay := s.g == nil
	total := s.c.Passages()

	// Build, in process, from the parsed corpus: citebot and plain Bleve
	// alternately; small corpora several times.
	reps := 1
	switch {
	case total <= 1000:
		reps = 5
	case total <= 20000:
		reps = 3
	}
	var cbBuild, plBuild []time.Duration
	var ix *index.Index
	var plain *Plain
	for i := 0; i < reps; i++ {
		if ix != nil {
			_ = ix.Close()
			_ = plain.Close()
		}
		cbDir := filepath.Join(dir, "citebot-"+strconv.Itoa(i))
		plDir := filepath.Join(dir, "plain-"+strconv.Itoa(i))
		var err error
		start := time.Now()
		ix, err = buildCitebot(ctx, cbDir, s.c, s.fp)
		if err != nil {
			return err
		}
		cbBuild = append(cbBuild, time.Since(start))
		start = time.Now()
		plain, err = BuildPlain(ctx, plDir, s.c, nil)
		if err != nil {
			_ = ix.Close()
			return err
		}
		plBuild = append(plBuild, time.Since(start))
		if i+1 < reps {
			// keep the last pair open for asking; remove the others
			defer os.RemoveAll(cbDir)
			defer os.RemoveAll(plDir)
		}
	}
	cbB, plB := Summarize(cbBuild).P50, Summarize(plBuild).P50
	r.logf("%s: build %s (plain %s)", s.name, cbB.Round(time.Millisecond), plB.Round(time.Millisecond))
	buildRow := Row{Corpus: s.name, Figure: "index build, in process (parsed corpus)", Unit: "s",
		Citebot: cbB.Seconds(), Plain: plB.Seconds()}
	if !essay {
		buildRow.Target = "≤ 30 s"
		buildRow.Met = atMost(cbB.Seconds(), 30)
	}
	r.add(buildRow)
	r.add(Row{Corpus: s.name, Figure: "build throughput", Unit: "passages/s",
		Citebot: float64(total) / cbB.Seconds(), Plain: float64(total) / plB.Seconds()})
	r.add(Row{Corpus: s.name, Figure: "build throughput (Markdown)", Unit: "MB/s",
		Citebot: float64(s.bytes) / 1e6 / cbB.Seconds(), Plain: float64(s.bytes) / 1e6 / plB.Seconds()})
	cbDir := filepath.Join(dir, "citebot-"+strconv.Itoa(reps-1))
	plDir := filepath.Join(dir, "plain-"+strconv.Itoa(reps-1))
	r.add(Row{Corpus: s.name, Figure: "index size on disk", Unit: "MB",
		Citebot: float64(DirSize(cbDir)) / 1e6, Plain: float64(DirSize(plDir)) / 1e6})

	svc := handlers.New(ix, handlers.Options{})
	cbAsk := func(ctx context.Context, q string) error {
		_, err := svc.Ask(ctx, q, handlers.AskOptions{Top: 3})
		return err
	}
	plAsk := func(ctx context.Context, q string) error {
		_, err := plain.Ask(ctx, q, 3, false)
		return err
	}
	asks := r.opts.Asks
	if !essay && s.passages >= 100000 {
		asks = max(asks/2, 200)
	}
	cb1, pl1, err := Interleaved(ctx, cbAsk, plAsk, s.questions, asks)
	if err != nil {
		_ = ix.Close()
		_ = plain.Close()
		return err
	}
	c1, p1 := Summarize(cb1), Summarize(pl1)
	r.logf("%s: ask 1 asker p50 %s p99 %s (plain p50 %s p99 %s)", s.name, c1.P50, c1.P99, p1.P50, p1.P99)
	med := Row{Corpus: s.name, Figure: "ask p50, 1 asker", Unit: "ms", Citebot: ms(c1.P50), Plain: ms(p1.P50),
		Target: "≤ 3× plain"}
	med.Met = atMost(ms(c1.P50), 3*ms(p1.P50))
	r.add(med)
	p99 := Row{Corpus: s.name, Figure: "ask p99, 1 asker", Unit: "ms", Citebot: ms(c1.P99), Plain: ms(p1.P99)}
	if essay {
		p99.Target, p99.Met = "≤ 2 ms", atMost(ms(c1.P99), 2)
	} else {
		p99.Target, p99.Met = "≤ 10 ms", atMost(ms(c1.P99), 10)
	}
	r.add(p99)

	cbN, plN, err := Concurrent(ctx, cbAsk, plAsk, s.questions, asks, r.opts.Askers)
	if err != nil {
		_ = ix.Close()
		_ = plain.Close()
		return err
	}
	cn, pn := Summarize(cbN), Summarize(plN)
	r.logf("%s: ask %d askers p50 %s p99 %s (plain p50 %s p99 %s)", s.name, r.opts.Askers, cn.P50, cn.P99, pn.P50, pn.P99)
	k := strconv.Itoa(r.opts.Askers)
	r.add(Row{Corpus: s.name, Figure: "ask p50, " + k + " askers", Unit: "ms", Citebot: ms(cn.P50), Plain: ms(pn.P50)})
	pN := Row{Corpus: s.name, Figure: "ask p99, " + k + " askers", Unit: "ms", Citebot: ms(cn.P99), Plain: ms(pn.P99)}
	if !essay {
		pN.Target, pN.Met = "≤ 40 ms", atMost(ms(cn.P99), 40)
	}
	r.add(pN)
	r.explainAndComplete(ctx, s, svc)
	_ = ix.Close()
	_ = plain.Close()

	if r.opts.Bin != "" {
		if err := r.children(ctx, s, dir); err != nil {
			return err
		}
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// buildCitebot builds citebot's index of c in dir with the real code path.
func buildCitebot(ctx context.Context, dir string, c *corpus.Corpus, fp string) (*index.Index, error) {
	ix, err := index.New(dir, slog.New(slog.DiscardHandler))
	if err != nil && !errors.Is(err, index.ErrNoIndex) {
		return nil, err
	}
	if _, err := ix.Build(ctx, c, fp, nil); err != nil {
		_ = ix.Close()
		return nil, err
	}
	return ix, nil
}

// AskFunc answers one question.
type AskFunc func(ctx context.Context, q string) error

// Interleaved times n asks of a and of b, one at a time, cycling through
// the questions; a and b alternate which goes first so that neither is
// favoured by caches or by other load on the machine. A few untimed asks
// warm both up.
func Interleaved(ctx context.Context, a, b AskFunc, qs []string, n int) (ta, tb []time.Duration, err error) {
	for i := 0; i < min(50, len(qs)); i++ {
		if err := a(ctx, qs[i]); err != nil {
			return nil, nil, err
		}
		if err := b(ctx, qs[i]); err != nil {
			return nil, nil, err
		}
	}
	ta, tb = make([]time.Duration, 0, n), make([]time.Duration, 0, n)
	timed := func(f AskFunc, q string, into *[]time.Duration) error {
		start := time.Now()
		err := f(ctx, q)
		*into = append(*into, time.Since(start))
		return err
	}
	for i := 0; i < n; i++ {
		q := qs[i%len(qs)]
		first, second, fi, si := a, b, &ta, &tb
		if i%2 == 1 {
			first, second, fi, si = b, a, &tb, &ta
		}
		if err := timed(first, q, fi); err != nil {
			return nil, nil, err
		}
		if err := timed(second, q, si); err != nil {
			return nil, nil, err
		}
	}
	return ta, tb, nil
}

// Concurrent times n asks of a and of b with askers goroutines asking at
// once, in four rounds that alternate a and b.
func Concurrent(ctx context.Context, a, b AskFunc, qs []string, n, askers int) (ta, tb []time.Duration, err error) {
	const rounds = 4
	per := max(1, n/rounds)
	type side struct {
		fn   AskFunc
		into *[]time.Duration
	}
	for round := 0; round < rounds; round++ {
		order := []side{{a, &ta}, {b, &tb}}
		if round%2 == 1 {
			order[0], order[1] = order[1], order[0]
		}
		for _, f := range order {
			if err := concurrentRound(ctx, f.fn, qs, round*per, per, askers, f.into); err != nil {
				return nil, nil, err
			}
		}
	}
	return ta, tb, nil
}

// concurrentRound asks questions from offset on, n in all, with askers
// goroutines, and appends each latency to into.
func concurrentRound(ctx context.Context, f AskFunc, qs []string, offset, n, askers int, into *[]time.Duration) error {
	var mu sync.Mutex
	var firstErr error
	next := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < askers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, n/askers+1)
			for q := range next {
				start := time.Now()
				err := f(ctx, q)
				local = append(local, time.Since(start))
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
			mu.Lock()
			*into = append(*into, local...)
			mu.Unlock()
		}()
	}
	for i := 0; i < n; i++ {
		next <- qs[(offset+i)%len(qs)]
	}
	close(next)
	wg.Wait()
	return firstErr
}

// Optional parts of the handlers: measured when the Service has them.
type (
	explainer interface {
		Explain(ctx context.Context, concept string) (handlers.Explanation, error)
	}
	completer interface {
		CompleteConcept(prefix string, limit int) []handlers.Choice
	}
)

// explainAndComplete times Explain and concept autocomplete when the
// handlers provide them.
func (r *runner) explainAndComplete(ctx context.Context, s sizeRun, svc *handlers.Service) {
	var h any = svc
	ex, ok := h.(explainer)
	if !ok {
		r.add(Row{Corpus: s.name, Figure: "explain p99", Unit: "ms", Note: "not measured: handlers.Service has no Explain yet"})
	} else {
		// Four in five name a glossary concept; the fifth does not, and
		// explain falls back to suggestions and an ordinary answer.
		concepts := conceptProbes(s)
		var lat []time.Duration
		for i := 0; i < max(200, r.opts.Asks/4); i++ {
			what := concepts[i%len(concepts)]
			if i%5 == 4 {
				what = s.questions[i%len(s.questions)]
			}
			start := time.Now()
			_, _ = ex.Explain(ctx, what)
			lat = append(lat, time.Since(start))
		}
		l := Summarize(lat)
		r.add(Row{Corpus: s.name, Figure: "explain p50", Unit: "ms", Citebot: ms(l.P50)})
		r.add(Row{Corpus: s.name, Figure: "explain p99", Unit: "ms", Citebot: ms(l.P99)})
	}
	co, ok := h.(completer)
	if !ok {
		r.add(Row{Corpus: s.name, Figure: "autocomplete p99", Unit: "ms", Target: "≤ 1 ms",
			Note: "not measured: handlers.Service has no CompleteConcept yet"})
		return
	}
	concepts := conceptProbes(s)
	var lat []time.Duration
	for i := 0; i < 5000; i++ {
		c := concepts[i%len(concepts)]
		prefix := c[:min(len(c), 1+i%6)]
		start := time.Now()
		_ = co.CompleteConcept(prefix, 25)
		lat = append(lat, time.Since(start))
	}
	l := Summarize(lat)
	r.add(Row{Corpus: s.name, Figure: "autocomplete p50", Unit: "ms", Citebot: ms(l.P50)})
	r.add(Row{Corpus: s.name, Figure: "autocomplete p99", Unit: "ms", Citebot: ms(l.P99),
		Target: "≤ 1 ms", Met: atMost(ms(l.P99), 1)})
}

// conceptProbes are names to explain and complete: the essay's concepts,
// or the generated glossary's.
func conceptProbes(s sizeRun) []string {
	if s.g == nil {
		return []string{"security dilemma", "balancing", "wedging", "bloodletting", "alliance",
			"external balancing", "deterrence", "nuclear", "sec", "wed", "b"}
	}
	var out []string
	for _, line := range strings.Split(string(s.g.Files[glossaryFile]), "\n") {
		if name, ok := strings.CutPrefix(line, "name = "); ok {
			out = append(out, strings.Trim(name, `"`))
		}
	}
	if len(out) == 0 {
		out = []string{"concept"}
	}
	return out
}
