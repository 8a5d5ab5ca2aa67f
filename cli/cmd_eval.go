package cli

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"strings"

	"github.com/citebot/citebot/eval"
)

// defaultQuestions is the essay's development question set, shipped with
// the repository.
const defaultQuestions = "testdata/eval/dev-questions.jsonl"

// runEval scores the `ask --json` path on question sets and public test
// collections and prints each figure next to its target. It exits non-zero
// when a target is missed, unless --no-fail.
func runEval(ctx context.Context, _ config, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", os.Getenv("CITEBOT_EVAL_DATA"), "folder of the test collections (Cranfield, CISI, SQuAD; env CITEBOT_EVAL_DATA)")
	var questions multiFlag
	fs.Var(&questions, "questions", "essay question file (JSONL); repeatable (default "+defaultQuestions+")")
	sets := fs.String("sets", "", "which sets, comma-separated: essay, cranfield, cisi, squad (default: all available)")
	essayCorpus := fs.String("essay-corpus", "", "corpus folder for the essay sets (default: the built-in readings)")
	limit := fs.Int("limit", 0, "score at most N questions per set (0: all)")
	verbose := fs.Bool("v", false, "list the questions that missed")
	workdir := fs.String("workdir", "", "folder for the temporary corpora and indexes (default: system temp)")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	noFail := fs.Bool("no-fail", false, "exit 0 even when a target is missed")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if len(questions) == 0 {
		if _, err := os.Stat(defaultQuestions); err == nil {
			questions = append(questions, defaultQuestions)
		}
	}
	var which []string
	if *sets != "" {
		which = strings.Split(*sets, ",")
	}
	// The bot runs in-process, exactly as `citebot ask --json` would, with
	// no environment or .env so that nothing but the flags picks the corpus.
	runner := func(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
		return Run(ctx, append([]string{"--env-file", ""}, args...), func(string) string { return "" }, in, out, stderr)
	}
	report := stdout
	if *asJSON {
		report = io.Discard
	}
	rep, err := eval.Run(ctx, runner, eval.Options{
		Data: *data, Questions: questions, Corpus: *essayCorpus, Sets: which,
		Limit: *limit, Verbose: *verbose, Workdir: *workdir,
	}, report)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := newJSONEncoder(stdout, true).Encode(rep); err != nil {
			return err
		}
	}
	if !rep.Passed() && !*noFail {
		return errors.New("some figures missed their targets")
	}
	return nil
}

// multiFlag is a flag that may be given several times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
