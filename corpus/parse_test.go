package corpus

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citebot/citebot/readings"
)

var update = flag.Bool("update", false, "rewrite golden files")

const essayFile = "glaser-2025-china-russia.md"

// readEssay returns the bytes of the first real reading.
func readEssay(t testing.TB) []byte {
	t.Helper()
	src, err := readings.FS.ReadFile(essayFile)
	if err != nil {
		t.Fatalf("reading embedded essay: %v", err)
	}
	return src
}

// dumpPassages renders passages one per line as "ID | Ref | Kind | Heading | Text".
func dumpPassages(ps []Passage) string {
	var sb strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&sb, "%s | %s | %s | %s | %s\n", p.ID, p.Ref(), p.Kind, p.Heading, p.Text)
	}
	return sb.String()
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run go test -update if the change is intended)", file, i+1, g, w)
			}
		}
	}
}

func TestEssayGolden(t *testing.T) {
	src := readEssay(t)
	doc, err := ParseMarkdown("glaser-2025-china-russia", essayFile, src)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "glaser.golden", []byte(dumpPassages(doc.Passages)))

	meta := []struct{ field, got, want string }{
		{"Title", doc.Title, "China-Russia Security Cooperation in the 2020s"},
		{"Subtitle", doc.Subtitle, "BALANCING, WEDGING, BLOODLETTING, AND THE U.S. ROLE"},
		{"Author", doc.Author, "Charles Glaser"},
		{"Affiliation", doc.Affiliation, "MIT"},
		{"Date", doc.Date, "November 2025"},
		{"Citation", doc.Citation(), "Glaser 2025"},
		{"title page", doc.Passages[0].Text, "China-Russia Security Cooperation in the 2020s: BALANCING, WEDGING, BLOODLETTING, AND THE U.S. ROLE. Charles Glaser, MIT. November 2025."},
	}
	for _, m := range meta {
		if m.got != m.want {
			t.Errorf("%s = %q, want %q", m.field, m.got, m.want)
		}
	}
	if len(doc.Sections) != 4 {
		t.Errorf("got %d sections, want 4 (section 0 and three headings)", len(doc.Sections))
	}

	text := map[string]string{}
	for _, p := range doc.Passages {
		text[p.Ref()] = p.Text
	}
	contains := []struct{ ref, want string }{
		{"§2 ¶3", "does in some ways resemble security-dilemma dynamics"}, // page break rejoined
		{"§2 ¶3", "this is not a security dilemma, complete"},             // link text kept, URL dropped
		{"§2 ¶16", "willingness to adopt policies that hurt China's trade/economy"},
		{"§2 ¶6", "the sale of components"}, // first list item on its own
		{"§2 ¶9", "trade that supports their economies"},
		{"§2 ¶12", "“ensure that any war in which an adversary is involved is prolonged and deadly.”"},
	}
	for _, c := range contains {
		if !strings.Contains(text[c.ref], c.want) {
			t.Errorf("%s = %q, want it to contain %q", c.ref, text[c.ref], c.want)
		}
	}
	for _, p := range doc.Passages {
		if p.Kind == KindTitlePage {
			continue
		}
		// Verbatim: every sentence of every passage occurs in the source
		// (the link is the only Markdown syntax inside a sentence).
		plain := strings.ReplaceAll(string(src), "[security dilemma](#)", "security dilemma")
		plain = strings.ReplaceAll(plain, "\n\n", " ")
		for _, s := range SplitSentences(p.Text) {
			if sent := p.Text[s.Start:s.End]; !strings.Contains(plain, sent) {
				t.Errorf("%s: sentence %q not found in the source", p.Ref(), sent)
			}
		}
	}
}

// want is the expected shape of one passage.
type want struct {
	ref, kind, text string
}

// checkPassages compares a document's passages with the expected ones and
// checks ids and headings.
func checkPassages(t *testing.T, doc Document, wants []want) {
	t.Helper()
	for i, p := range doc.Passages {
		if p.ID != PassageID(doc.ID, p.Section, p.Paragraph) {
			t.Errorf("passage %d: id %q does not match %s", i, p.ID, p.Ref())
		}
		if p.DocID != doc.ID {
			t.Errorf("passage %d: DocID %q, want %q", i, p.DocID, doc.ID)
		}
		if p.Section >= len(doc.Sections) || doc.Sections[p.Section].Heading != p.Heading {
			t.Errorf("passage %d: heading %q does not match its section", i, p.Heading)
		}
		if i >= len(wants) {
			t.Errorf("unexpected passage %s %s %q", p.Ref(), p.Kind, p.Text)
			continue
		}
		w := wants[i]
		if p.Ref() != w.ref || string(p.Kind) != w.kind || p.Text != w.text {
			t.Errorf("passage %d:\n got %s %s %q\nwant %s %s %q", i, p.Ref(), p.Kind, p.Text, w.ref, w.kind, w.text)
		}
	}
	for _, w := range wants[min(len(wants), len(doc.Passages)):] {
		t.Errorf("missing passage %s %s %q", w.ref, w.kind, w.text)
	}
}

// meta is the expected metadata of a document.
type meta struct {
	title, subtitle, author, affiliation, date string
}

func docMeta(d Document) meta {
	return meta{d.Title, d.Subtitle, d.Author, d.Affiliation, d.Date}
}

const longPara = "This paragraph is far too long to be a subtitle or an author line, because it goes on and on for well over one hundred and twenty characters."

func TestParseMarkdown(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		meta     meta
		passages []want
	}{
		{
			name: "front block with subtitle author date",
			src:  "# A Study of Things:\n\nAN ALL-CAPS SUBTITLE\n\nJane Doe, Harvard University\n\n2024-03-12\n\n---\n\nIntro text.\n\nMore intro.\n\n## First\n\nBody.\n",
			meta: meta{"A Study of Things", "AN ALL-CAPS SUBTITLE", "Jane Doe", "Harvard University", "2024-03-12"},
			passages: []want{
				{"¶1", "title", "A Study of Things: AN ALL-CAPS SUBTITLE. Jane Doe, Harvard University. 2024-03-12."},
				{"¶2", "paragraph", "Intro text."},
				{"¶3", "paragraph", "More intro."},
				{"§1 ¶1", "paragraph", "Body."},
			},
		},
		{
			name: "front block closed by a heading, by-line, two authors, lines in one paragraph",
			src:  "# Title\n\nBy Jane Doe and John Roe\n12 March 2024\n\n## One\n\nText.\n",
			meta: meta{"Title", "", "Jane Doe and John Roe", "", "12 March 2024"},
			passages: []want{
				{"¶1", "title", "Title. By Jane Doe and John Roe. 12 March 2024."},
				{"§1 ¶1", "paragraph", "Text."},
			},
		},
		{
			name: "front block names without by",
			src:  "# Title\n\nJane Doe and John Roe\n\n2024\n\n## One\n\nText.\n",
			meta: meta{"Title", "", "Jane Doe and John Roe", "", "2024"},
			passages: []want{
				{"¶1", "title", "Title. Jane Doe and John Roe. 2024."},
				{"§1 ¶1", "paragraph", "Text."},
			},
		},
		{
			name: "title colon kept without subtitle",
			src:  "# Title:\n\nCharles Glaser, MIT\n\n---\n\nText.\n",
			meta: meta{"Title:", "", "Charles Glaser", "MIT", ""},
			passages: []want{
				{"¶1", "title", "Title: Charles Glaser, MIT."},
				{"¶2", "paragraph", "Text."},
			},
		},
		{
			name: "plain title and text: no front block, no title page (Cranfield)",
			src:  "# experimental investigation of the aerodynamics of a wing in a slipstream .\n\nexperimental investigation of the aerodynamics of a wing in a slipstream . an experimental study of a wing in a propeller slipstream was made .\n",
			meta: meta{title: "experimental investigation of the aerodynamics of a wing in a slipstream ."},
			passages: []want{
				{"¶1", "paragraph", "experimental investigation of the aerodynamics of a wing in a slipstream . an experimental study of a wing in a propeller slipstream was made ."},
			},
		},
		{
			name: "short paragraphs without a later heading are passages",
			src:  "# Use Made of Technical Libraries\n\nShort one.\n\nShort two.\n",
			meta: meta{title: "Use Made of Technical Libraries"},
			passages: []want{
				{"¶1", "paragraph", "Short one."},
				{"¶2", "paragraph", "Short two."},
			},
		},
		{
			name: "long paragraph before heading is not a front block",
			src:  "# Title\n\n" + longPara + "\n\n## Next\n\nText.\n",
			meta: meta{title: "Title"},
			passages: []want{
				{"¶1", "paragraph", longPara},
				{"§1 ¶1", "paragraph", "Text."},
			},
		},
		{
			name: "seven short paragraphs are not a front block",
			src:  "# T\n\nA.\n\nB.\n\nC.\n\nD.\n\nE.\n\nF.\n\nG.\n\n## S\n\nX.\n",
			meta: meta{title: "T"},
			passages: []want{
				{"¶1", "paragraph", "A."}, {"¶2", "paragraph", "B."}, {"¶3", "paragraph", "C."},
				{"¶4", "paragraph", "D."}, {"¶5", "paragraph", "E."}, {"¶6", "paragraph", "F."},
				{"¶7", "paragraph", "G."}, {"§1 ¶1", "paragraph", "X."},
			},
		},
		{
			name: "text before the title: no front block",
			src:  "Preface.\n\n# Title\n\nJane Doe\n\n## S\n\nX.\n",
			meta: meta{title: "Title"},
			passages: []want{
				{"¶1", "paragraph", "Preface."},
				{"¶2", "paragraph", "Jane Doe"},
				{"§1 ¶1", "paragraph", "X."},
			},
		},
		{
			name: "no H1: title is the file name, headings of every level are sections",
			src:  "Intro.\n\n## Two\n\nA.\n\n### Three\n\nB.\n\n# Late One\n\nC.\n",
			meta: meta{title: "doc"},
			passages: []want{
				{"¶1", "paragraph", "Intro."},
				{"§1 ¶1", "paragraph", "A."},
				{"§2 ¶1", "paragraph", "B."},
				{"§3 ¶1", "paragraph", "C."},
			},
		},
		{
			name: "lists: items, nested items, loose items, numbered",
			src: "# T\n\nLead:\n\n- one\n- two *emph*\n  - nested a\n  - nested b\n- three\n\n" +
				"1. first\n2. second\n\n- loose para one\n\n  loose para two\n\n  > quoted in item\n\n  after quote\n\nAfter list.\n",
			meta: meta{title: "T"},
			passages: []want{
				{"¶1", "paragraph", "Lead:"},
				{"¶2", "item", "one"},
				{"¶3", "item", "two emph"},
				{"¶4", "item", "nested a"},
				{"¶5", "item", "nested b"},
				{"¶6", "item", "three"},
				{"¶7", "item", "first"},
				{"¶8", "item", "second"},
				{"¶9", "item", "loose para one loose para two"},
				{"¶10", "paragraph", "quoted in item"},
				{"¶11", "item", "after quote"},
				{"¶12", "paragraph", "After list."},
			},
		},
		{
			name: "skipped blocks: code, html, tables, thematic breaks; quotes kept",
			src: "# T\n\nBefore.\n\n```go\nfunc main() {}\n```\n\n    indented code\n\n<div>\nhtml block\n</div>\n\n" +
				"| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\n> Quoted paragraph.\n>\n> Second quoted.\n\nAfter.\n",
			meta: meta{title: "T"},
			passages: []want{
				{"¶1", "paragraph", "Before."},
				{"¶2", "paragraph", "Quoted paragraph."},
				{"¶3", "paragraph", "Second quoted."},
				{"¶4", "paragraph", "After."},
			},
		},
		{
			name: "inline markup to plain text",
			src: "# T\n\nA [security dilemma](#) and [ref][r], **bold**, _em_, ~~gone~~, `code  x`, ![alt text](i.png), <b>tag</b>, <https://example.org>,\n" +
				"soft break, hard break  \nhere, escaped \\*star\\*, &amp; &copy; &#8212; “quotes” — dash.\n\n[r]: https://example.org\n",
			meta: meta{title: "T"},
			passages: []want{
				{"¶1", "paragraph", "A security dilemma and ref, bold, em, gone, code  x, alt text, tag, https://example.org,\nsoft break, hard break\nhere, escaped *star*, & © — “quotes” — dash."},
			},
		},
		{
			name: "heading text and sections",
			src:  "# T\n\n## The *first* [part](x)\n\nA.\n\n##\n\nB.\n",
			meta: meta{title: "T"},
			passages: []want{
				{"§1 ¶1", "paragraph", "A."},
				{"§2 ¶1", "paragraph", "B."},
			},
		},
		{
			name: "CRLF and BOM",
			src:  "\ufeff# T\r\n\r\nline one\r\nline two.\r\n",
			meta: meta{title: "T"},
			passages: []want{
				{"¶1", "paragraph", "line one\nline two."},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseMarkdown("doc", "doc.md", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := docMeta(doc); got != tt.meta {
				t.Errorf("metadata:\n got %+v\nwant %+v", got, tt.meta)
			}
			checkPassages(t, doc, tt.passages)
		})
	}
}

func TestParseMarkdownHeadings(t *testing.T) {
	doc, err := ParseMarkdown("doc", "doc.md", []byte("# T\n\n## The *first* [part](x)\n\nA.\n\n### Deeper\n\nB.\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Section{{0, ""}, {1, "The first part"}, {2, "Deeper"}}
	if fmt.Sprint(doc.Sections) != fmt.Sprint(want) {
		t.Errorf("sections = %v, want %v", doc.Sections, want)
	}
	if doc.Passages[1].Heading != "Deeper" {
		t.Errorf("heading of B = %q, want Deeper", doc.Passages[1].Heading)
	}
}

func TestParseMarkdownErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		err  error
	}{
		{"empty", "", ErrNoPassages},
		{"only white space", " \n\n\t\n", ErrNoPassages},
		{"only a title", "# Title\n", ErrNoPassages},
		{"only code", "```\ncode\n```\n", ErrNoPassages},
		{"only headings and a break", "# A\n\n## B\n\n---\n", ErrNoPassages},
		{"invalid UTF-8", "# T\n\nok\n\nbad \xff byte\n", ErrNotUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMarkdown("doc", "doc.md", []byte(tt.src))
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
		})
	}
	_, err := ParseMarkdown("doc", "doc.md", []byte("# T\n\nok\n\nbad \xff byte\n"))
	if got := err.Error(); got != "not valid UTF-8 (line 5)" {
		t.Errorf("error = %q, want the line number", got)
	}
}

func TestPageBreakRejoin(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // passage texts
	}{
		{"lower-case continuation joins", "A sentence that does in\n\nsome ways resemble this.", []string{"A sentence that does in some ways resemble this."}},
		{"chain of breaks", "one\n\ntwo\n\nthree.", []string{"one two three."}},
		{"comma end joins", "first part,\n\nsecond part.", []string{"first part, second part."}},
		{"full stop does not join", "Done.\n\nlower start.", []string{"Done.", "lower start."}},
		{"question mark does not join", "Done?\n\nlower start.", []string{"Done?", "lower start."}},
		{"colon does not join", "As follows:\n\nlower start.", []string{"As follows:", "lower start."}},
		{"semicolon does not join", "One;\n\nlower start.", []string{"One;", "lower start."}},
		{"quote after full stop does not join", "He said “stop.”\n\nlower start.", []string{"He said “stop.”", "lower start."}},
		{"bracket after full stop does not join", "(See above.)\n\nlower start.", []string{"(See above.)", "lower start."}},
		{"bracket without full stop joins", "as (noted)\n\nbelow.", []string{"as (noted) below."}},
		{"upper-case start does not join", "No end here\n\nThe next one.", []string{"No end here", "The next one."}},
		{"not across a heading", "No end here\n\n## H\n\nlower start.", []string{"No end here", "lower start."}},
		{"not into a list item", "No end here\n\n- lower item", []string{"No end here", "lower item"}},
		{"not from a list item", "- lower item\n\nlower para.", []string{"lower item", "lower para."}},
		{"not across a code block", "No end\n\n```\nx\n```\n\nlower start.", []string{"No end", "lower start."}},
		{"not across a thematic break", "No end\n\n---\n\nlower start.", []string{"No end", "lower start."}},
		{"not into a block quote", "No end\n\n> lower start.", []string{"No end", "lower start."}},
		{"across an HTML comment", "No end\n\n<!-- page 4 -->\n\nlower start.", []string{"No end lower start."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, parse := range []struct {
				name string
				fn   func(id, path string, src []byte) (Document, error)
			}{{"markdown", ParseMarkdown}, {"text", ParseText}} {
				if parse.name == "text" && strings.ContainsAny(tt.src, "#->`") {
					continue // Markdown structure
				}
				src := tt.src
				if parse.name == "text" {
					src = "Title\n\n" + src // or the first line would be the title
				}
				doc, err := parse.fn("doc", "doc", []byte(src))
				if err != nil {
					t.Fatalf("%s: %v", parse.name, err)
				}
				var got []string
				for _, p := range doc.Passages {
					got = append(got, p.Text)
				}
				if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
					t.Errorf("%s: got %q, want %q", parse.name, got, tt.want)
				}
				for i, p := range doc.Passages {
					if p.Paragraph != i+1 && p.Section == 0 {
						t.Errorf("%s: passage %d numbered ¶%d", parse.name, i, p.Paragraph)
					}
				}
			}
		})
	}
}

func TestParseText(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		title    string
		passages []string
	}{
		{"title and paragraphs", "A Short Title\n\nFirst line\nsecond line.\n\nNext paragraph.\n", "A Short Title", []string{"First line\nsecond line.", "Next paragraph."}},
		{"leading blank lines before title", "\n\n  Title  \n\nText.", "Title", []string{"Text."}},
		{"CRLF", "Title\r\n\r\nOne\r\ntwo.\r\n\r\nThree.\r\n", "Title", []string{"One\ntwo.", "Three."}},
		{"old Mac line ends", "Title\r\rOne.\rTwo.", "Title", []string{"One.\nTwo."}},
		{"BOM", "\ufeffTitle\n\nText.", "Title", []string{"Text."}},
		{"first line not followed by a blank line", "Line one\nline two.\n\nMore.", "notes", []string{"Line one\nline two.", "More."}},
		{"single line file", "Only line.", "notes", []string{"Only line."}},
		{"long first line is text", strings.Repeat("word ", 25) + "\n\nMore.", "notes", []string{strings.TrimSpace(strings.Repeat("word ", 25)), "More."}},
		{"form feed page break rejoined", "Title\n\nThis sentence continues on\n\f\nthe next page.", "Title", []string{"This sentence continues on the next page."}},
		{"tabs and runs of spaces kept as written", "T\n\na\t b   c.", "T", []string{"a\t b   c."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseText("notes", "notes.txt", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.title {
				t.Errorf("title = %q, want %q", doc.Title, tt.title)
			}
			var got []string
			for i, p := range doc.Passages {
				got = append(got, p.Text)
				if p.Section != 0 || p.Paragraph != i+1 || p.Kind != KindParagraph {
					t.Errorf("passage %d is %s %s", i, p.Ref(), p.Kind)
				}
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.passages) {
				t.Errorf("passages = %q, want %q", got, tt.passages)
			}
		})
	}
	for _, src := range []string{"", "\n\n", "Title only\n\n", "a\xffb"} {
		if _, err := ParseText("notes", "notes.txt", []byte(src)); err == nil {
			t.Errorf("ParseText(%q) succeeded, want an error", src)
		}
	}
}

func TestPassageIDsStable(t *testing.T) {
	src := readEssay(t)
	a, err := ParseMarkdown("g", essayFile, src)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseMarkdown("g", essayFile, bytes.Clone(src))
	if err != nil {
		t.Fatal(err)
	}
	if dumpPassages(a.Passages) != dumpPassages(b.Passages) || a.Hash != b.Hash {
		t.Fatal("two parses of the same bytes differ")
	}
	seen := map[string]bool{}
	for _, p := range a.Passages {
		if seen[p.ID] {
			t.Errorf("duplicate id %s", p.ID)
		}
		seen[p.ID] = true
	}
	if a.Passages[0].ID != "g#0.1" {
		t.Errorf("first id = %q, want g#0.1", a.Passages[0].ID)
	}
}

func TestCitation(t *testing.T) {
	tests := []struct {
		name string
		doc  Document
		want string
	}{
		{"author and date", Document{Author: "Charles Glaser", Date: "November 2025"}, "Glaser 2025"},
		{"iso date", Document{Author: "Jane Doe", Date: "2024-03-12"}, "Doe 2024"},
		{"no year", Document{Author: "Jane Doe", Date: "Spring"}, "Doe"},
		{"no date", Document{Author: "Jane Doe", Title: "X"}, "Doe"},
		{"two authors", Document{Author: "Jane Doe and John Roe", Date: "2024"}, "Doe and Roe 2024"},
		{"three authors", Document{Author: "A. Smith, B. Jones & C. Brown", Date: "2020"}, "Smith et al. 2020"},
		{"suffix", Document{Author: "Martin Luther King Jr.", Date: "1963"}, "King 1963"},
		{"short title", Document{ID: "x", Title: "Use Made of Technical Libraries"}, "Use Made of Technical Libraries"},
		{"long title", Document{ID: "x", Title: "experimental investigation of the aerodynamics of a wing in a slipstream ."}, "experimental investigation of the…"},
		{"long word", Document{ID: "x", Title: strings.Repeat("x", 50)}, strings.Repeat("x", 40) + "…"},
		{"nothing", Document{ID: "sub/notes"}, "sub/notes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.doc.Citation(); got != tt.want {
				t.Errorf("Citation() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFrontLineClassifiers(t *testing.T) {
	dates := []struct {
		line string
		want bool
	}{
		{"November 2025", true}, {"2025", true}, {"12 March 2024", true}, {"March 12, 2024", true},
		{"2024-03-12", true}, {"2024-03", true}, {"12/03/2024", true}, {"Nov. 2025", true},
		{"Spring 2024", true}, {"1st May 2023", true},
		{"Charles Glaser, MIT", false}, {"March", false}, {"12", false}, {"Chapter 3", false},
		{"BALANCING, WEDGING, BLOODLETTING, AND THE U.S. ROLE", false}, {"3.5", false}, {"2024-3x", false},
	}
	for _, d := range dates {
		if got := isDateLine(d.line); got != d.want {
			t.Errorf("isDateLine(%q) = %v, want %v", d.line, got, d.want)
		}
	}
	people := []struct {
		line, name, aff string
		ok              bool
	}{
		{"Charles Glaser, MIT", "Charles Glaser", "MIT", true},
		{"By Jane Doe", "Jane Doe", "", true},
		{"by Jane Doe, Oxford", "Jane Doe", "Oxford", true},
		{"Jane Doe and John Roe", "Jane Doe and John Roe", "", true},
		{"J. R. R. Tolkien", "J. R. R. Tolkien", "", true},
		{"Ludwig van Beethoven", "Ludwig van Beethoven", "", true},
		{"Mary O'Neill-Smith", "Mary O'Neill-Smith", "", true},
		{"BALANCING, WEDGING, BLOODLETTING, AND THE U.S. ROLE", "", "", false},
		{"The Great Game", "", "", false},
		{"A study of alliances", "", "", false},
		{"Balancing, Wedging, and Bloodletting", "", "", false},
		{"Lecture Notes", "", "", false},
		{"by the numbers", "", "", false},
	}
	for _, p := range people {
		name, aff, ok := personLine(p.line)
		if name != p.name || aff != p.aff || ok != p.ok {
			t.Errorf("personLine(%q) = %q, %q, %v; want %q, %q, %v", p.line, name, aff, ok, p.name, p.aff, p.ok)
		}
	}
}

func TestParseMarkdownConcurrent(t *testing.T) {
	src := readEssay(t)
	want, err := ParseMarkdown("g", essayFile, src)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for range 4 {
		go func() {
			d, err := ParseMarkdown("g", essayFile, src)
			if err != nil {
				done <- err.Error()
				return
			}
			done <- dumpPassages(d.Passages)
		}()
	}
	for range 4 {
		if got := <-done; got != dumpPassages(want.Passages) {
			t.Error("concurrent parse differs")
		}
	}
}
