package handlers

import (
	"slices"
	"testing"

	"github.com/citebot/citebot/analysis"
)

func TestRepairChat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<@123456789012345678> y wouldnt moscow help", "why would not moscow help"},
		{"<@!42> <#987> <@&7> what is wedging", "what is wedging"},
		{"what is wedging <:thinking:123456> 🤔🙏", "what is wedging"},
		{"@everyone r u sure abt this", "are you sure about this"},
		// Mentions typed as text, wherever they stand; addresses stay.
		{"has the west given ukraine much help @Priya", "has the west given ukraine much help"},
		{"@sam_k.b what is wedging", "what is wedging"},
		{"thanks @jo. what is wedging", "thanks . what is wedging"},
		{"mail tutor@uni.edu or meet @ 5", "mail tutor@uni.edu or meet @ 5"},
		{"how does china trade w russia bc of sanctions", "how does china trade with russia because of sanctions"},
		{"w/ sanctions n tariffs, pls", "with sanctions and tariffs, please"},
		{"(for tmrw's seminar) y?", "(for tmrw's seminar) why?"}, // "tmrw's" is no whole word of the table
		{"Is N Korea mentioned?", "Is N Korea mentioned?"},       // a capital N is an initial
		{"the us and u.s. policy", "the us and u.s. policy"},
		{"whats the bait n bleed idea", "what is the bait and bleed idea"},
		{"a <b> tag and 3 < 4", "a <b> tag and 3 < 4"}, // not Discord markup
		{"can someone rec a good book", "can someone recommend a good book"},
		{"is it avoidable acc to the reading", "is it avoidable according to the reading"},
		{"the acc. balance", "the acc. balance"}, // "acc" only before "to"
		// Question words typed together.
		{"whatis wedging", "what is wedging"},
		{"howdoes balancing work", "how does balancing work"},
		// How the asker wants the answer put, and what for, wherever it stands.
		{"whatis wedging lol like in normal words", "what is wedging lol like"},
		{"explain balancing in simple terms pls", "explain balancing please"},
		{"In plain English, what is bandwagoning?", "what is bandwagoning?"},
		{"what is a wedge strategy, explain like im five", "what is a wedge strategy"},
		{"eli5 the security dilemma", "the security dilemma"},
		{"define bloodletting in one line pls", "define bloodletting please"},
		{"do they care about their own militaries?? kinda lost", "do they care about their own militaries??"},
		{"im so confused, what is wedging", "what is wedging"},
		{"who lost the war", "who lost the war"},
		{"sorry if dumb q but what does wedgeing mean in this reading", "what does wedgeing mean in this reading"},
		{"sorry if dumb but what does bloodletting mean", "what does bloodletting mean"},
		{"sorry if im being stupid, why is it a dilemma", "why is it a dilemma"},
		{"stupid question, is balancing the same as wedging", "is balancing the same as wedging"},
		{"what basic needs does trade serve", "what basic needs does trade serve"},
		{"sum up wedging in a few words?", "sum up wedging ?"},
		{"the front line in two sentences", "the front line"},
		{"would trade end the rivalry? asking for a friend", "would trade end the rivalry?"},
		{"who sells oil to beijing, need it for my notes", "who sells oil to beijing"},
		{"what does he say about balancing for my essay", "what does he say about balancing"},
		{"in other wordsmiths", "in other wordsmiths"}, // whole words only
		{"the words in simple terms", "the words"},
		// A question typed as an equation.
		{"wedging = ? (short def)", "what is wedging?"},
		{"security dilemma = ??", "what is security dilemma?"},
		{"a = b", "a = b"},
		{"what is bandwagoning (for my notes)", "what is bandwagoning"},
		{"why do states balance, need this for the exam", "why do states balance"},
		{"what signals are both sides sending", "what signals are sending"},
		{"the other side of trade", "the other side of trade"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := repairChat(tc.in); got != tc.want {
				t.Errorf("repairChat(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSplitWords(t *testing.T) {
	ix := newMemIndex("Alliances in Theory", testPassages, nil)
	tests := []struct {
		word string
		want []string
	}{
		{"wedgestrategy", []string{"wedg", "strategi"}},
		{"ofalliances", []string{"allianc"}},
		{"oilgas", []string{"oil", "gas"}},
		{"zzqqxx", nil},
		{"balancing", nil}, // an English word is not split
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			if got := splitFix(ix, tc.word); !slices.Equal(got, tc.want) {
				t.Errorf("splitFix(%q) = %q, want %q", tc.word, got, tc.want)
			}
		})
	}
	for _, w := range []string{"whatis", "howdoes", "whyis"} {
		if !misspeltFunctionWord(w) {
			t.Errorf("misspeltFunctionWord(%q) = false, want true (two function words typed together)", w)
		}
	}
	for _, w := range []string{"theme", "tome", "wedging"} {
		if misspeltFunctionWord(w) {
			t.Errorf("misspeltFunctionWord(%q) = true, want false", w)
		}
	}
}

func TestJoinSplitWords(t *testing.T) {
	ix := newMemIndex("Alliances in Theory", testPassages, nil)
	an := analysis.NewAnalyzer()
	tests := []struct {
		q    string
		want []string // the words after joining, stop words left out
	}{
		{"what is reass urance", []string{"reassurance"}},
		{"is it cheap er than balancing", []string{"cheaper", "balancing"}},
		{"internal balancing", []string{"internal", "balancing"}}, // both known: kept apart
		{"in to the alliance", []string{"alliance"}},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			toks, joined := joinSplitWords(an, tc.q, an.Tokens(tc.q), ix)
			var got []string
			for _, tk := range toks {
				if !tk.Stop {
					got = append(got, tk.Word)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("words %q, want %q (joined %v)", got, tc.want, joined)
			}
		})
	}
	// A joined word counts less than the word typed whole.
	p := analyse(an, "what is reass urance", ix, nil)
	if len(p.clauses) != 1 || p.clauses[0].factor[0] >= 1 {
		t.Errorf("joined clause %+v: want one clause with a factor below 1", p.clauses)
	}
}

func TestEnglishFixes(t *testing.T) {
	svc := newTestService(nil)
	al := svc.currentAliases()
	tests := []struct {
		word string
		want []string
	}{
		{"kremlim", []string{"kremlin"}}, // the readings say Moscow, an alias of the Kremlin's Russia
		{"moskow", []string{"moscow"}},   // the readings' own word, one letter away in the word list
		{"qwxzzy", nil},                  // nothing one edit away
		{"kremlin", nil},                 // spelt right: nothing to correct
		{"brazik", nil},                  // "brazil" is a word, but not one the readings use
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			if got := englishFixes(svc.ix, al, tc.word); !slices.Equal(got, tc.want) {
				t.Errorf("englishFixes(%q) = %q, want %q", tc.word, got, tc.want)
			}
		})
	}
	// Through analyse, a correction is an alternative counting less than
	// the word: "kremlim" finds Moscow's passage at fuzzyFactor.
	p := analyse(svc.texts.an, "what does the kremlim sell", svc.ix, al)
	found := false
	for _, c := range p.clauses {
		for k, alt := range c.alts {
			if slices.Equal(alt, []string{"moscow"}) && c.factor[k] < 1 {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("kremlim: no moscow alternative below full weight in %+v", p.clauses)
	}
}

func TestOtherLanguage(t *testing.T) {
	svc := newTestService(nil)
	tests := []struct {
		q    string
		want bool
	}{
		{"c'est quoi la stratégie de division dans le texte ?", true},
		{"¿Por qué los estados forman alianzas según el texto?", true},
		{"Warum ist die Allianz nicht stabil und was sagt der Text?", true},
		{"What is external balancing?", false},
		{"what does la liga have to do with alliances", false},
		{"is the wedge strategy de rigueur for states", false},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			if got := otherLanguage(svc.texts.an, cleanQuestion(tc.q), svc.ix); got != tc.want {
				t.Errorf("otherLanguage(%q) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}
	ans := mustAsk(t, svc, "c'est quoi la stratégie de division dans le texte ?")
	if ans.Status != StatusNotFound || !ans.OtherLanguage {
		t.Errorf("French question: status %s, other language %v", ans.Status, ans.OtherLanguage)
	}
}

func TestMissShowsClosestPassage(t *testing.T) {
	svc := newTestService(nil)
	ans := mustAsk(t, svc, "which podcasts discuss trade sanctions and tariffs and embargoes")
	if ans.Status != StatusNotFound {
		t.Fatalf("status %s, want not_found", ans.Status)
	}
	if ans.Closest == nil || ans.Closest.Passage.Ref() != "§1 ¶3" {
		t.Fatalf("closest %+v, want the trade passage §1 ¶3", ans.Closest)
	}
	checkCited(t, *ans.Closest)
	if ans := mustAsk(t, svc, "how do I cook rice"); ans.Closest != nil {
		t.Errorf("cook rice: closest %s, want none", ans.Closest.Passage.Ref())
	}
}

func TestChatWordsDropOnlyWhereTheReadingsLackThem(t *testing.T) {
	an := analysis.NewAnalyzer()
	ix := newMemIndex("Alliances in Theory", testPassages, nil)
	p := analyse(an, "ok im confused, real quick: what is a wedge strategy (for tomorrow's seminar)", ix, nil)
	var words []string
	for _, c := range p.clauses {
		words = append(words, c.word)
	}
	if !slices.Equal(words, []string{"wedge", "strategy"}) {
		t.Errorf("clauses %q, want only wedge and strategy", words)
	}
	classes := newMemIndex("Aircraft", map[string]string{"0.1": "Aircraft.", "1.1": "The class of aircraft matters.", "1.2": "Wings and lift."}, nil)
	p = analyse(an, "which class of aircraft", classes, nil)
	if len(p.clauses) != 2 || p.clauses[0].word != "class" || p.clauses[0].soft {
		t.Errorf("clauses %+v: want class counted as a word where the readings use it", p.clauses)
	}
}

func TestDefinitionalAfterChat(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"ok so what is a wedging strategy in IR terms", true},
		{"wait, what's bloodletting", true},
		{"ok so im confused about what 'bloodletting' means in this essay", false}, // not a what-question first
		{"what 'bloodletting' means in this essay", true},
		{"so why did China do it", false},
		{"ok", false},
	}
	for _, tc := range tests {
		if got := isDefinitional(tc.q); got != tc.want {
			t.Errorf("isDefinitional(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestComparativeFindsOtherForms(t *testing.T) {
	ix := newMemIndex("Power", map[string]string{"0.1": "Power.", "1.1": "China is weakening its rivals.", "1.2": "Trade grows."}, nil)
	budget := maxTypoLookups
	if got := typoFixes(ix, "weaker", "weaker", &budget); !slices.Equal(got, []string{"weaken"}) {
		t.Errorf("typoFixes(weaker) = %q, want [weaken]", got)
	}
}

func TestHowManyNeedsANumberInShortQuestions(t *testing.T) {
	svc := New(newMemIndex("Arms", map[string]string{
		"0.1": "Arms.",
		"1.1": "China is building up its nuclear weapons and its navy.",
		"1.2": "Russia sells oil.",
	}, nil), Options{})
	if ans := mustAsk(t, svc, "how many nuclear weapons does China have"); ans.Status != StatusNotFound {
		t.Errorf("how many: status %s, want not_found (no sentence gives a number)", ans.Status)
	}
	if ans := mustAsk(t, svc, "is China building up its nuclear weapons"); ans.Status != StatusAnswered {
		t.Errorf("yes-no question: status %s, want answered", ans.Status)
	}
}

// TestRealWordsCostNoTypoLookups checks that words spelt right which the
// readings lack ("sent", "lethal") do not use up the lookups of the typos
// in the same question: the misspelt name still reaches its alias.
func TestRealWordsCostNoTypoLookups(t *testing.T) {
	s := essayService(t)
	tests := []struct{ question, word, want string }{
		{"has beijing sent lethal weapns to moskow or not", "moskow", "moscow"},
		{"did beijing sent deadly lethal weapns to moskow", "moskow", "moscow"},
		{"has beijing sent weapns to moskow", "moskow", "moscow"},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			p := analyse(s.texts.an, tc.question, s.ix, s.currentAliases())
			for _, c := range p.clauses {
				if c.word != tc.word {
					continue
				}
				for _, alt := range c.alts {
					if slices.Equal(alt, []string{tc.want}) {
						return
					}
				}
				t.Fatalf("%q has alternatives %q, want one of them %q", tc.word, c.alts, tc.want)
			}
			t.Fatalf("no clause for %q in %q", tc.word, tc.question)
		})
	}
}
