package corpus

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// Format is the kind of file a reading is stored in.
type Format string

// The formats Load reads.
const (
	FormatMarkdown Format = "markdown"
	FormatText     Format = "text"
	FormatPDF      Format = "pdf"
	FormatDOCX     Format = "docx"
	FormatEPUB     Format = "epub"
	FormatHTML     Format = "html"
)

// Name is the format as a person calls it: "Markdown", "PDF", "Word (DOCX)".
func (f Format) Name() string {
	switch f {
	case FormatMarkdown:
		return "Markdown"
	case FormatText:
		return "plain text"
	case FormatPDF:
		return "PDF"
	case FormatDOCX:
		return "Word (DOCX)"
	case FormatEPUB:
		return "EPUB"
	case FormatHTML:
		return "HTML"
	}
	return string(f)
}

// extensions maps each file extension Load reads (lower case, with the
// dot) to its format.
var extensions = map[string]Format{
	".md":       FormatMarkdown,
	".markdown": FormatMarkdown,
	".txt":      FormatText,
	".pdf":      FormatPDF,
	".docx":     FormatDOCX,
	".epub":     FormatEPUB,
	".html":     FormatHTML,
	".htm":      FormatHTML,
	".xhtml":    FormatHTML,
}

// extensionOrder is the order Extensions lists the extensions in.
var extensionOrder = []string{".md", ".markdown", ".txt", ".pdf", ".docx", ".epub", ".html", ".htm", ".xhtml"}

// Extensions returns the file extensions of readings, lower case with the
// dot, e.g. ".md", ".pdf", ".docx". Extensions are matched without regard
// to case. The slice is new on every call.
func Extensions() []string {
	return append([]string(nil), extensionOrder...)
}

// FormatOf returns the format a file name's extension stands for, or
// false when the extension is not one of Extensions.
func FormatOf(name string) (Format, bool) {
	f, ok := extensions[strings.ToLower(path.Ext(name))]
	return f, ok
}

// supportedList is the sentence fragment naming what Load reads.
const supportedList = "citebot reads .md, .markdown, .txt, .pdf, .docx, .epub, .html and .htm files"

// Errors DetectFormat wraps.
var (
	// ErrUnsupported means the file's extension is not one of Extensions.
	ErrUnsupported = errors.New("unsupported format")
	// ErrWrongContent means the file's content is not what its extension
	// says, e.g. a file named .pdf that does not start with %PDF-.
	ErrWrongContent = errors.New("content does not match the file name")
)

// SniffLen is how many leading bytes of a file DetectFormat needs to judge
// most files; a DOCX is only recognised for sure from the whole file,
// since the zip's table of contents is at its end.
const SniffLen = 64 << 10

// DetectFormat checks that a file called name (only its extension is used)
// holds what its extension promises, judging by content: a PDF starts with
// %PDF- (within its first KiB, as PDF readers allow); a DOCX is a zip that
// holds word/document.xml; an EPUB is a zip whose mimetype entry says
// application/epub+zip (or that holds META-INF/container.xml); HTML, Markdown
// and text are UTF-8 text without NUL bytes. data is the whole file or its
// first bytes (at least SniffLen where possible); with only a head, a zip
// is judged by the entry names in the local headers the head holds.
//
// The error wraps ErrUnsupported when the extension is not one of
// Extensions (the message names the extension and lists the supported
// ones), ErrEmpty for an empty file, and ErrWrongContent when the content
// does not match; its message says what the content looks like and what
// to do, e.g. "content does not match the file name: it is a zip archive
// but not a Word document".
func DetectFormat(name string, data []byte) (Format, error) {
	want, ok := FormatOf(name)
	if !ok {
		return "", unsupported(name)
	}
	if len(data) == 0 {
		return "", ErrEmpty
	}
	got := sniff(data)
	if got == want {
		return want, nil
	}
	if want.isText() {
		switch got {
		case sniffText, FormatHTML:
			// Markdown may hold HTML and a web page may be bare text.
			return want, nil
		case sniffBinary:
			return "", ErrBinary
		case sniffNotUTF8:
			return "", checkUTF8(trimPartialRune(bytes.TrimPrefix(data, utf8BOM)))
		}
	}
	return "", wrongContent(want, got)
}

// sniffText and sniffZip are what sniff returns for text that is not
// recognisably HTML and for a zip that is neither DOCX nor EPUB;
// sniffBinary for anything else.
const (
	sniffText    Format = "text/*"
	sniffZip     Format = "zip"
	sniffBinary  Format = "binary"
	sniffNotUTF8 Format = "not-utf8"
	sniffOLE     Format = "ole"
)

// isText reports whether f is a format read as UTF-8 text.
func (f Format) isText() bool {
	return f == FormatMarkdown || f == FormatText || f == FormatHTML
}

// sniff says what data looks like.
func sniff(data []byte) Format {
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i >= 0 {
		return FormatPDF
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")) {
		return sniffZipKind(data)
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return sniffOLE
	}
	body := bytes.TrimPrefix(data, utf8BOM)
	head := body[:min(len(body), binarySniffLen)]
	if bytes.IndexByte(head, 0) >= 0 {
		return sniffBinary
	}
	// A head cut inside a multi-byte character is still text.
	if !utf8.Valid(trimPartialRune(head)) {
		return sniffNotUTF8
	}
	if looksHTML(head) {
		return FormatHTML
	}
	return sniffText
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= 3 && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}

// looksHTML reports whether text starts (after white space and comments)
// with an HTML document's opening: a doctype, <html>, <head> or <body>, or
// an XML declaration followed by an XHTML root.
func looksHTML(text []byte) bool {
	s := strings.ToLower(string(bytes.TrimSpace(text[:min(len(text), 4096)])))
	for strings.HasPrefix(s, "<?xml") || strings.HasPrefix(s, "<!--") {
		end := "?>"
		if strings.HasPrefix(s, "<!--") {
			end = "-->"
		}
		i := strings.Index(s, end)
		if i < 0 {
			return false
		}
		s = strings.TrimSpace(s[i+len(end):])
	}
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// sniffZipKind tells a DOCX from an EPUB from another zip: from the
// central directory when data is the whole archive, else from the local
// file headers in data.
func sniffZipKind(data []byte) Format {
	var names []string
	var mimetype string
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, f := range zr.File {
			names = append(names, f.Name)
			if f.Name == "mimetype" && f.Method == zip.Store && f.UncompressedSize64 < 100 {
				if rc, err := f.Open(); err == nil {
					buf := make([]byte, 100)
					n, _ := rc.Read(buf)
					mimetype = string(buf[:n])
					rc.Close()
				}
			}
		}
	} else {
		names, mimetype = localZipNames(data)
	}
	for _, n := range names {
		if n == "word/document.xml" {
			return FormatDOCX
		}
	}
	if strings.TrimSpace(mimetype) == "application/epub+zip" {
		return FormatEPUB
	}
	for _, n := range names {
		if n == "META-INF/container.xml" {
			return FormatEPUB
		}
	}
	return sniffZip
}

// localZipNames lists the entry names of the local file headers found in
// data (by their signature, since a header may leave its sizes to a
// descriptor after the data), and the content of a stored "mimetype"
// entry among them.
func localZipNames(data []byte) (names []string, mimetype string) {
	const hdr = 30
	sig := []byte("PK\x03\x04")
	for off := 0; len(names) < 1000; {
		i := bytes.Index(data[off:], sig)
		if i < 0 {
			break
		}
		off += i
		if off+hdr > len(data) {
			break
		}
		method := binary.LittleEndian.Uint16(data[off+8:])
		nlen := int(binary.LittleEndian.Uint16(data[off+26:]))
		elen := int(binary.LittleEndian.Uint16(data[off+28:]))
		if off+hdr+nlen > len(data) {
			break
		}
		name := string(data[off+hdr : off+hdr+nlen])
		names = append(names, name)
		if start := off + hdr + nlen + elen; name == "mimetype" && method == 0 && start <= len(data) {
			const epub = "application/epub+zip"
			if bytes.HasPrefix(data[start:], []byte(epub)) {
				mimetype = epub
			}
		}
		off += hdr + nlen
	}
	return names, mimetype
}

// unsupported is the problem for a file whose extension Load does not read.
func unsupported(name string) error {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case "":
		return fmt.Errorf("%w (the file name has no extension); %s", ErrUnsupported, supportedList)
	case ".doc":
		return fmt.Errorf("%w (.doc, the old Word format); save it as .docx or PDF; %s", ErrUnsupported, supportedList)
	case ".pptx", ".ppt", ".odp", ".key":
		return fmt.Errorf("%w (%s, slides); export it as PDF; %s", ErrUnsupported, ext, supportedList)
	case ".odt", ".rtf", ".pages":
		return fmt.Errorf("%w (%s); save it as .docx or PDF; %s", ErrUnsupported, ext, supportedList)
	}
	return fmt.Errorf("%w (%s); %s", ErrUnsupported, ext, supportedList)
}

// wrongContent is the problem for a file of format want whose content
// looks like got.
func wrongContent(want, got Format) error {
	var is string
	switch got {
	case FormatPDF:
		is = "it is a PDF; rename it to .pdf"
	case FormatDOCX:
		is = "it is a Word document; rename it to .docx"
	case FormatEPUB:
		is = "it is an EPUB; rename it to .epub"
	case FormatHTML:
		is = "it is a web page; rename it to .html"
	case sniffText:
		is = "it is plain text; rename it to .txt or .md"
	case sniffZip:
		is = "it is a zip archive but not a Word document or EPUB"
	case sniffOLE:
		is = "it is an old Office file (.doc, .xls or .ppt); save it as .docx or PDF"
	case sniffBinary, sniffNotUTF8:
		is = "it is binary data"
	default:
		is = "it is " + string(got)
	}
	if want == FormatPDF && got != FormatPDF {
		is = "it does not start with %PDF-, so it is not a PDF (" + is + ")"
	}
	return fmt.Errorf("%w: named as %s but %s", ErrWrongContent, want.Name(), is)
}
