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

// CiteExcerpt is Cite for a quotation from the passage: for a PDF passage
// printed over several pages, the page is the one (or ones) where the
// excerpt is printed, so that "Glaser 2025, …, ¶11, p. 2" points at the
// quoted words. An excerpt that cannot be found in the passage gets the
// passage's pages.
func CiteExcerpt(doc retrieval.DocInfo, p corpus.Passage, excerpt string) string {
	if p.PageEnd > p.Page && len(p.PageBreaks) > 0 {
		if start, end, ok := spanOf(p.Text, excerpt); ok {
			p.Page, p.PageEnd = p.PagesOf(start, end)
		}
	}
	return Cite(doc, p)
}

// spanOf finds an excerpt in a passage's text: whole, or, for an excerpt
// cut at its ends and marked with "…", its first and last words.
func spanOf(text, excerpt string) (start, end int, ok bool) {
	ex := strings.TrimSpace(excerpt)
	if i := strings.Index(text, ex); i >= 0 && ex != "" {
		return i, i + len(ex), true
	}
	parts := strings.FieldsFunc(ex, func(r rune) bool { return r == '…' })
	if len(parts) == 0 {
		return 0, 0, false
	}
	first, last := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[len(parts)-1])
	i := strings.Index(text, first)
	if i < 0 || first == "" {
		return 0, 0, false
	}
	j := strings.Index(text[i:], last)
	if j < 0 {
		return i, i + len(first), true
	}
	return i, i + j + len(last), true
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
