package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// numberedLines is an input of n lines, "q0" to "q<n-1>", made as it is
// read, so that a long input takes no memory of its own.
type numberedLines struct {
	n, next int
	pending []byte
	err     error // returned after the last line
}

func (r *numberedLines) Read(p []byte) (int, error) {
	for len(r.pending) == 0 {
		if r.next == r.n {
			if r.err != nil {
				return 0, r.err
			}
			return 0, io.EOF
		}
		r.pending = fmt.Appendf(nil, "q%d\n", r.next)
		r.next++
	}
	n := copy(p, r.pending)
	r.pending = r.pending[n:]
	return n, nil
}

// lineNumber is the number of a line "q<n>".
func lineNumber(t *testing.T, q string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(q, "q"))
	if err != nil {
		t.Errorf("line %q: %v", q, err)
	}
	return n
}

// wantLines is the output of echoing lines q0 to q<n-1>, one a line.
func wantLines(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "answer to q%d\n", i)
	}
	return b.String()
}

// echo answers a line with "answer to <line>", yielding first a number of
// times that differs from line to line, so that the workers finish out of
// order.
func echo(t *testing.T) func(context.Context, io.Writer, string) error {
	return func(_ context.Context, w io.Writer, q string) error {
		for range (lineNumber(t, q) * 7) % 13 {
			runtime.Gosched()
		}
		_, err := fmt.Fprintf(w, "answer to %s\n", q)
		return err
	}
}

func TestAnswerLinesInOrder(t *testing.T) {
	const n = 3000
	var out bytes.Buffer
	bw := bufio.NewWriter(&out)
	err := answerLines(context.Background(), &numberedLines{n: n}, bw, batchOptions{Workers: 8, Window: 5}, echo(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != wantLines(n) {
		t.Errorf("answers out of order or missing: %d bytes, want %d", len(got), len(wantLines(n)))
	}
}

// countingWriter counts the lines written to it.
type countingWriter struct{ lines atomic.Int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.lines.Add(int64(bytes.Count(p, []byte("\n"))))
	return len(p), nil
}

// TestAnswerLinesBoundedWindow checks that a long input is read no faster
// than it is answered: when a line is answered, every line more than the
// window before it has been written.
func TestAnswerLinesBoundedWindow(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	const workers, window = 4, 8
	var cw countingWriter
	bw := bufio.NewWriterSize(&cw, 16) // at most two short lines wait in it
	var worst atomic.Int64
	render := func(_ context.Context, w io.Writer, q string) error {
		ahead := int64(lineNumber(t, q)) - cw.lines.Load()
		if ahead > worst.Load() {
			worst.Store(ahead) // racy maximum, but any excess is seen by some worker
		}
		_, err := fmt.Fprintln(w, q)
		return err
	}
	if err := answerLines(context.Background(), &numberedLines{n: n}, bw, batchOptions{Workers: workers, Window: window}, render); err != nil {
		t.Fatal(err)
	}
	if got := cw.lines.Load(); got != int64(n) {
		t.Fatalf("%d lines written, want %d", got, n)
	}
	// The line answered can be ahead of the written ones by the window,
	// the one the writer waits for, the one the reader holds, and the two
	// short lines in bw.
	if limit := int64(window + 4); worst.Load() > limit {
		t.Errorf("a line was answered %d lines ahead of the output, want at most %d", worst.Load(), limit)
	}
}

func TestAnswerLinesStopsAtFirstError(t *testing.T) {
	const n, bad = 2000, 700
	errBad := errors.New("index failure")
	var calls atomic.Int64
	render := func(ctx context.Context, w io.Writer, q string) error {
		calls.Add(1)
		if i := lineNumber(t, q); i == bad || i == bad+3 {
			return fmt.Errorf("line %d: %w", i, errBad)
		}
		return echo(t)(ctx, w, q)
	}
	var out bytes.Buffer
	bw := bufio.NewWriter(&out)
	err := answerLines(context.Background(), &numberedLines{n: n}, bw, batchOptions{Workers: 6, Window: 10}, render)
	if !errors.Is(err, errBad) || !strings.HasPrefix(err.Error(), fmt.Sprintf("line %d:", bad)) {
		t.Fatalf("error %v, want the one of line %d", err, bad)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != wantLines(bad) {
		t.Errorf("want exactly the %d answers before the failing line, got %d lines", bad, strings.Count(got, "\n"))
	}
	if c := calls.Load(); c == n {
		t.Errorf("all %d lines answered after line %d failed", c, bad)
	}
}

func TestAnswerLinesReadError(t *testing.T) {
	errRead := errors.New("disk gone")
	var out bytes.Buffer
	bw := bufio.NewWriter(&out)
	err := answerLines(context.Background(), &numberedLines{n: 50, err: errRead}, bw, batchOptions{Workers: 3, Window: 4}, echo(t))
	if !errors.Is(err, errRead) {
		t.Fatalf("error %v, want %v", err, errRead)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != wantLines(50) {
		t.Errorf("want the 50 answers read before the error, got %d lines", strings.Count(got, "\n"))
	}
}

func TestAnswerLinesCancelled(t *testing.T) {
	const n, at = 100_000, 300
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls atomic.Int64
	render := func(ctx context.Context, w io.Writer, q string) error {
		calls.Add(1)
		if lineNumber(t, q) == at {
			cancel()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return echo(t)(ctx, w, q)
	}
	var out bytes.Buffer
	bw := bufio.NewWriter(&out)
	err := answerLines(ctx, &numberedLines{n: n}, bw, batchOptions{Workers: 4, Window: 8}, render)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want %v", err, context.Canceled)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if k := strings.Count(got, "\n"); k > at || got != wantLines(k) {
		t.Errorf("want the answers before line %d in order, got %d lines", at, k)
	}
	if c := calls.Load(); c > at+20 {
		t.Errorf("%d lines answered after the batch was cancelled at line %d", c, at)
	}
}

// essayQuestions are the questions of every question file of the essay.
func essayQuestions(t *testing.T) []string {
	files, err := filepath.Glob("../testdata/eval/*.jsonl")
	if err != nil || len(files) == 0 {
		t.Fatalf("question files: %v (%d)", err, len(files))
	}
	var qs []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var q struct {
				Question string `json:"question"`
			}
			if err := json.Unmarshal([]byte(line), &q); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			qs = append(qs, q.Question)
		}
	}
	return qs
}

// TestAskBatchMatchesOneByOne checks that the essay's questions answered
// as a batch, by several workers at once, come out byte for byte as when
// answered one after another, as JSON and as text.
func TestAskBatchMatchesOneByOne(t *testing.T) {
	qs := essayQuestions(t)
	if testing.Short() {
		qs = qs[:min(len(qs), 120)]
	}
	cfg := config{indexDir: t.TempDir()}
	ctx := context.Background()
	a, err := openApp(ctx, cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			a.Close()
		}
	}()
	input := strings.Join(qs, "\n") + "\n"
	var seqJSON string
	for _, asJSON := range []bool{true, false} {
		render := askRenderer(a.svc, 10, asJSON, styleMarkdown)
		var seq bytes.Buffer
		for _, q := range qs {
			if err := render(ctx, &seq, q); err != nil {
				t.Fatalf("%q: %v", q, err)
			}
		}
		var batch bytes.Buffer
		bw := bufio.NewWriter(&batch)
		if err := answerLines(ctx, strings.NewReader(input), bw, batchOptions{Workers: 8, Window: 3}, render); err != nil {
			t.Fatal(err)
		}
		if err := bw.Flush(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(seq.Bytes(), batch.Bytes()) {
			t.Errorf("json %v: the batch's %d bytes differ from the one-by-one %d bytes (first at %d)",
				asJSON, batch.Len(), seq.Len(), firstDifference(seq.Bytes(), batch.Bytes()))
		}
		if asJSON {
			seqJSON = seq.String()
		}
	}
	if n := strings.Count(seqJSON, "\n"); n != len(qs) {
		t.Fatalf("%d JSON lines for %d questions", n, len(qs))
	}
	// The command reads the same questions from stdin.
	closed = true
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runCLI(t, input, "--index", cfg.indexDir, "ask", "--json", "--top", "10")
	if err != nil {
		t.Fatalf("ask: %v\n%s", err, stderr)
	}
	if out != seqJSON {
		t.Errorf("ask --json from stdin differs from the one-by-one answers (first at %d)",
			firstDifference([]byte(seqJSON), []byte(out)))
	}
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
