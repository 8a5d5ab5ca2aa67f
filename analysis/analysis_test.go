package analysis

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"stop words and stemming", "The states are balancing internally", []string{"state", "balanc", "intern"}},
		{"possessive", "China's partnership, Russia’s war", []string{"china", "partnership", "russia", "war"}},
		{"dotted acronym", "U.S.-China competition", []string{"us", "china", "competit"}},
		{"acronym at sentence end", "allies of the U.S. The", []string{"alli", "us"}},
		{"capital acronym vs pronoun", "US policy lets us act", []string{"us", "polici", "let", "act"}},
		{"three-letter dotted", "the U.S.A. and the U.K.", []string{"usa", "uk"}},
		{"abbreviations are not terms", "arms (e.g., drones; i.e., weapons)", []string{"arm", "drone", "weapon"}},
		{"irregular verbs", "Russia sold jet engines; the sale of arms; they fought", []string{"russia", "sell", "jet", "engin", "sell", "arm", "fight"}},
		{"more irregular verbs", "Ethelred fled; the US withdrew; the ground", []string{"ethelr", "flee", "us", "withdraw", "ground"}},
		{"numbers stay", "Since the mid-1990s, 2025", []string{"sinc", "mid", "1990s", "2025"}},
		{"apostrophe contractions are stop words", "aren't large enough", []string{"larg", "enough"}},
		{"non-Latin letters lose their marks too", "Ctenophora κτείς comb", []string{"ctenophora", "κτεις", "comb"}},
		{"accents are removed", "Fort Beauséjour, naïve Mönch, Straße, Øresund, Łódź", []string{"fort", "beausejour", "naiv", "monch", "strass", "oresund", "lodz"}},
		{"accents typed or not, the same terms", "Fort Beausejour, naive Monch, Strasse, Oresund, Lodz", []string{"fort", "beausejour", "naiv", "monch", "strass", "oresund", "lodz"}},
		{"nothing", "?!… --", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Terms(tc.text)
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Terms(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestTokenOffsets(t *testing.T) {
	text := "The U.S.-China rivalry isn't new; Beijing’s view"
	for _, tok := range Tokens(text) {
		if tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End {
			t.Fatalf("token %+v out of bounds", tok)
		}
	}
	toks := Tokens(text)
	if got := text[toks[1].Start:toks[1].End]; got != "U.S." {
		t.Errorf("second token covers %q, want U.S.", got)
	}
	last := toks[len(toks)-1]
	if got := text[last.Start:last.End]; got != "view" {
		t.Errorf("last token covers %q, want view", got)
	}
	for _, tok := range toks {
		if text[tok.Start:tok.End] == "Beijing’s" && tok.Term != "beij" {
			t.Errorf("Beijing’s analysed to %q", tok.Term)
		}
	}
}

func TestLongWordsAreCut(t *testing.T) {
	long := make([]byte, 300)
	for i := range long {
		long[i] = 'a'
	}
	toks := Tokens(string(long))
	if len(toks) != 1 || len(toks[0].Word) > MaxWordBytes {
		t.Fatalf("300-letter word gave %d tokens, first word %d bytes", len(toks), len(toks[0].Word))
	}
}

func BenchmarkTerms(b *testing.B) {
	text := "China's support of Russia may also serve as a wedging strategy: an attempt to divide an opposing alliance, thereby increasing a state's own security and/or its ability to attack members of the opposing alliance."
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Terms(text)
	}
}

func TestAnalyzerAgreesWithPackage(t *testing.T) {
	an := NewAnalyzer()
	text := "The U.S.-China rivalry isn't new; Beijing’s leaders sold arms, and Russia's sales grew. Ctenophora κτείς."
	for round := 0; round < 2; round++ { // the second round answers from the word table
		if got, want := an.Tokens(text), Tokens(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: Analyzer.Tokens = %+v, want %+v", round, got, want)
		}
	}
	if got, want := an.Terms(text), Terms(text); !reflect.DeepEqual(got, want) {
		t.Errorf("Analyzer.Terms = %q, want %q", got, want)
	}
	if a, b := an.lookup("leaders"), an.lookup("leaders"); a != b {
		t.Error("a word analysed twice was not remembered")
	}
}

func TestIsEnglishWord(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"shipping", true},
		{"aggressive", true},
		{"india", true},    // names are words too
		{"bleeding", true}, // inflected forms
		{"dilema", false},  // typos are not
		{"secuirty", false},
		{"wedgeing", false},
		{"doesnt", false},
		{"war", false},      // shorter than MinLexiconWord: unknown
		{"Shipping", false}, // folded words only
		{"", false},
	}
	an := NewAnalyzer()
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			if got := IsEnglishWord(tc.word); got != tc.want {
				t.Errorf("IsEnglishWord(%q) = %v, want %v", tc.word, got, tc.want)
			}
			for round := range 2 { // the second answers from the word table
				if got := an.IsEnglishWord(tc.word); got != tc.want {
					t.Errorf("round %d: Analyzer.IsEnglishWord(%q) = %v, want %v", round, tc.word, got, tc.want)
				}
			}
		})
	}
}

// TestWordTables checks a few relations each table must hold, and that
// words the tables do not list (typos, capitalised forms, names, stop
// words) get none.
func TestWordTables(t *testing.T) {
	tests := []struct {
		table      string
		lookup     func(string) []string
		word, want string // want: one of the related words
	}{
		{"synonyms", Synonyms, "dependable", "reliable"},
		{"synonyms", Synonyms, "help", "aid"},
		{"synonyms", Synonyms, "view", "regard"},
		{"synonyms", Synonyms, "threat", "menace"},
		{"synonyms", Synonyms, "wedgeing", ""},
		{"synonyms", Synonyms, "Dependable", ""},
		{"synonyms", Synonyms, "", ""},
		{"derivations", Derivations, "decision", "decide"},
		{"derivations", Derivations, "growth", "grow"},
		{"derivations", Derivations, "invade", "invasion"},
		{"derivations", Derivations, "wedgeing", ""},
		{"similar", Similar, "shocked", "surprised"},
		{"similar", Similar, "freedoms", "liberties"},
		{"similar", Similar, "tariffs", "quotas"},
		{"similar", Similar, "china", ""},   // a name
		{"similar", Similar, "today", ""},   // common words' neighbours are vague ("even", "yet")
		{"similar", Similar, "against", ""}, // a stop word
		{"similar", Similar, "Shocked", ""},
	}
	for _, tc := range tests {
		t.Run(tc.table+"/"+tc.word, func(t *testing.T) {
			got := tc.lookup(tc.word)
			if tc.want == "" && got != nil || tc.want != "" && !slices.Contains(got, tc.want) {
				t.Errorf("%s(%q) = %q, want %q among them", tc.table, tc.word, got, tc.want)
			}
		})
	}
}

func TestPhrasalSynonyms(t *testing.T) {
	tests := []struct{ verb, particle, want string }{
		{"propping", "up", "support"},
		{"pulled", "out", "withdraw"},
		{"beef", "up", "strengthen"},
		{"holding", "back", "restrain"},
	}
	for _, tc := range tests {
		term := Terms(tc.verb)[0]
		if got := PhrasalSynonyms(term, tc.particle); !slices.Contains(got, tc.want) {
			t.Errorf("PhrasalSynonyms(%q, %q) = %q, want it to hold %q", term, tc.particle, got, tc.want)
		}
	}
	if got := PhrasalSynonyms("wedg", "up"); got != nil {
		t.Errorf("PhrasalSynonyms(wedg, up) = %q, want none", got)
	}
	if !IsParticle("up") || IsParticle("wedge") {
		t.Error("IsParticle: up is a particle, wedge is not")
	}
}

func TestIsPlaceName(t *testing.T) {
	for _, tc := range []struct {
		word string
		want bool
	}{
		{"iran", true}, {"iranian", true}, {"korea", true}, {"tehran", true}, {"brazil", true},
		{"english", false}, {"turkey", false}, {"polish", false}, {"north", false}, {"Iran", false}, // folded words only
	} {
		if got := IsPlaceName(tc.word); got != tc.want {
			t.Errorf("IsPlaceName(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
}

// TestWordTableLine looks up every line of every embedded table by its
// first word, and words between and around them, which it must not find.
func TestWordTableLine(t *testing.T) {
	tables := map[string]string{
		"words": wordsText, "thesaurus": thesaurusText, "derivations": derivationsText,
		"phrasals": phrasalsText, "similar": similarText,
		"prefixes": "war a\nward b\nwards c\nwarm d\n",
	}
	for name, text := range tables {
		t.Run(name, func(t *testing.T) {
			th := readWordTable(text)
			lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
			if len(lines) != len(th.start) {
				t.Fatalf("%d lines indexed, the text has %d", len(th.start), len(lines))
			}
			keys := make(map[string]bool, len(lines))
			for _, l := range lines {
				key, _, _ := strings.Cut(l, " ")
				keys[key] = true
			}
			for _, l := range lines {
				key, rest, _ := strings.Cut(l, " ")
				if got, ok := th.line(key); !ok || got != rest {
					t.Fatalf("line(%q) = %q, %v; want %q, true", key, got, ok, rest)
				}
				for _, absent := range []string{key[:len(key)-1], key + "~", key + "!"} {
					if absent == "" || keys[absent] {
						continue
					}
					if got, ok := th.line(absent); ok {
						t.Fatalf("line(%q) = %q, true; the table has no such word", absent, got)
					}
				}
			}
		})
	}
}
