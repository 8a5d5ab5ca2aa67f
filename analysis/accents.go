package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// unaccented letters that Unicode does not decompose into a base letter and
// a mark.
var unaccentedLetters = map[rune]string{
	'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'ł': "l", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŧ': "t",
}

// removeAccents returns a lower-case word without its diacritics, so that
// "Beauséjour", "naïve" and "Mönch" match "Beausejour", "naive" and "Monch"
// as readers type them. Letters of scripts without Latin base letters keep
// their marks removed the same way; a word of ASCII letters is returned as
// it is.
func removeAccents(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if s, ok := unaccentedLetters[r]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return w // only marks: keep them rather than lose the word
	}
	return norm.NFC.String(b.String())
}
