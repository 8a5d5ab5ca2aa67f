package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citebot/citebot/index"
)

const leafReading = `# How Leaves Make Sugar

Ada Lovelace

## The Calvin cycle

In the Calvin cycle the enzyme RuBisCO fixes carbon dioxide from the air into three-carbon sugars.

Plants in hot, dry climates use C4 or CAM photosynthesis to limit water loss.
`

// TestReadingsCommands drives citebot readings and reindex --server: a
// server's library, then the shared readings folder.
func TestReadingsCommands(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "Leaf Notes (draft).md")
	if err := os.WriteFile(file, []byte(leafReading), 0o644); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(root, "junk.pdf")
	if err := os.WriteFile(junk, []byte("just words"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"--index", filepath.Join(root, "index"), "--data", filepath.Join(root, "data")}
	run := func(args ...string) (string, error) {
		t.Helper()
		out, stderr, err := runCLI(t, "", append(base, args...)...)
		return out + stderr, err
	}
	const server = "1240000000000000000"
	steps := []struct {
		args []string
		want string
		code int // exit code; 0 for success
	}{
		{[]string{"readings", "add", file, "--server", server}, `Added "How Leaves Make Sugar" (leaf-notes-draft) by Ada Lovelace: Markdown, 3 passage(s)`, 0},
		{[]string{"readings", "add", "--server=" + server, file}, "already in this server's library", 1},
		{[]string{"readings", "add", junk, "--server", server}, "not a PDF", 1},
		{[]string{"readings", "list", "--server", server}, "server/leaf-notes-draft", 0},
		{[]string{"readings", "hide", "glaser-2025-china-russia", "--server", server}, "no longer searches", 0},
		{[]string{"readings", "list", "--server", server}, "shared, hidden here", 0},
		{[]string{"reindex", "--server", server}, "Indexed 1 document(s)", 0},
		{[]string{"readings", "show", "glaser-2025-china-russia", "--server", server}, "again", 0},
		{[]string{"readings", "remove", "leaf-notes-draft", "--server", server}, "Removed", 0},
		{[]string{"readings", "list", "--server", server}, "1 reading(s)", 0},
		{[]string{"readings", "remove", "nothing", "--server", server}, "no reading called", 1},
		{[]string{"readings", "hide", "glaser-2025-china-russia"}, "give --server", 2},
		{[]string{"readings", "list", "--server", "../etc"}, "want a Discord server id", 2},
		{[]string{"readings", "add", file}, "set CORPUS_DIR", 2},
		{[]string{"readings", "frob"}, "usage", 2},
		{[]string{"reindex", "--server"}, "needs a value", 2},
		{[]string{"readings", "list"}, "glaser-2025-china-russia", 0},
	}
	for _, s := range steps {
		out, err := run(s.args...)
		code := 0
		if err != nil {
			code = ExitCode(err)
			out += err.Error()
		}
		if code != s.code || !strings.Contains(out, s.want) {
			t.Errorf("citebot %s: exit %d, want %d, and %q in:\n%s", strings.Join(s.args, " "), code, s.code, s.want, out)
		}
	}

	// A running bot holds the shared readings' index: a server's library
	// can still be managed.
	ix, err := index.New(filepath.Join(root, "index"), nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := run("readings", "add", file, "--server", server)
	if err != nil || !strings.Contains(out, "Added") {
		t.Errorf("readings add while the shared index is held: %v\n%s", err, out)
	}
	if out, err := run("readings", "list"); err == nil || !errors.Is(err, index.ErrLocked) {
		t.Errorf("the shared list while the shared index is held: %v\n%s", err, out)
	}
	ix.Close()

	// The shared readings: a folder of the operator's.
	shared := filepath.Join(root, "shared")
	if err := os.Mkdir(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	essay, err := os.ReadFile("../readings/glaser-2025-china-russia.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shared, "essay.md"), essay, 0o644); err != nil {
		t.Fatal(err)
	}
	base = append(base, "--corpus", shared)
	for _, s := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{"readings", "add", file}, "as leaf-notes-draft.md", 0},
		{[]string{"readings", "add", file}, "already has a file called leaf-notes-draft.md", 1},
		{[]string{"readings", "list"}, "How Leaves Make Sugar", 0},
		{[]string{"readings", "remove", "How Leaves Make Sugar"}, "Removed leaf-notes-draft.md", 0},
	} {
		out, err := run(s.args...)
		code := 0
		if err != nil {
			code = ExitCode(err)
			out += err.Error()
		}
		if code != s.code || !strings.Contains(out, s.want) {
			t.Errorf("citebot --corpus %s: exit %d, want %d, and %q in:\n%s", strings.Join(s.args, " "), code, s.code, s.want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(shared, "leaf-notes-draft.md")); !os.IsNotExist(err) {
		t.Errorf("the removed shared reading is still there: %v", err)
	}
}
