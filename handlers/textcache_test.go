package handlers

import (
	"fmt"
	"strings"
	"testing"
)

func TestTextCache(t *testing.T) {
	var tc textCache
	a := tc.passage("v1", "doc#1.1", "Alpha beta. Gamma.")
	if b := tc.passage("v1", "doc#1.1", "Alpha beta. Gamma."); b != a {
		t.Error("the same passage of the same version was analysed again")
	}
	if len(a.sents) != 2 || len(a.content) != 3 {
		t.Errorf("analysed %d sentences, %d content words; want 2 and 3", len(a.sents), len(a.content))
	}
	if b := tc.passage("v2", "doc#1.1", "Fresh green apples."); b == a || len(b.content) != 3 {
		t.Error("a new index version reused the old analysis")
	}
	// The cache holds a bounded number of tokens.
	long := strings.Repeat("word ", 1000)
	for i := 0; i < 2*textCacheTokens/1000; i++ {
		tc.passage("v2", fmt.Sprint("doc#1.", i), long)
	}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.tokens > textCacheTokens+1000 {
		t.Errorf("cache holds %d tokens, bound %d", tc.tokens, textCacheTokens)
	}
	var nilCache *textCache
	if got := nilCache.termsOf("v", termsKey{"k", -1}, func() string { return "Security dilemmas" }); strings.Join(got, " ") != "secur dilemma" {
		t.Errorf("nil cache terms = %q", got)
	}
}

// The term filter must never rule out a term the text holds: a ranking
// skips the alternatives it rules out.
func TestTermFilterHoldsEveryTerm(t *testing.T) {
	a := analyseText(nil, "Alliances between China and Russia deepened after 2014; Moscow's sanctions, Beijing's trade, and the 1,000-mile border were cited.")
	if len(a.positions) == 0 {
		t.Fatal("no terms analysed")
	}
	for term := range a.positions {
		if !a.terms.mayHave(termBit(term)) {
			t.Errorf("filter rules out %q, which the text holds", term)
		}
	}
	var empty termFilter
	if empty.mayHave(termBit("china")) {
		t.Error("an empty filter holds a term")
	}
}
