package handlers

import (
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/retrieval"
)

// segmentBreak reports whether the text between two words of a message
// ends a segment: a sentence's end, a comma, colon or semicolon before a
// space ("hey bot, quick q: …", but not "field:value"), a bracket, or a
// dash between words.
func segmentBreak(gap string) bool {
	if strings.Contains(gap, "—") || strings.Contains(gap, "–") || strings.Contains(gap, " - ") {
		return true // a dash between words ("real quick — what is …")
	}
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case '(', ')':
			return true
		case '.', '?', '!', ':', ';', ',':
			if i+1 < len(gap) && (gap[i+1] == ' ' || gap[i+1] == '\t' || gap[i+1] == '\n') {
				return true
			}
		}
	}
	return false
}

// withoutChat returns the question without the segments of the message
// that only chat ("hey bot, quick q:", "i'm confused", "(for tomorrow's
// class)", "thanks!"): segments whose words are all stop words, filler,
// or words the index lacks that are not typos of its words (dictionary
// words, and words too short to tell) and not names. A word whose
// aliases, related forms or synonyms the index holds is not one it lacks.
// A message whose every segment chats is returned whole, so that an
// off-topic question stays one ("how do I cook rice?").
func withoutChat(an *analysis.Analyzer, q string, stats retrieval.Stats, aliases *Aliases) string {
	known := func(t analysis.Token) bool {
		if stats.DocFreq(t.Term) > 0 {
			return true
		}
		if _, group := aliases.Match([]string{t.Term}, 0); group != nil {
			for _, alt := range group {
				if altFreq(stats, alt) > 0 {
					return true
				}
			}
		}
		for _, list := range [][]string{analysis.Derivations(t.Word), analysis.Synonyms(t.Word)} {
			for _, w := range list {
				if terms := an.Terms(w); len(terms) == 1 && stats.DocFreq(terms[0]) > 0 {
					return true
				}
			}
		}
		return false
	}
	toks := an.Tokens(q)
	type segment struct {
		start, end int // byte span in q, up to the next segment
		chat       bool
	}
	var segs []segment
	cur := segment{start: 0, chat: true}
	prevEnd := 0
	for i, t := range toks {
		if i > 0 && segmentBreak(q[prevEnd:t.Start]) {
			cur.end = t.Start // with the punctuation that ends it
			segs = append(segs, cur)
			cur = segment{start: t.Start, chat: true}
		}
		prevEnd = t.End
		w := strings.ReplaceAll(t.Word, "'", "")
		if authorWords[t.Word] {
			cur.chat = false // "who wrote this?"
		}
		if sourceNouns[t.Word] && cur.chat {
			cur.chat = false // "can someone find me a video on …": the request is the point
		}
		if t.Stop || t.Term == "" || fillerWords[t.Word] || fillerWords[w] || softWords[t.Word] || softWords[w] || chatWords[t.Word] {
			continue
		}
		name := isName(q, toks, i)
		typo := utf8.RuneCountInString(w) >= analysis.MinLexiconWord && !an.IsEnglishWord(w)
		if cur.chat && (name || typo || known(t)) {
			cur.chat = false
		}
	}
	cur.end = len(q)
	segs = append(segs, cur)
	var parts []string
	for _, sg := range segs {
		if !sg.chat {
			parts = append(parts, strings.TrimRight(q[sg.start:sg.end], " \t\n([,;:"))
		}
	}
	if len(parts) == 0 || len(parts) == len(segs) {
		return q
	}
	return strings.Join(parts, " ")
}
