package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Errors that Load, LoadDir, ParseMarkdown and ParseText wrap in the
// reasons they give for skipping a file, so that callers can tell the
// reasons apart with errors.Is. The wrapping error adds detail, e.g.
// "not valid UTF-8 (line 12)".
var (
	// ErrEmpty means the file is empty or holds only white space.
	ErrEmpty = errors.New("empty file")
	// ErrBinary means the file has a NUL byte in its first 8 KiB.
	ErrBinary = errors.New("binary file, not text")
	// ErrNotUTF8 means the file is not valid UTF-8; the wrapping error
	// names the line of the first bad byte.
	ErrNotUTF8 = errors.New("not valid UTF-8")
	// ErrTooLarge means the file is larger than MaxFileSize.
	ErrTooLarge = errors.New("too large")
	// ErrNoPassages means the reading has no paragraph or list item to cite.
	ErrNoPassages = errors.New("nothing to cite")
	// ErrOutside means a symbolic link leads out of the corpus folder.
	ErrOutside = errors.New("points outside the corpus folder")
	// ErrDuplicate means two files give the same document id, such as
	// notes.md and notes.txt; the later path is skipped.
	ErrDuplicate = errors.New("same document id as another file")
	// ErrTimeout means reading the file took longer than the time budget
	// for one file (Options.FileTimeout).
	ErrTimeout = errors.New("took too long")
	// ErrDamaged means a PDF, DOCX or EPUB is truncated or corrupt.
	ErrDamaged = errors.New("damaged file")
	// ErrEncrypted means a PDF needs a password.
	ErrEncrypted = errors.New("encrypted PDF")
	// ErrTooManyPages means a PDF has more pages than Options.MaxPages.
	ErrTooManyPages = errors.New("too many pages")
	// ErrNoTextLayer means a PDF has no text to extract: it is probably
	// a scan.
	ErrNoTextLayer = errors.New("no text layer: it looks scanned; run OCR on it first, e.g. with ocrmypdf")
	// ErrUnpackedTooLarge means a DOCX or EPUB would inflate beyond
	// Options.MaxUnpacked: a zip bomb, or a book too large to read.
	ErrUnpackedTooLarge = errors.New("unpacks to too much data")
)

// utf8BOM is the byte order mark some editors put at the start of UTF-8 files.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// checkUTF8 returns nil when src is valid UTF-8, and otherwise an error
// wrapping ErrNotUTF8 that names the 1-based line of the first bad byte.
func checkUTF8(src []byte) error {
	if utf8.Valid(src) {
		return nil
	}
	for i := 0; i < len(src); {
		if src[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			line := 1 + bytes.Count(src[:i], []byte{'\n'})
			return fmt.Errorf("%w (line %d)", ErrNotUTF8, line)
		}
		i += size
	}
	return ErrNotUTF8 // not reached: utf8.Valid said there is a bad byte
}

// newDocument starts a Document for the given id and path with its hash
// and a title that falls back to the file name.
func newDocument(id, p string, src []byte) Document {
	sum := sha256.Sum256(src)
	return Document{
		ID:       id,
		Path:     p,
		Title:    fileTitle(id, p),
		Hash:     hex.EncodeToString(sum[:]),
		Sections: []Section{{Number: 0}},
	}
}

// fileTitle is the title of a document that has none of its own: the base
// name of its path without the extension (or of its id).
func fileTitle(id, p string) string {
	name := p
	if name == "" {
		name = id
	}
	name = path.Base(name)
	if ext := path.Ext(name); ext != "" && ext != name {
		name = strings.TrimSuffix(name, ext)
	}
	if name == "." || name == "/" {
		return id
	}
	return name
}

// builder appends passages to a document in reading order, numbering
// sections and paragraphs and rejoining paragraphs broken at page ends.
type builder struct {
	doc      *Document
	section  int
	heading  string
	para     int      // number of the last passage in the current section
	joinable bool     // the last passage is a paragraph that may continue in the next one
	parts    []string // the pieces of the last passage while it may still grow
	page     int      // the PDF page the next text comes from; 0 for other formats
}

// newSection starts the next section under heading.
func (b *builder) newSection(heading string) {
	b.flush()
	b.section++
	b.heading = heading
	b.para = 0
	b.joinable = false
	b.doc.Sections = append(b.doc.Sections, Section{Number: b.section, Heading: heading})
}

// breakFlow records that something other than a paragraph came between
// two paragraphs, so they are not rejoined.
func (b *builder) breakFlow() {
	b.flush()
	b.joinable = false
}

// flush sets the text of a paragraph that was being rejoined. Joining the
// pieces once keeps a long run of broken paragraphs linear.
func (b *builder) flush() {
	if len(b.parts) > 1 {
		b.doc.Passages[len(b.doc.Passages)-1].Text = strings.Join(b.parts, " ")
	}
	b.parts = b.parts[:0]
}

// add appends a passage of the given kind; empty text adds nothing.
func (b *builder) add(kind Kind, text string) {
	if text == "" {
		return
	}
	b.flush()
	b.para++
	b.doc.Passages = append(b.doc.Passages, Passage{
		ID:        PassageID(b.doc.ID, b.section, b.para),
		DocID:     b.doc.ID,
		Section:   b.section,
		Heading:   b.heading,
		Paragraph: b.para,
		Kind:      kind,
		Text:      text,
		Page:      b.page,
		PageEnd:   b.page,
	})
	b.joinable = false
}

// paragraph appends a paragraph, or appends its text to the previous
// paragraph when that one was cut at a page end: it stopped without
// sentence-final punctuation and this one starts with a lower-case letter.
func (b *builder) paragraph(text string) {
	if text == "" {
		return
	}
	if b.joinable && startsLower(text) {
		b.parts = append(b.parts, text)
		b.doc.Passages[len(b.doc.Passages)-1].PageEnd = b.page
	} else {
		b.add(KindParagraph, text)
		b.parts = append(b.parts, text)
	}
	b.joinable = !endsSentence(text)
}

// item appends a list item.
func (b *builder) item(text string) {
	b.add(KindListItem, text)
}

// titlePage reads the front-block lines under a document's title as its
// date ("November 2025"), author ("Charles Glaser, MIT") or else subtitle,
// fills in the metadata, and adds the title-page passage: the title and
// the lines in reading order, consecutive subtitle lines as one piece.
func (b *builder) titlePage(rawTitle string, lines []string) {
	doc := b.doc
	pieces := []string{}
	if rawTitle != "" {
		pieces = append(pieces, rawTitle)
	}
	var subtitle []string
	lastSub := false
	for _, l := range lines {
		isSub := false
		if doc.Date == "" && isDateLine(l) {
			doc.Date = l
		} else if name, aff, ok := personLine(l); ok {
			if doc.Author == "" {
				doc.Author, doc.Affiliation = name, aff
			} else if !strings.Contains(doc.Author, name) {
				doc.Author += " and " + name
			}
		} else {
			isSub = true
			subtitle = append(subtitle, l)
		}
		if isSub && lastSub {
			pieces[len(pieces)-1] += " " + l
		} else {
			pieces = append(pieces, l)
		}
		lastSub = isSub
	}
	if len(subtitle) > 0 {
		doc.Subtitle = strings.Join(subtitle, " ")
		if t := strings.TrimSpace(strings.TrimSuffix(doc.Title, ":")); t != "" && rawTitle != "" {
			doc.Title = t
		}
	}
	b.add(KindTitlePage, joinPieces(pieces))
}

// finish completes the document and reports an error when it has nothing
// to cite.
func (b *builder) finish() error {
	b.flush()
	if len(b.doc.Passages) == 0 {
		return fmt.Errorf("%w (no paragraphs or list items)", ErrNoPassages)
	}
	return nil
}

// collapseSpace replaces every run of white space (including line breaks
// and no-break spaces) with one space and trims both ends.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// trimSpace trims white space (including no-break spaces) from both ends
// of s and keeps the white space inside it as written.
func trimSpace(s string) string {
	return strings.TrimFunc(s, unicode.IsSpace)
}

// startsLower reports whether text begins with a lower-case letter.
func startsLower(text string) bool {
	r, _ := utf8.DecodeRuneInString(text)
	return unicode.IsLower(r)
}

// isCloser reports whether r is a closing quote or bracket that may follow
// sentence-final punctuation.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', '”', '’', '»', '›':
		return true
	}
	return false
}

// endsSentence reports whether text ends with sentence-final punctuation
// (. ! ? : ;), possibly followed by closing quotes or brackets.
func endsSentence(text string) bool {
	text = strings.TrimRightFunc(text, unicode.IsSpace)
	for text != "" {
		r, size := utf8.DecodeLastRuneInString(text)
		switch r {
		case '.', '!', '?', ':', ';':
			return true
		}
		if !isCloser(r) {
			return false
		}
		text = text[:len(text)-size]
	}
	return false
}
