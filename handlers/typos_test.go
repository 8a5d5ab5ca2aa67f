package handlers

import (
	"context"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/analysis"
)

func TestSureFix(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"weapns", true},   // six letters, no English word: a typo
		{"sactions", true}, // long enough either way
		{"secuirty", true}, // long enough either way
		{"light", false},   // an English word of five: "fight" is a letter away
		{"wepon", false},   // five letters: too many neighbours
		{"shield", false},  // an English word of six
		{"ukriane", true},  // seven letters
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			if got := sureFix(tc.word); got != tc.want {
				t.Errorf("sureFix(%q) = %v, want %v", tc.word, got, tc.want)
			}
		})
	}
}

// TestShortTypoOfTheKeyWordAnswers checks that a question whose one
// specific word is a six-letter typo the dictionary does not know is
// answered from the word it stands for, as the same question spelt right
// is.
func TestShortTypoOfTheKeyWordAnswers(t *testing.T) {
	s := essayService(t)
	for _, tc := range []struct {
		q    string
		want Status
	}{
		{"has beijing sent weapns to moscow", StatusAnswered},
		{"has beijing sent weapons to moscow", StatusAnswered},
	} {
		t.Run(tc.q, func(t *testing.T) {
			ans, err := s.Ask(context.Background(), tc.q, AskOptions{Top: 3})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Status != tc.want {
				t.Errorf("status %s, want %s", ans.Status, tc.want)
			}
		})
	}
}

func TestMisspeltChatWord(t *testing.T) {
	lacks := func(string) bool { return true }
	uses := func(string) bool { return false }
	tests := []struct {
		w     string
		lacks func(string) bool
		want  bool
	}{
		{"readng", lacks, true},
		{"seminr", lacks, true},
		{"reading", lacks, false}, // spelt right
		{"readng", uses, false},   // the readings use "reading": the typo fixes find it
		{"balancng", lacks, false},
	}
	for _, tc := range tests {
		if got := misspeltChatWord(tc.w, tc.lacks); got != tc.want {
			t.Errorf("misspeltChatWord(%q) = %v, want %v", tc.w, got, tc.want)
		}
	}
}

// TestMisspeltChatWordsAreDropped checks that a question's misspelt soft
// word is no clause, even after several words spelt right that the
// readings lack, and that "acc to" is "according to".
func TestMisspeltChatWordsAreDropped(t *testing.T) {
	svc := essayService(t)
	q := "is the US mostly worried china threatens its friends in asia? acc to the readng"
	p := analyse(svc.texts.an, repairChat(q), svc.questionStats(), svc.currentAliases())
	for _, c := range p.clauses {
		if c.word == "readng" || c.word == "acc" {
			t.Errorf("clause %q: want it dropped", c.word)
		}
	}
}

// TestShortAcronymsAreNoTypos checks that a short word typed in capitals
// is taken as an acronym the readings lack, not corrected into a word a
// letter away, while the same letters typed in lower case are.
func TestShortAcronymsAreNoTypos(t *testing.T) {
	svc := serviceFor(t, fstest.MapFS{"r.md": {Data: []byte("# Rain\n\nRain and lions fall on the plain in the rainy season.\n")}})
	tests := []struct {
		question string
		fixed    bool // whether the four letters gain the alternative "rain"
	}{
		{"what does RLIN hold", false},
		{"what does rlin hold", true},
		{"what does Rlin hold", true},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			p := analyse(svc.texts.an, tc.question, svc.questionStats(), svc.currentAliases())
			got := false
			for _, c := range p.clauses {
				for _, alt := range c.alts {
					got = got || slices.Equal(alt, []string{"rain"})
				}
			}
			if got != tc.fixed {
				t.Errorf("fixed to rain = %v, want %v (clauses %+v)", got, tc.fixed, p.clauses)
			}
		})
	}
	for word, want := range map[string]bool{"NATO": true, "RLIN": true, "U.S.": true, "Nato": false, "A": false, "nato": false} {
		if got := acronym(word); got != want {
			t.Errorf("acronym(%q) = %v, want %v", word, got, want)
		}
	}
}

// referenceMisspelling is misspelling as a generate-and-test check: every
// variant of w a swap, or a letter wrong, missing or extra, makes is
// looked up with function. misspelling compares w with its targets
// instead; the two must agree on every word.
func referenceMisspelling(w string, function func(string) bool) bool {
	if len(w) < 2 || len(w) > 12 || !isASCIILower(w) || isFunctionWord(w) {
		return false
	}
	other := func(v string) bool { return v != w && function(v) }
	if contraction(w, other) {
		return true
	}
	if len(w) < 3 || analysis.IsEnglishWord(w) {
		return false
	}
	if len(w) >= 5 && splitsIntoFunctionWords(w, function) {
		return true
	}
	sameStart := func(v string) bool { return v != "" && v[0] == w[0] && other(v) }
	longer := func(v string) bool { return len(v) == len(w)+1 && sameStart(v) }
	return swaps(w, other) || len(w) >= 5 && len(w) <= 10 && otherEdits(w, sameStart) ||
		len(w) == 4 && otherEdits(w, longer)
}

func TestMisspellingMatchesVariantLookup(t *testing.T) {
	words := map[string]bool{"waht": true, "whch": true, "explian": true, "whther": true, "wroe": true, "wwhat": true, "teh": true}
	for _, list := range [][]string{analysis.StopWords(), slices.Collect(maps.Keys(fillerWords)), slices.Collect(maps.Keys(authorWords)), slices.Collect(maps.Keys(softWords)), slices.Collect(maps.Keys(chatWords))} {
		for _, v := range list {
			if !isASCIILower(v) {
				continue
			}
			words[v] = true
			// One in eight of the variants one edit away, and as many two
			// away (the first letter moved to the end).
			n := 0
			otherEdits(v, func(e string) bool {
				if n++; n%8 == 0 {
					words[e] = true
					if len(e) > 3 {
						words[e[1:]+e[:1]] = true
					}
				}
				return false
			})
			swaps(v, func(e string) bool { words[e] = true; return false })
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		b := make([]byte, 2+rng.IntN(11))
		for i := range b {
			b[i] = "etaoinshrdlucwmfygpbvkxqjz"[min(rng.IntN(26), rng.IntN(26))]
		}
		words[string(b)] = true
	}
	lacks := func(v string) bool { return v != "essay" }
	checks := []struct {
		name     string
		targets  typoTargets
		function func(string) bool
	}{
		{"function words", functionTypos, isFunctionWord},
		{"chat words", chatTypos, func(v string) bool { return (softWords[v] || chatWords[v]) && lacks(v) }},
		{"author words", authorTypos, func(v string) bool { return authorWords[v] }},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			found := 0
			for w := range words {
				got, want := misspelling(w, c.targets, c.function), referenceMisspelling(w, c.function)
				if got != want {
					t.Errorf("misspelling(%q) = %v, the variant look-up says %v", w, got, want)
				}
				if want {
					found++
				}
			}
			if found == 0 {
				t.Fatalf("no word of %d is a misspelling: the check proves nothing", len(words))
			}
		})
	}
}
