package handlers

import (
	"reflect"
	"testing"
)

// TestWordMemoKeepsPlans checks that a question analysed with the word
// memo, filled or not, is analysed as without it: typo corrections, words
// typed as one, related forms, synonyms and words of like contexts.
func TestWordMemoKeepsPlans(t *testing.T) {
	svc := essayService(t)
	aliases := svc.currentAliases()
	memo := &wordMemo{}
	view := memo.view(svc.ix.Version(), aliases)
	questions := []string{
		"What is wedging?",
		"is the security dilema mild",                           // a typo
		"what is the secuirty dilemma",                          // a typo that changes the stem
		"why does moskow help beijing",                          // an alias, misspelt
		"what about armssales",                                  // two words typed as one
		"why are they fighting",                                 // related forms and synonyms
		"what does the reading say about ukraine's democracies", // a form the readings lack
		"zebra quantum marmalade",                               // words the readings lack
		"why is the partnership not surprising",                 // synonyms
		"what is propping up russia",                            // a phrasal verb
	}
	for pass := range 2 {
		for _, q := range questions {
			t.Run(q, func(t *testing.T) {
				want := analyse(svc.texts.an, q, svc.questionStats(), aliases)
				got := analyseWith(svc.texts.an, q, svc.questionStats(), aliases, view)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("pass %d: with the memo\n%+v\nwithout\n%+v", pass, got.clauses, want.clauses)
				}
			})
		}
	}
	if len(memo.expands) == 0 || len(memo.fixes) == 0 {
		t.Errorf("memo holds %d expansions and %d fixes, want some of each", len(memo.expands), len(memo.fixes))
	}
}

// TestWordMemoIsPerVersion checks that what the memo holds for one index
// version or alias table is not given for another, and that it starts
// afresh when full.
func TestWordMemoIsPerVersion(t *testing.T) {
	memo := &wordMemo{}
	a, b := &Aliases{}, &Aliases{}
	calls := 0
	fix := func(v memoView, word string) []string {
		return v.fix(fixEnglish, "", word, func() []string { calls++; return []string{v.version} })
	}
	for _, tc := range []struct {
		view  memoView
		want  string
		calls int
	}{
		{memo.view("v1", a), "v1", 1},
		{memo.view("v1", a), "v1", 1}, // remembered
		{memo.view("v2", a), "v2", 2}, // a new index
		{memo.view("v2", b), "v2", 3}, // a new alias table
		{memo.view("v2", b), "v2", 3},
		{memoView{}, "", 4}, // no memo
	} {
		if got := fix(tc.view, "moskow"); len(got) != 1 || got[0] != tc.want || calls != tc.calls {
			t.Errorf("view %q: got %q after %d calls, want %q after %d", tc.view.version, got, calls, tc.want, tc.calls)
		}
	}
	v := memo.view("v3", a)
	for i := range memoWords + 1 {
		v.fix(fixSplit, "", string(rune('a'+i%26))+string(rune(i)), func() []string { return nil })
	}
	if n := len(memo.fixes) + len(memo.expands); n > memoWords {
		t.Errorf("memo holds %d words, want at most %d", n, memoWords)
	}
}
