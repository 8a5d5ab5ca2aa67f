package handlers

import (
	"strings"
	"unicode"
)

// FollowUp reads a short message in the light of the question before it,
// as a person in a conversation would: after "What is wedging?", "why?"
// asks why wedging, "what about Europe?" asks about wedging and Europe,
// and "more on that" asks the same again. It returns the question to
// search for, the message with the earlier question after it in brackets
// ("why? (What is wedging?)"), and whether next was read as a follow-up; a
// message that stands on its own (or an empty previous question) comes
// back unchanged. A follow-up of a follow-up refers to the first question.
func FollowUp(prev, next string) (string, bool) {
	prev = strings.TrimSpace(prev)
	next = strings.TrimSpace(next)
	if prev == "" || next == "" {
		return next, false
	}
	words := followWords(next)
	if len(words) == 0 || len(words) > followMaxWords {
		return next, false
	}
	opener := 0
	for _, o := range followOpeners {
		if hasWords(words, o) && len(o) > opener {
			opener = len(o)
		}
	}
	var own []string // the words of next that carry a topic of their own
	refers := false  // next points back ("that", "it", "they")
	for _, w := range words[opener:] {
		switch {
		case followPointers[w]:
			refers = true
		case followFiller[w]:
		default:
			own = append(own, w)
		}
	}
	if len(own) == 0 || (opener > 0 && len(own) <= followMaxWords) || (refers && len(own) <= followMaxOwn) {
		return next + " (" + topicOf(prev) + ")", true
	}
	return next, false
}

// topicOf is the question a follow-up refers to: prev itself, or the
// earlier question in brackets when prev was a follow-up too.
func topicOf(prev string) string {
	if strings.HasSuffix(prev, ")") {
		if i := strings.LastIndex(prev, " ("); i >= 0 && followWordCount(prev[:i]) <= followMaxWords {
			return prev[i+2 : len(prev)-1]
		}
	}
	return prev
}

func followWordCount(s string) int { return len(followWords(s)) }

// Bounds of what reads as a follow-up: a short message, with few words of
// its own when it points back.
const (
	followMaxWords = 8
	followMaxOwn   = 3
)

// followOpeners start a message that continues the conversation.
var followOpeners = [][]string{
	{"what", "about"}, {"how", "about"}, {"what", "of"}, {"and"}, {"also"},
	{"more", "on"}, {"more", "about"}, {"tell", "me", "more"}, {"tell", "me", "more", "about"},
	{"go", "on"}, {"and", "what", "about"}, {"same", "for"}, {"compared", "to"},
}

// followPointers point back at what was said before.
var followPointers = map[string]bool{
	"that": true, "this": true, "it": true, "its": true, "they": true, "them": true,
	"their": true, "those": true, "these": true, "he": true, "she": true, "there": true,
	"then": true, "so": true,
}

// followFiller are the words of a follow-up that name no topic.
var followFiller = map[string]bool{
	"why": true, "how": true, "what": true, "when": true, "where": true, "who": true,
	"is": true, "are": true, "was": true, "were": true, "do": true, "does": true, "did": true,
	"can": true, "could": true, "would": true, "should": true, "will": true, "be": true,
	"a": true, "an": true, "the": true, "of": true, "on": true, "about": true, "in": true,
	"to": true, "for": true, "me": true, "more": true, "please": true, "explain": true,
	"example": true, "examples": true, "mean": true, "means": true, "meant": true,
	"come": true, "happen": true, "happened": true, "matter": true, "matters": true,
	"exactly": true, "again": true, "else": true, "anything": true, "tell": true,
	"say": true, "says": true, "said": true, "really": true, "ok": true, "okay": true,
	"give": true, "any": true, "other": true, "detail": true, "details": true,
}

// followWords lowercases s and splits it into words.
func followWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// hasWords reports whether words starts with prefix.
func hasWords(words, prefix []string) bool {
	if len(prefix) > len(words) {
		return false
	}
	for i, p := range prefix {
		if words[i] != p {
			return false
		}
	}
	return true
}
