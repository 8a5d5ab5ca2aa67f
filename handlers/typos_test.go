package handlers

import (
	"context"
	"testing"
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
