package handlers

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/citebot/citebot/analysis"
)

func TestAskRanksAndCites(t *testing.T) {
	svc := newTestService(nil)
	tests := []struct {
		question  string
		wantRef   string // the first result's ref
		inExcerpt string
	}{
		{"What is external balancing?", "§1 ¶1", "External balancing means forming alliances"},
		{"how does a wedge strategy work", "§1 ¶2", "A wedge strategy tries to split"},
		{"What does the Kremlin sell to China?", "§1 ¶3", "Moscow sells oil and gas"}, // aliases both ways
		{"Why should america reassure allies?", "§2 ¶1", "The United States should reassure"},
		{"what about wedgeing?", "§1 ¶2", "wedge strategy"},                             // a typo
		{"what is internal balancign", "§1 ¶1", "Internal balancing means"},             // a typo at the end of a word
		{"waht is a wegde startegy", "§1 ¶2", "A wedge strategy"},                       // swapped letters, one in a function word
		{"how do states balnace against thraets", "§1 ¶1", "balance against threats"},   // swaps that change the stem
		{"Who wrote this?", "¶1", "Ada Author"},                                         // authorship goes to the title page
		{"Who wroe this?", "¶1", "Ada Author"},                                          // a typo of an authorship word
		{"What does the author mean by a wedge strategy?", "§1 ¶2", "A wedge strategy"}, // not authorship
		{"which partner buys larger amounts?", "§1 ¶3", "large amounts"},                // a comparative
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			ans := mustAsk(t, svc, tc.question)
			if ans.Status != StatusAnswered || len(ans.Results) == 0 {
				t.Fatalf("status %s with %d results", ans.Status, len(ans.Results))
			}
			r := ans.Results[0]
			if got := r.Passage.Ref(); got != tc.wantRef {
				t.Errorf("first ref %s, want %s (excerpt %q)", got, tc.wantRef, r.Excerpt)
			}
			if !strings.Contains(r.Excerpt, tc.inExcerpt) {
				t.Errorf("excerpt %q lacks %q", r.Excerpt, tc.inExcerpt)
			}
			checkCited(t, r)
		})
	}
}

// checkResult asserts the promises every result keeps: the excerpt is a
// verbatim span of the passage no longer than MaxExcerpt, and highlights
// lie inside it in order.
func checkCited(t *testing.T, r Result) {
	t.Helper()
	ex := strings.TrimSuffix(strings.TrimPrefix(r.Excerpt, ellipsis), ellipsis)
	if !strings.Contains(r.Passage.Text, ex) {
		t.Errorf("excerpt %q is not part of passage %q", r.Excerpt, r.Passage.Text)
	}
	if len(r.Excerpt) > MaxExcerpt {
		t.Errorf("excerpt is %d bytes", len(r.Excerpt))
	}
	last := 0
	for _, h := range r.Highlights {
		if h.Start < last || h.End > len(r.Excerpt) || h.Start >= h.End {
			t.Errorf("highlight %+v out of order or bounds in %q", h, r.Excerpt)
		}
		last = h.End
	}
}

func TestAskNotFound(t *testing.T) {
	svc := newTestService(nil)
	for _, q := range []string{
		"What is the capital of France?",
		"How long should pasta boil?",
		"Who won the cup final in 1998?",
	} {
		t.Run(q, func(t *testing.T) {
			ans := mustAsk(t, svc, q)
			if ans.Status != StatusNotFound || len(ans.Results) != 0 {
				t.Fatalf("status %s, %d results; want not_found", ans.Status, len(ans.Results))
			}
			if len(ans.Suggestions) == 0 {
				t.Error("a miss comes with no suggestions")
			}
		})
	}
}

func TestAnswersDecision(t *testing.T) {
	tests := []struct {
		name     string
		coverage float64
		own      int
		specific int // of own, the words the readings do not use everywhere
		want     bool
	}{
		{"most of the question", 0.8, 2, 2, true},
		{"just past the threshold", notFoundCoverage + 0.01, 1, 1, true},
		{"half of a two-word question", 0.5, 1, 1, false},
		{"one generic word of three", 0.33, 1, 1, false},
		{"nothing", 0, 0, 0, false},
		{"long question, many words held", 0.3, 4, 2, true},
		{"long question, only the readings' everyday words held", 0.3, 3, 0, false},
		{"two rare words of four", 0.45, 2, 2, true},
		{"two common words beside a rare unknown one", 0.25, 2, 0, false},
		{"an unknown name beside words held", 0.55, 3, 3, false},
		{"an unknown name in a question held well otherwise", 0.7, 3, 3, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p plan
			if strings.Contains(tc.name, "unknown name") {
				p.unknownName = "India"
			}
			if got := answers(p, []*candidate{{coverage: tc.coverage, own: tc.own, specific: tc.specific}}); got != tc.want {
				t.Errorf("answers(coverage %.2f, own %d) = %v, want %v", tc.coverage, tc.own, got, tc.want)
			}
		})
	}
}

// TestCoverageLeavesOutTitleAndSoftWords checks that a passage is not taken
// to answer a question because the document's title or author holds some
// of its words (every passage shares those) or because it uses a word of
// asking such as "said".
func TestCoverageLeavesOutTitleAndSoftWords(t *testing.T) {
	texts := map[string]string{
		"1.1": "That said, alliances change when threats change. Balancing follows threats.",
		"1.2": "Allies share the burden of defence and argue about it.",
	}
	s := New(newMemIndex("Alliance Politics", texts, nil), Options{})
	tests := []struct {
		question string
		want     Status
	}{
		{"What does Author say about climate change negotiations?", StatusNotFound},
		{"What do alliance politics say about climate negotiations?", StatusNotFound},
		{"What does Author say about alliances and threats?", StatusAnswered},
		{"How do alliances change?", StatusAnswered},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			a, err := s.Ask(context.Background(), tc.question, AskOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Status != tc.want {
				t.Errorf("status %s, want %s (results %v)", a.Status, tc.want, a.Results)
			}
		})
	}
}

func TestAnalyseQuestion(t *testing.T) {
	ix := newMemIndex("t", testPassages, nil)
	aliases, _ := LoadAliases(nil)
	tests := []struct {
		question string
		words    []string // the clauses' question words, in order
		author   bool
	}{
		{"What does the essay say about internal balancing?", []string{"internal", "balancing"}, false},
		{"Please explain what a wedge strategy means", []string{"wedge", "strategy"}, false},
		{"Why did the United States reassure allies?", []string{"united states", "reassure", "allies"}, false},
		{"who is the author?", nil, true},
		{"?!?", nil, false},
		{"wats a wedge strategy lol", []string{"wedge", "strategy"}, false},                            // chat
		{"why doesnt Washington reassure allies", []string{"washington", "reassure", "allies"}, false}, // no apostrophe
		{"why does the us reassure allies", []string{"us", "reassure", "allies"}, false},               // the country in lower case
		{"why does it reassure us", []string{"reassure"}, false},                                       // the pronoun
		{"apart from allies, who does Washington reassure", []string{"allies", "washington", "reassure"}, false},
		{"how far apart are the allies", []string{"far", "apart", "allies"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			p := analyse(nil, cleanQuestion(tc.question), ix, aliases)
			var words []string
			for _, c := range p.clauses {
				words = append(words, c.word)
			}
			if strings.Join(words, "|") != strings.Join(tc.words, "|") {
				t.Errorf("clauses %q, want %q", words, tc.words)
			}
			if p.author != tc.author {
				t.Errorf("author = %v, want %v", p.author, tc.author)
			}
		})
	}
}

func TestSoftWordsCountOnlyWhereTheCorpusUsesThem(t *testing.T) {
	aliases, _ := LoadAliases(nil)
	library := newMemIndex("t", map[string]string{"1.1": "Articles and books are indexed by subject."}, nil)
	essay := newMemIndex("t", testPassages, nil)
	q := "which articles discuss indexing"
	if p := analyse(nil, q, library, aliases); len(p.clauses) != 2 || p.clauses[0].word != "articles" {
		t.Errorf("library corpus: clauses %+v, want articles kept", p.clauses)
	}
	if p := analyse(nil, q, essay, aliases); len(p.clauses) != 1 || p.clauses[0].word != "indexing" {
		t.Errorf("essay corpus: clauses %+v, want only indexing", p.clauses)
	}
}

func TestCleanQuestion(t *testing.T) {
	tests := map[string]string{
		"  what\tis \n wedging? ":           "what is wedging?",
		"zero\u200bwidth and \u202eRTL":     "zerowidth and RTL",
		"nul\x00 and bad \xff utf8":         "nul and bad utf8",
		strings.Repeat("a", MaxQuestion+50): strings.Repeat("a", MaxQuestion),
	}
	for in, want := range tests {
		if got := cleanQuestion(in); got != want {
			t.Errorf("cleanQuestion(%.40q) = %.40q, want %.40q", in, got, want)
		}
	}
}

func TestMisspeltFunctionWord(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"waht", true},     // what, swapped
		{"teh", true},      // the, swapped
		{"hwo", true},      // how
		{"explian", true},  // explain, a filler word
		{"whther", true},   // whether, a letter missing
		{"becuase", true},  // because
		{"cup", false},     // one letter from "up", but short words are only checked for swaps
		{"wedging", false}, // a topic word
		{"pizza", false},
		{"light", false},  // "might" with another first letter: a real word
		{"ground", false}, // "around"
		{"what", false},   // a function word spelt right is not a typo of itself
		{"ab", false},
		{"doesnt", true}, // contractions typed without the apostrophe
		{"im", true},
		{"youre", true},
		{"hows", true}, // a filler word with an "s"
		{"wats", true},
		{"white", false}, // a dictionary word, one letter from "while"
		{"states", false},
		{"wroe", true},  // wrote, a letter missing
		{"whch", true},  // which
		{"hose", false}, // "whose" with another first letter
	}
	for _, tc := range tests {
		if got := misspeltFunctionWord(tc.word); got != tc.want {
			t.Errorf("misspeltFunctionWord(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
}

// TestWordFixes checks typo corrections made on the word, before stemming:
// a swap changes the stem too much for an edit-distance look-up on stems
// ("secuirty" stems to "secuirti", three edits from "secur").
func TestWordFixes(t *testing.T) {
	ix := newMemIndex("t", map[string]string{
		"1.1": "The security dilemma drives threats and balancing.",
		"1.2": "Sanctions and tariffs.",
	}, nil)
	tests := []struct {
		word string
		want []string
	}{
		{"secuirty", []string{"secur"}},
		{"thraets", []string{"threat"}},
		{"balnacing", []string{"balanc"}},
		{"santcions", []string{"sanction"}},
		{"threatss", []string{"threat"}}, // a letter too many
		{"dillema", []string{"dilemma"}}, // the wrong letter doubled
		{"balanncing", []string{"balanc"}},
		{"tarifs", nil}, // a letter missing: left to the fuzzy look-up
		{"pizza", nil},
		{"Ωmega", nil}, // not plain ASCII letters
	}
	for _, tc := range tests {
		got := wordFixes(ix, tc.word)
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("wordFixes(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

// TestTypoFixesSpareRealWords checks that a word the dictionary lists is
// not corrected into another word a letter or two away, while typos and
// related forms still are.
func TestTypoFixesSpareRealWords(t *testing.T) {
	ix := newMemIndex("t", map[string]string{
		"1.1": "Shifts in military power and the address of the alliance.",
		"1.2": "The security dilemma, California, and how to defend it.",
		"1.3": "Where do they go?",
		"1.4": "China and the dead, and the gate.",
	}, nil)
	tests := []struct {
		word string
		want []string
	}{
		{"shipping", nil},   // not "shift"
		{"aggressive", nil}, // not "address"
		{"dependable", nil}, // not "defend", one letter from its stem
		{"militarily", []string{"militari"}},
		{"californian", []string{"california"}}, // a related form of a name
		{"india", nil},
		{"secuirty", []string{"secur"}}, // typos are corrected
		{"dilema", []string{"dilemma"}},
		{"defnd", []string{"defend"}},
		{"goods", nil},              // not "go": a related form keeps most of the word
		{"chna", []string{"china"}}, // four letters no thesaurus lists: a typo
		{"deal", nil},               // four letters the thesaurus lists: a word, not "dead"
		{"dilemmma", []string{"dilemma"}},
		{"gthe", nil}, // a letter less is "the": a typo of a function word
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			budget := maxTypoLookups
			term := analysis.Terms(tc.word)[0]
			got := typoFixes(ix, term, tc.word, &budget)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("typoFixes(%q) = %q, want %q", tc.word, got, tc.want)
			}
		})
	}
}

// TestUnknownNames checks that a question about something the readings
// never name is not answered from passages that share its other words,
// and that capitalised words the readings use are not such names.
func TestUnknownNames(t *testing.T) {
	svc := newTestService(nil)
	tests := []struct {
		question    string
		answered    bool
		unmentioned string // the name the answer says the readings lack
	}{
		{"What role does India play in the trade between Moscow and Beijing?", false, "India"},
		{"How does Iran see the alliance?", false, "Iran"},
		{"Does Moscow sell oil and gas to Beijing?", true, ""},
		{"What does Ada Author say about a wedge strategy?", true, ""},
		{"NOT wedge AND strategy", true, ""}, // search syntax in capitals names nothing
		{"how do I bake sourdough bread?", false, ""},
		{"Moscow is far. Shipping to Beijing?", true, ""}, // a sentence's first word is no name
		// A country or people the readings never use, typed in lower case
		// or in a long question.
		{"how does iran see the alliance", false, "iran"},
		{"how did ww2 change the alliance and its trade", false, "ww2"}, // a thing the alias table names
		{"and where does brazil fit into the trade", false, "brazil"},
		// The Soviet Union is no other name for Russia (Moscow), and no word
		// near it stands in for it.
		{"what caused the sino-soviet split", false, "soviet"},
		{"did the ussr sell oil and gas to beijing", false, "ussr"},
		{"how does the middle east see the alliance", false, "middle east"}, // a region named in common words
		{"What role do Iranian drones play in the trade of oil and gas between Moscow and Beijing?", false, "Iranian"},
		// What a who-question asks about, in lower case.
		{"who is the current trade minister of moscow", false, "minister"},
		{"who sells oil and gas to beijing", true, ""},
		{"which allies does washington reassure, and who else", true, ""}, // asks which, first
		// A request for a kind of source the readings are not.
		{"can anyone recommend a good podcast on wedge strategy", false, "podcast"},
		{"find me a documentary about alliances pls", false, "documentary"},
		{"recommend me a book on wedge strategy", false, "book"},
		{"can you suggest how a wedge strategy splits an alliance", true, ""}, // a source is not asked for
		{"is there a documentary about wedge strategy", false, "documentary"},
		{"got any good articles on alliances?", false, "articles"},
		{"is there a wedge strategy in the trade", true, ""}, // "is there a" asks for no source here
		// Asking for a name asks who.
		{"what's the name of the current trade minister of moscow", false, "minister"},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			ans := mustAsk(t, svc, tc.question)
			if got := ans.Status == StatusAnswered; got != tc.answered {
				t.Errorf("answered = %v, want %v", got, tc.answered)
			}
			if want := tc.unmentioned; ans.Unmentioned != want {
				t.Errorf("unmentioned %q, want %q", ans.Unmentioned, want)
			}
		})
	}
}

// TestUnservedAsk checks which word of a who-question or a request the
// plan takes as what the readings never name.
func TestUnservedAsk(t *testing.T) {
	svc := newTestService(nil)
	tests := []struct {
		question, want string
		source         bool
	}{
		{"who is the current trade minister of moscow", "minister", false},
		{"who is washington hoping to reassure", "", false}, // a verb's form names no role
		{"who exported oil and gas to beijing", "", false},
		{"can anyone recommend a good podcast on wedge strategy", "podcast", true},
		{"recommend me a book on balancing", "book", true},
		{"what does the minister of trade say", "", false}, // no who-question, no request
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			p := analyse(svc.texts.an, tc.question, svc.ix, svc.currentAliases())
			if p.unknownName != tc.want || p.source != tc.source {
				t.Errorf("unknownName %q, source %v; want %q, %v", p.unknownName, p.source, tc.want, tc.source)
			}
		})
	}
}

// TestSynonymsFindOtherWords checks that a short question finds a passage
// that says it in other words, and that a passage using the question's own
// word still comes first.
func TestSynonymsFindOtherWords(t *testing.T) {
	svc := New(newMemIndex("t", map[string]string{
		"1.1": "Washington's support for Kyiv was reliable in the first year.",
		"1.2": "Washington's support for Kyiv came late in the first year.",
		"1.3": "Washington's support for Taipei was dependable for decades.",
	}, nil), Options{})
	tests := []struct {
		question, want string
	}{
		{"Was the support for Kyiv dependable?", "§1 ¶1"}, // "reliable"
		{"Was the support dependable?", "§1 ¶3"},          // the word itself beats its synonym
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			if got := firstRef(t, svc, tc.question); got != tc.want {
				t.Errorf("first %s, want %s", got, tc.want)
			}
		})
	}
}

// TestSimilarWordsBridgeUnknownWords checks that a short question's word
// the readings never use finds a passage through a word used in like
// contexts ("shocked" and "surprised"), and that such a match alone does
// not make an off-topic question answered ("pizza" is near "sandwich").
func TestSimilarWordsBridgeUnknownWords(t *testing.T) {
	svc := New(newMemIndex("t", map[string]string{
		"1.1": "The partnership of the two states began.",
		"1.2": "The partnership of the two states is not surprising to the world.",
		"1.3": "Soldiers at the border ate a sandwich at noon.",
		"1.4": "Border talks began at noon.",
	}, nil), Options{})
	if got := firstRef(t, svc, "Was the partnership of the states shocking?"); got != "§1 ¶2" {
		t.Errorf("first %s, want §1 ¶2 (surprising)", got)
	}
	if ans := mustAsk(t, svc, "pizza at the border?"); ans.Status != StatusNotFound {
		t.Errorf("pizza: status %s, want not found", ans.Status)
	}
}

// TestNumberWordsAreSoft checks that a number word the readings lack ("the
// two partners") does not count as an unanswered word of the question.
func TestNumberWordsAreSoft(t *testing.T) {
	svc := New(newMemIndex("t", map[string]string{
		"1.1": "Both governments oppose liberal values and fear colour revolutions.",
		"1.2": "Trade between the neighbours grew after the war.",
	}, nil), Options{})
	if got := firstRef(t, svc, "What do the three governments oppose?"); got != "§1 ¶1" {
		t.Errorf("first %s, want §1 ¶1", got)
	}
}

// TestDerivationsFindOtherForms checks that a question naming a thing in
// another form than the passage ("decision" for "decided") finds it,
// where the stemmer gives the two forms different stems.
func TestDerivationsFindOtherForms(t *testing.T) {
	svc := New(newMemIndex("t", map[string]string{
		"1.1": "In 1998 the council opened a school by the harbour.",
		"1.2": "In 1998 the council decided to close the harbour.",
	}, nil), Options{})
	if got := firstRef(t, svc, "When was the council's decision about the harbour?"); got != "§1 ¶2" {
		t.Errorf("first %s, want §1 ¶2", got)
	}
}

// TestTypoFixJoinsItsGroup checks that a corrected word finds what the
// word spelt right would: the other members of its synonym group.
func TestTypoFixJoinsItsGroup(t *testing.T) {
	ix := newMemIndex("t", map[string]string{
		"1.1": "Moscow sells oil and gas to Beijing.",
		"1.2": "Grain exports rose in spring.",
	}, nil)
	aliases, _ := LoadAliases(nil)
	p := analyse(nil, "what does moscow exprot", ix, aliases)
	for _, c := range p.clauses {
		if c.word == "exprot" {
			if !slices.ContainsFunc(c.alts, func(a []string) bool { return len(a) == 1 && a[0] == "sell" }) {
				t.Errorf("alternatives of exprot %q lack sell", c.alts)
			}
			return
		}
	}
	t.Errorf("no clause for exprot in %+v", p.clauses)
}

func TestWithoutChat(t *testing.T) {
	ix := newMemIndex("t", testPassages, nil)
	aliases, _ := LoadAliases(nil)
	tests := []struct{ in, want string }{
		{"hey bot, quick q: what is a wedge strategy? thanks!", "what is a wedge strategy?"},
		{"What is internal balancing? i'm confused", "What is internal balancing?"},
		{"why do states balance (for my seminar)", "why do states balance"},
		{"field:value wedge", "field:value wedge"}, // no space after the colon: search syntax, no break
		{"hey bot, who wrote this? tia", "who wrote this?"},
		{"what is a wedge strategy, according to Xi?", "what is a wedge strategy, according to Xi?"}, // a name is no chat
		{"quick q: what is a wegde stratgey", "what is a wegde stratgey"},                            // typos are kept
		{"what does the Kremlin sell, in dollars?", "what does the Kremlin sell"},
		{"hey, how do I cook rice?", "hey, how do I cook rice?"}, // all chat: kept whole, and not found
		{"what is a wedge strategy", "what is a wedge strategy"},
		// A request for a source is the point, however little else the
		// readings know of it.
		{"can someone find me a yt video on bait and bleed, the lecture one", "can someone find me a yt video on bait and bleed, the lecture one"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := withoutChat(nil, tc.in, ix, aliases); got != tc.want {
				t.Errorf("withoutChat(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestPhrasalVerbs checks that a verb with a particle is taken as the
// phrasal verb it makes: its words find the passage, and the particle is
// no clause of its own.
func TestPhrasalVerbs(t *testing.T) {
	ix := newMemIndex("t", map[string]string{
		"1.1": "Beijing restrains its arms sales to Moscow.",
		"1.2": "The army marched back home.",
	}, nil)
	aliases, _ := LoadAliases(nil)
	p := analyse(nil, "why does Beijing hold back arms sales", ix, aliases)
	var words []string
	for _, c := range p.clauses {
		words = append(words, c.word)
		if c.word == "hold" && !slices.ContainsFunc(c.alts, func(a []string) bool { return len(a) == 1 && a[0] == "restrain" }) {
			t.Errorf("alternatives of hold %q lack restrain", c.alts)
		}
	}
	if slices.Contains(words, "back") {
		t.Errorf("clauses %q: the particle back is a clause", words)
	}
	if !slices.Contains(words, "hold") {
		t.Errorf("clauses %q lack hold", words)
	}
}

// TestHowManyNeedsANumber checks that a how-many question is answered only
// by a passage with a sentence offering a number beside its words, unless
// the passage holds most of the question; "one" as a pronoun is no number.
func TestHowManyNeedsANumber(t *testing.T) {
	svc := New(newMemIndex("t", map[string]string{
		"1.1": "One might argue that the members raised their defense spending substantially after the invasion.",
		"1.2": "Trade between the partners grew after the sanctions.",
	}, nil), Options{})
	tests := []struct {
		question string
		answered bool
	}{
		{"By what percentage did members raise defense budgets in 2023?", false},
		{"Did members raise their defense spending?", true},
	}
	for _, tc := range tests {
		ans := mustAsk(t, svc, tc.question)
		if got := ans.Status == StatusAnswered; got != tc.answered {
			t.Errorf("%q: answered = %v, want %v", tc.question, got, tc.answered)
		}
	}
}

func TestExpectedAnswer(t *testing.T) {
	tests := []struct {
		q    string
		want answerKind
	}{
		{"How many troops does Russia have?", answerNumber},
		{"what percentage of trade is energy", answerNumber},
		{"When did the war start?", answerTime},
		{"In what year was NATO founded?", answerTime},
		{"So when was the essay written?", answerTime},
		{"Who has less potential when faced with less education?", answerName}, // "when" is no question word here
		{"what happens when alliances split", answerAny},
		{"Why does China support Russia?", answerReason},
		{"What was Beijing's motive for upgrading its forces?", answerReason},
		{"what drives the competition", answerReason},
		{"Who wrote the essay?", answerName},
		{"Which countries are US allies in Asia?", answerName},
		{"What is wedging?", answerAny},
		// Asked to be answered yes or no, unless indirectly.
		{"does the distraction change how much $ the us puts into countering china", answerAny},
		{"ok so is wedging used when alliances are weak", answerAny},
		{"do you know when the war started", answerTime},
		{"can anyone tell me how many troops russia has", answerNumber},
		{"which part of the world is turning into the arena", answerName},
	}
	for _, tc := range tests {
		if got := expectedAnswer(tc.q); got != tc.want {
			t.Errorf("expectedAnswer(%q) = %d, want %d", tc.q, got, tc.want)
		}
	}
}

// mustAsk asks svc a question with the default options, failing the test
// on an error.
func mustAsk(t *testing.T, svc *Service, q string) Answer {
	t.Helper()
	ans, err := svc.Ask(context.Background(), q, AskOptions{})
	if err != nil {
		t.Fatalf("Ask(%q): %v", q, err)
	}
	return ans
}

// firstRef asks q and returns the place of the first result; it fails the
// test when the question is not answered.
func firstRef(t *testing.T, svc *Service, q string) string {
	t.Helper()
	ans := mustAsk(t, svc, q)
	if ans.Status != StatusAnswered || len(ans.Results) == 0 {
		t.Fatalf("Ask(%q): status %s, want answered", q, ans.Status)
	}
	return ans.Results[0].Passage.Ref()
}

func TestAsWritten(t *testing.T) {
	tests := []struct{ q, word, want string }{
		{"What role does India play?", "india", "India"},
		{"Is Xi Jinping mentioned?", "xi", "Xi Jinping"},
		{"How is North Korea helping Russia?", "north", "North Korea"},
		{"what about aukus and china", "aukus", "aukus"},
		{"Does Iran's drone matter?", "iran", "Iran"},
		{"nothing here", "india", "india"},
		{"any", "", ""},
	}
	for _, tc := range tests {
		if got := asWritten(tc.q, tc.word); got != tc.want {
			t.Errorf("asWritten(%q, %q) = %q, want %q", tc.q, tc.word, got, tc.want)
		}
	}
}

// TestVagueNounsAreSoft checks that the vague nouns of a question ("what
// goods", "what stuff") do not count as words the readings must hold.
func TestVagueNounsAreSoft(t *testing.T) {
	svc := essayService(t)
	for _, q := range []string{
		"what goods do they trade w each other",
		"what stuff do they trade with each other",
	} {
		t.Run(q, func(t *testing.T) {
			if ans := mustAsk(t, svc, q); ans.Status != StatusAnswered {
				t.Errorf("status %s, want answered", ans.Status)
			}
		})
	}
}

// TestAnswerFrame checks that "which part of the world" asks for a place
// by name and that its words are no topic to search for.
func TestAnswerFrame(t *testing.T) {
	svc := essayService(t)
	for _, q := range []string{
		"which part of the world is turning into the main arena of competition",
		"what parts of the world does china compete in",
	} {
		t.Run(q, func(t *testing.T) {
			p := analyse(svc.texts.an, q, svc.questionStats(), svc.currentAliases())
			for _, c := range p.clauses {
				if c.word == "part" || c.word == "parts" || c.word == "world" {
					t.Errorf("clause %q: want the frame's words dropped", c.word)
				}
			}
			if p.want != answerName {
				t.Errorf("want %v, want answerName", p.want)
			}
		})
	}
	p := analyse(svc.texts.an, "which part of the alliance is weakest", svc.questionStats(), svc.currentAliases())
	if len(p.clauses) == 0 || p.clauses[0].word != "part" {
		t.Errorf("clauses %+v: want part kept where no world follows", p.clauses)
	}
}

// TestClassPeopleAreChat checks that the people of a class the asker
// mentions ("my TA said …") are no topic where the readings lack them.
func TestClassPeopleAreChat(t *testing.T) {
	svc := essayService(t)
	p := analyse(svc.texts.an, "my TA said the alignment is mostly about ideology, is that glasers take", svc.questionStats(), svc.currentAliases())
	for _, c := range p.clauses {
		if c.word == "ta" {
			t.Errorf("clause %q: want it dropped", c.word)
		}
	}
}
