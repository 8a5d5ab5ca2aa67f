package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/conceptmap"
	"github.com/citebot/citebot/handlers"
)

// runConcepts lists the glossary's concepts by group with how many
// passages mention each, or with --map FILE draws the concept map as a
// PNG image ("-" writes it to stdout). Problems in the glossary are
// reported on stderr.
func runConcepts(ctx context.Context, cfg config, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("concepts", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "write the list as a JSON array")
	mapFile := fs.String("map", "", "draw the concept map as a PNG image into `FILE` (- for stdout)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("concepts: unexpected argument %q", fs.Arg(0))}
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	for _, p := range a.svc.GlossaryProblems() {
		fmt.Fprintln(stderr, p.String())
	}
	if *mapFile != "" {
		return writeConceptMap(ctx, a.svc, *mapFile, stdout)
	}
	list, err := a.svc.Concepts(ctx)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(stdout)
	defer bw.Flush()
	if *asJSON {
		enc := newJSONEncoder(bw, true)
		if list == nil {
			list = []handlers.ConceptSummary{}
		}
		return enc.Encode(list)
	}
	return writeConcepts(bw, list)
}

// writeConceptMap draws the concept map into the file named path, or to
// stdout for "-".
func writeConceptMap(ctx context.Context, svc *handlers.Service, path string, stdout io.Writer) error {
	png, err := svc.ConceptMap(ctx)
	if err != nil {
		return err
	}
	if len(png) == 0 {
		return errors.New("no concept map: the readings have no " + handlers.GlossaryFile + " naming concepts")
	}
	if path == "-" {
		_, err := stdout.Write(png)
		return err
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return fmt.Errorf("write the concept map: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "Wrote the concept map to %s (%d×%d PNG).\n", path, conceptmap.Width, conceptmap.Height)
	return err
}

// writeConcepts prints the concepts under a heading per group, with how
// many passages mention each; "defined" marks those the readings define
// in their own words.
func writeConcepts(w io.Writer, list []handlers.ConceptSummary) error {
	if len(list) == 0 {
		_, err := fmt.Fprintf(w, "No concepts yet: add a %s to the readings' folder (see readings/%s for the format).\n",
			handlers.GlossaryFile, handlers.GlossaryFile)
		return err
	}
	width := 0
	for _, c := range list {
		width = max(width, utf8.RuneCountInString(c.Name))
	}
	var b strings.Builder
	for i, c := range list {
		if i == 0 || c.Group != list[i-1].Group {
			if i > 0 {
				b.WriteString("\n")
			}
			n := 0
			for _, d := range list {
				if d.Group == c.Group {
					n++
				}
			}
			fmt.Fprintf(&b, "%s (%d)\n", capitalise(c.Group), n)
		}
		note := ""
		if c.Defined {
			note = ", defined in the readings"
		}
		pad := strings.Repeat(" ", width-utf8.RuneCountInString(c.Name))
		fmt.Fprintf(&b, "  %s%s  %s%s\n", c.Name, pad, passagesCount(c.Passages), note)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d concepts. Explain one with: citebot explain NAME\n", len(list))
	return err
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[size:]
}

// passagesCount renders a passage count: "1 passage", "0 passages".
func passagesCount(n int) string {
	if n == 1 {
		return "1 passage"
	}
	return fmt.Sprintf("%d passages", n)
}
