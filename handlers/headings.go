package handlers

import (
	"context"
	"fmt"
	"slices"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// headingStats are the index's statistics with the words of section
// headings counted as known: a word the readings use only in a heading
// ("policymakers", "IR" in "What can IR theory explain …") names a part of
// them, not something they never mention. The index searches passage text
// only, so such a word finds no passage by itself; the ranking and the
// not-found decision weigh it where a passage's heading holds it.
type headingStats struct {
	retrieval.Stats
	heads func() map[string]bool // the analysed terms of every heading
}

// DocFreq is the index's passage frequency of term, and 1 for a term only
// a heading holds: it weighs like the rarest word of the passages.
func (h headingStats) DocFreq(term string) int {
	if df := h.Stats.DocFreq(term); df > 0 || !h.heads()[term] {
		return df
	}
	return 1
}

// questionStats returns the statistics a question is analysed with: the
// index's, and the terms of the headings of the index in use. Those are
// read on the first question with a word the passages lack, once per
// index version: from the index when it keeps them, else analysed from
// the outlines (about 50 ms at 100,000 passages).
func (s *Service) questionStats() headingStats {
	v := s.ix.Version()
	return headingStats{Stats: s.ix, heads: func() map[string]bool { return s.headingTerms(v) }}
}

// headingIndex is an index that keeps the analysed words of its headings.
type headingIndex interface {
	HeadingTerms() (map[string]bool, bool)
}

// headingTerms returns the analysed terms of every section heading of the
// index of version v, reading them when the version is new.
func (s *Service) headingTerms(v string) map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.heads == nil || s.headsOf != v {
		if hi, ok := s.ix.(headingIndex); ok {
			if heads, ok := hi.HeadingTerms(); ok {
				s.heads, s.headsOf = heads, v
				return heads
			}
		}
		heads := make(map[string]bool)
		for _, d := range s.ix.Documents() {
			_, hs, _ := s.ix.Outline(d.ID)
			for _, h := range hs {
				for _, t := range s.texts.an.Terms(h) {
					heads[t] = true
				}
			}
		}
		s.heads, s.headsOf = heads, v
	}
	return s.heads
}

// withHeadingPassages adds to hits, up to limit in all, the passages of
// the sections whose heading holds a word of the question that no passage
// text holds ("what can policymakers do", where only a heading says
// "policymakers"): the search, which reads passage text only, cannot find
// them, and the ranking weighs the word where a passage's heading holds it.
// It returns hits as they are when the question has no such word.
func (s *Service) withHeadingPassages(ctx context.Context, p plan, hits []retrieval.Hit, limit int) ([]retrieval.Hit, error) {
	var only []string // terms only headings hold
	v := s.ix.Version()
	for _, c := range p.clauses {
		if c.expansion || !c.known {
			continue
		}
		for _, alt := range c.alts {
			if len(alt) == 1 && s.ix.DocFreq(alt[0]) == 0 && s.headingTerms(v)[alt[0]] {
				only = append(only, alt[0])
			}
		}
	}
	if len(only) == 0 || len(hits) >= limit {
		return hits, nil
	}
	have := make(map[string]bool, len(hits))
	for _, h := range hits {
		have[h.Passage.ID] = true
	}
	for _, d := range s.ix.Documents() {
		sections, headings, ok := s.ix.Outline(d.ID)
		if !ok {
			continue
		}
		for sec, heading := range headings {
			if sec >= len(sections) || heading == "" {
				continue
			}
			terms := s.texts.termsOf(v, termsKey{d.ID, sec}, func() string { return heading })
			if !slices.ContainsFunc(only, func(t string) bool { return slices.Contains(terms, t) }) {
				continue
			}
			for para := 1; para <= sections[sec]; para++ {
				if len(hits) >= limit {
					return hits, nil
				}
				id := corpus.PassageID(d.ID, sec, para)
				if have[id] {
					continue
				}
				h, ok, err := s.ix.Passage(ctx, id)
				if err != nil {
					return nil, fmt.Errorf("read the passages under a heading: %w", err)
				}
				if ok {
					have[id] = true
					hits = append(hits, h)
				}
			}
		}
	}
	return hits, nil
}
