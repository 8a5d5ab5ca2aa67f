package handlers

import "testing"

func TestFollowUp(t *testing.T) {
	const prev = "What is wedging?"
	for _, tc := range []struct {
		prev, next, want string
		follow           bool
	}{
		{prev, "why?", "why? (What is wedging?)", true},
		{prev, "how so?", "how so? (What is wedging?)", true},
		{prev, "more on that", "more on that (What is wedging?)", true},
		{prev, "tell me more", "tell me more (What is wedging?)", true},
		{prev, "what about Europe?", "what about Europe? (What is wedging?)", true},
		{prev, "And Russia?", "And Russia? (What is wedging?)", true},
		{prev, "why did they do that?", "why did they do that? (What is wedging?)", true},
		{prev, "what does it mean for Japan", "what does it mean for Japan (What is wedging?)", true},
		// A follow-up of a follow-up refers to the first question.
		{"why? (What is wedging?)", "and Europe?", "and Europe? (What is wedging?)", true},
		// Questions that stand on their own.
		{prev, "What is the security dilemma?", "What is the security dilemma?", false},
		{prev, "Why hasn't China provided weapons to Russia?", "Why hasn't China provided weapons to Russia?", false},
		{prev, "", "", false},
		{"", "why?", "why?", false},
	} {
		t.Run(tc.next, func(t *testing.T) {
			got, ok := FollowUp(tc.prev, tc.next)
			if got != tc.want || ok != tc.follow {
				t.Errorf("FollowUp(%q, %q) = %q, %v; want %q, %v", tc.prev, tc.next, got, ok, tc.want, tc.follow)
			}
		})
	}
}
