package corpus_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/readings"
)

// BenchmarkReindex loads and indexes a folder of 50 mixed readings (ten
// each of the essay as PDF, DOCX, EPUB, HTML and Markdown, under
// different names) and, as the baseline in the same run, 50 Markdown
// copies of the essay. One PDFium is shared, started before the timer.
func BenchmarkReindex(b *testing.B) {
	md, err := readings.FS.ReadFile("glaser-2025-china-russia.md")
	if err != nil {
		b.Fatal(err)
	}
	mixed, plain := fstest.MapFS{}, fstest.MapFS{}
	for _, ext := range []string{"pdf", "docx", "epub", "html"} {
		data, err := os.ReadFile(filepath.Join("testdata", "formats", "glaser."+ext))
		if err != nil {
			b.Fatal(err)
		}
		for i := range 10 {
			mixed[fmt.Sprintf("%s/reading-%02d.%s", ext, i, ext)] = &fstest.MapFile{Data: data}
		}
	}
	for i := range 10 {
		mixed[fmt.Sprintf("md/reading-%02d.md", i)] = &fstest.MapFile{Data: md}
	}
	for i := range 50 {
		plain[fmt.Sprintf("reading-%02d.md", i)] = &fstest.MapFile{Data: md}
	}
	engine := corpus.NewPDFEngine("")
	defer engine.Close()
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
	}{{"mixed-50", mixed}, {"markdown-50", plain}} {
		if _, err := corpus.LoadWith(tt.fsys, corpus.Options{PDF: engine}); err != nil {
			b.Fatal(err)
		}
		b.Run(tt.name, func(b *testing.B) {
			ix, err := index.New(b.TempDir(), nil)
			if err != nil && ix == nil {
				b.Fatal(err)
			}
			defer ix.Close()
			n := 0
			for b.Loop() {
				c, err := corpus.LoadWith(tt.fsys, corpus.Options{PDF: engine})
				if err != nil || len(c.Documents) != 50 {
					b.Fatalf("%v: %d documents, %v", err, len(c.Documents), c.Problems)
				}
				n++
				if _, err := ix.Build(context.Background(), c, fmt.Sprint(n), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
