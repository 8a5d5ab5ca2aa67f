package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/retrieval"
)

// hostile are inputs that try to ping, mention or break the layout.
var hostile = []string{
	"@everyone look",
	"@here now",
	"@EVERYONE shouting",
	"hi <@310000000000000002> and <@!310000000000000002>",
	"role <@&320000000000000001> channel <#1245000000000000000> command </ask:1255000000000000001>",
	"```go\nfunc main() {}\n```",
	"||spoiler|| and ~~strike~~ and __under__",
	"[click me](http://evil.example/x)",
	"# Heading\n## Sub\n-# small",
	"> quoted\n>>> block",
	"back\\slash \\*not bold\\*",
	"@\u200beveryone already guarded",
	"emoji <:smile:123> <a:dance:456> time <t:1700000000:R>",
	strings.Repeat("word ", 2000),
	strings.Repeat("x", 10000),
	strings.Repeat("@everyone ", 1000),
	strings.Repeat("🙂", 5000),
	"\xff\xfe invalid utf-8 \xc3",
}

func TestEscapeHostile(t *testing.T) {
	for _, in := range hostile {
		out := escape(in)
		if err := checkText("escaped", out, 1<<30); err != nil {
			t.Errorf("escape(%.40q): %v", in, err)
		}
		for _, md := range []string{"```", "||", "~~", "__"} {
			if strings.Contains(out, md) {
				t.Errorf("escape(%.40q) = %.80q still has %q", in, out, md)
			}
		}
		if i := strings.Index(out, "]("); i >= 0 && (i == 0 || out[i-1] != '\\') {
			t.Errorf("escape(%.40q) = %.80q has a live masked link", in, out)
		}
		if strings.Contains(out, "\n") {
			t.Errorf("escape(%.40q) kept a line break", in)
		}
		if !utf8.ValidString(out) {
			t.Errorf("escape(%.40q) is not UTF-8", in)
		}
	}
	for in, want := range map[string]string{
		"a *b* _c_":    `a \*b\* \_c\_`,
		"# h":          `\# h`,
		"[x](y)":       `\[x\](y)`,
		"@everyone":    "@\u200beveryone",
		"<@1>":         "<\u200b@1\\>",
		"a\n\n  b\tc ": "a b c",
		`\`:            `\\`,
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFitText(t *testing.T) {
	s := "The first sentence is here. The second one is rather longer than the first one."
	got := fitText(s, 40)
	if got != "The first sentence is here.…" {
		t.Errorf("fitText cut at %q, want the sentence end", got)
	}
	got = fitText("alpha beta gamma delta epsilon", 20)
	if got != "alpha beta gamma…" {
		t.Errorf("fitText cut at %q, want a word end", got)
	}
	if got := fitText(strings.Repeat("x", 100), 10); textLen(got) > 10 || !strings.HasSuffix(got, ellipsis) {
		t.Errorf("long word: %q", got)
	}
	if got := fitText("short", 100); got != "short" {
		t.Errorf("short text changed: %q", got)
	}
	// A cut never splits an escape or a guard.
	for n := 1; n < 40; n++ {
		got := fitText("@everyone *** <@123> ***", n)
		if textLen(got) > n || checkText("cut", got, n) != nil {
			t.Errorf("fitText(…, %d) = %q", n, got)
		}
		if strings.HasSuffix(strings.TrimSuffix(got, ellipsis), `\`) && !strings.HasSuffix(strings.TrimSuffix(got, ellipsis), `\\`) {
			t.Errorf("fitText(…, %d) = %q ends inside an escape", n, got)
		}
	}
}

func TestRenderRichHighlights(t *testing.T) {
	s := "The security dilemma arises"
	got := renderRich(s, []handlers.Span{{Start: 4, End: 12}, {Start: 13, End: 20}}, -1)
	if got != "The **security dilemma** arises" {
		t.Errorf("got %q", got)
	}
	got = renderRich(s, []handlers.Span{{Start: 3, End: 13}}, -1) // spans with spaces at both ends
	if got != "The **security** dilemma arises" {
		t.Errorf("got %q", got)
	}
	// Bad spans are ignored, not trusted.
	got = renderRich(s, []handlers.Span{{Start: -1, End: 3}, {Start: 20, End: 999}, {Start: 5, End: 2}, {Start: 4, End: 8}, {Start: 6, End: 12}}, -1)
	if got != "The **secu**rity dilemma arises" {
		t.Errorf("got %q", got)
	}
	// A cut inside a bold run closes it.
	got = renderRich(s, []handlers.Span{{Start: 4, End: 20}}, 20)
	if got != "The **security**…" {
		t.Errorf("got %q", got)
	}
	// Highlighted markdown stays escaped inside the bold.
	got = renderRich("a *b* c", []handlers.Span{{Start: 2, End: 5}}, -1)
	if got != `a **\*b\*** c` {
		t.Errorf("got %q", got)
	}
	// Multi-byte text with a span on a rune boundary, and one inside a rune.
	got = renderRich("naïve résumé", []handlers.Span{{Start: 0, End: 6}, {Start: 8, End: 9}}, -1)
	if got != "**naïve** résumé" {
		t.Errorf("got %q", got)
	}
}

func TestRenderAnswerHostile(t *testing.T) {
	for _, q := range hostile {
		for _, ex := range hostile {
			a := answerWith(q, ex, []handlers.Span{{Start: 0, End: len(ex) / 2}})
			embeds := clampEmbeds(renderAnswer(a, 0))
			if err := checkMessage("", embeds, 0); err != nil {
				t.Fatalf("q %.30q ex %.30q: %v", q, ex, err)
			}
			raw := renderAnswer(a, 0) // the renderer fits by itself, before clamping
			if err := checkMessage("", raw, 0); err != nil {
				t.Fatalf("unclamped q %.30q ex %.30q: %v", q, ex, err)
			}
		}
	}
}

func TestRenderOthersWithinLimits(t *testing.T) {
	long := strings.Repeat("@everyone <@1> **x** ", 600)
	c := &handlers.Concept{Name: long, Group: long, Explanation: long, Aliases: []string{long, long}, Related: []string{long, long, long}}
	for i := 0; i < 30; i++ {
		c.Definitions = append(c.Definitions, handlers.Definition{Excerpt: long, Ref: long, Citation: long})
		c.Occurrences = append(c.Occurrences, handlers.Occurrence{Ref: long[:i+10]})
	}
	var rs []handlers.Result
	var docs []retrieval.DocInfo
	for i := 0; i < 40; i++ {
		rs = append(rs, answerWith(long, long, nil).Results[0])
		docs = append(docs, retrieval.DocInfo{Title: long, Citation: long, Author: long, Path: long, Passages: i})
	}
	srcs, _ := renderSources(handlers.Sources{Documents: docs, Version: long}, 0)
	msgs := map[string][]*discordgo.MessageEmbed{
		"concept": {renderConcept(c)},
		"search":  {renderSearch(long, rs, 0)},
		"sources": {srcs},
		"summary": {renderSummary(retrieval.BuildSummary{Added: []string{long, long}, Removed: []string{long}, Changed: []string{long}, Version: long})},
		"full":    {renderFullParagraph(handlers.PassageView{Doc: rs[0].Doc, Passage: rs[0].Passage})},
	}
	for name, embeds := range msgs {
		if err := checkMessage("", embeds, 0); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := checkText("miss", missNote(handlers.Answer{Unmentioned: long[:64], Suggestions: []string{long, long, long}}), maxContent); err != nil {
		t.Errorf("miss note: %v", err)
	}
}

func TestClampEmbeds(t *testing.T) {
	big := strings.Repeat("a ", 3000)
	e := &discordgo.MessageEmbed{Title: big, Description: big + big, Footer: &discordgo.MessageEmbedFooter{Text: big}}
	for i := 0; i < 40; i++ {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: big, Value: big})
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "", Value: " "})
	out := clampEmbeds([]*discordgo.MessageEmbed{e, e})
	if err := checkMessage("", out, 0); err != nil {
		t.Error(err)
	}
	if len(e.Fields) != 41 || textLen(e.Title) != 6000 {
		t.Error("clampEmbeds changed its input")
	}
	if got := clampContent(strings.Repeat("word ", 1000)); textLen(got) > maxContent || !strings.HasSuffix(got, ellipsis) {
		t.Errorf("clampContent: %d units", textLen(got))
	}
}

func TestToChoices(t *testing.T) {
	var cs []handlers.Choice
	for i := 0; i < 40; i++ {
		cs = append(cs, handlers.Choice{Label: strings.Repeat("label ", 30), Value: "v" + strings.Repeat("x", i)})
	}
	cs = append([]handlers.Choice{{Label: "", Value: "only value"}, {Label: "dup", Value: "only value"}, {Label: "long", Value: strings.Repeat("y", 101)}}, cs...)
	got := toChoices(cs)
	if len(got) != maxChoices {
		t.Fatalf("%d choices", len(got))
	}
	if got[0].Name != "only value" || got[1].Value == "only value" {
		t.Errorf("first choices %+v %+v", got[0], got[1])
	}
	for _, c := range got {
		v, _ := c.Value.(string)
		if c.Name == "" || textLen(c.Name) > maxChoiceLength || textLen(v) > maxChoiceLength {
			t.Errorf("choice %+v", c)
		}
	}
	if len(toChoices(nil)) != 0 || toChoices(nil) == nil {
		t.Error("no choices must be an empty list, not null")
	}
}

// answerWith is an answer with one hostile question and excerpt.
func answerWith(question, excerpt string, spans []handlers.Span) handlers.Answer {
	doc := retrieval.DocInfo{ID: "d", Citation: excerpt, Title: question}
	p := passageAt(0)
	p.Heading = excerpt
	p.Text = excerpt + " " + question
	r := handlers.Result{Doc: doc, Passage: p, Excerpt: excerpt, Highlights: spans}
	return handlers.Answer{
		Question: question,
		Status:   handlers.StatusAnswered,
		Results:  []handlers.Result{r, r, r, r},
		Version:  question,
		Concept: &handlers.Concept{
			Name:        question,
			Explanation: excerpt,
			Definitions: []handlers.Definition{{Excerpt: excerpt, Citation: question}},
		},
	}
}

func FuzzRenderAnswer(f *testing.F) {
	for _, h := range hostile[:13] {
		f.Add(h, "The security dilemma arises when "+h, 4, 20)
	}
	f.Add("", "", 0, 0)
	f.Add("<@1>", "@everyone", -5, 1<<20)
	f.Fuzz(func(t *testing.T, question, excerpt string, start, end int) {
		a := answerWith(question, excerpt, []handlers.Span{{Start: start, End: end}, {Start: end, End: end + 3}})
		for page := 0; page < 2; page++ {
			embeds := renderAnswer(a, page)
			if err := checkMessage("", embeds, 0); err != nil {
				t.Fatalf("page %d: %v\nquestion %q\nexcerpt %q", page, err, question, excerpt)
			}
			for _, e := range embeds {
				for _, s := range []string{e.Title, e.Description} {
					if !utf8.ValidString(s) {
						t.Fatalf("invalid UTF-8 in %q", s)
					}
				}
			}
		}
		if err := checkText("miss", missNote(handlers.Answer{Suggestions: []string{question, excerpt}}), maxContent); err != nil {
			t.Fatal(err)
		}
		if err := checkMessage("", []*discordgo.MessageEmbed{renderConcept(a.Concept)}, 0); err != nil {
			t.Fatal(err)
		}
	})
}
