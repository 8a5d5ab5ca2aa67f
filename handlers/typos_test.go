package handlers

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
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
