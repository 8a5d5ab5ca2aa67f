package handlers

import (
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
	for _, f := range fs[:min(len(fs), limit)] {
		c.alts = append(c.alts, []string{f.term})
		c.factor = append(c.factor, factor)
		if unknown {
			df = max(df, f.df)
		}
	}
	return df
}
