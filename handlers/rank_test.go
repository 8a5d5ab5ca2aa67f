package handlers

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// TestSentenceFeatures checks the per-sentence evidence the ranking uses:
// which of the question's words one sentence holds, and how many sentences
// hold any.
func TestSentenceFeatures(t *testing.T) {
	text := "Alliances deter rivals. Nothing here matches. Rivals fear alliances and sanctions. Trade matters."
	ix := newMemIndex("t", map[string]string{"1.1": text}, nil)
	aliases, _ := LoadAliases(nil)
	p := analyse(nil, "Do alliances deter rivals or sanctions?", ix, aliases)
	c := newCandidate(p, retrieval.Hit{Passage: corpus.Passage{ID: "doc#1.1", Text: text}}, analyseText(nil, text))
	tests := []struct {
		sentence, want int
	}{
		{0, 3}, // alliances, deter, rivals
		{1, 0},
		{2, 3}, // rivals, alliances, sanctions
		{3, 0},
	}
	for _, tc := range tests {
		if got := c.clausesIn(p, tc.sentence); got != tc.want {
			t.Errorf("clausesIn(sentence %d) = %d, want %d", tc.sentence, got, tc.want)
		}
	}
	if got := c.sentencesMatched(); got != 2 {
		t.Errorf("sentencesMatched = %d, want 2", got)
	}
	// The best sentence holds the rarest words together: "sanctions" and
	// "deter" occur once each, so either sentence with three clauses may
	// win, but never one without matches.
	if one, w := c.bestWindow(p, 0); one <= 0 || (w.first != 0 && w.first != 2) {
		t.Errorf("bestWindow = %.2f at sentence %d", one, w.first)
	}
}

// TestAnsweringSentence checks that the answer-type evidence comes from a
// sentence that holds both question words and the kind of answer asked for,
// even when another sentence holds the question's words better.
func TestAnsweringSentence(t *testing.T) {
	aliases, _ := LoadAliases(nil)
	tests := []struct {
		name, text, question string
		want                 bool // some matching sentence offers the answer
	}{
		{"a date beside the question's words", "Western alliances formed and deepened quickly. Alliances formed in 1949.", "When did Western alliances form?", true},
		{"no date anywhere", "Western alliances formed and deepened quickly. Alliances formed later.", "When did Western alliances form?", false},
		{"a date in a sentence without the question's words", "Western alliances formed. It rained in 1949.", "When did Western alliances form?", false},
		{"a number for how many", "Alliances have members. Twelve states founded the alliance.", "How many states founded the alliance?", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ix := newMemIndex("t", map[string]string{"1.1": tc.text}, nil)
			p := analyse(nil, tc.question, ix, aliases)
			c := newCandidate(p, retrieval.Hit{Passage: corpus.Passage{ID: "doc#1.1", Text: tc.text}}, analyseText(nil, tc.text))
			if got := c.answeringSentence(p) > 0; got != tc.want {
				t.Errorf("answeringSentence > 0 is %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDefinitionCue(t *testing.T) {
	tests := []struct {
		rest string
		want bool
	}{
		{" (an approach for separating", true},
		{": an attempt to divide", true},
		{"\nrefers to weakening", true}, // a line break kept from the source
		{",\nwhich involves taking", true},
		{"” means", true},
		{" was common", false},
		{"", false},
		{" \u00a0is\t \n the", true},             // any white space, collapsed
		{"   \n\n   \n\n         is the", false}, // the cue is past the 24 bytes read
		{" is\xffthe", false},                    // a broken byte is no space
		{",   which\u2028", true},
	}
	for _, tc := range tests {
		if got := definitionCue(tc.rest); got != tc.want {
			t.Errorf("definitionCue(%q) = %v, want %v", tc.rest, got, tc.want)
		}
	}
}

// TestDocEvidence checks the evidence of a passage's reading: a word rare
// within the reading counts for more than one most of its passages share,
// and readings too short to say anything get none.
func TestDocEvidence(t *testing.T) {
	texts := map[string]string{
		"1.1": "Tesla built a motor.",
		"1.2": "Tesla moved to New York.",
		"1.3": "Tesla sold a licence for the motor.",
		"1.4": "A licence was sold.",
	}
	aliases, _ := LoadAliases(nil)
	ix := newMemIndex("t", texts, nil)
	p := analyse(nil, "Tesla licence", ix, aliases)
	added := func(passages int) map[string]float64 {
		// Every passage holding a question word is a candidate.
		var cands []*candidate
		for _, id := range []string{"1.1", "1.2", "1.3", "1.4"} {
			h := retrieval.Hit{Doc: retrieval.DocInfo{ID: "doc", Passages: passages},
				Passage: corpus.Passage{ID: "doc#" + id, Text: texts[id]}}
			cands = append(cands, newCandidate(p, h, analyseText(nil, texts[id])))
		}
		docEvidence(p, cands, 5)
		out := make(map[string]float64)
		for _, c := range cands {
			out[c.hit.Passage.ID] = c.score
		}
		return out
	}
	got := added(4)
	if got["doc#1.4"] <= got["doc#1.2"] {
		t.Errorf("the passage with the reading's rarer word got %.3f, the one with its common word %.3f", got["doc#1.4"], got["doc#1.2"])
	}
	for id, v := range added(2) {
		if v != 0 {
			t.Errorf("%s: a two-passage reading added %.3f, want nothing", id, v)
		}
	}
}

// TestQueryLeavesOutUnusedAlternatives checks that the candidate search
// holds no alternative whose first term no passage holds ("prc" for
// China, in readings that never write it), and keeps every other.
func TestQueryLeavesOutUnusedAlternatives(t *testing.T) {
	svc := newTestService(nil)
	p := analyse(svc.texts.an, "what does beijing sell to moscow", svc.questionStats(), svc.currentAliases())
	all := p.query(60, svc.ix.Passages(), nil)
	q := p.query(60, svc.ix.Passages(), svc.ix.DocFreq)
	if len(q.Clauses) != len(all.Clauses) {
		t.Fatalf("%d clauses, want %d", len(q.Clauses), len(all.Clauses))
	}
	dropped := 0
	for i, c := range q.Clauses {
		kept := make(map[string]bool)
		for _, alt := range c.Alternatives {
			kept[strings.Join(alt, " ")] = true
			if svc.ix.DocFreq(alt[0]) == 0 {
				t.Errorf("clause %d searches %q, which no passage holds", i, alt)
			}
		}
		for _, alt := range all.Clauses[i].Alternatives {
			if svc.ix.DocFreq(alt[0]) > 0 && !kept[strings.Join(alt, " ")] {
				t.Errorf("clause %d lost %q, which passages hold", i, alt)
			}
		}
		dropped += len(all.Clauses[i].Alternatives) - len(c.Alternatives)
	}
	if dropped == 0 {
		t.Error("no alternative left out: the test question needs an alias the readings never write")
	}
}

func TestAnswerTokens(t *testing.T) {
	text := "In 1991 two states met. Then Putin spoke in March, about 5 issues."
	a := analyseText(nil, text)
	words := func(s int, kind answerKind) []string {
		var out []string
		for _, i := range a.offers[s][kind] {
			out = append(out, text[a.toks[i].Start:a.toks[i].End])
		}
		return out
	}
	tests := []struct {
		sentence int
		kind     answerKind
		want     []string
	}{
		{0, answerNumber, []string{"1991", "two"}},
		{0, answerTime, []string{"1991"}},
		{0, answerName, nil}, // "In" opens the sentence
		{1, answerNumber, []string{"5"}},
		{1, answerTime, []string{"March"}}, // "5" is too short for a year
		{1, answerName, []string{"Putin", "March"}},
	}
	if len(a.offers) != 2 {
		t.Fatalf("offers for %d sentences, want 2", len(a.offers))
	}
	for _, tc := range tests {
		if got := words(tc.sentence, tc.kind); !slices.Equal(got, tc.want) {
			t.Errorf("sentence %d, kind %d: %q, want %q", tc.sentence, tc.kind, got, tc.want)
		}
	}
}

// TestPooledSlabsRankAsFreshOnes asks questions of different lengths one
// after another of one Service, whose rankings reuse each other's slabs,
// and each of a new Service, and wants the same answers.
func TestPooledSlabsRankAsFreshOnes(t *testing.T) {
	shared := essayService(t)
	questions := []string{
		"what is wedging",
		"how does the security dilemma shape china and russia's alignment with each other against the united states and its allies in europe and asia",
		"bloodletting",
		"why would the us try to split russia from china",
		"what does glaser say about nuclear weapons",
		"what is wedging",
	}
	ctx := context.Background()
	for _, q := range questions {
		got, err := shared.Ask(ctx, q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := New(shared.ix, Options{}).Ask(ctx, q, AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: after other questions\n%+v\nfresh\n%+v", q, got, want)
		}
	}
}

func TestSlabsResetClears(t *testing.T) {
	sl := newSlabs(4, 3)
	for i := range sl.matches {
		sl.matches[i], sl.matchLen[i], sl.factor[i], sl.bySynonym[i] = []int{1}, []int{1}, 2, true
	}
	sl.pos = append(sl.pos, 7)
	for _, size := range [][2]int{{2, 2}, {4, 3}, {8, 5}} {
		sl.held = append(sl.held, true)
		sl.fields[termsKey{"doc", 1}] = sl.held
		sl.reset(size[0], size[1])
		if len(sl.fields) != 0 || len(sl.held) != 0 {
			t.Fatalf("reset(%d, %d) keeps %d titles and headings, %d clause flags", size[0], size[1], len(sl.fields), len(sl.held))
		}
		if len(sl.cands) != size[0] || len(sl.matches) != size[0]*size[1] || len(sl.pos) != 0 {
			t.Fatalf("reset(%d, %d): %d candidates, %d clause slots, %d positions", size[0], size[1], len(sl.cands), len(sl.matches), len(sl.pos))
		}
		for i := range sl.matches {
			if sl.matches[i] != nil || sl.matchLen[i] != nil || sl.factor[i] != 0 || sl.bySynonym[i] {
				t.Fatalf("reset(%d, %d): slot %d keeps %v %v %v %v", size[0], size[1], i, sl.matches[i], sl.matchLen[i], sl.factor[i], sl.bySynonym[i])
			}
		}
	}
}
