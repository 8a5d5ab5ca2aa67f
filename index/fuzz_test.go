package index

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/citebot/citebot/retrieval"
)

// FuzzDecodeDocuments feeds the documents file's decoder damaged and
// hostile bytes: it must never panic nor allocate past what the input
// can hold, must refuse what it cannot read with an error wrapping
// ErrCorrupt, and what it accepts must come back the same through
// encodeDocuments.
func FuzzDecodeDocuments(f *testing.F) {
	good := encodeDocuments([]docManifest{
		{DocInfo: retrieval.DocInfo{ID: "glaser", Title: "China–Russia", Author: "Charles Glaser", Passages: 46},
			Headings: []string{"", "Introduction", "Worldview"}, Sections: []int{1, 2, 18}},
		{DocInfo: retrieval.DocInfo{ID: "b", Passages: 1}, Headings: []string{""}, Sections: []int{1}},
	})
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(documentsMagic))
	f.Add([]byte(documentsMagic + "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"))
	f.Add([]byte("not a documents file"))
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, err := decodeDocuments(b)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		again, err := decodeDocuments(encodeDocuments(docs))
		if err != nil {
			t.Fatalf("re-encoded documents do not decode: %v", err)
		}
		if !reflect.DeepEqual(normalised(again), normalised(docs)) {
			t.Fatalf("round trip changed the documents:\n%+v\n%+v", docs, again)
		}
	})
}

// normalised makes empty and nil slices alike, which the file does not
// tell apart.
func normalised(docs []docManifest) []docManifest {
	out := make([]docManifest, len(docs))
	for i, d := range docs {
		if len(d.Headings) == 0 {
			d.Headings = nil
		}
		if len(d.Sections) == 0 {
			d.Sections = nil
		}
		out[i] = d
	}
	return out
}

// FuzzReadSideFiles feeds the vocabulary and heading-term readers any
// bytes, written the way a build writes them (so the checksum holds): they
// must never panic, must refuse a bad line with an error wrapping
// ErrCorrupt, and what they accept must hold only terms without spaces,
// tabs or line breaks.
func FuzzReadSideFiles(f *testing.F) {
	f.Add([]byte("balanc\t12\nwedg\t3\n"))
	f.Add([]byte("wedg\t99999999999\n"))
	f.Add([]byte("\t1\n"))
	f.Add([]byte("introduct\nconclus\n"))
	f.Add([]byte("a b\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		readers := map[string]func(fileSum) ([]string, error){
			vocabFile: func(sum fileSum) ([]string, error) {
				vocab, _, err := readVocab(dir, sum)
				return slices.Collect(maps.Keys(vocab)), err
			},
			headingsFile: func(sum fileSum) ([]string, error) {
				heads, err := readHeadingTerms(dir, sum)
				return slices.Collect(maps.Keys(heads)), err
			},
		}
		for name, read := range readers {
			sum, err := writeSideFile(dir, name, b)
			if err != nil {
				t.Fatal(err)
			}
			terms, err := read(sum)
			if err != nil {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("%s: error %v does not wrap ErrCorrupt", name, err)
				}
				continue
			}
			for _, term := range terms {
				if term == "" || strings.ContainsAny(term, "\n\t") || name == headingsFile && strings.Contains(term, " ") {
					t.Fatalf("%s: accepted term %q", name, term)
				}
			}
		}
	})
}
