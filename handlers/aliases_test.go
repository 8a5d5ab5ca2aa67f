package handlers

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/citebot/citebot/analysis"
)

func TestLoadAliases(t *testing.T) {
	src := []byte(`
[aliases]
"security dilemma" = ["spiral dynamics", "Jervis's dilemma"]
wedging = ["wedge strategy", "divide and rule"]
broken = 42
`)
	a, problems := LoadAliases(src)
	if len(problems) != 1 || !strings.Contains(problems[0].Msg, "broken") {
		t.Errorf("problems = %+v, want one about 'broken'", problems)
	}
	terms := analysis.Terms("divide and rule")
	n, group := a.Match(terms, 0)
	if n != len(terms) || len(group) < 3 {
		t.Fatalf("Match(divide and rule) = %d, %v", n, group)
	}
	// Defaults are still there.
	terms = analysis.Terms("Kremlin")
	if n, g := a.Match(terms, 0); n != 1 || !containsSeq(g, analysis.Terms("russia")) {
		t.Errorf("default alias Kremlin→Russia missing: %d %v", n, g)
	}
	// A file that does not parse reports its line and keeps the defaults.
	a, problems = LoadAliases([]byte("[aliases]\nchina = [\"PRC\"\nx = 1\n"))
	if len(problems) != 1 || problems[0].Line == 0 {
		t.Errorf("syntax error problems = %+v, want one with a line", problems)
	}
	if n, _ := a.Match(analysis.Terms("Beijing"), 0); n != 1 {
		t.Error("defaults lost after a syntax error")
	}
}

func containsSeq(group [][]string, seq []string) bool {
	for _, m := range group {
		if equalTerms(m, seq) {
			return true
		}
	}
	return false
}

func TestAliasFileFromCorpus(t *testing.T) {
	files := map[string][]byte{AliasFile: []byte("[aliases]\nreassure = [\"comfort\"]\n")}
	svc := newTestService(files)
	ans, err := svc.Ask(context.Background(), "How should allies be comforted?", AskOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Results) == 0 || ans.Results[0].Passage.ID != "doc#2.1" {
		t.Fatalf("moderator alias not used: %+v", ans.Results)
	}
}

func TestNameAt(t *testing.T) {
	a, _ := LoadAliases([]byte("[aliases]\n\"xi jinping\" = [\"President Xi\"]\n"))
	for _, tc := range []struct {
		words string
		want  bool
	}{
		{"moscow", true}, {"ww2", true}, {"united states", true}, {"president xi", true}, // a corpus's own alias is a name
		{"give", false}, {"weapons", false}, {"arms", false}, {"trade", false},
	} {
		if got := a.NameAt(analysis.Terms(tc.words), 0); got != tc.want {
			t.Errorf("NameAt(%q) = %v, want %v", tc.words, got, tc.want)
		}
	}
}

// TestDefaultSynonyms checks that words students use find the words a
// reading uses for them: "sent" finds "provided", "helping" finds
// "support", "distracted" finds "diversion".
func TestDefaultSynonyms(t *testing.T) {
	a, _ := LoadAliases(nil)
	for _, tc := range []struct{ typed, written string }{
		{"sent", "provided"}, {"sending", "supply"}, {"helping", "support"}, {"distracted", "diversion"}, {"distraction", "divert"},
	} {
		k, group := a.Match(analysis.Terms(tc.typed), 0)
		want := analysis.Terms(tc.written)
		if k != 1 || !slices.ContainsFunc(group, func(m []string) bool { return slices.Equal(m, want) }) {
			t.Errorf("%q: group %v, want one holding %q", tc.typed, group, tc.written)
		}
	}
}

// TestSynonymsSpareNames checks that a synonym the readings use only as
// the first word of a name is left out: "together" gives "unitedly",
// whose stem would find every passage on the United States.
func TestSynonymsSpareNames(t *testing.T) {
	svc := essayService(t)
	p := analyse(svc.texts.an, "why do they fight together", svc.questionStats(), svc.currentAliases())
	for _, c := range p.clauses {
		for _, alt := range c.alts {
			if slices.Equal(alt, []string{"unit"}) {
				t.Errorf("clause %q has the alternative %q of \"united states\"", c.word, alt)
			}
		}
	}
	an := svc.texts.an
	if got := withoutNameWords(an, svc.questionStats(), svc.currentAliases(), []string{"unitedly", "jointly"}); !slices.Equal(got, []string{"jointly"}) {
		t.Errorf("withoutNameWords = %q, want only jointly", got)
	}
}

// TestNamesTakeNoNearWords checks that a name of the alias table stands
// only for its group: no synonym or word of like contexts joins it, as
// "russia" (near "ussr") or "taiwan" (near "china") would.
func TestNamesTakeNoNearWords(t *testing.T) {
	svc := essayService(t)
	tests := []struct {
		question, name string
		notAlt         string // an alternative the name's clause must not have
	}{
		{"what year did the ussr collapse", "ussr", "russia"},
		{"does china need europe to stay out of a war", "china", "taiwan"},
		{"does taiwan matter to china", "taiwan", "china"},
	}
	for _, tc := range tests {
		t.Run(tc.question, func(t *testing.T) {
			p := analyse(svc.texts.an, tc.question, svc.questionStats(), svc.currentAliases())
			found := false
			for _, c := range p.clauses {
				if c.word != tc.name {
					continue
				}
				found = true
				for _, alt := range c.alts {
					if slices.Equal(alt, []string{tc.notAlt}) {
						t.Errorf("clause %q has the alternative %q", c.word, tc.notAlt)
					}
				}
			}
			if !found {
				t.Fatalf("no clause %q in %q", tc.name, tc.question)
			}
		})
	}
}
