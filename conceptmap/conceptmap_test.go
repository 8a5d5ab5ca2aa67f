package conceptmap

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"testing"
)

// essayGraph is a graph like the essay's glossary gives.
func essayGraph() Graph {
	nodes := []Node{
		{"balancing", "strategy", 5}, {"internal balancing", "strategy", 4}, {"external balancing", "strategy", 3},
		{"wedging", "strategy", 3}, {"bloodletting", "strategy", 2}, {"bait and bleed", "strategy", 0},
		{"bandwagoning", "strategy", 0}, {"buck-passing", "strategy", 0}, {"deterrence", "strategy", 0},
		{"sanctions", "strategy", 2}, {"grand strategy", "strategy", 1}, {"security dilemma", "theory", 3},
		{"spiral model", "theory", 0}, {"balance of power", "theory", 1}, {"balance of threat", "theory", 1},
		{"action-reaction cycle", "process", 1}, {"arms race", "process", 0}, {"alignment", "relationship", 4},
		{"alliance", "relationship", 12}, {"diffuse reciprocity", "relationship", 1}, {"hegemony", "order", 1},
		{"status quo", "order", 1}, {"revisionism", "order", 0},
	}
	edges := []Edge{
		{"balancing", "internal balancing", Related, 0}, {"balancing", "external balancing", Related, 0},
		{"wedging", "alliance", Related, 0}, {"bloodletting", "bait and bleed", Related, 0},
		{"security dilemma", "spiral model", Related, 0}, {"spiral model", "deterrence", Related, 0},
		{"alignment", "alliance", Related, 0}, {"hegemony", "status quo", Related, 0},
		{"balancing", "alliance", CoOccurs, 4}, {"internal balancing", "external balancing", CoOccurs, 3},
		{"wedging", "balancing", CoOccurs, 2}, {"security dilemma", "alliance", CoOccurs, 2},
		{"status quo", "security dilemma", CoOccurs, 1}, {"sanctions", "security dilemma", CoOccurs, 1},
		{"nobody", "balancing", CoOccurs, 9}, // names no node: left out
	}
	return Graph{Title: "Concepts of the readings", Subtitle: "Glaser 2025", Nodes: nodes, Edges: edges}
}

// bigGraph has many concepts with long names, to check that they still fit.
func bigGraph(n int) Graph {
	var g Graph
	for i := 0; i < n; i++ {
		g.Nodes = append(g.Nodes, Node{Name: fmt.Sprintf("concept with a long name %d", i), Group: fmt.Sprintf("group %d", i%6), Weight: i % 4})
		if i > 0 {
			g.Edges = append(g.Edges, Edge{A: g.Nodes[i-1].Name, B: g.Nodes[i].Name, Kind: CoOccurs, Count: i % 5})
		}
	}
	return g
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

func TestRender(t *testing.T) {
	tests := []struct {
		name     string
		g        Graph
		minShare float64 // of pixels that are not the background
	}{
		{"essay", essayGraph(), 0.05},
		{"one concept", Graph{Nodes: []Node{{"security dilemma", "theory", 3}}}, 0.01},
		{"forty concepts", bigGraph(40), 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Render(tt.g)
			if err != nil {
				t.Fatal(err)
			}
			img := decode(t, b)
			if got := img.Bounds(); got.Dx() != Width || got.Dy() != Height {
				t.Fatalf("size %v, want %d×%d", got.Size(), Width, Height)
			}
			colours := map[[3]uint32]bool{}
			other := 0
			br, bg, bb, _ := background.RGBA()
			for y := 0; y < Height; y++ {
				for x := 0; x < Width; x++ {
					r, g, b, _ := img.At(x, y).RGBA()
					colours[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
					if r != br || g != bg || b != bb {
						other++
					}
				}
			}
			if len(colours) < 50 {
				t.Errorf("only %d distinct colours: the image is nearly flat", len(colours))
			}
			if share := float64(other) / (Width * Height); share < tt.minShare {
				t.Errorf("only %.1f%% of the pixels differ from the background", share*100)
			}
			if os.Getenv("CONCEPTMAP_OUT") != "" {
				_ = os.WriteFile(os.Getenv("CONCEPTMAP_OUT")+"-"+tt.name+".png", b, 0o644)
			}
		})
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	a, err := Render(essayGraph())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(essayGraph())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same graph differ")
	}
}

func TestRenderEmpty(t *testing.T) {
	if _, err := Render(Graph{}); err == nil {
		t.Error("an empty graph rendered without error")
	}
}

// TestLayoutNoOverlap checks that no two boxes overlap, with the margins,
// and that all lie inside the area: labels are never drawn over each other.
func TestLayoutNoOverlap(t *testing.T) {
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		g    Graph
	}{
		{"essay", essayGraph()},
		{"two", Graph{Nodes: []Node{{"a", "x", 1}, {"b", "x", 1}}}},
		{"same names in one group", bigGraph(12)},
		{"forty", bigGraph(40)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fitFaces(tt.g.Nodes)
			boxes := layout(tt.g, fs.measureBox)
			for i, a := range boxes {
				if a.left() < area.minX-0.5 || a.right() > area.maxX+0.5 || a.top() < area.minY-0.5 || a.bottom() > area.maxY+0.5 {
					t.Errorf("%q at %+v leaves the area", tt.g.Nodes[i].Name, a)
				}
				for j := i + 1; j < len(boxes); j++ {
					b := boxes[j]
					if a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom() && b.top() < a.bottom() {
						t.Errorf("%q %+v overlaps %q %+v", tt.g.Nodes[i].Name, a, tt.g.Nodes[j].Name, b)
					}
				}
			}
		})
	}
}

func TestSharedWidthGrows(t *testing.T) {
	prev := 0.0
	for _, n := range []int{1, 2, 4, 8} {
		w := sharedWidth(n)
		if w <= prev {
			t.Errorf("width for %d passages %.1f, not above %.1f", n, w, prev)
		}
		prev = w
	}
}
