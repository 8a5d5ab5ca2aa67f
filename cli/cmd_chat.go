package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/citebot/citebot/handlers"
	"golang.org/x/term"
)

const chatHelp = `Ask a question about the readings in your own words, e.g.
  What is wedging?
  Why hasn't China provided weapons to Russia?
Other things I understand:
  more           more passages for the last question, while they answer it
  sources        list the readings I answer from
  help           this text (also "?")
  quit           leave (also "exit", "bye", Ctrl-D or Ctrl-C)
A leading "/" is fine ("/more", "/ask What is wedging?"). The arrow keys
edit the line and go back through earlier questions.
`

// chatTop is how many passages the chat asks for, to page through with
// "more".
const chatTop = 12

// moreScoreShare is the share of the best passage's score a further
// passage needs to be shown by "more": below it, the passages no longer
// answer the question, they only share a word with it.
const moreScoreShare = 0.6

// lineReader reads the chat's lines: from a terminal with line editing and
// history, else from a pipe.
type lineReader interface {
	ReadLine() (string, error)
}

// scanReader reads lines from a pipe or a file.
type scanReader struct{ sc *bufio.Scanner }

func (r scanReader) ReadLine() (string, error) {
	if r.sc.Scan() {
		return r.sc.Text(), nil
	}
	if err := r.sc.Err(); err != nil {
		return "", err
	}
	return "", io.EOF
}

// runChat is a local chat over the readings: one question per line, an
// answer after each. On a terminal it greets, prompts, edits the line and
// keeps a history (golang.org/x/term), and wraps answers to the
// terminal's width; from a pipe it only answers.
func runChat(ctx context.Context, cfg config, _ []string, stdin io.Reader, stdout, stderr io.Writer) error {
	inFile, _ := stdin.(*os.File)
	outFile, _ := stdout.(*os.File)
	interactive := isTerminal(stdin) && isTerminal(stdout)
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	style := styleMarkdown
	var lines lineReader = scanReader{newLineScanner(stdin)}
	out := stdout
	width := func() int { return defaultWidth }
	if interactive {
		style = styleANSI
		old, err := term.MakeRaw(int(inFile.Fd()))
		if err != nil {
			return fmt.Errorf("chat: terminal: %w", err)
		}
		defer term.Restore(int(inFile.Fd()), old)
		t := term.NewTerminal(struct {
			io.Reader
			io.Writer
		}{stdin, stdout}, "› ")
		lines, out = t, t
		width = func() int {
			w, h, err := term.GetSize(int(outFile.Fd()))
			if err != nil || w <= 0 {
				return defaultWidth
			}
			_ = t.SetSize(w, h)
			return min(w-1, 100)
		}
		src, err := a.svc.Sources(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "citebot — answering from %d reading(s). Type a question, \"help\", or \"quit\".\n\n", len(src.Documents))
	}
	var last []handlers.Result // the last answer's passages that "more" pages through
	var lastAnswer handlers.Answer
	shown := 0
	for {
		width() // follow the terminal's size before the prompt is drawn
		line, err := lines.ReadLine()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		line = strings.TrimSpace(line)
		cmd := strings.ToLower(strings.TrimPrefix(line, "/"))
		switch cmd {
		case "":
			continue
		case "quit", "exit", "bye", "q":
			return nil
		case "help", "?", "commands":
			fmt.Fprint(out, chatHelp)
		case "sources":
			if err := writeSources(ctx, a, out); err != nil {
				return err
			}
		case "more", "next":
			if shown >= len(last) {
				if len(last) == 0 {
					fmt.Fprintln(out, "Ask a question first; \"more\" then shows further passages for it.")
				} else {
					fmt.Fprintln(out, "No more passages that answer that question.")
				}
				break
			}
			page := lastAnswer
			page.Results, page.Concept = last[shown:min(shown+pageSize, len(last))], nil
			if err := writeAnswerAt(out, page, style, answerView{width: width(), first: shown + 1}); err != nil {
				return err
			}
			shown += len(page.Results)
		default:
			q := line
			if rest, ok := strings.CutPrefix(cmd, "ask "); ok {
				q = strings.TrimSpace(line[len(line)-len(rest):])
			}
			q, _ = handlers.FollowUp(lastAnswer.Question, q) // "why?", "what about Europe?"
			ans, err := a.svc.Ask(ctx, q, handlers.AskOptions{Top: chatTop})
			if err != nil {
				fmt.Fprintln(out, "Sorry, something went wrong searching the readings:", err)
				break
			}
			lastAnswer, last = ans, answering(ans)
			shown = min(pageSize, len(last))
			view := ans
			view.Results = last[:shown]
			if err := writeAnswerAt(out, view, style, answerView{width: width(), first: 1}); err != nil {
				return err
			}
		}
		if interactive {
			fmt.Fprintln(out)
		}
	}
}

// answering returns the passages of an answer that "more" may show: not
// those the concept card quotes, and none whose score falls below
// moreScoreShare of the best one's, where the passages stop answering.
func answering(a handlers.Answer) []handlers.Result {
	if a.Status != handlers.StatusAnswered {
		return nil
	}
	rs := withoutCardPassages(a.Results, a.Concept)
	for i, r := range rs {
		if i > 0 && r.Score < moreScoreShare*rs[0].Score {
			return rs[:i]
		}
	}
	return rs
}

func newLineScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	return sc
}
