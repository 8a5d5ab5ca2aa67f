package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
)

// questionTemplates wrap words taken from a passage the way study-group
// members ask; %s is the words.
var questionTemplates = []string{
	"What does the reading say about %s?",
	"what do the authors argue about %s",
	"Why %s?",
	"How does %s work?",
	"Explain %s.",
	"%s",
	"Can you tell me about %s?",
	"What is meant by %s in the text?",
	"where does the essay discuss %s",
}

// offTopic are questions in plain English, none of whose content words the
// generated corpus has (its lexicon is synthetic); long words among them go
// through typo correction, as real off-topic questions do.
var offTopic = []string{
	"What is the capital of France?",
	"Who won the football championship last season?",
	"How do I bake sourdough bread at home?",
	"What does the reading say about photosynthesis in tropical forests?",
	"Explain quantum entanglement.",
	"When is the assignment due?",
	"What are the side effects of ibuprofen?",
	"How does blockchain consensus work?",
}

// Questions returns n questions about the corpus, deterministic for the
// seed. About 80% take three to six words, in order, from one sentence of
// a random passage and wrap them in a question template, so that the
// corpus answers them; about 8% do the same with a typo in a long word;
// the rest are off-topic or made of words the corpus lacks.
func Questions(c *corpus.Corpus, n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 0x51ed2701f3a5c7b9))
	var ps []*corpus.Passage
	for di := range c.Documents {
		for pi := range c.Documents[di].Passages {
			if p := &c.Documents[di].Passages[pi]; p.Kind != corpus.KindTitlePage {
				ps = append(ps, p)
			}
		}
	}
	out := make([]string, 0, n)
	for len(out) < n {
		x := r.IntN(100)
		if x >= 92 || len(ps) == 0 {
			if r.IntN(2) == 0 {
				out = append(out, offTopic[r.IntN(len(offTopic))])
			} else {
				out = append(out, fmt.Sprintf(questionTemplates[r.IntN(3)], oov(r)+" "+oov(r)))
			}
			continue
		}
		words := pickWords(r, ps[r.IntN(len(ps))].Text)
		if len(words) < 3 {
			continue
		}
		if x >= 84 {
			typo(r, words)
		}
		out = append(out, fmt.Sprintf(questionTemplates[r.IntN(len(questionTemplates))], strings.Join(words, " ")))
	}
	return out
}

// pickWords takes 3 to 6 content words, in order, from a random sentence
// of text, as written (names keep their capitals).
func pickWords(r *rand.Rand, text string) []string {
	sents := corpus.SplitSentences(text)
	if len(sents) == 0 {
		return nil
	}
	s := sents[r.IntN(len(sents))]
	sent := text[s.Start:s.End]
	var content []string
	for _, t := range analysis.Tokens(sent) {
		if !t.Stop && t.Term != "" && len(t.Word) >= 3 {
			w := sent[t.Start:t.End]
			if t.Start == 0 {
				w = strings.ToLower(w) // the sentence's capital
			}
			content = append(content, w)
		}
	}
	k := min(len(content), 3+r.IntN(4))
	if k < 3 {
		return nil
	}
	// A random subset of k words in their order.
	idx := r.Perm(len(content))[:k]
	keep := make([]bool, len(content))
	for _, i := range idx {
		keep[i] = true
	}
	words := make([]string, 0, k)
	for i, w := range content {
		if keep[i] {
			words = append(words, w)
		}
	}
	return words
}

// typo swaps two inner letters of the longest word.
func typo(r *rand.Rand, words []string) {
	best := 0
	for i, w := range words {
		if len(w) > len(words[best]) {
			best = i
		}
	}
	w := []byte(words[best])
	if len(w) < 5 {
		return
	}
	i := 1 + r.IntN(len(w)-3)
	w[i], w[i+1] = w[i+1], w[i]
	words[best] = string(w)
}
