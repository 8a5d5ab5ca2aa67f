package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citebot/citebot/conceptmap"
	"github.com/citebot/citebot/handlers"
)

var update = flag.Bool("update", false, "rewrite golden files")

// noEnv is an empty environment.
func noEnv(string) string { return "" }

// citebot runs the command line as main does, with the built-in readings
// and an index in a fresh temporary folder, and returns what it wrote.
func citebot(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	full := append([]string{"--index", t.TempDir(), "--env-file", ""}, args...)
	var out, errOut bytes.Buffer
	ctx := context.Background()
	err = Run(ctx, full, noEnv, strings.NewReader(""), &out, &errOut)
	var u usageError
	if errors.As(err, &u) && strings.HasPrefix(u.msg, "unknown command") {
		// Until commands.go lists explain and concepts, dispatch to them as run would.
		out.Reset()
		errOut.Reset()
		cfg, rest, perr := parseConfig(full, noEnv, &errOut)
		if perr != nil {
			t.Fatalf("parse %q: %v", full, perr)
		}
		cmds := map[string]func(context.Context, config, []string, io.Reader, io.Writer, io.Writer) error{
			"explain":  runExplain,
			"concepts": runConcepts,
		}
		cmd, ok := cmds[rest[0]]
		if !ok {
			return out.String(), errOut.String(), err
		}
		err = cmd(ctx, cfg, rest[1:], strings.NewReader(""), &out, &errOut)
	}
	return out.String(), errOut.String(), err
}

// golden compares got with the file testdata/golden/name, or rewrites the
// file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s (run go test -update to create it): %v", path, err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run go test -update to accept):\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestExplainJSONGolden(t *testing.T) {
	tests := []struct {
		file string
		args []string
	}{
		{"explain-wedging.json", []string{"explain", "--json", "wedging"}},
		{"explain-internal-balancing.json", []string{"explain", "--json", "internal balancing"}},
		{"explain-security-dilemma.json", []string{"explain", "--json", "securty dilema"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			out, errOut, err := citebot(t, tt.args...)
			if err != nil {
				t.Fatalf("citebot %v: %v\n%s", tt.args, err, errOut)
			}
			if !json.Valid([]byte(out)) {
				t.Fatalf("not JSON: %s", out)
			}
			golden(t, tt.file, out)
		})
	}
}

func TestExplainJSONFields(t *testing.T) {
	out, errOut, err := citebot(t, "explain", "--json", "Bloodletting")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	var card map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &card); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"name", "aliases", "group", "explanation", "definitions", "related", "occurrences"} {
		if _, ok := card[f]; !ok {
			t.Errorf("the card has no %q field: %s", f, out)
		}
	}
	var c handlers.Concept
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if c.Name != "bloodletting" || len(c.Definitions) == 0 || c.Definitions[0].PassageID == "" || c.Definitions[0].Ref == "" {
		t.Errorf("card = %+v, want bloodletting with a cited definition", c)
	}
}

func TestExplainUnknownJSON(t *testing.T) {
	// The fallback answer comes from the ranking, which has tests of its
	// own; here only the shape and the suggestions are checked.
	out, errOut, err := citebot(t, "explain", "--json", "offshore balancing")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	var miss struct {
		Query       string           `json:"query"`
		Concept     *json.RawMessage `json:"concept"`
		Suggestions []string         `json:"suggestions"`
		Fallback    *jsonAnswer      `json:"fallback"`
	}
	if err := json.Unmarshal([]byte(out), &miss); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if miss.Query != "offshore balancing" || miss.Concept != nil || miss.Fallback == nil {
		t.Errorf("got %s, want the query, a null concept and a fallback answer", out)
	}
	if len(miss.Suggestions) == 0 || miss.Suggestions[0] != "balancing" {
		t.Errorf("suggestions = %q, want balancing first", miss.Suggestions)
	}
}

func TestExplainText(t *testing.T) {
	out, errOut, err := citebot(t, "explain", "wedging")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	reading := strings.Index(out, "In the readings:")
	short := strings.Index(out, "In short:")
	if reading < 0 || short < reading {
		t.Fatalf("want the readings' definitions before the explanation:\n%s", out)
	}
	for _, want := range []string{"an attempt to divide an opposing alliance", "Glaser 2025, §2", "Crawford", "Related:", "Appears in: Glaser 2025"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestExplainUnknownText(t *testing.T) {
	out, errOut, err := citebot(t, "explain", "offshore balancing")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	for _, want := range []string{"no concept called “offshore balancing”", "Closest: balancing"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestExplainUsage(t *testing.T) {
	_, _, err := citebot(t, "explain")
	var u usageError
	if !errors.As(err, &u) {
		t.Fatalf("explain with no concept: err = %v, want a usage error", err)
	}
}

func TestConceptsList(t *testing.T) {
	out, errOut, err := citebot(t, "concepts")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if errOut != "" {
		t.Errorf("the shipped glossary has problems:\n%s", errOut)
	}
	for _, want := range []string{"Strategy (", "Theory (", "  wedging", "security dilemma", "defined in the readings", "concepts. Explain one with"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = citebot(t, "concepts", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var list []handlers.ConceptSummary
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(list) < 15 {
		t.Errorf("got %d concepts, want the whole glossary", len(list))
	}
}

func TestConceptsMap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "map.png")
	out, errOut, err := citebot(t, "concepts", "--map", path)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if !strings.Contains(out, path) {
		t.Errorf("output %q does not name the file", out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != conceptmap.Width || b.Dy() != conceptmap.Height {
		t.Errorf("size %v, want %d×%d", b.Size(), conceptmap.Width, conceptmap.Height)
	}
}
