package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
)

// EssayQuestions are questions a study group asks about the built-in
// essay, of every kind: concepts, facts, why, meta, and ones it does not
// answer.
var EssayQuestions = []string{
	"What is wedging?",
	"What does bloodletting mean?",
	"What is internal balancing?",
	"How has the United States externally balanced against China?",
	"What is the deep source of U.S.-China competition?",
	"What is the security dilemma?",
	"Why is China's partnership with Russia not surprising?",
	"What limits has China imposed on its support of Russia?",
	"what does the essay say about nuclear weapons",
	"How does the US view China's improved capabilities?",
	"Is the US-China competition a security dilemma?",
	"What should US policymakers do about China-Russia cooperation?",
	"who wrote this essay",
	"What are the implications for scholars?",
	"what is the role of Taiwan",
	"Does Russia help China militarily?",
	"What is the capital of France?",
	"explain balancing and wedging",
	"What does Glaser argue about the war in Ukraine?",
	"How could the US drive a wedge between China and Russia?",
}

// Machine describes the computer the run is on.
func Machine() string {
	cpu := ""
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && k == "MemTotal" {
				if f := strings.Fields(v); len(f) > 0 {
					if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
						mem = fmt.Sprintf(", %.0f GiB RAM", float64(kb)/(1<<20))
					}
				}
			}
		}
	}
	if cpu == "" {
		cpu = runtime.GOARCH
	}
	return fmt.Sprintf("%d cores (%s)%s, %s/%s, %s", runtime.NumCPU(), cpu, mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// format renders a value in its unit.
func format(v float64, unit string) string {
	var s string
	switch {
	case v == 0:
		return "—"
	case v >= 100:
		s = strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		s = strconv.FormatFloat(v, 'f', 1, 64)
	case v >= 1:
		s = strconv.FormatFloat(v, 'f', 2, 64)
	default:
		s = strconv.FormatFloat(v, 'f', 3, 64)
	}
	return s + " " + unit
}

func (row Row) cells() []string {
	ratio := ""
	if row.Ratio > 0 {
		ratio = strconv.FormatFloat(row.Ratio, 'f', 2, 64) + "×"
	}
	met := ""
	if row.Met != nil {
		met = "✗"
		if *row.Met {
			met = "✓"
		}
	}
	cb := format(row.Citebot, row.Unit)
	if row.Note != "" && row.Citebot == 0 {
		cb = row.Note
	}
	base := format(row.Plain, row.Unit)
	if row.Baseline != "" && row.Plain != 0 {
		base = row.Baseline + ": " + base
	}
	return []string{row.Corpus, row.Figure, cb, base, ratio, row.Target, met}
}

var header = []string{"corpus", "figure", "citebot", "plain Bleve", "ratio", "target", "met"}

// WriteTable prints the report as an aligned text table.
func (r Report) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "machine: %s\ndate:    %s\n", r.Machine, r.Date.Format("2006-01-02 15:04 MST"))
	if r.Command != "" {
		fmt.Fprintf(w, "command: %s\n", r.Command)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, row := range r.Rows {
		fmt.Fprintln(tw, strings.Join(row.cells(), "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if missed := r.Missed(); len(missed) > 0 {
		fmt.Fprintf(w, "\n%d target(s) missed:", len(missed))
		for _, m := range missed {
			fmt.Fprintf(w, " %s %s;", m.Corpus, m.Figure)
		}
		fmt.Fprintln(w)
	}
	return nil
}

// WriteMarkdown prints the report as a Markdown table for a README.
func (r Report) WriteMarkdown(w io.Writer) error {
	fmt.Fprintf(w, "Machine: %s  \nDate: %s  \n", r.Machine, r.Date.Format("2006-01-02"))
	if r.Command != "" {
		fmt.Fprintf(w, "Command: `%s`\n", r.Command)
	}
	fmt.Fprintf(w, "\n| %s |\n|%s\n", strings.Join(header, " | "), strings.Repeat(" --- |", len(header)))
	for _, row := range r.Rows {
		fmt.Fprintf(w, "| %s |\n", strings.Join(row.cells(), " | "))
	}
	return nil
}
