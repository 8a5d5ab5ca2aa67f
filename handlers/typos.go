package handlers

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/retrieval"
)

// maxFunctionTypoChecks bounds how many unknown words of one question are
// checked for being a misspelt function word (each check tries a few
// hundred variants).
const maxFunctionTypoChecks = 4

// misspeltFunctionWord reports whether w is a typo of a stop word or a
// filler word: a contraction typed without its apostrophe ("doesnt",
// "whats", "wats"), two of them typed together ("whatis"), two neighbouring letters swapped ("waht", "teh", "hwo"),
// for words of five to ten letters one letter wrong, missing or extra
// after the first ("explian", "whther"), and for words of four a letter
// missing after the first ("wroe", "whch"). Shorter words are only checked
// for swaps: too many short topic words are one letter away from a function
// word ("cup", "up"); no function word is long enough to need the edits of
// longer ones.
func misspeltFunctionWord(w string) bool {
	return misspelling(w, functionTypos, isFunctionWord)
}

// isFunctionWord reports whether a folded word is a stop word, a filler
// word or a word asking who wrote a reading.
func isFunctionWord(v string) bool {
	return analysis.IsStopWord(v) || fillerWords[v] || authorWords[v]
}

// misspeltChatWord reports whether w is a typo, as misspeltFunctionWord
// finds them, of a soft or chat word that lacks (lacks reports whether the
// readings do not use a word): "readng" in "acc to the readng", "seminr".
// A typo of a soft word the readings use is left to the typo fixes, which
// find it among their words.
func misspeltChatWord(w string, lacks func(string) bool) bool {
	return misspelling(w, chatTypos, func(v string) bool { return (softWords[v] || chatWords[v]) && lacks(v) })
}

// misspeltAuthorWord reports whether w is a typo, as misspeltFunctionWord
// finds them, of a word asking who wrote a reading ("wroet").
func misspeltAuthorWord(w string) bool {
	return misspelling(w, authorTypos, func(v string) bool { return authorWords[v] })
}

// typoTargets are the words of letters a–z that a typo check may find a
// word to be a misspelling of, by length: a word is compared with the few
// words a letter shorter, as long or a letter longer, instead of each of
// its few hundred one-letter variants being built and looked up.
type typoTargets [][]string

// The words the typo checks reach: function words, soft and chat words,
// and authorship words. They are fixed word lists, so these are too.
var (
	functionTypos = newTypoTargets(analysis.StopWords(), slices.Collect(maps.Keys(fillerWords)), slices.Collect(maps.Keys(authorWords)))
	chatTypos     = newTypoTargets(slices.Collect(maps.Keys(softWords)), slices.Collect(maps.Keys(chatWords)))
	authorTypos   = newTypoTargets(slices.Collect(maps.Keys(authorWords)))
)

// newTypoTargets groups the words of letters a–z among lists by length.
// Words with other characters ("don't") are left out: a letter's edit of
// a word of letters a–z never reaches them.
func newTypoTargets(lists ...[]string) typoTargets {
	var t typoTargets
	seen := make(map[string]bool)
	for _, list := range lists {
		for _, w := range list {
			if !isASCIILower(w) || seen[w] {
				continue
			}
			seen[w] = true
			for len(t) <= len(w) {
				t = append(t, nil)
			}
			t[len(w)] = append(t[len(w)], w)
		}
	}
	for _, ws := range t {
		slices.Sort(ws)
	}
	return t
}

// ofLength returns the targets of n letters.
func (t typoTargets) ofLength(n int) []string {
	if n < 0 || n >= len(t) {
		return nil
	}
	return t[n]
}

// misspelling reports whether w, not itself a function word, is a typo of
// a word that function accepts (see misspeltFunctionWord); targets hold
// every word of letters a–z that function accepts.
func misspelling(w string, targets typoTargets, function func(string) bool) bool {
	if len(w) < 2 || len(w) > 12 || !isASCIILower(w) || isFunctionWord(w) {
		return false
	}
	other := func(v string) bool { return v != w && function(v) }
	if contraction(w, other) {
		return true
	}
	if len(w) < 3 || analysis.IsEnglishWord(w) {
		return false // "white" is not "while"
	}
	if len(w) >= 5 && splitsIntoFunctionWords(w, function) {
		return true // "whatis", but not "theme", which the word list knows
	}
	for _, v := range targets.ofLength(len(w)) {
		if swapped(w, v) && other(v) {
			return true
		}
	}
	// A typo rarely changes a word's first letter, and many real words are
	// a first letter away from a function word ("light" and "might",
	// "ground" and "around"). Words of five to ten letters may have a
	// letter wrong, missing or extra; words of four only a letter missing.
	lengths := [2]int{len(w) - 1, len(w) + 1}
	switch {
	case len(w) == 4:
		lengths = [2]int{5, 5}
	case len(w) < 5 || len(w) > 10:
		return false
	}
	for n := lengths[0]; n <= lengths[1]; n++ {
		for _, v := range targets.ofLength(n) {
			if v[0] == w[0] && oneEdit(w, v) && other(v) {
				return true
			}
		}
	}
	return false
}

// swapped reports whether v is w with two different neighbouring letters
// swapped.
func swapped(w, v string) bool {
	if len(w) != len(v) {
		return false
	}
	i := 0
	for i < len(w) && w[i] == v[i] {
		i++
	}
	return i+1 < len(w) && w[i] != w[i+1] && w[i] == v[i+1] && w[i+1] == v[i] && w[i+2:] == v[i+2:]
}

// oneEdit reports whether v is w with one letter replaced, removed or
// added.
func oneEdit(w, v string) bool {
	if len(v) < len(w) {
		w, v = v, w // a letter removed from one is a letter added to the other
	}
	i := 0
	for i < len(w) && w[i] == v[i] {
		i++
	}
	switch len(v) - len(w) {
	case 0:
		return i < len(w) && w[i+1:] == v[i+1:]
	case 1:
		return w[i:] == v[i+1:]
	}
	return false
}

// contractionEnds are the endings of English contractions, as typed
// without the apostrophe and with it.
var contractionEnds = [][2]string{{"nt", "n't"}, {"s", "'s"}, {"re", "'re"}, {"ve", "'ve"}, {"ll", "'ll"}, {"d", "'d"}, {"m", "'m"}}

// contraction reports whether w is a contraction typed without its
// apostrophe that function accepts ("doesnt" as "doesn't", "im" as "i'm"),
// or a word that function accepts followed by "s" ("whats", "wats").
func contraction(w string, function func(string) bool) bool {
	for _, end := range contractionEnds {
		if base, ok := strings.CutSuffix(w, end[0]); ok && base != "" {
			if function(base+end[1]) || end[0] == "s" && function(base) {
				return true
			}
		}
	}
	return false
}

// swaps calls try with each variant of w that swaps two different
// neighbouring letters, until try returns true; it reports whether it did.
func swaps(w string, try func(string) bool) bool {
	b := []byte(w)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == b[i+1] {
			continue
		}
		b[i], b[i+1] = b[i+1], b[i]
		ok := try(string(b))
		b[i], b[i+1] = b[i+1], b[i]
		if ok {
			return true
		}
	}
	return false
}

// deletions calls try with each variant of w that has one letter less,
// until try returns true; it reports whether it did.
func deletions(w string, try func(string) bool) bool {
	for i := range len(w) {
		if (i == 0 || w[i] != w[i-1]) && try(w[:i]+w[i+1:]) {
			return true
		}
	}
	return false
}

// movedDoubles calls try with each variant of w whose doubled letter is
// single and one other letter doubled instead, until try returns true; it
// reports whether it did. Which letter is doubled is a common slip
// ("dillema" for "dilemma", "ocurred" for "occurred" goes the other way
// through the missing letter), and two edits apart it is out of a short
// word's fuzzy reach.
func movedDoubles(w string, try func(string) bool) bool {
	for i := 0; i+1 < len(w); i++ {
		if w[i] != w[i+1] || i > 0 && w[i-1] == w[i] {
			continue
		}
		u := w[:i] + w[i+1:] // the double made single
		for j := range len(u) {
			if j == i || j+1 < len(u) && u[j+1] == u[j] || j > 0 && u[j-1] == u[j] {
				continue // the same letter again, or one doubled already
			}
			if try(u[:j+1] + u[j:]) {
				return true
			}
		}
	}
	return false
}

// otherEdits calls try with each variant of w (ASCII letters) that has one
// letter removed, added or replaced, until try returns true; it reports
// whether it did.
func otherEdits(w string, try func(string) bool) bool {
	if deletions(w, try) {
		return true
	}
	for i := 0; i <= len(w); i++ {
		for c := byte('a'); c <= 'z'; c++ {
			if try(w[:i] + string(c) + w[i:]) {
				return true
			}
			if i < len(w) && c != w[i] && try(w[:i]+string(c)+w[i+1:]) {
				return true
			}
		}
	}
	return false
}

// minSureFix is the shortest word whose typo corrections count as the
// word itself in the not-found decision (see clause.weakFix), and
// minSureNonword the shortest for a word no English dictionary lists.
const (
	minSureFix     = 7
	minSureNonword = 6
)

// sureFix reports whether the corrections of word, a word the readings
// lack, count as the word itself in the not-found decision. Short words
// have many neighbours a letter away ("light" and "fight"), so their
// corrections are guesses; but a word of six letters or more that is no
// English word at all ("weapns", "sactions") is a typo, and the readings'
// word a letter or two away is what was meant.
func sureFix(word string) bool {
	n := utf8.RuneCountInString(word)
	return n >= minSureFix || n >= minSureNonword && !analysis.IsEnglishWord(word)
}

// maxTypoLookups bounds how many words of one question are looked up for
// typo corrections. Each lookup builds an edit-distance automaton (about a
// millisecond, more for long words), and a hostile question can hold a
// hundred unknown words; real questions have a typo or two.
const maxTypoLookups = 4

// typoFixes proposes indexed terms for a term the index lacks: the
// adjective of a comparative or superlative ("longer"), else for a word
// the dictionary lists only related forms, else terms one edit away for
// words of 5 to 7 letters and two for longer ones, else the longest
// indexed prefix. Short words are left alone: too many real words
// are one edit apart. A four-letter word no dictionary lists ("chna") is
// no real word, and gets the terms one edit away. Each lookup uses up one
// of *budget; none is made when it is spent.
func typoFixes(stats retrieval.Stats, term, word string, budget *int) []string {
	if !typoLookup(word, budget) {
		return nil
	}
	return lookUpTypo(stats, term, word)
}

// typoLookup reports whether typoFixes looks word up, and uses up one of
// *budget when it does.
func typoLookup(word string, budget *int) bool {
	n := utf8.RuneCountInString(word)
	if n < minTypoNonword || n < analysis.MinLexiconWord && (inThesaurus(word) || nearStopWord(word)) || *budget <= 0 {
		return false
	}
	*budget--
	return true
}

// lookUpTypo is the look-up of typoFixes, for a word it looks up: it
// depends on nothing but the index and the words.
func lookUpTypo(stats retrieval.Stats, term, word string) []string {
	n := utf8.RuneCountInString(word)
	// A comparative or superlative ("longer", "largest") is its adjective,
	// and "limitless" or "weakness" is about its base word.
	for _, suffix := range []string{"est", "er", "less", "ness", "ful"} {
		base, ok := strings.CutSuffix(term, suffix)
		if !ok || len(base) < 3 {
			continue
		}
		if stats.DocFreq(base) > 0 {
			return []string{base}
		}
		// "weaker" is about "weak", which the readings may only use in
		// a form of its own ("weakening", stemmed "weaken").
		if len(base) >= 4 && analysis.IsEnglishWord(word) {
			forms := slices.DeleteFunc(stats.Similar(base, 2, 8), func(f string) bool {
				return !strings.HasPrefix(f, base) || len(f) > len(base)+3
			})
			if len(forms) > 0 {
				return forms[:min(2, len(forms))]
			}
		}
	}
	// A word the dictionary lists is spelt right, even where the readings
	// lack it: it is not turned into another word a letter or two away
	// ("shipping" into "shift", "dependable" into "defend"), only into a
	// related form the readings use, whose stem begins with its stem or
	// with which its stem begins ("militarily" and "military",
	// "Californian" and "California"). Its synonyms may find the rest.
	if analysis.IsEnglishWord(word) {
		fixes := slices.DeleteFunc(stats.Similar(term, 2, 8), func(f string) bool {
			// A prefix keeps most of the word: "goods" is not "go".
			return !strings.HasPrefix(f, term) && !(strings.HasPrefix(term, f) && len(f) >= max(4, len(term)-3))
		})
		if len(fixes) > 0 {
			return fixes[:min(2, len(fixes))]
		}
		return indexedPrefix(stats, term)
	}
	// A typo can change the stem more than the word ("secuirty" stems to
	// "secuirti", three edits from "secur"), so the word's own variants
	// with letters swapped, or one letter less, are stemmed and looked up
	// first.
	if fixes := wordFixes(stats, word); len(fixes) > 0 {
		return fixes
	}
	edits := 1
	if n >= 8 {
		edits = 2
	}
	if fixes := stats.Similar(term, edits, 2); len(fixes) > 0 {
		return fixes
	}
	if n < 5 {
		return nil // a prefix of a short word is no word
	}
	return indexedPrefix(stats, term)
}

// minTypoNonword is the shortest word, one no dictionary lists, that
// typoFixes corrects.
const minTypoNonword = 4

// nearStopWord reports whether a letter less makes a stop word of word
// ("gthe"): a short typo of a function word, no topic.
func nearStopWord(word string) bool {
	return deletions(strings.ToLower(word), analysis.IsStopWord)
}

// inThesaurus reports whether the thesaurus lists word, with synonyms or
// related forms: a word too short for the English word list ("deal") is a
// word when it does.
func inThesaurus(word string) bool {
	w := strings.ToLower(word)
	forms := []string{w, analysis.BaseForm(w)}
	// The thesaurus lists base forms: "aims" and "used" are "aim" and "use".
	for _, suffix := range []string{"s", "es", "d", "ed"} {
		if base, ok := strings.CutSuffix(w, suffix); ok && len(base) >= 2 {
			forms = append(forms, base)
		}
	}
	for _, f := range forms {
		if analysis.Synonyms(f) != nil || analysis.Derivations(f) != nil {
			return true
		}
	}
	return false
}

// indexedPrefix returns the longest indexed prefix of term that drops at
// most three letters and keeps at least five, if any: a typo near the end
// of a word ("invasoin") can leave its stem ("invas") as a prefix.
func indexedPrefix(stats retrieval.Stats, term string) []string {
	for cut := len(term) - 1; cut >= max(5, len(term)-3); cut-- {
		if !utf8.RuneStart(term[cut]) {
			continue
		}
		if p := term[:cut]; stats.DocFreq(p) > 0 {
			return []string{p}
		}
	}
	return nil
}

// maxFixedWord is the longest word whose one-edit variants are tried (a
// few hundred of them); longer unknown words are left to the index's fuzzy
// look-up.
const maxFixedWord = 15

// wordFixes returns the indexed terms (at most two, the most frequent
// first) of the words that a swap of two neighbouring letters, or else
// one letter less, makes of word: the typos that change a word's stem
// ("secuirty", "threatss"). A letter missing or wrong is left to the
// index's fuzzy look-up on stems, which finds it for a fraction of the cost.
func wordFixes(stats retrieval.Stats, word string) []string {
	if !isASCIILower(word) || len(word) > maxFixedWord {
		return nil
	}
	found := make(map[string]int)
	try := func(v string) bool {
		for _, t := range analysis.Terms(v) {
			if df := stats.DocFreq(t); df > 0 {
				found[t] = df
			}
		}
		return false // collect them all
	}
	swaps(word, try)
	if len(found) == 0 {
		deletions(word, try)
	}
	if len(found) == 0 {
		movedDoubles(word, try)
	}
	out := make([]string, 0, len(found))
	for t := range found {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if found[out[i]] != found[out[j]] {
			return found[out[i]] > found[out[j]]
		}
		return out[i] < out[j]
	})
	return out[:min(2, len(out))]
}

func isASCIILower(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

// maxEnglishFixWord is the longest word whose one-edit variants are
// looked up in the English word list (a few hundred look-ups).
const maxEnglishFixWord = 14

// englishFixes corrects a word that neither the readings nor the English
// word list know against the word list: the words one edit away (a letter
// swapped, missing, extra or wrong) whose terms the readings use, by
// themselves or through an alias ("moskow" is "Moscow", which is Russia).
// The readings' own vocabulary is tried first (typoFixes); this finds the
// names and words that the readings name only through an alias. It
// returns at most two terms, the commonest in the readings first.
func englishFixes(stats retrieval.Stats, aliases *Aliases, word string) []string {
	if !isASCIILower(word) || len(word) < analysis.MinLexiconWord || len(word) > maxEnglishFixWord || analysis.IsEnglishWord(word) {
		return nil
	}
	found := make(map[string]int)
	try := func(v string) bool {
		if _, done := found[v]; done || !analysis.IsEnglishWord(v) {
			return false
		}
		terms := analysis.Terms(v)
		if len(terms) != 1 {
			return false
		}
		df := stats.DocFreq(terms[0])
		if _, group := aliases.Match(terms, 0); group != nil {
			for _, alt := range group {
				df = max(df, altFreq(stats, alt))
			}
		}
		if df > 0 {
			found[terms[0]] = df
		}
		return false // collect them all
	}
	swaps(word, try)
	otherEdits(word, try)
	out := make([]string, 0, len(found))
	for t := range found {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if found[out[i]] != found[out[j]] {
			return found[out[i]] > found[out[j]]
		}
		return out[i] < out[j]
	})
	return out[:min(2, len(out))]
}

// minSplitPart is the shortest content word a split of a run-together word
// may give.
const minSplitPart = 3

// splitFix splits a word that neither the readings nor the English word
// list know into two that the readings use ("armssales" into "arms
// sales"), or into a function word and one they use ("ofsanctions"). It
// returns the analysed terms of the content part(s), or nil. Of several
// splits the one whose rarer part the readings use most wins.
func splitFix(stats retrieval.Stats, word string) []string {
	if !isASCIILower(word) || len(word) < 2*minSplitPart || len(word) > 2*maxFixedWord || analysis.IsEnglishWord(word) {
		return nil
	}
	function := func(w string) bool { return analysis.IsStopWord(w) || fillerWords[w] }
	indexed := func(w string) (string, int) {
		terms := analysis.Terms(w)
		if len(terms) != 1 {
			return "", 0
		}
		return terms[0], stats.DocFreq(terms[0])
	}
	var best []string
	bestDF := 0
	for i := 2; i <= len(word)-2; i++ {
		left, right := word[:i], word[i:]
		lt, ldf := indexed(left)
		rt, rdf := indexed(right)
		var parts []string
		df := 0
		switch {
		case ldf > 0 && rdf > 0 && len(left) >= minSplitPart && len(right) >= minSplitPart:
			parts, df = []string{lt, rt}, min(ldf, rdf)
		case ldf > 0 && len(left) >= minSplitPart+1 && function(right):
			parts, df = []string{lt}, ldf
		case rdf > 0 && len(right) >= minSplitPart+1 && function(left):
			parts, df = []string{rt}, rdf
		}
		if parts != nil && df > bestDF {
			best, bestDF = parts, df
		}
	}
	return best
}

// splitsIntoFunctionWords reports whether w is two function words typed
// together ("whatis", "howdoes").
func splitsIntoFunctionWords(w string, function func(string) bool) bool {
	for i := 1; i < len(w); i++ {
		if function(w[:i]) && function(w[i:]) {
			return true
		}
	}
	return false
}
