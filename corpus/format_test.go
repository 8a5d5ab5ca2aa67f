package corpus

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

// zipOf builds a zip archive holding the named files in order; a file
// named "mimetype" is stored uncompressed, as EPUB requires.
func zipOf(t testing.TB, files ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		method := zip.Deflate
		if f[0] == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDetectFormat(t *testing.T) {
	docx := zipOf(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/document.xml", "<w:document/>"})
	epub := zipOf(t, [2]string{"mimetype", "application/epub+zip"}, [2]string{"META-INF/container.xml", "<container/>"})
	plainZip := zipOf(t, [2]string{"a.txt", "hello"})
	pptx := zipOf(t, [2]string{"ppt/presentation.xml", "<p/>"})
	tests := []struct {
		name    string
		data    []byte
		want    Format
		wantErr error
		msg     string // a part of the error message
	}{
		{"paper.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), FormatPDF, nil, ""},
		{"PAPER.PDF", []byte("junk before\n%PDF-1.4\n"), FormatPDF, nil, ""},
		{"junk.pdf", []byte("this is not a pdf at all"), "", ErrWrongContent, "does not start with %PDF-"},
		{"page.pdf", []byte("<!DOCTYPE html><html><body>x</body></html>"), "", ErrWrongContent, "it is a web page; rename it to .html"},
		{"zipped.pdf", plainZip, "", ErrWrongContent, "not a PDF"},
		{"essay.docx", docx, FormatDOCX, nil, ""},
		{"essay.docx", docx[:200], FormatDOCX, nil, ""}, // a head: local headers
		{"essay.docx", epub, "", ErrWrongContent, "it is an EPUB; rename it to .epub"},
		{"slides.docx", pptx, "", ErrWrongContent, "zip archive but not a Word document"},
		{"old.docx", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), "", ErrWrongContent, "old Office file"},
		{"book.epub", epub, FormatEPUB, nil, ""},
		{"book.epub", epub[:80], FormatEPUB, nil, ""},
		{"book.epub", docx, "", ErrWrongContent, "it is a Word document; rename it to .docx"},
		{"page.html", []byte("<!doctype html><title>x</title>"), FormatHTML, nil, ""},
		{"page.htm", []byte("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"), FormatHTML, nil, ""},
		{"page.html", []byte("Just some words.\n"), FormatHTML, nil, ""},
		{"page.html", []byte("%PDF-1.5\n"), "", ErrWrongContent, "it is a PDF; rename it to .pdf"},
		{"notes.md", []byte("# Notes\n\n<div>html inside</div>\n"), FormatMarkdown, nil, ""},
		{"notes.md", []byte("<html><body>a saved page</body></html>"), FormatMarkdown, nil, ""},
		{"notes.txt", []byte("plain\n"), FormatText, nil, ""},
		{"notes.txt", []byte("bin\x00ary"), "", ErrBinary, ""},
		{"notes.txt", []byte("line\ncaf\xe9\n"), "", ErrNotUTF8, "(line 2)"},
		{"notes.md", []byte("caf\xc3"), FormatMarkdown, nil, ""}, // a head cut inside a character
		{"notes.txt", docx, "", ErrWrongContent, "Word document"},
		{"empty.pdf", nil, "", ErrEmpty, ""},
		{"slides.pptx", pptx, "", ErrUnsupported, ".pptx, slides"},
		{"paper.odt", []byte("PK\x03\x04"), "", ErrUnsupported, "(.odt)"},
		{"README", []byte("text"), "", ErrUnsupported, "no extension"},
		{"photo.png", []byte("\x89PNG"), "", ErrUnsupported, "citebot reads .md, .markdown, .txt, .pdf, .docx, .epub, .html and .htm files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DetectFormat(tt.name, tt.data)
			if got != tt.want {
				t.Errorf("format = %q, want %q (err %v)", got, tt.want, err)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q, want it to contain %q", err, tt.msg)
			}
		})
	}
}

func TestExtensionsHaveFormats(t *testing.T) {
	for _, ext := range Extensions() {
		if _, ok := FormatOf("x" + strings.ToUpper(ext)); !ok {
			t.Errorf("extension %s has no format", ext)
		}
	}
	if len(Extensions()) != len(extensions) {
		t.Errorf("Extensions() lists %d, the map has %d", len(Extensions()), len(extensions))
	}
}

func FuzzDetectFormat(f *testing.F) {
	f.Add("a.pdf", []byte("%PDF-1.7"))
	f.Add("a.docx", []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\x00\x00\x00\x00\x08\x00\x00\x00mimetype"))
	f.Add("a.md", []byte("# x"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		got, err := DetectFormat(name, data)
		if (err == nil) == (got == "") {
			t.Fatalf("DetectFormat(%q) = %q, %v: exactly one of format and error", name, got, err)
		}
	})
}
