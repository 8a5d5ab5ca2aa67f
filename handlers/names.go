package handlers

import (
	"regexp"
	"strings"
)

// roleOfQuestion is a who-question about the holder of a role in
// something: "who is the president of russia", "who's the current
// secretary general of nato". Group 1 is the role, group 2 what it is of.
var roleOfQuestion = regexp.MustCompile(`(?i)^(?:\W*)who(?:'s|s| is| was| are| were) (?:the |a |an )?(?:current |present |new |next |former |last )?([a-z]+(?: general)?) of (?:the )?([a-z]+)`)

// roleOf finds in a question the clauses of a role and of what it is of
// ("president" and "russia" in "who is the president of russia"), and
// returns their indexes, or -1 and -1.
func roleOf(question string, p plan) (role, of int) {
	m := roleOfQuestion.FindStringSubmatch(strings.TrimSpace(question))
	if m == nil {
		return -1, -1
	}
	role, of = -1, -1
	for i, c := range p.clauses {
		switch strings.ToLower(c.word) {
		case strings.ToLower(strings.Fields(m[1])[0]):
			role = i
		case strings.ToLower(m[2]):
			of = i
		}
	}
	if role < 0 || of < 0 {
		return -1, -1
	}
	return role, of
}

// holdsRole reports whether a candidate can answer a question about the
// holder of a role (see roleOf): its text holds the role within proxSpan
// words of what it is of ("Russian President Putin", "the president of
// Russia"). "President Trump's interest in ending the war" in a passage on
// Russia names no president of Russia. Any candidate can answer a question
// of another kind.
func (c *candidate) holdsRole(p plan) bool {
	if !p.roleAsked {
		return true
	}
	for _, i := range c.matches[p.role] {
		for _, j := range c.matches[p.roleOf] {
			if i-j <= proxSpan && j-i <= proxSpan {
				return true
			}
		}
	}
	return false
}

// unmatchedName returns the words of a name the question asks about that
// no candidate holds, though each of its words is in the readings: "north
// korea" where they name only South Korea (the passage frequency of a
// phrase is estimated from its words', so the name seemed known). A name
// the readings use everywhere is left alone: the search may leave it out.
func unmatchedName(p plan, cands []*candidate) string {
	for i, cl := range p.clauses {
		if !cl.named || !cl.known || cl.common || cl.soft || !strings.Contains(cl.word, " ") {
			continue
		}
		held := false
		for _, c := range cands {
			if len(c.matches[i]) > 0 {
				held = true
				break
			}
		}
		if !held {
			return cl.word
		}
	}
	return ""
}
