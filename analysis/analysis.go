// Package analysis turns text into the terms citebot indexes and searches:
// words are split at non-letters, folded to lower case, stripped of
// possessives, and stemmed (Porter2); acronyms written with dots or in
// capitals ("U.S.", "US") become one term. The same function analyses
// passages at index time and questions at query time, so both sides agree.
package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// Token is one word of a text.
type Token struct {
	Term  string // the analysed form that is indexed: folded and stemmed
	Word  string // the word folded to lower case, possessive removed
	Start int    // byte offset of the word in the text
	End   int    // byte offset just past the word
	Stop  bool   // a stop word: not indexed, not searched
}

// maxAcronym is the most letters a dotted acronym ("U.S.A.") may have.
const maxAcronym = 8

// MaxWordBytes is the longest word that is analysed; longer runs of letters
// are cut, so hostile input cannot make huge terms.
const MaxWordBytes = 64

// Tokens splits text into words and analyses each. Every token, stop words
// included, is returned in text order, so positions count all words.
func Tokens(text string) []Token { return (*Analyzer)(nil).Tokens(text) }

// Terms returns the analysed terms of text that are indexed and searched:
// the non-stop tokens' terms, in order.
func Terms(text string) []string { return (*Analyzer)(nil).Terms(text) }

// Tokens is the package's Tokens, with the Analyzer's word table.
func (an *Analyzer) Tokens(text string) []Token {
	toks := make([]Token, 0, len(text)/6+1)
	i := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf && !asciiWord[c] {
			i++ // ASCII space and punctuation: the common case, decoded fast
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		end := scanWord(text, i)
		i = end
		raw := text[start:end]
		if tok, ok := acronym(text, start, end); ok {
			toks = append(toks, tok)
			i = tok.End
			continue
		}
		a := an.lookup(raw)
		if a.word == "" {
			continue
		}
		word, term, stop := a.word, a.term, a.stop
		toks = append(toks, Token{Term: term, Word: word, Start: start, End: end, Stop: stop})
	}
	return toks
}

// Terms is the package's Terms, with the Analyzer's word table.
func (an *Analyzer) Terms(text string) []string {
	toks := an.Tokens(text)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if !t.Stop && t.Term != "" {
			out = append(out, t.Term)
		}
	}
	return out
}

// Stem returns the Porter2 (Snowball English) stem of a lower-case word.
// Words with digits are returned as they are.
func Stem(word string) string {
	if len(word) < 3 {
		return word
	}
	for i := 0; i < len(word); i++ {
		if word[i] >= '0' && word[i] <= '9' {
			return word
		}
	}
	env := snowball.NewEnv(word)
	english.Stem(env)
	return env.Current()
}

// asciiWord marks the ASCII bytes isWordRune accepts: letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// scanWord returns the end of the word starting at i: letters and digits,
// with inner apostrophes ("aren't", "China's").
func scanWord(text string, i int) int {
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf && c != '\'' {
			// ASCII: a letter or digit continues the word, anything else
			// (never a combining mark) ends it.
			if !asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) || unicode.Is(unicode.Mn, r) {
			i += size
			continue
		}
		if r == '\'' || r == '’' {
			if j := i + size; j < len(text) {
				if n, _ := utf8.DecodeRuneInString(text[j:]); unicode.IsLetter(n) {
					i = j
					continue
				}
			}
		}
		break
	}
	return i
}

// acronym recognises "U.S.", "U.K.", "U.S.A." (single capital letters each
// followed by a dot) and all-capital words of two to five letters such as
// "US", "NATO" or "EU", returning one token whose term is the letters in
// lower case. A capital "US" is thus the country, while "us" is a pronoun.
func acronym(text string, start, end int) (Token, bool) {
	raw := text[start:end]
	// Dotted form: the word is one capital letter followed by '.'.
	if end-start == 1 && isUpperASCII(raw[0]) && end < len(text) && text[end] == '.' {
		j := start
		var letters []byte
		for j+1 < len(text) && isUpperASCII(text[j]) && text[j+1] == '.' && len(letters) < maxAcronym {
			if j > start && !(text[j-1] == '.') {
				break
			}
			letters = append(letters, text[j]+('a'-'A'))
			j += 2
			if j < len(text) && isWordRune(rune(text[j])) && !(j+1 < len(text) && text[j+1] == '.') {
				break
			}
		}
		if len(letters) >= 2 {
			w := string(letters)
			return Token{Term: w, Word: w, Start: start, End: j}, true
		}
		return Token{}, false
	}
	if n := end - start; n >= 2 && n <= 5 {
		for k := 0; k < n; k++ {
			if !isUpperASCII(raw[k]) {
				return Token{}, false
			}
		}
		w := strings.ToLower(raw)
		return Token{Term: w, Word: w, Start: start, End: end}, true
	}
	return Token{}, false
}

func isUpperASCII(b byte) bool { return b >= 'A' && b <= 'Z' }

// fold lower-cases a word and turns typographic apostrophes into ASCII ones.
func fold(s string) string {
	s = strings.ToLower(s)
	if strings.ContainsRune(s, '’') {
		s = strings.ReplaceAll(s, "’", "'")
	}
	return s
}

func stripPossessive(w string) string {
	if strings.HasSuffix(w, "'s") {
		return w[:len(w)-2]
	}
	return w
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
