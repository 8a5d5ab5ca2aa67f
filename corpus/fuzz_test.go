package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// checkDocument checks the promises every parsed document keeps.
func checkDocument(t *testing.T, doc Document) {
	t.Helper()
	if len(doc.Passages) == 0 {
		t.Fatal("document without passages returned without error")
	}
	ids := map[string]bool{}
	last := map[int]int{} // section → last paragraph number
	prevSection := 0
	for _, p := range doc.Passages {
		if p.Text == "" {
			t.Fatalf("%s: empty text", p.ID)
		}
		if !utf8.ValidString(p.Text) {
			t.Fatalf("%s: invalid UTF-8 %q", p.ID, p.Text)
		}
		// Line breaks inside a paragraph are kept as "\n"; a carriage
		// return (of a \r\n or \r line end) never is.
		if strings.ContainsRune(p.Text, '\r') {
			t.Fatalf("%s: carriage return in %q", p.ID, p.Text)
		}
		if strings.ContainsAny(p.Heading, "\n\r") {
			t.Fatalf("%s: line break in heading %q", p.ID, p.Heading)
		}
		if p.Text != strings.TrimSpace(p.Text) {
			t.Fatalf("%s: untrimmed %q", p.ID, p.Text)
		}
		if ids[p.ID] {
			t.Fatalf("duplicate id %s", p.ID)
		}
		ids[p.ID] = true
		if p.ID != PassageID(doc.ID, p.Section, p.Paragraph) {
			t.Fatalf("id %s does not match %s", p.ID, p.Ref())
		}
		if p.Section < prevSection || p.Section >= len(doc.Sections) {
			t.Fatalf("%s: section %d out of order", p.ID, p.Section)
		}
		prevSection = p.Section
		if p.Paragraph != last[p.Section]+1 {
			t.Fatalf("%s: paragraph %d after %d", p.ID, p.Paragraph, last[p.Section])
		}
		last[p.Section] = p.Paragraph
	}
	for i, s := range doc.Sections {
		if s.Number != i {
			t.Fatalf("section %d numbered %d", i, s.Number)
		}
	}
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add([]byte(readEssay(f)))
	for _, s := range []string{
		"",
		"# T\n\ntext",
		"# T:\n\nSUB\n\nJane Doe, MIT\n\n2025\n\n---\n\n## A\n\nx does in\n\nsome ways.\n\n- a\n  - b\n",
		"> quote\n>\n> - item\n\n```\ncode\n```\n",
		"| a | b |\n|---|---|\n| 1 | 2 |\n",
		"*a* **b** [c](d) ![e](f) `g` <h> &amp; \\* ~~i~~\nj  \nk",
		"# \n\n##\n\n-\n\n1.\n",
		"Title\n=====\n\nSub\n---\n\ntext\n",
		"<!-- c -->\n\nno end\n\n<!-- p -->\n\ncontinued",
		"&#0; &#xD800; &#10; x\u2028y\u00a0z",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := ParseMarkdown("doc", "doc.md", src)
		if err != nil {
			return
		}
		checkDocument(t, doc)
		again, err := ParseMarkdown("doc", "doc.md", src)
		if err != nil || dumpPassages(again.Passages) != dumpPassages(doc.Passages) {
			t.Fatal("second parse differs")
		}
		_ = doc.Citation()
	})
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{"", "Title\n\nText.", "a\r\nb\r\n\r\nc", "x\n\f\ny", "\ufeffT\n\nno end\n\nlower."} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := ParseText("doc", "doc.txt", src)
		if err != nil {
			return
		}
		checkDocument(t, doc)
	})
}

func FuzzSplitSentences(f *testing.F) {
	for _, s := range []string{
		"", " ", "One. Two.", "The U.S. Government. e.g. X. i.e. Y.", "3.5. No. 5. J. Smith.",
		"a . b . c .", "He said “stop.” Then.", `"no limits," it does.`, "Wait... Then! Why? Ok.",
		" .", ". ", "..", "U.S.", "é. É. ”. ’ x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, SplitSentences(text))
	})
}
