package corpus

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/analysis"
)

// pdfHyphen is the character PDFium puts where a word is broken with a
// hyphen at the end of a line.
const pdfHyphen = '\u0002'

// pdfLine is one line of text on a PDF page, in points from the page's
// top-left corner.
type pdfLine struct {
	page                     int // 1-based
	col                      int // 0 for a line across the whole page or the left column, 1 for the right one
	text                     string
	hyph                     bool // the line ends in a hyphen PDFium marked as breaking a word
	left, right, top, bottom float64
	size                     float64 // its font size in points (estimated from the glyphs' heights until PDFium says)
	bold                     bool    // set in bold type
	firstChar, midChar       int     // PDFium's indexes of its first and middle characters, to look up its font
	indentText               float64 // for a list item, where the text after the bullet starts
}

// height is the line's height, at least 1 point.
func (l pdfLine) height() float64 { return max(l.bottom-l.top, 1) }

// pdfLines groups a page's glyphs, in PDFium's order, into lines: a line
// ends at PDFium's line break, where the baseline moves by more than half
// the font size, where the text jumps back left, or at a gap wider than
// three font sizes (the gutter between columns on one baseline). Raised
// glyphs much smaller than the line's text (footnote marks) are left out.
func pdfLines(page int, glyphs []pdfGlyph) []pdfLine {
	var lines []pdfLine
	var cur []pdfGlyph
	top, bottom := math.Inf(1), math.Inf(-1) // the vertical span of the current line's glyphs
	flush := func() {
		if l, ok := makeLine(page, cur); ok {
			lines = append(lines, l)
		}
		cur = cur[:0]
		top, bottom = math.Inf(1), math.Inf(-1)
	}
	for _, g := range glyphs {
		if g.r == '\r' || g.r == '\n' {
			flush()
			continue
		}
		ink := g.r != ' ' && g.bottom > g.top
		if ink && len(cur) > 0 {
			if last := lastInk(cur); last != nil {
				size := max(bottom-top, 1)
				switch {
				case bottom > top && (g.top >= bottom+0.1*size || g.bottom <= top-0.1*size):
					flush() // no vertical overlap with the line: the next line
				case g.left < last.left-2*size:
					flush()
				case g.left-last.right > 3*size:
					flush()
				}
			}
		}
		cur = append(cur, g)
		if ink {
			top, bottom = min(top, g.top), max(bottom, g.bottom)
		}
	}
	flush()
	return lines
}

// lastInk returns the last glyph of gs that is not a space, or nil.
func lastInk(gs []pdfGlyph) *pdfGlyph {
	for i := len(gs) - 1; i >= 0; i-- {
		if gs[i].r != ' ' && gs[i].right > gs[i].left {
			return &gs[i]
		}
	}
	return nil
}

// makeLine builds a line from its glyphs; ok is false when it has no
// visible text. Its size until PDFium's font size is looked up is the
// commonest glyph height; raised glyphs much shorter than that (footnote
// marks) are left out.
func makeLine(page int, gs []pdfGlyph) (pdfLine, bool) {
	heights := map[float64]int{}
	for _, g := range gs {
		if g.r != ' ' && g.r != pdfHyphen && g.bottom > g.top {
			heights[math.Round(g.bottom-g.top)]++
		}
	}
	size, best := 0.0, 0
	for h, n := range heights {
		if n > best || (n == best && h > size) {
			size, best = h, n
		}
	}
	baseline := math.Inf(-1)
	for _, g := range gs {
		if g.r != ' ' && g.r != pdfHyphen && g.bottom-g.top >= 0.8*size {
			baseline = max(baseline, g.bottom)
		}
	}
	var sb strings.Builder
	l := pdfLine{page: page, left: math.Inf(1), right: math.Inf(-1), top: math.Inf(1), bottom: math.Inf(-1), size: size}
	var ink []int
	for i, g := range gs {
		if g.r == ' ' {
			sb.WriteByte(' ')
			continue
		}
		if g.r == pdfHyphen {
			if i == len(gs)-1 || allSpace(gs[i+1:]) {
				l.hyph = true
			} else {
				sb.WriteByte('-')
			}
			continue
		}
		if !unicode.IsPrint(g.r) && !unicode.IsSpace(g.r) {
			continue
		}
		// A footnote mark: a short glyph raised well above the baseline.
		if h := g.bottom - g.top; size > 0 && h < 0.75*size && g.bottom < baseline-0.3*size &&
			(unicode.IsDigit(g.r) || strings.ContainsRune("*†‡§", g.r)) {
			continue
		}
		if unicode.IsSpace(g.r) {
			sb.WriteByte(' ')
			continue
		}
		sb.WriteString(expandLigature(g.r))
		ink = append(ink, g.index)
		l.left = min(l.left, g.left)
		l.right = max(l.right, g.right)
		if g.bottom-g.top >= 0.5*size {
			l.top = min(l.top, g.top)
			l.bottom = max(l.bottom, g.bottom)
		}
	}
	if len(ink) == 0 {
		return pdfLine{}, false
	}
	if math.IsInf(l.top, 1) {
		l.top, l.bottom = 0, 0
	}
	l.firstChar, l.midChar = ink[0], ink[len(ink)/2]
	l.text = collapseSpace(sb.String())
	return l, l.text != ""
}

// allSpace reports whether gs holds only spaces.
func allSpace(gs []pdfGlyph) bool {
	for _, g := range gs {
		if g.r != ' ' {
			return false
		}
	}
	return true
}

// boldFont reports whether a font's name says it is bold.
func boldFont(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "bold") || strings.Contains(n, "black") || strings.Contains(n, "heavy") || strings.Contains(n, "semibold")
}

// expandLigature spells out the typographic ligatures fonts map to one
// character (ﬁ → fi), so that the text is searchable as it reads.
func expandLigature(r rune) string {
	switch r {
	case 'ﬀ':
		return "ff"
	case 'ﬁ':
		return "fi"
	case 'ﬂ':
		return "fl"
	case 'ﬃ':
		return "ffi"
	case 'ﬄ':
		return "ffl"
	case 'ﬅ', 'ﬆ':
		return "st"
	case '\u00ad': // a soft hyphen inside a line is invisible
		return ""
	}
	return string(r)
}

// pageNumberLine matches a line that is only a page number: "7", "- 7 -",
// "Page 7", "7 of 12", "vii".
var pageNumberLine = regexp.MustCompile(`(?i)^[\s\-–—]*(page\s*)?(\d{1,4}|[ivxlc]{1,6})(\s*(of|/)\s*\d{1,4})?[\s\-–—]*$`)

// marginShare is the share of the page height, at the top and at the
// bottom, where running headers, footers and page numbers are looked for.
const marginShare = 0.12

// dropFurniture removes running headers and footers (a line repeated at
// the same place in the top or bottom margin on at least half the pages,
// digits ignored so that "Page 3" matches "Page 4") and page numbers.
func dropFurniture(pages [][]pdfLine, heights []float64) [][]pdfLine {
	key := func(l pdfLine) string {
		t := strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '#'
			}
			return unicode.ToLower(r)
		}, l.text)
		return t + "@" + string(rune('0'+int(l.top/6)%64))
	}
	inMargin := func(l pdfLine, h float64) bool {
		return l.top < h*marginShare || l.bottom > h*(1-marginShare)
	}
	count := map[string]int{}
	for i, lines := range pages {
		seen := map[string]bool{}
		for _, l := range lines {
			if inMargin(l, heights[i]) {
				if k := key(l); !seen[k] {
					seen[k] = true
					count[k]++
				}
			}
		}
	}
	out := make([][]pdfLine, len(pages))
	for i, lines := range pages {
		for _, l := range lines {
			if inMargin(l, heights[i]) {
				if pageNumberLine.MatchString(l.text) {
					continue
				}
				if n := count[key(l)]; len(pages) >= 2 && n >= 2 && 2*n >= len(pages) {
					continue
				}
			}
			out[i] = append(out[i], l)
		}
	}
	return out
}

// orderColumns puts a page's lines in reading order. When a vertical
// gutter near the middle of the page crosses (almost) no line, the page
// has two columns: lines crossing it (a title across the page) split the
// page into bands, and in each band the left column is read before the
// right. Otherwise lines are read top to bottom.
func orderColumns(lines []pdfLine, width float64) []pdfLine {
	slices.SortStableFunc(lines, func(a, b pdfLine) int { return cmp.Compare(a.top, b.top) })
	gutter, ok := findGutter(lines, width)
	if !ok {
		return lines
	}
	var out, left, right []pdfLine
	band := func() {
		out = append(out, left...)
		out = append(out, right...)
		left, right = left[:0], right[:0]
	}
	for _, l := range lines {
		switch {
		case l.right <= gutter:
			l.col = 0
			left = append(left, l)
		case l.left >= gutter:
			l.col = 1
			right = append(right, l)
		default:
			band()
			l.col = 0
			out = append(out, l)
		}
	}
	band()
	return out
}

// findGutter looks for the x position between 35% and 65% of the page
// width that the fewest lines cross, and says whether it splits the page
// into two columns: at most one line in twenty crosses it and at least
// three lines lie wholly on each side.
func findGutter(lines []pdfLine, width float64) (float64, bool) {
	if len(lines) < 6 || width <= 0 {
		return 0, false
	}
	bestX, bestN := 0.0, len(lines)+1
	for x := width * 0.35; x <= width*0.65; x += 1 {
		n := 0
		for _, l := range lines {
			if l.left < x && l.right > x {
				n++
			}
		}
		if n < bestN || (n == bestN && math.Abs(x-width/2) < math.Abs(bestX-width/2)) {
			bestX, bestN = x, n
		}
	}
	var nl, nr int
	for _, l := range lines {
		if l.right <= bestX {
			nl++
		} else if l.left >= bestX {
			nr++
		}
	}
	return bestX, bestN*20 <= len(lines) && nl >= 3 && nr >= 3
}

// bulletStart returns the length in bytes of a list bullet ("•", "–",
// "1.", "(a)") at the start of text followed by a space, or 0.
func bulletStart(text string) int {
	r, size := utf8.DecodeRuneInString(text)
	switch r {
	case '•', '◦', '▪', '‣', '∙', '·', '●', '○', '■', '□', '–', '—', '*', '-':
		if len(text) > size && text[size] == ' ' {
			return size + 1
		}
		return 0
	}
	if m := numberedItem.FindString(text); m != "" {
		return len(m)
	}
	return 0
}

// numberedItem matches a list number at the start of a line: "1. ", "2) ", "(a) ".
var numberedItem = regexp.MustCompile(`^(\d{1,2}[.)]|\([a-z0-9]{1,3}\)) `)

// joinHyphenated joins a word broken over two lines at a hyphen: without
// the hyphen when the joined word is English or appears whole elsewhere
// in the document ("secu-" "rity" → "security"), with it when both halves
// are words of their own or the halves look like names or abbreviations
// ("action-" "reaction", "U.S.-" "China").
func joinHyphenated(head, tail string, vocab map[string]bool) string {
	w1 := lastWord(head)
	w2 := firstWord(tail)
	joined := strings.ToLower(w1 + w2)
	switch {
	case w1 == "" || w2 == "":
		return head + "-" + tail
	case vocab[joined] || analysis.IsEnglishWord(joined):
		return head + tail
	case vocab[strings.ToLower(w1+"-"+w2)]:
		return head + "-" + tail
	case !startsLower(w2) || strings.ContainsAny(w1, ".0123456789") || hasUpperAfterFirst(w1):
		return head + "-" + tail
	case (analysis.IsEnglishWord(strings.ToLower(w1)) || len(w1) < analysis.MinLexiconWord) && (analysis.IsEnglishWord(strings.ToLower(w2)) || len(w2) < analysis.MinLexiconWord):
		if len(w1) >= 3 && len(w2) >= 3 {
			return head + "-" + tail
		}
	}
	return head + tail
}

// hasUpperAfterFirst reports whether w has an upper-case letter after its first character.
func hasUpperAfterFirst(w string) bool {
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// lastWord returns the letters (and dots) at the end of s.
func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' && !unicode.IsDigit(r) })
	return s[i+1:]
}

// firstWord returns the letters at the start of s.
func firstWord(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		return s
	}
	return s[:i]
}

// pdfVocabulary returns the lower-cased words of the lines, to decide how
// hyphenated words are joined.
func pdfVocabulary(pages [][]pdfLine) map[string]bool {
	vocab := map[string]bool{}
	for _, lines := range pages {
		for i, l := range lines {
			fields := strings.Fields(l.text)
			for j, f := range fields {
				if (j == 0 && i > 0) || (j == len(fields)-1 && l.hyph) {
					continue // may be half a word
				}
				f = strings.ToLower(strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) }))
				if f != "" {
					vocab[f] = true
				}
			}
		}
	}
	return vocab
}

// pdfBlock is a heading, paragraph or list item being built from lines.
type pdfBlock struct {
	kind     Kind // KindParagraph, KindListItem, or "" for a heading
	text     string
	hyph     bool
	page     int // where it starts
	pageEnd  int
	lines    int
	first    pdfLine // its first line
	last     pdfLine // its last line
	contLeft float64 // the left edge of its second and later lines
	size     float64
	bold     bool
	breaks   []int // offsets in text where each later page begins
}

// pdfLayout holds what is measured across a whole document: the body
// font size, the usual gap between lines, and each column's edges.
type pdfLayout struct {
	body     float64
	gap      float64
	colLeft  map[[2]int]float64
	colRight map[[2]int]float64
}

// measure finds the body font size (the size of most glyphs), the usual
// vertical gap between consecutive body lines, and the left and right
// edges of each column of each page (the commonest left edge and the
// right edge most lines reach).
func measure(pages [][]pdfLine) pdfLayout {
	chars := map[float64]int{}
	for _, lines := range pages {
		for _, l := range lines {
			chars[l.size] += utf8.RuneCountInString(l.text)
		}
	}
	lay := pdfLayout{colLeft: map[[2]int]float64{}, colRight: map[[2]int]float64{}}
	best := 0
	for s, n := range chars {
		if n > best {
			lay.body, best = s, n
		}
	}
	var gaps []float64
	lefts := map[[2]int]map[float64]int{}
	rights := map[[2]int][]float64{}
	for _, lines := range pages {
		for i, l := range lines {
			if !sameSize(l.size, lay.body) {
				continue
			}
			k := [2]int{l.page, l.col}
			if lefts[k] == nil {
				lefts[k] = map[float64]int{}
			}
			lefts[k][math.Round(l.left)]++
			rights[k] = append(rights[k], l.right)
			if i > 0 && lines[i-1].col == l.col && sameSize(lines[i-1].size, lay.body) {
				if g := l.top - lines[i-1].bottom; g > -l.height() && g < 3*l.height() {
					gaps = append(gaps, g)
				}
			}
		}
	}
	if len(gaps) > 0 {
		slices.Sort(gaps)
		lay.gap = gaps[len(gaps)/2]
	}
	for k, m := range lefts {
		left, n := 0.0, 0
		for x, c := range m {
			if c > n || (c == n && x < left) {
				left, n = x, c
			}
		}
		lay.colLeft[k] = left
		rs := rights[k]
		slices.Sort(rs)
		lay.colRight[k] = rs[len(rs)*3/4]
	}
	return lay
}

// sameSize reports whether two font sizes are the same within 5%.
func sameSize(a, b float64) bool {
	return math.Abs(a-b) <= 0.05*max(a, b)
}

// isHeadingLine reports whether a line is set as a heading: larger than
// the body text, or bold and body-sized and short of a full line.
func (lay pdfLayout) isHeadingLine(l pdfLine) bool {
	if lay.body == 0 {
		return false
	}
	if l.size >= lay.body*1.15 {
		return utf8.RuneCountInString(l.text) <= 200
	}
	return l.bold && l.size >= lay.body*0.95 && utf8.RuneCountInString(l.text) <= 120
}

// blocks turns the lines of all pages, in reading order, into headings,
// paragraphs and list items.
func (lay pdfLayout) blocks(pages [][]pdfLine, vocab map[string]bool) []pdfBlock {
	var out []pdfBlock
	var cur *pdfBlock
	// Footnotes wait until the paragraph they interrupt has ended, so
	// that it is still joined across the column or page break.
	var notes []pdfBlock
	var note *pdfBlock
	flush := func() {
		if cur != nil && cur.text != "" {
			out = append(out, *cur)
		}
		cur = nil
		if note != nil {
			notes = append(notes, *note)
			note = nil
		}
		out = append(out, notes...)
		notes = notes[:0]
	}
	start := func(l pdfLine, kind Kind, text string) {
		flush()
		cur = &pdfBlock{kind: kind, text: text, hyph: l.hyph, page: l.page, pageEnd: l.page, lines: 1,
			first: l, last: l, size: l.size, bold: l.bold}
	}
	for _, lines := range pages {
		bodyEnd := map[int]float64{} // by column: the bottom of the last body-size line
		for _, l := range lines {
			if sameSize(l.size, lay.body) {
				bodyEnd[l.col] = max(bodyEnd[l.col], l.bottom)
			}
		}
		for _, l := range lines {
			if lay.body > 0 && l.size < lay.body*0.92 && l.top >= bodyEnd[l.col] {
				// A footnote: small type below the column's body text.
				if note != nil && note.last.page == l.page && note.last.col == l.col &&
					l.top-note.last.bottom < 0.8*l.height() && !startsFootnote(l.text) {
					lay.extend(note, l, vocab)
					continue
				}
				if note != nil {
					notes = append(notes, *note)
				}
				note = &pdfBlock{kind: KindParagraph, text: l.text, hyph: l.hyph, page: l.page, pageEnd: l.page,
					lines: 1, first: l, last: l, size: l.size}
				continue
			}
			heading := lay.isHeadingLine(l)
			switch {
			case cur == nil:
			case heading && cur.kind == "" && sameSize(cur.size, l.size) && cur.bold == l.bold &&
				l.page == cur.last.page && l.col == cur.last.col && l.top-cur.last.bottom < 1.2*l.height():
				lay.extend(cur, l, vocab) // a heading over two lines
				continue
			case heading || cur.kind == "":
			case lay.continues(cur, l):
				lay.extend(cur, l, vocab)
				continue
			}
			if heading {
				start(l, "", l.text)
				continue
			}
			if n := bulletStart(l.text); n > 0 {
				start(l, KindListItem, strings.TrimSpace(l.text[n:]))
				continue
			}
			start(l, KindParagraph, l.text)
		}
	}
	flush()
	return out
}

// startsFootnote reports whether a footnote line starts a new note: it
// begins with a note number or mark.
func startsFootnote(text string) bool {
	r, _ := utf8.DecodeRuneInString(text)
	return unicode.IsDigit(r) || strings.ContainsRune("*†‡§", r)
}

// continues reports whether line l continues block b rather than starting
// a new paragraph.
func (lay pdfLayout) continues(b *pdfBlock, l pdfLine) bool {
	a := b.last
	size := max(l.size, 1)
	if !sameSize(a.size, l.size) {
		return false
	}
	if bulletStart(l.text) > 0 {
		return false
	}
	colLeft := lay.colLeft[[2]int{l.page, l.col}]
	aRight := lay.colRight[[2]int{a.page, a.col}]
	full := a.right >= aRight-1.5*size
	ends := endsSentence(a.text) && !a.hyph
	if a.page != l.page || a.col != l.col {
		// The top of a new column or page: a paragraph runs on when the
		// last line was full and this one is not indented.
		return (full || !ends) && l.left <= colLeft+0.5*size
	}
	gap := l.top - a.bottom
	if gap > lay.gap+0.4*a.height() || gap < -a.height() {
		return false
	}
	if b.lines >= 2 || b.kind == KindListItem {
		left := b.contLeft
		if b.lines == 1 {
			left = l.left // a list item's second line sets its indent
		}
		if math.Abs(l.left-left) > 0.6*size {
			return false
		}
	} else if l.left > a.left+0.6*size {
		return false // the next paragraph's indented first line
	}
	if !full && ends {
		return false // the last line of a paragraph ends short
	}
	return true
}

// extend adds line l to block b.
func (lay pdfLayout) extend(b *pdfBlock, l pdfLine, vocab map[string]bool) {
	if b.lines == 1 {
		b.contLeft = l.left
	}
	switch {
	case b.hyph:
		b.text = joinHyphenated(b.text, l.text, vocab)
	case strings.HasSuffix(b.text, "-") && !strings.HasSuffix(b.text, " -") && utf8.RuneCountInString(lastWord(strings.TrimSuffix(b.text, "-"))) > 0:
		b.text += l.text // a hyphen PDFium left as it is: a compound such as "U.S.-China"
	case strings.HasSuffix(b.text, "/"):
		b.text += l.text
	default:
		b.text += " " + l.text
	}
	for p := b.last.page + 1; p <= l.page; p++ {
		b.breaks = append(b.breaks, len(b.text)-len(l.text))
	}
	b.hyph = l.hyph
	b.last = l
	b.lines++
	b.pageEnd = l.page
}

// minPDFText is the fewest characters a PDF must have, over all its
// pages, not to be taken for a scan without a text layer.
const minPDFText = 20

// buildPDF turns what PDFium read into a Document. The title is the PDF's
// Title metadata, or else the largest text on the first page. On the first
// page, the blocks above the first paragraph of body text that are not bold
// headings form the front block: the largest is the title, and up to six
// short lines under it (subtitle, author, date) are read as in
// ParseMarkdown's front block and form the title-page passage. The author
// falls back to the Author metadata.
func buildPDF(id, p string, src []byte, raw *pdfRaw) (Document, error) {
	doc := newDocument(id, p, src)
	doc.Format = FormatPDF
	doc.Pages = len(raw.pages)
	pages := make([][]pdfLine, len(raw.pages))
	ink := 0
	for i, lines := range raw.pages {
		pages[i] = append([]pdfLine(nil), lines...)
		for _, l := range lines {
			ink += utf8.RuneCountInString(l.text)
		}
	}
	if ink < minPDFText {
		return Document{}, ErrNoTextLayer
	}
	pages = dropFurniture(pages, raw.height)
	for i := range pages {
		pages[i] = orderColumns(pages[i], raw.width[i])
	}
	lay := measure(pages)
	blocks := lay.blocks(pages, pdfVocabulary(pages))

	b := builder{doc: &doc}
	front, title := pdfFront(blocks, lay)
	if t := raw.title; t != "" && !junkPDFTitle(t) {
		doc.Title = t
	} else if title >= 0 {
		doc.Title = collapseSpace(blocks[title].text)
	}
	if front > 0 {
		var lines []string
		for i := 0; i < front; i++ {
			if i != title {
				lines = append(lines, collapseSpace(blocks[i].text))
			}
		}
		rawTitle := doc.Title
		if title >= 0 {
			rawTitle = collapseSpace(blocks[title].text)
		}
		b.page = 1
		b.titlePage(rawTitle, lines)
		blocks = blocks[front:]
	}
	if doc.Author == "" && raw.author != "" {
		doc.Author = raw.author
		if name, aff, ok := personLine(raw.author); ok {
			doc.Author, doc.Affiliation = name, aff
		}
	}
	for _, blk := range blocks {
		b.page = blk.page
		switch blk.kind {
		case "":
			b.newSection(collapseSpace(blk.text))
			continue
		case KindListItem:
			b.item(blk.text)
		default:
			before, prevEnd := len(doc.Passages), 0
			if before > 0 {
				prevEnd = doc.Passages[before-1].PageEnd
			}
			b.paragraph(blk.text)
			if len(doc.Passages) == before && before > 0 && len(b.parts) > 1 {
				// Joined to the previous paragraph: its text so far is the
				// earlier parts and the spaces between them.
				base := len(b.parts) - 1
				for _, part := range b.parts[:len(b.parts)-1] {
					base += len(part)
				}
				last := &doc.Passages[before-1]
				for p := prevEnd + 1; p <= blk.page; p++ {
					last.PageBreaks = append(last.PageBreaks, base)
				}
				for _, off := range blk.breaks {
					last.PageBreaks = append(last.PageBreaks, base+off)
				}
				last.PageEnd = max(last.PageEnd, blk.pageEnd)
				continue
			}
		}
		if n := len(doc.Passages); n > 0 {
			doc.Passages[n-1].PageEnd = max(doc.Passages[n-1].PageEnd, blk.pageEnd)
			if doc.Passages[n-1].PageBreaks == nil && len(blk.breaks) > 0 {
				doc.Passages[n-1].PageBreaks = append([]int(nil), blk.breaks...)
			}
		}
	}
	if err := b.finish(); err != nil {
		return Document{}, err
	}
	return doc, nil
}

// pdfFront finds the front block: the number of leading blocks that form
// it (0 for none) and the index of the title among them (-1 for none).
func pdfFront(blocks []pdfBlock, lay pdfLayout) (n, title int) {
	title = -1
	for n < len(blocks) && n <= frontMaxParagraphs {
		blk := blocks[n]
		if blk.page != 1 || (blk.kind == "" && blk.bold && n > 0) || (blk.kind != "" && sameSize(blk.size, lay.body)) {
			break
		}
		if utf8.RuneCountInString(blk.text) > frontMaxRunes {
			return 0, -1
		}
		if title < 0 || blk.size > blocks[title].size*1.05 {
			title = n
		}
		n++
	}
	if n == 0 || n > frontMaxParagraphs || title != 0 {
		return 0, -1
	}
	return n, title
}

// junkPDFTitle reports whether a PDF's Title metadata is what programs
// put there rather than a title: "Untitled", "Microsoft Word - x.docx",
// a file name.
func junkPDFTitle(t string) bool {
	l := strings.ToLower(t)
	return l == "untitled" || strings.HasPrefix(l, "microsoft word") || strings.HasSuffix(l, ".pdf") ||
		strings.HasSuffix(l, ".doc") || strings.HasSuffix(l, ".docx") || strings.HasSuffix(l, ".tex") || strings.HasSuffix(l, ".dvi")
}
