package corpus

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/citebot/citebot/readings"
)

// docPaths returns the paths of the loaded documents.
func docPaths(c *Corpus) []string {
	var out []string
	for _, d := range c.Documents {
		out = append(out, d.Path)
	}
	return out
}

// problemText returns the problems' messages by path.
func problemText(c *Corpus) map[string]string {
	out := map[string]string{}
	for _, p := range c.Problems {
		out[p.Path] = p.Error()
	}
	return out
}

// sameStrings fails unless got equals want.
func sameStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"good.md":             {Data: []byte("# Good\n\nA paragraph.\n")},
		"bom.md":              {Data: []byte("\ufeff# Bom\n\nText.\n")},
		"plain.txt":           {Data: []byte("Plain Title\n\nText here.\n")},
		"empty.md":            {Data: nil},
		"blank.txt":           {Data: []byte(" \n\t\n")},
		"binary.md":           {Data: []byte("# Bin\n\x00\x01\x02")},
		"latin1.md":           {Data: []byte("# Title\n\nline two\n\ncaf\xe9\n")},
		"headings-only.md":    {Data: []byte("# Only\n\n## Headings\n")},
		"sub/nested.md":       {Data: []byte("# Nested\n\nDeep text.\n")},
		"sub/deeper/more.txt": {Data: []byte("Even deeper.\n")},
		"sub/other.toml":      {Data: []byte("x = 1\n")}, // not at the root: named
		"Thumbs.db":           {Data: []byte("junk")},    // left by Windows: ignored
		"~$draft.docx":        {Data: []byte("lock")},    // left by Word: ignored
		"notes.md":            {Data: []byte("Notes.\n")},
		"notes.txt":           {Data: []byte("Same id.\n")},
		"glossary.toml":       {Data: []byte("[terms]\nwedging = \"dividing an alliance\"\n")},
		"aliases.toml":        {Data: []byte("\ufeff")},
		"image.png":           {Data: []byte("\x89PNG")},
		".hidden.md":          {Data: []byte("# Hidden\n\nText.\n")},
		".git/config.md":      {Data: []byte("# Hidden\n\nText.\n")},
		"UPPER.MD":            {Data: []byte("Upper-case extension.\n")},
		"essay.markdown":      {Data: []byte("# E\n\nText.\n")},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	sameStrings(t, "documents", docPaths(c), []string{
		"UPPER.MD", "bom.md", "essay.markdown", "good.md", "notes.md", "plain.txt", "sub/deeper/more.txt", "sub/nested.md",
	})
	wantProblems := map[string]string{
		"empty.md":         "empty.md: empty file",
		"blank.txt":        "blank.txt: empty file (only white space)",
		"binary.md":        "binary.md: binary file, not text",
		"latin1.md":        "latin1.md: not valid UTF-8 (line 5)",
		"headings-only.md": "headings-only.md: nothing to cite (no paragraphs or list items)",
		"notes.txt":        "notes.txt: same document id as another file (notes.md); rename one of them",
		"image.png":        "image.png: unsupported format (.png); citebot reads .md, .markdown, .txt, .pdf, .docx, .epub, .html and .htm files",
		"sub/other.toml":   "sub/other.toml: settings files (glossary.toml, aliases.toml) are read only at the root of the readings folder; move it there",
	}
	got := problemText(c)
	for p, msg := range wantProblems {
		if got[p] != msg {
			t.Errorf("problem for %s = %q, want %q", p, got[p], msg)
		}
	}
	if len(got) != len(wantProblems) {
		t.Errorf("problems = %q, want %d", got, len(wantProblems))
	}
	for i := 1; i < len(c.Problems); i++ {
		if c.Problems[i-1].Path > c.Problems[i].Path {
			t.Errorf("problems not sorted: %s before %s", c.Problems[i-1].Path, c.Problems[i].Path)
		}
	}
	for _, p := range c.Problems {
		if p.Path == "binary.md" && !errors.Is(p, ErrBinary) {
			t.Errorf("binary.md problem does not unwrap to ErrBinary")
		}
	}

	if string(c.Files["glossary.toml"]) != string(fsys["glossary.toml"].Data) {
		t.Errorf("glossary.toml = %q", c.Files["glossary.toml"])
	}
	if data, ok := c.Files["aliases.toml"]; !ok || len(data) != 0 {
		t.Errorf("aliases.toml = %q, %v; want empty (BOM stripped)", data, ok)
	}
	if _, ok := c.Files["sub/other.toml"]; ok || len(c.Files) != 2 {
		t.Errorf("files = %v, want only the root .toml files", c.Files)
	}

	byID := map[string]Document{}
	for _, d := range c.Documents {
		byID[d.ID] = d
	}
	if d := byID["sub/nested"]; d.Path != "sub/nested.md" || d.Title != "Nested" || d.Passages[0].ID != "sub/nested#0.1" {
		t.Errorf("nested document = %+v", d)
	}
	if d := byID["plain"]; d.Title != "Plain Title" || d.Passages[0].Text != "Text here." {
		t.Errorf("text document = %+v", d)
	}
	if d := byID["bom"]; d.Title != "Bom" {
		t.Errorf("BOM document title = %q", d.Title)
	}
	if n := c.Passages(); n != 8 {
		t.Errorf("Passages() = %d, want 8", n)
	}
}

func TestLoadTooLarge(t *testing.T) {
	fsys := fstest.MapFS{
		"big.md": {Data: make([]byte, MaxFileSize+1)},
		"ok.md":  {Data: []byte("Fine.\n")},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 1 || !errors.Is(c.Problems[0], ErrTooLarge) {
		t.Fatalf("problems = %v, want big.md too large", c.Problems)
	}
	if msg := c.Problems[0].Error(); msg != "big.md: too large (32.0 MiB; the limit is 32 MiB)" {
		t.Errorf("message = %q", msg)
	}
	sameStrings(t, "documents", docPaths(c), []string{"ok.md"})
}

func TestLoadEmbeddedReadings(t *testing.T) {
	c, err := Load(readings.FS)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 0 || len(c.Documents) == 0 {
		t.Fatalf("documents %v, problems %v", docPaths(c), c.Problems)
	}
	if d := c.Documents[0]; d.ID != "glaser-2025-china-russia" || d.Citation() != "Glaser 2025" {
		t.Errorf("first document %s cited as %q", d.ID, d.Citation())
	}
}

// writeFile writes data to dir/name, creating folders.
func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// symlink makes a symbolic link or skips the test where that is not possible.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlinks not supported: %v", err)
	}
}

func TestLoadDir(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "corpus")
	writeFile(t, dir, "a.md", "# A\n\nText of a.\n")
	writeFile(t, dir, "sub/b.txt", "Text of b.\n")
	secret := writeFile(t, base, "outside/secret.md", "# Secret\n\nDo not load.\n")
	symlink(t, secret, filepath.Join(dir, "abs-out.md"))
	symlink(t, filepath.Join("..", "outside", "secret.md"), filepath.Join(dir, "rel-out.md"))
	symlink(t, filepath.Join("..", "..", "outside", "secret.md"), filepath.Join(dir, "sub", "deep-out.md"))
	symlink(t, "a.md", filepath.Join(dir, "rel-in.md"))
	symlink(t, filepath.Join(dir, "sub", "b.txt"), filepath.Join(dir, "abs-in.txt"))
	symlink(t, "missing.md", filepath.Join(dir, "broken.md"))
	symlink(t, filepath.Join(base, "outside"), filepath.Join(dir, "linked-folder"))

	c, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sameStrings(t, "documents", docPaths(c), []string{"a.md", "abs-in.txt", "rel-in.md", "sub/b.txt"})
	got := problemText(c)
	for _, p := range []string{"abs-out.md", "rel-out.md", "sub/deep-out.md"} {
		if got[p] != p+": points outside the corpus folder" {
			t.Errorf("problem for %s = %q", p, got[p])
		}
	}
	if !strings.HasPrefix(got["broken.md"], "broken.md: broken link") {
		t.Errorf("problem for broken.md = %q", got["broken.md"])
	}
	if got["linked-folder"] != "linked-folder: is a link to a folder; links to folders are not followed" {
		t.Errorf("problem for linked-folder = %q", got["linked-folder"])
	}
	if len(got) != 5 {
		t.Errorf("problems = %q", got)
	}
	for _, d := range c.Documents {
		if strings.Contains(d.Title, "Secret") {
			t.Errorf("loaded %s from outside the folder", d.Path)
		}
	}
}

func TestLoadDirErrors(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "file.md", "Text.\n")
	missing := filepath.Join(dir, "missing")
	tests := []struct {
		name string
		dir  string
		is   error
	}{
		{"missing", missing, fs.ErrNotExist},
		{"file", file, errNotFolder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, call := range []func(string) error{
				func(d string) error { _, err := LoadDir(d); return err },
				func(d string) error { _, err := FingerprintDir(d); return err },
			} {
				err := call(tt.dir)
				if err == nil || !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.dir) {
					t.Errorf("err = %v, want one naming %s and wrapping %v", err, tt.dir, tt.is)
				}
			}
		})
	}
}

func TestFingerprint(t *testing.T) {
	t0 := time.Date(2025, 11, 1, 12, 0, 0, 0, time.UTC)
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"a.md":          {Data: []byte("# A\n\nText.\n"), ModTime: t0},
			"sub/b.txt":     {Data: []byte("B.\n"), ModTime: t0},
			"glossary.toml": {Data: []byte("x = 1\n"), ModTime: t0},
			"image.png":     {Data: []byte("png"), ModTime: t0},
			".hidden.md":    {Data: []byte("h"), ModTime: t0},
		}
	}
	fp := func(t *testing.T, fsys fs.FS) string {
		t.Helper()
		s, err := Fingerprint(fsys)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	want := fp(t, base())
	if again := fp(t, base()); again != want {
		t.Fatalf("fingerprint not stable: %s then %s", want, again)
	}
	changes := []struct {
		name   string
		change func(fstest.MapFS)
		same   bool
	}{
		{"edit (mod time)", func(m fstest.MapFS) { m["a.md"].ModTime = t0.Add(time.Second) }, false},
		{"edit (size)", func(m fstest.MapFS) { m["a.md"].Data = []byte("# A\n\nLonger text.\n") }, false},
		{"edit glossary", func(m fstest.MapFS) { m["glossary.toml"].ModTime = t0.Add(time.Second) }, false},
		{"add", func(m fstest.MapFS) { m["c.md"] = &fstest.MapFile{Data: []byte("C."), ModTime: t0} }, false},
		{"remove", func(m fstest.MapFS) { delete(m, "sub/b.txt") }, false},
		{"rename", func(m fstest.MapFS) { m["sub/c.txt"] = m["sub/b.txt"]; delete(m, "sub/b.txt") }, false},
		{"ignored file changes", func(m fstest.MapFS) { m["image.png"].ModTime = t0.Add(time.Hour) }, true},
		{"hidden file changes", func(m fstest.MapFS) { m[".hidden.md"].Data = []byte("changed") }, true},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			m := base()
			c.change(m)
			if got := fp(t, m); (got == want) != c.same {
				t.Errorf("fingerprint same = %v, want %v", got == want, c.same)
			}
		})
	}

	t.Run("zero mod time hashes content", func(t *testing.T) {
		a := fstest.MapFS{"a.md": {Data: []byte("one.")}}
		b := fstest.MapFS{"a.md": {Data: []byte("two.")}}
		if fp(t, a) == fp(t, b) {
			t.Error("same-size edit without mod times not detected")
		}
		if fp(t, a) != fp(t, fstest.MapFS{"a.md": {Data: []byte("one.")}}) {
			t.Error("fingerprint of equal content differs")
		}
	})
	t.Run("embedded readings", func(t *testing.T) {
		if fp(t, readings.FS) != fp(t, readings.FS) {
			t.Error("fingerprint of embed.FS not stable")
		}
	})
}

func TestFingerprintDir(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.md", "A.\n")
	fp := func() string {
		t.Helper()
		s, err := FingerprintDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := fp()
	if fp() != first {
		t.Fatal("fingerprint not stable")
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(a, later, later); err != nil {
		t.Fatal(err)
	}
	second := fp()
	if second == first {
		t.Error("touching a.md did not change the fingerprint")
	}
	writeFile(t, dir, "sub/b.md", "B.\n")
	if fp() == second {
		t.Error("adding sub/b.md did not change the fingerprint")
	}
}
