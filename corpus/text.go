package corpus

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// textTitleRunes is the longest first line of a text file that is taken as
// its title.
const textTitleRunes = 100

// ParseText parses a plain-text reading into a Document with the given id
// and path. Paragraphs are separated by blank lines (lines of white space,
// form feeds included); a paragraph's text is its lines as written, joined
// by "\n" and trimmed at both ends. When the first line is short (at most 100 characters) and
// followed by a blank line it is the title and not a passage; otherwise the
// title is the file name. All passages are paragraphs in section 0,
// numbered from ¶1, with no title page. Paragraphs broken at a page end
// are rejoined as in ParseMarkdown. Windows (\r\n) and old Mac (\r) line
// ends are accepted and a leading UTF-8 byte order mark is ignored.
//
// ParseText returns an error wrapping ErrNotUTF8 when src is not valid
// UTF-8 and ErrNoPassages when there is no paragraph; the error does not
// name the file. The same bytes always give the same passages and ids.
func ParseText(id, path string, src []byte) (Document, error) {
	if err := checkUTF8(src); err != nil {
		return Document{}, err
	}
	doc := newDocument(id, path, src)
	doc.Format = FormatText
	body := string(bytes.TrimPrefix(src, utf8BOM))
	body = strings.ReplaceAll(body, "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	// The newline that ends the last line does not make a blank line.
	body = strings.TrimSuffix(body, "\n")

	var paras [][]string // the non-blank lines of each paragraph
	var cur []string
	for _, line := range strings.Split(body, "\n") {
		if strings.TrimSpace(line) == "" {
			if cur != nil {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	// A paragraph still open at the end was not followed by a blank line.
	closedLast := cur == nil
	if cur != nil {
		paras = append(paras, cur)
	}

	if len(paras) > 0 && len(paras[0]) == 1 && (len(paras) > 1 || closedLast) {
		if t := collapseSpace(paras[0][0]); utf8.RuneCountInString(t) <= textTitleRunes {
			doc.Title = t
			paras = paras[1:]
		}
	}

	b := builder{doc: &doc}
	for _, p := range paras {
		b.paragraph(trimSpace(strings.Join(p, "\n")))
	}
	if err := b.finish(); err != nil {
		return Document{}, err
	}
	return doc, nil
}
