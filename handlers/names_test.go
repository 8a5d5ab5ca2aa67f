package handlers

import (
	"strings"
	"testing"
)

func TestRoleOf(t *testing.T) {
	svc := essayService(t)
	tests := []struct {
		q        string
		role, of string // "" when the question asks about no role
	}{
		{"who is the president of russia", "president", "russia"},
		{"who's the current president of russia now", "president", "russia"},
		{"Who was the leader of China", "leader", "china"},
		{"who sells oil to china", "", ""},
		{"what is the role of china", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			p := analyse(svc.texts.an, tc.q, svc.questionStats(), svc.currentAliases())
			role, of := roleOf(tc.q, p)
			var gotRole, gotOf string
			if role >= 0 {
				gotRole, gotOf = p.clauses[role].word, p.clauses[of].word
			}
			if gotRole != tc.role || !strings.EqualFold(gotOf, tc.of) {
				t.Errorf("roleOf = %q of %q, want %q of %q", gotRole, gotOf, tc.role, tc.of)
			}
		})
	}
}

// TestRoleHolderNotNamed checks that a question about the holder of a
// role in the readings' topic is not answered by a passage that names
// someone else in that role.
func TestRoleHolderNotNamed(t *testing.T) {
	svc := essayService(t)
	for _, q := range []string{"who is the president of russia rn", "who's the current president of russia"} {
		t.Run(q, func(t *testing.T) {
			if ans := mustAsk(t, svc, q); ans.Status != StatusNotFound {
				t.Errorf("status %s, want not_found (top %+v)", ans.Status, ans.Results[0].Passage.ID)
			}
		})
	}
}

// TestNamesTheReadingsLack checks that a name of more than one word is
// one the readings lack when no passage holds it, though they use each of
// its words ("north korea" beside "South Korea"), and that a place the
// readings never name is not answered however much else a passage holds.
func TestNamesTheReadingsLack(t *testing.T) {
	svc := essayService(t)
	tests := []struct {
		q           string
		answered    bool
		unmentioned string
	}{
		{"is north korea part of the china russia alliance too", false, "north korea"},
		{"How is North Korea helping Russia's war effort?", false, "North Korea"},
		{"does the us have partnerships with south korea", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			ans := mustAsk(t, svc, tc.q)
			if got := ans.Status == StatusAnswered; got != tc.answered {
				t.Errorf("answered = %v, want %v", got, tc.answered)
			}
			if ans.Unmentioned != tc.unmentioned {
				t.Errorf("unmentioned %q, want %q", ans.Unmentioned, tc.unmentioned)
			}
		})
	}
}
