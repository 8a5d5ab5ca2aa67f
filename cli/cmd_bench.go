package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/citebot/citebot/bench"
)

// runBench measures citebot against plain Bleve and prints the figures
// with their targets (see bench/README.md):
//
//	citebot bench [--passages 10000,100000] [--eval-data DIR] [--no-wink] [--json|--markdown]
//	citebot bench gen --passages N [--seed S] --out DIR [--questions N]
//
// Hidden modes run plain Bleve in a process of its own for the
// whole-process figures (bench.PlainModes).
func runBench(ctx context.Context, _ config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "gen" {
		return runBenchGen(args[1:], stdout, stderr)
	}
	if len(args) > 0 && bench.PlainModes[args[0]] {
		return bench.PlainMain(ctx, args[0], args[1:], stdin, stdout, stderr)
	}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("passages", "10000,100000", "generated corpus sizes in passages, comma-separated (\"\": the essay only)")
	evalData := fs.String("eval-data", "", "eval-data folder with "+bench.SQuADFile+" for the whole-process SQuAD batch (skipped when empty or missing)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	asMarkdown := fs.Bool("markdown", false, "print the report as a Markdown table")
	seed := fs.Uint64("seed", 1, "seed of the generated text and questions")
	asks := fs.Int("asks", 2000, "questions timed per configuration (halved at 100k passages and more)")
	askers := fs.Int("askers", 8, "concurrent askers")
	bin := fs.String("bin", "", "citebot binary for the child-process figures (default: this program)")
	noChild := fs.Bool("no-child", false, "skip the figures measured in child processes (whole-process build, peak and steady RSS, cold start, SQuAD)")
	noWink := fs.Bool("no-wink", false, "skip the wink-bm25-text-search baseline of the SQuAD batch (it needs node and npm)")
	winkDir := fs.String("wink-dir", "", "folder for the wink-bm25 baseline's npm packages (default: the user cache folder's citebot/wink-bm25)")
	tmp := fs.String("tmp", "", "folder for corpora and indexes (default: a temporary folder, removed afterwards)")
	quiet := fs.Bool("q", false, "no progress lines on stderr")
	saved := fs.String("report", "", "print a report saved with --json instead of measuring")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("bench: unexpected argument %q", fs.Arg(0))}
	}
	opts := bench.Options{Seed: *seed, Asks: *asks, Askers: *askers, EvalData: *evalData, TmpDir: *tmp, Log: stderr,
		NoWink: *noWink, WinkDir: *winkDir}
	if *quiet {
		opts.Log = nil
	}
	for _, s := range strings.Split(*sizes, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := parseCount(s)
		if err != nil || n < 1 {
			return usageError{fmt.Sprintf("bench --passages: %q is not a number of passages", s)}
		}
		opts.Sizes = append(opts.Sizes, n)
	}
	if !*noChild {
		opts.Bin = *bin
		if opts.Bin == "" {
			exe, err := os.Executable()
			// Under go test the executable is the test binary, not citebot.
			if err == nil && !strings.HasSuffix(filepath.Base(exe), ".test") {
				opts.Bin = exe
			}
		}
	}
	var rep bench.Report
	if *saved != "" {
		b, err := os.ReadFile(*saved)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &rep); err != nil {
			return fmt.Errorf("%s: %w", *saved, err)
		}
	} else {
		var err error
		rep, err = bench.Run(ctx, opts)
		rep.Command = "citebot bench " + strings.Join(args, " ")
		if err != nil {
			return err
		}
	}
	switch {
	case *asJSON:
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case *asMarkdown:
		return rep.WriteMarkdown(stdout)
	}
	return rep.WriteTable(stdout)
}

// parseCount reads a count such as 10000, 10k or 1m.
func parseCount(s string) (int, error) {
	mult := 1
	switch {
	case strings.HasSuffix(s, "k"):
		mult, s = 1000, strings.TrimSuffix(s, "k")
	case strings.HasSuffix(s, "m"):
		mult, s = 1000000, strings.TrimSuffix(s, "m")
	}
	n, err := strconv.Atoi(s)
	return n * mult, err
}

// runBenchGen writes a generated corpus folder, and questions about it.
func runBenchGen(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	passages := fs.String("passages", "10000", "passages to generate, title pages included")
	seed := fs.Uint64("seed", 1, "seed: the same seed and size give the same files")
	out := fs.String("out", "", "folder to write the Markdown documents into (required)")
	questions := fs.Int("questions", 0, "also print this many questions about the corpus, one a line")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	n, err := parseCount(*passages)
	if err != nil || n < 1 {
		return usageError{fmt.Sprintf("bench gen --passages: %q is not a number of passages", *passages)}
	}
	if *out == "" {
		return usageError{"bench gen needs --out DIR"}
	}
	g := bench.Generate(bench.GenOptions{Passages: n, Seed: *seed})
	if err := g.WriteDir(*out); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %d documents, %d passages, %.1f MB to %s\n", len(g.Docs), g.Passages, float64(g.Bytes)/1e6, *out)
	if *questions > 0 {
		c, err := g.Corpus()
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(stdout)
		for _, q := range bench.Questions(c, *questions, *seed) {
			fmt.Fprintln(bw, q)
		}
		return bw.Flush()
	}
	return nil
}
