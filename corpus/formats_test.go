package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/klippa-app/go-pdfium"
)

// testEngine is the one PDFium every test of the package shares: starting
// it costs seconds, reading a small PDF milliseconds.
var testEngine = sync.OnceValue(func() *PDFEngine { return NewPDFEngine("") })

func TestMain(m *testing.M) {
	code := m.Run()
	testEngine().Close()
	os.Exit(code)
}

// testOptions are the default limits with the shared engine.
func testOptions() Options { return Options{PDF: testEngine()} }

// loadFixture loads one file of testdata/formats as the only reading.
func loadFixture(t testing.TB, name string) Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "formats", name))
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadWith(fstest.MapFS{name: {Data: data}}, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) > 0 || len(c.Documents) != 1 {
		t.Fatalf("%s: problems %v", name, c.Problems)
	}
	return c.Documents[0]
}

// normalise makes two extractions of the same text comparable: white
// space collapsed, typographic quotes made plain, ligatures spelt out.
func normalise(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"", "ﬁ", "fi", "ﬂ", "fl", "ﬀ", "ff").Replace(s)
	return collapseSpace(s)
}

// TestFormatsMatchMarkdown checks that the essay made into PDF (two
// columns, running headers, page numbers), DOCX, EPUB and HTML by
// testdata/formats/make.sh gives the Markdown essay's passages: at least
// 24 of 25 the same text, kind, section and paragraph number.
func TestFormatsMatchMarkdown(t *testing.T) {
	md, err := ParseMarkdown("glaser", "glaser.md", readEssay(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		file   string
		format Format
	}{
		{"glaser.pdf", FormatPDF},
		{"glaser.docx", FormatDOCX},
		{"glaser.epub", FormatEPUB},
		{"glaser.html", FormatHTML},
	} {
		t.Run(tt.file, func(t *testing.T) {
			doc := loadFixture(t, tt.file)
			if doc.Format != tt.format {
				t.Errorf("format = %q, want %q", doc.Format, tt.format)
			}
			for _, f := range []struct{ name, got, want string }{
				{"Title", doc.Title, md.Title},
				{"Subtitle", doc.Subtitle, md.Subtitle},
				{"Author", doc.Author, md.Author},
				{"Date", doc.Date, md.Date},
				{"Citation", doc.Citation(), md.Citation()},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
			got := map[string]Passage{}
			for _, p := range doc.Passages {
				got[p.Ref()] = p
			}
			same := 0
			for _, want := range md.Passages {
				p, ok := got[want.Ref()]
				switch {
				case !ok:
					t.Logf("%s: missing", want.Ref())
				case normalise(p.Text) != normalise(want.Text):
					t.Logf("%s differs:\n got: %s\nwant: %s", want.Ref(), p.Text, want.Text)
				case p.Kind != want.Kind || p.Heading != want.Heading:
					t.Logf("%s: kind %s heading %q, want %s %q", want.Ref(), p.Kind, p.Heading, want.Kind, want.Heading)
				default:
					same++
				}
			}
			if same < 24 || len(doc.Passages) > len(md.Passages)+1 {
				t.Errorf("%d of %d passages match (want at least 24), %d passages", same, len(md.Passages), len(doc.Passages))
			}
			t.Logf("%s: %d of %d passages match", tt.file, same, len(md.Passages))
		})
	}
}

// TestPDFPages checks that every PDF passage carries the pages where it
// is printed: the page of its first and of its last words.
func TestPDFPages(t *testing.T) {
	doc := loadFixture(t, "glaser.pdf")
	if doc.Pages != 3 {
		t.Errorf("Pages = %d, want 3", doc.Pages)
	}
	// Where make.sh's layout breaks the essay's pages: the paragraph
	// "Although Russia and China…" runs from page 1 to page 2, and the
	// third section's list starts on page 3.
	want := map[string][2]int{
		"¶1":     {1, 1},
		"§1 ¶1":  {1, 1},
		"§2 ¶11": {1, 2},
		"§2 ¶12": {2, 2},
		"§3 ¶1":  {2, 2},
		"§3 ¶4":  {3, 3},
	}
	for _, p := range doc.Passages {
		if p.Page < 1 || p.PageEnd < p.Page || p.PageEnd > doc.Pages {
			t.Errorf("%s: pages %d–%d", p.Ref(), p.Page, p.PageEnd)
		}
		if w, ok := want[p.Ref()]; ok && (p.Page != w[0] || p.PageEnd != w[1]) {
			t.Errorf("%s: pages %d–%d, want %d–%d", p.Ref(), p.Page, p.PageEnd, w[0], w[1])
		}
	}
	for _, f := range []string{"glaser.docx", "glaser.epub", "glaser.html"} {
		for _, p := range loadFixture(t, f).Passages {
			if p.Page != 0 || p.PageEnd != 0 {
				t.Errorf("%s %s: page %d, want none", f, p.Ref(), p.Page)
			}
		}
	}
}

// TestPDFPageIsWherePrinted checks each passage of the PDF against the
// text PDFium finds on each page: its first words are printed on Page
// and its last words on PageEnd.
func TestPDFPageIsWherePrinted(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "formats", "glaser.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	var raw *pdfRaw
	err = testEngine().withPDF(t.Context(), time.Minute, func(inst pdfium.Pdfium) error {
		raw, err = readPDF(inst, data, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	pageText := make([]string, len(raw.pages)+1)
	for i, g := range raw.pages {
		var sb strings.Builder
		for _, l := range g {
			sb.WriteString(l.text + " ")
		}
		pageText[i+1] = normalise(sb.String())
	}
	doc := loadFixture(t, "glaser.pdf")
	for _, p := range doc.Passages {
		words := strings.Fields(normalise(p.Text))
		if len(words) < 6 || p.Kind == KindTitlePage { // the title page joins its lines with full stops
			continue
		}
		head := strings.Join(words[:3], " ")
		tail := strings.Join(words[len(words)-2:], " ")
		if !strings.Contains(pageText[p.Page], head) {
			t.Errorf("%s: %q is not on page %d", p.Ref(), head, p.Page)
		}
		if !strings.Contains(pageText[p.PageEnd], tail) {
			t.Errorf("%s: %q is not on page %d", p.Ref(), tail, p.PageEnd)
		}
	}
}

// TestFootnoteKeptApart checks that a footnote at the foot of a column
// becomes a passage of its own after the paragraph it interrupts, and
// that the paragraph is still joined across the column break.
func TestFootnoteKeptApart(t *testing.T) {
	line := func(col int, left, top float64, size float64, text string) pdfLine {
		return pdfLine{page: 1, col: col, text: text, left: left, right: left + 230, top: top, bottom: top + size, size: size}
	}
	page := []pdfLine{
		line(0, 57, 100, 10, "The first paragraph of the page, set in the body type"),
		line(0, 57, 112, 10, "of the article and running on to the last line of the"),
		line(0, 57, 124, 10, "column, where it breaks in the middle of a sentence"),
		line(0, 57, 700, 8, "1 A footnote in small type at the foot of the column."),
		line(1, 310, 100, 10, "and goes on at the top of the next column to its end."),
		line(1, 310, 112, 10, "A second paragraph starts here with enough text to"),
		line(1, 310, 124, 10, "fill its lines."),
	}
	page[len(page)-1].right = 380
	pages := [][]pdfLine{page}
	lay := measure(pages)
	blocks := lay.blocks(pages, pdfVocabulary(pages))
	var texts []string
	for _, b := range blocks {
		texts = append(texts, b.text)
	}
	want := []string{
		"The first paragraph of the page, set in the body type of the article and running on to the last line of the column, where it breaks in the middle of a sentence and goes on at the top of the next column to its end.",
		"1 A footnote in small type at the foot of the column.",
		"A second paragraph starts here with enough text to fill its lines.",
	}
	sameStrings(t, "blocks", texts, want)
}

// TestPDFPageBreaks checks that a passage printed over two pages knows
// where the second page starts, so that a quotation from it cites the
// page it is printed on.
func TestPDFPageBreaks(t *testing.T) {
	doc := loadFixture(t, "glaser.pdf")
	for _, p := range doc.Passages {
		if len(p.PageBreaks) != p.PageEnd-p.Page {
			t.Errorf("%s: pages %d–%d, breaks %v", p.Ref(), p.Page, p.PageEnd, p.PageBreaks)
		}
		if p.Ref() != "§2 ¶11" {
			continue
		}
		// "Although Russia and China have declared that their" ends page 1.
		i := strings.Index(p.Text, "it clearly does")
		if f, l := p.PagesOf(0, 20); f != 1 || l != 1 {
			t.Errorf("the start is on pages %d–%d, want 1", f, l)
		}
		if f, l := p.PagesOf(i, len(p.Text)); f != 2 || l != 2 {
			t.Errorf("%q is on pages %d–%d, want 2 (breaks %v)", p.Text[i:], f, l, p.PageBreaks)
		}
		if f, l := p.PagesOf(0, len(p.Text)); f != 1 || l != 2 {
			t.Errorf("the whole is on pages %d–%d, want 1–2", f, l)
		}
	}
}
