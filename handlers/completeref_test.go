package handlers

import (
	"strings"
	"testing"

	"github.com/citebot/citebot/retrieval"
)

// twoReadings is the test index with a second reading beside the first,
// whose path is long, as study groups name files.
type twoReadings struct{ *memIndex }

var waltz = retrieval.DocInfo{
	ID:       "week-03/waltz-1979-theory-of-international-politics-chapter-6-anarchic-orders-and-balances-of-power",
	Path:     "week-03/waltz-1979-theory-of-international-politics-chapter-6-anarchic-orders-and-balances-of-power.md",
	Title:    "Theory of International Politics (ch. 6)",
	Author:   "Kenneth Waltz",
	Citation: "Waltz 1979",
}

func (t twoReadings) Documents() []retrieval.DocInfo {
	return []retrieval.DocInfo{t.doc, waltz}
}

func (t twoReadings) Outline(docID string) ([]int, []string, bool) {
	if docID == waltz.ID {
		return []int{0, 4, 5}, []string{"", "Anarchy", "Balances of power"}, true
	}
	return t.memIndex.Outline(docID)
}

func TestCompleteRefByReading(t *testing.T) {
	svc := New(twoReadings{newMemIndex("Alliances in Theory", testPassages, nil)}, Options{})
	for _, tc := range []struct {
		typed string
		first string // the first choice's value
		label string // in the first choice's label
		all   func(Choice) bool
	}{
		{typed: "", first: "doc#0.1", label: "from the start"},
		{typed: "waltz", first: waltz.ID + "#1.1", label: "Waltz 1979", all: func(c Choice) bool { return strings.HasPrefix(c.Value, waltz.ID) }},
		{typed: "Waltz 1979 §2 ¶3", first: waltz.ID + "#2.3", label: "§2 ¶3"},
		{typed: "waltz 2.4", first: waltz.ID + "#2.4", label: "Balances of power"},
		{typed: "walz", first: waltz.ID + "#1.1", label: "Waltz 1979"},
		{typed: "kenneth", first: waltz.ID + "#1.1"},
		{typed: "author 2024 §1", first: "doc#1.1", all: func(c Choice) bool { return strings.HasPrefix(c.Value, "doc#1.") }},
		{typed: "§2 ¶1", first: "doc#2.1"},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			got := svc.CompleteRef(tc.typed, 25)
			if len(got) == 0 {
				t.Fatalf("no choices")
			}
			if got[0].Value != tc.first || !strings.Contains(got[0].Label, tc.label) {
				t.Errorf("first choice %+v, want value %q with %q", got[0], tc.first, tc.label)
			}
			for _, c := range got {
				if tc.all != nil && !tc.all(c) {
					t.Errorf("choice %+v does not belong", c)
				}
				if len([]rune(c.Label)) > 100 {
					t.Errorf("label over 100: %q", c.Label)
				}
			}
		})
	}
	if got := svc.CompleteRef("zebra", 25); len(got) != 0 {
		t.Errorf("zebra: %+v", got)
	}
}
