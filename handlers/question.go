package handlers

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/retrieval"
)

// fillerWords are words of a question that ask rather than say what about:
// question words, requests and chat. They are never searched for (stop
// words are dropped already).
var fillerWords = wordSet(`what whats why how who whom whose when where which
explain explains explained explanation define defines defined definition definitions
mean means meant meaning meanings tell please pls plz thanks thank hey hi hello ok okay yeah
citebot bot wonder wondering curious really actually basically exactly
anything something everything like can could would might may must shall will doe done
without within among amongst upon via whether although though however yet thus hence
even still much many truly really quite rather ever never often always already
hw wat wut u ur abt thx ty btw idk imo tho bc cuz wrt besides else according
nah yep yup nope lol lmao omg tbh ngl fr rn yo ya yall sup hmm hm um uh eh
gonna wanna gotta kinda sorta dunno guys bro dude stuff whatever anyway anyways
`)

// softWords refer to the reading itself or are generic verbs of asking
// ("what does the essay say", "describe the article"). Where a corpus uses
// them as words of its own (a library-science collection's "articles"),
// they are searched for at softWeight; where it does not, they are dropped
// instead of counting as unanswered words.
var softWords = wordSet(`essay essays reading readings article articles paper papers text texts
chapter chapters book books passage passages source sources author's
say says said saying claim claims claimed argue argues argued argument arguments
describe describes described description discuss discusses discussed
mention mentions mentioned talk talks talking give show find example examples
happen happened happens think thinks know knows understand question questions thing things also just
terms type types kind kinds sort name named called entity entities located main overall
`)

const softWeight = 0.5

// Authorship words: a question with one of these and no topic of its own
// asks who wrote a reading.
var authorWords = wordSet(`author authors wrote write writes written writer writers authored`)

func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// clause is one content word (or alias phrase) of a question with what it
// may match in a passage.
type clause struct {
	word string     // the question's word(s), folded, for highlighting
	alts [][]string // analysed alternatives: the term itself, aliases, typo fixes, synonyms
	// factor is how much a match of alts[i] counts: 1 for the word and its
	// aliases, fuzzyFactor for a typo correction, synonymFactor for a
	// synonym.
	factor []float64
	// synonyms is where the synonyms begin in alts (alts[synonyms:]); 0
	// when there are none, as alts[0] is the question's own word.
	synonyms int
	idf      float64 // weight: inverse passage frequency of the clause
	qtf      float64 // how often the question repeats it
	df       int     // passages holding the clause (its most frequent alternative)
	// expansion marks a clause added by feedback from the first results,
	// not asked for: it helps ranking but not coverage, windows or proximity.
	expansion bool
	known     bool // at least one alternative occurs in the index
	// soft marks a word about the reading or the asking ("essay", "say")
	// that the corpus happens to use: it helps ranking but does not show
	// that a passage answers the question.
	soft bool
	// weakFix marks a clause whose typo corrections are guesses: the word
	// is short, and short words have many neighbours one letter away
	// ("light" and "fight"). A passage that holds only a correction does
	// not show that the readings answer the question.
	weakFix bool
}

// plan is a question analysed for searching.
type plan struct {
	question string
	clauses  []clause
	author   bool // asks who wrote a reading
	// definitional: asks what something is or means ("what is wedging?",
	// "define bloodletting"), so passages that define it come first.
	definitional bool
	// want is the kind of answer the question asks for, when its question
	// word says: a number, a time, or a name.
	want  answerKind
	total float64 // sum of clause weights
	// unknownName is a name the question asks about (a capitalised word
	// after the first, "India", "AUKUS") that the readings never use, nor a
	// spelling correction of it; "" when there is none, and in long,
	// descriptive questions, which name many things in passing. The
	// readings do not answer a question about something they never name.
	unknownName string
}

// cleanQuestion cuts a question to MaxQuestion bytes at a rune boundary,
// drops invalid UTF-8, control and format characters (zero-width and
// direction marks), and collapses white space.
func cleanQuestion(q string) string {
	if len(q) > MaxQuestion {
		q = q[:MaxQuestion]
	}
	var b strings.Builder
	b.Grow(len(q))
	space := false
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// segmentBreak reports whether the text between two words of a message
// ends a segment: a sentence's end, a comma, colon or semicolon before a
// space ("hey bot, quick q: …", but not "field:value"), or a bracket.
func segmentBreak(gap string) bool {
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
		start, end int // byte span in q
		chat       bool
	}
	var segs []segment
	cur := segment{start: 0, chat: true}
	prevEnd := 0
	for i, t := range toks {
		if i > 0 && segmentBreak(q[prevEnd:t.Start]) {
			cur.end = prevEnd
			segs = append(segs, cur)
			cur = segment{start: t.Start, chat: true}
		}
		prevEnd = t.End
		w := strings.ReplaceAll(t.Word, "'", "")
		if authorWords[t.Word] {
			cur.chat = false // "who wrote this?"
		}
		if t.Stop || t.Term == "" || fillerWords[t.Word] || fillerWords[w] || softWords[t.Word] || softWords[w] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(q[t.Start:])
		name := i > 0 && unicode.IsUpper(r) && !analysis.IsStopWord(t.Word)
		typo := utf8.RuneCountInString(w) >= analysis.MinLexiconWord && !analysis.IsEnglishWord(w)
		if cur.chat && (name || typo || known(t)) {
			cur.chat = false
		}
	}
	cur.end = len(q)
	segs = append(segs, cur)
	var parts []string
	for _, sg := range segs {
		if !sg.chat {
			parts = append(parts, strings.TrimSpace(q[sg.start:sg.end]))
		}
	}
	if len(parts) == 0 || len(parts) == len(segs) {
		return q
	}
	return strings.Join(parts, " ")
}

// analyse turns a question into search clauses weighted by how rare their
// terms are in the index. Words the index lacks are corrected to close
// indexed words when long enough (typos), and names are expanded with their
// aliases. an remembers analysed words; nil analyses afresh.
func analyse(an *analysis.Analyzer, question string, stats retrieval.Stats, aliases *Aliases) plan {
	p := plan{question: question}
	var words []string
	var terms []string
	var softs, names []bool
	var phrasals [][]string // per term: the words of the phrasal verb it begins, if any
	author := false
	checks := maxFunctionTypoChecks
	toks := an.Tokens(question)
	particle := -1 // a token taken as the particle of a phrasal verb
	for i, t := range toks {
		if i == particle {
			continue
		}
		w := strings.ReplaceAll(t.Word, "'", "")
		if authorWords[t.Word] || authorWords[w] {
			author = true
		}
		if t.Stop || t.Term == "" || fillerWords[t.Word] || fillerWords[w] || authorWords[t.Word] {
			continue
		}
		soft := softWords[t.Word] || softWords[w]
		if soft && stats.DocFreq(t.Term) == 0 {
			continue
		}
		if stats.DocFreq(t.Term) == 0 && checks > 0 {
			checks-- // bounded, so that a hundred unknown words cost little
			if misspeltFunctionWord(w) {
				if misspeltAuthorWord(w) {
					author = true // "who wroe this?"
				}
				continue // "waht", "teh", "explian": no topic, whatever the readings hold
			}
		}
		// A verb and a particle ("propping up", "pulled out", "hold
		// back") may be a phrasal verb, which means something else than
		// the verb: its words replace the verb's synonyms, and the
		// particle is no clause of its own.
		var phrasal []string
		if i+1 < len(toks) && toks[i+1].Start-t.End <= 1 && analysis.IsParticle(toks[i+1].Word) {
			if phrasal = analysis.PhrasalSynonyms(t.Term, toks[i+1].Word); phrasal != nil {
				particle = i + 1
			}
		}
		phrasals = append(phrasals, phrasal)
		words = append(words, t.Word)
		terms = append(terms, t.Term)
		softs = append(softs, soft)
		// A capitalised word after the first names something ("India",
		// "AUKUS"); the first word is capitalised anyway, and "NOT" or
		// "OR" in capitals are words of a search syntax.
		r, _ := utf8.DecodeRuneInString(question[t.Start:])
		names = append(names, i > 0 && unicode.IsUpper(r) && !analysis.IsStopWord(t.Word))
	}
	n := float64(stats.Passages())
	seen := make(map[string]int) // first alternative → clause index
	lookups := maxTypoLookups
	for i := 0; i < len(terms); {
		c := clause{}
		soft, name, phrasal := softs[i], names[i], phrasals[i]
		if k, group := aliases.Match(terms, i); k > 0 {
			c.word = strings.Join(words[i:i+k], " ")
			c.alts = group
			c.factor = make([]float64, len(group))
			for k := range c.factor {
				c.factor[k] = 1
			}
			i += k
		} else {
			c.word = words[i]
			c.alts = [][]string{{terms[i]}}
			c.factor = []float64{1}
			i++
		}
		key := strings.Join(c.alts[0], " ")
		if at, ok := seen[key]; ok {
			p.clauses[at].qtf++
			continue
		}
		seen[key] = len(p.clauses)
		c.qtf = 1
		df := 0
		for _, alt := range c.alts {
			df = max(df, altFreq(stats, alt))
		}
		fixed := false
		if df == 0 && len(c.alts) == 1 && len(c.alts[0]) == 1 {
			for _, s := range typoFixes(stats, c.alts[0][0], c.word, &lookups) {
				// A correction finds what the word spelt right would
				// ("laeve" as "leave", and so "withdraw").
				fix := [][]string{{s}}
				if k, group := aliases.Match(fix[0], 0); k == 1 {
					fix = group
				}
				for _, alt := range fix {
					if !slices.ContainsFunc(c.alts, func(a []string) bool { return equalTerms(a, alt) }) {
						c.alts = append(c.alts, alt)
						c.factor = append(c.factor, fuzzyFactor)
						df = max(df, altFreq(stats, alt))
					}
				}
				fixed = true
			}
			c.weakFix = fixed && utf8.RuneCountInString(c.word) < minSureFix
		}
		if !soft && !fixed && !strings.Contains(c.word, " ") {
			df = max(df, addAlternatives(&c, an, stats, analysis.Derivations(c.word), derivationFactor, maxDerivations, df == 0))
			if !name && len(terms) < feedbackMinClauses {
				from := len(c.alts)
				syns := analysis.Synonyms(c.word)
				if phrasal != nil {
					syns = phrasal
				}
				df = max(df, addAlternatives(&c, an, stats, syns, synonymFactor, maxSynonyms, df == 0))
				if len(c.alts) > from {
					c.synonyms = from
				}
			}
		}
		c.known = df > 0
		c.df = df
		if name && !c.known && p.unknownName == "" && len(terms) < feedbackMinClauses {
			p.unknownName = c.word
		}
		if df == 0 {
			df = 1 // a word the readings lack weighs like the rarest word they have
		}
		c.idf = idf(n, float64(df))
		if soft {
			c.soft = true
			c.idf *= softWeight
		}
		p.clauses = append(p.clauses, c)
		p.total += c.idf
	}
	p.author = author
	p.definitional = isDefinitional(question) && countAsked(p) <= 4
	p.want = expectedAnswer(question)
	return p
}

// Related words: a question may name a thing in another form than the
// readings ("the decision" for "they decided") or say it in other words
// ("dependable" for "reliable"). A one-word clause gains the forms
// WordNet relates to its word (analysis.Derivations), which count
// derivationFactor of its weight, and in a short question its synonyms
// (analysis.Synonyms), which count synonymFactor; at most maxDerivations
// and maxSynonyms of them that the readings use, the most used first.
// Long, descriptive questions get no synonyms: their many words find their
// topic, and feedback (see expand) adds the readings' own words for it.
const (
	derivationFactor = 0.6
	maxDerivations   = 4
	synonymFactor    = 0.4
	maxSynonyms      = 8
)

// addAlternatives adds to a one-word clause those of words that the index
// holds, as alternatives counting factor, at most limit of them. It
// returns the passage frequency of the most frequent when they count for
// the clause's weight (the word itself is unknown), else 0.
func addAlternatives(c *clause, an *analysis.Analyzer, stats retrieval.Stats, words []string, factor float64, limit int, unknown bool) int {
	if len(words) == 0 {
		return 0
	}
	type found struct {
		term string
		df   int
	}
	var fs []found
	seen := make(map[string]bool)
	for _, alt := range c.alts {
		seen[strings.Join(alt, " ")] = true
	}
	for _, w := range words {
		terms := an.Terms(w)
		if len(terms) != 1 || seen[terms[0]] {
			continue
		}
		seen[terms[0]] = true
		if df := stats.DocFreq(terms[0]); df > 0 {
			fs = append(fs, found{terms[0], df})
		}
	}
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].df != fs[j].df {
			return fs[i].df > fs[j].df
		}
		return fs[i].term < fs[j].term
	})
	df := 0
	for _, f := range fs[:min(len(fs), limit)] {
		c.alts = append(c.alts, []string{f.term})
		c.factor = append(c.factor, factor)
		if unknown {
			df = max(df, f.df)
		}
	}
	return df
}

// maxFunctionTypoChecks bounds how many unknown words of one question are
// checked for being a misspelt function word (each check tries a few
// hundred variants).
const maxFunctionTypoChecks = 4

// misspeltFunctionWord reports whether w is a typo of a stop word or a
// filler word: a contraction typed without its apostrophe ("doesnt",
// "whats", "wats"), two neighbouring letters swapped ("waht", "teh", "hwo"),
// for words of five to ten letters one letter wrong, missing or extra
// after the first ("explian", "whther"), and for words of four a letter
// missing after the first ("wroe", "whch"). Shorter words are only checked
// for swaps: too many short topic words are one letter away from a function
// word ("cup", "up"); no function word is long enough to need the edits of
// longer ones.
func misspeltFunctionWord(w string) bool {
	return misspelling(w, func(v string) bool {
		return analysis.IsStopWord(v) || fillerWords[v] || authorWords[v]
	})
}

// misspeltAuthorWord reports whether w is a typo, as misspeltFunctionWord
// finds them, of a word asking who wrote a reading ("wroet").
func misspeltAuthorWord(w string) bool {
	return misspelling(w, func(v string) bool { return authorWords[v] })
}

// misspelling reports whether w, not itself a function word, is a typo of
// a word that function accepts (see misspeltFunctionWord).
func misspelling(w string, function func(string) bool) bool {
	if len(w) < 2 || len(w) > 12 || !isASCIILower(w) || analysis.IsStopWord(w) || fillerWords[w] || authorWords[w] {
		return false
	}
	other := func(v string) bool { return v != w && function(v) }
	if contraction(w, other) {
		return true
	}
	if len(w) < 3 || analysis.IsEnglishWord(w) {
		return false // "white" is not "while"
	}
	// A typo rarely changes a word's first letter, and many real words are
	// a first letter away from a function word ("light" and "might",
	// "ground" and "around").
	sameStart := func(v string) bool { return v != "" && v[0] == w[0] && other(v) }
	return swaps(w, other) || len(w) >= 5 && len(w) <= 10 && otherEdits(w, sameStart) ||
		len(w) == 4 && insertions(w, sameStart)
}

// insertions calls try with each variant of w (ASCII letters) that has one
// letter more, until try returns true; it reports whether it did.
func insertions(w string, try func(string) bool) bool {
	for i := 0; i <= len(w); i++ {
		for c := byte('a'); c <= 'z'; c++ {
			if try(w[:i] + string(c) + w[i:]) {
				return true
			}
		}
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

// altFreq estimates the passage frequency of an alternative: a single
// term's, or for a phrase the rarest of its terms'.
func altFreq(stats retrieval.Stats, alt []string) int {
	df := -1
	for _, t := range alt {
		f := stats.DocFreq(t)
		if df < 0 || f < df {
			df = f
		}
	}
	return max(df, 0)
}

// idf is BM25's inverse document frequency.
func idf(n, df float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// minSureFix is the shortest word whose typo corrections count as the
// word itself in the not-found decision (see clause.weakFix).
const minSureFix = 7

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
// are one edit apart. Each lookup uses up one of *budget; none is made when
// it is spent.
func typoFixes(stats retrieval.Stats, term, word string, budget *int) []string {
	n := utf8.RuneCountInString(word)
	if n < 5 || *budget <= 0 {
		return nil
	}
	*budget--
	// A comparative or superlative ("longer", "largest") is its adjective,
	// and "limitless" or "weakness" is about its base word.
	for _, suffix := range []string{"est", "er", "less", "ness", "ful"} {
		if base, ok := strings.CutSuffix(term, suffix); ok && len(base) >= 3 && stats.DocFreq(base) > 0 {
			return []string{base}
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
			return !strings.HasPrefix(f, term) && !strings.HasPrefix(term, f)
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
	return indexedPrefix(stats, term)
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

// Candidate search on large indexes: a clause found in more than
// commonShare of the passages does not find candidates by itself when the
// question has rarer clauses; it still counts when they are ranked. This
// keeps a search from walking the postings of "war" or "state" across a
// hundred thousand passages for a handful of candidates.
const (
	commonShare    = 0.1
	commonMinIndex = 2000 // passages an index needs before common clauses are left out
)

// query is the candidate search for a plan over an index of n passages.
func (p plan) query(limit, n int) retrieval.Query {
	q := retrieval.Query{Limit: limit}
	common := func(c clause) bool {
		return n >= commonMinIndex && float64(c.df) > commonShare*float64(n)
	}
	rare := 0
	for _, c := range p.clauses {
		if c.known && !common(c) {
			rare++
		}
	}
	for _, c := range p.clauses {
		if !c.known || rare > 0 && common(c) {
			continue
		}
		q.Clauses = append(q.Clauses, retrieval.Clause{Alternatives: c.alts, Weight: c.qtf})
	}
	return q
}

// definitionalOpenings start questions that ask what something is.
var definitionalOpenings = []string{
	"what is ", "what's ", "whats ", "what are ", "what was ", "what were ",
	"what does ", "what do ", "what exactly is ", "what is meant by ",
	"define ", "definition of ", "meaning of ", "explain ", "describe ",
	"who or what is ", "tell me about ",
}

// isDefinitional reports whether a question asks what something is.
func isDefinitional(q string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	q = strings.ReplaceAll(q, "’", "'")
	for _, o := range definitionalOpenings {
		if strings.HasPrefix(q, o) {
			if strings.HasPrefix(o, "what do") {
				return strings.Contains(q, " mean")
			}
			return true
		}
	}
	return strings.HasSuffix(strings.TrimRight(q, "?. "), " mean")
}

// answerKind is the kind of answer a question asks for.
type answerKind int

const (
	answerAny    answerKind = iota
	answerNumber            // how many, how much, what percentage
	answerTime              // when, what year, since when
	answerName              // who, whom, whose
	answerReason            // why, for what reason
)

// expectedAnswer reads the kind of answer from the question's wording.
func expectedAnswer(q string) answerKind {
	q = " " + strings.ToLower(q) + " "
	switch {
	case strings.Contains(q, " how many ") || strings.Contains(q, " how much ") ||
		strings.Contains(q, " what percentage ") || strings.Contains(q, " what percent "):
		return answerNumber
	case strings.Contains(q, " when ") || strings.Contains(q, " what year ") ||
		strings.Contains(q, " which year ") || strings.Contains(q, " what century ") ||
		strings.Contains(q, " what date "):
		return answerTime
	case strings.HasPrefix(q, " why ") || strings.Contains(q, " why ") || strings.Contains(q, " how come ") ||
		strings.Contains(q, " what reason") || strings.Contains(q, " what caused ") ||
		strings.Contains(q, " motive") || strings.Contains(q, " motivation") || strings.Contains(q, " rationale") ||
		strings.Contains(q, " what drives ") || strings.Contains(q, " what motivates ") || strings.Contains(q, " for what purpose"):
		return answerReason
	case strings.HasPrefix(q, " who ") || strings.Contains(q, " who ") || strings.HasPrefix(q, " whom ") || strings.HasPrefix(q, " whose "):
		return answerName
	}
	for _, w := range []string{" which ", " what "} {
		if _, rest, ok := strings.Cut(q, w); ok {
			if noun, _, _ := strings.Cut(rest, " "); nameNouns[noun] {
				return answerName
			}
		}
	}
	if strings.Contains(q, " the name of ") || strings.Contains(q, " what is the name ") {
		return answerName
	}
	return answerAny
}

// nameNouns ask, after "which" or "what", for something with a name:
// "which countries", "what city".
var nameNouns = wordSet(`country countries nation nations state states city cities town towns
person people team teams company companies organization organizations organisation organisations
leader leaders president presidents king kings queen queens emperor emperors general generals
party parties university universities river rivers author authors scholar scholars`)
