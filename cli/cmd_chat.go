package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/citebot/citebot/handlers"
)

const chatHelp = `Ask a question about the readings in your own words, e.g.
  What is wedging?
  Why hasn't China provided weapons to Russia?
Other things I understand:
  sources        list the readings I answer from
  more           more passages for the last question
  help           this text
  quit           leave (or Ctrl-D)
`

// runChat is a local chat over the readings: one question per line, an
// answer after each. On a terminal it greets and prompts; from a pipe it
// only answers.
func runChat(ctx context.Context, cfg config, _ []string, stdin io.Reader, stdout, stderr io.Writer) error {
	interactive := isTerminal(stdin) && isTerminal(stdout)
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	style := styleMarkdown
	if interactive {
		style = styleANSI
		src, err := a.svc.Sources(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "citebot — answering from %d reading(s). Type a question, \"help\", or \"quit\".\n", len(src.Documents))
	}
	prompt := func() {
		if interactive {
			fmt.Fprint(stdout, "\n› ")
		}
	}
	var last handlers.Answer
	shown := 0
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	prompt()
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return nil
		}
		line := strings.TrimSpace(sc.Text())
		switch strings.ToLower(strings.TrimPrefix(line, "/")) {
		case "":
			prompt()
			continue
		case "quit", "exit", "bye":
			return nil
		case "help", "?":
			fmt.Fprint(stdout, chatHelp)
		case "sources":
			if err := writeSources(ctx, a, stdout); err != nil {
				return err
			}
		case "more":
			if shown >= len(last.Results) {
				fmt.Fprintln(stdout, "No more passages for that question.")
				break
			}
			more := last
			more.Results = last.Results[shown:min(shown+3, len(last.Results))]
			more.Concept = nil
			shown += len(more.Results)
			if err := writeAnswer(stdout, more, style); err != nil {
				return err
			}
		default:
			q := strings.TrimPrefix(line, "/ask ")
			q, _ = handlers.FollowUp(last.Question, q) // "why?", "what about Europe?"
			ans, err := a.svc.Ask(ctx, q, handlers.AskOptions{Top: 12})
			if err != nil {
				fmt.Fprintln(stdout, "Sorry, something went wrong searching the readings:", err)
				break
			}
			last, shown = ans, min(3, len(ans.Results))
			view := ans
			view.Results = ans.Results[:shown]
			if err := writeAnswer(stdout, view, style); err != nil {
				return err
			}
		}
		prompt()
	}
	if interactive {
		fmt.Fprintln(stdout)
	}
	return sc.Err()
}
