package analysis

import (
	"hash/maphash"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// analysed is what a word as written (not an acronym) analyses to. It
// depends on nothing but the word, so it is computed once and remembered.
type analysed struct {
	raw  string // the word as written; the cache key
	word string // folded, possessive removed, cut to MaxWordBytes; "" when nothing is left
	term string // the stem; "" for stop words
	stop bool
	// english is whether the word as written is in the English word list,
	// looked up on first asking: 0 not yet, 1 no, 2 yes.
	english atomic.Uint32
}

// analyse analyses a word as written.
func analyse(raw string) *analysed {
	word := stripPossessive(fold(raw))
	if word == "" {
		return &analysed{raw: raw}
	}
	if len(word) > MaxWordBytes {
		word = truncateUTF8(word, MaxWordBytes)
	}
	// Single letters (the "e" and "g" of "e.g.") carry no topic.
	stop := IsStopWord(word) || utf8.RuneCountInString(word) == 1 && !unicode.IsDigit(rune(word[0]))
	term := ""
	if !stop {
		term = Stem(lemma(removeAccents(strings.ReplaceAll(word, "'", ""))))
	}
	return &analysed{raw: raw, word: word, term: term, stop: stop}
}

// Analyzer analyses text like Tokens and Terms, remembering the words it
// has analysed: a fixed table indexed by a hash of the word as written.
// Stemming is most of the cost of analysis, and word frequencies are
// Zipfian, so a small table answers nearly every word of running text. A
// slot holds one word; a different word with the same hash replaces it.
// Entries are immutable and swapped atomically, so lookups take no lock,
// and the table's size bounds its memory (about 5 MB full) whatever text
// comes in. An Analyzer is safe for concurrent use; its results are those
// of the package functions.
type Analyzer struct {
	slots [cacheSlots]atomic.Pointer[analysed]
	seed  maphash.Seed
}

const cacheSlots = 1 << 17

// NewAnalyzer returns an Analyzer with an empty word table.
func NewAnalyzer() *Analyzer {
	return &Analyzer{seed: maphash.MakeSeed()}
}

// IsEnglishWord is IsEnglishWord, remembered with the word's analysis.
func (an *Analyzer) IsEnglishWord(w string) bool {
	if an == nil || len(w) < MinLexiconWord {
		return IsEnglishWord(w)
	}
	a := an.lookup(w)
	switch a.english.Load() {
	case 1:
		return false
	case 2:
		return true
	}
	if IsEnglishWord(w) {
		a.english.Store(2)
		return true
	}
	a.english.Store(1)
	return false
}

// lookup returns the analysis of raw, from the table when it is there. A
// nil Analyzer analyses every time.
func (an *Analyzer) lookup(raw string) *analysed {
	if an == nil {
		return analyse(raw)
	}
	slot := &an.slots[maphash.String(an.seed, raw)&(cacheSlots-1)]
	if a := slot.Load(); a != nil && a.raw == raw {
		return a
	}
	// Copy the word so that the entry does not keep the caller's text alive.
	a := analyse(strings.Clone(raw))
	slot.Store(a)
	return a
}
