package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

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
	enc := newJSONEncoder(bw, false)
	style := styleMarkdown
	if isTerminal(stdout) {
		style = styleANSI
	}
	answer := func(q string) error {
		ans, err := a.svc.Ask(ctx, q, handlers.AskOptions{Top: *top})
		if err != nil {
			return err
		}
		if *asJSON {
			if err := enc.Encode(toJSON(ans)); err != nil {
				return err
			}
		} else if err := writeAnswer(bw, ans, style); err != nil {
			return err
		}
		return bw.Flush()
	}
	if fs.NArg() > 0 {
		return answer(strings.Join(fs.Args(), " "))
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := answer(sc.Text()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	return nil
}

// isTerminal reports whether f is an interactive terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}
