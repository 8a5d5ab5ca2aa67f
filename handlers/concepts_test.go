package handlers_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/readings"
)

// requiredConcepts are the concepts the shipped glossary must explain.
var requiredConcepts = []string{
	"balancing", "internal balancing", "external balancing", "wedging", "bloodletting", "bait and bleed",
	"security dilemma", "spiral model", "action-reaction cycle", "diffuse reciprocity", "alignment", "alliance",
	"hegemony", "status quo", "grand strategy", "deterrence", "sanctions", "bandwagoning", "buck-passing",
}

// built is a service answering from an index of a corpus.
type built struct {
	svc *handlers.Service
	ix  *index.Index
}

// buildService indexes the readings of fsys in a temporary folder. The
// service can reindex: it reads fsys again.
func buildService(t *testing.T, fsys fs.FS) built {
	t.Helper()
	ix, err := index.New(t.TempDir(), nil)
	if err != nil && !errors.Is(err, index.ErrNoIndex) {
		t.Fatalf("new index: %v", err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	load := func(ctx context.Context) (*corpus.Corpus, string, error) {
		c, err := corpus.Load(fsys)
		if err != nil {
			return nil, "", err
		}
		fp, err := corpus.Fingerprint(fsys)
		return c, fp, err
	}
	svc := handlers.New(ix, handlers.Options{Builder: ix, Loader: load})
	if _, err := svc.Reindex(context.Background(), nil); err != nil {
		t.Fatalf("index the readings: %v", err)
	}
	return built{svc, ix}
}

// essay is the service for the built-in readings and their glossary.
func essay(t *testing.T) built {
	t.Helper()
	return buildService(t, readings.FS)
}

// shippedGlossary parses readings/glossary.toml.
func shippedGlossary(t *testing.T) *handlers.Glossary {
	t.Helper()
	src, err := fs.ReadFile(readings.FS, handlers.GlossaryFile)
	if err != nil {
		t.Fatalf("the built-in readings have no %s: %v", handlers.GlossaryFile, err)
	}
	g, problems := handlers.LoadGlossary(src)
	for _, p := range problems {
		t.Errorf("shipped glossary: %s", p)
	}
	return g
}

// forms are the analysed terms of a concept's name and aliases.
func forms(c *handlers.Concept) [][]string {
	var out [][]string
	for _, n := range append([]string{c.Name}, c.Aliases...) {
		if t := analysis.Terms(n); len(t) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// mentions reports whether text names the concept or an alias: one of
// forms occurs among its analysed terms as a run.
func mentions(text string, forms [][]string) bool {
	terms := analysis.Terms(text)
	for _, f := range forms {
		for i := 0; i+len(f) <= len(terms); i++ {
			if slices.Equal(terms[i:i+len(f)], f) {
				return true
			}
		}
	}
	return false
}

func explain(t *testing.T, svc *handlers.Service, q string) handlers.Explanation {
	t.Helper()
	ex, err := svc.Explain(context.Background(), q)
	if err != nil {
		t.Fatalf("Explain(%q): %v", q, err)
	}
	return ex
}

func TestShippedGlossary(t *testing.T) {
	g := shippedGlossary(t)
	names := map[string]handlers.GlossaryEntry{}
	for _, e := range g.Entries {
		names[e.Name] = e
	}
	for _, name := range requiredConcepts {
		t.Run(name, func(t *testing.T) {
			e, ok := names[name]
			if !ok {
				t.Fatalf("the glossary has no %q", name)
			}
			if len(e.Explanation) < 120 {
				t.Errorf("explanation too short: %q", e.Explanation)
			}
			if e.Group == "" || e.Group == "other" {
				t.Errorf("no group")
			}
			if len(e.Related) == 0 {
				t.Errorf("no related concepts")
			}
		})
	}
	// The scholars the terms come from.
	scholars := map[string][]string{
		"security dilemma":    {"Herz", "Jervis"},
		"spiral model":        {"Jervis"},
		"wedging":             {"Crawford"},
		"bloodletting":        {"Mearsheimer"},
		"bait and bleed":      {"Mearsheimer"},
		"diffuse reciprocity": {"Keohane"},
		"internal balancing":  {"Waltz"},
		"external balancing":  {"Waltz"},
		"buck-passing":        {"Christensen", "Mearsheimer"},
		"bandwagoning":        {"Walt", "Schweller"},
		"alignment":           {"Snyder"},
		"deterrence":          {"Schelling"},
		"grand strategy":      {"Posen"},
	}
	for name, who := range scholars {
		for _, s := range who {
			if !strings.Contains(names[name].Explanation, s) {
				t.Errorf("%s: the explanation does not name %s", name, s)
			}
		}
	}
}

// TestCitationsMentionConcept checks every concept's card: each passage it
// cites as an occurrence or definition names the concept or an alias, and
// each definition is a verbatim sentence of its passage.
func TestCitationsMentionConcept(t *testing.T) {
	b := essay(t)
	ctx := context.Background()
	list, err := b.svc.Concepts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range requiredConcepts {
		if !slices.ContainsFunc(list, func(c handlers.ConceptSummary) bool { return c.Name == name }) {
			t.Errorf("Concepts lacks %q", name)
		}
	}
	for _, cs := range list {
		t.Run(cs.Name, func(t *testing.T) {
			ex := explain(t, b.svc, cs.Name)
			c := ex.Concept
			if c == nil {
				t.Fatalf("no card for %q", cs.Name)
			}
			if c.Name != cs.Name || c.Group != cs.Group || len(c.Occurrences) != cs.Passages {
				t.Errorf("card %q/%q/%d disagrees with the list %q/%q/%d",
					c.Name, c.Group, len(c.Occurrences), cs.Name, cs.Group, cs.Passages)
			}
			if c.Explanation == "" {
				t.Error("no explanation")
			}
			f := forms(c)
			text := func(id string) string {
				h, ok, err := b.ix.Passage(ctx, id)
				if err != nil || !ok {
					t.Fatalf("passage %s: ok=%v err=%v", id, ok, err)
				}
				return h.Passage.Text
			}
			seen := map[string]bool{}
			for _, o := range c.Occurrences {
				if seen[o.PassageID] {
					t.Errorf("%s cited twice", o.PassageID)
				}
				seen[o.PassageID] = true
				if !mentions(text(o.PassageID), f) {
					t.Errorf("occurrence %s (%s) does not mention %q or an alias", o.Ref, o.PassageID, c.Name)
				}
			}
			for _, d := range c.Definitions {
				pt := text(d.PassageID)
				if !strings.Contains(pt, d.Excerpt) {
					t.Errorf("definition %q is not verbatim from %s", d.Excerpt, d.PassageID)
				}
				if !mentions(d.Excerpt, f) {
					t.Errorf("definition %q does not mention %q or an alias", d.Excerpt, c.Name)
				}
				if !seen[d.PassageID] {
					t.Errorf("definition in %s is not among the occurrences", d.PassageID)
				}
				if d.Ref == "" || !strings.HasPrefix(d.Citation, "Glaser 2025, §") {
					t.Errorf("definition %s badly cited: ref %q citation %q", d.PassageID, d.Ref, d.Citation)
				}
			}
		})
	}
}

// TestEssayDefinitionsFirst checks that the concepts the essay defines in
// its own words get those words on their cards.
func TestEssayDefinitionsFirst(t *testing.T) {
	b := essay(t)
	tests := []struct {
		concept string
		want    []string // each in one of the definitions; the first in the first
	}{
		{"wedging", []string{"an attempt to divide an opposing alliance", "wedging (an approach for separating opposing allies)"}},
		{"bloodletting", []string{"bloodletting, which involves taking measures", "(an approach for weakening an opposing state or alliance)"}},
		{"internal balancing", []string{"internally balanced (i.e., built forces better suited to defeating China's)"}},
		{"external balancing", []string{"externally balanced (i.e., deepened and expanded its alliances and partnerships with Japan, the Philippines, South Korea, and others)"}},
	}
	for _, tt := range tests {
		t.Run(tt.concept, func(t *testing.T) {
			c := explain(t, b.svc, tt.concept).Concept
			if c == nil {
				t.Fatal("no card")
			}
			if len(c.Definitions) == 0 {
				t.Fatal("no definitions from the essay")
			}
			if !strings.Contains(c.Definitions[0].Excerpt, tt.want[0]) {
				t.Errorf("first definition %q lacks %q", c.Definitions[0].Excerpt, tt.want[0])
			}
			for _, w := range tt.want[1:] {
				if !slices.ContainsFunc(c.Definitions, func(d handlers.Definition) bool { return strings.Contains(d.Excerpt, w) }) {
					t.Errorf("no definition has %q", w)
				}
			}
		})
	}
	// The essay only names these; it does not define them.
	for _, name := range []string{"balancing", "security dilemma", "alliance"} {
		if c := explain(t, b.svc, name).Concept; c == nil || len(c.Definitions) != 0 {
			t.Errorf("%s: want a card without definitions, got %+v", name, c)
		}
	}
}

func TestExplainMatching(t *testing.T) {
	b := essay(t)
	tests := []struct{ query, want string }{
		{"wedging", "wedging"},
		{"Wedge Strategy", "wedging"},
		{"wedgeing", "wedging"},
		{"wedgng", "wedging"},
		{"securty dilema", "security dilemma"},
		{"the Security-Dilemma", "security dilemma"},
		{"what is the spiral model?", "spiral model"},
		{"Buck passing", "buck-passing"},
		{"passing the buck", "buck-passing"},
		{"BANDWAGON", "bandwagoning"},
		{"hegemonic", "hegemony"},
		{"diffuse reciprocty", "diffuse reciprocity"},
		{"bait-and-bleed", "bait and bleed"},
		{"internally balanced", "internal balancing"},
		{"internal vs external balancing", "internal balancing"},
		{"alliance versus alignment", "alliance"},
		{"action reaction cycle", "action-reaction cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			ex := explain(t, b.svc, tt.query)
			if ex.Concept == nil {
				t.Fatalf("no concept; suggestions %q", ex.Suggestions)
			}
			if ex.Concept.Name != tt.want {
				t.Errorf("got %q, want %q", ex.Concept.Name, tt.want)
			}
			if ex.Fallback != nil {
				t.Error("a known concept got a fallback answer")
			}
		})
	}
}

func TestExplainUnknown(t *testing.T) {
	b := essay(t)
	tests := []struct {
		query   string
		suggest string // among the suggestions
	}{
		{"offshore balancing", "balancing"},        // co-occurs with its words, close in spelling
		{"security community", "security dilemma"}, // shares a word
		{"wedging diplomacy", "wedging"},
		{"Kissinger", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			ex := explain(t, b.svc, tt.query)
			if ex.Concept != nil {
				t.Fatalf("got the card of %q", ex.Concept.Name)
			}
			if ex.Fallback == nil {
				t.Fatal("no fallback answer")
			}
			if tt.suggest != "" && !slices.Contains(ex.Suggestions, tt.suggest) {
				t.Errorf("suggestions %q lack %q", ex.Suggestions, tt.suggest)
			}
			if len(ex.Suggestions) > 5 {
				t.Errorf("%d suggestions, want at most 5", len(ex.Suggestions))
			}
		})
	}
	for _, q := range []string{"", "   ", "the of and", "\u200b"} {
		if _, err := b.svc.Explain(context.Background(), q); !errors.Is(err, handlers.ErrEmptyQuestion) {
			t.Errorf("Explain(%q): err = %v, want ErrEmptyQuestion", q, err)
		}
	}
}

// TestAskConceptCard checks which questions get a concept card with their
// answer: those asking what concepts mean or how they differ, not those
// asking facts that merely mention one.
func TestAskConceptCard(t *testing.T) {
	b := essay(t)
	tests := []struct {
		q    string
		want string // "" for no card
	}{
		{"what exactly is wedging?", "wedging"},
		{"Define bloodletting please", "bloodletting"},
		{"What does the term diffuse reciprocity mean?", "diffuse reciprocity"},
		{"can you explain the security dilemma", "security dilemma"},
		{"How do internal and external balancing differ?", "internal balancing"},
		{"external balancing vs internal balancing", "external balancing"},
		{"What's the status quo?", "status quo"},
		{"what is meant by a wedge strategy in IR theory", "wedging"},
		{"How does Glaser define internal balancing?", "internal balancing"},
		{"alignment vs alliance?", "alignment"},
		{"hegemony", "hegemony"},
		{"waht is wedgeing", "wedging"},                      // typos in the question word and the name
		{"explian the secuirty dilemma", "security dilemma"}, // the name's typo is in a word the glossary knows after correction
		{"whats the security dilema", "security dilemma"},    // a letter missing
		{"what is bloodlettimg", "bloodletting"},             // a letter wrong
		{"How could Washington counter a Chinese wedging strategy?", ""},
		{"Why would China want to prolong the war through bloodletting?", ""},
		{"Is China's support for Russia a form of bloodletting?", ""},
		{"Does the security dilemma explain U.S.-China competition?", ""},
		{"What is the deep source of the competition over Taiwan?", ""},
		{"What did China sell to Russia?", ""},
		{"Who is the author?", ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := ""
			if c := handlers.ConceptFor(b.svc, context.Background(), tt.q); c != nil {
				got = c.Name
			}
			if got != tt.want {
				t.Errorf("card %q, want %q", got, tt.want)
			}
		})
	}
	// Through Ask, the card comes with the cited passages.
	for _, tt := range []struct{ q, want string }{
		{"what exactly is wedging?", "wedging"},
		{"What does bloodletting mean?", "bloodletting"},
		{"How could Washington counter a Chinese wedging strategy?", ""},
	} {
		ans, err := b.svc.Ask(context.Background(), tt.q, handlers.AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if ans.Concept != nil {
			got = ans.Concept.Name
		}
		if got != tt.want {
			t.Errorf("Ask(%q): card %q, want %q", tt.q, got, tt.want)
		}
		if tt.want != "" && (ans.Status != handlers.StatusAnswered || len(ans.Results) == 0) {
			t.Errorf("Ask(%q): status %s with %d results; want the card with cited passages", tt.q, ans.Status, len(ans.Results))
		}
	}
	// A concept the glossary explains but no passage names is answered by
	// its card alone, also as typed in chat.
	for _, q := range []string{"what is bait and bleed", "whats bait n bleed lol"} {
		ans, err := b.svc.Ask(context.Background(), q, handlers.AskOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Status != handlers.StatusAnswered || ans.Concept == nil || ans.Concept.Name != "bait and bleed" {
			t.Errorf("Ask(%q): status %s, concept %v; want the bait-and-bleed card", q, ans.Status, ans.Concept)
		}
	}
}

func TestConceptsList(t *testing.T) {
	b := essay(t)
	list, err := b.svc.Concepts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSortedFunc(list, func(a, b handlers.ConceptSummary) int {
		if c := strings.Compare(a.Group, b.Group); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	}) {
		t.Error("not sorted by group, then name")
	}
	count := map[string]int{}
	defined := map[string]bool{}
	for _, c := range list {
		count[c.Name] = c.Passages
		defined[c.Name] = c.Defined
	}
	for name, atLeast := range map[string]int{"wedging": 3, "bloodletting": 2, "security dilemma": 3, "internal balancing": 2, "alliance": 5} {
		if count[name] < atLeast {
			t.Errorf("%s: %d passages, want at least %d", name, count[name], atLeast)
		}
	}
	for _, name := range []string{"wedging", "bloodletting", "internal balancing", "external balancing"} {
		if !defined[name] {
			t.Errorf("%s is not marked as defined in the readings", name)
		}
	}
	if count["buck-passing"] != 0 {
		t.Errorf("buck-passing: %d passages; the essay never mentions it", count["buck-passing"])
	}
}

func TestCompleteConcept(t *testing.T) {
	b := essay(t)
	tests := []struct {
		prefix string
		limit  int
		first  string // the first choice's value
		most   int    // at most this many choices
	}{
		{"", 5, "action-reaction cycle", 5},
		{"wed", 25, "wedging", 25},
		{"Sec", 25, "security dilemma", 25},
		{"dilem", 25, "security dilemma", 25},
		{"balanc", 3, "balance of power", 3},
		{"bait", 25, "bait and bleed", 25},
		{"wedgi", 25, "wedging", 25},
		{"bloodleting", 25, "bloodletting", 25},
		{"hegemon", 25, "hegemony", 25},
		{"internally", 25, "internal balancing", 25},
		{"", 100, "action-reaction cycle", 25},
		{"", 0, "action-reaction cycle", 25},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			got := b.svc.CompleteConcept(tt.prefix, tt.limit)
			if len(got) == 0 {
				t.Fatal("no choices")
			}
			if got[0].Value != tt.first {
				t.Errorf("first choice %+v, want %q", got[0], tt.first)
			}
			if len(got) > tt.most {
				t.Errorf("%d choices, want at most %d", len(got), tt.most)
			}
			for _, c := range got {
				if c.Label == "" || c.Value == "" || len([]rune(c.Label)) > 100 {
					t.Errorf("bad choice %+v", c)
				}
			}
		})
	}
	if got := b.svc.CompleteConcept("zzzzqx", 25); len(got) != 0 {
		t.Errorf("nonsense prefix got %+v", got)
	}
}

func TestConceptMap(t *testing.T) {
	b := essay(t)
	ctx := context.Background()
	img, err := b.svc.ConceptMap(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if s := m.Bounds().Size(); s.X != 1200 || s.Y != 800 {
		t.Errorf("size %v, want 1200×800", s)
	}
	colours := map[uint32]bool{}
	for y := 0; y < m.Bounds().Dy(); y += 3 {
		for x := 0; x < m.Bounds().Dx(); x += 3 {
			r, g, bl, _ := m.At(x, y).RGBA()
			colours[r>>8<<16|g>>8<<8|bl>>8] = true
		}
	}
	if len(colours) < 50 {
		t.Errorf("%d colours: the map is nearly blank", len(colours))
	}
	again, err := b.svc.ConceptMap(ctx)
	if err != nil || !bytes.Equal(img, again) {
		t.Errorf("a second map differs (err %v)", err)
	}
}

// testReading is a small reading that defines its terms in the ways the
// readings do, for a corpus of its own.
const testReading = `# Offshore Strategies

Jane Doe

2024

## Terms

Offshore balancing (a grand strategy in which a distant power relies on regional states to check a rising rival) has a long history.

For some, containment, which involves holding a rival's influence within its present borders, is enough. Many have tried it.

Others prefer a strategy of engagement: an attempt to change a rival by drawing it into trade and institutions.

Reassurance is defined as a set of measures that signal benign intentions. Ukraine, which is a large country, matters here too (e.g., for grain). In Europe, NATO (the Atlantic alliance) endures.

Some rivals pursue a wedge strategy (i.e., a plan to split the alliance) against it.

Across many decades, in Europe and in Asia, in periods of calm and in periods of crisis, under leaders of every temperament and in the face of pressures from allies, from domestic critics, from markets, and from the press, the great powers have again and again turned to rapprochement (an easing of tension between rivals that stops short of friendship) when the costs of rivalry grew too high, and they have just as often abandoned it when those costs fell, when new leaders came to power, or when one side concluded that the other was taking advantage of its restraint.
`

const testGlossary = `# A test glossary.

[[concept]]
name = "wedging"
aliases = ["wedge strategy"]
group = "strategy"
explanation = "Dividing an opposing alliance (Crawford)."
related = ["offshore balancing"]

[[concept]]
name = "engagement"
group = "strategy"
explanation = "Drawing a rival into trade and institutions."
passages = ["offshore#1.3", "offshore#9.9"]
`

func TestReadingDefinitions(t *testing.T) {
	b := buildService(t, fstest.MapFS{
		"offshore.md":   {Data: []byte(testReading)},
		"glossary.toml": {Data: []byte(testGlossary)},
	})
	// Terms the glossary lacks but the reading defines get cards of the
	// reading's own words.
	tests := []struct{ query, want string }{
		{"offshore balancing", "(a grand strategy in which a distant power relies on regional states"},
		{"containment", "containment, which involves holding a rival's influence"},
		{"reassurance", "Reassurance is defined as a set of measures"},
		{"rapprochement", "rapprochement (an easing of tension between rivals"}, // a sentence too long to quote whole
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			c := explain(t, b.svc, tt.query).Concept
			if c == nil {
				t.Fatal("no card")
			}
			if len(c.Definitions) == 0 || !strings.Contains(c.Definitions[0].Excerpt, tt.want) {
				t.Fatalf("definitions %+v lack %q", c.Definitions, tt.want)
			}
			if ex := c.Definitions[0].Excerpt; len(ex) > handlers.MaxExcerpt {
				t.Errorf("definition of %d bytes, want at most %d", len(ex), handlers.MaxExcerpt)
			}
			if c.Explanation != "" || c.Group != "" {
				t.Errorf("a card from the reading alone has explanation %q, group %q", c.Explanation, c.Group)
			}
		})
	}
	// Glossary concepts: "engagement: an attempt to …" and "(i.e., …)".
	c := explain(t, b.svc, "engagement").Concept
	if c == nil || len(c.Definitions) != 1 || !strings.Contains(c.Definitions[0].Excerpt, "an attempt to change a rival") {
		t.Errorf("engagement: %+v", c)
	}
	if c != nil && (len(c.Occurrences) == 0 || c.Occurrences[0].PassageID != "offshore#1.3") {
		t.Errorf("engagement: the glossary's passage is not first: %+v", c.Occurrences)
	}
	c = explain(t, b.svc, "wedging").Concept
	if c == nil || len(c.Definitions) != 1 || !strings.Contains(c.Definitions[0].Excerpt, "(i.e., a plan to split the alliance)") {
		t.Errorf("wedging: %+v", c)
	}
	// Not definitions: a capitalised name before ", which is", and "(e.g., …)".
	for _, q := range []string{"Ukraine", "large country", "NATO", "grain"} {
		if c := explain(t, b.svc, q).Concept; c != nil {
			t.Errorf("%q got a card: %+v", q, c)
		}
	}
	// The glossary's problems: a passage the readings lack, a related
	// concept it lacks.
	problems := b.svc.GlossaryProblems()
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.String())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{`line 3: related concept "offshore balancing"`, `line 10: passage "offshore#9.9" of "engagement" dropped`} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
}

func TestLoadGlossaryProblems(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		lines []int    // lines of the problems, in order
		names []string // the concepts that load
	}{
		{
			name: "syntax error in one entry",
			src: `[[concept]]
name = "wedging"
group = "strategy"
explanation = "Dividing an alliance."

[[concept]]
name = "broken
group = "strategy"
explanation = "Unterminated name."

[[concept]]
name = "balancing"
group = "strategy"
explanation = "Opposing power."
`,
			lines: []int{7},
			names: []string{"wedging", "balancing"},
		},
		{
			name: "wrong type",
			src: `[[concept]]
name = "wedging"
aliases = "wedge"
explanation = "x"
group = "strategy"

[[concept]]
name = "balancing"
group = "strategy"
explanation = "y"
`,
			lines: []int{1},
			names: []string{"balancing"},
		},
		{
			name: "missing name, unknown key, missing explanation and group",
			src: `# comment

[[concept]]
group = "theory"
explanation = "nameless"

[[concept]]
name = "spiral model"
alias = ["spiral"]

[[concept]]
name = "Spiral Model"
explanation = "a duplicate"
group = "theory"
`,
			lines: []int{3, 7, 7, 7, 11},
			names: []string{"spiral model"},
		},
		{
			name:  "not a glossary",
			src:   "title = \"x\"\n",
			lines: []int{0, 0},
		},
		{
			name:  "empty",
			src:   "",
			lines: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, problems := handlers.LoadGlossary([]byte(tt.src))
			var lines []int
			for _, p := range problems {
				lines = append(lines, p.Line)
				if p.Msg == "" {
					t.Errorf("problem at line %d has no message", p.Line)
				}
			}
			if !slices.Equal(lines, tt.lines) {
				t.Errorf("problem lines %v, want %v: %v", lines, tt.lines, problems)
			}
			var names []string
			for _, e := range g.Entries {
				names = append(names, e.Name)
			}
			if !slices.Equal(names, tt.names) {
				t.Errorf("loaded %q, want %q", names, tt.names)
			}
		})
	}
}

// TestReindexRereadsGlossary edits the glossary, reindexes, and checks
// that the concepts follow, with the broken entry reported.
func TestReindexRereadsGlossary(t *testing.T) {
	fsys := fstest.MapFS{
		"offshore.md":   {Data: []byte(testReading)},
		"glossary.toml": {Data: []byte(testGlossary)},
	}
	b := buildService(t, fsys)
	ctx := context.Background()
	if got := b.svc.CompleteConcept("cont", 25); len(got) != 0 {
		t.Fatalf("containment is not in the glossary yet, got %+v", got)
	}
	edited := testGlossary + `
[[concept]]
name = "containment"
group = "strategy"
explanation = "Holding a rival's influence in (Kennan)."

[[concept]]
name = broken
`
	brokenLine := strings.Count(edited[:strings.Index(edited, "name = broken")], "\n") + 1
	fsys["glossary.toml"] = &fstest.MapFile{Data: []byte(edited)}
	if _, err := b.svc.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	got := b.svc.CompleteConcept("cont", 25)
	if len(got) != 1 || got[0].Value != "containment" {
		t.Errorf("after the reindex: %+v, want containment", got)
	}
	c := explain(t, b.svc, "containment").Concept
	if c == nil || c.Explanation != "Holding a rival's influence in (Kennan)." || len(c.Definitions) == 0 {
		t.Errorf("containment card: %+v", c)
	}
	found := false
	for _, p := range b.svc.GlossaryProblems() {
		if p.Line == brokenLine {
			found = true
		}
	}
	if !found {
		t.Errorf("the broken entry at line %d is not reported: %v", brokenLine, b.svc.GlossaryProblems())
	}
}

// TestConceptsConcurrent uses the concept methods from many goroutines
// while the index is rebuilt (run with -race).
func TestConceptsConcurrent(t *testing.T) {
	b := essay(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for _, q := range []string{"wedging", "securty dilema", "offshore balancing"} {
				if _, err := b.svc.Explain(ctx, q); err != nil {
					t.Error(err)
				}
			}
			b.svc.CompleteConcept("ba", 10)
			if _, err := b.svc.Concepts(ctx); err != nil {
				t.Error(err)
			}
			if i%4 == 0 {
				if _, err := b.svc.ConceptMap(ctx); err != nil {
					t.Error(err)
				}
			}
			if _, err := b.svc.Ask(ctx, "what is bloodletting?", handlers.AskOptions{}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := b.svc.Reindex(ctx, nil); err != nil && !errors.Is(err, handlers.ErrReindexRunning) {
			t.Error(err)
		}
	}()
	wg.Wait()
}
