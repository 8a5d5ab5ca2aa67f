package handlers

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/citebot/citebot/retrieval"
)

// TestMemSearchFindsWhatTheIndexFinds checks that searching the passages
// in memory finds the same passages as the index's search, for terms,
// phrases, aliases, synonyms, typos and feedback.
func TestMemSearchFindsWhatTheIndexFinds(t *testing.T) {
	svc := essayService(t)
	ctx := context.Background()
	si, err := svc.memSearchFor(ctx)
	if err != nil || si == nil {
		t.Fatalf("smallIndexFor = %v, %v; want the essay's passages", si, err)
	}
	if len(si.hits) != svc.ix.Passages() {
		t.Fatalf("%d passages listed, want %d", len(si.hits), svc.ix.Passages())
	}
	questions := []string{
		"What is wedging?",
		"why hasnt china given weapons to russia",
		"how does the united states see east asia",     // phrases
		"what does the white house think of nato",      // a phrase alternative
		"how strong are the armed forces",              // "armed forces", whose "arm" stands alone elsewhere
		"is the security dilema mild",                  // a typo
		"What does the author say about bloodletting?", // feedback on a long question
		"how do china and russia help each other's militaries with components and expertise",
		"zebra quantum marmalade", // nothing
	}
	for _, q := range questions {
		t.Run(q, func(t *testing.T) {
			p := analyse(svc.texts.an, q, svc.questionStats(), svc.currentAliases())
			queries := []retrieval.Query{p.query(minCandidates, svc.ix.Passages(), svc.ix.DocFreq)}
			cands := rank(p, si.search(queries[0]), svc.ix.AvgPassageTerms(), &svc.texts, svc.ix.Version(), svc.ix.DocFreq, nil)
			if xp, ok := expand(p, cands, float64(svc.ix.Passages()), svc.ix.DocFreq); ok {
				queries = append(queries, xp.query(minCandidates, svc.ix.Passages(), svc.ix.DocFreq))
			}
			for _, query := range queries {
				hits, err := svc.ix.Search(ctx, query)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := ids(si.search(query)), ids(hits); !slices.Equal(got, want) {
					t.Errorf("in memory %q\nindex     %q", got, want)
				}
			}
		})
	}
}

// TestMemSearchScoresAsTheIndexDoes checks that when more passages match
// than a search returns, searching in memory keeps the passages the
// index's search keeps, with the index's own scores: only passages tied
// with the last one kept may differ, since the index breaks ties in an
// order of its own.
func TestMemSearchScoresAsTheIndexDoes(t *testing.T) {
	svc := essayService(t)
	ctx := context.Background()
	si, err := svc.memSearchFor(ctx)
	if err != nil || si == nil {
		t.Fatalf("memSearchFor = %v, %v", si, err)
	}
	questions := []string{
		"What is wedging?",
		"why hasnt china given weapons to russia",
		"how does the united states see east asia", // phrases
		"how strong are the armed forces",
		"What does the author say about bloodletting and the war in ukraine?",
		"how do china and russia help each other's militaries with components and expertise",
	}
	for _, limit := range []int{2, 3} {
		for _, q := range questions {
			t.Run(fmt.Sprint(limit, " ", q), func(t *testing.T) {
				p := analyse(svc.texts.an, q, svc.questionStats(), svc.currentAliases())
				query := p.query(limit, svc.ix.Passages(), svc.ix.DocFreq)
				want, err := svc.ix.Search(ctx, query)
				if err != nil {
					t.Fatal(err)
				}
				if len(want) < limit {
					t.Fatalf("%d hits: the question no longer fills the limit", len(want))
				}
				sh := si.sheet()
				si.score(sh, queryChildren(query))
				score := make(map[string]float64)
				for _, at := range sh.found {
					score[si.hits[at].Passage.ID] = sh.score[at]
				}
				for _, h := range want {
					if got := score[h.Passage.ID]; math.Abs(got-h.Score) > 1e-12*h.Score {
						t.Errorf("%s scored %g in memory, %g by the index", h.Passage.ID, got, h.Score)
					}
				}
				last := want[len(want)-1].Score
				got := si.search(query)
				if len(got) != len(want) {
					t.Fatalf("%d hits in memory, %d from the index", len(got), len(want))
				}
				for _, id := range symmetricDifference(ids(got), ids(want)) {
					if math.Abs(score[id]-last) > 1e-12*last {
						t.Errorf("%s (score %g) differs, and is not tied with the last hit kept (%g)", id, score[id], last)
					}
				}
			})
		}
	}
}

func symmetricDifference(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			out = append(out, x)
		}
	}
	return out
}

// TestMemSearchOnlyForSmallIndexes checks that an index of more terms than
// memSearchTerms is searched, and that a new index version is listed
// afresh.
func TestMemSearchOnlyForSmallIndexes(t *testing.T) {
	big := newMemIndex("Alliances in Theory", testPassages, nil)
	big.total = memSearchTerms * len(testPassages)
	if si, err := New(big, Options{}).memSearchFor(context.Background()); err != nil || si != nil {
		t.Errorf("memSearchFor(an index of %d passages of %d terms) = %v, %v; want nil", len(testPassages), memSearchTerms, si, err)
	}
	svc := essayService(t)
	ctx := context.Background()
	first, err := svc.memSearchFor(ctx)
	if err != nil || first == nil {
		t.Fatalf("memSearchFor = %v, %v", first, err)
	}
	again, _ := svc.memSearchFor(ctx)
	if again != first {
		t.Error("the same version was listed twice")
	}
	svc.mem.cur.version = "an older version"
	if fresh, _ := svc.memSearchFor(ctx); fresh == first || fresh.version != svc.ix.Version() {
		t.Error("an index of another version was not listed afresh")
	}
}

// TestMemSearchKeepsTheQueryBounds checks the in-memory search's limits:
// one document when the query names it, and no clause past
// retrieval.MaxQueryTerms alternatives.
func TestMemSearchKeepsTheQueryBounds(t *testing.T) {
	svc := newTestService(nil)
	si, err := svc.memSearchFor(context.Background())
	if err != nil || si == nil {
		t.Fatalf("smallIndexFor = %v, %v", si, err)
	}
	wedge := retrieval.Clause{Alternatives: [][]string{{"wedg"}}}
	if len(si.search(retrieval.Query{Clauses: []retrieval.Clause{wedge}})) == 0 {
		t.Fatal("no passage holds wedg: the fixture changed")
	}
	if hits := si.search(retrieval.Query{Clauses: []retrieval.Clause{wedge}, DocID: "no-such-document"}); len(hits) != 0 {
		t.Errorf("%d hits in a document that does not exist", len(hits))
	}
	filler := retrieval.Clause{Alternatives: make([][]string, retrieval.MaxQueryTerms)}
	for i := range filler.Alternatives {
		filler.Alternatives[i] = []string{"zzz"}
	}
	if hits := si.search(retrieval.Query{Clauses: []retrieval.Clause{filler, wedge}}); len(hits) != 0 {
		t.Errorf("%d hits for a clause past the bound", len(hits))
	}
}

func ids(hits []retrieval.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Passage.ID
	}
	slices.Sort(out)
	return out
}
