package bench

import (
	"math/rand/v2"
	"strings"

	"github.com/citebot/citebot/analysis"
)

// vocabulary is the generator's lexicon: English function words with their
// usual share of running text, and synthetic content lemmas drawn with a
// Zipf distribution (rank r has probability ∝ 1/(r+v)^s). Lemmas are
// pronounceable syllable strings; frequent ones are short (Zipf's law of
// abbreviation) and they take English inflections, so the stemmer has the
// same work as on real prose and different forms of a lemma share a stem.
type vocabulary struct {
	lemmas  []string // by rank, most frequent first
	proper  []bool   // the lemma is a name and is written capitalised
	acronym []bool   // the lemma is an acronym and is written in capitals
	zipf    *rand.Zipf
	stops   []string  // function words
	stopCum []float64 // cumulative shares of stops
	set     map[string]bool
}

// functionWords are common English function words with their approximate
// relative frequency per thousand words of running text. They are about
// 45% of the tokens of academic prose.
var functionWords = []struct {
	w string
	f float64
}{
	{"the", 60}, {"of", 33}, {"and", 28}, {"to", 25}, {"a", 21}, {"in", 19},
	{"is", 11}, {"that", 10}, {"for", 8}, {"it", 7}, {"as", 7}, {"was", 6},
	{"with", 6}, {"be", 6}, {"by", 5}, {"on", 5}, {"not", 5}, {"this", 5},
	{"are", 5}, {"or", 4}, {"from", 4}, {"at", 4}, {"which", 4}, {"its", 3},
	{"an", 3}, {"have", 3}, {"has", 3}, {"but", 3}, {"their", 3}, {"they", 3},
	{"were", 2}, {"been", 2}, {"more", 2}, {"would", 2}, {"can", 2}, {"these", 2},
	{"other", 2}, {"than", 2}, {"also", 2}, {"into", 2}, {"only", 1.5},
	{"between", 1.5}, {"such", 1.5}, {"both", 1.5}, {"while", 1.2}, {"over", 1.2},
	{"because", 1.2}, {"however", 1}, {"when", 1}, {"most", 1}, {"some", 1},
	{"could", 1}, {"about", 1}, {"we", 1}, {"our", 0.8}, {"should", 0.8},
	{"each", 0.8}, {"through", 0.8}, {"against", 0.6}, {"under", 0.6},
	{"may", 0.6}, {"much", 0.6}, {"very", 0.5}, {"does", 0.5}, {"there", 0.5},
}

// Syllable parts of lemmas, and a disjoint set for words that are
// guaranteed not to occur in the corpus (off-vocabulary questions).
var (
	onsets  = []string{"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "cr", "dr", "fr", "gr", "pr", "tr", "st", "sp", "sh", "ch", "th", "pl", "cl", "bl", "sl", "sc", "qu"}
	nuclei  = []string{"a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ou", "io", "ee"}
	codas   = []string{"", "", "", "n", "r", "s", "t", "l", "m", "nd", "rt", "st", "ck", "ng", "nt", "rn"}
	oovOnst = []string{"zx", "qv", "xj", "vz", "jq", "kx"}
)

func newVocabulary(r *rand.Rand, size int) *vocabulary {
	v := &vocabulary{set: make(map[string]bool, size)}
	var total float64
	for _, fw := range functionWords {
		total += fw.f
		v.stops = append(v.stops, fw.w)
		v.stopCum = append(v.stopCum, total)
	}
	for i := range v.stopCum {
		v.stopCum[i] /= total
	}
	for len(v.lemmas) < size {
		rank := len(v.lemmas)
		// 1–2 syllables for the top few hundred, up to 4 further down.
		syl := 1 + r.IntN(2)
		if rank > 300 {
			syl = 2 + r.IntN(2)
		}
		if rank > 5000 && r.IntN(3) == 0 {
			syl++
		}
		var b strings.Builder
		for s := 0; s < syl; s++ {
			b.WriteString(onsets[r.IntN(len(onsets))])
			b.WriteString(nuclei[r.IntN(len(nuclei))])
			if s == syl-1 || r.IntN(3) == 0 {
				b.WriteString(codas[r.IntN(len(codas))])
			}
		}
		w := b.String()
		if len(w) < 3 || v.set[w] || analysis.IsStopWord(w) {
			continue
		}
		v.set[w] = true
		v.lemmas = append(v.lemmas, w)
		// Names and acronyms are rarer words; a few are frequent.
		v.proper = append(v.proper, rank > 20 && r.IntN(25) == 0)
		v.acronym = append(v.acronym, rank > 50 && len(w) <= 5 && r.IntN(120) == 0)
	}
	v.zipf = rand.NewZipf(r, 1.2, 2.7, uint64(size-1))
	return v
}

// stop draws a function word by its share of running text.
func (v *vocabulary) stop(r *rand.Rand) string {
	x := r.Float64()
	lo, hi := 0, len(v.stopCum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if v.stopCum[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return v.stops[lo]
}

// content draws a content word: a lemma by Zipf rank in one of its forms.
func (v *vocabulary) content(r *rand.Rand) string {
	i := int(v.zipf.Uint64())
	w := v.lemmas[i]
	switch {
	case v.acronym[i]:
		return strings.ToUpper(w)
	case v.proper[i]:
		if r.IntN(8) == 0 {
			return capitalize(w) + "'s"
		}
		return capitalize(w)
	}
	return inflect(r, w)
}

// inflect puts a lemma in one of its English forms: mostly the base form,
// else a plural or third person, past, gerund, or a derived noun, adjective
// or adverb.
func inflect(r *rand.Rand, w string) string {
	x := r.IntN(100)
	last := w[len(w)-1]
	vowelEnd := strings.IndexByte("aeiou", last) >= 0
	switch {
	case x < 70:
		return w
	case x < 73:
		if last == 's' || strings.HasSuffix(w, "sh") || strings.HasSuffix(w, "ch") {
			return w + "es"
		}
		return w + "s"
	case x < 81:
		if last == 'e' {
			return w + "d"
		}
		return w + "ed"
	case x < 88:
		if last == 'e' {
			return w[:len(w)-1] + "ing"
		}
		return w + "ing"
	case x < 92:
		if vowelEnd {
			return w + "tion"
		}
		return w + "ation"
	case x < 95:
		return w + "ment"
	case x < 98:
		if vowelEnd {
			return w + "l"
		}
		return w + "al"
	default:
		return w + "ly"
	}
}

// oov makes a word that cannot occur in the corpus: its first letters are
// a pair no lemma starts with.
func oov(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(oovOnst[r.IntN(len(oovOnst))])
	for s := 0; s < 1+r.IntN(2); s++ {
		b.WriteString(nuclei[r.IntN(len(nuclei))])
		b.WriteString(onsets[r.IntN(len(onsets))])
	}
	b.WriteString(nuclei[r.IntN(len(nuclei))])
	return b.String()
}

func capitalize(w string) string {
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}
