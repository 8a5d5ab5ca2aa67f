package corpus

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klippa-app/go-pdfium"
)

// MaxFileSize is the largest file Load reads by default, in bytes (32 MiB).
// Larger files are reported as problems without being read.
const MaxFileSize = 32 << 20

// The other default limits of Options.
const (
	DefaultMaxPages    = 1000      // pages of one PDF
	DefaultMaxUnpacked = 256 << 20 // bytes a DOCX or EPUB may inflate to
	DefaultFileTimeout = 2 * time.Minute
)

// Options are the limits Load applies to every file, so that one hostile
// or pathological file is skipped with a reason instead of filling memory
// or hanging a reindex. A zero field means its default.
type Options struct {
	MaxFileSize int64         // bytes read of one file; default MaxFileSize
	MaxPages    int           // pages of one PDF; default DefaultMaxPages
	MaxUnpacked int64         // bytes a DOCX or EPUB may inflate to; default DefaultMaxUnpacked
	FileTimeout time.Duration // time to read one file; default DefaultFileTimeout
	// PDF reads PDFs. When nil, an engine is started for the first PDF
	// (keeping its compiled code under DefaultPDFCacheDir) and closed
	// when loading ends; pass one to share it between loads.
	PDF *PDFEngine
}

// withDefaults fills in the zero fields.
func (o Options) withDefaults() Options {
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = MaxFileSize
	}
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.MaxUnpacked <= 0 {
		o.MaxUnpacked = DefaultMaxUnpacked
	}
	if o.FileTimeout <= 0 {
		o.FileTimeout = DefaultFileTimeout
	}
	return o
}

// binarySniffLen is how much of a file is searched for a NUL byte to tell
// binary files from text.
const binarySniffLen = 8 << 10

// entry is a file that Load would read: a reading of a known format, or
// a .toml file at the root (format "").
type entry struct {
	path    string
	format  Format
	symlink bool
}

// rootFile reports whether p is a .toml file at the root, kept as bytes.
func rootFile(p string) bool {
	return path.Dir(p) == "." && strings.EqualFold(path.Ext(p), ".toml")
}

// osJunk reports whether a file name is one an operating system or an
// office program leaves in folders without a person putting it there:
// Windows' Thumbs.db and desktop.ini, and Office's "~$" lock files.
func osJunk(name string) bool {
	return strings.EqualFold(name, "Thumbs.db") || strings.EqualFold(name, "desktop.ini") || strings.HasPrefix(name, "~$")
}

// walk lists the files Load would read, in lexical order, skipping hidden
// files and folders (names starting with "."). Folders that cannot be
// read become problems; an error is returned only when the root itself
// cannot be read.
func walk(fsys fs.FS) ([]entry, []Problem, error) {
	var entries []entry
	var problems []Problem
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			problems = append(problems, Problem{Path: p, Err: fmt.Errorf("folder cannot be read: %w", cause(err))})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		link := d.Type()&fs.ModeSymlink != 0
		switch f, ok := FormatOf(p); {
		case osJunk(d.Name()):
		case rootFile(p):
			entries = append(entries, entry{path: p, symlink: link})
		case ok:
			entries = append(entries, entry{path: p, format: f, symlink: link})
		case link && isDirLink(fsys, p):
			problems = append(problems, Problem{Path: p, Err: errDirLink})
		case strings.EqualFold(path.Ext(p), ".toml"):
			problems = append(problems, Problem{Path: p, Err: errSubToml})
		default:
			problems = append(problems, Problem{Path: p, Err: unsupported(p)})
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return entries, problems, nil
}

// errDirLink is the problem for a symbolic link to a folder.
var errDirLink = errors.New("is a link to a folder; links to folders are not followed")

// isDirLink reports whether the link at p leads to a folder.
func isDirLink(fsys fs.FS, p string) bool {
	info, err := fs.Stat(fsys, p)
	return err == nil && info.IsDir()
}

// errSubToml is the problem for a .toml file below the root.
var errSubToml = errors.New("settings files (glossary.toml, aliases.toml) are read only at the root of the readings folder; move it there")

// cause strips the *fs.PathError wrapper from err, whose message repeats
// the (often absolute) path, keeping the underlying reason.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// linkCheck reports why the symbolic link at a slash-separated path must
// not be followed, or nil.
type linkCheck func(p string) error

// Load reads the readings in fsys: every file in the tree, sub-folders
// included, whose extension is one of Extensions (.md, .pdf, .docx…),
// except hidden files and folders (names starting with "."). Each becomes
// a Document whose ID is its path without the extension and whose Path is
// its slash-separated path. The raw bytes of .toml files at the root
// (glossary.toml, aliases.toml) go into Files by name.
//
// A file that cannot be used is skipped and reported in Problems, with a
// reason a moderator can act on, and the rest still load: its format is
// not one citebot reads (ErrUnsupported; the reason lists the formats that
// are), its content is not what its extension says (ErrWrongContent, e.g.
// junk named .pdf), it cannot be read, is empty or white space only, is
// larger than MaxFileSize (checked before reading), is binary (a NUL byte
// in the first 8 KiB of a text format), is not valid UTF-8 (the reason
// names the line), has nothing to cite, or has the same id as an earlier
// file (notes.md and notes.txt). A .toml file below the root and a link
// to a folder are named too. Only the files operating systems and office
// programs leave behind (Thumbs.db, desktop.ini, "~$" lock files) are
// passed over in silence. A leading UTF-8 byte order mark is ignored.
// Documents and Problems are sorted by path.
//
// Load follows symbolic links as fsys does; for a folder on disk use
// LoadDir, which keeps links inside the folder. Load returns an error only
// when the root of fsys cannot be read.
func Load(fsys fs.FS) (*Corpus, error) {
	return load(fsys, nil, Options{})
}

// LoadWith is Load with the given limits and PDF engine.
func LoadWith(fsys fs.FS, opts Options) (*Corpus, error) {
	return load(fsys, nil, opts)
}

// LoadDir loads the readings in the folder dir like Load(os.DirFS(dir)),
// following symbolic links to files inside the folder. A link whose target
// is outside the folder, or that is broken, is skipped and reported as a
// problem ("points outside the corpus folder"); links to folders are not
// followed. When dir does not exist, cannot be read or is not a folder,
// LoadDir returns an error that names dir and wraps the cause.
func LoadDir(dir string) (*Corpus, error) {
	return LoadDirWith(dir, Options{})
}

// LoadDirWith is LoadDir with the given limits and PDF engine.
func LoadDirWith(dir string, opts Options) (*Corpus, error) {
	check, err := dirLinkCheck(dir)
	if err != nil {
		return nil, err
	}
	c, err := load(os.DirFS(dir), check, opts)
	if err != nil {
		return nil, fmt.Errorf("corpus folder %s: %w", dir, cause(err))
	}
	return c, nil
}

// dirLinkCheck checks that dir is a folder and returns the check for
// symbolic links inside it.
func dirLinkCheck(dir string) (linkCheck, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus folder %s: %w", dir, cause(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("corpus folder %s: %w", dir, errNotFolder)
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus folder %s: %w", dir, cause(err))
	}
	if root, err = filepath.Abs(root); err != nil {
		return nil, fmt.Errorf("corpus folder %s: %w", dir, err)
	}
	return func(p string) error {
		target, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return fmt.Errorf("broken link: %w", cause(err))
		}
		if target, err = filepath.Abs(target); err != nil {
			return err
		}
		rel, err := filepath.Rel(root, target)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
			return ErrOutside
		}
		return nil
	}, nil
}

// errNotFolder is the cause LoadDir gives for a path that is a file.
var errNotFolder = errors.New("is a file, not a folder")

// load is Load with an optional check for symbolic links.
func load(fsys fs.FS, check linkCheck, opts Options) (*Corpus, error) {
	entries, problems, err := walk(fsys)
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	if opts.PDF == nil {
		opts.PDF = NewPDFEngine("")
		defer opts.PDF.Close()
	}
	c := &Corpus{Files: map[string][]byte{}}
	for _, e := range entries {
		if e.symlink && check != nil {
			if err := check(e.path); err != nil {
				problems = append(problems, Problem{Path: e.path, Err: err})
				continue
			}
		}
		data, err := readFile(fsys, e.path, opts.MaxFileSize)
		if err != nil {
			problems = append(problems, Problem{Path: e.path, Err: err})
			continue
		}
		if e.format == "" {
			if err := checkContent(data, false); err != nil {
				problems = append(problems, Problem{Path: e.path, Err: err})
				continue
			}
			c.Files[e.path] = bytes.TrimPrefix(data, utf8BOM)
			continue
		}
		id := strings.TrimSuffix(e.path, path.Ext(e.path))
		doc, err := opts.parse(e.format, id, e.path, data)
		if err != nil {
			problems = append(problems, Problem{Path: e.path, Err: err})
			continue
		}
		c.Documents = append(c.Documents, doc)
	}

	slices.SortStableFunc(c.Documents, func(a, b Document) int { return cmp.Compare(a.Path, b.Path) })
	seen := map[string]string{} // id → path of the document that has it
	docs := c.Documents[:0]
	for _, d := range c.Documents {
		if first, dup := seen[d.ID]; dup {
			problems = append(problems, Problem{Path: d.Path,
				Err: fmt.Errorf("%w (%s); rename one of them", ErrDuplicate, first)})
			continue
		}
		seen[d.ID] = d.Path
		docs = append(docs, d)
	}
	c.Documents = docs
	slices.SortStableFunc(problems, func(a, b Problem) int { return cmp.Compare(a.Path, b.Path) })
	c.Problems = problems
	return c, nil
}

// readFile reads the file at p after checking that it is a regular file no
// larger than MaxFileSize.
func readFile(fsys fs.FS, p string, maxSize int64) ([]byte, error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %w", cause(err))
	}
	if info.IsDir() {
		return nil, errDirLink
	}
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if info.Size() > maxSize {
		return nil, tooLarge(info.Size(), maxSize)
	}
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %w", cause(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %w", cause(err))
	}
	if int64(len(data)) > maxSize {
		return nil, tooLarge(int64(len(data)), maxSize)
	}
	return data, nil
}

// tooLarge is the problem for a file of size bytes.
func tooLarge(size, limit int64) error {
	return fmt.Errorf("%w (%.1f MiB; the limit is %s MiB)", ErrTooLarge, float64(size)/(1<<20), strconv.FormatFloat(float64(limit)/(1<<20), 'f', -1, 64))
}

// parse checks that data holds what format promises and parses it into a
// Document within the time budget. A Markdown, text, HTML, DOCX or EPUB
// parse that overruns it is abandoned (it finishes in the background and
// its result is dropped); PDFium is stopped.
func (o Options) parse(format Format, id, p string, data []byte) (Document, error) {
	if format.isText() {
		if err := checkContent(data, true); err != nil {
			return Document{}, err
		}
	}
	if _, err := DetectFormat(p, data); err != nil {
		return Document{}, err
	}
	if format == FormatPDF {
		var doc Document
		err := o.PDF.withPDF(context.Background(), o.FileTimeout, func(inst pdfium.Pdfium) error {
			raw, err := readPDF(inst, data, o.MaxPages)
			if err != nil {
				return err
			}
			doc, err = buildPDF(id, p, data, raw)
			return err
		})
		return doc, err
	}
	type result struct {
		doc Document
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("%w: the reader failed (%v)", ErrDamaged, r)}
			}
		}()
		var r result
		switch format {
		case FormatMarkdown:
			r.doc, r.err = ParseMarkdown(id, p, data)
		case FormatText:
			r.doc, r.err = ParseText(id, p, data)
		case FormatHTML:
			r.doc, r.err = ParseHTML(id, p, data)
		case FormatDOCX:
			r.doc, r.err = ParseDOCX(id, p, data, o.MaxUnpacked)
		case FormatEPUB:
			r.doc, r.err = ParseEPUB(id, p, data, o.MaxUnpacked)
		default:
			r.err = unsupported(p)
		}
		done <- r
	}()
	t := time.NewTimer(o.FileTimeout)
	defer t.Stop()
	select {
	case r := <-done:
		return r.doc, r.err
	case <-t.C:
		return Document{}, fmt.Errorf("%w (more than %s); split it into smaller files", ErrTimeout, o.FileTimeout)
	}
}

// checkContent reports why data is not usable text: empty (only when
// reading is set; an empty .toml file is valid), binary, or not UTF-8.
func checkContent(data []byte, reading bool) error {
	body := bytes.TrimPrefix(data, utf8BOM)
	if reading {
		if len(body) == 0 {
			return ErrEmpty
		}
		if len(bytes.TrimSpace(body)) == 0 {
			return fmt.Errorf("%w (only white space)", ErrEmpty)
		}
	}
	if bytes.IndexByte(body[:min(len(body), binarySniffLen)], 0) >= 0 {
		return ErrBinary
	}
	return checkUTF8(data)
}

// Fingerprint returns a hex digest of everything Load would read from
// fsys: the path, size and modification time of each reading and root
// .toml file (for files with a zero modification time, as in an embed.FS,
// their content instead). It does not parse anything. Editing, adding,
// removing or renaming such a file changes the fingerprint; otherwise it
// stays the same. The error is non-nil only when the root cannot be read.
func Fingerprint(fsys fs.FS) (string, error) {
	return fingerprint(fsys, nil)
}

// FingerprintDir is Fingerprint for the folder dir, as LoadDir reads it;
// it returns an error naming dir when dir is missing or not a folder.
func FingerprintDir(dir string) (string, error) {
	check, err := dirLinkCheck(dir)
	if err != nil {
		return "", err
	}
	fp, err := fingerprint(os.DirFS(dir), check)
	if err != nil {
		return "", fmt.Errorf("corpus folder %s: %w", dir, cause(err))
	}
	return fp, nil
}

// fingerprint is Fingerprint with an optional check for symbolic links.
func fingerprint(fsys fs.FS, check linkCheck) (string, error) {
	entries, problems, err := walk(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	line := func(fields ...string) {
		for _, f := range fields {
			io.WriteString(h, f)
			h.Write([]byte{0})
		}
		h.Write([]byte{'\n'})
	}
	for _, p := range problems {
		line("problem", p.Path, p.Err.Error())
	}
	for _, e := range entries {
		if e.symlink && check != nil {
			if err := check(e.path); err != nil {
				line("link", e.path, err.Error())
				continue
			}
		}
		info, err := fs.Stat(fsys, e.path)
		if err != nil {
			line("error", e.path, cause(err).Error())
			continue
		}
		size := strconv.FormatInt(info.Size(), 10)
		if !info.ModTime().IsZero() || !info.Mode().IsRegular() || info.Size() > MaxFileSize {
			line("file", e.path, size, strconv.FormatInt(info.ModTime().UnixNano(), 10))
			continue
		}
		data, err := fs.ReadFile(fsys, e.path)
		if err != nil {
			line("error", e.path, cause(err).Error())
			continue
		}
		sum := sha256.Sum256(data)
		line("content", e.path, size, hex.EncodeToString(sum[:]))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Passages returns the number of passages in all documents.
func (c *Corpus) Passages() int {
	n := 0
	for _, d := range c.Documents {
		n += len(d.Passages)
	}
	return n
}
