package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
)

func runSources(ctx context.Context, cfg config, _ []string, _ io.Reader, stdout, stderr io.Writer) error {
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	return writeSources(ctx, a, stdout)
}

// writeSources lists the indexed readings: title, author, passage count.
func writeSources(ctx context.Context, a *app, w io.Writer) error {
	src, err := a.svc.Sources(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOCUMENT\tTITLE\tAUTHOR\tPASSAGES")
	total := 0
	for _, d := range src.Documents {
		author := d.Author
		if author == "" {
			author = "–"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", d.ID, clip(d.Title, 60), author, d.Passages)
		total += d.Passages
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%d document(s), %d passage(s); index %s built %s\n",
		len(src.Documents), total, src.Version, src.BuiltAt.Local().Format("2006-01-02 15:04"))
	return err
}

// clip cuts s to at most n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
