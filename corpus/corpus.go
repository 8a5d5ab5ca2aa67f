// Package corpus loads a folder of readings and splits each one into
// citable passages: paragraphs and list items with a stable id, the section
// they sit in and their paragraph number.
package corpus

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind says what sort of block of text a passage is.
type Kind string

// The kinds of passage.
const (
	KindTitlePage Kind = "title"     // the title block: title, subtitle, author, date
	KindParagraph Kind = "paragraph" // a paragraph of running text
	KindListItem  Kind = "item"      // one item of a bulleted or numbered list
)

// Document is one reading: its metadata, its sections and its passages in
// reading order.
type Document struct {
	ID          string    // slash-separated path below the corpus root without extension, e.g. "glaser-2025-china-russia"
	Path        string    // slash-separated path below the corpus root, e.g. "glaser-2025-china-russia.md"
	Title       string    // the first H1 (Markdown) or first short line (text); the file name when there is none
	Subtitle    string    // a short line of the front block that is neither author nor date
	Author      string    // e.g. "Charles Glaser"
	Affiliation string    // e.g. "MIT"
	Date        string    // as written, e.g. "November 2025"
	Hash        string    // hex SHA-256 of the file's bytes
	Format      Format    // the format the reading was read from
	Pages       int       // a PDF's page count; 0 for the other formats
	Sections    []Section // Sections[0] is the untitled part before the first section heading
	Passages    []Passage
}

// Section is a part of a document under one heading. Section 0 is the part
// before the first heading.
type Section struct {
	Number  int
	Heading string
}

// Passage is the unit citebot cites: one paragraph or list item, with its
// place in the text.
type Passage struct {
	ID        string // stable: DocID + "#" + section + "." + paragraph, e.g. "glaser-2025-china-russia#2.9"
	DocID     string
	Section   int    // 0 before the first section heading
	Heading   string // the section's heading, "" in section 0
	Paragraph int    // 1-based position among the section's passages
	Kind      Kind
	Text      string // plain text: Markdown syntax removed, link text kept, URLs dropped
	// Page and PageEnd are the 1-based pages of a PDF where the passage
	// starts and ends, as a PDF viewer counts them (equal when it is on
	// one page); both are 0 for the other formats.
	Page, PageEnd int
	// PageBreaks holds, for a PDF passage printed over several pages, the
	// byte offset in Text where each later page begins: PageBreaks[i] is
	// where page Page+1+i starts. It is empty on one page.
	PageBreaks []int
}

// PagesOf returns the pages on which the bytes Text[start:end] of the
// passage are printed; both are 0 for a passage without pages.
func (p Passage) PagesOf(start, end int) (first, last int) {
	if p.Page <= 0 {
		return 0, 0
	}
	first, last = p.Page, p.Page
	for i, off := range p.PageBreaks {
		if off <= start {
			first = p.Page + 1 + i
		}
		if off < end {
			last = p.Page + 1 + i
		}
	}
	return first, max(first, min(last, max(p.PageEnd, p.Page)))
}

// Ref is the passage's place in its document as a reader cites it:
// "§2 ¶9", or "¶1" for a passage before the first section heading.
func (p Passage) Ref() string {
	return FormatRef(p.Section, p.Paragraph)
}

// FormatRef renders a section and paragraph number the way Passage.Ref does.
func FormatRef(section, paragraph int) string {
	if section == 0 {
		return "¶" + strconv.Itoa(paragraph)
	}
	return fmt.Sprintf("§%d ¶%d", section, paragraph)
}

// PassageID builds the stable id of the passage at section.paragraph of a document.
func PassageID(docID string, section, paragraph int) string {
	return fmt.Sprintf("%s#%d.%d", docID, section, paragraph)
}

// Problem is a file that could not be used, with the reason.
type Problem struct {
	Path string // slash-separated path below the corpus root
	Err  error
}

// Error returns the path and the reason, e.g. "notes.md: not valid UTF-8 (line 12)".
func (p Problem) Error() string { return p.Path + ": " + p.Err.Error() }

// Unwrap returns the reason, so that errors.Is(p, ErrNotUTF8) and the like work.
func (p Problem) Unwrap() error { return p.Err }

// Corpus is a loaded folder of readings. Problems lists the files that were
// skipped; the documents are the rest, sorted by path.
type Corpus struct {
	Documents []Document
	Problems  []Problem
	// Files holds the raw bytes of the non-reading files at the corpus root
	// that describe it (glossary.toml, aliases.toml), by name.
	Files map[string][]byte
}

// ParsePassageID splits a passage id made by PassageID into its document
// id, section and paragraph.
func ParsePassageID(id string) (docID string, section, paragraph int, ok bool) {
	hash := strings.LastIndexByte(id, '#')
	if hash <= 0 {
		return "", 0, 0, false
	}
	sec, para, found := strings.Cut(id[hash+1:], ".")
	if !found {
		return "", 0, 0, false
	}
	s, err1 := strconv.Atoi(sec)
	p, err2 := strconv.Atoi(para)
	if err1 != nil || err2 != nil || s < 0 || p < 1 {
		return "", 0, 0, false
	}
	return id[:hash], s, p, true
}
