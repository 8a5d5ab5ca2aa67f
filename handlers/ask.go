package handlers

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// minCandidates is how many passages the index proposes for re-ranking at least.
const minCandidates = 60

// Ask answers a question with cited passages, best first. A question the
// readings do not answer gets StatusNotFound and suggestions of what they
// cover. Only an index failure is an error.
func (s *Service) Ask(ctx context.Context, question string, opts AskOptions) (Answer, error) {
	top := opts.Top
	if top <= 0 {
		top = DefaultTop
	}
	top = min(top, MaxTop)
	q := cleanQuestion(question)
	ans := Answer{Question: q, Status: StatusNotFound, Version: s.ix.Version()}
	aliases := s.currentAliases()
	// "in the intro" says where to look, not what about; it goes before
	// the chat does, which would take it for chat.
	q, pl := placeAsked(repairChat(q))
	q = withoutChat(s.texts.an, q, s.ix, aliases)
	p := analyseWith(s.texts.an, q, s.questionStats(), aliases, s.words.view(ans.Version, aliases))
	p.place = pl

	// Questions about the readings themselves. "Who wrote this?", "who is
	// Charles Glaser?", "when was it written?", "where does the author
	// work?": the title pages. "What is the main argument?": the opening
	// passages. "What does the author mean by X?" asks about X instead.
	var readings map[string]bool
	meta := metaIntent(q, func(kind metaKind, phrase string) bool {
		if kind == metaSummary {
			// "What is the main argument about wedging?" asks about
			// wedging, even when the title names it.
			return onlyNames(p, phrase, s.authorTerms())
		}
		if readings == nil {
			readings = s.readingTerms()
		}
		return onlyNames(p, phrase, readings)
	})
	if meta == metaSummary {
		if res, err := s.openings(ctx, p, top); err != nil {
			return ans, err
		} else if len(res) > 0 {
			ans.Status, ans.Results = StatusAnswered, res
			return ans, nil
		}
	}
	authorOnly := len(p.clauses) > 0 && onlyNames(p, "", s.authorTerms())
	if meta == metaDetails || authorOnly || p.author && (len(p.clauses) == 0 || strings.HasPrefix(strings.ToLower(q), "who")) {
		if res, err := s.authorship(ctx, p, top); err != nil {
			return ans, err
		} else if len(res) > 0 {
			ans.Status, ans.Results = StatusAnswered, res
			return ans, nil
		}
	}
	cands, done, err := s.candidates(ctx, p, max(minCandidates, top+top/2))
	if err != nil {
		return ans, err
	}
	defer done()
	if p.unknownName == "" {
		p.unknownName = unmatchedName(p, cands)
		p.unknownPlace = p.unknownName != ""
	}
	// A question about a concept the glossary knows is answered by its card
	// and the passages that use it, even when it names the concept in
	// words the passages do not share ("alignment vs alliance?").
	// A concept the glossary explains is answered by its card even when
	// no passage uses its name ("what is bait and bleed?").
	// A question about something the readings never name, or asking for
	// a source they are not ("recommend a book on wedging"), is no
	// question about the concept.
	if p.unknownName == "" {
		ans.Concept = s.conceptFor(ctx, q)
	}
	if !answers(p, cands) && ans.Concept == nil {
		s.miss(&ans, q, p, cands)
		return ans, nil
	}
	ans.Status = StatusAnswered
	if answers(p, cands) || ans.Concept == nil {
		ans.Results = make([]Result, 0, min(top, len(cands)))
		for _, c := range cands {
			if len(ans.Results) == top {
				break
			}
			if c.citable() {
				ans.Results = append(ans.Results, c.result(p))
			}
		}
	}
	if len(ans.Results) == 0 {
		ans.Results = nil
	}
	if len(ans.Results) == 0 && ans.Concept == nil {
		ans.Status = StatusNotFound
		s.miss(&ans, q, p, cands)
	}
	return ans, nil
}

// closestCoverage is the share of a question's weight that a passage must
// hold, with at least one word the readings do not use everywhere, to be
// shown as the closest passage to a question they do not answer.
const closestCoverage = 0.25

// miss fills in what a not-found answer says: suggestions, the name the
// readings never mention, the closest passage, and whether the question
// seems to be in another language.
func (s *Service) miss(ans *Answer, q string, p plan, cands []*candidate) {
	ans.Status, ans.Results = StatusNotFound, nil
	ans.Suggestions = s.suggest(p, cands)
	ans.Unmentioned = asWritten(q, p.unknownName)
	ans.OtherLanguage = otherLanguage(s.texts.an, q, s.ix)
	if ans.Unmentioned != "" || ans.OtherLanguage {
		return
	}
	for _, c := range cands[:min(len(cands), notFoundDepth)] {
		if c.citable() && c.specific > 0 && c.coverage >= closestCoverage {
			r := c.result(p)
			ans.Closest = &r
			return
		}
	}
}

// candidates searches the index for the plan and re-ranks what it finds.
// The caller calls done once it no longer uses the candidates, whose
// memory the next ranking may then take.
func (s *Service) candidates(ctx context.Context, p plan, limit int) (_ []*candidate, done func(), err error) {
	done = func() {}
	q := p.query(limit, s.ix.Passages(), s.ix.DocFreq)
	if len(q.Clauses) == 0 {
		return nil, done, nil
	}
	mem, err := s.memSearchFor(ctx)
	if err != nil {
		return nil, done, err
	}
	search := func(q retrieval.Query) ([]retrieval.Hit, error) {
		if mem != nil {
			return mem.search(q), nil
		}
		hits, err := s.ix.Search(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("search the readings: %w", err)
		}
		return hits, nil
	}
	hits, err := search(q)
	if err != nil {
		return nil, done, err
	}
	if hits, err = s.withHeadingPassages(ctx, p, hits, limit); err != nil {
		return nil, done, err
	}
	sl := s.slabs.get(len(hits), len(p.clauses))
	cands := rank(p, hits, s.ix.AvgPassageTerms(), &s.texts, s.ix.Version(), s.ix.DocFreq, sl)
	if xp, ok := expand(p, cands, float64(s.ix.Passages()), s.ix.DocFreq); ok {
		hits, err := search(xp.query(limit, s.ix.Passages(), s.ix.DocFreq))
		if err != nil {
			s.slabs.put(sl)
			return nil, done, err
		}
		if hits, err = s.withHeadingPassages(ctx, xp, hits, limit); err != nil {
			s.slabs.put(sl)
			return nil, done, err
		}
		xsl := s.slabs.get(len(hits), len(xp.clauses))
		cands = rank(xp, hits, s.ix.AvgPassageTerms(), &s.texts, s.ix.Version(), s.ix.DocFreq, xsl)
		s.slabs.put(sl) // the first ranking's candidates are no longer used
		sl = xsl
	}
	if s.placeScores(ctx, p, cands) {
		sortCandidates(cands)
	}
	return cands, func() { s.slabs.put(sl) }, nil
}

func (c *candidate) result(p plan) Result {
	ex, hl := c.excerpt(p)
	return Result{Doc: c.hit.Doc, Passage: c.hit.Passage, Excerpt: ex, Highlights: hl, Score: round3(c.score)}
}

func round3(f float64) float64 {
	return float64(int64(f*1000+0.5)) / 1000
}

// authorship answers "who wrote …": the title pages of the documents that
// best match the rest of the question (all documents when it names none).
func (s *Service) authorship(ctx context.Context, p plan, top int) ([]Result, error) {
	var docs []retrieval.DocInfo
	if len(p.clauses) > 0 {
		cands, done, err := s.candidates(ctx, p, minCandidates)
		if err != nil {
			return nil, err
		}
		defer done()
		seen := make(map[string]bool)
		for _, c := range cands {
			if !seen[c.hit.Doc.ID] {
				seen[c.hit.Doc.ID] = true
				docs = append(docs, c.hit.Doc)
			}
		}
	}
	if len(docs) == 0 {
		// The question names no reading by its passages ("what is the
		// title?"): every reading.
		docs = s.ix.Documents()
	}
	var out []Result
	for _, d := range docs {
		if len(out) == top {
			break
		}
		if d.Author == "" {
			continue
		}
		h, ok, err := s.ix.Passage(ctx, corpus.PassageID(d.ID, 0, 1))
		if err != nil {
			return nil, err
		}
		if !ok || h.Passage.Kind != corpus.KindTitlePage {
			continue
		}
		ex := h.Passage.Text
		if len(ex) > MaxExcerpt {
			cut := MaxExcerpt - len(ellipsis)
			for cut > 0 && !utf8.RuneStart(ex[cut]) {
				cut--
			}
			ex = ex[:cut] + ellipsis
		}
		var hl []Span
		if i := strings.Index(ex, d.Author); i >= 0 {
			hl = []Span{{i, i + len(d.Author)}}
		}
		out = append(out, Result{Doc: h.Doc, Passage: h.Passage, Excerpt: ex, Highlights: hl, Score: 1})
	}
	return out, nil
}

// suggest proposes what the readings do cover near a question they do not
// answer: the headings of sections that matched part of it, else the
// headings and titles of the readings.
func (s *Service) suggest(p plan, cands []*candidate) []string {
	var out []string
	seen := make(map[string]bool)
	add := func(v string) {
		v = strings.TrimSpace(v)
		if v != "" && !seen[v] && len(out) < 5 {
			seen[v] = true
			out = append(out, v)
		}
	}
	for _, c := range cands {
		if c.coverage > 0 && c.hit.Passage.Heading != "" {
			add(c.hit.Passage.Heading)
		}
	}
	if len(out) == 0 {
		docs := s.ix.Documents()
		sort.Slice(docs, func(i, j int) bool { return docs[i].Passages > docs[j].Passages })
		for _, d := range docs {
			if _, heads, ok := s.ix.Outline(d.ID); ok {
				for _, h := range heads {
					add(h)
				}
			}
			add(d.Title)
		}
	}
	return out
}

// asWritten returns a name's word (folded) as q writes it, with the
// capitalised words that follow it ("Xi Jinping" for "xi" in "Is Xi
// Jinping mentioned?"), or word itself when q does not hold it.
func asWritten(q, word string) string {
	if word == "" {
		return ""
	}
	lower := strings.ToLower(q)
	i := strings.Index(lower, word)
	if len(lower) != len(q) || i < 0 {
		return word
	}
	end := i + len(word)
	for {
		rest := q[end:]
		if !strings.HasPrefix(rest, " ") {
			break
		}
		next := rest[1:]
		n := strings.IndexFunc(next, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
		if n < 0 {
			n = len(next)
		}
		if r, _ := utf8.DecodeRuneInString(next); n == 0 || !unicode.IsUpper(r) {
			break
		}
		end += 1 + n
	}
	return q[i:end]
}
