package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/readings"
)

// PlainModes are the hidden `citebot bench` modes that run plain Bleve in
// a process of its own, for the whole-process figures:
//
//	plain-build --corpus DIR --index DIR        index the corpus
//	plain-ask   --corpus DIR --index DIR QUESTION  answer one question
//	plain-batch --corpus DIR --index DIR [--top N] [--no-text]
//	            answer each line of stdin with one JSON line; builds the
//	            index first when there is none
//
// Without --corpus they use the built-in readings.
var PlainModes = map[string]bool{"plain-build": true, "plain-ask": true, "plain-batch": true}

// PlainMain runs one of the PlainModes.
func PlainMain(ctx context.Context, mode string, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench "+mode, flag.ContinueOnError)
	fs.SetOutput(stderr)
	corpusDir := fs.String("corpus", "", "corpus folder (default: the built-in readings)")
	indexDir := fs.String("index", "", "plain Bleve index folder")
	top := fs.Int("top", 3, "results per question")
	noText := fs.Bool("no-text", false, "do not load the stored passage text")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *indexDir == "" {
		return fmt.Errorf("%w: bench %s needs --index", errUsage, mode)
	}
	load := func() (*corpus.Corpus, error) {
		if *corpusDir == "" {
			return corpus.Load(readings.FS)
		}
		return corpus.LoadDir(*corpusDir)
	}
	var p *Plain
	if _, err := os.Stat(filepath.Join(*indexDir, "index_meta.json")); err == nil && mode != "plain-build" {
		if p, err = OpenPlain(*indexDir); err != nil {
			return err
		}
	} else {
		c, err := load()
		if err != nil {
			return err
		}
		if p, err = BuildPlain(ctx, *indexDir, c, nil); err != nil {
			return err
		}
	}
	defer p.Close()

	bw := bufio.NewWriter(stdout)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	answer := func(q string) error {
		hits, err := p.Ask(ctx, q, *top, !*noText)
		if err != nil {
			return err
		}
		status := "answered"
		if len(hits) == 0 {
			status = "not_found"
		}
		if err := enc.Encode(struct {
			Question string     `json:"question"`
			Status   string     `json:"status"`
			Results  []PlainHit `json:"results"`
		}{q, status, hits}); err != nil {
			return err
		}
		return bw.Flush()
	}
	switch mode {
	case "plain-build":
		return nil
	case "plain-ask":
		if fs.NArg() == 0 {
			return fmt.Errorf("%w: bench plain-ask needs a question", errUsage)
		}
		return answer(fs.Arg(0))
	case "plain-batch":
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
		return sc.Err()
	}
	return fmt.Errorf("%w: unknown bench mode %q", errUsage, mode)
}
