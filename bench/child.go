package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/eval"
)

// childResult is what a finished child process cost.
type childResult struct {
	Wall time.Duration
	// CPU is the child's user and system time from its rusage: above
	// Wall when it ran on more than one core at once.
	CPU    time.Duration
	MaxRSS int64 // bytes: the largest VmHWM seen while it ran
}

// childEnv is the environment of child processes: this one's, without the
// settings that would point citebot at another corpus, index or Discord.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "CORPUS_DIR", "INDEX_DIR", "DISCORD_TOKEN", "LOG_LEVEL":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// citebotArgs are the arguments of a citebot child for a corpus folder ("":
// the built-in readings) and an index folder.
func citebotArgs(corpusDir, indexDir string, rest ...string) []string {
	args := []string{"--env-file="}
	if corpusDir != "" {
		args = append(args, "--corpus", corpusDir)
	}
	return append(append(args, "--index", indexDir), rest...)
}

// plainArgs are the arguments of a plain-Bleve child mode.
func plainArgs(mode, corpusDir, indexDir string, rest ...string) []string {
	args := []string{"bench", mode}
	if corpusDir != "" {
		args = append(args, "--corpus", corpusDir)
	}
	return append(append(args, "--index", indexDir), rest...)
}

// child runs the citebot binary with args, stdin from the file at in ("":
// none) and stdout discarded, and reports its wall time, CPU time and
// peak RSS.
func (r *runner) child(ctx context.Context, args []string, in string) (childResult, error) {
	return r.childOf(ctx, r.opts.Bin, args, in, "")
}

// childOf runs bin with args, stdin from the file at in ("": none) and
// stdout into the file at out ("": discarded), and reports its wall time,
// CPU time and peak RSS.
func (r *runner) childOf(ctx context.Context, bin string, args []string, in, out string) (childResult, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = childEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			return childResult{}, err
		}
		defer f.Close()
		cmd.Stdin = f
	}
	var stdout *os.File
	var err error
	if out == "" {
		stdout, err = os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	} else {
		stdout, err = os.Create(out)
	}
	if err != nil {
		return childResult{}, err
	}
	defer stdout.Close()
	cmd.Stdout = stdout
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return childResult{}, err
	}
	// The peak RSS is the child's VmHWM, polled while it runs: getrusage's
	// ru_maxrss would count this process's RSS, which a child inherits at
	// fork. VmHWM only grows, so the last reading misses at most the
	// final few milliseconds.
	done := make(chan struct{})
	peak := make(chan int64, 1)
	go func() {
		var hwm int64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			if _, h := ProcStatus(cmd.Process.Pid); h > hwm {
				hwm = h
			}
			select {
			case <-done:
				peak <- hwm
				return
			case <-t.C:
			}
		}
	}()
	err = cmd.Wait()
	wall := time.Since(start)
	close(done)
	hwm := <-peak
	if err != nil {
		return childResult{}, fmt.Errorf("%s %s: %w: %s", filepath.Base(bin), strings.Join(args, " "), err, lastLines(stderr.String(), 5))
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return childResult{Wall: wall, CPU: cpu, MaxRSS: hwm}, nil
}

// serve starts a child that answers one JSON line per question line, asks
// it n questions one after another, and returns its resident set size
// once they are answered: the steady memory of a serving process.
func (r *runner) serve(ctx context.Context, args []string, qs []string, n int) (int64, error) {
	cmd := exec.CommandContext(ctx, r.opts.Bin, args...)
	cmd.Env = childEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return 0, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	br := bufio.NewReaderSize(stdout, 1<<16)
	fail := func(err error) (int64, error) {
		_ = stdin.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return 0, fmt.Errorf("%s %s: %w: %s", filepath.Base(r.opts.Bin), strings.Join(args, " "), err, lastLines(stderr.String(), 5))
	}
	for i := 0; i < n; i++ {
		if _, err := io.WriteString(stdin, qs[i%len(qs)]+"\n"); err != nil {
			return fail(err)
		}
		if _, err := br.ReadBytes('\n'); err != nil {
			return fail(err)
		}
	}
	rss, _ := ProcStatus(cmd.Process.Pid)
	_ = stdin.Close()
	_, _ = io.Copy(io.Discard, br)
	if err := cmd.Wait(); err != nil {
		return 0, fmt.Errorf("%s %s: %w: %s", filepath.Base(r.opts.Bin), strings.Join(args, " "), err, lastLines(stderr.String(), 5))
	}
	return rss, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// children measures what only a separate process shows: the whole-process
// build (parse and index) with its peak RSS, the cold start to a first
// answer with the index built, and the steady RSS while serving.
func (r *runner) children(ctx context.Context, s sizeRun, dir string) error {
	corpusDir := ""
	if s.g != nil {
		corpusDir = filepath.Join(dir, "corpus")
		if err := s.g.WriteDir(corpusDir); err != nil {
			return err
		}
	}
	cbIdx, plIdx := filepath.Join(dir, "child-citebot"), filepath.Join(dir, "child-plain")
	cb, err := r.child(ctx, citebotArgs(corpusDir, cbIdx, "reindex"), "")
	if err != nil {
		return err
	}
	pl, err := r.child(ctx, plainArgs("plain-build", corpusDir, plIdx), "")
	if err != nil {
		return err
	}
	r.logf("%s: whole-process build %s, peak RSS %.0f MB (plain %s, %.0f MB)", s.name,
		cb.Wall.Round(time.Millisecond), mb(cb.MaxRSS), pl.Wall.Round(time.Millisecond), mb(pl.MaxRSS))
	build := Row{Corpus: s.name, Figure: "build, whole process (read + parse + index)", Unit: "s",
		Citebot: cb.Wall.Seconds(), Plain: pl.Wall.Seconds()}
	if s.g != nil {
		build.Target, build.Met = "≤ 30 s", atMost(cb.Wall.Seconds(), 30)
	}
	r.add(build)
	r.add(Row{Corpus: s.name, Figure: "peak RSS during build", Unit: "MB", Citebot: mb(cb.MaxRSS), Plain: mb(pl.MaxRSS)})

	// Cold start: a new process answers one question from the index on
	// disk; alternately citebot and plain Bleve.
	var cbCold, plCold []time.Duration
	for i := 0; i < 7; i++ {
		q := s.questions[i%len(s.questions)]
		c, err := r.child(ctx, citebotArgs(corpusDir, cbIdx, "ask", "--json", q), "")
		if err != nil {
			return err
		}
		p, err := r.child(ctx, plainArgs("plain-ask", corpusDir, plIdx, q), "")
		if err != nil {
			return err
		}
		cbCold, plCold = append(cbCold, c.Wall), append(plCold, p.Wall)
	}
	cc, pc := Summarize(cbCold), Summarize(plCold)
	r.logf("%s: cold start %s (plain %s)", s.name, cc.P50.Round(time.Millisecond), pc.P50.Round(time.Millisecond))
	r.add(Row{Corpus: s.name, Figure: "cold start to first answer (median of 7)", Unit: "ms",
		Citebot: ms(cc.P50), Plain: ms(pc.P50), Target: "≤ 300 ms", Met: atMost(ms(cc.P50), 300)})

	n := 500
	cbRSS, err := r.serve(ctx, citebotArgs(corpusDir, cbIdx, "ask", "--json", "--top", "3"), s.questions, n)
	if err != nil {
		return err
	}
	plRSS, err := r.serve(ctx, plainArgs("plain-batch", corpusDir, plIdx, "--top", "3"), s.questions, n)
	if err != nil {
		return err
	}
	r.logf("%s: steady RSS %.0f MB (plain %.0f MB)", s.name, mb(cbRSS), mb(plRSS))
	r.add(Row{Corpus: s.name, Figure: fmt.Sprintf("steady RSS serving (after %d asks)", n), Unit: "MB",
		Citebot: mb(cbRSS), Plain: mb(plRSS), Target: "≤ 300 MB", Met: atMost(mb(cbRSS), 300)})
	_ = os.RemoveAll(cbIdx)
	_ = os.RemoveAll(plIdx)
	return nil
}

func mb(b int64) float64 { return float64(b) / 1e6 }

// SQuADFile is where the SQuAD development set lies in the eval data.
const SQuADFile = "squad-v1.1-dev/articles.jsonl"

// squad times the whole-process SQuAD batch: a new process indexes the
// 2,067 paragraphs and answers the 10,570 questions read from stdin with
// the top 100 passages each, citebot (`ask --json --top 100`) against the
// plain-Bleve batch mode.
func (r *runner) squad(ctx context.Context) error {
	path := filepath.Join(r.opts.EvalData, filepath.FromSlash(SQuADFile))
	if _, err := os.Stat(path); err != nil {
		r.add(Row{Corpus: "squad", Figure: "SQuAD batch, whole process", Unit: "s",
			Note: "skipped: no " + SQuADFile + " in " + r.opts.EvalData})
		return nil
	}
	sq, err := eval.LoadSQuAD(path)
	if err != nil {
		return err
	}
	dir := filepath.Join(r.tmp, "squad")
	corpusDir := filepath.Join(dir, "corpus")
	if err := eval.WriteCollectionCorpus(corpusDir, sq.Docs()); err != nil {
		return err
	}
	var qs strings.Builder
	for _, a := range sq.Articles {
		for _, q := range a.Questions {
			qs.WriteString(strings.Join(strings.Fields(q.Question), " "))
			qs.WriteByte('\n')
		}
	}
	qfile := filepath.Join(dir, "questions.txt")
	if err := os.WriteFile(qfile, []byte(qs.String()), 0o644); err != nil {
		return err
	}
	r.logf("squad: %d paragraphs, %d questions; plain Bleve batch…", sq.Paragraphs(), sq.Questions())
	pl, err := r.child(ctx, plainArgs("plain-batch", corpusDir, filepath.Join(dir, "plain-idx"), "--top", "100"), qfile)
	if err != nil {
		return err
	}
	r.logf("squad: plain %s; citebot batch…", pl.Wall.Round(time.Millisecond))
	cb, err := r.child(ctx, citebotArgs(corpusDir, filepath.Join(dir, "citebot-idx"), "ask", "--json", "--top", "100"), qfile)
	if err != nil {
		return err
	}
	r.logf("squad: citebot %s", cb.Wall.Round(time.Millisecond))
	row := Row{Corpus: "squad", Unit: "s", Citebot: cb.Wall.Seconds(), Plain: pl.Wall.Seconds(), Target: "≤ 2× plain",
		Figure: fmt.Sprintf("SQuAD batch, whole process (%d paragraphs, %d questions, top 100)", sq.Paragraphs(), sq.Questions())}
	row.Met = atMost(row.Citebot, 2*row.Plain)
	r.add(row)
	r.add(cpuRow("top 100", cb, pl, ""))
	r.add(Row{Corpus: "squad", Figure: "SQuAD batch peak RSS", Unit: "MB", Citebot: mb(cb.MaxRSS), Plain: mb(pl.MaxRSS)})
	if err := r.squadTop10(ctx, squadRun{dir: dir, corpusDir: corpusDir, questionsFile: qfile,
		paragraphs: sq.Paragraphs(), questions: sq.Questions()}); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}

// cpuRow is the CPU time (user + sys) of a SQuAD batch beside its wall
// time row: citebot answers a batch on every core, the baselines on one,
// so its wall time alone would hide what the answers cost.
func cpuRow(what string, cb, base childResult, baseline string) Row {
	return Row{Corpus: "squad", Unit: "s", Baseline: baseline, Citebot: cb.CPU.Seconds(), Plain: base.CPU.Seconds(),
		Figure: fmt.Sprintf("SQuAD batch CPU time, user + sys (%s; citebot answers on %d cores)", what, runtime.GOMAXPROCS(0))}
}

// squadRun is the SQuAD batch's data as the children read it.
type squadRun struct {
	dir           string // working folder
	corpusDir     string // the paragraphs as Markdown readings
	questionsFile string // one question a line
	paragraphs    int
	questions     int
}

// squadTop10 times the SQuAD batch with the top 10 passages each: citebot
// (`ask --json --top 10`) against plain Bleve, and against
// wink-bm25-text-search when node is there.
func (r *runner) squadTop10(ctx context.Context, s squadRun) error {
	const top = "10"
	r.logf("squad: top 10: plain Bleve batch…")
	pl, err := r.child(ctx, plainArgs("plain-batch", s.corpusDir, filepath.Join(s.dir, "plain-idx-10"), "--top", top), s.questionsFile)
	if err != nil {
		return err
	}
	r.logf("squad: top 10: plain %s; citebot batch…", pl.Wall.Round(time.Millisecond))
	cb, err := r.child(ctx, citebotArgs(s.corpusDir, filepath.Join(s.dir, "citebot-idx-10"), "ask", "--json", "--top", top), s.questionsFile)
	if err != nil {
		return err
	}
	r.logf("squad: top 10: citebot %s", cb.Wall.Round(time.Millisecond))
	r.add(Row{Corpus: "squad", Unit: "s", Citebot: cb.Wall.Seconds(), Plain: pl.Wall.Seconds(),
		Figure: fmt.Sprintf("SQuAD batch, whole process (%d paragraphs, %d questions, top 10)", s.paragraphs, s.questions)})
	r.add(cpuRow("top 10", cb, pl, ""))
	r.winkBaseline(ctx, s, cb)
	return nil
}

// winkFigure names the wink-bm25 rows.
const winkFigure = "SQuAD batch, whole process, top 10, vs wink-bm25"

// winkBaseline times wink-bm25-text-search on the SQuAD batch as one node
// process (index the paragraphs, answer every question from stdin, top 10)
// against citebot's batch cb. Whatever keeps it from running here (no
// node, a failed install, a failed run) becomes a note in the report
// rather than an error.
func (r *runner) winkBaseline(ctx context.Context, s squadRun, cb childResult) {
	skip := func(reason string) {
		r.logf("squad: wink-bm25: skipped (%s)", reason)
		r.add(Row{Corpus: "squad", Figure: winkFigure, Unit: "s", Baseline: "wink-bm25",
			Note: "wink-bm25: skipped (" + reason + ")"})
	}
	if r.opts.NoWink {
		skip("--no-wink")
		return
	}
	dir := r.opts.WinkDir
	if dir == "" {
		d, err := DefaultWinkDir()
		if err != nil {
			skip(strings.TrimPrefix(err.Error(), ErrWinkUnavailable.Error()+": "))
			return
		}
		dir = d
	}
	r.logf("squad: wink-bm25: setting up in %s…", dir)
	w, err := SetupWink(ctx, dir)
	if err != nil {
		skip(strings.TrimPrefix(err.Error(), ErrWinkUnavailable.Error()+": "))
		return
	}
	c, err := corpus.LoadDir(s.corpusDir)
	if err != nil {
		skip(fmt.Sprintf("reading the corpus: %v", err))
		return
	}
	passages := filepath.Join(s.dir, "wink-passages.jsonl")
	if err := WriteWinkPassages(passages, c); err != nil {
		skip(fmt.Sprintf("writing the passages: %v", err))
		return
	}
	r.logf("squad: wink-bm25 %s on node %s batch…", WinkBM25Version, w.NodeVersion)
	out := filepath.Join(s.dir, "wink-out.jsonl")
	wk, err := r.childOf(ctx, w.Node, w.Args(passages, 10), s.questionsFile, out)
	if err != nil {
		skip(fmt.Sprintf("the runner failed: %v", err))
		return
	}
	if err := checkWinkOutput(out, s.questions); err != nil {
		skip(err.Error())
		return
	}
	r.logf("squad: wink-bm25 %s", wk.Wall.Round(time.Millisecond))
	who := fmt.Sprintf(" (wink-bm25-text-search %s, wink-nlp-utils %s, node %s)", WinkBM25Version, WinkNLPUtilsVersion, w.NodeVersion)
	row := Row{Corpus: "squad", Figure: winkFigure + who, Unit: "s", Baseline: "wink-bm25",
		Citebot: cb.Wall.Seconds(), Plain: wk.Wall.Seconds(), Target: "< wink-bm25"}
	faster := row.Citebot < row.Plain
	row.Met = &faster
	r.add(row)
	r.add(cpuRow("top 10, vs wink-bm25", cb, wk, "wink-bm25"))
	r.add(Row{Corpus: "squad", Figure: "SQuAD batch peak RSS, top 10, vs wink-bm25", Unit: "MB", Baseline: "wink-bm25",
		Citebot: mb(cb.MaxRSS), Plain: mb(wk.MaxRSS)})
}

// checkWinkOutput checks that the runner answered every question.
func checkWinkOutput(path string, questions int) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	answers, err := ParseWinkOutput(f)
	if err != nil {
		return err
	}
	if len(answers) != questions {
		return fmt.Errorf("the runner answered %d of %d questions", len(answers), questions)
	}
	return nil
}

// errUsage marks a mistake in how a bench mode was called.
var errUsage = errors.New("usage")
