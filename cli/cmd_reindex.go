package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/citebot/citebot/library"
	"github.com/citebot/citebot/retrieval"
)

// runReindex rebuilds the index from the readings and prints a summary.
// With --server ID it rebuilds that server's library instead.
func runReindex(ctx context.Context, cfg config, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	flags, rest, err := commandFlags(args, "server")
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"usage: citebot reindex [--server ID]"}
	}
	if server, ok := flags["server"]; ok {
		if err := library.CheckServer(server); err != nil {
			return usageError{fmt.Sprintf("--server %q: want a Discord server id", server)}
		}
		return reindexServer(ctx, cfg, server, stdout, stderr)
	}
	a, err := openAppForReindex(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	progress, done := reindexProgress(stdout, stderr, time.Now)
	sum, err := a.svc.Reindex(ctx, progress)
	done()
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

// progressEvery is how often a reindex not on a terminal logs its progress.
const progressEvery = 5 * time.Second

// reindexProgress returns the progress callback of a reindex and a
// function to call when it ends. On a terminal it draws a progress bar of
// the passages indexed, with the documents done, passages per second and
// the time left; otherwise it writes a plain line to stderr every few
// seconds (and at the end), so logs of long builds show they advance
// without filling up with bar redraws.
func reindexProgress(stdout, stderr io.Writer, now func() time.Time) (func(retrieval.Progress), func()) {
	if isTerminal(stdout) {
		return barProgress(stdout)
	}
	return lineProgress(stderr, now)
}

func barProgress(w io.Writer) (func(retrieval.Progress), func()) {
	// Reading and parsing the readings comes first and reports nothing;
	// the bar replaces this line when indexing starts.
	fmt.Fprint(w, "Reading the readings…")
	var mu sync.Mutex
	var bar *progressbar.ProgressBar
	update := func(p retrieval.Progress) {
		mu.Lock()
		defer mu.Unlock()
		if bar == nil {
			fmt.Fprint(w, "\r\033[K")
			bar = progressbar.NewOptions64(int64(max(p.PassagesTotal, 1)),
				progressbar.OptionSetWriter(w),
				progressbar.OptionShowCount(),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString("passages"),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionFullWidth(),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
		}
		bar.Describe(fmt.Sprintf("Indexing: %d/%d documents", p.Documents, p.DocumentsTotal))
		_ = bar.Set64(int64(p.Passages))
	}
	done := func() {
		mu.Lock()
		defer mu.Unlock()
		if bar == nil {
			fmt.Fprint(w, "\r\033[K")
			return
		}
		_ = bar.Clear()
		_ = bar.Exit()
	}
	return update, done
}

func lineProgress(w io.Writer, now func() time.Time) (func(retrieval.Progress), func()) {
	var mu sync.Mutex
	var last time.Time
	var latest retrieval.Progress
	logged := false
	write := func(p retrieval.Progress) {
		line := fmt.Sprintf("reindex: %d/%d passages, %d/%d documents", p.Passages, p.PassagesTotal, p.Documents, p.DocumentsTotal)
		if s := p.Elapsed.Seconds(); s > 0 && p.Passages > 0 {
			rate := float64(p.Passages) / s
			line += fmt.Sprintf(", %.0f passages/s", rate)
			if left := p.PassagesTotal - p.Passages; left > 0 {
				line += fmt.Sprintf(", about %s left", (time.Duration(float64(left) / rate * float64(time.Second))).Round(time.Second))
			}
		}
		fmt.Fprintf(w, "%s %s\n", now().Format("15:04:05"), line)
	}
	update := func(p retrieval.Progress) {
		mu.Lock()
		defer mu.Unlock()
		latest = p
		t := now()
		if last.IsZero() {
			last = t // the first line comes after progressEvery, so quick builds stay quiet
			return
		}
		if t.Sub(last) >= progressEvery {
			last = t
			logged = true
			write(p)
		}
	}
	done := func() {
		mu.Lock()
		defer mu.Unlock()
		// A build long enough to have logged its progress logs its end too.
		if logged && latest.Passages != 0 {
			write(latest)
		}
	}
	return update, done
}
