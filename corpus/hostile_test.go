package corpus

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/citebot/citebot/readings"
)

// fixture returns the bytes of a file in testdata/formats.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestUnusableFilesNamed loads a folder of good readings beside a scan, a
// truncated PDF, an encrypted PDF, a DOCX that inflates to 1 GiB, junk
// named .pdf and an unsupported format: each bad file is named with its
// reason within seconds, and the good ones are indexed.
func TestUnusableFilesNamed(t *testing.T) {
	pdf := fixture(t, "glaser.pdf")
	fsys := fstest.MapFS{
		"good/paper.pdf":    {Data: pdf},
		"good/essay.docx":   {Data: fixture(t, "glaser.docx")},
		"good/notes.md":     {Data: []byte("# Notes\n\nWedging divides an alliance.\n")},
		"bad/scanned.pdf":   {Data: fixture(t, "scanned.pdf")},
		"bad/truncated.pdf": {Data: pdf[:len(pdf)/3]},
		"bad/encrypted.pdf": {Data: fixture(t, "encrypted.pdf")},
		"bad/bomb.docx":     {Data: fixture(t, "bomb.docx")},
		"bad/junk.pdf":      {Data: []byte("this is not a PDF, it only has the name of one\n")},
		"bad/slides.pptx":   {Data: []byte("PK\x03\x04")},
	}
	start := time.Now()
	c, err := LoadWith(fsys, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("took %s", took)
	}
	sameStrings(t, "documents", docPaths(c), []string{"good/essay.docx", "good/notes.md", "good/paper.pdf"})
	want := map[string]struct {
		err error
		msg string
	}{
		"bad/scanned.pdf":   {ErrNoTextLayer, "no text layer: it looks scanned; run OCR on it first, e.g. with ocrmypdf"},
		"bad/truncated.pdf": {ErrDamaged, "truncated or corrupt"},
		"bad/encrypted.pdf": {ErrEncrypted, "remove the password"},
		"bad/bomb.docx":     {ErrUnpackedTooLarge, "the limit is 256 MiB"},
		"bad/junk.pdf":      {ErrWrongContent, "does not start with %PDF-"},
		"bad/slides.pptx":   {ErrUnsupported, "export it as PDF"},
	}
	got := map[string]Problem{}
	for _, p := range c.Problems {
		got[p.Path] = p
	}
	for path, w := range want {
		p, ok := got[path]
		if !ok {
			t.Errorf("%s: not named", path)
			continue
		}
		if !errors.Is(p, w.err) || !strings.Contains(p.Error(), w.msg) {
			t.Errorf("%s: %q, want %v with %q", path, p.Error(), w.err, w.msg)
		}
	}
	if len(c.Problems) != len(want) {
		t.Errorf("problems: %v", c.Problems)
	}
}

// TestZipBombWithLyingHeader checks that the decompression budget holds
// when a zip's header claims a small size for an entry that inflates to
// far more.
func TestZipBombWithLyingHeader(t *testing.T) {
	var packed bytes.Buffer
	zw := zip.NewWriter(&packed)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("<w:document><w:body><w:p><w:r><w:t>"))
	w.Write(bytes.Repeat([]byte("x"), 8<<20))
	zw.Close()
	data := packed.Bytes()
	// The central directory's sizes (at its end) are made to say 100 bytes.
	cd := bytes.LastIndex(data, []byte("PK\x01\x02"))
	copy(data[cd+24:cd+28], []byte{100, 0, 0, 0})
	_, err = ParseDOCX("bomb", "bomb.docx", data, 1<<20)
	if !errors.Is(err, ErrUnpackedTooLarge) && !errors.Is(err, ErrDamaged) {
		t.Fatalf("err = %v, want too large or damaged", err)
	}
}

// TestTimeBudget checks that a file taking longer than the budget is
// skipped with "took too long", that PDFium is stopped and restarted for
// the next PDF, and that the other readings still load.
func TestTimeBudget(t *testing.T) {
	engine := NewPDFEngine("")
	defer engine.Close()
	pdf := fixture(t, "glaser.pdf")
	c, err := LoadWith(fstest.MapFS{"a.pdf": {Data: pdf}, "b.md": {Data: []byte("Text.\n")}},
		Options{PDF: engine, FileTimeout: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) == 0 || !errors.Is(c.Problems[0], ErrTimeout) || !strings.Contains(c.Problems[0].Error(), "took too long") {
		t.Fatalf("problems %v, want a.pdf took too long", c.Problems)
	}
	c, err = LoadWith(fstest.MapFS{"a.pdf": {Data: pdf}}, Options{PDF: engine})
	if err != nil || len(c.Documents) != 1 {
		t.Fatalf("after a timeout: %v, %v", err, c.Problems)
	}
}

// TestPDFEngineLazy checks that reading readings without a PDF never
// starts PDFium.
func TestPDFEngineLazy(t *testing.T) {
	engine := NewPDFEngine("")
	defer engine.Close()
	c, err := LoadWith(readings.FS, Options{PDF: engine})
	if err != nil || len(c.Documents) == 0 {
		t.Fatalf("built-in readings: %v", err)
	}
	if engine.Started() {
		t.Error("PDFium was started for readings without a PDF")
	}
}

// TestPageLimit checks the page cap.
func TestPageLimit(t *testing.T) {
	c, err := LoadWith(fstest.MapFS{"a.pdf": {Data: fixture(t, "glaser.pdf")}}, Options{PDF: testEngine(), MaxPages: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 1 || !errors.Is(c.Problems[0], ErrTooManyPages) || !strings.Contains(c.Problems[0].Error(), "3 pages; the limit is 2") {
		t.Fatalf("problems %v", c.Problems)
	}
}
