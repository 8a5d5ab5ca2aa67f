package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/citebot/citebot/corpus"
)

func runSources(ctx context.Context, cfg config, _ []string, _ io.Reader, stdout, stderr io.Writer) error {
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	return writeSources(ctx, a, stdout)
}

// writeSources lists the indexed readings: title, author, format (with a
// PDF's page count) and passage count.
func writeSources(ctx context.Context, a *app, w io.Writer) error {
	src, err := a.svc.Sources(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOCUMENT\tTITLE\tAUTHOR\tFORMAT\tPASSAGES")
	total := 0
	for _, d := range src.Documents {
		author := d.Author
		if author == "" {
			author = "–"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", d.ID, clip(d.Title, 60), author, formatLabel(d.Format, d.Pages), d.Passages)
		total += d.Passages
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%d document(s), %d passage(s); index %s built %s\n",
		len(src.Documents), total, src.Version, src.BuiltAt.Local().Format("2006-01-02 15:04"))
	return err
}

// formatLabel names a reading's format for a person: "PDF, 12 pages",
// "Markdown", "Word (DOCX)"; "–" when the index does not say.
func formatLabel(format string, pages int) string {
	if format == "" {
		return "–"
	}
	name := corpus.Format(format).Name()
	switch {
	case pages == 1:
		return name + ", 1 page"
	case pages > 1:
		return fmt.Sprintf("%s, %d pages", name, pages)
	}
	return name
}

// clip cuts s to at most n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
