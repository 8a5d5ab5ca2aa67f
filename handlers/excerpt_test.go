package handlers

import (
	"strings"
	"testing"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

func TestExcerpt(t *testing.T) {
	long := "The committee, " + strings.Repeat("after long and careful deliberation over many months, ", 10) +
		"finally recommended sanctions against the regime, which surprised observers."
	reason := "This reflects " + strings.Repeat("the steady growth of demand for housing, ", 9) + "and scarce land."
	tests := []struct {
		name, text, question string
		want                 string // the excerpt, exactly
		holds                string // or a part it must hold
	}{
		{
			name:     "one sentence, U.S. does not end it",
			text:     "Wars drain budgets. The U.S. industrial base may be strengthened by support for Ukraine. Prices rose.",
			question: "Could the industrial base be strengthened?",
			want:     "The U.S. industrial base may be strengthened by support for Ukraine. Prices rose.",
		},
		{
			name:     "the sentences that hold the question's words",
			text:     "Alpha is first. Beta meets gamma here. Delta follows. Epsilon ends it all today.",
			question: "where do beta and gamma meet?",
			want:     "Beta meets gamma here. Delta follows. Epsilon ends it all today.",
		},
		{
			name:     "a sentence too long to quote whole is cut at words around the match",
			text:     long,
			question: "what did the committee recommend about sanctions?",
		},
		{
			name:     "a why-question gets the reason that follows, its statement cut at the start",
			text:     "Rents in the capital rose sharply over the last ten years for many reasons. " + reason + " Nothing else.",
			question: "Why did rents rise in the capital?",
			holds:    "for many reasons. " + reason,
		},
		{
			name:     "a hard-wrapped sentence is cut at line breaks too",
			text:     strings.ReplaceAll(long, " ", "\n"),
			question: "what did the committee recommend about sanctions?",
		},
	}
	aliases, _ := LoadAliases(nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ix := newMemIndex("t", map[string]string{"1.1": tc.text}, nil)
			p := analyse(nil, tc.question, ix, aliases)
			c := newCandidate(p, retrieval.Hit{Passage: corpus.Passage{ID: "doc#1.1", Text: tc.text}}, analyseText(nil, tc.text))
			ex, hl := c.excerpt(p)
			if tc.holds != "" && (!strings.Contains(ex, tc.holds) || !strings.HasPrefix(ex, ellipsis)) {
				t.Errorf("excerpt %q does not hold %q after a cut mark", ex, tc.holds)
			}
			if tc.want != "" && ex != tc.want {
				t.Errorf("excerpt %q, want %q", ex, tc.want)
			}
			if len(ex) > MaxExcerpt {
				t.Errorf("excerpt is %d bytes", len(ex))
			}
			core := strings.TrimSuffix(strings.TrimPrefix(ex, ellipsis), ellipsis)
			if !strings.Contains(tc.text, core) {
				t.Errorf("excerpt %q is not verbatim", ex)
			}
			if i := strings.Index(tc.text, core); strings.HasPrefix(ex, ellipsis) && i > 0 && !strings.ContainsAny(tc.text[i-1:i], " \n") {
				t.Errorf("excerpt %q starts inside a word", ex)
			}
			if strings.TrimSpace(core) != core {
				t.Errorf("excerpt %q starts or ends with white space", ex)
			}
			if len(hl) == 0 && tc.holds == "" {
				t.Error("no highlights")
			}
			for _, h := range hl {
				if h.Start < 0 || h.End > len(ex) {
					t.Fatalf("highlight %+v outside %q", h, ex)
				}
			}
			if tc.want == "" && tc.holds == "" && (!strings.Contains(ex, "sanctions") || !strings.HasPrefix(ex, ellipsis)) {
				t.Errorf("long sentence excerpt %q misses the match or the cut mark", ex)
			}
		})
	}
}
