package handlers

import (
	"context"
	"slices"
	"testing"

	"github.com/citebot/citebot/retrieval"
)

// TestSmallIndexFindsWhatTheIndexFinds checks that searching the passages
// in memory finds the same passages as the index's search, for terms,
// phrases, aliases, synonyms, typos and feedback.
func TestSmallIndexFindsWhatTheIndexFinds(t *testing.T) {
	svc := essayService(t)
	ctx := context.Background()
	si, err := svc.smallIndexFor(ctx, minCandidates)
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

// TestSmallIndexOnlyForSmallIndexes checks that an index of more passages
// than a search fetches is searched, and that a new index version is
// listed afresh.
func TestSmallIndexOnlyForSmallIndexes(t *testing.T) {
	svc := essayService(t)
	ctx := context.Background()
	if si, err := svc.smallIndexFor(ctx, svc.ix.Passages()-1); err != nil || si != nil {
		t.Errorf("smallIndexFor(fewer than the passages) = %v, %v; want nil", si, err)
	}
	first, err := svc.smallIndexFor(ctx, minCandidates)
	if err != nil || first == nil {
		t.Fatalf("smallIndexFor = %v, %v", first, err)
	}
	again, _ := svc.smallIndexFor(ctx, minCandidates)
	if again != first {
		t.Error("the same version was listed twice")
	}
	svc.small.cur.version = "an older version"
	if fresh, _ := svc.smallIndexFor(ctx, minCandidates); fresh == first || fresh.version != svc.ix.Version() {
		t.Error("an index of another version was not listed afresh")
	}
}

// TestSmallIndexKeepsTheQueryBounds checks the in-memory search's limits:
// one document when the query names it, and no clause past
// retrieval.MaxQueryTerms alternatives.
func TestSmallIndexKeepsTheQueryBounds(t *testing.T) {
	svc := newTestService(nil)
	si, err := svc.smallIndexFor(context.Background(), minCandidates)
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
