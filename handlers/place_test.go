package handlers

import (
	"context"
	"testing"
	"testing/fstest"
)

func TestPlaceAsked(t *testing.T) {
	tests := []struct {
		q, rest string
		want    place
	}{
		{"ok so in the intro, what has the US done", "ok so , what has the US done", place{kind: placeIntro}},
		{"what kind of buildup is china doing according to the introduction", "what kind of buildup is china doing", place{kind: placeIntro}},
		{"how do we beat bleeding, per the conclusion", "how do we beat bleeding", place{kind: placeEnd}},
		{"what does he say in his concluding remarks about wedging", "what does he say about wedging", place{kind: placeEnd}},
		{"what is in the last section about alliances", "what is about alliances", place{kind: placeEnd}},
		{"at the end he says what about Taiwan?", "he says what about Taiwan?", place{kind: placeEnd}},
		{"in section 2 what is wedging", "what is wedging", place{kind: placeSection, section: 2}},
		{"what does §3 recommend", "what does recommend", place{kind: placeSection, section: 3}},
		{"there was smth about submarines in the bullet points?? what was it", "there was smth about submarines ?? what was it", place{kind: placeList}},
		{"last bullet: how much damage does china do", "how much damage does china do", place{kind: placeList, item: lastItem}},
		{"what does the first bullet point say about trade", "what does say about trade", place{kind: placeList, item: firstItem}},
		{"the bullets about the us and the bullets about china", "the bullets about the us and the bullets about china", place{}}, // two references
		// The reference is all there is: the words stay.
		{"what does the conclusion say?", "what does the conclusion say?", place{kind: placeEnd}},
		// No reference to a part of the reading.
		{"what happened at the end of the cold war", "what happened at the end of the cold war", place{}},
		{"is this the end for nato", "is this the end for nato", place{}},
		{"what's the last bit before the conclusion about", "what's the last bit before the conclusion about", place{}},
		{"compare the intro and the conclusion on taiwan", "compare the intro and the conclusion on taiwan", place{}},
		{"what is wedging", "what is wedging", place{}},
		{"the first sectarian split", "the first sectarian split", place{}},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			rest, got := placeAsked(tc.q)
			if got != tc.want || rest != tc.rest {
				t.Errorf("placeAsked = %q, %+v; want %q, %+v", rest, got, tc.rest, tc.want)
			}
		})
	}
}

// TestPlaceRegions checks which passages count as a reading's intro, end
// and numbered section, with and without headings that name them.
func TestPlaceRegions(t *testing.T) {
	plain := newTestService(nil) // sections "", "Theories of balancing", "Policy"
	named := New(newMemIndex("Named", map[string]string{
		"0.1": "Named.", "1.1": "A preface.", "2.1": "An introduction here.", "2.2": "More of it.",
		"3.1": "The argument.", "4.1": "In conclusion, trade.", "5.1": "Notes.",
	}, nil), Options{})
	named.ix.(*memIndex).headings = []string{"", "Preface note", "Introduction", "Argument", "Conclusion", "Notes"}
	ctx := context.Background()
	tests := []struct {
		name string
		svc  *Service
		pl   place
		want map[int]map[int]float64
	}{
		{"intro after the title page", plain, place{kind: placeIntro}, map[int]map[int]float64{1: {1: 1, 2: 0.5}}},
		{"end is the last section", plain, place{kind: placeEnd}, map[int]map[int]float64{2: {0: 1}}},
		{"section by number", plain, place{kind: placeSection, section: 1}, map[int]map[int]float64{1: {0: 1}}},
		{"no such section", plain, place{kind: placeSection, section: 9}, nil},
		{"a heading names the intro", named, place{kind: placeIntro}, map[int]map[int]float64{1: {0: 1}}},
		{"a heading names the conclusion", named, place{kind: placeEnd}, map[int]map[int]float64{4: {0: 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.svc.ix.Documents()[0].ID
			got := tc.svc.region(ctx, doc, tc.pl)
			if len(got) != len(tc.want) {
				t.Fatalf("region = %v, want %v", got, tc.want)
			}
			for sec, paras := range tc.want {
				for para, share := range paras {
					if got[sec][para] != share {
						t.Errorf("region = %v, want %v", got, tc.want)
					}
				}
			}
		})
	}
}

// TestPlaceRanks checks that a question naming a part of the reading is
// answered from there: first, or within the first three where the
// passages there share few of its words.
func TestPlaceRanks(t *testing.T) {
	svc := essayService(t)
	tests := []struct {
		q       string
		section int
		para    int // 0: any
		within  int
	}{
		{"what does the intro say china is building", 1, 1, 1},
		{"is the competition avoidable at all, per the conclusion", 3, 0, 1},
		// Section 3 never says "bloodletting".
		{"in section 3 what should the us do about bloodletting", 3, 0, 3},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			ans := mustAsk(t, svc, tc.q)
			if len(ans.Results) == 0 {
				t.Fatalf("status %s, no results", ans.Status)
			}
			for _, r := range ans.Results[:min(tc.within, len(ans.Results))] {
				if r.Passage.Section == tc.section && (tc.para == 0 || r.Passage.Paragraph == tc.para) {
					return
				}
			}
			p := ans.Results[0].Passage
			t.Errorf("no §%d ¶%d in the first %d results (first: §%d ¶%d)", tc.section, tc.para, tc.within, p.Section, p.Paragraph)
		})
	}
}

// TestListPlaces checks that "in the bullet points" puts a reading's list
// items first, and "the last bullet" its last one.
func TestListPlaces(t *testing.T) {
	svc := serviceFor(t, fstest.MapFS{"r.md": {Data: []byte("# Trade\n\n## Partners\n\n" +
		"Trade grows between the partners, and trade is what they share.\n\n" +
		"- Trade in oil grows.\n- Trade in chips grows.\n\n" +
		"## Ends\n\nTrade ends, and trade is over.\n")}})
	tests := []struct{ question, want string }{
		{"what does it say about trade in the bullet points", "Trade in oil grows."},
		{"last bullet: what about trade", "Trade in chips grows."},
		{"what does the first bullet say about trade", "Trade in oil grows."},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			ans := mustAsk(t, svc, tc.question)
			if len(ans.Results) == 0 || ans.Results[0].Passage.Text != tc.want {
				t.Errorf("first result %+v, want %q", ans.Results, tc.want)
			}
		})
	}
}
