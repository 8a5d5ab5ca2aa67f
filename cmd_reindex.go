package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/citebot/citebot/retrieval"
)

// runReindex rebuilds the index from the readings and prints a summary.
func runReindex(ctx context.Context, cfg config, _ []string, _ io.Reader, stdout, stderr io.Writer) error {
	a, err := openAppForReindex(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	sum, err := a.svc.Reindex(ctx, nil)
	if err != nil {
		reportProblems(stdout, sum.Problems)
		return err
	}
	return writeSummary(stdout, sum)
}

// writeSummary prints what a reindex did.
func writeSummary(w io.Writer, s retrieval.BuildSummary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Indexed %d document(s), %d passage(s) in %s (index %s).\n",
		s.Documents, s.Passages, s.Took.Round(1e6), s.Version)
	list := func(label string, ids []string) {
		if len(ids) > 0 {
			fmt.Fprintf(&b, "%s (%d): %s\n", label, len(ids), strings.Join(ids, ", "))
		}
	}
	list("Added", s.Added)
	list("Removed", s.Removed)
	list("Changed", s.Changed)
	if len(s.Added)+len(s.Removed)+len(s.Changed) == 0 {
		b.WriteString("No documents changed since the previous index.\n")
	}
	for _, p := range s.Problems {
		fmt.Fprintf(&b, "Skipped %s\n", p.Error())
	}
	_, err := io.WriteString(w, b.String())
	return err
}
