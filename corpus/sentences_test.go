package corpus

import (
	"fmt"
	"strings"
	"testing"
)

// sentences returns the text of each span.
func sentences(t testing.TB, text string) []string {
	t.Helper()
	var out []string
	for _, s := range SplitSentences(text) {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"spaces only", "   ", nil},
		{"one sentence", "One sentence.", []string{"One sentence."}},
		{"no final punctuation", "no end at all", []string{"no end at all"}},
		{"trimmed", "  First one.   Second one.  ", []string{"First one.", "Second one."}},
		{"question and exclamation", "Is it? Yes! It is.", []string{"Is it?", "Yes!", "It is."}},
		{"lower-case after ! or ? continues", "Yahoo! is a company. Why? because.", []string{"Yahoo! is a company.", "Why? because."}},
		{"U.S. before a capital is mid-sentence", "The U.S. Government agreed. Then it stopped.", []string{"The U.S. Government agreed.", "Then it stopped."}},
		{"U.S. before lower case", "the U.S. industrial base may be strengthened. One result.", []string{"the U.S. industrial base may be strengthened.", "One result."}},
		{"U.S.-China", "The deep source of U.S.-China competition is Taiwan. Because.", []string{"The deep source of U.S.-China competition is Taiwan.", "Because."}},
		{"U.S. at the very end", "It went to the U.S.", []string{"It went to the U.S."}},
		{"e.g. and i.e.", "Balanced (i.e., built forces) and e.g. China's drones. Next.", []string{"Balanced (i.e., built forces) and e.g. China's drones.", "Next."}},
		{"e.g. before a capital", "Some states, e.g. China, disagree. Next.", []string{"Some states, e.g. China, disagree.", "Next."}},
		{"etc. before lower case continues", "Apples, pears, etc. are fruit. Next.", []string{"Apples, pears, etc. are fruit.", "Next."}},
		{"etc. before a capital ends", "Apples, pears, etc. The rest.", []string{"Apples, pears, etc.", "The rest."}},
		{"titles", "Mr. Smith met Dr. Jones and Prof. Lee at St. Paul. They talked.", []string{"Mr. Smith met Dr. Jones and Prof. Lee at St. Paul.", "They talked."}},
		{"initial", "A paper by J. Smith and T. S. Eliot. Next.", []string{"A paper by J. Smith and T. S. Eliot.", "Next."}},
		{"decimals", "It rose 3.5 percent to 4.25. Then fell.", []string{"It rose 3.5 percent to 4.25.", "Then fell."}},
		{"No. before a number", "See No. 5 and Fig. 3 on p. 12. Next.", []string{"See No. 5 and Fig. 3 on p. 12.", "Next."}},
		{"number starts a sentence", "It ended in 1995. 2001 was different.", []string{"It ended in 1995.", "2001 was different."}},
		{"vs.", "Balancing vs. Wedging is the question. Yes.", []string{"Balancing vs. Wedging is the question.", "Yes."}},
		{"closing quote", "He said “stop.” Then he left.", []string{"He said “stop.”", "Then he left."}},
		{"straight quotes", `They said "no limits." It clearly does.`, []string{`They said "no limits."`, "It clearly does."}},
		{"closing bracket", "(See above.) Next one.", []string{"(See above.)", "Next one."}},
		{"opening quote starts", "It ended. “Why?” she asked.", []string{"It ended.", "“Why?” she asked."}},
		{"opening bracket starts", "It ended. (Not quite.) Fine.", []string{"It ended.", "(Not quite.)", "Fine."}},
		{"non-ASCII capital starts", "It ended. Émile spoke.", []string{"It ended.", "Émile spoke."}},
		{"ellipsis", "Wait... Then go.", []string{"Wait...", "Then go."}},
		{"no space after period", "end.Start here.", []string{"end.Start here."}},
		{"quote after closer: comma", `partnership has "no limits," it clearly does.`, []string{`partnership has "no limits," it clearly does.`}},
		{"Cranfield style", "experimental investigation of a wing . an experimental study was made . the results were intended in part .",
			[]string{"experimental investigation of a wing .", "an experimental study was made .", "the results were intended in part ."}},
		{"Cranfield style with numbers", "the value of 3.5 was found . 2 cases were run .", []string{"the value of 3.5 was found .", "2 cases were run ."}},
		{"tabs and newlines are white space", "One.\tTwo.\nThree.", []string{"One.", "Two.", "Three."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentences(t, tt.text)
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
			checkSpans(t, tt.text, SplitSentences(tt.text))
		})
	}
}

// checkSpans checks the promises of SplitSentences: spans in order, in
// bounds, non-empty, trimmed, non-overlapping, covering every non-space byte.
func checkSpans(t testing.TB, text string, spans []Span) {
	t.Helper()
	prev := 0
	for i, s := range spans {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("span %d %v out of order or bounds (prev end %d, len %d)", i, s, prev, len(text))
		}
		if isSpaceByte(text[s.Start]) || isSpaceByte(text[s.End-1]) {
			t.Fatalf("span %d %q not trimmed", i, text[s.Start:s.End])
		}
		for j := prev; j < s.Start; j++ {
			if !isSpaceByte(text[j]) {
				t.Fatalf("byte %d (%q) before span %d not covered", j, text[j], i)
			}
		}
		prev = s.End
	}
	for j := prev; j < len(text); j++ {
		if !isSpaceByte(text[j]) {
			t.Fatalf("trailing byte %d (%q) not covered", j, text[j])
		}
	}
}

func TestSplitSentencesEssay(t *testing.T) {
	doc, err := ParseMarkdown("g", essayFile, readEssay(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Passages {
		spans := SplitSentences(p.Text)
		checkSpans(t, p.Text, spans)
		for _, s := range spans {
			sent := p.Text[s.Start:s.End]
			if strings.HasSuffix(sent, "U.S.") || strings.HasSuffix(sent, "e.g.") || strings.HasSuffix(sent, "i.e.") {
				t.Errorf("%s: sentence ends at an abbreviation: %q", p.Ref(), sent)
			}
		}
	}
}

// benchPassage is a 500-byte passage of running text with abbreviations.
var benchPassage = func() string {
	s := "The United States, however, views China's improved capabilities as a threat to its regional allies and partners. " +
		"In response, the United States has both internally balanced (i.e., built forces better suited to defeating China's) and externally balanced (e.g. deepened its alliances with Japan). " +
		"The U.S. Government disagreed with Mr. Smith on p. 12. China views these responses as threatening, which has added fuel to its own balancing behavior! " +
		"Is that right? It rose 3.5 percent."
	for len(s) < 500 {
		s += " More text."
	}
	return s[:500]
}()

func BenchmarkSplitSentences(b *testing.B) {
	b.SetBytes(int64(len(benchPassage)))
	b.ReportAllocs()
	for b.Loop() {
		SplitSentences(benchPassage)
	}
}
