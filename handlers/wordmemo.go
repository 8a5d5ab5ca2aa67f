package handlers

import (
	"sync"

	"github.com/citebot/citebot/retrieval"
)

// memoWords bounds a wordMemo: past this many words it starts afresh,
// which keeps it small whatever the questions hold (about 2 MB full, of
// one-word questions taken from the English word list), while a study
// group's vocabulary, or a batch's, fits whole.
const memoWords = 20_000

// wordMemo keeps what analysing a question works out one word at a time,
// for the index version and alias table it was filled for: a word's typo
// corrections, and the related forms, synonyms and words of like contexts
// it stands for. Each depends only on the word, the index and the alias
// table, and questions share most of their words, so a word's second
// question skips the lexicon, thesaurus and edit-distance look-ups. Its
// lists are shared: callers must not change them. It is safe for
// concurrent use.
type wordMemo struct {
	mu      sync.Mutex
	version string
	aliases *Aliases
	fixes   map[fixKey][]string
	expands map[expandKey]expansion
}

// memoView is a wordMemo seen from one question: the index version and
// alias table it is analysed with. A view of a nil memo, or a zero view,
// works everything out every time.
type memoView struct {
	m       *wordMemo
	version string
	aliases *Aliases
}

// view returns the memo for questions on the index version with the alias
// table.
func (m *wordMemo) view(version string, aliases *Aliases) memoView {
	return memoView{m: m, version: version, aliases: aliases}
}

// fixKind names a typo correction that fixKey remembers.
type fixKind uint8

const (
	fixTypo    fixKind = iota // typoFixes of a term and its word
	fixEnglish                // englishFixes of a word
	fixSplit                  // splitFix of a word
)

type fixKey struct {
	kind       fixKind
	term, word string
}

// expandKey names a word's expansion: the word, its term, whether the
// readings lack it, and whether synonyms are asked for.
type expandKey struct {
	word, term string
	unknown    bool
	synonyms   bool
}

// expansion is what expandClause adds to a clause of one term.
type expansion struct {
	alts     [][]string
	factor   []float64
	df       int     // the passage frequency found, for an unknown word
	synonyms int     // the clause's synonyms (see clause)
	lacked   float64 // the clause's lacked (see clause)
}

// current reports whether the memo holds the view's version, making it do
// so when reset. It is called with m.mu held.
func (v memoView) current(reset bool) bool {
	m := v.m
	if m.version == v.version && m.aliases == v.aliases && m.fixes != nil &&
		len(m.fixes)+len(m.expands) < memoWords {
		return true
	}
	if !reset {
		return false
	}
	m.version, m.aliases = v.version, v.aliases
	m.fixes = make(map[fixKey][]string)
	m.expands = make(map[expandKey]expansion)
	return true
}

// fix returns the correction f works out for the key, remembered.
func (v memoView) fix(kind fixKind, term, word string, f func() []string) []string {
	return remembered(v, func(m *wordMemo) map[fixKey][]string { return m.fixes }, fixKey{kind, term, word}, f)
}

// expand returns the expansion f works out for the key, remembered.
func (v memoView) expand(k expandKey, f func() expansion) expansion {
	return remembered(v, func(m *wordMemo) map[expandKey]expansion { return m.expands }, k, f)
}

// remembered returns what the view's memo holds for k in its table, else
// what f works out, which it then holds. f runs without the lock held.
func remembered[K comparable, V any](v memoView, table func(*wordMemo) map[K]V, k K, f func() V) V {
	if v.m == nil {
		return f()
	}
	v.m.mu.Lock()
	if v.current(false) {
		if got, ok := table(v.m)[k]; ok {
			v.m.mu.Unlock()
			return got
		}
	}
	v.m.mu.Unlock()
	got := f()
	v.m.mu.Lock()
	if v.current(true) {
		table(v.m)[k] = got
	}
	v.m.mu.Unlock()
	return got
}

// typoFixes is typoFixes, with its look-up remembered.
func (v memoView) typoFixes(stats retrieval.Stats, term, word string, budget *int) []string {
	if !typoLookup(word, budget) {
		return nil
	}
	return v.fix(fixTypo, term, word, func() []string { return lookUpTypo(stats, term, word) })
}

// englishFixes is englishFixes, remembered.
func (v memoView) englishFixes(stats retrieval.Stats, aliases *Aliases, word string) []string {
	return v.fix(fixEnglish, "", word, func() []string { return englishFixes(stats, aliases, word) })
}

// splitFix is splitFix, remembered.
func (v memoView) splitFix(stats retrieval.Stats, word string) []string {
	return v.fix(fixSplit, "", word, func() []string { return splitFix(stats, word) })
}
