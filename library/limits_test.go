package library

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/citebot/citebot/corpus"
)

// TestAddKeepsReadingLimits checks that an upload is read within the
// reading limits the operator set (READINGS_* for the shared readings
// too): a Word file that unpacks past the limit is refused and the library
// stays as it was, while the same file is added under the defaults.
func TestAddKeepsReadingLimits(t *testing.T) {
	docx, err := os.ReadFile(filepath.Join("..", "corpus", "testdata", "formats", "glaser.docx"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		name    string
		reading corpus.Options
		added   bool
	}{
		{"defaults", corpus.Options{}, true},
		{"unpacked limit of 1 KiB", corpus.Options{MaxUnpacked: 1 << 10}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			l, err := New(Config{Dir: filepath.Join(dir, "data"), Shared: sharedReadings(t, dir), Reading: tc.reading})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Close() })
			_, err = l.Add(ctx, serverA, Upload{Name: "glaser.docx", Body: bytes.NewReader(docx)}, nil)
			if tc.added && err != nil {
				t.Fatalf("Add: %v", err)
			}
			if !tc.added && (err == nil || !errors.Is(err, ErrRefused)) {
				t.Fatalf("Add: %v, want a refusal", err)
			}
			list, err := l.List(ctx, serverA)
			if err != nil {
				t.Fatal(err)
			}
			own := 0
			for _, r := range list {
				if !r.Shared {
					own++
				}
			}
			if want := map[bool]int{true: 1, false: 0}[tc.added]; own != want {
				t.Errorf("%d readings of the server's own, want %d", own, want)
			}
		})
	}
}
