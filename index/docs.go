package index

import (
	"encoding/binary"
	"fmt"
	"reflect"

	"github.com/citebot/citebot/retrieval"
)

// documentsFile holds a generation's documents: each one's description
// (retrieval.DocInfo), section headings and passages per section, in a
// compact binary form (see encodeDocuments). At 100,000 passages the
// documents are a megabyte, 15,000 headings among them; decoding them as
// JSON in the manifest took 12 to 20 ms of each start, this file takes
// about one. It is checked against the size and checksum the manifest
// records.
const documentsFile = "documents.bin"

// documentsMagic begins a documents file.
const documentsMagic = "citebot documents 1\n"

// docInfoType is the type whose fields a documents file holds by name.
var docInfoType = reflect.TypeFor[retrieval.DocInfo]()

// encodeDocuments writes docs as: documentsMagic; the number of
// DocInfo fields and their names; the number of documents; then for each
// document its DocInfo fields in that order (a string as its length and
// bytes, an int as a varint), its headings (a count, then each as a
// string) and its passages per section (a count, then each as a varint).
// It panics on a DocInfo field that is neither a string nor an int: a
// programming error, which the tests catch.
func encodeDocuments(docs []docManifest) []byte {
	b := append([]byte(nil), documentsMagic...)
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(docInfoType.NumField()))
	for i := range docInfoType.NumField() {
		f := docInfoType.Field(i)
		if k := f.Type.Kind(); k != reflect.String && k != reflect.Int {
			panic(fmt.Sprintf("index: DocInfo.%s is a %s; the documents file holds strings and ints", f.Name, k))
		}
		str(f.Name)
	}
	b = binary.AppendUvarint(b, uint64(len(docs)))
	for i := range docs {
		v := reflect.ValueOf(&docs[i].DocInfo).Elem()
		for j := range v.NumField() {
			if f := v.Field(j); f.Kind() == reflect.String {
				str(f.String())
			} else {
				b = binary.AppendVarint(b, f.Int())
			}
		}
		b = binary.AppendUvarint(b, uint64(len(docs[i].Headings)))
		for _, h := range docs[i].Headings {
			str(h)
		}
		b = binary.AppendUvarint(b, uint64(len(docs[i].Sections)))
		for _, n := range docs[i].Sections {
			b = binary.AppendVarint(b, int64(n))
		}
	}
	return b
}

// decodeDocuments reads what encodeDocuments wrote. The strings are
// substrings of one copy of b. Anything else (a field DocInfo lacks, a
// count or length past the end) is an error wrapping ErrCorrupt.
func decodeDocuments(b []byte) ([]docManifest, error) {
	d := docDecoder{text: string(b)}
	if len(d.text) < len(documentsMagic) || d.text[:len(documentsMagic)] != documentsMagic {
		return nil, fmt.Errorf("%s: not a documents file: %w", documentsFile, ErrCorrupt)
	}
	d.off = len(documentsMagic)
	nf := d.count()
	fields := make([]int, 0, min(nf, docInfoType.NumField()))
	for range nf {
		name := d.str()
		f, ok := docInfoType.FieldByName(name)
		if d.err == nil && (!ok || len(f.Index) != 1) {
			d.fail("unknown field %q", name)
		}
		if d.err != nil {
			break
		}
		fields = append(fields, f.Index[0])
	}
	n := d.count()
	if d.err != nil {
		return nil, d.err
	}
	docs := make([]docManifest, n)
	for i := range docs {
		v := reflect.ValueOf(&docs[i].DocInfo).Elem()
		for _, j := range fields {
			if f := v.Field(j); f.Kind() == reflect.String {
				f.SetString(d.str())
			} else {
				f.SetInt(d.int())
			}
		}
		if nh := d.count(); d.err == nil {
			docs[i].Headings = make([]string, nh)
			for k := range docs[i].Headings {
				docs[i].Headings[k] = d.str()
			}
		}
		if ns := d.count(); d.err == nil {
			docs[i].Sections = make([]int, ns)
			for k := range docs[i].Sections {
				docs[i].Sections[k] = int(d.int())
			}
		}
		if d.err != nil {
			return nil, d.err
		}
	}
	if d.off != len(d.text) {
		return nil, fmt.Errorf("%s: %d bytes after the last document: %w", documentsFile, len(d.text)-d.off, ErrCorrupt)
	}
	return docs, nil
}

// docDecoder reads a documents file; the first error stops it and later
// reads return zero values.
type docDecoder struct {
	text string
	off  int
	err  error
}

func (d *docDecoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%s at byte %d: %s: %w", documentsFile, d.off, fmt.Sprintf(format, args...), ErrCorrupt)
	}
}

func (d *docDecoder) uvarint() uint64 {
	var x uint64
	for i, shift := 0, uint(0); i < binary.MaxVarintLen64 && d.err == nil; i, shift = i+1, shift+7 {
		if d.off >= len(d.text) {
			break
		}
		c := d.text[d.off]
		d.off++
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break // more than 64 bits
			}
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
	}
	d.fail("bad number")
	return 0
}

// int reads a varint (zig-zag encoded, as binary.AppendVarint writes).
func (d *docDecoder) int() int64 {
	ux := d.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

// count reads a count of items that each take at least a byte, so that a
// damaged count cannot make a huge allocation.
func (d *docDecoder) count() int {
	v := d.uvarint()
	if v > uint64(len(d.text)-d.off) {
		d.fail("count %d past the end", v)
		return 0
	}
	return int(v)
}

func (d *docDecoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	s := d.text[d.off : d.off+n]
	d.off += n
	return s
}
