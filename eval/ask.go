package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Runner runs the bot's CLI with args, feeding stdin, and returns what it
// wrote to stdout. The main package passes one that calls its own run
// function in-process; tests pass a fake. A Runner must return once ctx is
// done or a write to stdout fails.
type Runner func(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error

// The statuses an answer of `ask --json` can have.
const (
	StatusAnswered = "answered"
	StatusNotFound = "not_found"
)

// answer is the part of one `ask --json` output line that scoring needs;
// the decoder skips every other field.
type answer struct {
	Question string   `json:"question"`
	Status   string   `json:"status"`
	Results  []result `json:"results"`
}

// result is the part of one cited passage that scoring needs.
type result struct {
	Doc     string `json:"doc"`
	Ref     string `json:"ref"`
	Excerpt string `json:"excerpt"`
	Passage string `json:"passage"`
}

// askArgs builds the command line of `ask --json`: the global flags, then
// the subcommand and its flags. An empty corpus means the built-in one.
func askArgs(corpus, index string, top int) []string {
	var args []string
	if corpus != "" {
		args = append(args, "--corpus", corpus)
	}
	if index != "" {
		args = append(args, "--index", index)
	}
	return append(args, "ask", "--json", "--top", strconv.Itoa(top))
}

// ask runs the bot once with args, writes the questions to its stdin one per
// line (line breaks inside a question become spaces) and decodes its answers
// as they stream out, calling each with the question's index and its
// answer. The answer is only valid during the call. It fails when the bot
// fails, when an output line is not JSON, when an answer echoes a different
// question, or when the number of answers differs from the number of
// questions.
func ask(ctx context.Context, run Runner, args []string, questions []string, each func(i int, a *answer) error) error {
	var in strings.Builder
	sent := make([]string, len(questions))
	for i, q := range questions {
		sent[i] = oneLine(q)
		if sent[i] == "" {
			return fmt.Errorf("question %d is empty", i+1)
		}
		in.WriteString(sent[i])
		in.WriteByte('\n')
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, strings.NewReader(in.String()), pw)
		pw.CloseWithError(err) // nil: the reader sees io.EOF
		done <- err
	}()

	dec := json.NewDecoder(bufio.NewReaderSize(pr, 1<<16))
	n := 0
	var failed error // our own reason to stop reading, not the bot's error
	var readErr error
	for {
		var a answer
		err := dec.Decode(&a)
		if err == io.EOF {
			break
		}
		if err != nil {
			var syn *json.SyntaxError
			var typ *json.UnmarshalTypeError
			if errors.As(err, &syn) || errors.As(err, &typ) {
				failed = fmt.Errorf("answer %d is not the expected JSON: %w", n+1, err)
			} else {
				readErr = err
			}
			break
		}
		if n >= len(questions) {
			failed = fmt.Errorf("the bot wrote more answers than the %d questions asked", len(questions))
			break
		}
		if !sameQuestion(a.Question, sent[n]) {
			failed = fmt.Errorf("answer %d is for question %q, expected %q: the answers are out of step with the questions",
				n+1, a.Question, sent[n])
			break
		}
		if err := each(n, &a); err != nil {
			failed = err
			break
		}
		n++
	}
	if failed != nil || readErr != nil {
		// Stop the bot: cancel it and make its next write fail.
		cancel()
		pr.CloseWithError(errors.New("eval stopped reading"))
	}
	runErr := <-done
	switch {
	case failed != nil:
		return failed
	case runErr != nil:
		return fmt.Errorf("citebot %s: %w", strings.Join(args, " "), runErr)
	case readErr != nil:
		return fmt.Errorf("reading answer %d: %w", n+1, readErr)
	case n != len(questions):
		return fmt.Errorf("the bot wrote %d answers for %d questions", n, len(questions))
	}
	return nil
}

// sameQuestion reports whether the question an answer echoes is the one that
// was sent. The bot may trim or truncate a long question, so only the
// beginning of the two is compared, after normalisation; an answer that
// echoes no question is accepted.
func sameQuestion(echoed, sent string) bool {
	e, s := []rune(Normalize(echoed)), []rune(Normalize(sent))
	if len(e) == 0 {
		return true
	}
	const prefix = 40
	n := min(prefix, len(e), len(s))
	if len(e) < prefix && len(e) < len(s) {
		n = max(0, len(e)-1) // a truncated echo may end in a broken character
	}
	return string(e[:n]) == string(s[:n])
}
