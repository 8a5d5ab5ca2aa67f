package handlers

import (
	"context"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// metaKind is what a question about the readings themselves, rather than
// their content, asks for.
type metaKind int

const (
	metaNone    metaKind = iota
	metaDetails          // title, date, author's affiliation: the title page
	metaSummary          // the main argument: the opening passages
)

// Phrases that ask about a reading as a whole. They are matched in the
// lower-cased question with typographic apostrophes made plain.
var (
	detailPhrases = []string{
		"when was it written", "when was it published", "when was this written",
		"when was this published", "what year was", "publication date", "date of publication",
		"published when", "what is the title", "what's the title", "title of the",
		"what is the name of the essay", "what is the name of the reading",
		"where does the author work", "where does he work", "where does she work",
		"where does the author teach", "where is the author based", "essay called",
		"reading called", "article called", "paper called", "it called",
		"author's affiliation", "affiliation", "what university", "which university",
		"what institution", "which institution",
	}
	summaryPhrases = []string{
		"main argument", "main point", "main idea", "main claim", "central argument",
		"key argument", "core argument", "overall argument", "thesis", "summarize", "summarise",
		"summary", "overview", "gist", "tl;dr", "tldr", "in a nutshell", "key points",
		"key takeaway", "main takeaway", "what is this essay about", "what is the essay about",
		"what's this essay about", "what's the essay about", "what is this reading about",
		"what is the reading about", "what's this reading about", "what is this article about",
		"what is the article about", "what is this paper about", "what is the paper about",
		"what is this about", "what's this about",
	}
)

// metaIntent reports whether the question asks about a reading as a whole:
// its details (when it was written, its title, where its author works) or
// its main argument. A question that also names a topic of its own ("what
// is the main argument about wedging?") is not one: rest must hold no words
// beside the phrase's and the readings' own (title, author), which rest
// reports for a phrase of a kind.
func metaIntent(question string, rest func(kind metaKind, phrase string) bool) metaKind {
	q := " " + strings.ReplaceAll(strings.ToLower(question), "’", "'") + " "
	// "When was this essay written?", "When was the article published?"
	if strings.Contains(q, "when was ") && (strings.Contains(q, " written") || strings.Contains(q, " published")) {
		if rest(metaDetails, "when was written published") {
			return metaDetails
		}
	}
	for _, kind := range []struct {
		phrases []string
		kind    metaKind
	}{{detailPhrases, metaDetails}, {summaryPhrases, metaSummary}} {
		for _, ph := range kind.phrases {
			if strings.Contains(q, ph) && rest(kind.kind, ph) {
				return kind.kind
			}
		}
	}
	return metaNone
}

// readingTerms are the analysed words of the readings' titles, subtitles,
// authors and citations: the words a question uses to name a reading.
func (s *Service) readingTerms() map[string]bool {
	m := make(map[string]bool)
	for _, d := range s.ix.Documents() {
		for _, t := range analysis.Terms(d.Title + " " + d.Subtitle + " " + d.Author + " " + d.Citation) {
			m[t] = true
		}
	}
	return m
}

// onlyNames reports whether every clause of the plan, leaving out the words
// of phrase, is in names.
func onlyNames(p plan, phrase string, names map[string]bool) bool {
	skip := make(map[string]bool)
	for _, t := range analysis.Terms(phrase) {
		skip[t] = true
	}
	for _, c := range p.clauses {
		if c.soft || c.expansion {
			continue
		}
		inNames := false
		for _, alt := range c.alts {
			if len(alt) == 1 && (skip[alt[0]] || names[alt[0]]) {
				inNames = true
				break
			}
		}
		if !inNames {
			return false
		}
	}
	return true
}

// namedDocuments returns the documents whose title, subtitle or author
// holds one of the plan's clauses, or every document when none does.
func (s *Service) namedDocuments(p plan) []retrieval.DocInfo {
	docs := s.ix.Documents()
	var named []retrieval.DocInfo
	for _, d := range docs {
		terms := analysis.Terms(d.Title + " " + d.Subtitle + " " + d.Author + " " + d.Citation)
		for _, c := range p.clauses {
			if !c.soft && containsAny(terms, c.alts) {
				named = append(named, d)
				break
			}
		}
	}
	if len(named) > 0 {
		return named
	}
	return docs
}

// openings answers a question about a reading's main argument with its
// opening passages, where an essay states it: of the first section's
// passages (at most openingScan of them), the two that share the most
// words with the reading's title and subtitle, which name its argument,
// for each named reading (every reading when the question names none).
// The excerpt is a passage's first sentences.
func (s *Service) openings(ctx context.Context, p plan, top int) ([]Result, error) {
	const perDoc, openingScan = 2, 5
	var out []Result
	for _, d := range s.namedDocuments(p) {
		sections, _, ok := s.ix.Outline(d.ID)
		if !ok {
			continue
		}
		title := make(map[string]bool)
		for _, t := range analysis.Terms(d.Title + " " + d.Subtitle) {
			title[t] = true
		}
		type opening struct {
			hit    retrieval.Hit
			shared int
		}
		var first []opening
		for sec := 0; sec < len(sections) && len(first) == 0; sec++ {
			for para := 1; para <= sections[sec] && len(first) < openingScan; para++ {
				h, ok, err := s.ix.Passage(ctx, corpus.PassageID(d.ID, sec, para))
				if err != nil {
					return nil, err
				}
				if !ok || h.Passage.Kind == corpus.KindTitlePage {
					continue
				}
				seen := make(map[string]bool)
				for _, t := range analysis.Terms(h.Passage.Text) {
					if title[t] {
						seen[t] = true
					}
				}
				first = append(first, opening{h, len(seen)})
			}
		}
		sort.SliceStable(first, func(i, j int) bool { return first[i].shared > first[j].shared })
		for _, o := range first[:min(perDoc, len(first))] {
			out = append(out, Result{Doc: o.hit.Doc, Passage: o.hit.Passage, Excerpt: leadingSentences(o.hit.Passage.Text), Score: 1})
			if len(out) == top {
				return out, nil
			}
		}
	}
	return out, nil
}

// leadingSentences is the longest run of whole sentences from the start of
// text that fits in MaxExcerpt bytes, or the first sentence cut at a word
// with an ellipsis when even that is too long.
func leadingSentences(text string) string {
	sents := corpus.SplitSentences(text)
	end := 0
	for _, sp := range sents {
		if sp.End > MaxExcerpt {
			break
		}
		end = sp.End
	}
	if end > 0 {
		return text[:end]
	}
	cut := min(MaxExcerpt-len(ellipsis), len(text))
	for cut > 0 && cut < len(text) && !utf8.RuneStart(text[cut]) {
		cut--
	}
	if i := strings.LastIndexAny(text[:cut], " \t\n"); i > 0 {
		cut = i
	}
	return strings.TrimRight(text[:cut], " \t\n,;:") + ellipsis
}
