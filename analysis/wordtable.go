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
	lineAt := func(k int) string {
		l := th.text[th.start[k]:]
		if j := strings.IndexByte(l, '\n'); j >= 0 {
			l = l[:j]
		}
		return l
	}
	k := sort.Search(len(th.start), func(k int) bool {
		w, _, _ := strings.Cut(lineAt(k), " ")
		return w >= word
	})
	if k == len(th.start) {
		return "", false
	}
	w, syns, _ := strings.Cut(lineAt(k), " ")
	return syns, w == word
}
