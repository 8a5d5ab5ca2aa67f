package analysis

import (
	_ "embed"
	"sync"
)

// words.txt lists the English words of five or more letters (ASCII,
// lower case, one per line, sorted) of SCOWL's size-50 American English
// list, as Debian's wamerican 2020.12.07 package ships it
// (/usr/share/dict/american-english; possessives and words with other
// characters left out). SCOWL is Copyright 2000-2011 by Kevin Atkinson;
// "Permission to use, copy, modify, distribute and sell these word lists,
// the associated scripts, the output created from the scripts, and its
// documentation for any purpose is hereby granted without fee, provided
// that the above copyright notice appears in all copies and that both that
// copyright notice and this permission notice appear in supporting
// documentation. Kevin Atkinson makes no representations about the
// suitability of this array for any purpose. It is provided "as is"
// without express or implied warranty."
//
//go:embed words.txt
var wordsText string

// MinLexiconWord is the length of the shortest word the lexicon knows:
// IsEnglishWord cannot tell shorter words from typos.
const MinLexiconWord = 5

// lexicon is the sorted word list, read on first use.
var lexicon = sync.OnceValue(func() wordTable { return readWordTable(wordsText) })

// IsEnglishWord reports whether w, folded to lower case, is an English
// word of at least MinLexiconWord letters that a general dictionary lists,
// inflected forms included ("shipping", "aggressive", "India"). A word it
// lists is spelt right, so it is not corrected as a typo even where the
// readings do not use it. Shorter words, and words with letters outside
// a–z, are never listed.
func IsEnglishWord(w string) bool {
	if len(w) < MinLexiconWord {
		return false
	}
	_, ok := lexicon().line(w)
	return ok
}
