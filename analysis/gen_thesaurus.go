//go:build ignore

// gen_thesaurus writes thesaurus.txt.gz and derivations.txt.gz from a
// WordNet 3.0 database (Debian's wordnet-base package installs one in
// /usr/share/wordnet):
//
//	go run gen_thesaurus.go -wordnet /usr/share/wordnet
//
// Each line is a word followed by its synonyms: the other one-word lemmas
// of the synsets among the word's first senses (WordNet orders a word's
// senses by how often they were seen in its tagged corpus), and of the
// synsets in which the word is among the first senses of another lemma.
// derivations.txt.gz lists in the same way each word's derivationally
// related forms (WordNet's "+" pointers: "decide" and "decision", "grow"
// and "growth"), and phrasals.txt.gz each phrasal verb ("prop_up") with
// the one-word lemmas of its first senses and of their first hypernyms
// ("prop", "shore", "hold", "support", "sustain"). Only words of letters
// a–z are kept.
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

	"github.com/citebot/citebot/analysis"
)

// senses is how many of a word's senses, per part of speech, give
// synonyms: its commonest meanings.
const senses = 2

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet database folder")
	out := flag.String("o", "thesaurus.txt.gz", "synonyms file")
	derivOut := flag.String("d", "derivations.txt.gz", "derivations file")
	phrasalOut := flag.String("p", "phrasals.txt.gz", "phrasal verbs file")
	flag.Parse()
	if err := run(*dir, *out); err != nil {
		log.Fatal(err)
	}
	if err := derivations(*dir, *derivOut); err != nil {
		log.Fatal(err)
	}
	if err := phrasals(*dir, *phrasalOut); err != nil {
		log.Fatal(err)
	}
}

// phrasals writes each phrasal verb of a verb and a particle with the
// one-word lemmas of its first senses and their first hypernyms.
func phrasals(dir, out string) error {
	type synset struct {
		words []string // one-word lemmas
		hyper string   // offset of the first hypernym, or ""
	}
	sets := make(map[string]synset)
	f, err := os.Open(filepath.Join(dir, "data.verb"))
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
		if len(fs) < 5 {
			continue
		}
		n, err := strconv.ParseInt(fs[3], 16, 0)
		if err != nil || len(fs) < 5+2*int(n) {
			continue
		}
		var ss synset
		for i := range int(n) {
			if w := strings.ToLower(fs[4+2*i]); plain(w) {
				ss.words = append(ss.words, w)
			}
		}
		k := 4 + 2*int(n)
		pc, _ := strconv.Atoi(fs[k])
		for i := range pc {
			if k+4+4*i < len(fs) && fs[k+1+4*i] == "@" {
				ss.hyper = fs[k+2+4*i]
				break
			}
		}
		sets[fs[0]] = ss
	}
	f.Close()
	if err := sc.Err(); err != nil {
		return err
	}
	idx, err := os.Open(filepath.Join(dir, "index.verb"))
	if err != nil {
		return err
	}
	defer idx.Close()
	rel := make(map[string]map[string]bool)
	sc = bufio.NewScanner(idx)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 4 || strings.HasPrefix(sc.Text(), " ") {
			continue
		}
		verb, particle, ok := strings.Cut(fs[0], "_")
		if !ok || !plain(verb) || !analysis.IsParticle(particle) {
			continue
		}
		n, _ := strconv.Atoi(fs[2])
		if n == 0 || len(fs) < n {
			continue
		}
		m := make(map[string]bool)
		for _, off := range fs[len(fs)-n:][:min(senses, n)] {
			ss := sets[off]
			for _, w := range ss.words {
				m[w] = true
			}
			for _, w := range sets[ss.hyper].words {
				m[w] = true
			}
		}
		if len(m) > 0 {
			rel[fs[0]] = m
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return write(out, rel)
}

// derivations writes each word's derivationally related forms.
func derivations(dir, out string) error {
	type synset struct {
		words []string   // all lemmas, in order (WordNet numbers them from 1)
		ptrs  [][]string // "+" pointers: target offset, pos, source/target
	}
	sets := make(map[string]synset) // pos letter + offset
	posLetter := map[string]string{"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		f, err := os.Open(filepath.Join(dir, "data."+pos))
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
			if len(fs) < 5 {
				continue
			}
			n, err := strconv.ParseInt(fs[3], 16, 0)
			if err != nil || len(fs) < 5+2*int(n) {
				continue
			}
			var ss synset
			for i := range int(n) {
				w := strings.ToLower(fs[4+2*i])
				if j := strings.IndexByte(w, '('); j > 0 {
					w = w[:j]
				}
				ss.words = append(ss.words, w)
			}
			k := 4 + 2*int(n)
			pc, _ := strconv.Atoi(fs[k])
			for i := range pc {
				if k+4+4*i >= len(fs) {
					break
				}
				p := fs[k+1+4*i : k+5+4*i]
				if p[0] == "+" {
					ss.ptrs = append(ss.ptrs, p[1:])
				}
			}
			sets[posLetter[pos]+fs[0]] = ss
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return err
		}
	}
	rel := make(map[string]map[string]bool)
	for _, ss := range sets {
		for _, p := range ss.ptrs {
			pos := p[1]
			if pos == "s" {
				pos = "a"
			}
			t, ok := sets[pos+p[0]]
			src, err1 := strconv.ParseInt(p[2][:2], 16, 0)
			dst, err2 := strconv.ParseInt(p[2][2:], 16, 0)
			if !ok || err1 != nil || err2 != nil || src < 1 || dst < 1 || int(src) > len(ss.words) || int(dst) > len(t.words) {
				continue
			}
			a, b := ss.words[src-1], t.words[dst-1]
			if a == b || !plain(a) || !plain(b) {
				continue
			}
			if rel[a] == nil {
				rel[a] = make(map[string]bool)
			}
			rel[a][b] = true
		}
	}
	return write(out, rel)
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
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	for _, w := range words {
		others := make([]string, 0, len(rel[w]))
		for o := range rel[w] {
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
	return write(out, syn)
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
