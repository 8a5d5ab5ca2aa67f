package handlers

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMetaIntent(t *testing.T) {
	always := func(metaKind, string) bool { return true }
	never := func(metaKind, string) bool { return false }
	tests := []struct {
		question string
		rest     func(metaKind, string) bool
		want     metaKind
	}{
		{"When was this essay written?", always, metaDetails},
		{"When was the article published?", always, metaDetails},
		{"What is the title of the essay?", always, metaDetails},
		{"Where does the author work?", always, metaDetails},
		{"what university is the author at", always, metaDetails},
		{"What’s Glaser’s main argument?", always, metaSummary},
		{"Summarize the reading", always, metaSummary},
		{"tl;dr?", always, metaSummary},
		{"what is this essay about", always, metaSummary},
		{"what is the main argument about wedging?", never, metaNone}, // a topic of its own
		{"When was the war in Ukraine written about?", never, metaNone},
		{"What did China sell to Russia?", always, metaNone},
	}
	for _, tc := range tests {
		if got := metaIntent(tc.question, tc.rest); got != tc.want {
			t.Errorf("metaIntent(%q) = %d, want %d", tc.question, got, tc.want)
		}
	}
}

// TestMetaQuestions checks questions about the essay itself: its details
// come from the title page, its argument from its opening passages, and a
// question that names a topic beside them is searched as usual.
func TestMetaQuestions(t *testing.T) {
	s := essayService(t)
	tests := []struct {
		question string
		wantRef  string // the first result's ref
		holds    string // in the first result's passage
	}{
		{"When was this essay written?", "¶1", "November 2025"},
		{"What is the title of the essay?", "¶1", "China-Russia Security Cooperation"},
		{"Where does the author work?", "¶1", "MIT"},
		{"who is charles glaser", "¶1", "Charles Glaser"},
		{"What's Glaser's main argument?", "§1 ¶2", "not surprising"}, // the opening passage nearest the title
		{"summarise the essay", "§1 ¶2", "not surprising"},
		{"What is the essay called?", "¶1", "China-Russia Security Cooperation"},
		{"what is the main argument about wedging?", "§2 ¶15", "wedging strategy"},
		{"What does Glaser say about wedging?", "§2 ¶15", "wedging strategy"},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			ans, err := s.Ask(context.Background(), tc.question, AskOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Status != StatusAnswered || len(ans.Results) == 0 {
				t.Fatalf("status %s, %d results", ans.Status, len(ans.Results))
			}
			r := ans.Results[0]
			if r.Passage.Ref() != tc.wantRef {
				t.Errorf("first result %s, want %s", r.Passage.Ref(), tc.wantRef)
			}
			if !strings.Contains(r.Passage.Text, tc.holds) {
				t.Errorf("first passage %q does not hold %q", r.Passage.Text, tc.holds)
			}
			if len(r.Excerpt) > MaxExcerpt {
				t.Errorf("excerpt of %d bytes", len(r.Excerpt))
			}
		})
	}
}

func TestLeadingSentences(t *testing.T) {
	long := strings.Repeat("é", MaxExcerpt) // one sentence, no spaces, two bytes a letter
	tests := []struct {
		name, text, want string
	}{
		{"whole sentences that fit", "One. Two. Three.", "One. Two. Three."},
		{"stops before the sentence that does not fit", "Short one. Then " + strings.Repeat("word ", 100) + "end.", "Short one."},
	}
	for _, tc := range tests {
		if got := leadingSentences(tc.text); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	got := leadingSentences(long)
	if !strings.HasSuffix(got, ellipsis) || len(got) > MaxExcerpt || !utf8.ValidString(got) {
		t.Errorf("a sentence too long to quote: %d bytes, valid UTF-8 %v, ends %q", len(got), utf8.ValidString(got), got[max(0, len(got)-6):])
	}
}

// TestGuessedCorrections checks that a typo correction of a short word is
// a guess in the not-found decision ("speed of light" is not "spend" and
// "fight"), while longer words' corrections and derived words still find
// their passages.
func TestGuessedCorrections(t *testing.T) {
	s := essayService(t)
	tests := []struct {
		question string
		want     Status
	}{
		{"What is the speed of light?", StatusNotFound},
		{"what is bloodleting", StatusAnswered},
		{"explian the secuirty dilemma", StatusAnswered},
		{"Is the Sino-Russian partnership truly limitless?", StatusAnswered},
	}
	for _, tc := range tests {
		ans, err := s.Ask(context.Background(), tc.question, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Status != tc.want {
			t.Errorf("%q: status %s, want %s", tc.question, ans.Status, tc.want)
		}
	}
}
