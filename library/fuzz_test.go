package library

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNames checks that no attachment name reaches the disk as a path: a
// slug is a non-empty run of [a-z0-9-] of at most maxSlug bytes, and a
// display name has no path separator or control character.
func FuzzNames(f *testing.F) {
	for _, s := range []string{"notes.md", "../../etc/passwd", `C:\x\..\y.pdf`, ".hidden", "\x00", "Ünïcode — title.epub", strings.Repeat("ab/", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		s := slug(name)
		if s == "" || len(s) > maxSlug || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") {
			t.Fatalf("slug(%q) = %q", name, s)
		}
		for _, r := range s {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Fatalf("slug(%q) = %q has %q", name, s, r)
			}
		}
		if slug(s) != s {
			t.Fatalf("slug is not stable: %q → %q → %q", name, s, slug(s))
		}
		d := displayName(name)
		if strings.ContainsAny(d, "/\\") || len(d) > 200 || (utf8.ValidString(name) && !utf8.ValidString(d)) {
			t.Fatalf("displayName(%q) = %q", name, d)
		}
		for _, r := range d {
			if r < 0x20 || r == 0x7f {
				t.Fatalf("displayName(%q) = %q has a control character", name, d)
			}
		}
	})
}

// FuzzManifest checks that any manifest.json is read or refused without a
// panic, and that one that is read names only files citebot could have
// written.
func FuzzManifest(f *testing.F) {
	f.Add([]byte(`{"format":1,"readings":[{"id":"a","file":"a.md","format":"markdown","sha256":"00"}],"hidden":["x"]}`))
	f.Add([]byte(`{"format":1,"readings":[{"id":"../x","file":"../x.md","format":"markdown"}]}`))
	f.Add([]byte(`{"format":9}`))
	f.Add([]byte(`nul`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "manifest.json")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := readManifest(p)
		if err != nil {
			return
		}
		for _, r := range m.Readings {
			if strings.ContainsAny(r.File, `/\`) || strings.HasPrefix(r.File, ".") || filepath.Base(r.File) != r.File {
				t.Fatalf("manifest accepted with file %q", r.File)
			}
		}
	})
}
