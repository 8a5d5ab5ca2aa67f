package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/library"
)

const readingsUsage = `usage: citebot readings list|add FILE [--title TITLE]|remove NAME|hide NAME|show NAME [--server ID]
Without --server, list, add and remove work on the shared readings (CORPUS_DIR);
hide and show are per server.`

// commandFlags separates flags that take a value (--server ID, --title=T)
// from the other arguments, wherever they stand.
func commandFlags(args []string, names ...string) (map[string]string, []string, error) {
	vals := map[string]string{}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		known := false
		for _, n := range names {
			known = known || n == name
		}
		if !strings.HasPrefix(a, "-") || !known {
			if strings.HasPrefix(a, "-") && len(a) > 1 {
				return nil, nil, usageError{fmt.Sprintf("unknown flag %s", a)}
			}
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return nil, nil, usageError{fmt.Sprintf("flag --%s needs a value", name)}
			}
			i++
			val = args[i]
		}
		vals[name] = val
	}
	return vals, rest, nil
}

// runReadings manages a server's library, or the shared readings.
func runReadings(ctx context.Context, cfg config, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	flags, rest, err := commandFlags(args, "server", "title")
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError{readingsUsage}
	}
	sub, rest := rest[0], rest[1:]
	want := map[string]int{"list": 0, "add": 1, "remove": 1, "hide": 1, "show": 1}
	n, ok := want[sub]
	if !ok || len(rest) != n {
		return usageError{readingsUsage}
	}
	server := flags["server"]
	if server != "" {
		if err := library.CheckServer(server); err != nil {
			return usageError{fmt.Sprintf("--server %q: want a Discord server id", server)}
		}
	} else if sub == "hide" || sub == "show" {
		return usageError{"readings " + sub + " hides or shows a shared reading in one server: give --server ID"}
	}
	if server == "" {
		a, err := openApp(ctx, cfg, stderr)
		if err != nil {
			return err
		}
		defer a.Close()
		return sharedReadings(ctx, a, sub, rest, stdout, stderr)
	}
	libs, err := openServerLibraries(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer libs.Close()
	switch sub {
	case "list":
		list, err := libs.List(ctx, server)
		if err != nil {
			return err
		}
		return writeReadings(stdout, list)
	case "add":
		f, err := os.Open(rest[0])
		if err != nil {
			return fmt.Errorf("readings add: %w", err)
		}
		defer f.Close()
		added, err := libs.Add(ctx, server, library.Upload{Name: filepath.Base(rest[0]), Title: flags["title"], Body: f, By: "operator"}, nil)
		if err != nil {
			return err
		}
		r := added.Reading
		_, err = fmt.Fprintf(stdout, "Added %q (%s) by %s: %s, %d passage(s), in %s; server %s answers from it now.\n",
			r.Title, r.ID, orDash(r.Author), r.Format.Name(), r.Passages, added.Took.Round(time.Millisecond), server)
		return err
	case "remove":
		r, err := libs.Remove(ctx, server, rest[0])
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "Removed %q (%s) from server %s.\n", r.Title, r.ID, server)
		return err
	case "hide":
		id, err := libs.Hide(ctx, server, rest[0])
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "Server %s no longer searches the shared reading %s.\n", server, id)
		return err
	default:
		id, err := libs.Show(ctx, server, rest[0])
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "Server %s searches the shared reading %s again.\n", server, id)
		return err
	}
}

// sharedReadings lists, adds to or removes from the shared readings
// folder, reindexing the shared index after a change.
func sharedReadings(ctx context.Context, a *app, sub string, rest []string, stdout, stderr io.Writer) error {
	if sub == "list" {
		var list []library.Listed
		for _, d := range a.ix.Documents() {
			f := corpus.Format(d.Format)
			if f == "" {
				f, _ = corpus.FormatOf(d.Path)
			}
			list = append(list, library.Listed{ID: d.ID, Title: d.Title, Author: d.Author, Format: f.Name(), Passages: d.Passages, Pages: d.Pages, Shared: true})
		}
		return writeReadings(stdout, list)
	}
	if a.cfg.corpusDir == "" {
		return usageError{"the shared readings are the built-in essay; set CORPUS_DIR (or --corpus) to a folder to add or remove shared readings, or give --server ID"}
	}
	switch sub {
	case "add":
		f, err := os.Open(rest[0])
		if err != nil {
			return fmt.Errorf("readings add: %w", err)
		}
		defer f.Close()
		name, err := library.AddToFolder(a.cfg.corpusDir, filepath.Base(rest[0]), f, corpus.MaxFileSize)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Copied %s into %s as %s.\n", rest[0], a.cfg.corpusDir, name)
	case "remove":
		var path string
		for _, d := range a.ix.Documents() {
			if d.ID == rest[0] || d.Path == rest[0] || strings.EqualFold(d.Title, rest[0]) {
				path = d.Path
			}
		}
		if path == "" {
			return fmt.Errorf("no shared reading is called %q (citebot readings list shows them)", rest[0])
		}
		if err := os.Remove(filepath.Join(a.cfg.corpusDir, filepath.FromSlash(path))); err != nil {
			return fmt.Errorf("readings remove: %w", err)
		}
		fmt.Fprintf(stdout, "Removed %s from %s.\n", path, a.cfg.corpusDir)
	}
	sum, err := a.svc.Reindex(ctx, nil)
	if err != nil {
		return err
	}
	reportProblems(stderr, sum.Problems)
	return writeSummary(stdout, sum)
}

// writeReadings prints a library as a table.
func writeReadings(w io.Writer, list []library.Listed) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "READING\tTITLE\tAUTHOR\tFORMAT\tPASSAGES\tPAGES\tADDED")
	for _, r := range list {
		added := "shared"
		switch {
		case r.Shared && r.Hidden:
			added = "shared, hidden here"
		case !r.Shared:
			added = r.AddedAt.Local().Format("2006-01-02 15:04") + " by " + r.AddedBy
		}
		pages := "–"
		if r.Pages > 0 {
			pages = fmt.Sprint(r.Pages)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.ID, clip(r.Title, 50), orDash(r.Author), r.Format, r.Passages, pages, added)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d reading(s)\n", len(list))
	return err
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// reindexServer rebuilds one server's library.
func reindexServer(ctx context.Context, cfg config, server string, stdout, stderr io.Writer) error {
	libs, err := openServerLibraries(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer libs.Close()
	progress, done := reindexProgress(stdout, stderr, time.Now)
	sum, err := libs.Reindex(ctx, server, progress)
	done()
	if err != nil {
		reportProblems(stdout, sum.Problems)
		return err
	}
	return writeSummary(stdout, sum)
}
