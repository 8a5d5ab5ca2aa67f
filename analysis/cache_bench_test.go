package analysis

import (
	"io/fs"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/readings"
)

// referenceTokens is Tokens as it was before the word cache, kept to check
// that the cache changes nothing.
func referenceTokens(text string) []Token {
	toks := make([]Token, 0, len(text)/6+1)
	i := 0
	for i < len(text) {
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
		word := fold(raw)
		word = stripPossessive(word)
		if word == "" {
			continue
		}
		if len(word) > MaxWordBytes {
			word = truncateUTF8(word, MaxWordBytes)
		}
		stop := IsStopWord(word) || utf8.RuneCountInString(word) == 1 && !unicode.IsDigit(rune(word[0]))
		term := ""
		if !stop {
			term = Stem(lemma(removeAccents(strings.ReplaceAll(word, "'", ""))))
		}
		toks = append(toks, Token{Term: term, Word: word, Start: start, End: end, Stop: stop})
	}
	return toks
}

// cacheTexts are texts with every kind of word: the essay, tricky cases,
// and random strings of letters, digits, apostrophes and punctuation.
func cacheTexts(t testing.TB) []string {
	texts := []string{
		"The U.S.-China rivalry isn't new; Beijing’s view of the U.S.A. and the U.K.",
		"China's China’s CHINA's chinas' O'Brien rock'n'roll e.g. i.e. a b c 1 2 x",
		"US policy lets us act; NATO, EU and UN; 1990s mid-1990s 3.5 percent",
		"Ctenophora κτείς comb Straße İstanbul ǅemal ŉ naïve café résumé",
		strings.Repeat("a", 300) + " " + strings.Repeat("é", 100) + "'s",
		"sold sale sales went gone fought thought running runs ran generously",
	}
	err := fs.WalkDir(readings.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, err := fs.ReadFile(readings.FS, p)
			if err != nil {
				return err
			}
			texts = append(texts, string(b))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcdeEIOUxyzQ'’.- ,;0123ßéİı\u0301")
	for n := 0; n < 300; n++ {
		var b strings.Builder
		for k := 0; k < 200; k++ {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	return texts
}

func TestCachedTokensMatchReference(t *testing.T) {
	texts := cacheTexts(t)
	// Twice: first filling the cache, then from it; and concurrently.
	for round := 0; round < 2; round++ {
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, text := range texts {
					got, want := Tokens(text), referenceTokens(text)
					if !reflect.DeepEqual(got, want) {
						t.Errorf("Tokens(%.60q…) differs from the reference:\n got %v\nwant %v", text, got, want)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
}

func TestCacheCollisions(t *testing.T) {
	// Far more distinct words than slots: entries are replaced, never wrong.
	var b strings.Builder
	for i := 0; i < 3*cacheSlots; i++ {
		b.WriteString("w")
		for x := i; x > 0; x /= 26 {
			b.WriteByte(byte('a' + x%26))
		}
		b.WriteString("ing ")
	}
	text := b.String()
	if got, want := Tokens(text), referenceTokens(text); !reflect.DeepEqual(got, want) {
		t.Fatal("Tokens differs from the reference after many collisions")
	}
}

func BenchmarkTokensEssay(b *testing.B) {
	texts := cacheTexts(b)
	essay := texts[6]
	b.SetBytes(int64(len(essay)))
	for b.Loop() {
		Tokens(essay)
	}
}

func BenchmarkReferenceTokensEssay(b *testing.B) {
	texts := cacheTexts(b)
	essay := texts[6]
	b.SetBytes(int64(len(essay)))
	for b.Loop() {
		referenceTokens(essay)
	}
}
