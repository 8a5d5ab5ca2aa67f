package handlers

import (
	"math"
	"slices"
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
without within among amongst upon via versus whether although though however yet thus hence
even still much many truly really quite rather ever never often always already
hw wat wut u ur abt thx ty btw idk imo tho bc cuz wrt besides else according
nah yep yup nope lol lmao omg tbh ngl fr rn yo ya yall sup hmm hm um uh eh
gonna wanna gotta kinda sorta dunno guys bro dude stuff whatever anyway anyways
another
`)

// softWords refer to the reading itself or are generic verbs of asking
// ("what does the essay say", "describe the article"). Where a corpus uses
// them as words of its own (a library-science collection's "articles"),
// they are searched for at softWeight; where it does not, they are dropped
// instead of counting as unanswered words. Number words ("the two
// partners", see numberWords) are soft too: they count things, they do not
// name a topic.
var softWords = wordSet(`essay essays reading readings article articles paper papers text texts
chapter chapters book books passage passages source sources author's
say says said saying claim claims claimed argue argues argued argument arguments
describe describes described description discuss discusses discussed
mention mentions mentioned talk talks talking give show find example examples
happen happened happens think thinks know knows understand question questions thing things also just
want wants wanted
terms type types kind kinds sort name named called entity entities located main overall
stuff goods items bit bits
`)

// chatWords are the words of chat around a question ("real quick", "i'm
// confused", "for tomorrow's seminar", "does anyone know"). Where the
// readings lack them they are dropped, like soft words; where the readings
// use them ("the class of aircraft"), they count as any word does.
var chatWords = wordSet(`confused confusing confuses quick quickly real supposed suppose here again whole wait
someone anyone everyone somebody anybody seminar seminars class classes lecture lectures exam exams
homework tomorrow today tonight week prof profs professor professors teacher teachers lecturer lecturers
tutor tutors ta tas instructor classmate classmates`)

const softWeight = 0.5

// A clause is common (see clause.common) when more than commonTopicShare
// of at least commonTopicMin passages hold it.
const (
	commonTopicShare = 0.3
	commonTopicMin   = 12
)

// exceptWords, followed by "from", say "except" ("apart from sanctions,
// why …"): no topic of their own.
var exceptWords = wordSet(`apart aside`)

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
	// aliases, fuzzyFactor for a typo correction, derivationFactor for a
	// related form, synonymFactor for a synonym and similarFactor for a
	// similar word (see related.go).
	factor []float64
	// synonyms is where the synonyms begin in alts (alts[synonyms:]); 0
	// when there are none, as alts[0] is the question's own word.
	synonyms int
	// lacked is, for a word the readings reach only through similar words
	// (see related.go), the weight of a word they lack, which it keeps in
	// the not-found decision; else 0. Every match of such a clause is a
	// similar word's, as the readings use none of its other alternatives.
	lacked float64
	idf    float64 // weight: inverse passage frequency of the clause
	qtf    float64 // how often the question repeats it
	df     int     // passages holding the clause (its most frequent alternative)
	// expansion marks a clause added by feedback from the first results,
	// not asked for: it helps ranking but not coverage, windows or proximity.
	expansion bool
	known     bool // at least one alternative occurs in the index
	named     bool // the words name one thing of the alias table ("north korea")
	// common marks a word the readings use everywhere: in more than
	// commonTopicShare of the passages of an index of at least
	// commonTopicMin. It weighs little, and in the not-found decision it
	// does not count as one of the question's words that a passage holds.
	common bool
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
	want answerKind
	// count marks a question asking how many: only a number answers it.
	count bool
	total float64 // sum of clause weights
	// unknownName is a name the question asks about (a capitalised word
	// after the first, "India", "AUKUS") that the readings never use, nor a
	// spelling correction of it; "" when there is none, and in long,
	// descriptive questions, which name many things in passing. The
	// readings do not answer a question about something they never name.
	unknownName string
	// unknownPlace marks an unknownName that is a country, people, capital
	// or a thing the alias table names: however much of the rest of the
	// question a passage holds, it does not answer about that.
	unknownPlace bool
	// source marks a request for a kind of source the readings never
	// name (unknownName): no passage answers it, however much of the rest
	// of the question it holds.
	source bool
	// place is the part of the readings the question says its answer
	// stands in ("in the intro"); see placeScores.
	place place
	// roleAsked marks a who-question about the holder of a role, role and
	// roleOf its clauses ("president" and "russia"); see
	// candidate.holdsRole.
	roleAsked    bool
	role, roleOf int
	// asked holds every term of the clauses' alternatives, worked out
	// once per ranking (see askedTerms); nil until then.
	asked map[string]bool
	// unused marks, per clause alternative, one whose first term no passage
	// of the index holds, so that no candidate is searched for it; nil
	// until a ranking works it out (see unusedAlts).
	unused [][]bool
}

// unusedAlts marks the alternatives of the plan's clauses whose first term
// the index holds in no passage (df is the index's passage frequency).
func unusedAlts(p plan, df func(string) int) [][]bool {
	if df == nil {
		return nil
	}
	out := make([][]bool, len(p.clauses))
	for ci, cl := range p.clauses {
		out[ci] = make([]bool, len(cl.alts))
		for ai, alt := range cl.alts {
			out[ci][ai] = len(alt) > 0 && df(alt[0]) == 0
		}
	}
	return out
}

// askedTerms returns every term of the plan's clause alternatives.
func askedTerms(p plan) map[string]bool {
	if p.asked != nil {
		return p.asked
	}
	asked := make(map[string]bool)
	for _, cl := range p.clauses {
		for _, alt := range cl.alts {
			for _, t := range alt {
				asked[t] = true
			}
		}
	}
	return asked
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

// acronym reports whether a word is typed in capitals, two letters or more
// ("NATO", "RLIN").
func acronym(word string) bool {
	letters := 0
	for _, r := range word {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 2
}

// isName reports whether the i-th of the question's tokens names
// something: a capitalised word that does not begin a sentence ("India",
// "AUKUS"). A sentence's first word is capitalised anyway, and "NOT" or
// "OR" in capitals are words of a search syntax.
func isName(question string, toks []analysis.Token, i int) bool {
	if i == 0 || strings.ContainsAny(question[toks[i-1].End:toks[i].Start], ".?!") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(question[toks[i].Start:])
	return unicode.IsUpper(r) && !analysis.IsStopWord(toks[i].Word)
}

// analyse turns a question into search clauses weighted by how rare their
// terms are in the index. Words the index lacks are corrected to close
// indexed words when long enough (typos), and names are expanded with their
// aliases. an remembers analysed words; nil analyses afresh.
func analyse(an *analysis.Analyzer, question string, stats retrieval.Stats, aliases *Aliases) plan {
	return analyseWith(an, question, stats, aliases, memoView{})
}

// analyseWith is analyse, with what it works out per word remembered in
// memo, which must be of the index of stats and of aliases.
func analyseWith(an *analysis.Analyzer, question string, stats retrieval.Stats, aliases *Aliases, memo memoView) plan {
	p := plan{question: question}
	var words []string
	var terms []string
	var softs, names, caps []bool
	var phrasals [][]string // per term: the words of the phrasal verb it begins, if any
	author := false
	checks := maxFunctionTypoChecks
	toks, joined := joinSplitWords(an, question, an.Tokens(question), stats)
	var repaired []bool // per term: a word typed apart and joined again
	particle := -1      // a token taken as the particle of a phrasal verb
	frame := answerFrame(toks)
	for i, t := range toks {
		if i == particle || frame[i] {
			continue
		}
		w := strings.ReplaceAll(t.Word, "'", "")
		if authorWords[t.Word] || authorWords[w] {
			author = true
		}
		if t.Word == "us" && i > 0 && toks[i-1].Word == "the" {
			// "the us" is no pronoun but the country, typed in lower case.
			t.Stop, t.Term = false, "us"
		}
		if t.Stop || t.Term == "" || fillerWords[t.Word] || fillerWords[w] || authorWords[t.Word] ||
			exceptWords[t.Word] && i+1 < len(toks) && toks[i+1].Word == "from" {
			continue
		}
		soft := softWords[t.Word] || softWords[w] || numberWords[t.Word]
		if (soft || chatWords[t.Word]) && stats.DocFreq(t.Term) == 0 {
			continue
		}
		if stats.DocFreq(t.Term) == 0 && checks > 0 {
			// Bounded, so that a hundred unknown words cost little; a word
			// spelt right is no typo and costs next to nothing to tell
			// ("mostly" and "friends" leave "readng" its check).
			if !speltRight(w) {
				checks--
			}
			if misspeltFunctionWord(w) {
				if misspeltAuthorWord(w) {
					author = true // "who wroe this?"
				}
				continue // "waht", "teh", "explian": no topic, whatever the readings hold
			}
			if misspeltChatWord(w, func(v string) bool {
				for _, t := range an.Terms(v) {
					if stats.DocFreq(t) > 0 {
						return false
					}
				}
				return true
			}) {
				continue // "acc to the readng": no topic where the readings lack "reading"
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
		repaired = append(repaired, joined[i])
		words = append(words, t.Word)
		terms = append(terms, t.Term)
		softs = append(softs, soft)
		names = append(names, isName(question, toks, i))
		caps = append(caps, acronym(question[t.Start:t.End]))
	}
	n := float64(stats.Passages())
	seen := make(map[string]int) // first alternative → clause index
	lookups := maxTypoLookups
	for i := 0; i < len(terms); {
		c := clause{}
		soft, name, phrasal, rejoined, upper := softs[i], names[i], phrasals[i], repaired[i], caps[i]
		named := aliases.NameAt(terms, i) // "ww2", "the eu": a name, in any case
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
			if rejoined {
				c.factor[0] = fuzzyFactor // a repair counts less than the word as typed
			}
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
		// A place name is spelt right: "iran" is no typo of "iraq" or "train".
		// So is a short word typed in capitals: "RLIN" is an acronym, no
		// typo of "rain".
		shortAcronym := upper && utf8.RuneCountInString(c.word) < analysis.MinLexiconWord
		if df == 0 && len(c.alts) == 1 && len(c.alts[0]) == 1 && !analysis.IsPlaceName(c.word) && !shortAcronym {
			for _, s := range memo.typoFixes(stats, c.alts[0][0], c.word, &lookups) {
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
			if !fixed && lookups > 0 {
				// Only a word these fixes can work on costs a lookup: a
				// word spelt right, or a form of one ("sent"), and a short
				// word cost next to nothing here, so that the typos of a
				// question with a few words the readings lack still get
				// theirs.
				if costlyFix(c.word) {
					lookups--
				}
				// A word the readings name only through an alias
				// ("moskow" for Moscow), else two words typed as one
				// ("armssales").
				for _, s := range memo.englishFixes(stats, aliases, c.word) {
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
				if !fixed {
					if parts := memo.splitFix(stats, c.word); parts != nil {
						c.alts = append(c.alts, parts)
						c.factor = append(c.factor, fuzzyFactor)
						df = max(df, altFreq(stats, parts))
						fixed = true
					}
				}
			}
			c.weakFix = fixed && !sureFix(c.word)
		}
		if !soft && !fixed && !strings.Contains(c.word, " ") {
			synonyms := !name && !named && len(terms) < feedbackMinClauses
			if phrasal != nil || memo.m == nil {
				df = expandClause(&c, an, stats, aliases, df, synonyms, phrasal, n)
			} else {
				// The word's alternatives so far are its term's, or its
				// alias group's: its expansion is the word's alone.
				e := memo.expand(expandKey{c.word, key, df == 0, synonyms}, func() expansion {
					sc := clause{word: c.word, alts: c.alts, factor: c.factor}
					got := expandClause(&sc, an, stats, aliases, df, synonyms, nil, n)
					from := len(c.alts)
					e := expansion{alts: sc.alts[from:], factor: sc.factor[from:], synonyms: sc.synonyms, lacked: sc.lacked}
					if df == 0 {
						e.df = got
					}
					return e
				})
				// c.alts may be an alias group, which questions share.
				c.alts = append(slices.Clip(c.alts), e.alts...)
				c.factor = append(c.factor, e.factor...)
				c.synonyms, c.lacked = e.synonyms, e.lacked
				df = max(df, e.df)
			}
		}
		c.known = df > 0
		c.df = df
		c.named = named
		c.common = stats.Passages() >= commonTopicMin && float64(df) > commonTopicShare*float64(stats.Passages())
		// A country, people or capital the readings never use is the
		// point of a question however long it is and in whatever case it
		// is typed ("does india buy russian oil too"), and so is a thing
		// the alias table names ("ww2"); another name is, in a short
		// question.
		place := named || !strings.Contains(c.word, " ") && analysis.IsPlaceName(c.word)
		if (place || name && len(terms) < feedbackMinClauses) && !c.known && p.unknownName == "" {
			p.unknownName, p.unknownPlace = c.word, place
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
	p.count = strings.Contains(" "+strings.ToLower(question)+" ", " how many ")
	p.role, p.roleOf = roleOf(question, p)
	// Only of a topic the readings name everywhere: a passage on Russia
	// that names some president is no sign of Russia's.
	p.roleAsked = p.role >= 0 && p.clauses[p.roleOf].common
	if p.unknownName == "" && !author {
		p.unknownName, p.source = unservedAsk(question, p, func(w string) bool {
			for _, t := range an.Terms(w) {
				if stats.DocFreq(t) > 0 {
					return false
				}
			}
			return true
		})
	}
	return p
}

// expandClause adds to a clause of one word, which no typo correction
// changed, the related forms, synonyms (when synonyms, or the words of
// the phrasal verb it begins) and, for a word the readings lack, the
// words of like contexts that stand for it. df is the clause's passage
// frequency so far; it returns the frequency after.
func expandClause(c *clause, an *analysis.Analyzer, stats retrieval.Stats, aliases *Aliases, df int, synonyms bool, phrasal []string, n float64) int {
	df = max(df, addAlternatives(c, an, stats, derivationsOf(c.word, df == 0), derivationFactor, maxDerivations, df == 0))
	// A name of the alias table is what its group names: no synonym
	// or word of like contexts stands for it ("russia" is near "ussr").
	if !synonyms {
		return df
	}
	from := len(c.alts)
	syns := analysis.Synonyms(c.word)
	if phrasal != nil {
		syns = phrasal
	}
	syns = withoutNameWords(an, stats, aliases, syns)
	df = max(df, addAlternatives(c, an, stats, syns, synonymFactor, maxSynonyms, df == 0))
	if len(c.alts) > from {
		c.synonyms = from
	}
	if df == 0 {
		// The last resort for a word the readings never use.
		from := len(c.alts)
		df = addAlternatives(c, an, stats, analysis.Similar(c.word), similarFactor, maxSimilar, true)
		if len(c.alts) > from {
			c.lacked = idf(n, 1)
			if c.synonyms == 0 {
				c.synonyms = from
			}
		}
	}
	return df
}

// withoutNameWords leaves out of a word's synonyms those the readings
// use only as the first word of a name: WordNet gives "united" for
// "together", and the essay says "united" only in "the United States".
// A word counts as used only in a name when the name is about as
// frequent as the word (the estimate of altFreq).
func withoutNameWords(an *analysis.Analyzer, stats retrieval.Stats, aliases *Aliases, syns []string) []string {
	onlyInName := func(w string) bool {
		terms := an.Terms(w)
		if len(terms) != 1 {
			return false
		}
		df := stats.DocFreq(terms[0])
		if df == 0 {
			return false
		}
		for _, name := range aliases.NamesStartingWith(terms[0]) {
			if altFreq(stats, name) >= df {
				return true
			}
		}
		return false
	}
	if !slices.ContainsFunc(syns, onlyInName) {
		return syns
	}
	return slices.DeleteFunc(slices.Clone(syns), onlyInName)
}

// answerFrame marks the tokens of a phrase that names the kind of answer
// asked for, not its topic: "part of the world", "parts of the world"
// ("which part of the world is …" asks for a place the readings name).
func answerFrame(toks []analysis.Token) map[int]bool {
	var frame map[int]bool
	for i := 0; i+3 < len(toks); i++ {
		if (toks[i].Word == "part" || toks[i].Word == "parts") && toks[i+1].Word == "of" &&
			toks[i+2].Word == "the" && toks[i+3].Word == "world" {
			if frame == nil {
				frame = make(map[int]bool)
			}
			frame[i], frame[i+3] = true, true
		}
	}
	return frame
}

// requestWords open a request for something to read, watch or listen to
// ("can anyone recommend a podcast …", "find me a book on …").
var requestWords = wordSet(`recommend recommendation recommendations suggest suggestion suggestions
link links`)

// requestCues ask for something besides an answer ("is there a podcast
// on …", "got any good books about …"), padded with spaces.
var requestCues = []string{" find me ", " send me ", " is there a ", " is there an ", " are there any ", " got any ", " know any ", " any good "}

// questionWords open a question; the first one a question holds says
// what it asks for.
var questionWords = wordSet(`what which why how when where who whom whose`)

// sourceNouns are kinds of source a request may ask for besides the
// readings.
var sourceNouns = wordSet(`podcast podcasts book books movie movies film films video videos
documentary documentaries website websites site sites channel channels course courses
show shows series app apps slides lecture lectures novel novels youtube article articles`)

// unservedAsk returns the word of what a question asks for that the
// readings never use, when that word is the point of the question: the
// role or thing a who-question asks about ("who is China's current
// defence minister?", "who won the war in the Pacific?"), or the kind of
// source a request asks for ("can anyone recommend a good podcast on …").
// A who-question is one whose first question word is "who" ("which allies
// … and who else?" asks which).
// A word the readings lack in a longer, descriptive question, which names
// many things in passing, is not the point, nor is a word that may be a
// typo (one no English word list holds). lacks reports whether the
// readings never use a word. It returns "" when there is no such word,
// and whether the word is a kind of source asked for.
func unservedAsk(question string, p plan, lacks func(word string) bool) (word string, source bool) {
	lower := " " + strings.ToLower(question) + " "
	request, who := false, false
	first := true // before the first question word
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		if requestWords[w] {
			request = true
		}
		if first && questionWords[w] {
			who, first = w == "who" || w == "whom" || w == "whose", false
		}
	}
	for _, cue := range requestCues {
		if strings.Contains(lower, cue) {
			request = true
		}
	}
	if !first && strings.Contains(lower, " name of ") {
		who = true // "what's the name of russia's foreign minister" asks who
	}
	if !who && !request || len(p.clauses) >= feedbackMinClauses {
		return "", false
	}
	if request {
		// The source may be a soft word ("a book on …"), no clause.
		for _, w := range words {
			if sourceNouns[w] && lacks(w) {
				return w, true
			}
		}
		return "", false
	}
	// The last such word of a who-question names the role asked about
	// ("current defence minister": "minister").
	// A verb's form ("trying", "happened") names no role; the few nouns
	// so formed ("meeting") are rarely what a who-question asks about.
	unserved := ""
	for _, c := range p.clauses {
		if c.known || c.soft || c.expansion || strings.Contains(c.word, " ") || !analysis.IsEnglishWord(c.word) {
			continue
		}
		if len(c.word) >= 5 && (strings.HasSuffix(c.word, "ing") || strings.HasSuffix(c.word, "ed")) {
			continue
		}
		unserved = c.word
	}
	return unserved, false
}

// costlyFix reports whether looking up the English and split fixes of a
// word the readings lack is real work: whether it is long enough for them
// and not spelt right.
func costlyFix(word string) bool {
	return utf8.RuneCountInString(word) >= analysis.MinLexiconWord && !speltRight(word)
}

// speltRight reports whether a word is an English word or a form of one
// ("sent" of "send").
func speltRight(word string) bool {
	return analysis.IsEnglishWord(word) || analysis.IsEnglishWord(analysis.BaseForm(word))
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
// df, when not nil, is the index's passage frequency of a term: an
// alternative whose first term no passage holds finds nothing, and is left
// out of the search rather than looked up in it.
func (p plan) query(limit, n int, df func(string) int) retrieval.Query {
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
		alts := c.alts
		if df != nil {
			alts = slices.DeleteFunc(slices.Clone(alts), func(a []string) bool { return len(a) > 0 && df(a[0]) == 0 })
		}
		q.Clauses = append(q.Clauses, retrieval.Clause{Alternatives: alts, Weight: c.qtf})
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

// leadingChat are words that open a message before its question ("ok so
// what is …", "wait, what does … mean").
var leadingChat = wordSet(`ok okay so and but um uh hmm wait like hey hi yo lol pls please quick question q
sorry also then well right alright`)

// isDefinitional reports whether a question asks what something is, after
// the chat that may open it ("ok so what's a wedging strategy"), or what
// a word means ("what 'bloodletting' means in this essay").
func isDefinitional(q string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	q = strings.ReplaceAll(q, "’", "'")
	for {
		first, rest, ok := strings.Cut(q, " ")
		if !ok || !leadingChat[strings.Trim(first, ",.:;!-—")] {
			break
		}
		q = strings.TrimLeft(rest, " ,")
	}
	if strings.HasPrefix(q, "what ") && (strings.Contains(q, " means") || strings.Contains(q, " meant by ")) {
		return true
	}
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

// offerKinds bounds the kinds of answer a sentence's words can offer
// (answerNumber to answerName; see answerTokens).
const offerKinds = answerName + 1

const (
	answerAny    answerKind = iota
	answerNumber            // how many, how much, what percentage
	answerTime              // when, what year, since when
	answerName              // who, whom, whose
	answerReason            // why, for what reason
)

// expectedAnswer reads the kind of answer from the question's wording.
func expectedAnswer(q string) answerKind {
	if yesNoQuestion(q) {
		return answerAny // "does the distraction change how much the us spends": yes or no
	}
	q = " " + strings.ToLower(q) + " "
	switch {
	case strings.Contains(q, " how many ") || strings.Contains(q, " how much ") ||
		strings.Contains(q, " what percentage ") || strings.Contains(q, " what percent "):
		return answerNumber
	case askedFirst(q, " when ") || strings.Contains(q, " what year ") ||
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
	if strings.Contains(q, " the name of ") || strings.Contains(q, " what is the name ") ||
		strings.Contains(q, " part of the world ") || strings.Contains(q, " parts of the world ") {
		return answerName // "which part of the world …": a place, named
	}
	return answerAny
}

// auxiliaries open a question to be answered yes or no.
var auxiliaries = wordSet(`do does did is are was were can could will would has have had should shall may might`)

// askers follow an auxiliary in an indirect question ("do you know when …",
// "can anyone tell me how many …"), which asks what its question word does.
var askers = wordSet(`you u anyone someone somebody anybody ya`)

// yesNoQuestion reports whether q, after the chat that may open it, asks
// to be answered yes or no ("does the distraction change how much …",
// "is wedging used when …"): an auxiliary first, not followed by "you" or
// "anyone" (an indirect question: "do you know when …").
func yesNoQuestion(q string) bool {
	fields := strings.Fields(strings.ToLower(q))
	for len(fields) > 0 && leadingChat[strings.Trim(fields[0], ",.:;!-—")] {
		fields = fields[1:]
	}
	if len(fields) < 2 {
		return false
	}
	return auxiliaries[fields[0]] && !askers[strings.Trim(fields[1], ",.:;!?")]
}

// askedFirst reports whether the question word w (" when ") is in q
// before any other question word: "who was the leader when the war began?"
// asks for a name, not a time.
func askedFirst(q, w string) bool {
	at := strings.Index(q, w)
	if at < 0 {
		return false
	}
	for _, other := range []string{" who ", " whom ", " whose ", " what ", " which ", " why ", " how ", " where "} {
		if i := strings.Index(q, other); i >= 0 && i < at {
			return false
		}
	}
	return true
}

// nameNouns ask, after "which" or "what", for something with a name:
// "which countries", "what city".
var nameNouns = wordSet(`country countries nation nations state states city cities town towns
person people team teams company companies organization organizations organisation organisations
leader leaders president presidents king kings queen queens emperor emperors general generals
party parties university universities river rivers author authors scholar scholars
region regions continent continents`)

// joinSplitWords joins two neighbouring words typed apart ("blood
// letting", "super power") into the one word the readings use, when at
// least one of them is a word the readings lack. It returns the tokens and
// which of them were joined.
func joinSplitWords(an *analysis.Analyzer, q string, toks []analysis.Token, stats retrieval.Stats) ([]analysis.Token, map[int]bool) {
	var joined map[int]bool
	for i := 0; i+1 < len(toks); i++ {
		a, b := toks[i], toks[i+1]
		if a.Stop && b.Stop || b.Start-a.End != 1 || q[a.End] != ' ' || a.Term == "" || b.Term == "" ||
			stats.DocFreq(a.Term) > 0 && stats.DocFreq(b.Term) > 0 {
			continue
		}
		w := a.Word + b.Word
		if !isASCIILower(w) {
			continue
		}
		terms := an.Terms(w)
		if len(terms) != 1 || stats.DocFreq(terms[0]) == 0 {
			continue
		}
		if joined == nil {
			joined = make(map[int]bool)
		}
		toks = slices.Clone(toks)
		toks[i] = analysis.Token{Term: terms[0], Word: w, Start: a.Start, End: b.End}
		toks = slices.Delete(toks, i+1, i+2)
		joined[i] = true
	}
	return toks, joined
}
