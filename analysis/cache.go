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
		term = Stem(lemma(strings.ReplaceAll(word, "'", "")))
	}
	return &analysed{raw: raw, word: word, term: term, stop: stop}
}

// The word cache: a fixed table of recently analysed words, indexed by a
// hash of the word as written. Stemming is most of the cost of Tokens, and
// word frequencies are Zipfian, so a small table answers nearly every word
// of running text. A slot holds one word; a different word with the same
// hash replaces it. Entries are immutable and swapped atomically, so
// lookups take no lock, and the table's size bounds its memory (about
// 5 MB full) whatever text comes in.
const cacheSlots = 1 << 17

var (
	cache     [cacheSlots]atomic.Pointer[analysed]
	cacheSeed = maphash.MakeSeed()
)

// lookup returns the analysis of raw, from the cache when it is there.
func lookup(raw string) *analysed {
	slot := &cache[maphash.String(cacheSeed, raw)&(cacheSlots-1)]
	if a := slot.Load(); a != nil && a.raw == raw {
		return a
	}
	// Copy the word so that the entry does not keep the caller's text alive.
	a := analyse(strings.Clone(raw))
	slot.Store(a)
	return a
}
