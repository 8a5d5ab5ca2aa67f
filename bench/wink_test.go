package bench

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/corpus"
)

func TestParseWinkOutput(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    [][]string
		wantErr string
	}{
		{name: "two questions", in: "[\"a#0.1\",\"b#0.2\"]\n[\"c#1.0\"]\n",
			want: [][]string{{"a#0.1", "b#0.2"}, {"c#1.0"}}},
		{name: "no hits", in: "[]\n[\"x#0.0\"]\n", want: [][]string{{}, {"x#0.0"}}},
		{name: "no final newline", in: "[\"a\"]", want: [][]string{{"a"}}},
		{name: "nothing", in: "", want: nil},
		{name: "not JSON", in: "[\"a\"]\na b c\n", wantErr: "line 2"},
		{name: "blank line", in: "[\"a\"]\n\n[\"b\"]\n", wantErr: "line 2"},
		{name: "scores instead of ids", in: "[[\"a\",1.5]]\n", wantErr: "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseWinkOutput(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one naming %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d answers %q, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if strings.Join(got[i], " ") != strings.Join(tt.want[i], " ") {
					t.Errorf("answer %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// writeScript writes an executable shell script called name into dir.
func writeScript(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// fakeInstalled makes dir look as if npm had installed the pinned packages.
func fakeInstalled(t *testing.T, dir string) {
	t.Helper()
	for _, p := range winkPackages {
		d := filepath.Join(dir, "node_modules", p[0])
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "package.json"), []byte(`{"name":"`+p[0]+`","version":"`+p[1]+`"}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// smallSQuAD writes a corpus of three readings and three questions about
// them for winkBaseline.
func smallSQuAD(t *testing.T) squadRun {
	t.Helper()
	dir := t.TempDir()
	cdir := filepath.Join(dir, "corpus")
	if err := os.MkdirAll(cdir, 0o755); err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{
		"volcanoes.md": "# Volcanoes\n\nMagma rises through the crust and erupts from a volcano as lava.\n\n" +
			"Ash clouds from an eruption can ground aircraft for days.\n",
		"bees.md": "# Bees\n\nHoney bees dance to tell the hive where nectar is.\n\n" +
			"A queen bee lays up to two thousand eggs a day.\n",
		"tides.md": "# Tides\n\nThe moon's gravity pulls the oceans and raises the tides twice a day.\n",
	}
	for name, text := range docs {
		if err := os.WriteFile(filepath.Join(cdir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	qfile := filepath.Join(dir, "questions.txt")
	questions := "How many eggs does a queen bee lay?\nWhat pulls the oceans to raise tides?\nWhat grounds aircraft after an eruption?\n"
	if err := os.WriteFile(qfile, []byte(questions), 0o644); err != nil {
		t.Fatal(err)
	}
	return squadRun{dir: dir, corpusDir: cdir, questionsFile: qfile, paragraphs: 5, questions: 3}
}

// TestWinkBaselineSkips checks that whatever keeps wink-bm25 from running
// becomes a note in the report, never a failed bench.
func TestWinkBaselineSkips(t *testing.T) {
	tests := []struct {
		name      string
		noWink    bool
		node, npm string // script bodies; "" leaves them off PATH
		installed bool   // the pinned packages are in the wink folder
		wantNote  string
	}{
		{name: "turned off", noWink: true, node: "echo v20.0.0", wantNote: "wink-bm25: skipped (--no-wink)"},
		{name: "no node on PATH", wantNote: "wink-bm25: skipped (node not found on PATH)"},
		{name: "node but no npm", node: "echo v20.0.0", wantNote: "wink-bm25: skipped (npm not found on PATH)"},
		{name: "npm install fails", node: "echo v20.0.0", npm: "echo 'npm error 404 Not Found' >&2; exit 1",
			wantNote: "wink-bm25: skipped (npm install failed: exit status 1: npm error 404 Not Found)"},
		{name: "npm installs nothing", node: "echo v20.0.0", npm: "exit 0",
			wantNote: "wink-bm25: skipped (npm install left no wink-bm25-text-search@" + WinkBM25Version},
		{name: "runner fails", installed: true, node: `[ "$1" = --version ] && { echo v20.0.0; exit 0; }; echo boom >&2; exit 3`,
			wantNote: "the runner failed: node"},
		{name: "runner answers too few", installed: true, node: `[ "$1" = --version ] && { echo v20.0.0; exit 0; }; echo '["bees#0.1"]'`,
			wantNote: "wink-bm25: skipped (the runner answered 1 of 3 questions)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bin := t.TempDir()
			if tt.node != "" {
				writeScript(t, bin, "node", tt.node)
			}
			if tt.npm != "" {
				writeScript(t, bin, "npm", tt.npm)
			}
			// The scripts need sh, which is in /bin; nothing else is.
			t.Setenv("PATH", bin+string(os.PathListSeparator)+"/bin-none")
			winkDir := filepath.Join(t.TempDir(), "wink")
			if tt.installed {
				fakeInstalled(t, winkDir)
			}
			rep := &Report{}
			r := &runner{opts: Options{NoWink: tt.noWink, WinkDir: winkDir}, log: io.Discard, rep: rep}
			r.winkBaseline(context.Background(), smallSQuAD(t), childResult{Wall: time.Second})
			if len(rep.Rows) != 1 {
				t.Fatalf("rows = %+v, want one note", rep.Rows)
			}
			row := rep.Rows[0]
			if !strings.Contains(row.Note, tt.wantNote) || !strings.HasPrefix(row.Note, "wink-bm25: skipped (") {
				t.Errorf("note = %q, want it to contain %q", row.Note, tt.wantNote)
			}
			if row.Citebot != 0 || row.Plain != 0 || row.Met != nil {
				t.Errorf("a skipped row carries figures: %+v", row)
			}
			var out bytes.Buffer
			if err := rep.WriteTable(&out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "wink-bm25: skipped (") {
				t.Errorf("the table lacks the note:\n%s", out.String())
			}
		})
	}
}

func TestSetupWinkWithoutNode(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := SetupWink(context.Background(), t.TempDir())
	if !errors.Is(err, ErrWinkUnavailable) {
		t.Fatalf("err = %v, want ErrWinkUnavailable", err)
	}
}

func TestWinkRowShowsItsBaseline(t *testing.T) {
	met := false
	rep := Report{Rows: []Row{{Corpus: "squad", Figure: winkFigure, Unit: "s", Baseline: "wink-bm25",
		Citebot: 13.6, Plain: 5.28, Ratio: 13.6 / 5.28, Target: "< wink-bm25", Met: &met}}}
	var out bytes.Buffer
	if err := rep.WriteMarkdown(&out); err != nil {
		t.Fatal(err)
	}
	want := "| squad | " + winkFigure + " | 13.6 s | wink-bm25: 5.28 s | 2.58× | < wink-bm25 | ✗ |"
	if !strings.Contains(out.String(), want) {
		t.Errorf("markdown lacks %q:\n%s", want, out.String())
	}
}

// TestWinkRunnerReal runs the embedded runner in node on a small corpus,
// when node is on PATH and the pinned packages are already in the cache
// folder (`citebot bench --eval-data DIR` installs them); the test never
// installs anything itself.
func TestWinkRunnerReal(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node on PATH")
	}
	dir, err := DefaultWinkDir()
	if err != nil || !winkInstalled(dir) {
		t.Skipf("wink-bm25 packages not installed in %s (run citebot bench --eval-data DIR once)", dir)
	}
	w, err := SetupWink(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	s := smallSQuAD(t)
	c, err := corpus.LoadDir(s.corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	passages := filepath.Join(s.dir, "passages.jsonl")
	if err := WriteWinkPassages(passages, c); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(s.questionsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	cmd := exec.Command(w.Node, w.Args(passages, 2)...)
	cmd.Stdin = in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("runner: %v: %s", err, stderr.String())
	}
	answers, err := ParseWinkOutput(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(answers) != s.questions {
		t.Fatalf("answers = %q, want %d", answers, s.questions)
	}
	text := make(map[string]string)
	for _, d := range c.Documents {
		for _, p := range d.Passages {
			text[p.ID] = p.Text
		}
	}
	// The passage that answers each question, by a word only it has.
	wantWord := []string{"eggs", "moon", "aircraft"}
	for i, ids := range answers {
		if len(ids) == 0 || len(ids) > 2 {
			t.Errorf("question %d: %d ids %q, want 1 or 2", i, len(ids), ids)
			continue
		}
		if got := text[ids[0]]; !strings.Contains(got, wantWord[i]) {
			t.Errorf("question %d: top passage %q (%q), want the one with %q", i, ids[0], got, wantWord[i])
		}
	}

	// The whole baseline, timed as bench times it.
	rep := &Report{}
	r := &runner{opts: Options{WinkDir: dir}, log: io.Discard, rep: rep}
	r.winkBaseline(context.Background(), s, childResult{Wall: time.Hour})
	if len(rep.Rows) != 3 || rep.Rows[0].Note != "" || rep.Rows[0].Plain <= 0 || rep.Rows[1].Plain <= 0 || rep.Rows[2].Plain <= 0 {
		t.Fatalf("rows = %+v, want wink-bm25's time, CPU time and peak RSS", rep.Rows)
	}
	if m := rep.Rows[0].Met; m == nil || *m {
		t.Errorf("an hour of citebot against %.2f s of wink-bm25 counts as faster", rep.Rows[0].Plain)
	}
}
