package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

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

// writeAnswer renders an answer for a person at the default width.
func writeAnswer(w io.Writer, a handlers.Answer, st textStyle) error {
	return writeAnswerAt(w, a, st, answerView{width: defaultWidth, first: 1})
}

// defaultWidth is the width of rendered answers when the terminal's is
// unknown (a pipe, a file).
const defaultWidth = 80

// answerView says how an answer is laid out: the width of the lines and
// the number of its first result (further pages of the chat's "more"
// continue the numbering).
type answerView struct {
	width int
	first int
}

// pageSize is how many passages one answer, or one "more", shows.
const pageSize = 3

// shownDefinitions is how many of a concept card's definitions are shown
// above an answer.
const shownDefinitions = 2

// writeAnswerAt renders an answer for a person: the concept card when the
// question asks about a concept, the best excerpt quoted with its
// citation, then up to two more cited passages, or an honest miss with the
// passage that comes closest. A passage the card already quotes is not
// shown again.
func writeAnswerAt(w io.Writer, a handlers.Answer, st textStyle, v answerView) error {
	width := max(v.width, 40)
	var b strings.Builder
	results := withoutCardPassages(a.Results, a.Concept)
	if a.Status != handlers.StatusAnswered || len(results) == 0 && a.Concept == nil {
		switch {
		case a.OtherLanguage:
			b.WriteString("The readings don't seem to answer that. citebot reads questions in English, the language of its analysis: try asking in English.\n")
		case a.Unmentioned != "":
			b.WriteString("The readings don't mention “" + a.Unmentioned + "”.\n")
		default:
			b.WriteString("The readings don't seem to answer that.\n")
		}
		if c := a.Closest; c != nil {
			b.WriteString("Closest they come (not an answer):\n")
			for _, line := range wrap(st.mark(c.Excerpt, c.Highlights), width-2) {
				b.WriteString("> " + line + "\n")
			}
			b.WriteString("— " + c.Citation() + "\n")
		}
		if len(a.Suggestions) > 0 {
			b.WriteString("They do cover: " + strings.Join(a.Suggestions, " · ") + "\n")
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	if c := a.Concept; c != nil {
		writeConcept(&b, c, width)
		if len(results) == 0 {
			if len(a.Results) == 0 {
				b.WriteString("No passage of the readings uses this term; the explanation is the glossary's.\n")
			}
			_, err := io.WriteString(w, b.String())
			return err
		}
	}
	n, more := v.first, pageSize
	if n == 1 {
		first := results[0]
		for _, line := range wrap(st.mark(first.Excerpt, first.Highlights), width-2) {
			b.WriteString("> " + line + "\n")
		}
		b.WriteString("— " + first.Citation() + "\n")
		results = results[1:]
		n, more = n+1, pageSize-1
		if len(results) > 0 {
			b.WriteString("\nAlso:\n")
		}
	}
	for _, r := range results[:min(len(results), more)] {
		fmt.Fprintf(&b, "  %d. %s\n", n, r.Citation())
		for _, line := range wrap(st.mark(r.Excerpt, r.Highlights), width-6) {
			b.WriteString("     " + line + "\n")
		}
		n++
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// withoutCardPassages drops the results that quote a passage the concept
// card shows as a definition, so that an answer does not show it twice.
func withoutCardPassages(rs []handlers.Result, c *handlers.Concept) []handlers.Result {
	if c == nil {
		return rs
	}
	shown := make(map[string]bool)
	for _, d := range c.Definitions[:min(shownDefinitions, len(c.Definitions))] {
		shown[d.PassageID] = true
	}
	var out []handlers.Result
	for _, r := range rs {
		if !shown[r.Passage.ID] {
			out = append(out, r)
		}
	}
	return out
}

// writeConcept renders a concept card's head above an answer: the
// reading's own definitions first (at most two, quoted and cited), then
// the glossary's explanation and the related concepts.
func writeConcept(b *strings.Builder, c *handlers.Concept, width int) {
	head := c.Name
	if c.Group != "" {
		head += " (" + c.Group + ")"
	}
	b.WriteString(head + "\n")
	for _, d := range c.Definitions[:min(shownDefinitions, len(c.Definitions))] {
		for k, line := range wrap("In the reading: “"+d.Excerpt+"”", width-4) {
			if k == 0 {
				b.WriteString("  " + line + "\n")
			} else {
				b.WriteString("    " + line + "\n")
			}
		}
		b.WriteString("    — " + citationOf(d) + "\n")
	}
	if c.Explanation != "" {
		for _, line := range wrap(c.Explanation, width-4) {
			b.WriteString("  " + line + "\n")
		}
	}
	if len(c.Related) > 0 {
		b.WriteString("  Related: " + strings.Join(c.Related, ", ") + "\n")
	}
	b.WriteString("\n")
}

// wrap breaks s into lines of at most width visible characters at
// spaces: terminal escape codes (the bold of highlights) take no room, and
// a character is one column whatever its bytes. A word longer than a line
// has a line of its own.
func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	curWidth := 0
	for _, word := range strings.Fields(s) {
		ww := visibleWidth(word)
		if curWidth > 0 && curWidth+1+ww > width {
			lines = append(lines, cur.String())
			cur.Reset()
			curWidth = 0
		}
		if curWidth > 0 {
			cur.WriteByte(' ')
			curWidth++
		}
		cur.WriteString(word)
		curWidth += ww
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// visibleWidth counts the characters of s that a terminal shows, leaving
// out ANSI escape sequences ("\x1b[1m").
func visibleWidth(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == '\x1b' && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			i = j + 1
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return n
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
