package corpus

import (
	"encoding/binary"
	"math"
	"testing"
	"unicode/utf8"
)

// glyphsFrom decodes fuzz bytes into pages of glyphs: each glyph takes 8
// bytes (rune, left, top, width, height, size, weight, page break), so
// the layout code sees overlapping, reversed, huge and zero boxes.
func glyphsFrom(data []byte) *pdfRaw {
	pages := [][]pdfGlyph{nil}
	raw := &pdfRaw{width: []float64{600}, height: []float64{800}}
	var bold []bool
	for len(data) >= 8 {
		c := data[:8]
		data = data[8:]
		r := rune(binary.LittleEndian.Uint16(c[0:2]))
		if c[0]%11 == 0 {
			r = []rune(" \r\n\u0002-•1.ﬁ*§a")[int(c[1])%12]
		}
		if !utf8.ValidRune(r) {
			r = 'x'
		}
		left := float64(c[2]) * 2.5
		top := float64(c[3]) * 3.2
		g := pdfGlyph{r: r, index: len(pages[len(pages)-1]), left: left, top: top,
			right: left + float64(c[4]%16), bottom: top + float64(c[5]%20)}
		bold = append(bold, c[6]%7 == 0)
		last := len(pages) - 1
		pages[last] = append(pages[last], g)
		if c[7] == 0xff && len(pages) < 20 {
			pages = append(pages, nil)
			raw.width = append(raw.width, 600)
			raw.height = append(raw.height, 800)
		}
	}
	for i, gs := range pages {
		lines := pdfLines(i+1, gs)
		for j := range lines {
			// Sizes and weights as PDFium might report them.
			lines[j].bold = bold[lines[j].midChar%len(bold)]
			lines[j].size = float64(lines[j].midChar%24) + 0.5
		}
		raw.pages = append(raw.pages, lines)
	}
	return raw
}

// FuzzPDFLayout feeds the layout code (lines, columns, headers, footers,
// paragraphs, headings, hyphenation) arbitrary glyphs: it must not panic,
// and every passage it makes has pages within the document.
func FuzzPDFLayout(f *testing.F) {
	f.Add([]byte("H\x00\x10\x10\x05\x0a\x64\x00e\x00\x14\x10\x05\x0a\x64\x00 \x00\x18\x10\x00\x0a\x64\x00"))
	f.Add([]byte{0x00, 0x03, 0x10, 0x10, 0x05, 0x0a, 0x64, 0xff, 'a', 0, 0x80, 0x10, 5, 10, 100, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		raw := glyphsFrom(data)
		doc, err := buildPDF("f", "f.pdf", data, raw)
		if err != nil {
			return
		}
		for _, p := range doc.Passages {
			if p.Page < 1 || p.PageEnd < p.Page || p.PageEnd > len(raw.pages) || p.Text == "" {
				t.Fatalf("passage %s: pages %d–%d of %d, text %q", p.Ref(), p.Page, p.PageEnd, len(raw.pages), p.Text)
			}
			if math.IsNaN(float64(p.Page)) {
				t.Fatal("NaN page")
			}
		}
	})
}

// FuzzParseHTML checks that no web page makes ParseHTML panic.
func FuzzParseHTML(f *testing.F) {
	f.Add([]byte(`<!DOCTYPE html><html><head><title>T</title><meta name="author" content="Jane Doe"></head><body><header><h1>T</h1><p>Jane Doe</p></header><h2>One</h2><p>Text <b>bold</b>.</p><table><tr><td>x</td></tr></table><div>loose <span>text</span><p>inner</p></div></body></html>`))
	f.Add([]byte("<html><body><nav><a>a</a><a>b</a><a>c</a></nav><main><h1>T</h1><p>x</p><ul><li>a<ul><li>b</li></ul></li></ul></main>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ParseHTML("f", "f.html", data)
	})
}

// FuzzParseZipFormats checks that no archive makes ParseDOCX or
// ParseEPUB panic or read beyond the decompression budget.
func FuzzParseZipFormats(f *testing.F) {
	f.Add(zipOf(f, [2]string{"word/document.xml", `<w:document><w:body><w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>T</w:t></w:r></w:p><w:p><w:r><w:t>Text.</w:t></w:r></w:p></w:body></w:document>`},
		[2]string{"word/styles.xml", `<w:styles><w:style w:styleId="H"><w:name w:val="heading 1"/></w:style></w:styles>`}))
	f.Add(zipOf(f, [2]string{"mimetype", "application/epub+zip"},
		[2]string{"META-INF/container.xml", `<container><rootfiles><rootfile full-path="o.opf"/></rootfiles></container>`},
		[2]string{"o.opf", `<package><metadata><title>T</title></metadata><manifest><item id="a" href="a.xhtml"/></manifest><spine><itemref idref="a"/></spine></package>`},
		[2]string{"a.xhtml", `<html><body><h1>T</h1><p>Text.</p></body></html>`}))
	f.Fuzz(func(t *testing.T, data []byte) {
		ParseDOCX("f", "f.docx", data, 1<<20)
		ParseEPUB("f", "f.epub", data, 1<<20)
	})
}
