package corpus

import (
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of a string.
type Span struct{ Start, End int }

// SplitSentences splits a passage's text into sentences and returns their
// byte ranges in order. The spans do not overlap, carry no leading or
// trailing white space, and together cover every non-space byte of text;
// the gaps between them are white space only. Text with no sentence end
// is one span; text that is all white space gives none.
//
// A sentence ends at . ! or ?, possibly followed by closing quotes or
// brackets (" ' ” ’ » ) ]), when white space follows and the next
// sentence starts with an upper-case letter, a digit, an opening quote or
// a bracket. A . ! or ? with a space before it and white space after it
// ends a sentence whatever follows, for text written "like this . and
// this ." (the Cranfield collection).
//
// A full stop does not end a sentence after these abbreviations: Mr. Mrs.
// Ms. Dr. St. Prof. and other titles; vs. cf. viz. al. e.g. i.e.; a single
// capital initial ("J. Smith"); No. p. pp. Vol. Fig. Eq. Sec. Ch. and month
// abbreviations before a number ("No. 5", "Jan. 12"). Dotted capitals such
// as "U.S." or "U.K." followed by a capitalised word do not end a sentence:
// "the U.S. Government", "U.S. Foreign policy" are far more common in the
// readings than a sentence ending in "U.S." — the rare real ending there is
// missed, by choice. "etc." ends a sentence before a capital letter. A full
// stop inside a number (3.5) is never an end.
//
// SplitSentences does no allocation beyond the returned slice and uses no
// regular expressions; it is meant to run at query time.
func SplitSentences(text string) []Span {
	n := len(text)
	start := 0
	for start < n && isSpaceByte(text[start]) {
		start++
	}
	if start == n {
		return nil
	}
	spans := make([]Span, 0, n/48+2)
	i := start
	for i < n {
		if !isTerminator[text[i]] {
			i++
			continue
		}
		j := skipClosers(text, i+1)
		if j >= n {
			break // the last sentence ends with the text
		}
		if !isSpaceByte(text[j]) {
			i++
			continue
		}
		k := j
		for k < n && isSpaceByte(text[k]) {
			k++
		}
		if k == n {
			break
		}
		if isSentenceEnd(text, i, j, k) {
			spans = append(spans, Span{start, j})
			start = k
		}
		i = k
	}
	end := n
	for end > start && isSpaceByte(text[end-1]) {
		end--
	}
	if end > start {
		spans = append(spans, Span{start, end})
	}
	return spans
}

// isTerminator marks the bytes that may end a sentence: . ! ?
var isTerminator = [256]bool{'.': true, '!': true, '?': true}

// isSpaceByte reports whether c is ASCII white space.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// skipClosers returns the offset after any closing quotes and brackets
// that start at j.
func skipClosers(text string, j int) int {
	for j < len(text) {
		switch c := text[j]; {
		case c == '"' || c == '\'' || c == ')' || c == ']':
			j++
		case c == 0xE2 && j+2 < len(text) && text[j+1] == 0x80 && (text[j+2] == 0x9D || text[j+2] == 0x99):
			j += 3 // ” ’
		case c == 0xC2 && j+1 < len(text) && text[j+1] == 0xBB:
			j += 2 // »
		default:
			return j
		}
	}
	return j
}

// isSentenceEnd decides whether the punctuation at i ends a sentence. j is
// the offset after it and its closers (white space follows), k the offset
// of the next non-space byte.
func isSentenceEnd(text string, i, j, k int) bool {
	// "word . next": the tokenised style of the Cranfield collection.
	if j == i+1 && i > 0 && text[i-1] == ' ' {
		return true
	}
	next := text[k]
	var upper, digit bool
	switch {
	case 'A' <= next && next <= 'Z':
		upper = true
	case '0' <= next && next <= '9':
		digit = true
	case next == '"' || next == '\'' || next == '(' || next == '[':
	case next >= utf8.RuneSelf:
		r, _ := utf8.DecodeRuneInString(text[k:])
		switch {
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			upper = true
		case r == '“' || r == '‘' || r == '«' || r == '„' || r == '¿' || r == '¡':
		default:
			return false
		}
	default:
		return false
	}
	if text[i] != '.' || j != i+1 {
		return true // ! or ?, or a full stop inside quotes or brackets
	}

	// The word before the full stop, with inner dots ("U.S", "e.g").
	ws := i
	dots := 0
	for ws > 0 {
		b := text[ws-1]
		if b == '.' {
			dots++
		} else if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z') {
			break
		}
		ws--
	}
	word := text[ws:i]
	if word == "" || (ws > 0 && text[ws-1] >= utf8.RuneSelf) {
		return true // a number, or a word with non-ASCII letters
	}
	if dots > 0 {
		return dottedEnd(word, upper)
	}
	if len(word) == 1 && 'A' <= word[0] && word[0] <= 'Z' {
		return false // an initial: "J. Smith"
	}
	switch word {
	case "Mr", "Mrs", "Ms", "Dr", "St", "Prof", "Gen", "Gov", "Sen", "Rep", "Rev",
		"Hon", "Lt", "Col", "Capt", "Sgt", "Mt", "Ft", "Messrs", "Mme", "Mlle",
		"vs", "cf", "viz", "al":
		return false
	case "No", "no", "Nos", "nos", "Nr", "Vol", "vol", "Vols", "p", "pp", "Fig", "fig",
		"Figs", "figs", "Eq", "eq", "Eqs", "Sec", "sec", "Ch", "ch", "Art", "art",
		"Ref", "ref", "ca", "approx",
		"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec":
		return !digit
	}
	return true
}

// dottedEnd decides for a word with inner dots, like "U.S" or "e.g"
// (without its final dot): "e.g." and "i.e." never end a sentence; dotted
// capitals ("U.S.") do not before a capitalised word; anything else does.
func dottedEnd(word string, nextUpper bool) bool {
	switch word {
	case "e.g", "i.e", "E.g", "I.e":
		return false
	}
	// Letters alternating with single dots: "U.S", "U.S.A", "a.m".
	caps := true
	for p := 0; p < len(word); p++ {
		b := word[p]
		if p%2 == 1 {
			if b != '.' {
				return true
			}
			continue
		}
		if b == '.' {
			return true
		}
		if b < 'A' || b > 'Z' {
			caps = false
		}
	}
	if caps && nextUpper {
		return false
	}
	return true
}
