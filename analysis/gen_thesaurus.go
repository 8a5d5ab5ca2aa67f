//go:build ignore

// gen_thesaurus writes thesaurus.txt.gz from a WordNet 3.0 database
// (Debian's wordnet-base package installs one in /usr/share/wordnet):
//
//	go run gen_thesaurus.go -wordnet /usr/share/wordnet
//
// Each line is a word followed by its synonyms: the other one-word lemmas
// of the synsets among the word's first senses (WordNet orders a word's
// senses by how often they were seen in its tagged corpus), and of the
// synsets in which the word is among the first senses of another lemma.
// Only words of letters a–z are kept.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// senses is how many of a word's senses, per part of speech, give
// synonyms: its commonest meanings.
const senses = 2

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet database folder")
	out := flag.String("o", "thesaurus.txt.gz", "output file")
	flag.Parse()
	if err := run(*dir, *out); err != nil {
		log.Fatal(err)
	}
}

func run(dir, out string) error {
	syn := make(map[string]map[string]bool)
	add := func(a, b string) {
		if a == b {
			return
		}
		if syn[a] == nil {
			syn[a] = make(map[string]bool)
		}
		syn[a][b] = true
	}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		sets, err := synsets(filepath.Join(dir, "data."+pos))
		if err != nil {
			return err
		}
		f, err := os.Open(filepath.Join(dir, "index."+pos))
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, " ") {
				continue
			}
			fs := strings.Fields(line)
			if len(fs) < 4 {
				continue
			}
			lemma := fs[0]
			n, _ := strconv.Atoi(fs[2])
			if !plain(lemma) || n == 0 || len(fs) < n {
				continue
			}
			for _, off := range fs[len(fs)-n:][:min(senses, n)] {
				for _, w := range sets[off] {
					add(lemma, w) // the word's own first senses
					add(w, lemma) // and its meaning for the other words
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return err
		}
	}
	words := make([]string, 0, len(syn))
	for w := range syn {
		words = append(words, w)
	}
	sort.Strings(words)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	for _, w := range words {
		others := make([]string, 0, len(syn[w]))
		for o := range syn[w] {
			others = append(others, o)
		}
		sort.Strings(others)
		fmt.Fprintf(zw, "%s %s\n", w, strings.Join(others, " "))
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// synsets reads a WordNet data file: synset offset → its one-word lemmas.
func synsets(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := make(map[string][]string)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, " ") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) < 5 {
			continue
		}
		n, err := strconv.ParseInt(fs[3], 16, 0)
		if err != nil || len(fs) < 4+2*int(n) {
			continue
		}
		var ws []string
		for i := range int(n) {
			w := strings.ToLower(fs[4+2*i])
			if j := strings.IndexByte(w, '('); j > 0 {
				w = w[:j] // adjective markers: "true(p)"
			}
			if plain(w) {
				ws = append(ws, w)
			}
		}
		m[fs[0]] = ws
	}
	return m, sc.Err()
}

func plain(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}
