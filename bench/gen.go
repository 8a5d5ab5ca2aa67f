// Package bench measures citebot at scale: a deterministic generator of
// realistic readings (Markdown documents with sections, Zipf-distributed
// vocabulary, realistic sentence and paragraph lengths), questions derived
// from the generated text, a plain-Bleve baseline indexing the same
// passages, and the harness that times both side by side and prints the
// figures with their targets (see Run and README.md).
package bench

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/citebot/citebot/corpus"
)

// GenOptions say what to generate.
type GenOptions struct {
	// Passages is the number of passages in all documents, title pages
	// included; at least 1.
	Passages int
	// Seed selects the text; the same options always give the same bytes.
	Seed uint64
	// Lemmas is the size of the content lexicon; 0 means 30,000.
	Lemmas int
}

// Generated is a generated corpus: Markdown documents in path order.
type Generated struct {
	Options GenOptions
	Docs    []GenDoc
	// Files are the corpus's descriptive files by name: a glossary.toml
	// of concepts named with the corpus's words, for concept cards and
	// their autocomplete.
	Files    map[string][]byte
	Passages int   // passages in all documents, as corpus.ParseMarkdown splits them
	Bytes    int64 // Markdown bytes in all documents
}

// GenDoc is one generated reading.
type GenDoc struct {
	ID       string // the document id corpus.LoadDir gives the file
	Path     string // slash-separated file name below the corpus folder
	Markdown []byte
}

// Fingerprint identifies the generated text (for index.Build).
func (g *Generated) Fingerprint() string {
	h := sha256.New()
	h.Write(g.Files[glossaryFile])
	for _, d := range g.Docs {
		h.Write([]byte(d.Path))
		h.Write(d.Markdown)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Generate writes opts.Passages passages of English-like prose into
// Markdown documents of 30 to 170 passages each (the last one takes the
// rest): a title, a front block with subtitle, author and date (a title
// page passage), and sections of 2 to 12 paragraphs and list items under
// headings. Paragraphs have 2 to 8 sentences of 8 to 30 words; about 45% of
// the words are function words and the rest follow a Zipf distribution
// over the lexicon, with inflected forms, names, acronyms, numbers, some
// emphasis and links, wrapped at 80 columns. It is deterministic.
func Generate(opts GenOptions) *Generated {
	if opts.Passages < 1 {
		opts.Passages = 1
	}
	if opts.Lemmas <= 0 {
		opts.Lemmas = 30000
	}
	r := rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
	g := &Generated{Options: opts}
	w := &writer{r: r, v: newVocabulary(r, opts.Lemmas)}
	left := opts.Passages
	for i := 1; left > 0; i++ {
		n := 30 + r.IntN(141)
		if left-n < 30 {
			n = left // the last document takes the rest
		}
		left -= n
		d := w.document(i, n)
		g.Docs = append(g.Docs, d)
		g.Bytes += int64(len(d.Markdown))
	}
	g.Passages = opts.Passages
	g.Files = map[string][]byte{glossaryFile: w.glossary(min(200, 10+opts.Passages/100))}
	return g
}

// WriteDir writes the documents into dir, creating it when needed.
func (g *Generated) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, d := range g.Docs {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(d.Path)), d.Markdown, 0o644); err != nil {
			return err
		}
	}
	for name, b := range g.Files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Corpus parses the documents as corpus.LoadDir would read them from a
// folder WriteDir wrote, without touching the disk. It fails when a
// document does not parse into the passages the generator meant.
func (g *Generated) Corpus() (*corpus.Corpus, error) {
	c := &corpus.Corpus{Files: map[string][]byte{}}
	for name, b := range g.Files {
		c.Files[name] = b
	}
	n := 0
	for _, d := range g.Docs {
		doc, err := corpus.ParseMarkdown(d.ID, d.Path, d.Markdown)
		if err != nil {
			return nil, fmt.Errorf("generated %s: %w", d.Path, err)
		}
		n += len(doc.Passages)
		c.Documents = append(c.Documents, doc)
	}
	if n != g.Passages {
		return nil, fmt.Errorf("generated corpus parses into %d passages, want %d", n, g.Passages)
	}
	return c, nil
}

// glossaryFile is the name of the glossary in a corpus folder (see
// handlers.GlossaryFile).
const glossaryFile = "glossary.toml"

var conceptGroups = []string{"theory", "strategy", "relationship", "order", "process"}

// glossary writes a glossary of n concepts: one- and two-word names taken
// from the more frequent lemmas (so the readings use them), with an
// inflected alias, a group, an explanation and related concepts.
func (w *writer) glossary(n int) []byte {
	r := w.r
	var b bytes.Buffer
	b.WriteString("# Generated glossary (citebot bench).\n")
	seen := map[string]bool{}
	var names []string
	for len(names) < n {
		name := w.v.lemmas[10+r.IntN(1500)]
		if r.IntN(3) == 0 {
			name += " " + w.v.lemmas[10+r.IntN(3000)]
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		names = append(names, name)
	}
	for i, name := range names {
		fmt.Fprintf(&b, "\n[[concept]]\nname = %q\naliases = [%q]\ngroup = %q\n", name,
			inflect(r, name)+"s", conceptGroups[r.IntN(len(conceptGroups))])
		fmt.Fprintf(&b, "explanation = %q\n", capitalize(name)+" is "+w.phrase(6+r.IntN(8), false)+".")
		fmt.Fprintf(&b, "related = [%q, %q]\n", names[(i+1+r.IntN(n-1))%n], names[(i+1+r.IntN(n-1))%n])
	}
	return b.Bytes()
}

// writer writes documents from one random stream.
type writer struct {
	r   *rand.Rand
	v   *vocabulary
	buf bytes.Buffer
	col int // column of the current line, for wrapping
}

var months = []string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

var universities = []string{"University", "Institute", "College", "School of Government", "Center for Studies"}

// document writes document number i with n passages.
func (w *writer) document(i, n int) GenDoc {
	r := w.r
	w.buf.Reset()
	title := w.phrase(3+r.IntN(6), true)
	id := fmt.Sprintf("r%05d-%s", i, slug(title, 3))
	w.buf.WriteString("# " + title + "\n\n")
	if n == 1 {
		// Too small for a front block: one plain paragraph.
		w.paragraph()
		return GenDoc{ID: id, Path: id + ".md", Markdown: bytes.Clone(w.buf.Bytes())}
	}
	// The front block: subtitle, author and affiliation, date.
	w.buf.WriteString(strings.ToUpper(w.phrase(3+r.IntN(5), false)) + "\n\n")
	w.buf.WriteString(capitalize(w.v.lemmas[100+r.IntN(2000)]) + " " + capitalize(w.v.lemmas[100+r.IntN(5000)]) +
		", " + universities[r.IntN(len(universities))] + " of " + capitalize(w.v.lemmas[r.IntN(3000)]) + "\n\n")
	w.buf.WriteString(months[r.IntN(12)] + " " + strconv.Itoa(1990+r.IntN(36)) + "\n\n")
	if r.IntN(2) == 0 {
		w.buf.WriteString("---\n\n")
	}
	left := n - 1 // the title page is one passage
	for left > 0 {
		k := min(left, 2+r.IntN(11))
		left -= k
		w.heading()
		list := -1
		if k >= 3 && r.IntN(7) == 0 {
			list = r.IntN(k - 1)
		}
		for p := 0; p < k; p++ {
			if p == list {
				items := min(k-p, 2+r.IntN(4))
				for it := 0; it < items; it++ {
					w.item()
				}
				w.buf.WriteString("\n")
				p += items - 1
				continue
			}
			w.paragraph()
		}
	}
	return GenDoc{ID: id, Path: id + ".md", Markdown: bytes.Clone(w.buf.Bytes())}
}

// heading writes a section heading: a question, as in the essay, or a
// phrase.
func (w *writer) heading() {
	r := w.r
	level := "## "
	if r.IntN(6) == 0 {
		level = "### "
	}
	var h string
	switch r.IntN(3) {
	case 0:
		h = []string{"How does ", "What explains ", "Why does ", "What is "}[r.IntN(4)] +
			w.phrase(2+r.IntN(4), false) + "?"
	default:
		h = w.phrase(2+r.IntN(5), true)
	}
	w.buf.WriteString(level + h + "\n\n")
}

// phrase is n words of title-like text; title capitalises content words.
func (w *writer) phrase(n int, title bool) string {
	words := make([]string, 0, n)
	for len(words) < n {
		var x string
		if len(words) > 0 && len(words) < n-1 && w.r.IntN(4) == 0 {
			x = []string{"of", "and", "in", "the", "for"}[w.r.IntN(5)]
		} else {
			x = w.v.content(w.r)
			if title || len(words) == 0 {
				x = capitalize(x)
			}
		}
		words = append(words, x)
	}
	return strings.Join(words, " ")
}

// paragraph writes one paragraph of 2 to 8 sentences, wrapped.
func (w *writer) paragraph() {
	n := 2 + w.r.IntN(4) + w.r.IntN(4)
	w.col = 0
	for s := 0; s < n; s++ {
		w.sentence()
	}
	w.buf.WriteString("\n\n")
}

// item writes one list item of one or two sentences.
func (w *writer) item() {
	w.buf.WriteString("- ")
	w.col = 2
	for s := 0; s < 1+w.r.IntN(2); s++ {
		w.sentence()
	}
	w.buf.WriteString("\n")
}

// sentence writes one sentence of 8 to 30 words.
func (w *writer) sentence() {
	r, v := w.r, w.v
	n := 8 + r.IntN(12) + r.IntN(12)
	for i := 0; i < n; i++ {
		var word string
		switch {
		case i == 0:
			word = capitalize(v.content(r))
		case r.IntN(100) < 45:
			word = v.stop(r)
		case r.IntN(120) == 0:
			if r.IntN(2) == 0 {
				word = strconv.Itoa(1900 + r.IntN(126))
			} else {
				word = strconv.Itoa(1+r.IntN(99)) + "." + strconv.Itoa(r.IntN(10)) + " percent"
			}
		case r.IntN(150) == 0:
			word = "*" + v.content(r) + "*"
		case r.IntN(400) == 0:
			a := v.content(r)
			word = "[" + a + " " + v.content(r) + "](https://example.org/" + a + ")"
		default:
			word = v.content(r)
		}
		if i == n-1 {
			switch x := r.IntN(100); {
			case x < 94:
				word += "."
			case x < 98:
				word += "?"
			default:
				word += "!"
			}
		} else if i > 1 && r.IntN(100) < 6 {
			word += ","
		}
		w.word(word)
	}
}

// word writes a word, wrapping the line before 80 columns.
func (w *writer) word(s string) {
	if w.col > 0 {
		if w.col+1+len(s) > 80 {
			w.buf.WriteByte('\n')
			w.col = 0
		} else {
			w.buf.WriteByte(' ')
			w.col++
		}
	}
	w.buf.WriteString(s)
	w.col += len(s)
}

// slug is the first n words of s in lower case joined by hyphens.
func slug(s string, n int) string {
	f := strings.Fields(strings.ToLower(s))
	if len(f) > n {
		f = f[:n]
	}
	for i, x := range f {
		f[i] = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, x)
	}
	return strings.Join(f, "-")
}
