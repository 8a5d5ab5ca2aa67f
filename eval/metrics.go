package eval

import (
	"math"
	"strings"
	"unicode"
)

// Normalize prepares text for snippet containment tests: curly quotes and
// apostrophes become their ASCII forms (' and "), every run of whitespace
// becomes one space, the ends are trimmed and letters are lower-cased.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		switch r {
		case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u02BC':
			r = '\''
		case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033':
			r = '"'
		default:
			r = unicode.ToLower(r)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ContainsNormalized reports whether needle occurs in haystack once both are
// normalised with Normalize. An empty needle is never contained.
func ContainsNormalized(haystack, needle string) bool {
	n := Normalize(needle)
	return n != "" && strings.Contains(Normalize(haystack), n)
}

// AveragePrecision is the average precision of a ranked list of document
// ids against a set of relevant ids with binary relevance: the sum of the
// precision at the rank of every relevant document retrieved, divided by
// the number of relevant documents (retrieved or not). Repeated ids after
// the first count as not relevant. It is 0 when nothing is relevant.
func AveragePrecision(ranked []string, relevant map[string]bool) float64 {
	if len(relevant) == 0 {
		return 0
	}
	seen := make(map[string]bool, len(ranked))
	hits, sum := 0, 0.0
	for i, id := range ranked {
		if relevant[id] && !seen[id] {
			hits++
			sum += float64(hits) / float64(i+1)
		}
		seen[id] = true
	}
	return sum / float64(len(relevant))
}

// NDCG is the normalised discounted cumulative gain at cut-off k of a
// ranked list of document ids with binary gains: DCG sums 1/log2(rank+1)
// over the relevant documents among the first k ranks, and is divided by
// the DCG of an ideal ranking that puts min(k, number of relevant) relevant
// documents first. Repeated ids after the first gain nothing. It is 0 when
// nothing is relevant.
func NDCG(ranked []string, relevant map[string]bool, k int) float64 {
	if len(relevant) == 0 || k <= 0 {
		return 0
	}
	seen := make(map[string]bool, k)
	dcg := 0.0
	for i, id := range ranked {
		if i >= k {
			break
		}
		if relevant[id] && !seen[id] {
			dcg += 1 / math.Log2(float64(i+2))
		}
		seen[id] = true
	}
	ideal := 0.0
	for i := 0; i < min(k, len(relevant)); i++ {
		ideal += 1 / math.Log2(float64(i+2))
	}
	return dcg / ideal
}

// HitAt reports whether any of the first k ranks is a hit; hits[i] says
// whether rank i+1 is one.
func HitAt(hits []bool, k int) bool {
	for i := 0; i < k && i < len(hits); i++ {
		if hits[i] {
			return true
		}
	}
	return false
}

// ReciprocalRank is 1 divided by the rank of the first hit, or 0 when there
// is none; hits[i] says whether rank i+1 is a hit.
func ReciprocalRank(hits []bool) float64 {
	for i, h := range hits {
		if h {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// DistinctDocs reduces a ranked list of result document ids to the ranked
// list of distinct ids: each id at the rank of its first occurrence. Empty
// ids are dropped.
func DistinctDocs(docs []string) []string {
	seen := make(map[string]bool, len(docs))
	out := make([]string, 0, len(docs))
	for _, d := range docs {
		if d != "" && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

// ratio is n/d, or 0 when d is 0.
func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
