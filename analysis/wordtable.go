package analysis

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"sort"
	"strings"
)

// wordTable is a word list's text, decompressed on first use, and the
// offsets of its lines, which are sorted by their first word.
type wordTable struct {
	text  string
	start []uint32
}

// readWordTable decompresses an embedded table and indexes its lines. It
// panics on a table that does not decompress: a build defect, which the
// tests catch.
func readWordTable(gz []byte) wordTable {
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		panic("analysis: embedded word table: " + err.Error()) // a build defect, caught by the tests
	}
	// The gzip trailer holds the text's size (modulo 2³²; the tables are
	// far smaller), so the text is read into one buffer of that size
	// instead of one that grows and is copied again.
	var b strings.Builder
	if len(gz) >= 4 {
		b.Grow(int(binary.LittleEndian.Uint32(gz[len(gz)-4:])))
	}
	if _, err := io.Copy(&b, r); err != nil {
		panic("analysis: embedded word table: " + err.Error())
	}
	text := b.String()
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
