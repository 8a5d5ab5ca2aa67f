package handlers

import (
	"context"
	"testing"
	"testing/fstest"
)

// TestHeadingWordsAreKnown checks that a word the readings use only in a
// section heading is no name they never mention.
func TestHeadingWordsAreKnown(t *testing.T) {
	svc := essayService(t)
	stats := svc.questionStats()
	for _, tc := range []struct {
		term   string
		inText bool // the passages hold it too
	}{
		{"ir", false}, // "What can IR theory explain …?"
		{"policymak", false},
		{"theori", true},
	} {
		t.Run(tc.term, func(t *testing.T) {
			text := svc.ix.DocFreq(tc.term)
			if (text > 0) != tc.inText {
				t.Fatalf("passage frequency of %q is %d; the test's premise is wrong", tc.term, text)
			}
			if got := stats.DocFreq(tc.term); got < max(text, 1) {
				t.Errorf("DocFreq(%q) = %d, want at least %d", tc.term, got, max(text, 1))
			}
		})
	}
	if got := stats.DocFreq("sourdough"); got != 0 {
		t.Errorf("DocFreq(sourdough) = %d, want 0", got)
	}
	for _, q := range []string{
		"ngl is there a part of the partnership that IR theory cant pin down? asking for my essay",
		"what can IR theory explain about the alignment",
	} {
		t.Run(q, func(t *testing.T) {
			if p := analyse(svc.texts.an, q, stats, svc.currentAliases()); p.unknownName != "" {
				t.Errorf("the plan takes %q for a name the readings never use", p.unknownName)
			}
			ans := mustAsk(t, svc, q)
			if ans.Status != StatusAnswered || ans.Unmentioned != "" {
				t.Errorf("status %s, unmentioned %q; want answered", ans.Status, ans.Unmentioned)
			}
		})
	}
}

// TestHeadingWordsFindTheirSection checks that a word only a heading holds
// finds the passages under that heading, which the search of passage text
// cannot, and no more than the search's limit of them.
func TestHeadingWordsFindTheirSection(t *testing.T) {
	svc := serviceFor(t, fstest.MapFS{"r.md": {Data: []byte("# Alliances\n\n" +
		"## What policymakers can do\n\nLittle can change the structure of the rivalry.\n\nSome actions are deeply structural.\n\n" +
		"## Trade\n\nTrade grows between the partners.\n")}})
	ans := mustAsk(t, svc, "what can policymakers do")
	if ans.Status != StatusAnswered || len(ans.Results) == 0 {
		t.Fatalf("status %s with %d results, want the section on policymakers", ans.Status, len(ans.Results))
	}
	for _, r := range ans.Results {
		if r.Passage.Heading != "What policymakers can do" {
			t.Errorf("result %s under %q, want only the section on policymakers", r.Passage.Ref(), r.Passage.Heading)
		}
	}
	p := analyse(svc.texts.an, "what can policymakers do", svc.questionStats(), svc.currentAliases())
	hits, err := svc.withHeadingPassages(context.Background(), p, nil, 1)
	if err != nil || len(hits) != 1 {
		t.Errorf("withHeadingPassages(limit 1) = %d hits, %v; want 1", len(hits), err)
	}
}
