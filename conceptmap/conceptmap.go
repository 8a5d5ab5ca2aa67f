// Package conceptmap draws a map of concepts as a PNG image: one labelled
// box per concept, coloured by its group, with lines between concepts
// that are related and between concepts that the same passages mention
// (thicker the more passages). It is pure Go (github.com/fogleman/gg and
// the Go fonts), needs no font file or external program, and gives the
// same image for the same input: the layout is deterministic.
//
// The image is Width × Height pixels on Discord's dark background, with
// labels large enough to read when Discord shows it scaled to about half
// size.
package conceptmap

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomedium"
	"golang.org/x/image/font/gofont/goregular"
)

// The size of the image in pixels.
const (
	Width  = 1200
	Height = 800
)

// EdgeKind says what a line between two concepts means.
type EdgeKind int

// The kinds of line.
const (
	// Related joins concepts the glossary lists as related: a dashed line.
	Related EdgeKind = iota + 1
	// CoOccurs joins concepts that the same passages mention: a solid line
	// whose width grows with Count.
	CoOccurs
)

// Node is one concept.
type Node struct {
	Name   string // the label
	Group  string // concepts of one group share a colour
	Weight int    // how many passages mention it, shown in its box; 0 draws a dashed box
}

// Edge is a line between two concepts, named as in their Nodes.
type Edge struct {
	A, B  string
	Kind  EdgeKind
	Count int // for CoOccurs: how many passages mention both
}

// Graph is what to draw.
type Graph struct {
	Title    string // drawn at the top left
	Subtitle string // drawn after the title, smaller
	Nodes    []Node
	Edges    []Edge
}

// Colours of the image (Discord's dark theme).
var (
	background = mustHex("#313338")
	textBright = mustHex("#F2F3F5")
	textMuted  = mustHex("#B5BAC1")
	relatedInk = mustHex("#C9CDFB")
	sharedInk  = mustHex("#949BA4")
	palette    = []color.RGBA{
		mustHex("#5865F2"), // blurple
		mustHex("#57F287"), // green
		mustHex("#FEE75C"), // yellow
		mustHex("#EB459E"), // fuchsia
		mustHex("#00A8FC"), // blue
		mustHex("#F0B232"), // orange
		mustHex("#ED4245"), // red
		mustHex("#9B84EE"), // purple
		mustHex("#3BD5C8"), // teal
	}
)

// Sizes, in pixels.
const (
	labelSize    = 24.0 // the largest label size; more concepts get smaller ones
	minLabelSize = 12.0
	titleSize    = 28.0
	subtitleSize = 19.0
	legendSize   = 18.0
	boxPadX      = 14.0
	boxGap       = 10.0 // between a label and its count
	boxRadius    = 10.0
	marginX      = 16.0 // the least space between two boxes, sideways
	marginY      = 14.0 // and up and down
	edgePad      = 20.0 // between the boxes and the image's edges
	headerHeight = 62.0 // the title band
	legendHeight = 84.0 // the legend band at the bottom
)

// fonts are the parsed Go fonts, shared by all renders.
var fonts struct {
	once                  sync.Once
	regular, medium, bold *truetype.Font
	err                   error
}

// loadFonts parses the Go fonts once.
func loadFonts() error {
	fonts.once.Do(func() {
		for _, f := range []struct {
			dst *(*truetype.Font)
			ttf []byte
		}{{&fonts.regular, goregular.TTF}, {&fonts.medium, gomedium.TTF}, {&fonts.bold, gobold.TTF}} {
			parsed, err := truetype.Parse(f.ttf)
			if err != nil {
				fonts.err = fmt.Errorf("parse a Go font: %w", err)
				return
			}
			*f.dst = parsed
		}
	})
	return fonts.err
}

// Render draws the graph as a PNG image of Width × Height pixels. Edges
// naming unknown nodes are left out. An empty graph is an error.
func Render(g Graph) ([]byte, error) {
	if len(g.Nodes) == 0 {
		return nil, errors.New("no concepts to draw")
	}
	if err := loadFonts(); err != nil {
		return nil, err
	}
	dc := gg.NewContext(Width, Height)
	faces := fitFaces(g.Nodes)
	boxes := layout(g, faces.measureBox)
	colours := groupColours(g.Nodes)

	dc.SetColor(background)
	dc.Clear()
	drawHeader(dc, faces, g)
	drawEdges(dc, g, boxes)
	for i, n := range g.Nodes {
		drawBox(dc, faces, n, boxes[i], colours[n.Group])
	}
	drawLegend(dc, faces, g, colours)

	var buf bytes.Buffer
	if err := dc.EncodePNG(&buf); err != nil {
		return nil, fmt.Errorf("encode the concept map: %w", err)
	}
	return buf.Bytes(), nil
}

// faces are the font faces of one render.
type faces struct {
	size                                  float64 // of the labels
	label, count, title, subtitle, legend font.Face
	measure                               *gg.Context
}

func newFaces(size float64) *faces {
	face := func(f *truetype.Font, size float64) font.Face {
		return truetype.NewFace(f, &truetype.Options{Size: size, DPI: 72, Hinting: font.HintingFull})
	}
	return &faces{
		size:     size,
		label:    face(fonts.medium, size),
		count:    face(fonts.bold, size*5/6),
		title:    face(fonts.bold, titleSize),
		subtitle: face(fonts.regular, subtitleSize),
		legend:   face(fonts.regular, legendSize),
		measure:  gg.NewContext(1, 1),
	}
}

// fitFaces picks the largest label size at which the boxes, with their
// margins, take at most half the area, so that the layout has room.
func fitFaces(nodes []Node) *faces {
	room := (area.maxX - area.minX) * (area.maxY - area.minY) / 2
	for size := labelSize; ; size -= 2 {
		fs := newFaces(size)
		need := 0.0
		for _, n := range nodes {
			w, h := fs.measureBox(n)
			need += (w + marginX) * (h + marginY)
		}
		if need <= room || size-2 < minLabelSize {
			return fs
		}
	}
}

// width measures s in face f.
func (fs *faces) width(f font.Face, s string) float64 {
	fs.measure.SetFontFace(f)
	w, _ := fs.measure.MeasureString(s)
	return w
}

// measureBox is the width and height of a node's box.
func (fs *faces) measureBox(n Node) (float64, float64) {
	pad := boxPadX * fs.size / labelSize
	w := fs.width(fs.label, n.Name) + 2*pad
	if n.Weight > 0 {
		w += boxGap*fs.size/labelSize + fs.width(fs.count, strconv.Itoa(n.Weight))
	}
	return math.Ceil(w), math.Ceil(fs.size * 1.9)
}

// box is a node's place: its centre and size.
type box struct{ x, y, w, h float64 }

func (b box) left() float64   { return b.x - b.w/2 }
func (b box) top() float64    { return b.y - b.h/2 }
func (b box) right() float64  { return b.x + b.w/2 }
func (b box) bottom() float64 { return b.y + b.h/2 }

// area is the part of the image where boxes go.
var area = struct{ minX, minY, maxX, maxY float64 }{
	edgePad, headerHeight + 6, Width - edgePad, Height - legendHeight - 10,
}

// layout places the nodes: groups start on arcs of an ellipse, a
// force-directed pass pulls related and co-mentioned concepts together and
// pushes the rest apart, and a final pass moves boxes until none overlaps
// another or leaves the area. There is no randomness.
func layout(g Graph, measure func(Node) (float64, float64)) []box {
	n := len(g.Nodes)
	boxes := make([]box, n)
	for i, nd := range g.Nodes {
		boxes[i].w, boxes[i].h = measure(nd)
	}
	index := map[string]int{}
	for i, nd := range g.Nodes {
		index[nd.Name] = i
	}
	cx, cy := (area.minX+area.maxX)/2, (area.minY+area.maxY)/2
	rx, ry := (area.maxX-area.minX)*0.36, (area.maxY-area.minY)*0.36

	// Start: each group on its own arc, the larger groups first.
	groups := map[string][]int{}
	var names []string
	for i, nd := range g.Nodes {
		if _, ok := groups[nd.Group]; !ok {
			names = append(names, nd.Group)
		}
		groups[nd.Group] = append(groups[nd.Group], i)
	}
	sort.SliceStable(names, func(a, b int) bool {
		if len(groups[names[a]]) != len(groups[names[b]]) {
			return len(groups[names[a]]) > len(groups[names[b]])
		}
		return names[a] < names[b]
	})
	slot := 0
	for _, gname := range names {
		members := groups[gname]
		sort.SliceStable(members, func(a, b int) bool { return g.Nodes[members[a]].Name < g.Nodes[members[b]].Name })
		for _, i := range members {
			angle := -math.Pi/2 + 2*math.Pi*float64(slot)/float64(n)
			boxes[i].x, boxes[i].y = cx+rx*math.Cos(angle), cy+ry*math.Sin(angle)
			slot++
		}
	}

	// Springs: related concepts and concepts mentioned together.
	type spring struct {
		a, b int
		k    float64
	}
	var springs []spring
	for _, e := range g.Edges {
		a, okA := index[e.A]
		b, okB := index[e.B]
		if !okA || !okB || a == b {
			continue
		}
		k := 0.6
		if e.Kind == CoOccurs {
			k = 0.2 + 0.15*math.Log2(float64(max(e.Count, 1)))
		}
		springs = append(springs, spring{a, b, k})
	}
	// Distances are measured with x shrunk, as boxes are wide and low.
	const aspect = 2.4
	ideal := math.Sqrt((area.maxX - area.minX) / aspect * (area.maxY - area.minY) / float64(max(n, 1)))
	const rounds = 500
	const gravity = 0.01
	disp := make([][2]float64, n)
	for r := 0; r < rounds; r++ {
		temp := ideal * 0.6 * (1 - float64(r)/rounds)
		for i := range disp {
			disp[i] = [2]float64{}
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				dx, dy := (boxes[i].x-boxes[j].x)/aspect, boxes[i].y-boxes[j].y
				d := math.Max(math.Hypot(dx, dy), 1)
				f := 1.5 * ideal * ideal / d
				if g.Nodes[i].Group == g.Nodes[j].Group {
					f *= 0.8
				}
				disp[i][0] += dx / d * f
				disp[i][1] += dy / d * f
				disp[j][0] -= dx / d * f
				disp[j][1] -= dy / d * f
			}
		}
		for _, s := range springs {
			dx, dy := (boxes[s.a].x-boxes[s.b].x)/aspect, boxes[s.a].y-boxes[s.b].y
			d := math.Max(math.Hypot(dx, dy), 1)
			f := d * d / ideal * s.k
			disp[s.a][0] -= dx / d * f
			disp[s.a][1] -= dy / d * f
			disp[s.b][0] += dx / d * f
			disp[s.b][1] += dy / d * f
		}
		for i := 0; i < n; i++ {
			// Gravity keeps unconnected concepts from drifting off.
			dx, dy := (boxes[i].x-cx)/aspect, boxes[i].y-cy
			disp[i][0] -= dx * gravity
			disp[i][1] -= dy * gravity
			// The area's edges push back, softly, so boxes do not pile up on them.
			b := boxes[i]
			wall := func(gap float64) float64 { return 0.35 * ideal * ideal / math.Max(gap, 4) }
			disp[i][0] += wall((b.left()-area.minX)/aspect) - wall((area.maxX-b.right())/aspect)
			disp[i][1] += wall(b.top()-area.minY) - wall(area.maxY-b.bottom())
			l := math.Max(math.Hypot(disp[i][0], disp[i][1]), 1e-9)
			step := math.Min(l, temp)
			boxes[i].x += disp[i][0] / l * step * aspect
			boxes[i].y += disp[i][1] / l * step
			// And they hold the boxes in, so that they fill the area.
			clamp(&boxes[i])
		}
	}
	// First with generous margins, so crowded clusters open into the free
	// space; then with the real ones, which must hold.
	separate(boxes, 2.5*marginX, 2*marginY, 300)
	separate(boxes, marginX, marginY, 5000)
	return boxes
}

// fitToArea scales and moves the centres so that the boxes fill the area.
func fitToArea(boxes []box) {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, b := range boxes {
		minX, maxX = math.Min(minX, b.x), math.Max(maxX, b.x)
		minY, maxY = math.Min(minY, b.y), math.Max(maxY, b.y)
	}
	// The centres may range over the area less half the widest box.
	var halfW, halfH float64
	for _, b := range boxes {
		halfW, halfH = math.Max(halfW, b.w/2), math.Max(halfH, b.h/2)
	}
	spanX, spanY := area.maxX-area.minX-2*halfW, area.maxY-area.minY-2*halfH
	for i := range boxes {
		b := &boxes[i]
		if maxX > minX {
			b.x = area.minX + halfW + (b.x-minX)/(maxX-minX)*spanX
		} else {
			b.x = (area.minX + area.maxX) / 2
		}
		if maxY > minY {
			b.y = area.minY + halfH + (b.y-minY)/(maxY-minY)*spanY
		} else {
			b.y = (area.minY + area.maxY) / 2
		}
	}
	for i := range boxes {
		clamp(&boxes[i])
	}
}

// separate moves overlapping boxes apart, each time along the axis where
// they overlap least, until none overlaps another (with margins).
func separate(boxes []box, mx, my float64, rounds int) {
	for round := 0; round < rounds; round++ {
		moved := false
		for i := range boxes {
			for j := i + 1; j < len(boxes); j++ {
				a, b := &boxes[i], &boxes[j]
				ox := (a.w+b.w)/2 + mx - math.Abs(a.x-b.x)
				oy := (a.h+b.h)/2 + my - math.Abs(a.y-b.y)
				if ox <= 0 || oy <= 0 {
					continue
				}
				moved = true
				// Prefer moving up or down: boxes are low, so that costs less.
				if oy <= ox*1.5 {
					dir := 1.0
					if a.y < b.y || a.y == b.y && i < j {
						dir = -1
					}
					shift := oy/2 + 0.5
					a.y += dir * shift
					b.y -= dir * shift
				} else {
					dir := 1.0
					if a.x < b.x || a.x == b.x && i < j {
						dir = -1
					}
					shift := ox/2 + 0.5
					a.x += dir * shift
					b.x -= dir * shift
				}
				clamp(a)
				clamp(b)
			}
		}
		if !moved {
			return
		}
	}
}

// clamp keeps a box inside the area.
func clamp(b *box) {
	b.x = math.Max(area.minX+b.w/2, math.Min(area.maxX-b.w/2, b.x))
	b.y = math.Max(area.minY+b.h/2, math.Min(area.maxY-b.h/2, b.y))
}

// groupColours gives each group a colour of the palette, by group name.
func groupColours(nodes []Node) map[string]color.RGBA {
	var names []string
	seen := map[string]bool{}
	for _, n := range nodes {
		if !seen[n.Group] {
			seen[n.Group] = true
			names = append(names, n.Group)
		}
	}
	sort.Strings(names)
	out := map[string]color.RGBA{}
	for i, name := range names {
		out[name] = palette[i%len(palette)]
	}
	return out
}

func drawHeader(dc *gg.Context, fs *faces, g Graph) {
	x := edgePad + 4
	y := 40.0
	if g.Title != "" {
		dc.SetFontFace(fs.title)
		dc.SetColor(textBright)
		dc.DrawString(g.Title, x, y)
		x += fs.width(fs.title, g.Title) + 16
	}
	if g.Subtitle != "" {
		dc.SetFontFace(fs.subtitle)
		dc.SetColor(textMuted)
		dc.DrawString(g.Subtitle, x, y)
	}
}

func drawEdges(dc *gg.Context, g Graph, boxes []box) {
	index := map[string]int{}
	for i, n := range g.Nodes {
		index[n.Name] = i
	}
	// Shared passages first, underneath; related lines on top.
	for _, kind := range []EdgeKind{CoOccurs, Related} {
		for _, e := range g.Edges {
			a, okA := index[e.A]
			b, okB := index[e.B]
			if e.Kind != kind || !okA || !okB || a == b {
				continue
			}
			if kind == CoOccurs {
				dc.SetDash()
				dc.SetColor(withAlpha(sharedInk, 0.55))
				dc.SetLineWidth(sharedWidth(e.Count))
			} else {
				dc.SetDash(9, 7)
				dc.SetColor(withAlpha(relatedInk, 0.85))
				dc.SetLineWidth(2)
			}
			dc.DrawLine(boxes[a].x, boxes[a].y, boxes[b].x, boxes[b].y)
			dc.Stroke()
		}
	}
	dc.SetDash()
}

// sharedWidth is the width of a line between concepts that count passages
// mention together.
func sharedWidth(count int) float64 {
	return math.Min(1.5+2.2*math.Log2(float64(max(count, 1))), 10)
}

func drawBox(dc *gg.Context, fs *faces, n Node, b box, c color.RGBA) {
	dc.DrawRoundedRectangle(b.left(), b.top(), b.w, b.h, boxRadius)
	if n.Weight > 0 {
		dc.SetColor(mix(c, background, 0.3))
	} else {
		dc.SetColor(background)
	}
	dc.FillPreserve()
	dc.SetColor(c)
	dc.SetLineWidth(2.5)
	if n.Weight == 0 {
		dc.SetDash(6, 4)
	}
	dc.Stroke()
	dc.SetDash()
	dc.SetFontFace(fs.label)
	dc.SetColor(textBright)
	pad := boxPadX * fs.size / labelSize
	dc.DrawStringAnchored(n.Name, b.left()+pad, b.y, 0, 0.38)
	if n.Weight > 0 {
		dc.SetFontFace(fs.count)
		dc.SetColor(mix(c, textBright, 0.55))
		dc.DrawStringAnchored(strconv.Itoa(n.Weight), b.right()-pad, b.y, 1, 0.38)
	}
}

func drawLegend(dc *gg.Context, fs *faces, g Graph, colours map[string]color.RGBA) {
	top := float64(Height) - legendHeight
	dc.SetColor(mustHex("#3F4147"))
	dc.SetLineWidth(1)
	dc.DrawLine(edgePad, top, Width-edgePad, top)
	dc.Stroke()
	dc.SetFontFace(fs.legend)

	// Row 1: the groups. Row 2: how to read the lines and numbers.
	var groups []string
	for name := range colours {
		groups = append(groups, name)
	}
	sort.Strings(groups)
	x, y := edgePad+4, top+26
	for _, name := range groups {
		label := capitalise(name)
		w := 18 + 8 + fs.width(fs.legend, label) + 26
		if x+w > Width-edgePad {
			break
		}
		c := colours[name]
		dc.DrawRoundedRectangle(x, y-9, 18, 18, 4)
		dc.SetColor(mix(c, background, 0.3))
		dc.FillPreserve()
		dc.SetColor(c)
		dc.SetLineWidth(2)
		dc.Stroke()
		dc.SetColor(textBright)
		dc.DrawStringAnchored(label, x+26, y, 0, 0.38)
		x += w
	}

	x, y = edgePad+4, top+60
	item := func(draw func(x float64), text string) {
		draw(x)
		dc.SetColor(textMuted)
		dc.DrawStringAnchored(text, x+50, y, 0, 0.38)
		x += 50 + fs.width(fs.legend, text) + 30
	}
	item(func(x float64) {
		dc.SetColor(withAlpha(sharedInk, 0.8))
		dc.SetLineWidth(5)
		dc.DrawLine(x, y, x+40, y)
		dc.Stroke()
	}, "mentioned in the same passages (thicker: more)")
	item(func(x float64) {
		dc.SetDash(9, 7)
		dc.SetColor(relatedInk)
		dc.SetLineWidth(2)
		dc.DrawLine(x, y, x+40, y)
		dc.Stroke()
		dc.SetDash()
	}, "related")
	item(func(x float64) {
		dc.SetFontFace(fs.count)
		dc.SetColor(textBright)
		dc.DrawStringAnchored("12", x+20, y, 0.5, 0.38)
		dc.SetFontFace(fs.legend)
	}, "passages that mention it")
	item(func(x float64) {
		dc.DrawRoundedRectangle(x+4, y-9, 32, 18, 4)
		dc.SetColor(textMuted)
		dc.SetLineWidth(2)
		dc.SetDash(5, 3)
		dc.Stroke()
		dc.SetDash()
	}, "not in the readings")
}

func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// mix blends a with b: share of a, the rest b.
func mix(a, b color.RGBA, share float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*share + float64(y)*(1-share))) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

// withAlpha is c with opacity alpha (0 to 1), premultiplied as image/color wants.
func withAlpha(c color.RGBA, alpha float64) color.Color {
	return color.NRGBA{c.R, c.G, c.B, uint8(math.Round(alpha * 255))}
}

// mustHex parses "#RRGGBB".
func mustHex(s string) color.RGBA {
	s = strings.TrimPrefix(s, "#")
	v, err := strconv.ParseUint(s, 16, 32)
	if err != nil || len(s) != 6 {
		panic("conceptmap: bad colour " + s)
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}
