package cli

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/citebot/citebot/handlers"
	"golang.org/x/term"
)

// jsonAnswer is one line of `ask --json`: the stable contract tools and
// the evaluation rely on (see the README).
type jsonAnswer struct {
	Question    string          `json:"question"`
	Status      handlers.Status `json:"status"`
	Results     []jsonResult    `json:"results"`
	Suggestions []string        `json:"suggestions,omitempty"`
	Unmentioned string          `json:"unmentioned,omitempty"`
	// Closest is, with not_found, the passage nearest the question: not
	// an answer, a place to look.
	Closest       *jsonResult       `json:"closest,omitempty"`
	OtherLanguage bool              `json:"other_language,omitempty"`
	Concept       *handlers.Concept `json:"concept,omitempty"`
}

type jsonResult struct {
	Doc       string  `json:"doc"`
	Title     string  `json:"title"`
	Section   string  `json:"section"`
	Paragraph int     `json:"paragraph"`
	Page      int     `json:"page,omitempty"`     // PDF only: the 1-based page where the passage starts
	PageEnd   int     `json:"page_end,omitempty"` // PDF only: where it ends, equal to page on one page
	Ref       string  `json:"ref"`
	Citation  string  `json:"citation"`
	PassageID string  `json:"passage_id"`
	Excerpt   string  `json:"excerpt"`
	Passage   string  `json:"passage"`
	Score     float64 `json:"score"`
}

func toJSON(a handlers.Answer) jsonAnswer {
	out := jsonAnswer{Question: a.Question, Status: a.Status, Results: []jsonResult{},
		Suggestions: a.Suggestions, Unmentioned: a.Unmentioned, Concept: a.Concept}
	for _, r := range a.Results {
		out.Results = append(out.Results, toJSONResult(r))
	}
	if a.Closest != nil {
		c := toJSONResult(*a.Closest)
		out.Closest = &c
	}
	out.OtherLanguage = a.OtherLanguage
	return out
}

func toJSONResult(r handlers.Result) jsonResult {
	return jsonResult{
		Doc: r.Doc.ID, Title: r.Doc.Title, Section: r.Passage.Heading, Paragraph: r.Passage.Paragraph,
		Page: r.Passage.Page, PageEnd: r.Passage.PageEnd,
		Ref: r.Passage.Ref(), Citation: r.Citation(), PassageID: r.Passage.ID,
		Excerpt: r.Excerpt, Passage: r.Passage.Text, Score: r.Score,
	}
}

// runAsk answers the question in its arguments, or each line of stdin when
// there is none: for a person, or as one JSON object per line.
func runAsk(ctx context.Context, cfg config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "write one JSON object per question (see README)")
	top := fs.Int("top", handlers.DefaultTop, fmt.Sprintf("how many cited passages, 1 to %d", handlers.MaxTop))
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *top < 1 || *top > handlers.MaxTop {
		return usageError{fmt.Sprintf("--top %d: want 1 to %d", *top, handlers.MaxTop)}
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()

	bw := bufio.NewWriter(stdout)
	defer bw.Flush()
	style := styleMarkdown
	if isTerminal(stdout) {
		style = styleANSI
	}
	render := askRenderer(a.svc, *top, *asJSON, style)
	if fs.NArg() > 0 {
		if err := render(ctx, bw, strings.Join(fs.Args(), " ")); err != nil {
			return err
		}
		return bw.Flush()
	}
	workers := runtime.GOMAXPROCS(0)
	return answerLines(ctx, stdin, bw, batchOptions{Workers: workers, Window: 4 * workers}, render)
}

// askRenderer returns what answers one question of `ask` into w: one JSON
// line, or the answer for a person in the given style. It is safe for
// concurrent use, as svc is.
func askRenderer(svc *handlers.Service, top int, asJSON bool, style textStyle) func(ctx context.Context, w io.Writer, q string) error {
	return func(ctx context.Context, w io.Writer, q string) error {
		ans, err := svc.Ask(ctx, q, handlers.AskOptions{Top: top})
		if err != nil {
			return err
		}
		if asJSON {
			return newJSONEncoder(w, false).Encode(toJSON(ans))
		}
		return writeAnswer(w, ans, style)
	}
}

// batchOptions bound a batch of questions answered from stdin.
type batchOptions struct {
	// Workers is how many questions are answered at once.
	Workers int
	// Window is how many questions may be read ahead of the last answer
	// written, counting those being answered: it bounds the memory a long
	// batch holds.
	Window int
}

// batchItem is one line of a batch: its rendered answer once a worker has
// it, or why there is none.
type batchItem struct {
	q    string
	out  *bytes.Buffer
	err  error
	done chan struct{} // closed when out or err is set
}

// answerLines answers each line of in with render, Workers lines at once,
// and writes the answers to w strictly in the order of the lines. The
// first line whose answer fails (or the reading of in, or ctx) ends the
// batch: the answers before it are written, none after, and its error is
// returned. w is flushed whenever the next answer is not ready yet, so
// that whoever feeds in one line at a time gets each answer at once.
func answerLines(ctx context.Context, in io.Reader, w *bufio.Writer, opts batchOptions,
	render func(ctx context.Context, w io.Writer, q string) error) error {
	workers, window := max(opts.Workers, 1), max(opts.Window, opts.Workers, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }}

	// The reader queues each line twice: in order, for the writer, and as
	// work. order's capacity is the window: the reader waits while the
	// writer is that far behind. stopped, set before order is closed, is
	// why the reader stopped before the end of in.
	order := make(chan *batchItem, window)
	jobs := make(chan *batchItem, window)
	var stopped error
	go func() {
		defer close(order)
		defer close(jobs)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		queue := func(it *batchItem) bool {
			select {
			case order <- it:
			case <-ctx.Done():
				return false
			}
			select {
			case jobs <- it:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for sc.Scan() {
			if ctx.Err() != nil || !queue(&batchItem{q: sc.Text(), done: make(chan struct{})}) {
				stopped = ctx.Err()
				return
			}
		}
		if err := sc.Err(); err != nil {
			stopped = fmt.Errorf("read questions: %w", err)
		}
	}()

	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel() // before the wait: the workers stop once the writer does
	for range workers {
		wg.Go(func() {
			for {
				var it *batchItem
				select {
				case it = <-jobs:
				case <-ctx.Done():
					return
				}
				if it == nil {
					return
				}
				buf := bufs.Get().(*bytes.Buffer)
				buf.Reset()
				if err := render(ctx, buf, it.q); err != nil {
					bufs.Put(buf)
					it.err = err
				} else {
					it.out = buf
				}
				close(it.done)
			}
		})
	}

	for {
		it, ok, err := receiveFlushing(w, order)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		// An answer that is ready is written even when ctx is done.
		select {
		case <-it.done:
		default:
			if err := w.Flush(); err != nil {
				return err
			}
			select {
			case <-it.done:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if it.err != nil {
			return it.err
		}
		_, err = w.Write(it.out.Bytes())
		bufs.Put(it.out)
		if err != nil {
			return err
		}
	}
	if stopped != nil {
		return stopped
	}
	return w.Flush()
}

// receiveFlushing receives from c, flushing w first when nothing is there
// yet, so that what is written does not wait in w while c is empty.
func receiveFlushing[T any](w *bufio.Writer, c <-chan T) (T, bool, error) {
	select {
	case v, ok := <-c:
		return v, ok, nil
	default:
	}
	if err := w.Flush(); err != nil {
		var zero T
		return zero, false, err
	}
	v, ok := <-c
	return v, ok, nil
}

// isTerminal reports whether f is an interactive terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}
