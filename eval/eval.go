// Package eval scores the answers of citebot's `ask --json` path against
// question sets with known answers: essay question sets over a folder of
// readings (by default the built-in corpus), the Cranfield and CISI ad hoc
// retrieval test collections, and the SQuAD v1.1 development set.
//
// The package does not import the rest of the bot. It drives the bot
// through a Runner, which the main package implements by calling its own
// command-line entry point in-process, and it reads the bot's answers as
// they stream out, keeping only what the scores need.
//
// The test collections are read from an eval-data folder laid out as
//
//	DATA/cranfield/{docs.jsonl,queries.jsonl,qrels.tsv}
//	DATA/cisi/{docs.jsonl,queries.jsonl,qrels.tsv}
//	DATA/squad-v1.1-dev/articles.jsonl
//
// The loaders (LoadCollection, LoadSQuAD, LoadEssayQuestions) and
// WriteCollectionCorpus can be reused elsewhere, e.g. by benchmarks.
package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// The names of the sets, as used in Options.Sets and SetReport.Kind.
const (
	SetEssay     = "essay"
	SetCranfield = "cranfield"
	SetCISI      = "cisi"
	SetSQuAD     = "squad"
)

// setEssayDev is the Target.Set of targets that apply only to development
// question files (see Targets).
const setEssayDev = "essay-dev"

// AllSets lists the set names in the order Run runs them.
var AllSets = []string{SetEssay, SetCranfield, SetCISI, SetSQuAD}

// Where the test collections live below Options.Data.
const (
	CranfieldDir = "cranfield"
	CISIDir      = "cisi"
	SQuADFile    = "squad-v1.1-dev/articles.jsonl"
)

// How many results Run asks the bot for in each kind of set.
const (
	EssayTop      = 3   // hit@3 needs three results
	CollectionTop = 100 // MAP is computed over the top 100 documents
	SQuADTop      = 100 // hit@1, hit@5 and MRR over the top 100 passages
)

// Names of the metrics in a SetReport.
const (
	MetricHit1            = "hit@1"
	MetricHit3            = "hit@3"
	MetricHit5            = "hit@5"
	MetricExcerpt1        = "excerpt@1"
	MetricNoneAccuracy    = "none-accuracy"
	MetricMAP             = "MAP"
	MetricNDCG10          = "nDCG@10"
	MetricMRR             = "MRR"
	MetricAnswerInExcerpt = "answer-in-excerpt"

	// Counts.
	MetricQuestions  = "questions"      // questions asked
	MetricAnswerable = "answerable"     // essay questions of a kind other than none
	MetricNone       = "none questions" // essay questions of kind none
	MetricNotFound   = "not_found"      // answers with status not_found
	MetricScored     = "queries scored" // collection queries with at least one relevant document
	MetricDocs       = "documents"      // documents in the corpus written for the set
)

// Options say what Run evaluates.
type Options struct {
	// Data is the eval-data folder holding the test collections (see the
	// package documentation). It may be empty when only essay sets are run.
	Data string
	// Questions are the essay question files (JSONL) to score, each as its
	// own set. A file whose base name starts with "dev" is a development
	// set and is held to the stricter essay-dev targets as well.
	Questions []string
	// Corpus is the folder of readings the essay questions are asked
	// against; empty means the bot's built-in corpus (no --corpus flag).
	Corpus string
	// Sets selects what to run: any of "essay", "cranfield", "cisi" and
	// "squad". Empty means every set that is available: essay when
	// Questions is not empty, and each collection present in Data. A set
	// named here whose data is missing is an error.
	Sets []string
	// Limit, when above 0, asks at most that many questions per set (the
	// first ones), for a quick smoke run. Figures of a limited run are not
	// comparable with the targets.
	Limit int
	// Verbose lists each set as it starts and, after the table, the failed
	// questions with a short reason.
	Verbose bool
	// Workdir is the folder the temporary corpora and indexes are made in;
	// empty means the system's temporary folder. Run removes what it made.
	Workdir string
}

// Target is a minimum a metric of a set should reach.
type Target struct {
	// Set is the set kind the target applies to: "essay", "cranfield",
	// "cisi" or "squad", or "essay-dev" for targets that apply, on top of
	// the essay ones, to development question files only.
	Set    string  `json:"set"`
	Metric string  `json:"metric"`
	Min    float64 `json:"min"`
}

// Targets returns the quality targets that Run checks, in a stable order.
func Targets() []Target {
	return []Target{
		{SetEssay, MetricHit1, 0.93},
		{SetEssay, MetricHit3, 0.98},
		{SetEssay, MetricExcerpt1, 0.85},
		{SetEssay, MetricNoneAccuracy, 0.83},
		{setEssayDev, MetricHit1, 0.95},
		{SetCranfield, MetricNDCG10, 0.56},
		{SetCISI, MetricNDCG10, 0.42},
		{SetSQuAD, MetricHit1, 0.85},
		{SetSQuAD, MetricAnswerInExcerpt, 0.65},
	}
}

// targetFor returns the strictest target for a metric of a set, or false
// when the metric has none. Development essay files take the essay-dev
// targets as well as the essay ones.
func targetFor(kind string, dev bool, metric string) (float64, bool) {
	best, ok := 0.0, false
	for _, t := range Targets() {
		if t.Metric != metric || !(t.Set == kind || dev && kind == SetEssay && t.Set == setEssayDev) {
			continue
		}
		if !ok || t.Min > best {
			best, ok = t.Min, true
		}
	}
	return best, ok
}

// Metric is one figure of a set.
type Metric struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	// Count says the value is a count rather than a fraction or mean.
	Count bool `json:"count,omitempty"`
	// HasTarget says Target is a minimum the value should reach.
	HasTarget bool    `json:"has_target,omitempty"`
	Target    float64 `json:"target,omitempty"`
}

// Met reports whether the metric reaches its target; a metric without a
// target always does.
func (m Metric) Met() bool {
	return !m.HasTarget || m.Value >= m.Target
}

// Failure is one question a set got wrong, with the reason.
type Failure struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// SetReport holds the figures of one evaluated set.
type SetReport struct {
	// Name identifies the set in the table: "cranfield", "cisi", "squad",
	// or "essay:<file base name without extension>".
	Name string `json:"name"`
	// Kind is the set kind: one of AllSets.
	Kind string `json:"kind"`
	// Source is the question file or data folder the set was read from.
	Source string `json:"source"`
	// Metrics are the figures, counts included, in display order.
	Metrics []Metric `json:"metrics"`
	// Failures are the questions the set got wrong (for SQuAD only when
	// Options.Verbose is set, as there are many).
	Failures []Failure `json:"failures,omitempty"`
	// Took is the wall time of the set: writing its corpus, indexing and
	// answering.
	Took time.Duration `json:"took_ns"`
	// Limited says Options.Limit cut the questions short.
	Limited bool `json:"limited,omitempty"`
}

// Metric returns the metric of the set with the given name.
func (s SetReport) Metric(name string) (Metric, bool) {
	for _, m := range s.Metrics {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

// Report holds the figures of every set Run evaluated.
type Report struct {
	Sets []SetReport `json:"sets"`
}

// Set returns the report of the set with the given name.
func (r Report) Set(name string) (SetReport, bool) {
	for _, s := range r.Sets {
		if s.Name == name {
			return s, true
		}
	}
	return SetReport{}, false
}

// Missed returns every metric that falls short of its target, each named
// "set metric".
func (r Report) Missed() []string {
	var out []string
	for _, s := range r.Sets {
		for _, m := range s.Metrics {
			if !m.Met() {
				out = append(out, s.Name+" "+m.Name)
			}
		}
	}
	return out
}

// Passed reports whether every metric with a target reaches it.
func (r Report) Passed() bool { return len(r.Missed()) == 0 }

// plan is the work Run has checked and loaded before it asks anything.
type plan struct {
	essays    []essaySet
	cranfield *Collection
	cisi      *Collection
	squad     *SQuAD
}

// essaySet is one loaded essay question file.
type essaySet struct {
	path      string
	questions []EssayQuestion
}

// Run evaluates the selected sets one after another with the bot behind
// run, and writes a table of the figures to out (and, with
// Options.Verbose, progress lines and the failed questions). All data is
// loaded and checked before the first question is asked, so a missing file
// fails fast with an error naming its path. When a set fails part way, Run
// returns the figures of the sets done so far with the error.
func Run(ctx context.Context, run Runner, opts Options, out io.Writer) (Report, error) {
	var rep Report
	if run == nil {
		return rep, errors.New("eval: no runner")
	}
	p, err := load(opts)
	if err != nil {
		return rep, err
	}
	workdir := opts.Workdir
	if workdir == "" {
		workdir = os.TempDir()
	}
	tmp, err := os.MkdirTemp(workdir, "citebot-eval-")
	if err != nil {
		return rep, fmt.Errorf("eval: %w", err)
	}
	defer os.RemoveAll(tmp)

	progress := io.Discard
	if opts.Verbose {
		progress = out
	}
	step := func(s SetReport, err error) error {
		if err != nil {
			return fmt.Errorf("eval: %s: %w", s.Name, err)
		}
		rep.Sets = append(rep.Sets, s)
		return nil
	}
	err = func() error {
		for i, e := range p.essays {
			dir := filepath.Join(tmp, fmt.Sprintf("essay-%d", i))
			if err := step(runEssay(ctx, run, e, opts, dir, progress)); err != nil {
				return err
			}
		}
		for _, c := range []*Collection{p.cranfield, p.cisi} {
			if c == nil {
				continue
			}
			if err := step(runCollection(ctx, run, *c, opts, filepath.Join(tmp, c.Name), progress)); err != nil {
				return err
			}
		}
		if p.squad != nil {
			if err := step(runSQuAD(ctx, run, *p.squad, opts, filepath.Join(tmp, "squad"), progress)); err != nil {
				return err
			}
		}
		return nil
	}()
	if len(rep.Sets) > 0 {
		writeTable(out, rep, opts.Verbose)
	}
	return rep, err
}

// load checks the options and loads the data of every selected set.
func load(opts Options) (plan, error) {
	var p plan
	want := make(map[string]bool)
	for _, s := range opts.Sets {
		s = strings.ToLower(strings.TrimSpace(s))
		if !slices.Contains(AllSets, s) {
			return p, fmt.Errorf("eval: unknown set %q (want one of %s)", s, strings.Join(AllSets, ", "))
		}
		want[s] = true
	}
	all := len(want) == 0

	if opts.Data != "" {
		if st, err := os.Stat(opts.Data); err != nil {
			return p, fmt.Errorf("eval: data folder %s: %w; %s", opts.Data, err, dataLayout)
		} else if !st.IsDir() {
			return p, fmt.Errorf("eval: data folder %s is not a directory; %s", opts.Data, dataLayout)
		}
	}
	needData := func(set, rel string) (string, error) {
		if opts.Data == "" {
			return "", fmt.Errorf("eval: set %s needs the eval-data folder (--data DIR), which would hold %s; %s", set, rel, dataLayout)
		}
		return filepath.Join(opts.Data, filepath.FromSlash(rel)), nil
	}
	exists := func(path string) bool {
		_, err := os.Stat(path)
		return err == nil
	}

	if want[SetEssay] && len(opts.Questions) == 0 {
		return p, errors.New("eval: set essay needs at least one question file (Options.Questions)")
	}
	if all || want[SetEssay] {
		if opts.Corpus != "" {
			if st, err := os.Stat(opts.Corpus); err != nil {
				return p, fmt.Errorf("eval: essay corpus: %w", err)
			} else if !st.IsDir() {
				return p, fmt.Errorf("eval: essay corpus %s is not a directory", opts.Corpus)
			}
		}
		for _, path := range opts.Questions {
			qs, err := LoadEssayQuestions(path)
			if err != nil {
				return p, fmt.Errorf("eval: essay questions: %w", err)
			}
			if len(qs) == 0 {
				return p, fmt.Errorf("eval: essay questions: %s holds no question", path)
			}
			p.essays = append(p.essays, essaySet{path: path, questions: qs})
		}
	}

	for _, c := range []struct {
		set, rel string
		dst      **Collection
	}{
		{SetCranfield, CranfieldDir, &p.cranfield},
		{SetCISI, CISIDir, &p.cisi},
	} {
		if !want[c.set] && !(all && opts.Data != "") {
			continue
		}
		dir, err := needData(c.set, c.rel+"/")
		if err != nil {
			return p, err
		}
		if all && !exists(dir) {
			continue
		}
		if !exists(dir) {
			return p, fmt.Errorf("eval: %s: no folder %s; %s", c.set, dir, dataLayout)
		}
		col, err := LoadCollection(dir)
		if err != nil {
			return p, fmt.Errorf("eval: %s: %w", c.set, err)
		}
		col.Name = c.set
		if len(col.Judged()) == 0 {
			return p, fmt.Errorf("eval: %s: %s has no query with a relevant document", c.set, dir)
		}
		*c.dst = &col
	}

	if want[SetSQuAD] || all && opts.Data != "" {
		path, err := needData(SetSQuAD, SQuADFile)
		if err != nil {
			return p, err
		}
		if !all && !exists(path) {
			return p, fmt.Errorf("eval: squad: no file %s; %s", path, dataLayout)
		}
		if !all || exists(path) {
			s, err := LoadSQuAD(path)
			if err != nil {
				return p, fmt.Errorf("eval: squad: %w", err)
			}
			if s.Questions() == 0 {
				return p, fmt.Errorf("eval: squad: %s holds no question", path)
			}
			p.squad = &s
		}
	}

	if len(p.essays) == 0 && p.cranfield == nil && p.cisi == nil && p.squad == nil {
		if opts.Data != "" {
			return p, fmt.Errorf("eval: nothing to evaluate: no question file given and %s holds none of %s/, %s/, %s",
				opts.Data, CranfieldDir, CISIDir, SQuADFile)
		}
		return p, errors.New("eval: nothing to evaluate: give question files (Options.Questions) or the eval-data folder (Options.Data)")
	}
	return p, nil
}

// limit returns n cut to opts.Limit when that is set, and whether it cut.
func limit(n int, opts Options) (int, bool) {
	if opts.Limit > 0 && opts.Limit < n {
		return opts.Limit, true
	}
	return n, false
}

// dataLayout says what an eval-data folder holds, for the errors about a
// missing one.
const dataLayout = "the eval-data folder holds cranfield/ and cisi/ (docs.jsonl, queries.jsonl, qrels.tsv each) " +
	"and squad-v1.1-dev/articles.jsonl, the test collections converted as the README's \"Measuring answer quality\" says"

// newIndexDir makes the empty folder a set's index is built in.
func newIndexDir(dir string) (string, error) {
	idx := filepath.Join(dir, "index")
	return idx, os.MkdirAll(idx, 0o755)
}

// rate is a fraction metric with the target its set has for it.
func rate(kind string, dev bool, name string, n, d int) Metric {
	return mean(kind, dev, name, ratio(n, d))
}

// mean is a metric of the given value with the target its set has for it.
func mean(kind string, dev bool, name string, v float64) Metric {
	m := Metric{Name: name, Value: v}
	m.Target, m.HasTarget = targetFor(kind, dev, name)
	return m
}

// count is a count metric.
func count(name string, n int) Metric {
	return Metric{Name: name, Value: float64(n), Count: true}
}

// maxFailures is how many failures of a set the verbose listing shows.
const maxFailures = 50

// writeTable writes the figures of the report as a table: set, metric,
// value, target and whether the target is met; then the wall time of each
// set, a summary line and, when verbose, the failures.
func writeTable(out io.Writer, rep Report, verbose bool) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "set\tmetric\tvalue\ttarget\t")
	for _, s := range rep.Sets {
		name := s.Name
		if s.Limited {
			name += " (limited)"
		}
		for _, m := range s.Metrics {
			value, target, mark := fmt.Sprintf("%.3f", m.Value), "", ""
			if m.Count {
				value = fmt.Sprintf("%d", int(m.Value))
			}
			if m.HasTarget {
				target = fmt.Sprintf("≥ %.2f", m.Target)
				mark = "✓"
				if !m.Met() {
					mark = "✗"
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", name, m.Name, value, target, mark)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t\t\n", name, "wall time", s.Took.Round(10*time.Millisecond))
	}
	tw.Flush()

	if missed := rep.Missed(); len(missed) == 0 {
		fmt.Fprintln(out, "all targets met")
	} else {
		fmt.Fprintf(out, "%d target(s) missed: %s\n", len(missed), strings.Join(missed, ", "))
	}

	if !verbose {
		return
	}
	for _, s := range rep.Sets {
		if len(s.Failures) == 0 {
			continue
		}
		fmt.Fprintf(out, "\n%s: %d failed\n", s.Name, len(s.Failures))
		for i, f := range s.Failures {
			if i == maxFailures {
				fmt.Fprintf(out, "  … and %d more\n", len(s.Failures)-maxFailures)
				break
			}
			fmt.Fprintf(out, "  %s: %s\n", f.ID, f.Reason)
		}
	}
}
