package handlers

import "testing"

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
