package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
)

// jsonExplainMiss is `explain --json` for a concept the glossary lacks:
// the closest concepts and an ordinary answer. (A known concept prints its
// card, handlers.Concept, instead.)
type jsonExplainMiss struct {
	Query       string            `json:"query"`
	Concept     *handlers.Concept `json:"concept"` // always null here
	Suggestions []string          `json:"suggestions"`
	Fallback    *jsonAnswer       `json:"fallback,omitempty"`
}

// runExplain prints the concept card of the concept named by its
// arguments: the readings' own definitions first, quoted and cited, then
// the glossary's explanation, related concepts and where else it appears.
// With --json it prints the card as one JSON object. An unknown concept
// gets the closest concept names and an ordinary answer.
func runExplain(ctx context.Context, cfg config, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "write the concept card as one JSON object")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	name := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if name == "" {
		return usageError{"explain: name a concept, e.g. citebot explain security dilemma"}
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	ex, err := a.svc.Explain(ctx, name)
	if errors.Is(err, handlers.ErrEmptyQuestion) {
		return usageError{fmt.Sprintf("explain: %q has no words to look up", name)}
	}
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(stdout)
	defer bw.Flush()
	if *asJSON {
		enc := newJSONEncoder(bw, true)
		if ex.Concept != nil {
			return enc.Encode(ex.Concept)
		}
		miss := jsonExplainMiss{Query: ex.Query, Suggestions: ex.Suggestions}
		if miss.Suggestions == nil {
			miss.Suggestions = []string{}
		}
		if ex.Fallback != nil {
			fb := toJSON(*ex.Fallback)
			miss.Fallback = &fb
		}
		return enc.Encode(miss)
	}
	style := styleMarkdown
	if isTerminal(stdout) {
		style = styleANSI
	}
	src, err := a.svc.Sources(ctx)
	if err != nil {
		return err
	}
	cites := map[string]string{}
	for _, d := range src.Documents {
		cites[d.ID] = d.Citation
	}
	return writeExplanation(bw, ex, style, cites)
}

// writeExplanation renders an explanation for a person. cites maps
// document ids to their short citations, for where the concept appears.
func writeExplanation(w io.Writer, ex handlers.Explanation, st textStyle, cites map[string]string) error {
	var b strings.Builder
	c := ex.Concept
	if c == nil {
		fmt.Fprintf(&b, "The glossary has no concept called “%s”.\n", ex.Query)
		if len(ex.Suggestions) > 0 {
			b.WriteString("Closest: " + strings.Join(ex.Suggestions, ", ") + ".\n")
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
		if fb := ex.Fallback; fb != nil {
			if fb.Status == handlers.StatusAnswered && len(fb.Results) > 0 {
				if _, err := io.WriteString(w, "\nHere is what the readings say about it:\n"); err != nil {
					return err
				}
			}
			return writeAnswer(w, *fb, st)
		}
		return nil
	}
	head := c.Name
	if c.Group != "" {
		head += " — " + c.Group
	}
	b.WriteString(st.on + head + st.off + "\n")
	if len(c.Aliases) > 0 {
		for _, line := range wrap("Also called: "+strings.Join(c.Aliases, ", "), 78) {
			b.WriteString(line + "\n")
		}
	}
	if len(c.Definitions) > 0 {
		b.WriteString("\nIn the readings:\n")
		for i, d := range c.Definitions {
			if i > 0 {
				b.WriteString("\n")
			}
			quoted := "“" + st.mark(d.Excerpt, conceptSpans(d.Excerpt, c)) + "”"
			for _, line := range wrap(quoted, 76) {
				b.WriteString("  " + line + "\n")
			}
			b.WriteString("  — " + citationOf(d) + "\n")
		}
	}
	if c.Explanation != "" {
		if len(c.Definitions) > 0 {
			b.WriteString("\nIn short:\n")
		} else {
			b.WriteString("\n")
		}
		for _, line := range wrap(c.Explanation, 76) {
			b.WriteString("  " + line + "\n")
		}
	}
	if len(c.Related) > 0 {
		b.WriteString("\n")
		for _, line := range wrap("Related: "+strings.Join(c.Related, ", "), 78) {
			b.WriteString(line + "\n")
		}
	}
	if where := appearances(c, cites); where != "" {
		for _, line := range wrap("Appears in: "+where, 78) {
			b.WriteString(line + "\n")
		}
	} else {
		b.WriteString("The readings do not mention it by this name.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// citationOf is where a definition is, as a reader cites it.
func citationOf(d handlers.Definition) string {
	if d.Citation != "" {
		return d.Citation
	}
	return d.Ref
}

// appearances lists the passages that mention a concept, by document:
// "Glaser 2025 §1 ¶2, §2 ¶15".
func appearances(c *handlers.Concept, cites map[string]string) string {
	var parts []string
	var refs []string
	doc := ""
	flush := func() {
		if len(refs) > 0 {
			label := cites[doc]
			if label == "" {
				label = doc
			}
			parts = append(parts, label+" "+strings.Join(refs, ", "))
		}
		refs = nil
	}
	for _, o := range c.Occurrences {
		d, _, _, _ := corpus.ParsePassageID(o.PassageID)
		if d != doc {
			flush()
			doc = d
		}
		refs = append(refs, o.Ref)
	}
	flush()
	return strings.Join(parts, "; ")
}

// conceptSpans are the byte ranges of s where the concept's name or an
// alias occurs (compared as analysed terms, so "internally balanced"
// counts for internal balancing).
func conceptSpans(s string, c *handlers.Concept) []handlers.Span {
	var forms [][]string
	for _, n := range append([]string{c.Name}, c.Aliases...) {
		if t := analysis.Terms(n); len(t) > 0 {
			forms = append(forms, t)
		}
	}
	var content []analysis.Token
	for _, t := range analysis.Tokens(s) {
		if !t.Stop && t.Term != "" {
			content = append(content, t)
		}
	}
	var spans []handlers.Span
	for i := 0; i < len(content); {
		best := 0
		for _, f := range forms {
			if len(f) <= best || i+len(f) > len(content) {
				continue
			}
			ok := true
			for k, term := range f {
				if content[i+k].Term != term {
					ok = false
					break
				}
			}
			if ok {
				best = len(f)
			}
		}
		if best == 0 {
			i++
			continue
		}
		spans = append(spans, handlers.Span{Start: content[i].Start, End: content[i+best-1].End})
		i += best
	}
	return spans
}
