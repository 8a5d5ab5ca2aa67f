package handlers

import (
	"strings"
	"unicode/utf8"
)

// ellipsis marks where an excerpt cuts into a sentence too long to quote whole.
const ellipsis = "…"

// excerpt returns the passage's best 1–3 consecutive sentences for the
// plan, at most MaxExcerpt bytes, and the byte ranges in it that match the
// question. It is a verbatim span of the passage text, cut at sentence
// boundaries; only a single sentence longer than MaxExcerpt is cut inside,
// at word boundaries around its matches, with an ellipsis at each cut.
func (c *candidate) excerpt(p plan) (string, []Span) {
	text := c.hit.Passage.Text
	if len(c.sents) == 0 {
		return "", nil
	}
	_, w := c.bestWindow(p, MaxExcerpt)
	if p.want == answerReason {
		w = c.forwardWindow(p, MaxExcerpt)
	}
	start, end := c.sents[w.first].Start, c.sents[w.last].End
	prefix, suffix := "", ""
	if from, ok := c.reasonLead(p, w); ok {
		// The reason follows in a sentence too long to quote beside the
		// whole statement: quote the statement's end and the reason.
		start, end, prefix = from, c.sents[w.last+1].End, ellipsis
	} else if end-start > MaxExcerpt {
		start, end = c.focus(p, start, end, MaxExcerpt-2*len(ellipsis))
		if start > c.sents[w.first].Start {
			prefix = ellipsis
		}
		if end < c.sents[w.last].End {
			suffix = ellipsis
		}
	}
	var spans []Span
	for ci, cl := range p.clauses {
		for k, pos := range c.matches[ci] {
			a := c.toks[c.content[pos]]
			b := c.toks[c.content[pos+c.matchLen[ci][k]-1]]
			if a.Start >= start && b.End <= end {
				spans = append(spans, Span{a.Start - start + len(prefix), b.End - start + len(prefix)})
			}
		}
		_ = cl
	}
	return prefix + text[start:end] + suffix, mergeSpans(spans)
}

// focus picks at most limit bytes of text[start:end] around the densest run
// of matches, cut at white space.
func (c *candidate) focus(p plan, start, end, limit int) (int, int) {
	text := c.hit.Passage.Text
	var offs []int
	for ci := range p.clauses {
		for _, pos := range c.matches[ci] {
			o := c.toks[c.content[pos]].Start
			if o >= start && o < end {
				offs = append(offs, o)
			}
		}
	}
	from := start
	if len(offs) > 0 {
		// Start a little before the match that begins the most matches within limit.
		bestN := -1
		for _, o := range offs {
			n := 0
			for _, x := range offs {
				if x >= o && x < o+limit*3/4 {
					n++
				}
			}
			if n > bestN || (n == bestN && o < from) {
				bestN, from = n, o
			}
		}
		from = max(start, from-limit/4)
	}
	to := min(end, from+limit)
	if to == end {
		from = max(start, end-limit)
	}
	// Move inward to word boundaries (a passage keeps its line breaks).
	if from > start {
		if i := strings.IndexAny(text[from:to], " \t\n"); i >= 0 {
			from += i + 1
		}
	}
	if to < end {
		if i := strings.LastIndexAny(text[from:to], " \t\n"); i > 0 {
			to = from + i
		}
	}
	// Never cut inside a character (a word longer than the limit has no
	// space to move to).
	for from < to && !utf8.RuneStart(text[from]) {
		from++
	}
	for to > from && to < len(text) && !utf8.RuneStart(text[to]) {
		to--
	}
	to = from + len(strings.TrimRight(text[from:to], " \t\n,;:"))
	return from, to
}

// mergeSpans sorts spans and joins overlapping or touching ones.
func mergeSpans(spans []Span) []Span {
	if len(spans) < 2 {
		return spans
	}
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].Start < spans[j-1].Start; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.Start <= last.End {
			last.End = max(last.End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// minLead is the least of the statement, in bytes, worth quoting before a
// reason (see reasonLead).
const minLead = 40

// reasonLead reports, for a why-question whose excerpt window w is one
// sentence that cannot take the next one whole, where to start quoting so
// that the end of that sentence and the whole next one (where a reason
// usually is) fit in MaxExcerpt: a word boundary inside the sentence.
func (c *candidate) reasonLead(p plan, w window) (int, bool) {
	if p.want != answerReason || w.first != w.last || w.last+1 >= len(c.sents) {
		return 0, false
	}
	text := c.hit.Passage.Text
	stmt, next := c.sents[w.first], c.sents[w.last+1]
	from := next.End - (MaxExcerpt - len(ellipsis))
	if from <= stmt.Start || stmt.End-from < minLead {
		return 0, false
	}
	for from < stmt.End && !utf8.RuneStart(text[from]) {
		from++
	}
	i := strings.IndexAny(text[from:stmt.End], " \t\n")
	if i < 0 || stmt.End-(from+i+1) < minLead {
		return 0, false
	}
	return from + i + 1, true
}

// forwardWindow is the best single sentence and up to two that follow it,
// within limit bytes: a reason usually follows the statement it explains.
func (c *candidate) forwardWindow(p plan, limit int) window {
	_, w := c.bestWindow(p, 0)
	for w.last+1 < len(c.sents) && w.last-w.first < 2 &&
		c.sents[w.last+1].End-c.sents[w.first].Start <= limit {
		w.last++
	}
	return w
}
