package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/retrieval"
)

func TestWrapCountsVisibleWidth(t *testing.T) {
	bold := styleANSI.mark("the quick brown fox jumps over the lazy dog", []handlers.Span{{Start: 4, End: 9}, {Start: 16, End: 19}, {Start: 35, End: 39}})
	lines := wrap(bold, 20)
	for _, l := range lines {
		if w := visibleWidth(l); w > 20 {
			t.Errorf("line %q is %d columns wide, want ≤ 20", l, w)
		}
	}
	// Bytes would count the escape codes: the same words fit in as few
	// lines as without them.
	if plain := wrap("the quick brown fox jumps over the lazy dog", 20); len(lines) != len(plain) {
		t.Errorf("%d lines with bold, %d without: the codes took room", len(lines), len(plain))
	}
	if got := visibleWidth("“ü” \x1b[1mé\x1b[0m"); got != 5 {
		t.Errorf("visibleWidth = %d, want 5 (characters, not bytes)", got)
	}
}

func result(id string, score float64, text string) handlers.Result {
	doc := retrieval.DocInfo{ID: "d", Title: "T", Citation: "Author 2025"}
	_, sec, para, _ := corpus.ParsePassageID(id)
	return handlers.Result{Doc: doc, Passage: corpus.Passage{ID: id, DocID: "d", Section: sec, Paragraph: para, Text: text},
		Excerpt: text, Score: score}
}

func TestAnswerLayout(t *testing.T) {
	var rs []handlers.Result
	for i := 1; i <= 8; i++ {
		rs = append(rs, result(fmt.Sprintf("d#1.%d", i), 10-float64(i)*0.5, fmt.Sprintf("Passage number %d says something.", i)))
	}
	concept := &handlers.Concept{Name: "wedging", Definitions: []handlers.Definition{{Excerpt: "Passage number 1 says something.", PassageID: "d#1.1", Ref: "§1 ¶1"}}}
	a := handlers.Answer{Status: handlers.StatusAnswered, Results: rs, Concept: concept}

	var b strings.Builder
	if err := writeAnswerAt(&b, a, styleMarkdown, answerView{width: 60, first: 1}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Count(out, "Passage number 1 ") != 1 {
		t.Errorf("the card's passage is shown twice:\n%s", out)
	}
	for _, want := range []string{"> Passage number 2", "  2. Author 2025", "  3. Author 2025"} {
		if !strings.Contains(out, want) {
			t.Errorf("answer lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "  4. ") {
		t.Errorf("first page shows more than %d passages:\n%s", pageSize, out)
	}

	// "more" continues the numbering and stops where the passages stop answering.
	a.Results = append(a.Results, result("d#2.1", 1, "A passage far below the rest."))
	pages := answering(a)
	if len(pages) != 7 || pages[0].Passage.ID != "d#1.2" {
		t.Fatalf("answering kept %d passages from %s, want 7 from d#1.2", len(pages), pages[0].Passage.ID)
	}
	b.Reset()
	page := a
	page.Results, page.Concept = pages[3:6], nil
	if err := writeAnswerAt(&b, page, styleMarkdown, answerView{width: 60, first: 4}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  4. ", "  5. ", "  6. "} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("page 2 lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "  1. ") || strings.Contains(b.String(), "> ") {
		t.Errorf("page 2 starts again:\n%s", b.String())
	}
}

func TestMissLayout(t *testing.T) {
	closest := result("d#1.3", 3, "Trade between the two partners supports their economies.")
	var b strings.Builder
	a := handlers.Answer{Status: handlers.StatusNotFound, Closest: &closest, Suggestions: []string{"Trade"}}
	if err := writeAnswer(&b, a, styleMarkdown); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"don't seem to answer", "Closest they come (not an answer)", "> Trade between", "— Author 2025"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("miss lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := writeAnswer(&b, handlers.Answer{Status: handlers.StatusNotFound, OtherLanguage: true}, styleMarkdown); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "in English") {
		t.Errorf("a question in another language gets no hint:\n%s", b.String())
	}
}

func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"ask", "--help"}, {"eval", "-h"}} {
		out, stderr, err := runCLI(t, "", append([]string{"--index", t.TempDir()}, args...)...)
		if err != nil {
			t.Errorf("%q: %v", args, err)
		}
		if args[0] != "ask" && args[0] != "eval" {
			for _, cmd := range []string{"chat", "ask", "explain", "concepts", "sources", "reindex", "serve", "eval", "bench", "help"} {
				if !strings.Contains(out, "\n  "+cmd) {
					t.Errorf("%q: help lacks the command %q:\n%s", args, cmd, out)
				}
			}
		} else if !strings.Contains(stderr, "-") {
			t.Errorf("%q: no flags listed:\n%s", args, stderr)
		}
	}
}
