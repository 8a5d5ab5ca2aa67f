package corpus

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// textBlock is a heading, paragraph or list item of a document read from
// HTML, DOCX or EPUB, before it is numbered.
type textBlock struct {
	kind  Kind // KindParagraph or KindListItem; "" for a heading
	level int  // a heading's level, 1 to 6
	text  string
	// breakBefore says something not cited (a table, code, a figure)
	// came before the block, so it does not continue the paragraph before.
	breakBefore bool
}

// buildBlocks numbers blocks into the document as ParseMarkdown numbers
// Markdown: the first level-1 heading is the title (unless a heading of
// another level comes first), one to six short paragraphs right under it
// that end at a heading form the front block (title page, author, date),
// and every other heading starts the next section, except a heading that
// repeats the title with nothing under it (an EPUB's part page).
func buildBlocks(doc *Document, blocks []textBlock) error {
	b := builder{doc: doc}
	start := 0
	title := -1
	for i, blk := range blocks {
		if blk.kind == "" {
			if blk.level == 1 {
				title = i
			}
			break
		}
	}
	if title >= 0 {
		raw := collapseSpace(blocks[title].text)
		if raw != "" {
			doc.Title = raw
		}
		if title == 0 {
			end := 1
			for end < len(blocks) && blocks[end].kind == KindParagraph && end-1 < frontMaxParagraphs &&
				utf8.RuneCountInString(blocks[end].text) <= frontMaxRunes {
				end++
			}
			if end > 1 && end < len(blocks) && blocks[end].kind == "" {
				var lines []string
				for _, blk := range blocks[1:end] {
					lines = append(lines, collapseSpace(blk.text))
				}
				b.titlePage(raw, lines)
				start = end
			} else {
				start = 1
			}
		}
	}
	for i := start; i < len(blocks); i++ {
		blk := blocks[i]
		if i == title {
			continue
		}
		if blk.breakBefore {
			b.breakFlow()
		}
		switch blk.kind {
		case "":
			h := collapseSpace(blk.text)
			// A book's part page that repeats the title heads nothing.
			if title >= 0 && h == collapseSpace(blocks[title].text) && (i+1 == len(blocks) || blocks[i+1].kind == "") {
				continue
			}
			b.newSection(h)
		case KindListItem:
			b.item(blk.text)
		default:
			b.paragraph(blk.text)
		}
	}
	return b.finish()
}

// ParseHTML parses a web page (HTML or XHTML, UTF-8) into a Document. Only
// the main content is read: the <main> or <article> element when there is
// one, else <body>, without scripts, styles, navigation, <aside>, <footer>,
// forms, menus (lists or blocks that are mostly links) and anything marked
// hidden. Headings h1–h6 are sections as in ParseMarkdown (the first h1 is
// the title, with its front block), each <p> is a paragraph and each <li>
// a list item; tables, <pre> code and figures are skipped. The title falls
// back to <title>, the author to <meta name="author">.
func ParseHTML(id, path string, src []byte) (Document, error) {
	if err := checkUTF8(src); err != nil {
		return Document{}, err
	}
	doc := newDocument(id, path, src)
	doc.Format = FormatHTML
	root, err := html.Parse(bytes.NewReader(bytes.TrimPrefix(src, utf8BOM)))
	if err != nil {
		return Document{}, err
	}
	var pageTitle string
	if t := findElement(root, atom.Title); t != nil {
		pageTitle = collapseSpace(nodeText(t))
	}
	if pageTitle != "" {
		doc.Title = pageTitle
	}
	doc.Author = metaContent(root, "author", "dc.creator", "citation_author")
	if name, aff, ok := personLine(doc.Author); ok {
		doc.Author, doc.Affiliation = name, aff
	}
	blocks := htmlBlocks(root)
	if err := buildBlocks(&doc, blocks); err != nil {
		return Document{}, err
	}
	return doc, nil
}

// htmlBlocks returns the blocks of a parsed page's main content.
func htmlBlocks(root *html.Node) []textBlock {
	content := findElement(root, atom.Main)
	if content == nil {
		content = largestArticle(root)
	}
	if content == nil {
		content = findElement(root, atom.Body)
	}
	if content == nil {
		content = root
	}
	w := htmlWalker{}
	w.walk(content)
	w.flushLoose()
	return w.blocks
}

// largestArticle returns the <article> element with the most text, or nil.
func largestArticle(root *html.Node) *html.Node {
	var best *html.Node
	bestLen := 0
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Article {
			if l := len(nodeText(n)); l > bestLen {
				best, bestLen = n, l
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(root)
	return best
}

// findElement returns the first element of type a in document order, or nil.
func findElement(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, a); f != nil {
			return f
		}
	}
	return nil
}

// metaContent returns the content of the first <meta name=…> with one of
// the names (case-insensitive), or "".
func metaContent(root *html.Node, names ...string) string {
	var found string
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if found != "" {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Meta {
			name := strings.ToLower(attr(n, "name"))
			for _, want := range names {
				if name == want {
					found = collapseSpace(attr(n, "content"))
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(root)
	return found
}

// attr returns the value of an element's attribute, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// nodeText returns all the text under n, scripts and styles left out.
func nodeText(n *html.Node) string {
	var sb strings.Builder
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Br:
				sb.WriteByte('\n')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	return sb.String()
}

// linkText returns how much of the text under n is inside links, and
// how many links there are.
func linkText(n *html.Node) (chars, links int) {
	var visit func(n *html.Node, in bool)
	visit = func(n *html.Node, in bool) {
		if n.Type == html.TextNode && in {
			chars += len(strings.TrimSpace(n.Data))
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			in = true
			links++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, in)
		}
	}
	visit(n, false)
	return chars, links
}

// skipped reports whether an element is not main content: scripts,
// styles, navigation, asides, footers, forms, hidden elements, and a
// header that holds navigation.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Nav, atom.Aside, atom.Footer,
		atom.Form, atom.Button, atom.Select, atom.Textarea, atom.Iframe, atom.Svg, atom.Math, atom.Canvas,
		atom.Object, atom.Embed, atom.Audio, atom.Video, atom.Head, atom.Menu, atom.Dialog:
		return true
	case atom.Header:
		return findElement(n, atom.Nav) != nil
	}
	if _, hidden := attrOK(n, "hidden"); hidden {
		return true
	}
	if strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog":
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}

// attrOK returns an attribute's value and whether the element has it.
func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

// mostlyLinks reports whether a block is a menu: at least three links
// that hold at least four fifths of its text.
func mostlyLinks(n *html.Node) bool {
	chars, links := linkText(n)
	total := len(strings.TrimSpace(nodeText(n)))
	return links >= 3 && total > 0 && chars*5 >= total*4
}

// htmlWalker collects the blocks of an HTML tree.
type htmlWalker struct {
	blocks []textBlock
	loose  strings.Builder // inline text directly inside a container (a <div> with text)
	broken bool            // something skipped came since the last block
	depth  int
}

// maxHTMLDepth is how deep the walker follows nested elements; deeper
// content is read as text of the element at that depth.
const maxHTMLDepth = 256

// add appends a block when its text is not empty.
func (w *htmlWalker) add(kind Kind, level int, text string) {
	text = collapseSpace(text)
	if text == "" {
		return
	}
	w.blocks = append(w.blocks, textBlock{kind: kind, level: level, text: text, breakBefore: w.broken})
	w.broken = false
}

// flushLoose turns loose inline text into a paragraph.
func (w *htmlWalker) flushLoose() {
	if w.loose.Len() > 0 {
		w.add(KindParagraph, 0, w.loose.String())
		w.loose.Reset()
	}
}

// walk visits n's children, turning block elements into blocks and
// collecting inline content that sits directly in a container.
func (w *htmlWalker) walk(n *html.Node) {
	w.depth++
	defer func() { w.depth-- }()
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			w.loose.WriteString(c.Data)
			continue
		case html.ElementNode:
		default:
			continue
		}
		if skipped(c) {
			continue
		}
		if w.depth > maxHTMLDepth {
			w.loose.WriteString(nodeText(c))
			continue
		}
		switch c.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			w.flushLoose()
			w.add("", int(c.Data[1]-'0'), nodeText(c))
		case atom.P, atom.Dt, atom.Dd, atom.Figcaption, atom.Caption, atom.Summary:
			w.flushLoose()
			if c.DataAtom == atom.P && mostlyLinks(c) {
				continue
			}
			w.add(KindParagraph, 0, nodeText(c))
		case atom.Ul, atom.Ol:
			w.flushLoose()
			if mostlyLinks(c) {
				w.broken = true
				continue
			}
			w.list(c)
		case atom.Table, atom.Pre, atom.Figure, atom.Img, atom.Hr:
			w.flushLoose()
			w.broken = true
		case atom.Br:
			w.loose.WriteByte('\n')
		case atom.Div, atom.Section, atom.Article, atom.Main, atom.Blockquote, atom.Header, atom.Body,
			atom.Html, atom.Dl, atom.Details, atom.Center, atom.Address, atom.Fieldset, atom.Li:
			w.flushLoose()
			if c.DataAtom == atom.Div && mostlyLinks(c) && !hasParagraph(c) {
				w.broken = true
				continue
			}
			w.walk(c)
			w.flushLoose()
		default:
			// Inline elements: their text joins the loose text; block
			// elements inside them (a <p> in a <span>) are still found.
			if hasBlock(c) {
				w.flushLoose()
				w.walk(c)
				w.flushLoose()
			} else {
				w.loose.WriteString(nodeText(c))
			}
		}
	}
}

// list adds the items of a <ul> or <ol>, nested lists as items of their own.
func (w *htmlWalker) list(n *html.Node) {
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode || skipped(li) {
			continue
		}
		if li.DataAtom != atom.Li {
			continue
		}
		var sb strings.Builder
		var nested []*html.Node
		for c := li.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol) {
				nested = append(nested, c)
				continue
			}
			if c.Type == html.ElementNode && skipped(c) {
				continue
			}
			if c.Type == html.ElementNode && c.DataAtom == atom.P {
				sb.WriteByte(' ')
			}
			sb.WriteString(nodeText(c))
		}
		w.add(KindListItem, 0, sb.String())
		for _, l := range nested {
			if w.depth < maxHTMLDepth {
				w.depth++
				w.list(l)
				w.depth--
			}
		}
	}
}

// hasParagraph reports whether n holds a <p>.
func hasParagraph(n *html.Node) bool { return findElement(n, atom.P) != nil }

// hasBlock reports whether an inline element holds block elements.
func hasBlock(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Table, atom.Section:
				return true
			}
			if hasBlock(c) {
				return true
			}
		}
	}
	return false
}
