package analysis

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzTokens checks Tokens on arbitrary text: tokens come in text order
// without overlapping, their offsets are in bounds and on character
// boundaries, each starts with a letter or digit, stop words have no
// term, terms have no white space (the index splits at it), and Terms
// agrees with Tokens. Seeds: testdata/fuzz/FuzzTokens and the cases below.
//
//	go test -run '^$' -fuzz '^FuzzTokens$' -fuzztime 10s ./analysis/
func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"",
		"What is the security dilemma?",
		"The U.S. and the U.K.; NATO, the EU and us.",
		"China's partner’s “bloodletting” aren't e.g. i.e.",
		"field:value /.*/ +a -b \"unbalanced word~5 a^3 *?",
		"sec\u200burity \u202eamelid\u202c \x00\xff\xfe \xc3",
		"@everyone <@&123> ||spoiler|| [x](http://a.example) # head",
		"café naïve e\u0301 İstanbul ǅ ﬁne ΣΑΣ",
		strings.Repeat("a", 100) + " " + strings.Repeat("é", 40),
		"'quoted' 'tis x'y '''",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := Tokens(text)
		// Offsets a decoder stops at: token boundaries must be among them.
		stops := map[int]bool{len(text): true}
		for i := 0; i < len(text); {
			stops[i] = true
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		end := 0
		var terms []string
		for k, tok := range toks {
			if tok.Start < end || tok.Start >= tok.End || tok.End > len(text) {
				t.Fatalf("token %d %q: [%d,%d) after %d in %d bytes", k, tok.Word, tok.Start, tok.End, end, len(text))
			}
			if !stops[tok.Start] || !stops[tok.End] {
				t.Fatalf("token %d %q: [%d,%d) splits a character", k, tok.Word, tok.Start, tok.End)
			}
			if r, _ := utf8.DecodeRuneInString(text[tok.Start:]); !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Fatalf("token %d %q starts with %q", k, tok.Word, r)
			}
			end = tok.End
			if tok.Word == "" {
				t.Fatalf("token %d at %d: empty word", k, tok.Start)
			}
			if len(tok.Word) > MaxWordBytes || len(tok.Term) > MaxWordBytes {
				t.Fatalf("token %d: word of %d bytes, term of %d", k, len(tok.Word), len(tok.Term))
			}
			if tok.Stop && tok.Term != "" {
				t.Fatalf("stop word %q has term %q", tok.Word, tok.Term)
			}
			if strings.IndexFunc(tok.Term, unicode.IsSpace) >= 0 {
				t.Fatalf("term %q has white space", tok.Term)
			}
			if utf8.ValidString(text) && !utf8.ValidString(tok.Term) {
				t.Fatalf("term %q of valid text is not valid UTF-8", tok.Term)
			}
			if !tok.Stop && tok.Term != "" {
				terms = append(terms, tok.Term)
			}
		}
		if got := Terms(text); !slices.Equal(got, terms) && !(len(got) == 0 && len(terms) == 0) {
			t.Fatalf("Terms = %q, Tokens give %q", got, terms)
		}
	})
}
