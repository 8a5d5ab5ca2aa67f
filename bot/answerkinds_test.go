package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/citebot/citebot/handlers"
)

// cannedAsk is fakeHandlers answering every question with one answer.
type cannedAsk struct {
	*fakeHandlers
	ans handlers.Answer
}

func (c *cannedAsk) Ask(context.Context, string, handlers.AskOptions) (handlers.Answer, error) {
	return c.ans, nil
}

// TestAnswerKinds checks that the answers the handlers give beside a
// passage list reach Discord: a concept card with no passage, the closest
// passage of a miss labelled as no answer, and the hint that questions are
// read in English.
func TestAnswerKinds(t *testing.T) {
	closest := resultAt(1)
	tests := []struct {
		name        string
		ans         handlers.Answer
		wantEmbed   []string // in the embed's title and description
		wantContent []string // in the private note
		ephemeral   bool
	}{
		{
			name: "card only",
			ans: handlers.Answer{Question: "what is bait and bleed", Status: handlers.StatusAnswered,
				Concept: securityDilemma},
			wantEmbed: []string{securityDilemma.Name, "When one state arms"},
		},
		{
			name: "closest passage",
			ans: handlers.Answer{Question: "q", Status: handlers.StatusNotFound, Closest: &closest,
				Suggestions: []string{"alliances"}},
			wantContent: []string{"Closest they come (not an answer)", closest.Citation(), "They do cover: alliances"},
			ephemeral:   true,
		},
		{
			name:        "other language",
			ans:         handlers.Answer{Question: "¿qué es el dilema de seguridad?", Status: handlers.StatusNotFound, OtherLanguage: true},
			wantContent: []string{"in English"},
			ephemeral:   true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := newTestBot(t, &cannedAsk{fakeHandlers: &fakeHandlers{}, ans: tc.ans}, Config{})
			r := b.answer(context.Background(), "", tc.ans.Question, "u1")
			if r.Ephemeral != tc.ephemeral {
				t.Errorf("ephemeral %v, want %v", r.Ephemeral, tc.ephemeral)
			}
			var embed strings.Builder
			for _, e := range r.Embeds {
				embed.WriteString(e.Title + "\n" + e.Description)
			}
			for _, w := range tc.wantEmbed {
				if !strings.Contains(embed.String(), escape(w)) && !strings.Contains(embed.String(), w) {
					t.Errorf("embed lacks %q:\n%s", w, embed.String())
				}
			}
			for _, w := range tc.wantContent {
				if !strings.Contains(r.Content, w) {
					t.Errorf("note lacks %q:\n%s", w, r.Content)
				}
			}
			if err := checkText("note", r.Content, maxContent); err != nil {
				t.Error(err)
			}
		})
	}
}
