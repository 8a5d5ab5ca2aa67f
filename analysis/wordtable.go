package analysis

import (
	"sort"
	"strings"
)

// wordTable is an embedded word list's text and the offsets of its lines,
// which are sorted by their first word.
type wordTable struct {
	text  string
	start []uint32
}

// readWordTable indexes the lines of an embedded table. The tables are
// embedded as plain text, not compressed: the text is then read in place
// from the binary's read-only data instead of being decompressed into the
// heap by every new process, which took a fifth of a cold start's time.
func readWordTable(text string) wordTable {
	th := wordTable{text: text, start: make([]uint32, 0, strings.Count(text, "\n")+1)}
	for i := 0; i < len(text); {
		th.start = append(th.start, uint32(i))
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return th
}

// line returns the rest of the line that begins with word (the words a
// table lists for it), and whether there is one.
func (th wordTable) line(word string) (string, bool) {
	k := sort.Search(len(th.start), func(k int) bool { return !th.keyBefore(k, word) })
	if k == len(th.start) {
		return "", false
	}
	l := th.text[th.start[k]:]
	if j := strings.IndexByte(l, '\n'); j >= 0 {
		l = l[:j]
	}
	w, syns, _ := strings.Cut(l, " ")
	return syns, w == word
}

// keyBefore reports whether line k's first word sorts before word. It
// reads no further into the line than word is long, where finding the
// line's end first would read all of a long line at every probe.
func (th wordTable) keyBefore(k int, word string) bool {
	l := th.text[th.start[k]:]
	for i := 0; ; i++ {
		end := i == len(l) || l[i] == ' ' || l[i] == '\n'
		switch {
		case i == len(word):
			return false // the key is word, or longer
		case end:
			return true // the key is a proper prefix of word
		case l[i] != word[i]:
			return l[i] < word[i]
		}
	}
}
