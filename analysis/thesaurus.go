package analysis

import (
	_ "embed"
	"strings"
	"sync"
)

// thesaurus.txt.gz, derivations.txt.gz and phrasals.txt.gz are generated
// from WordNet 3.0 by gen_thesaurus.go (see there): one word or phrasal
// verb per line, followed by its synonyms or its derivationally related
// forms. WordNet's licence,
// which asks that this notice appear on all copies:
//
// WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
// Permission to use, copy, modify and distribute this software and
// database and its documentation for any purpose and without fee or
// royalty is hereby granted, provided that you agree to comply with the
// following copyright notice and statements, including the disclaimer, and
// that the same appear on ALL copies of the software, database and
// documentation, including modifications that you make for internal use or
// for distribution. THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND
// PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
// IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY
// MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR
// ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE,
// DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS,
// COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University
// or Princeton may not be used in advertising or publicity pertaining to
// distribution of the software and/or database. Title to copyright in this
// software, database and any associated documentation shall at all times
// remain with Princeton University and LICENSEE agrees to preserve same.
//
//go:embed thesaurus.txt.gz
var thesaurusGz []byte

//go:embed derivations.txt.gz
var derivationsGz []byte

//go:embed phrasals.txt.gz
var phrasalsGz []byte

var (
	thesaurus   = sync.OnceValue(func() wordTable { return readWordTable(thesaurusGz) })
	derivations = sync.OnceValue(func() wordTable { return readWordTable(derivationsGz) })
	// phrasals maps a phrasal verb's analysed verb and its particle
	// ("prop_up" as "prop up", "pulled out" as "pull out") to its words.
	phrasals = sync.OnceValue(func() map[string][]string {
		th := readWordTable(phrasalsGz)
		m := make(map[string][]string, len(th.start))
		for _, at := range th.start {
			line := th.text[at:]
			line, _, _ = strings.Cut(line, "\n")
			key, words, _ := strings.Cut(line, " ")
			verb, particle, _ := strings.Cut(key, "_")
			if terms := Terms(verb); len(terms) == 1 {
				k := terms[0] + " " + particle
				m[k] = append(m[k], strings.Fields(words)...)
			}
		}
		return m
	})
)

// Synonyms returns the English words that WordNet gives as synonyms of
// word (folded to lower case) in its commonest senses, in alphabetical
// order: "dependable" gives "honest", "reliable" and "true". Words with
// several meanings get the synonyms of each, so a caller weighs them below
// the word itself. It returns nil for words WordNet does not list.
func Synonyms(word string) []string {
	line, ok := thesaurus().line(word)
	if !ok || word == "" {
		return nil
	}
	return strings.Fields(line)
}

// Derivations returns the words that WordNet gives as derivationally
// related forms of word (folded to lower case), which a stemmer does not
// always bring to one stem: "decide" gives "deciding", "decision" and
// "decisive"; "growth" gives "grow". It returns nil for words WordNet does
// not list.
func Derivations(word string) []string {
	line, ok := derivations().line(word)
	if !ok || word == "" {
		return nil
	}
	return strings.Fields(line)
}

// Preload reads the embedded word tables (the lexicon, the thesaurus, the
// derivations and the phrasal verbs) now rather than on first use. A program can call it in
// a goroutine while it opens its index, so the first question does not
// wait for them; calling it again costs nothing.
func Preload() {
	lexicon()
	thesaurus()
	derivations()
	phrasals()
}

// IsParticle reports whether a folded word can end a phrasal verb
// ("up" in "prop up", "back" in "hold back").
func IsParticle(word string) bool { return particles[word] }

var particles = map[string]bool{"up": true, "down": true, "out": true, "off": true, "over": true,
	"back": true, "away": true, "on": true, "in": true, "through": true, "along": true,
	"around": true, "apart": true, "together": true, "aside": true, "forward": true}

// PhrasalSynonyms returns the words WordNet gives for the phrasal verb of
// a verb's analysed term and a particle, from its commonest senses and
// their broader terms: "prop" and "up" ("propping up") give "hold",
// "prop", "shore", "support" and "sustain". It returns nil when WordNet
// has no such phrasal verb.
func PhrasalSynonyms(verbTerm, particle string) []string {
	return phrasals()[verbTerm+" "+particle]
}
