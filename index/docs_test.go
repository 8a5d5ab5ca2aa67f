package index

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/citebot/citebot/retrieval"
)

// TestDocumentsRoundTrip checks that every field of DocInfo, with the
// headings and sections, comes back from the documents file as it went
// in: a field added to DocInfo is kept without more code here.
func TestDocumentsRoundTrip(t *testing.T) {
	var full retrieval.DocInfo
	v := reflect.ValueOf(&full).Elem()
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString("value of " + v.Type().Field(i).Name + " ü\x00\n")
		case reflect.Int:
			f.SetInt(int64(-1000 * (i + 1)))
		default:
			t.Fatalf("DocInfo.%s is a %s", v.Type().Field(i).Name, f.Kind())
		}
	}
	docs := []docManifest{
		{DocInfo: full, Headings: []string{"", "Introduction", "Why?"}, Sections: []int{1, 12, 0}},
		{},
		{DocInfo: retrieval.DocInfo{ID: "b", Passages: 1 << 40}, Headings: []string{""}, Sections: []int{1}},
	}
	got, err := decodeDocuments(encodeDocuments(docs))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(docs) {
		t.Fatalf("%d documents back, want %d", len(got), len(docs))
	}
	for i := range docs {
		if got[i].DocInfo != docs[i].DocInfo {
			t.Errorf("document %d: %+v, want %+v", i, got[i].DocInfo, docs[i].DocInfo)
		}
		if !slices.Equal(got[i].Headings, docs[i].Headings) && len(got[i].Headings)+len(docs[i].Headings) > 0 {
			t.Errorf("document %d: headings %q, want %q", i, got[i].Headings, docs[i].Headings)
		}
		if !slices.Equal(got[i].Sections, docs[i].Sections) && len(got[i].Sections)+len(docs[i].Sections) > 0 {
			t.Errorf("document %d: sections %v, want %v", i, got[i].Sections, docs[i].Sections)
		}
	}
}

// TestDocumentsDamaged checks that a documents file cut short, with bytes
// past its end, or with a huge count is refused with ErrCorrupt, never a
// panic or a huge allocation.
func TestDocumentsDamaged(t *testing.T) {
	b := encodeDocuments([]docManifest{{DocInfo: retrieval.DocInfo{ID: "a", Title: "A"}, Headings: []string{"", "H"}, Sections: []int{1, 2}}})
	for n := range len(b) {
		if _, err := decodeDocuments(b[:n]); err == nil {
			t.Errorf("cut at %d of %d bytes: decoded", n, len(b))
		}
	}
	if _, err := decodeDocuments(append(slices.Clone(b), 0)); err == nil {
		t.Error("a byte past the end: decoded")
	}
	huge := append([]byte(documentsMagic), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)
	if _, err := decodeDocuments(huge); err == nil {
		t.Error("a huge field count: decoded")
	}
}

// TestDocumentsFile checks that a generation's documents are read back
// from its documents file, and that a damaged or missing one is found at
// open as a wrapped ErrCorrupt.
func TestDocumentsFile(t *testing.T) {
	c := essay(t)
	ix, dir := built(t, c, "essay")
	name := ix.gen.name
	docs := ix.Documents()
	if len(docs) != len(c.Documents) {
		t.Fatalf("%d documents, the corpus has %d", len(docs), len(c.Documents))
	}
	for i, d := range c.Documents {
		if docs[i].ID != d.ID || docs[i].Title != d.Title || docs[i].Passages != len(d.Passages) {
			t.Errorf("document %d: %+v, corpus %s %q %d passages", i, docs[i], d.ID, d.Title, len(d.Passages))
		}
		sections, headings, ok := ix.Outline(d.ID)
		if !ok || len(sections) == 0 || len(sections) != len(headings) {
			t.Errorf("outline of %s: %v %q %v", d.ID, sections, headings, ok)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	checkDamagedSideFile(t, dir, name, documentsFile)
}

// TestJSONDocumentsFormat checks that an index of the format before the
// documents file (its documents in the manifest) opens as it is, with the
// same documents, rather than being rebuilt.
func TestJSONDocumentsFormat(t *testing.T) {
	ix, _ := built(t, essay(t), "essay")
	g := ix.gen
	want := slices.Clone(g.manifest.Documents)
	m := g.manifest
	m.Format, m.JSONDocuments, m.DocumentsFile = jsonDocsFormat, want, nil
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(g.dir, manifestFile), mustJSON(m), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(g.dir, documentsFile)); err != nil {
		t.Fatal(err)
	}
	old, err := openGeneration(g.dir, g.name)
	if err != nil {
		t.Fatalf("an index of format %d: %v", jsonDocsFormat, err)
	}
	defer old.idx.Close()
	if !reflect.DeepEqual(old.manifest.Documents, want) {
		t.Errorf("documents of format %d differ from the documents file's", jsonDocsFormat)
	}
	if len(old.docs) != len(want) {
		t.Errorf("%d documents by id, want %d", len(old.docs), len(want))
	}
}
