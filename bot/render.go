package bot

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
)

// Discord's limits on what one message may carry. Lengths are counted in
// UTF-16 code units (see textLen), which is never less than Discord's own
// count of characters.
const (
	maxContent      = 2000
	maxEmbeds       = 10
	maxTitle        = 256
	maxDescription  = 4096
	maxFields       = 25
	maxFieldName    = 256
	maxFieldValue   = 1024
	maxFooter       = 2048
	maxAuthorName   = 256
	maxEmbedTotal   = 6000
	maxButtonLabel  = 80
	maxCustomID     = 100
	maxChoices      = 25
	maxChoiceLength = 100
)

// ellipsis marks text that was cut short.
const ellipsis = "…"

// zwsp is the zero-width space put between "@" or "<" and what follows so
// that Discord does not read a mention there.
const zwsp = "\u200b"

// textLen is the length of s as Discord counts it for its limits. It counts
// UTF-16 code units, which is at least the number of code points, so text
// that fits by this count fits by Discord's.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Len(r)
	}
	return n
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// markdownSpecial are the characters escaped with a backslash in text
// quoted from a user or the readings.
const markdownSpecial = "\\*_~`|>#[]"

// escape renders s as inert Discord text: markdown characters are escaped,
// @everyone and @here get a zero-width space after the @, and the openings
// of user, role, channel, command and emoji mentions get one after the <.
// Runs of white space become one space.
func escape(s string) string {
	return renderRich(s, nil, -1)
}

// fitText escapes s (as escape does) and cuts it to at most max units,
// at a sentence or word boundary where there is one, with an ellipsis.
func fitText(s string, max int) string {
	if max < 0 {
		max = 0
	}
	return renderRich(s, nil, max)
}

// checkpoint is a place where rendered text may be cut.
type checkpoint struct {
	out      int  // bytes of output written
	units    int  // textLen of the output written
	bold     bool // whether a bold run is open there
	word     bool // the end of a word: white space follows in the source
	sentence bool // the end of a sentence: ". ", "! " or "? " follows
}

// renderRich renders s as inert Discord text with the byte ranges spans of
// s in bold, collapsing white space, and cuts the result to at most max
// units (max < 0: no limit). Invalid, overlapping or out-of-range spans are
// ignored. When it cuts, it cuts at the end of a sentence or a word when one
// is near, never inside an escape or a mention guard, closes an open bold
// run and appends an ellipsis.
func renderRich(s string, spans []handlers.Span, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
		spans = nil // byte offsets no longer line up
	}
	spans = normaliseSpans(s, spans)
	var (
		b       strings.Builder
		units   int
		bold    bool
		pending bool // white space seen since the last rune written
		cps     = make([]checkpoint, 0, capFor(s, max))
		si      int // index of the first span not yet passed
	)
	write := func(t string) {
		b.WriteString(t)
		units += textLen(t)
	}
	inSpan := func(pos int) bool {
		for si < len(spans) && spans[si].End <= pos {
			si++
		}
		return si < len(spans) && spans[si].Start <= pos && pos < spans[si].End
	}
	for i, r := range s {
		if unicode.IsSpace(r) || r == zwspRune {
			if b.Len() > 0 {
				pending = true
				if n := len(cps); n > 0 {
					cps[n-1].word = true
					if prev, _ := utf8.DecodeLastRuneInString(s[:i]); prev == '.' || prev == '!' || prev == '?' {
						cps[n-1].sentence = true
					}
				}
			}
			continue
		}
		hl := inSpan(i)
		if bold && !hl {
			// Close before the white space, so the run ends on a word.
			write("**")
			bold = false
		}
		if pending {
			write(" ")
			pending = false
		}
		if hl && !bold {
			write("**")
			bold = true
		}
		if b.Len() == 0 && (r == '-' || r == '+') {
			// A list marker at the very start of the text.
			write(`\`)
		}
		units += writeEscaped(&b, s, i, r)
		cps = append(cps, checkpoint{out: b.Len(), units: units, bold: bold})
		if max >= 0 && units > max+8 {
			// Past the limit: what follows cannot change where the text
			// is cut (the flags of the last checkpoints that fit were set
			// by the white space after them, already seen).
			return cutAt(b.String(), cps, max)
		}
	}
	if bold {
		write("**")
	}
	out := b.String()
	if max < 0 || units <= max {
		return out
	}
	return cutAt(out, cps, max)
}

const zwspRune = '\u200b'

// capFor guesses how many checkpoints rendering s within max needs.
func capFor(s string, max int) int {
	if max >= 0 && max+16 < len(s) {
		return max + 16
	}
	return len(s)
}

// cutAt cuts rendered text at the best checkpoint that leaves room for
// closing an open bold run and the ellipsis.
func cutAt(out string, cps []checkpoint, max int) string {
	ell := textLen(ellipsis)
	fits := func(c checkpoint) bool {
		need := c.units + ell
		if c.bold {
			need += 2
		}
		return need <= max
	}
	last := -1 // the last checkpoint that fits
	for i, c := range cps {
		if !fits(c) {
			break
		}
		last = i
	}
	if last < 0 {
		if max >= ell {
			return ellipsis
		}
		return ""
	}
	// Prefer the end of a sentence in the last third, else the end of a
	// word in the last half, else cut inside the word.
	best := -1
	for i := last; i >= 0 && cps[i].units*3 >= cps[last].units*2; i-- {
		if cps[i].sentence {
			best = i
			break
		}
	}
	for i := last; best < 0 && i >= 0 && cps[i].units*2 >= cps[last].units; i-- {
		if cps[i].word {
			best = i
		}
	}
	if best < 0 {
		best = last
	}
	c := cps[best]
	res := out[:c.out]
	if c.bold {
		res += "**"
	}
	return res + ellipsis
}

// writeEscaped writes the rune r at byte i of s to b, made inert: a
// markdown character gets a backslash before it, and the @ or < that would
// open a ping or a mention gets a zero-width space after it. It returns the
// units written.
func writeEscaped(b *strings.Builder, s string, i int, r rune) int {
	if r < utf8.RuneSelf && strings.IndexByte(markdownSpecial, byte(r)) >= 0 {
		b.WriteByte('\\')
		b.WriteByte(byte(r))
		return 2
	}
	b.WriteRune(r)
	if opensMention(s, i, r) {
		b.WriteString(zwsp)
		return utf16Len(r) + 1
	}
	return utf16Len(r)
}

// opensMention reports whether the rune r at byte i of s would open a ping
// (@everyone, @here, in any case) or a mention of a user, role, channel,
// command, emoji or timestamp (<@…>, <@&…>, <#…>, </…>, <:…>, <a:…>, <t:…>).
func opensMention(s string, i int, r rune) bool {
	rest := s[i+utf8.RuneLen(r):]
	switch r {
	case '@':
		return hasPrefixFold(rest, "everyone") || hasPrefixFold(rest, "here")
	case '<':
		return rest != "" && strings.IndexByte("@#&/:at!", rest[0]) >= 0
	}
	return false
}

// hasPrefixFold reports whether s starts with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// normaliseSpans keeps the spans that lie inside s on rune boundaries, in
// order and not overlapping.
func normaliseSpans(s string, spans []handlers.Span) []handlers.Span {
	var ok []handlers.Span
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(s) || sp.Start >= sp.End {
			continue
		}
		if !utf8.RuneStart(s[sp.Start]) || (sp.End < len(s) && !utf8.RuneStart(s[sp.End])) {
			continue
		}
		ok = append(ok, sp)
	}
	sort.SliceStable(ok, func(i, j int) bool { return ok[i].Start < ok[j].Start })
	out := ok[:0]
	end := 0
	for _, sp := range ok {
		if sp.Start < end {
			continue
		}
		out = append(out, sp)
		end = sp.End
	}
	return out
}

// truncateRendered cuts text that is already rendered to at most max
// units, at a word boundary where there is one, with an ellipsis. It is the
// last line of defence for limits; renderers fit their text themselves.
func truncateRendered(s string, max int) string {
	if textLen(s) <= max {
		return s
	}
	ell := textLen(ellipsis)
	if max < ell {
		return ""
	}
	units, cut, lastSpace := 0, 0, -1
	for i, r := range s {
		if units+utf16Len(r) > max-ell {
			break
		}
		units += utf16Len(r)
		cut = i + utf8.RuneLen(r)
		if unicode.IsSpace(r) {
			lastSpace = i
		}
	}
	if lastSpace > 0 && lastSpace*2 >= cut {
		cut = lastSpace
	}
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + ellipsis
}

// quote renders text as a one-line Discord block quote with its spans in
// bold, at most max units in all.
func quote(text string, spans []handlers.Span, max int) string {
	if max < 2 {
		return ""
	}
	body := renderRich(text, spans, max-2)
	if body == "" {
		return ""
	}
	return "> " + body
}

// joinFit joins items with sep, escaping each, stopping (with "…") before
// the result would exceed max units.
func joinFit(items []string, sep string, max int) string {
	var b strings.Builder
	units := 0
	for i, it := range items {
		e := escape(it)
		if e == "" {
			continue
		}
		add := e
		if b.Len() > 0 {
			add = sep + e
		}
		rest := len(items) - i - 1
		reserve := 0
		if rest > 0 {
			reserve = textLen(sep) + textLen(ellipsis)
		}
		if units+textLen(add)+reserve > max {
			if b.Len() == 0 {
				return fitText(it, max)
			}
			b.WriteString(sep + ellipsis)
			return b.String()
		}
		b.WriteString(add)
		units += textLen(add)
	}
	return b.String()
}

// plainText is s for places Discord shows without markdown (footers,
// autocomplete choices): white space collapsed, mentions guarded, cut to
// max units with an ellipsis; markdown characters are left alone, since a
// backslash would show there.
func plainText(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	pending := false
	for i, r := range s {
		if unicode.IsSpace(r) || r == zwspRune {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
		if opensMention(s, i, r) {
			b.WriteString(zwsp)
		}
	}
	return truncateRendered(b.String(), max)
}

// toChoices turns handler suggestions into autocomplete choices: at most
// 25, names and values within Discord's 100 characters (a choice whose
// value is too long is left out, since a cut value would not work).
func toChoices(cs []handlers.Choice) []*discordgo.ApplicationCommandOptionChoice {
	out := []*discordgo.ApplicationCommandOptionChoice{}
	seen := map[string]bool{}
	for _, c := range cs {
		if len(out) == maxChoices {
			break
		}
		v := strings.TrimSpace(c.Value)
		if v == "" || textLen(v) > maxChoiceLength || seen[v] {
			continue
		}
		name := plainText(c.Label, maxChoiceLength)
		if name == "" {
			name = plainText(v, maxChoiceLength)
		}
		seen[v] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: v})
	}
	return out
}
