package handlers

import (
	"slices"
	"sort"
	"strings"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/retrieval"
)

// Related words: a question may name a thing in another form than the
// readings ("the decision" for "they decided") or say it in other words
// ("dependable" for "reliable"). A one-word clause gains the forms
// WordNet relates to its word (analysis.Derivations), which count
// derivationFactor of its weight, and in a short question its synonyms
// (analysis.Synonyms), which count synonymFactor; at most maxDerivations
// and maxSynonyms of them that the readings use, the most used first.
// Long, descriptive questions get no synonyms: their many words find their
// topic, and feedback (see expand) adds the readings' own words for it.
//
// A word of a short question that neither the readings nor these related
// forms and synonyms reach gains, as a last resort, the words used in
// like contexts (analysis.Similar: "shocked" finds "surprised",
// "freedoms" finds "liberties"), which count similarFactor, at most
// maxSimilar of them. They are often no synonyms ("subsidies" for
// "tariffs"), so they rank passages but do not show that the readings
// answer the question (see clause.lacked). Words the readings use
// get none: there, on Cranfield, CISI and SQuAD, they cost more than they
// found.
const (
	derivationFactor = 0.6
	maxDerivations   = 4
	synonymFactor    = 0.4
	maxSynonyms      = 8
	similarFactor    = 0.3
	maxSimilar       = 4
)

// addAlternatives adds to a one-word clause those of words that the index
// holds, as alternatives counting factor, at most limit of them. It
// returns the passage frequency of the most frequent when they count for
// the clause's weight (the word itself is unknown), else 0.
func addAlternatives(c *clause, an *analysis.Analyzer, stats retrieval.Stats, words []string, factor float64, limit int, unknown bool) int {
	if len(words) == 0 {
		return 0
	}
	type found struct {
		term string
		df   int
	}
	var fs []found
	seen := make(map[string]bool)
	for _, alt := range c.alts {
		seen[strings.Join(alt, " ")] = true
	}
	for _, w := range words {
		terms := an.Terms(w)
		if len(terms) != 1 || seen[terms[0]] {
			continue
		}
		seen[terms[0]] = true
		if df := stats.DocFreq(terms[0]); df > 0 {
			fs = append(fs, found{terms[0], df})
		}
	}
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].df != fs[j].df {
			return fs[i].df > fs[j].df
		}
		return fs[i].term < fs[j].term
	})
	df := 0
	// c.alts may be an alias group, which questions answered at once
	// share: appending must not write into the group's spare capacity.
	c.alts = slices.Clip(c.alts)
	for _, f := range fs[:min(len(fs), limit)] {
		c.alts = append(c.alts, []string{f.term})
		c.factor = append(c.factor, factor)
		if unknown {
			df = max(df, f.df)
		}
	}
	return df
}

// derivationsOf returns the related forms WordNet gives for word, or, when
// it gives none and the readings do not use the word (unknown), those of
// the word's base form: WordNet lists "democracy" but not "democracies",
// "fight" but not "fought", so an inflection the readings lack still
// reaches the forms they use ("democratic"). Only a base form WordNet
// lists counts, so a word is never cut into another.
func derivationsOf(word string, unknown bool) []string {
	if r := analysis.Derivations(word); r != nil || !unknown {
		return r
	}
	for _, b := range baseForms(word) {
		if r := analysis.Derivations(b); r != nil {
			return append([]string{b}, r...)
		}
	}
	return nil
}

// baseForms are the base forms an inflected word may stand for, the
// likeliest first: an irregular form's base, then the word without a
// regular ending ("-ies", "-ing", "-ed", "-es", "-s"), with and without a
// final e.
func baseForms(word string) []string {
	var out []string
	if b := analysis.BaseForm(word); b != word {
		out = append(out, b)
	}
	if stem, ok := strings.CutSuffix(word, "ies"); ok && len(stem) >= 3 {
		out = append(out, stem+"y")
	}
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		stem, ok := strings.CutSuffix(word, suf)
		if !ok || len(stem) < 3 || suf == "s" && strings.HasSuffix(stem, "s") {
			continue
		}
		out = append(out, stem)
		if suf != "s" {
			out = append(out, stem+"e")
		}
	}
	return out
}
