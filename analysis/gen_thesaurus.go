//go:build ignore

// gen_thesaurus writes thesaurus.txt, derivations.txt and
// phrasals.txt from a WordNet 3.0 database (Debian's wordnet-base
// package installs one in /usr/share/wordnet):
//
//	go run gen_thesaurus.go -wordnet /usr/share/wordnet
//
// In thesaurus.txt each line is a word followed by its synonyms: the
// other one-word lemmas of the synsets among the word's first senses
// (WordNet orders a word's senses by how often they were seen in its
// tagged corpus), and of the synsets in which the word is among the first
// senses of another lemma. derivations.txt lists in the same way each
// word's derivationally related forms (WordNet's "+" pointers: "decide"
// and "decision", "grow" and "growth"), and phrasals.txt each phrasal
// verb ("prop_up") with the one-word lemmas of its first senses and of
// their first hypernyms ("prop", "shore", "hold", "support", "sustain").
// Only words of letters a–z are kept.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/citebot/citebot/analysis"
)

// senses is how many of a word's senses, per part of speech, give
// synonyms: its commonest meanings.
const senses = 2

// partsOfSpeech are WordNet's file suffixes and pointer letters.
var partsOfSpeech = []struct{ file, letter string }{{"noun", "n"}, {"verb", "v"}, {"adj", "a"}, {"adv", "r"}}

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet database folder")
	out := flag.String("o", "thesaurus.txt", "synonyms file")
	derivOut := flag.String("d", "derivations.txt", "derivations file")
	phrasalOut := flag.String("p", "phrasals.txt", "phrasal verbs file")
	flag.Parse()
	db, err := load(*dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range []struct {
		path string
		rel  map[string]map[string]bool
	}{{*out, db.synonyms()}, {*derivOut, db.derivations()}, {*phrasalOut, db.phrasals()}} {
		if err := write(t.path, t.rel); err != nil {
			log.Fatal(err)
		}
	}
}

// synset is one line of a data file: its lemmas (folded, adjective
// markers such as "(p)" dropped, WordNet numbers them from 1) and its
// pointers.
type synset struct {
	lemmas []string
	ptrs   []pointer
}

// pointer is a relation to another synset; src and dst number the lemmas
// it relates (0 for the whole synsets).
type pointer struct {
	symbol, target string // target: pointer letter ("s" as "a") + offset
	src, dst       int
}

// entry is one line of an index file: a lemma and its synsets, commonest
// sense first.
type entry struct {
	lemma   string
	synsets []string // pointer letter + offset
}

// database is what the generator reads of WordNet.
type database struct {
	sets  map[string]synset // pointer letter + offset
	index map[string][]entry
}

func load(dir string) (*database, error) {
	db := &database{sets: make(map[string]synset), index: make(map[string][]entry)}
	for _, pos := range partsOfSpeech {
		err := eachLine(filepath.Join(dir, "data."+pos.file), func(fs []string) {
			n, err := strconv.ParseInt(fs[3], 16, 0)
			if err != nil || len(fs) < 5+2*int(n) {
				return
			}
			var ss synset
			for i := range int(n) {
				w := strings.ToLower(fs[4+2*i])
				if j := strings.IndexByte(w, '('); j > 0 {
					w = w[:j]
				}
				ss.lemmas = append(ss.lemmas, w)
			}
			k := 4 + 2*int(n)
			pc, _ := strconv.Atoi(fs[k])
			for i := range pc {
				if k+4+4*i >= len(fs) {
					break
				}
				p := fs[k+1+4*i : k+5+4*i]
				letter := p[2]
				if letter == "s" {
					letter = "a"
				}
				src, _ := strconv.ParseInt(p[3][:2], 16, 0)
				dst, _ := strconv.ParseInt(p[3][2:], 16, 0)
				ss.ptrs = append(ss.ptrs, pointer{symbol: p[0], target: letter + p[1], src: int(src), dst: int(dst)})
			}
			db.sets[pos.letter+fs[0]] = ss
		})
		if err != nil {
			return nil, err
		}
		err = eachLine(filepath.Join(dir, "index."+pos.file), func(fs []string) {
			n, _ := strconv.Atoi(fs[2])
			if n == 0 || len(fs) < n {
				return
			}
			e := entry{lemma: fs[0]}
			for _, off := range fs[len(fs)-n:] {
				e.synsets = append(e.synsets, pos.letter+off)
			}
			db.index[pos.letter] = append(db.index[pos.letter], e)
		})
		if err != nil {
			return nil, err
		}
	}
	return db, nil
}

// eachLine calls fn with the fields of each line of a WordNet file that
// is not its licence header (lines starting with a space).
func eachLine(path string, fn func([]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); !strings.HasPrefix(line, " ") {
			if fs := strings.Fields(line); len(fs) >= 4 {
				fn(fs)
			}
		}
	}
	return sc.Err()
}

// plainLemmas returns a synset's one-word lemmas.
func (db *database) plainLemmas(id string) []string {
	var out []string
	for _, w := range db.sets[id].lemmas {
		if plain(w) {
			out = append(out, w)
		}
	}
	return out
}

// synonyms relates each word to the lemmas of its first senses, both ways.
func (db *database) synonyms() map[string]map[string]bool {
	rel := make(map[string]map[string]bool)
	for _, pos := range partsOfSpeech {
		for _, e := range db.index[pos.letter] {
			if !plain(e.lemma) {
				continue
			}
			for _, id := range e.synsets[:min(senses, len(e.synsets))] {
				for _, w := range db.plainLemmas(id) {
					relate(rel, e.lemma, w) // the word's own first senses
					relate(rel, w, e.lemma) // and its meaning for the other words
				}
			}
		}
	}
	return rel
}

// derivations relates each word to its derivationally related forms.
func (db *database) derivations() map[string]map[string]bool {
	rel := make(map[string]map[string]bool)
	for _, ss := range db.sets {
		for _, p := range ss.ptrs {
			t, ok := db.sets[p.target]
			if p.symbol != "+" || !ok || p.src < 1 || p.dst < 1 || p.src > len(ss.lemmas) || p.dst > len(t.lemmas) {
				continue
			}
			if a, b := ss.lemmas[p.src-1], t.lemmas[p.dst-1]; plain(a) && plain(b) {
				relate(rel, a, b)
			}
		}
	}
	return rel
}

// phrasals relates each phrasal verb of a verb and a particle to the
// one-word lemmas of its first senses and of their first hypernyms.
func (db *database) phrasals() map[string]map[string]bool {
	rel := make(map[string]map[string]bool)
	for _, e := range db.index["v"] {
		verb, particle, ok := strings.Cut(e.lemma, "_")
		if !ok || !plain(verb) || !analysis.IsParticle(particle) {
			continue
		}
		for _, id := range e.synsets[:min(senses, len(e.synsets))] {
			words := db.plainLemmas(id)
			for _, p := range db.sets[id].ptrs {
				if p.symbol == "@" {
					words = append(words, db.plainLemmas(p.target)...)
					break
				}
			}
			for _, w := range words {
				relate(rel, e.lemma, w)
			}
		}
	}
	return rel
}

func relate(rel map[string]map[string]bool, a, b string) {
	if a == b {
		return
	}
	if rel[a] == nil {
		rel[a] = make(map[string]bool)
	}
	rel[a][b] = true
}

// write writes a word → related words table, one sorted line per word
// (a phrasal verb's words joined by "_").
func write(out string, rel map[string]map[string]bool) error {
	words := make([]string, 0, len(rel))
	for w := range rel {
		words = append(words, w)
	}
	sort.Strings(words)
	var buf bytes.Buffer
	for _, w := range words {
		others := make([]string, 0, len(rel[w]))
		for o := range rel[w] {
			others = append(others, o)
		}
		sort.Strings(others)
		fmt.Fprintf(&buf, "%s %s\n", w, strings.Join(others, " "))
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

func plain(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}
