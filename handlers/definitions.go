package handlers

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
)

// inTextDef is a sentence in which a passage defines a term in its own
// words, whatever the term: "wedging (an approach for separating opposing
// allies)", "bloodletting, which involves …", "a wedging strategy: an
// attempt to …", "internally balanced (i.e., built forces …)".
type inTextDef struct {
	term    string   // the defined term as written, e.g. "internally balanced"
	terms   []string // its analysed terms
	excerpt string   // the defining sentence, verbatim (cut with ellipses only when very long)
}

// definitionMarkers find the places where a definition follows the term
// just before them. Each match starts where the term must end (give or
// take spaces and closing quotes).
var definitionMarkers = []*regexp.Regexp{
	// X (an approach for …), X (i.e., …), X (that is, …)
	regexp.MustCompile(`\(\s*(?:i\.\s?e\.|that is\b|namely\b|meaning\b|(?:an?|the)\s)`),
	// X, which involves …; X, which means … (not "X, which is …": that
	// mostly describes a thing already named, as in "Ukraine, which is …")
	regexp.MustCompile(`,\s+which\s+(?:involves?|means?|refers?\s+to|denotes?|entails?|consists?\s+of)\b`),
	// X: an attempt to …; X: i.e. …
	regexp.MustCompile(`:\s+(?:an?\s|i\.\s?e\.)`),
	// X is defined as …; X refers to …; X means …
	regexp.MustCompile(`\s+(?:(?:is|are|can\s+be)\s+(?:defined|understood)\s+as|refers?\s+to|means|denotes?|is\s+the\s+(?:practice|strategy|idea|notion|policy)\s+of)\b`),
}

// maxDefinedTerms is the most words a defined term may have.
const maxDefinedTerms = 3

// findDefinitions returns the sentences of text that define a term, in
// text order, at most one per term and sentence.
func findDefinitions(text string) []inTextDef {
	var marks []int
	for _, re := range definitionMarkers {
		for _, m := range re.FindAllStringIndex(text, -1) {
			marks = append(marks, m[0])
		}
	}
	if len(marks) == 0 {
		return nil
	}
	sort.Ints(marks)
	sents := corpus.SplitSentences(text)
	toks := analysis.Tokens(text)
	var out []inTextDef
	seen := map[string]bool{}
	for _, at := range marks {
		si := sentenceAt(sents, at)
		if si < 0 {
			continue
		}
		first, last, ok := definedTerm(text, toks, sents[si].Start, at)
		if !ok {
			continue
		}
		var terms []string
		for _, t := range toks[first : last+1] {
			terms = append(terms, t.Term)
		}
		d := inTextDef{term: text[toks[first].Start:toks[last].End], terms: terms}
		key := strings.Join(terms, " ") + "@" + strconv.Itoa(si)
		if seen[key] {
			continue
		}
		seen[key] = true
		d.excerpt = defExcerpt(text, sents[si], toks[first].Start)
		out = append(out, d)
	}
	return out
}

// sentenceAt returns the index of the sentence holding byte offset at, or -1.
func sentenceAt(sents []corpus.Span, at int) int {
	for i, s := range sents {
		if at >= s.Start && at < s.End {
			return i
		}
	}
	return -1
}

// definedTerm finds the term that ends just before byte offset at: up to
// maxDefinedTerms consecutive content words, joined only by spaces or
// hyphens, written in lower case (a capital only on the sentence's first
// word, so names like "Ukraine, which is …" are not taken for terms). It
// returns the range of tokens.
func definedTerm(text string, toks []analysis.Token, sentStart, at int) (first, last int, ok bool) {
	last = -1
	for i := len(toks) - 1; i >= 0; i-- {
		if toks[i].End <= at {
			last = i
			break
		}
	}
	if last < 0 || toks[last].Start < sentStart || !onlyClosers(text[toks[last].End:at]) {
		return 0, 0, false
	}
	first = last + 1
	for i := last; i >= 0 && last-i < maxDefinedTerms; i-- {
		t := toks[i]
		if t.Start < sentStart || t.Stop || t.Term == "" || hasDigit(t.Word) {
			break
		}
		if i < last && !joiner(text[t.End:toks[i+1].Start]) {
			break
		}
		r, _ := utf8.DecodeRuneInString(text[t.Start:])
		if unicode.IsUpper(r) && !onlyOpeners(text[sentStart:t.Start]) {
			break
		}
		first = i
	}
	return first, last, first <= last
}

// onlyClosers reports whether s is spaces and closing quotes only.
func onlyClosers(s string) bool {
	return strings.Trim(s, " \t\"'”’") == ""
}

// onlyOpeners reports whether s is spaces and opening quotes only.
func onlyOpeners(s string) bool {
	return strings.Trim(s, " \t\"'“‘") == ""
}

// joiner reports whether two words separated by s belong to one term:
// separated by spaces or a hyphen only.
func joiner(s string) bool {
	return s == "-" || strings.TrimSpace(s) == "" && s != ""
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// defExcerpt returns the defining sentence; a sentence longer than
// MaxExcerpt is cut at white space around the term, with an ellipsis at each cut.
func defExcerpt(text string, s corpus.Span, termStart int) string {
	if s.End-s.Start <= MaxExcerpt {
		return text[s.Start:s.End]
	}
	limit := MaxExcerpt - 2*len(ellipsis)
	from := max(s.Start, termStart-limit/4)
	if from > s.Start {
		if i := strings.IndexAny(text[from:termStart+1], " \t\n"); i >= 0 {
			from += i + 1
		} else {
			from = termStart
		}
	}
	to := min(s.End, from+limit)
	if to < s.End {
		if i := strings.LastIndexAny(text[from:to], " \t\n"); i > 0 {
			to = from + i
		}
	}
	for to > from && !utf8.RuneStart(text[to-1]) {
		to--
	}
	to = from + len(strings.TrimRight(text[from:to], " \t\n,;:"))
	ex := text[from:to]
	if from > s.Start {
		ex = ellipsis + ex
	}
	if to < s.End {
		ex += ellipsis
	}
	return ex
}

// coverage is how many of a defined term's words the longest of forms
// covers as a run (0 when none is inside it).
func coverage(terms []string, forms [][]string) int {
	best := 0
	for _, f := range forms {
		if len(f) <= best {
			continue
		}
		if indexTerms(terms, f, 0) >= 0 {
			best = len(f)
		}
	}
	return best
}

// indexTerms returns the first position at or after from where seq occurs
// in terms as a run, or -1.
func indexTerms(terms, seq []string, from int) int {
	for i := from; i+len(seq) <= len(terms); i++ {
		if equalTerms(terms[i:i+len(seq)], seq) {
			return i
		}
	}
	return -1
}
