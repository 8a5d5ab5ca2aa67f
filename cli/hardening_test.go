package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
)

// hardRun runs citebot as main does, with no environment and no .env
// file, and returns what it wrote to stdout and stderr.
func hardRun(tb testing.TB, stdin string, args ...string) (string, string, error) {
	tb.Helper()
	var out, errOut bytes.Buffer
	err := Run(context.Background(), append([]string{"--env-file", ""}, args...),
		func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// cliHostile are hostile questions for the command line: size, query
// syntax, control and invisible characters, broken UTF-8, Discord
// mentions and Markdown. handlers/hostile_test.go has more.
var cliHostile = []string{
	strings.Repeat("what is the security dilemma? ", 340)[:10000],
	strings.Repeat("zq", 5000),
	`?!.,;:…—()[]{}<>"'` + "`~@#$%^&*_+=|\\/",
	"", "   ",
	"*", "?", "/.*/", "body:/.*/", "field:value", "+a -b", "+security -dilemma", `"unbalanced`,
	"word~5", "a^3", "[* TO *]", `\:\*\?`,
	"security\x00dilemma", "\x00", "\x01\x1b[31mred\x1b[0m\x7f", "\xff\xfe security \xc3\x28",
	"sec\u200burity\ufeff dilemma", "\u202eamelid ytiruces\u202c", "מה זה דילמת ביטחון?",
	"@everyone what is wedging?", "@here", "<@&123456789012345678> security", "<@123456789012345678>",
	"```\nwedging\n```", "||bloodletting||", "[x](http://evil.example/) china", "# Heading\n## alliance",
	strings.Repeat("A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R.S.T.U.V.W.X.Y.Z.", 40),
}

// cliAnswer is the part of a line of `ask --json` the hostile tests check.
type cliAnswer struct {
	Question string `json:"question"`
	Status   string `json:"status"`
	Results  []struct {
		PassageID string `json:"passage_id"`
		Excerpt   string `json:"excerpt"`
		Passage   string `json:"passage"`
	} `json:"results"`
}

// checkJSONLine checks one line of `ask --json`: valid JSON in valid
// UTF-8, a known status, and excerpts that are verbatim spans of their
// passage of at most handlers.MaxExcerpt bytes.
func checkJSONLine(tb testing.TB, line string) {
	tb.Helper()
	if !utf8.ValidString(line) || !json.Valid([]byte(line)) {
		tb.Fatalf("not valid JSON: %.200q", line)
	}
	var a cliAnswer
	if err := json.Unmarshal([]byte(line), &a); err != nil {
		tb.Fatal(err)
	}
	switch {
	case a.Status == "answered" && len(a.Results) > 0:
	case a.Status == "not_found" && len(a.Results) == 0:
	default:
		tb.Errorf("status %q with %d results", a.Status, len(a.Results))
	}
	if len(a.Question) > handlers.MaxQuestion || strings.ContainsAny(a.Question, "\x00\x1b\u200b\u202e\ufeff\n") {
		tb.Errorf("question kept as %.80q (%d bytes)", a.Question, len(a.Question))
	}
	for _, r := range a.Results {
		core := strings.TrimSuffix(strings.TrimPrefix(r.Excerpt, "…"), "…")
		if r.Excerpt == "" || len(r.Excerpt) > handlers.MaxExcerpt || !strings.Contains(r.Passage, core) {
			tb.Errorf("%s: excerpt of %d bytes is not a span of the passage: %q", r.PassageID, len(r.Excerpt), r.Excerpt)
		}
	}
}

// TestCLIHostileQuestions asks each hostile question through `citebot ask
// --json`, as an argument and on standard input: never an error, always
// one valid JSON line per question, in bounded time.
func TestCLIHostileQuestions(t *testing.T) {
	ix := t.TempDir()
	if _, stderr, err := hardRun(t, "", "--index", ix, "sources"); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	var took []time.Duration
	for i, q := range cliHostile {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			start := time.Now()
			out, stderr, err := hardRun(t, "", "--index", ix, "ask", "--json", q)
			took = append(took, time.Since(start))
			if err != nil {
				t.Fatalf("ask %.60q: %v\n%s", q, err, stderr)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != 1 {
				t.Fatalf("ask %.60q: %d lines", q, len(lines))
			}
			checkJSONLine(t, lines[0])
			if time.Since(start) > 2*time.Second {
				t.Errorf("ask %.60q took %v", q, time.Since(start))
			}
		})
	}
	slices.Sort(took)
	t.Logf("%d runs of `citebot ask --json` (index opened each time): median %v, max %v",
		len(took), took[len(took)/2], took[len(took)-1])

	// All at once on standard input, one per line.
	var in strings.Builder
	n := 0
	for _, q := range cliHostile {
		if !strings.ContainsAny(q, "\n\r") {
			in.WriteString(q + "\n")
			n++
		}
	}
	out, stderr, err := hardRun(t, in.String(), "--index", ix, "ask", "--json")
	if err != nil {
		t.Fatalf("ask from stdin: %v\n%s", err, stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		checkJSONLine(t, sc.Text())
		lines++
	}
	if lines != n {
		t.Errorf("%d JSON lines for %d questions", lines, n)
	}
}

// currentGeneration returns the directory of the generation CURRENT names.
func currentGeneration(tb testing.TB, indexDir string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(indexDir, "CURRENT"))
	if err != nil {
		tb.Fatal(err)
	}
	return filepath.Join(indexDir, strings.TrimSpace(string(b)))
}

// generationDirs lists the generation directories of an index.
func generationDirs(tb testing.TB, indexDir string) []string {
	tb.Helper()
	m, err := filepath.Glob(filepath.Join(indexDir, "gen-*"))
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestCLIRebuildsDamagedIndex damages the index on disk in each way of the
// hardening issue and checks `citebot ask` detects it, logs it, rebuilds
// from the readings, answers, and leaves only the new generation.
func TestCLIRebuildsDamagedIndex(t *testing.T) {
	truncate := func(path string, size func(int64) int64) error {
		info, err := os.Stat(path)
		if err != nil {
			return err
		}
		return os.Truncate(path, size(info.Size()))
	}
	zaps := func(gen string) []string {
		m, _ := filepath.Glob(filepath.Join(gen, "bleve", "store", "*.zap"))
		return m
	}
	for _, tc := range []struct {
		name   string
		damage func(gen string) error
	}{
		{"root.bolt truncated", func(gen string) error {
			return truncate(filepath.Join(gen, "bleve", "store", "root.bolt"), func(n int64) int64 { return n / 3 })
		}},
		{"segment missing", func(gen string) error { return os.Remove(zaps(gen)[0]) }},
		{"segment truncated", func(gen string) error {
			return truncate(zaps(gen)[0], func(n int64) int64 { return n * 2 / 3 })
		}},
		{"manifest.json bad", func(gen string) error {
			return os.WriteFile(filepath.Join(gen, "manifest.json"), []byte("{]"), 0o644)
		}},
		{"index_meta.json bad", func(gen string) error {
			return os.WriteFile(filepath.Join(gen, "bleve", "index_meta.json"), []byte("null"), 0o644)
		}},
		{"CURRENT names a missing directory", os.RemoveAll},
		{"CURRENT garbage", func(gen string) error {
			return os.WriteFile(filepath.Join(filepath.Dir(gen), "CURRENT"), []byte("\x00\xff"), 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix := t.TempDir()
			if _, stderr, err := hardRun(t, "", "--index", ix, "sources"); err != nil {
				t.Fatalf("build: %v\n%s", err, stderr)
			}
			gen := currentGeneration(t, ix)
			if err := tc.damage(gen); err != nil {
				t.Fatal(err)
			}
			out, stderr, err := hardRun(t, "", "--index", ix, "ask", "--json", "what is wedging?")
			if err != nil {
				t.Fatalf("ask on a damaged index: %v\n%s", err, stderr)
			}
			if !strings.Contains(stderr, "index unusable; rebuilding") {
				t.Errorf("the damage was not logged:\n%s", stderr)
			}
			checkJSONLine(t, strings.TrimSpace(out))
			if !strings.Contains(out, `"status":"answered"`) {
				t.Errorf("not answered after the rebuild:\n%s", out)
			}
			if gens := generationDirs(t, ix); len(gens) != 1 || gens[0] == gen {
				t.Errorf("generations after the rebuild: %v (damaged %s)", gens, filepath.Base(gen))
			}
			t.Logf("logged: %s", strings.TrimSpace(stderr))
		})
	}
}

// TestCLILockedIndex holds the index open as another citebot process
// would and checks a command fails within seconds with a clear error.
func TestCLILockedIndex(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, err := hardRun(t, "", "--index", dir, "sources"); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr)
	}
	held, err := index.New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	// Each command waits two seconds for the lock; they wait together.
	t.Run("commands", func(t *testing.T) {
		for _, cmd := range [][]string{{"ask", "--json", "what is wedging?"}, {"reindex"}, {"sources"}} {
			t.Run(cmd[0], func(t *testing.T) {
				t.Parallel()
				start := time.Now()
				_, _, err := hardRun(t, "", append([]string{"--index", dir}, cmd...)...)
				took := time.Since(start)
				if !errors.Is(err, index.ErrLocked) || !strings.Contains(err.Error(), "in use by another citebot process") {
					t.Errorf("%s on a held index: %v, want ErrLocked", cmd[0], err)
				}
				if took > 5*time.Second {
					t.Errorf("%s took %v to give up", cmd[0], took)
				}
				t.Logf("%s: %v after %v", cmd[0], err, took.Round(time.Millisecond))
			})
		}
	})
}

// writeReading writes a small Markdown reading about the given word.
func writeReading(tb testing.TB, path, word string) {
	tb.Helper()
	text := fmt.Sprintf("# On %[1]s\n\nA. Author\n\n## What %[1]s is\n\n"+
		"The %[1]s grows in warm places. Scholars of %[1]s disagree about its origins.\n", word)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// TestCLICorpusFaults puts a moderator's broken files in the corpus
// folder: each is named in the reindex summary while the rest is indexed;
// and when nothing usable remains, the old index keeps answering and the
// error says why.
func TestCLICorpusFaults(t *testing.T) {
	root := t.TempDir()
	dir, ix := filepath.Join(root, "readings"), filepath.Join(root, "index")
	outside := filepath.Join(root, "outside.md")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeReading(t, filepath.Join(dir, "bananas.md"), "banana")
	writeReading(t, outside, "secret")
	files := map[string][]byte{
		"binary.md": []byte("# Bin\n\n\x00\x01\x02\x03 text"),
		"latin1.md": []byte("# Caf\xe9\n\nUn caf\xe9 cr\xe8me.\n"),
		"empty.md":  nil,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	huge := filepath.Join(dir, "huge.md")
	if err := os.WriteFile(huge, []byte("# Huge\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 200<<20); err != nil { // sparse: no 200 MB written
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}

	out, stderr, err := hardRun(t, "", "--corpus", dir, "--index", ix, "reindex")
	if err != nil {
		t.Fatalf("reindex: %v\n%s", err, stderr)
	}
	t.Logf("reindex summary:\n%s", out)
	for _, want := range []string{"Indexed 1 document(s)", "Skipped binary.md: binary", "Skipped empty.md: empty",
		"Skipped huge.md: too large", "Skipped latin1.md: not valid UTF-8", "Skipped link.md: points outside"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	ask := func(when string) string {
		t.Helper()
		out, stderr, err := hardRun(t, "", "--corpus", dir, "--index", ix, "ask", "--json", "where does the banana grow?")
		if err != nil || !strings.Contains(out, `"status":"answered"`) || !strings.Contains(out, "bananas#") {
			t.Errorf("%s: ask: %v\n%s\n%s", when, err, out, stderr)
		}
		if strings.Contains(out, "secret") {
			t.Errorf("%s: answered from the file outside the folder", when)
		}
		return stderr
	}
	ask("with broken files")

	// Nothing usable left: every file broken, then the folder emptied,
	// then the folder gone. The old index keeps answering.
	if err := os.WriteFile(filepath.Join(dir, "bananas.md"), []byte("\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, err = hardRun(t, "", "--corpus", dir, "--index", ix, "reindex")
	if err == nil || !errors.Is(err, index.ErrEmptyCorpus) {
		t.Fatalf("reindex of a broken corpus: %v, want ErrEmptyCorpus", err)
	}
	for _, want := range []string{"bananas.md: binary", "huge.md: too large", "link.md: points outside"} {
		if !strings.Contains(err.Error(), want) || !strings.Contains(out, want) {
			t.Errorf("neither the error nor the output names %q:\nerror: %v\nstdout: %s", want, err, out)
		}
	}
	t.Logf("all broken: %v", err)
	if !strings.Contains(err.Error(), "the index built before stays in use") {
		t.Errorf("the error does not say the old index is kept: %v", err)
	}
	if stderr := ask("all files broken"); !strings.Contains(stderr, "answering from the index built before") ||
		!strings.Contains(stderr, "bananas.md: binary") {
		t.Errorf("ask does not say why it answers from the old index:\n%s", stderr)
	}

	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	_, _, err = hardRun(t, "", "--corpus", dir, "--index", ix, "reindex")
	if !errors.Is(err, index.ErrEmptyCorpus) || !strings.Contains(err.Error(), "no readings") {
		t.Errorf("reindex of an empty folder: %v", err)
	}
	t.Logf("folder emptied: %v", err)
	ask("folder emptied")

	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	_, _, err = hardRun(t, "", "--corpus", dir, "--index", ix, "reindex")
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("reindex of a missing folder: %v", err)
	}
	t.Logf("folder gone: %v", err)
	if stderr := ask("folder gone"); !strings.Contains(stderr, "answering from the index built before") {
		t.Errorf("ask does not say why it answers from the old index:\n%s", stderr)
	}
}
