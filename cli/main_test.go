package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citebot/citebot/eval"
)

// runCLI runs citebot as main does, with no environment, and returns what
// it wrote to stdout and stderr.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Run(context.Background(), append([]string{"--env-file", ""}, args...),
		func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestAskJSONContract(t *testing.T) {
	ix := t.TempDir()
	out, stderr, err := runCLI(t, "What is wedging?\nWhat is the capital of France?\n\n", "--index", ix, "ask", "--json", "--top", "2")
	if err != nil {
		t.Fatalf("ask: %v\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines for 3 questions:\n%s", len(lines), out)
	}
	var first struct {
		Question string `json:"question"`
		Status   string `json:"status"`
		Results  []struct {
			Doc       string  `json:"doc"`
			Title     string  `json:"title"`
			Section   string  `json:"section"`
			Paragraph int     `json:"paragraph"`
			Ref       string  `json:"ref"`
			PassageID string  `json:"passage_id"`
			Excerpt   string  `json:"excerpt"`
			Passage   string  `json:"passage"`
			Score     float64 `json:"score"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Status != "answered" || len(first.Results) != 2 {
		t.Fatalf("first answer: %s with %d results", first.Status, len(first.Results))
	}
	r := first.Results[0]
	if r.Doc != "glaser-2025-china-russia" || r.Title == "" || r.Section == "" || r.Paragraph < 1 ||
		!strings.HasPrefix(r.Ref, "§") || !strings.HasPrefix(r.PassageID, r.Doc+"#") || r.Score <= 0 {
		t.Errorf("first result fields: %+v", r)
	}
	if !strings.Contains(r.Passage, r.Excerpt) || len(r.Excerpt) > 450 || !strings.Contains(strings.ToLower(r.Excerpt), "wedg") {
		t.Errorf("excerpt %q not a short verbatim span about wedging of %q", r.Excerpt, r.Passage)
	}
	for i, l := range lines[1:] {
		var a struct {
			Status  string            `json:"status"`
			Results []json.RawMessage `json:"results"`
		}
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatal(err)
		}
		if a.Status != "not_found" || a.Results == nil || len(a.Results) != 0 {
			t.Errorf("line %d: %s", i+2, l)
		}
	}
}

func TestAskForAPerson(t *testing.T) {
	out, stderr, err := runCLI(t, "", "--index", t.TempDir(), "ask", "Why hasn't China provided weapons to Russia?")
	if err != nil {
		t.Fatalf("ask: %v\n%s", err, stderr)
	}
	for _, want := range []string{"> ", "**weapons**", `Glaser 2025, §2 "What can IR theory explain…", ¶11`, "Also:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestChatFromPipe(t *testing.T) {
	out, stderr, err := runCLI(t, "What is bloodletting?\nhelp\nmore\nsources\nquit\nWhat is wedging?\n", "--index", t.TempDir())
	if err != nil {
		t.Fatalf("chat: %v\n%s", err, stderr)
	}
	for _, want := range []string{"prolonged and deadly", "Other things I understand", "glaser-2025-china-russia"} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "attempt to divide") {
		t.Error("chat answered a question after quit")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"ask", "--top", "0", "x"}, {"ask", "--top", "101", "x"}, {"--nope"}} {
		_, _, err := runCLI(t, "", append([]string{"--index", t.TempDir()}, args...)...)
		if err == nil || ExitCode(err) != 2 {
			t.Errorf("%q: err %v (exit %d), want a usage error", args, err, ExitCode(err))
		}
	}
}

func TestIndexIsReusedAndRebuiltOnChange(t *testing.T) {
	dir, ix := t.TempDir(), t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	current := func() string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(ix, "CURRENT"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write("a.md", "# Apples\n\nApples grow on trees in orchards.\n")
	write("b.txt", "Bananas\n\nBananas grow in bunches in the tropics.\n")
	if _, stderr, err := runCLI(t, "", "--corpus", dir, "--index", ix, "sources"); err != nil {
		t.Fatalf("first run: %v\n%s", err, stderr)
	}
	gen := current()
	out, _, err := runCLI(t, "", "--corpus", dir, "--index", ix, "ask", "where do bananas grow")
	if err != nil || !strings.Contains(out, "tropics") {
		t.Fatalf("ask: %v\n%s", err, out)
	}
	if current() != gen {
		t.Error("an unchanged corpus was indexed again")
	}

	write("a.md", "# Apples\n\nApples grow on trees in cold orchards.\n")
	write("c.md", "# Cherries\n\nCherries are small stone fruit.\n")
	if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runCLI(t, "", "--corpus", dir, "--index", ix, "reindex")
	if err != nil {
		t.Fatalf("reindex: %v\n%s", err, stderr)
	}
	for _, want := range []string{"Indexed 2 document(s), 2 passage(s)", "Added (1): c", "Removed (1): b", "Changed (1): a"} {
		if !strings.Contains(out, want) {
			t.Errorf("reindex summary lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = runCLI(t, "", "--corpus", dir, "--index", ix, "sources")
	if !strings.Contains(out, "Cherries") || strings.Contains(out, "Bananas") {
		t.Errorf("sources after reindex:\n%s", out)
	}
}

// TestDevQuestions is the answer engine's acceptance gate on the essay's
// development questions, scored exactly as `citebot eval` does.
func TestDevQuestions(t *testing.T) {
	if testing.Short() {
		t.Skip("scores 391 questions")
	}
	runner := func(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
		return Run(ctx, append([]string{"--env-file", "", "--index", t.TempDir()}, args...),
			func(string) string { return "" }, in, out, io.Discard)
	}
	tests := []struct {
		file string
		min  map[string]float64
	}{
		// The shared development questions.
		{"../" + defaultQuestions, map[string]float64{"hit@1": 0.95, "excerpt@1": 0.90, "none-accuracy": 1}},
		// Our own questions in the held-out set's style: paraphrases,
		// synonyms, typos, chat and off-topic questions. They were written
		// to find general faults, and floors sit below today's figures
		// (hit@1 0.91, excerpt@1 0.90) so that a change that loses several
		// of them fails.
		{"../testdata/eval/paraphrase-questions.jsonl", map[string]float64{"hit@1": 0.85, "excerpt@1": 0.82, "none-accuracy": 1}},
		// Questions in the same style written by a helper session that saw
		// neither the code nor the other sets: harder paraphrases, and
		// off-topic questions near the essay's topic (India, North Korea,
		// "how many barrels"). Today hit@1 0.72, excerpt@1 0.67, off-topic
		// 16 of 16.
		{"../testdata/eval/independent-questions.jsonl", map[string]float64{"hit@1": 0.64, "excerpt@1": 0.61, "none-accuracy": 0.93}},
		// The development questions made harder by machine: each answerable
		// one three times with a random one-letter typo (a swap, a letter
		// missing, extra or wrong) in a word of five or more letters, and
		// each question twice inside random chat ("hey bot, quick q: …
		// thx"), once lower-cased. Today hit@1 0.989 and 0.950.
		{"../testdata/eval/typo-questions.jsonl", map[string]float64{"hit@1": 0.93, "excerpt@1": 0.93}},
		{"../testdata/eval/chat-questions.jsonl", map[string]float64{"hit@1": 0.90, "excerpt@1": 0.90, "none-accuracy": 1}},
		// Questions as students type them in Discord (text-speak, typos,
		// mentions, words run together, world facts off-topic), written
		// blind and used to develop the chat repairs. Today hit@1 0.717,
		// hit@3 0.850, off-topic 11 of 12.
		{"../testdata/eval/student-a-questions.jsonl", map[string]float64{"hit@1": 0.68, "hit@3": 0.82, "none-accuracy": 0.83}},
		// The same, held out when written and seen since. Today hit@1 /
		// hit@3 / off-topic: student-b 0.804 / 0.891 / 10 of 10, student-c
		// 0.620 / 0.740 / 9 of 10, student-d 0.600 / 0.800 / 10 of 10,
		// student-e 0.840 / 0.960 / 10 of 10, student-f 0.780 / 0.900 / 9 of
		// 10, student-g 0.900 / 0.960 / 9 of 10, student-h 0.780 / 0.880 / 9
		// of 10, student-i 0.780 / 0.920 / 9 of 10, student-j 0.880 / 0.980 / 10
		// of 10.
		{"../testdata/eval/student-b-questions.jsonl", map[string]float64{"hit@1": 0.76, "hit@3": 0.85, "none-accuracy": 0.9}},
		{"../testdata/eval/student-c-questions.jsonl", map[string]float64{"hit@1": 0.58, "hit@3": 0.70, "none-accuracy": 0.8}},
		{"../testdata/eval/student-d-questions.jsonl", map[string]float64{"hit@1": 0.56, "hit@3": 0.76, "none-accuracy": 0.9}},
		{"../testdata/eval/student-e-questions.jsonl", map[string]float64{"hit@1": 0.80, "hit@3": 0.92, "none-accuracy": 0.8}},
		{"../testdata/eval/student-f-questions.jsonl", map[string]float64{"hit@1": 0.74, "hit@3": 0.86, "none-accuracy": 0.8}},
		{"../testdata/eval/student-g-questions.jsonl", map[string]float64{"hit@1": 0.86, "hit@3": 0.92, "none-accuracy": 0.8}},
		{"../testdata/eval/student-h-questions.jsonl", map[string]float64{"hit@1": 0.74, "hit@3": 0.84, "none-accuracy": 0.8}},
		{"../testdata/eval/student-i-questions.jsonl", map[string]float64{"hit@1": 0.74, "hit@3": 0.88, "none-accuracy": 0.8}},
		{"../testdata/eval/student-j-questions.jsonl", map[string]float64{"hit@1": 0.84, "hit@3": 0.94, "none-accuracy": 0.9}},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			rep, err := eval.Run(context.Background(), runner, eval.Options{
				Questions: []string{tc.file}, Sets: []string{"essay"}, Workdir: t.TempDir(),
			}, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			set := rep.Sets[0]
			for name, min := range tc.min {
				m, ok := set.Metric(name)
				if !ok {
					t.Fatalf("no %s in the report", name)
				}
				if m.Value < min {
					t.Errorf("%s = %.3f, want ≥ %.2f (failures: %+v)", name, m.Value, min, set.Failures)
				}
			}
		})
	}
}

func TestAskAboutSomethingUnmentioned(t *testing.T) {
	ix := t.TempDir()
	out, stderr, err := runCLI(t, "", "--index", ix, "ask", "What role does India play in the China-Russia relationship?")
	if err != nil {
		t.Fatalf("ask: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "The readings don't mention “India”.") || !strings.Contains(out, "They do cover:") {
		t.Errorf("output:\n%s", out)
	}
	out, stderr, err = runCLI(t, "", "--index", ix, "ask", "--json", "What role does India play in the China-Russia relationship?")
	if err != nil {
		t.Fatalf("ask --json: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, `"status":"not_found"`) || !strings.Contains(out, `"unmentioned":"India"`) {
		t.Errorf("json: %s", out)
	}
}
