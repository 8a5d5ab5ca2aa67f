package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/citebot/citebot/handlers"
)

// textStyle says how to mark query terms in plain-text output.
type textStyle struct{ on, off string }

var (
	styleMarkdown = textStyle{"**", "**"}
	styleANSI     = textStyle{"\x1b[1m", "\x1b[0m"}
)

// mark wraps the highlighted spans of s in the style's markers.
func (st textStyle) mark(s string, spans []handlers.Span) string {
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		if sp.Start < last || sp.End > len(s) || sp.Start >= sp.End {
			continue
		}
		b.WriteString(s[last:sp.Start])
		b.WriteString(st.on)
		b.WriteString(s[sp.Start:sp.End])
		b.WriteString(st.off)
		last = sp.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// writeAnswer renders an answer for a person: the best excerpt quoted with
// its citation, then up to two more cited passages, or an honest miss.
func writeAnswer(w io.Writer, a handlers.Answer, st textStyle) error {
	var b strings.Builder
	if a.Status != handlers.StatusAnswered || len(a.Results) == 0 {
		if a.Unmentioned != "" {
			b.WriteString("The readings don't mention “" + a.Unmentioned + "”.\n")
		} else {
			b.WriteString("The readings don't seem to answer that.\n")
		}
		if len(a.Suggestions) > 0 {
			b.WriteString("They do cover: " + strings.Join(a.Suggestions, " · ") + "\n")
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	if c := a.Concept; c != nil {
		writeConcept(&b, c)
	}
	first := a.Results[0]
	for _, line := range wrap(st.mark(first.Excerpt, first.Highlights), 78) {
		b.WriteString("> " + line + "\n")
	}
	b.WriteString("— " + first.Citation() + "\n")
	if len(a.Results) > 1 {
		b.WriteString("\nAlso:\n")
		for i, r := range a.Results[1:min(len(a.Results), 3)] {
			fmt.Fprintf(&b, "  %d. %s\n", i+2, r.Citation())
			for _, line := range wrap(st.mark(r.Excerpt, r.Highlights), 74) {
				b.WriteString("     " + line + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeConcept renders a concept card's head above an answer: the
// reading's own definitions first (at most two, quoted and cited), then
// the glossary's explanation and the related concepts.
func writeConcept(b *strings.Builder, c *handlers.Concept) {
	head := c.Name
	if c.Group != "" {
		head += " (" + c.Group + ")"
	}
	b.WriteString(head + "\n")
	for _, d := range c.Definitions[:min(2, len(c.Definitions))] {
		for k, line := range wrap("In the reading: “"+d.Excerpt+"”", 76) {
			if k == 0 {
				b.WriteString("  " + line + "\n")
			} else {
				b.WriteString("    " + line + "\n")
			}
		}
		b.WriteString("    — " + citationOf(d) + "\n")
	}
	if c.Explanation != "" {
		for _, line := range wrap(c.Explanation, 76) {
			b.WriteString("  " + line + "\n")
		}
	}
	if len(c.Related) > 0 {
		b.WriteString("  Related: " + strings.Join(c.Related, ", ") + "\n")
	}
	b.WriteString("\n")
}

// wrap breaks s into lines of at most width bytes at spaces.
func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, word := range strings.Fields(s) {
		if cur.Len() > 0 && cur.Len()+1+len(word) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// newJSONEncoder writes JSON as citebot prints it: no HTML escaping (quotes
// from the readings stay readable), indented for people when indent is set.
func newJSONEncoder(w io.Writer, indent bool) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	return enc
}
