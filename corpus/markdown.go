package corpus

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits of the front block: the short lines under the title that hold the
// subtitle, author and date.
const (
	frontMaxParagraphs = 6
	frontMaxRunes      = 120
)

// mdParser is the goldmark parser shared by all calls of ParseMarkdown.
// Goldmark parsers are safe for concurrent use. GitHub tables are parsed
// so that they can be skipped instead of read as paragraphs of pipes, and
// ~~strikethrough~~ markers are removed like emphasis markers.
var mdParser parser.Parser = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
).Parser()

// ParseMarkdown parses one Markdown reading into a Document with the given
// id and path. It never returns a partial document: on error the Document
// is zero. The error does not name the file; callers add the path.
//
// The title is the text of the first level-1 heading (the file name when
// there is none, or when another heading comes first). When that heading
// opens the document and is followed by one to six short paragraphs (at
// most 120 characters each) and then a section heading or a thematic break
// (---), those paragraphs are the front block: its lines are read as the
// date ("November 2025", "2024-03-12"), the author ("Charles Glaser, MIT",
// "By Jane Doe"; text after the first comma is the affiliation) or else the
// subtitle, and together with the title they form a title-page passage at
// ¶1 of section 0. Without a front block the paragraphs under the title are
// ordinary passages starting at ¶1 and the title is metadata only.
//
// Every later heading, whatever its level, starts the next section,
// numbered 1, 2, 3… in order. Each paragraph (also inside block quotes) is
// one passage and each list item, nested ones included, is its own
// passage; code blocks, HTML blocks and tables are skipped. Paragraph
// numbers run 1, 2, 3… within a section. Passage text is what a reader
// sees: Markdown syntax and link URLs removed, backslash escapes and
// character references resolved, quotes and dashes as written. White space
// inside a paragraph stays as written (a line break in the source is a
// "\n" in the text), so that a passage is a verbatim span of its source;
// only the ends are trimmed. Headings, titles and front-block lines are
// single lines: their runs of white space become one space. A paragraph that
// ends without sentence-final punctuation and is followed directly by a
// paragraph starting with a lower-case letter is joined to it with a space,
// undoing page breaks left by PDF conversion.
//
// A leading UTF-8 byte order mark is ignored; Hash is computed over all of
// src. ParseMarkdown returns an error wrapping ErrNotUTF8 when src is not
// valid UTF-8 and ErrNoPassages when the document has nothing to cite. The
// same bytes always give the same passages and passage ids.
func ParseMarkdown(id, path string, src []byte) (Document, error) {
	if err := checkUTF8(src); err != nil {
		return Document{}, err
	}
	doc := newDocument(id, path, src)
	doc.Format = FormatMarkdown
	body := bytes.TrimPrefix(src, utf8BOM)
	root := mdParser.Parse(text.NewReader(body))

	w := &mdWalker{src: body, b: builder{doc: &doc}, skip: map[ast.Node]bool{}}
	w.frontMatter(root)
	w.blocks(root)
	if err := w.b.finish(); err != nil {
		return Document{}, err
	}
	return doc, nil
}

// mdWalker turns a goldmark AST into passages.
type mdWalker struct {
	src   []byte
	b     builder
	title ast.Node          // the heading used as the title, if any
	skip  map[ast.Node]bool // blocks already consumed (the front block)
}

// frontMatter finds the title and the front block, fills in the document's
// metadata and adds the title-page passage when there is a front block.
func (w *mdWalker) frontMatter(root ast.Node) {
	doc := w.b.doc
	// The title is the first level-1 heading, unless a heading of
	// another level comes before it.
	first := true // the title is the first block of the document
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			if h.Level == 1 {
				w.title = h
				break
			}
			return
		}
		if _, ok := n.(*ast.HTMLBlock); !ok {
			first = false
		}
	}
	if w.title == nil {
		return
	}
	rawTitle := collapseSpace(w.inlineText(w.title))
	if rawTitle != "" {
		doc.Title = rawTitle
	}
	if !first {
		return
	}

	// The front block: short paragraphs between the title and the first
	// heading or thematic break.
	var front []ast.Node
	closed := false
scan:
	for n := w.title.NextSibling(); n != nil; n = n.NextSibling() {
		switch n.(type) {
		case *ast.Paragraph:
			front = append(front, n)
		case *ast.HTMLBlock:
			// invisible to readers
		case *ast.Heading, *ast.ThematicBreak:
			closed = true
			break scan
		default:
			break scan
		}
	}
	if !closed || len(front) == 0 || len(front) > frontMaxParagraphs {
		return
	}
	var lines []string
	for _, p := range front {
		t := w.inlineText(p)
		if utf8.RuneCountInString(collapseSpace(t)) > frontMaxRunes {
			return
		}
		for _, l := range strings.Split(t, "\n") {
			if l = collapseSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
	}
	if len(lines) == 0 {
		return
	}
	for _, p := range front {
		w.skip[p] = true
	}

	w.b.titlePage(rawTitle, lines)
}

// joinPieces joins the parts of a title page into sentences: a part that
// does not end in punctuation gets a full stop.
func joinPieces(pieces []string) string {
	var sb strings.Builder
	for i, p := range pieces {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(p)
		if !endsSentence(p) {
			sb.WriteByte('.')
		}
	}
	return sb.String()
}

// blocks walks the block children of n in order.
func (w *mdWalker) blocks(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.block(c)
	}
}

// block turns one block node into passages or a section break.
func (w *mdWalker) block(n ast.Node) {
	if w.skip[n] {
		return
	}
	switch n := n.(type) {
	case *ast.Heading:
		if n == w.title {
			w.b.breakFlow()
			return
		}
		w.b.newSection(collapseSpace(w.inlineText(n)))
	case *ast.Paragraph, *ast.TextBlock:
		// An empty paragraph (only raw HTML, say) is invisible and does
		// not stand between two halves of a broken paragraph.
		w.b.paragraph(trimSpace(w.inlineText(n)))
	case *ast.HTMLBlock:
		// Skipped and invisible to readers, like a page-number comment.
	case *ast.List:
		w.b.breakFlow()
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			w.listItem(it)
		}
		w.b.breakFlow()
	case *ast.ListItem:
		w.b.breakFlow()
		w.listItem(n)
		w.b.breakFlow()
	case *ast.Blockquote:
		w.b.breakFlow()
		w.blocks(n)
		w.b.breakFlow()
	case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.ThematicBreak, *east.Table:
		w.b.breakFlow()
	default:
		w.b.breakFlow()
		if n.Type() == ast.TypeBlock && n.HasChildren() {
			if _, inline := n.FirstChild().(*ast.Text); !inline {
				w.blocks(n)
				w.b.breakFlow()
			}
		}
	}
}

// listItem adds one list item as a passage. The item's consecutive
// paragraphs form one passage; a nested list or other block inside the
// item ends it, and paragraphs after that form another item passage so
// that passages stay in reading order.
func (w *mdWalker) listItem(item ast.Node) {
	var parts []string
	flush := func() {
		if len(parts) > 0 {
			w.b.item(strings.Join(parts, " "))
			parts = parts[:0]
		}
	}
	for c := item.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			if t := trimSpace(w.inlineText(c)); t != "" {
				parts = append(parts, t)
			}
		default:
			flush()
			w.block(c)
		}
	}
	flush()
	w.b.breakFlow()
}

// inlineText returns the plain text of n's inline content, with a newline
// for each line break. Callers trim it (passages) or collapse its white
// space (headings, titles, front-block lines).
func (w *mdWalker) inlineText(n ast.Node) string {
	var sb strings.Builder
	w.inline(n, &sb)
	return lineEnds.Replace(sb.String())
}

// lineEnds turns the carriage returns that goldmark leaves in text (a lone
// "\r" inside a line, or before "\n") into the "\n" passages use.
var lineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// inline writes the plain text of n's children to sb.
func (w *mdWalker) inline(n ast.Node, sb *strings.Builder) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(w.src)
			if !c.IsRaw() {
				v = resolveText(v)
			}
			sb.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				sb.WriteByte('\n')
			}
		case *ast.String:
			v := c.Value
			if !c.IsRaw() && !c.IsCode() {
				v = resolveText(v)
			}
			sb.Write(v)
		case *ast.AutoLink:
			sb.Write(c.Label(w.src)) // the URL is the text a reader sees
		case *ast.RawHTML:
			// tags are invisible; the text between them is kept
		default:
			// emphasis, links, images (alt text), code spans, strikethrough
			w.inline(c, sb)
		}
	}
}

// resolveText removes backslash escapes and resolves character references
// as a Markdown renderer would.
func resolveText(v []byte) []byte {
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveNumericReferences(v)
		v = util.ResolveEntityNames(v)
	}
	return v
}
