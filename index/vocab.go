package index

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// vocabFile holds a generation's vocabulary: each body term and the number
// of passages holding it, a line each ("term\tcount\n"), sorted by term.
// Reading Bleve's term dictionary across many segments at open takes a
// tenth of a second at 100,000 passages; this file takes a few
// milliseconds. It is written once, at build, from that dictionary, and
// checked against the size and checksum the manifest records.
const vocabFile = "vocab.tsv"

// dictVocab reads the body field's term dictionary of an open Bleve index:
// each term with the number of passages holding it.
func dictVocab(idx bleve.Index) (map[string]uint32, error) {
	dict, err := idx.FieldDict(fieldBody)
	if err != nil {
		return nil, fmt.Errorf("read vocabulary: %w", err)
	}
	defer dict.Close()
	vocab := make(map[string]uint32)
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("read vocabulary: %w", err)
		}
		if e == nil {
			return vocab, nil
		}
		vocab[e.Term] = uint32(e.Count)
	}
}

// writeVocab writes the vocabulary of the closed Bleve index in
// dir/bleveDir to dir/vocabFile and returns the file's size and checksum.
func writeVocab(dir string) (fileSum, error) {
	idx, err := bleve.OpenUsing(filepath.Join(dir, bleveDir), map[string]interface{}{"read_only": true})
	if err != nil {
		return fileSum{}, fmt.Errorf("reopen index for its vocabulary: %w", err)
	}
	vocab, err := dictVocab(idx)
	if cerr := idx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close index: %w", cerr)
	}
	if err != nil {
		return fileSum{}, err
	}
	terms := make([]string, 0, len(vocab))
	for t := range vocab {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	var b bytes.Buffer
	for _, t := range terms {
		b.WriteString(t)
		b.WriteByte('\t')
		b.WriteString(strconv.FormatUint(uint64(vocab[t]), 10))
		b.WriteByte('\n')
	}
	return writeSideFile(dir, vocabFile, b.Bytes())
}

// writeSideFile writes b to dir/name, synced, and returns its size and
// checksum for the manifest.
func writeSideFile(dir, name string, b []byte) (fileSum, error) {
	if err := writeFileSync(filepath.Join(dir, name), b); err != nil {
		return fileSum{}, err
	}
	return fileSum{Path: name, Size: int64(len(b)), CRC: crc32.Checksum(b, castagnoli)}, nil
}

// readSideFile reads dir/name and checks it against sum; what names its
// content in the error of a file that cannot be read.
func readSideFile(dir, name, what string, sum fileSum) ([]byte, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w (%w)", what, err, ErrCorrupt)
	}
	if int64(len(b)) != sum.Size || crc32.Checksum(b, castagnoli) != sum.CRC {
		return nil, fmt.Errorf("%s fails its checksum: %w", name, ErrCorrupt)
	}
	return b, nil
}

// readVocab reads dir/vocabFile, checking it against sum, and returns the
// vocabulary and its first term ("" when it is empty). The terms are
// substrings of one copy of the file, so reading 40,000 of them makes one
// string rather than one each.
func readVocab(dir string, sum fileSum) (map[string]uint32, string, error) {
	b, err := readSideFile(dir, vocabFile, "vocabulary", sum)
	if err != nil {
		return nil, "", err
	}
	text := string(b)
	vocab := make(map[string]uint32, strings.Count(text, "\n"))
	first := ""
	for len(text) > 0 {
		line, rest, cut := strings.Cut(text, "\n")
		term, count, ok := strings.Cut(line, "\t")
		n, countOK := parseCount(count)
		if !ok || len(term) == 0 || !countOK {
			if cut {
				line += "\n"
			}
			return nil, "", fmt.Errorf("%s: bad line %q: %w", vocabFile, line, ErrCorrupt)
		}
		if first == "" {
			first = term
		}
		vocab[term] = n
		text = rest
	}
	return vocab, first, nil
}

// parseCount reads a passage count written in decimal, as ParseUint with
// 32 bits would, without its allocations.
func parseCount(s string) (uint32, bool) {
	if s == "" {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n = n*10 + uint64(c-'0'); n > 1<<32-1 {
			return 0, false
		}
	}
	return uint32(n), true
}

// headingsFile holds a generation's heading terms: the analysed words of
// its section headings, one a line, sorted. Analysing every heading of
// 100,000 passages when a question first needs them takes about 50 ms; it
// is done once, at build, and the file is checked against the size and
// checksum the manifest records.
const headingsFile = "headings.txt"

// writeHeadingTerms writes terms to dir/headingsFile and returns the
// file's size and checksum.
func writeHeadingTerms(dir string, terms map[string]bool) (fileSum, error) {
	sorted := make([]string, 0, len(terms))
	for t := range terms {
		sorted = append(sorted, t)
	}
	sort.Strings(sorted)
	var b bytes.Buffer
	for _, t := range sorted {
		b.WriteString(t)
		b.WriteByte('\n')
	}
	return writeSideFile(dir, headingsFile, b.Bytes())
}

// readHeadingTerms reads dir/headingsFile, checking it against sum.
func readHeadingTerms(dir string, sum fileSum) (map[string]bool, error) {
	b, err := readSideFile(dir, headingsFile, "heading terms", sum)
	if err != nil {
		return nil, err
	}
	text := string(b) // the terms are substrings of it
	terms := make(map[string]bool, strings.Count(text, "\n"))
	for len(text) > 0 {
		t, rest, cut := strings.Cut(text, "\n")
		if len(t) == 0 || strings.ContainsAny(t, " \t") {
			if cut {
				t += "\n"
			}
			return nil, fmt.Errorf("%s: bad line %q: %w", headingsFile, t, ErrCorrupt)
		}
		terms[t] = true
		text = rest
	}
	return terms, nil
}
