package corpus

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// docxStyle is what a paragraph style of a Word document says about its
// paragraphs.
type docxStyle struct {
	heading int  // 1–6 for headings (Title counts as 1), else 0
	item    bool // a list style
	skip    bool // code, which is not cited
}

// ParseDOCX parses a Word document (.docx) into a Document, reading at
// most maxUnpacked decompressed bytes. Paragraphs in a heading style
// ("Title", "Heading 1" to "Heading 6", or any style with an outline
// level) are headings, read as in ParseMarkdown (the first level-1 heading
// or Title is the title, with its front block); paragraphs with list
// numbering or a list style are list items; other paragraphs are
// paragraphs. Tables, text boxes, deleted text, field codes and code
// styles are left out. The title and author fall back to the document's
// core properties (dc:title, dc:creator).
func ParseDOCX(id, path string, src []byte, maxUnpacked int64) (Document, error) {
	doc := newDocument(id, path, src)
	doc.Format = FormatDOCX
	z, err := openZip(src, maxUnpacked)
	if err != nil {
		return Document{}, err
	}
	if !z.has("word/document.xml") {
		return Document{}, fmt.Errorf("%w: word/document.xml is missing, so it is not a Word document", ErrDamaged)
	}
	styles := map[string]docxStyle{}
	if z.has("word/styles.xml") {
		data, err := z.read("word/styles.xml")
		if err != nil {
			return Document{}, err
		}
		styles = docxStyles(data)
	}
	if z.has("docProps/core.xml") {
		data, err := z.read("docProps/core.xml")
		if err != nil {
			return Document{}, err
		}
		title, creator := coreProperties(data)
		if title != "" {
			doc.Title = title
		}
		if creator != "" {
			doc.Author = creator
			if name, aff, ok := personLine(creator); ok {
				doc.Author, doc.Affiliation = name, aff
			}
		}
	}
	body, err := z.read("word/document.xml")
	if err != nil {
		return Document{}, err
	}
	blocks, err := docxBlocks(body, styles)
	if err != nil {
		return Document{}, err
	}
	if err := buildBlocks(&doc, blocks); err != nil {
		return Document{}, err
	}
	return doc, nil
}

// docxStyles reads word/styles.xml: each paragraph style's heading level,
// list-ness and code-ness, by style id, following basedOn.
func docxStyles(data []byte) map[string]docxStyle {
	type raw struct {
		name, basedOn string
		outline       int // -1 for none
	}
	styles := map[string]*raw{}
	d := xml.NewDecoder(bytes.NewReader(data))
	var cur *raw
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			if ee, ok := tok.(xml.EndElement); ok && ee.Name.Local == "style" {
				cur = nil
			}
			continue
		}
		switch se.Name.Local {
		case "style":
			cur = &raw{outline: -1}
			styles[xmlAttr(se, "styleId")] = cur
		case "name":
			if cur != nil {
				cur.name = strings.ToLower(xmlAttr(se, "val"))
			}
		case "basedOn":
			if cur != nil {
				cur.basedOn = xmlAttr(se, "val")
			}
		case "outlineLvl":
			if cur != nil {
				if n, err := strconv.Atoi(xmlAttr(se, "val")); err == nil && n >= 0 && n < 9 {
					cur.outline = n
				}
			}
		}
	}
	out := map[string]docxStyle{}
	for id := range styles {
		var st docxStyle
		// Follow basedOn a few steps: a style inherits its base's kind.
		for r, steps := styles[id], 0; r != nil && steps < 10; r, steps = styles[r.basedOn], steps+1 {
			if r.name == "subtitle" {
				break
			}
			if lvl, ok := headingName(r.name); ok {
				st.heading = lvl
				break
			}
			if r.outline >= 0 {
				st.heading = min(r.outline+1, 6)
				break
			}
			if strings.HasPrefix(r.name, "list") {
				st.item = true
				break
			}
			if strings.Contains(r.name, "code") || r.name == "html preformatted" {
				st.skip = true
				break
			}
		}
		out[id] = st
	}
	return out
}

// headingName returns the level of a style called "title" or "heading N".
func headingName(name string) (int, bool) {
	if name == "title" {
		return 1, true
	}
	if n, ok := strings.CutPrefix(name, "heading "); ok {
		if lvl, err := strconv.Atoi(n); err == nil && lvl >= 1 {
			return min(lvl, 6), true
		}
	}
	return 0, false
}

// styleByID guesses the kind of a style missing from styles.xml from its
// id ("Heading2", "Title", "ListParagraph").
func styleByID(id string) docxStyle {
	l := strings.ToLower(id)
	if l == "title" {
		return docxStyle{heading: 1}
	}
	if n, ok := strings.CutPrefix(l, "heading"); ok {
		if lvl, err := strconv.Atoi(n); err == nil && lvl >= 1 {
			return docxStyle{heading: min(lvl, 6)}
		}
	}
	if strings.HasPrefix(l, "list") {
		return docxStyle{item: true}
	}
	return docxStyle{}
}

// coreProperties reads dc:title and dc:creator from docProps/core.xml.
func coreProperties(data []byte) (title, creator string) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var field *string
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "title":
				field = &title
			case "creator":
				field = &creator
			default:
				field = nil
			}
		case xml.CharData:
			if field != nil {
				*field += string(t)
			}
		case xml.EndElement:
			field = nil
		}
	}
	return collapseSpace(title), collapseSpace(creator)
}

// xmlAttr returns the value of an attribute by its local name.
func xmlAttr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// docxBlocks reads the paragraphs of word/document.xml.
func docxBlocks(data []byte, styles map[string]docxStyle) ([]textBlock, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var blocks []textBlock
	var text strings.Builder
	var style docxStyle
	inPara, inText, numbered := false, false, false
	skipDepth := 0 // >0 inside an element whose text is not read
	tableDepth := 0
	broken := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("%w: word/document.xml is not well-formed (line %d)", ErrDamaged, se.Line)
			}
			return nil, fmt.Errorf("%w: word/document.xml: %w", ErrDamaged, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skipDepth > 0 {
				skipDepth++
				continue
			}
			switch t.Name.Local {
			case "tbl":
				tableDepth++
				broken = true
			case "p":
				inPara, numbered = true, false
				style = docxStyle{}
				text.Reset()
			case "pStyle":
				id := xmlAttr(t, "val")
				if st, ok := styles[id]; ok {
					style = st
				} else {
					style = styleByID(id)
				}
			case "numPr":
				numbered = true
			case "t":
				inText = true
			case "tab":
				text.WriteByte(' ')
			case "br", "cr":
				text.WriteByte('\n')
			case "noBreakHyphen":
				text.WriteByte('-')
			case "del", "instrText", "delText", "txbxContent", "footnoteReference", "commentReference", "fldData":
				skipDepth = 1
			}
		case xml.EndElement:
			if skipDepth > 0 {
				skipDepth--
				continue
			}
			switch t.Name.Local {
			case "tbl":
				tableDepth--
			case "t":
				inText = false
			case "p":
				if !inPara {
					continue
				}
				inPara = false
				if tableDepth > 0 || style.skip {
					broken = true
					continue
				}
				s := collapseSpace(text.String())
				if s == "" {
					continue
				}
				blk := textBlock{kind: KindParagraph, text: s, breakBefore: broken}
				switch {
				case style.heading > 0:
					blk.kind, blk.level = "", style.heading
				case numbered || style.item:
					blk.kind = KindListItem
				}
				blocks = append(blocks, blk)
				broken = false
			}
		case xml.CharData:
			if inText && skipDepth == 0 {
				text.Write(t)
			}
		}
	}
	return blocks, nil
}
