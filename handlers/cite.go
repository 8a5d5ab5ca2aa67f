package handlers

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// headingRunes is how much of a section heading a citation quotes.
const headingRunes = 28

// Cite renders a passage's place in its document for a reader:
// `Glaser 2025, §2 "What can IR theory explain…", ¶9`, and for a PDF the
// page where it is printed, `…, ¶11, p. 2`, or the pages it runs over,
// `…, pp. 1–2`. The heading is cut at a word boundary with an ellipsis
// when long.
func Cite(doc retrieval.DocInfo, p corpus.Passage) string {
	var b strings.Builder
	b.WriteString(doc.Citation)
	if p.Section > 0 {
		b.WriteString(", §")
		b.WriteString(strings.TrimPrefix(strings.Fields(p.Ref())[0], "§"))
		if p.Heading != "" {
			b.WriteString(` "`)
			b.WriteString(ShortHeading(p.Heading))
			b.WriteString(`"`)
		}
	}
	b.WriteString(", ¶")
	b.WriteString(strings.TrimPrefix(p.Ref()[strings.LastIndex(p.Ref(), "¶"):], "¶"))
	b.WriteString(pageRef(p))
	return b.String()
}

// pageRef is the page part of a PDF passage's citation: ", p. 2" or
// ", pp. 1–2"; "" for a passage without pages.
func pageRef(p corpus.Passage) string {
	switch {
	case p.Page <= 0:
		return ""
	case p.PageEnd > p.Page:
		return ", pp. " + strconv.Itoa(p.Page) + "–" + strconv.Itoa(p.PageEnd)
	}
	return ", p. " + strconv.Itoa(p.Page)
}

// ShortHeading cuts a heading to about headingRunes runes at a word
// boundary, adding an ellipsis when it cut.
func ShortHeading(h string) string {
	h = strings.TrimSpace(h)
	if utf8.RuneCountInString(h) <= headingRunes+4 {
		return h
	}
	cut := 0
	for i := range h {
		if utf8.RuneCountInString(h[:i]) > headingRunes {
			break
		}
		if h[i] == ' ' {
			cut = i
		}
	}
	if cut == 0 {
		r := []rune(h)
		return string(r[:headingRunes]) + "…"
	}
	return strings.TrimRight(h[:cut], " ,;:") + "…"
}
