package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// corpusOf loads a server's corpus as the manifest m describes it: the
// shared readings it does not hide, and its own readings with their ids
// below "server/". The reading whose file is staged is read from the
// staging folder, where an upload waits until its index is built. The
// fingerprint identifies the shared readings' state and the manifest's
// readings, so the index is rebuilt when either changes.
func (l *Libraries) corpusOf(ctx context.Context, e *entry, m manifest, staged string) (*corpus.Corpus, string, error) {
	shared, sfp, err := l.shared(ctx)
	if err != nil {
		return nil, "", err
	}
	c := &corpus.Corpus{Files: shared.Files, Problems: slices.Clone(shared.Problems)}
	for _, d := range shared.Documents {
		if !slices.Contains(m.Hidden, d.ID) {
			c.Documents = append(c.Documents, d)
		}
	}
	for _, r := range m.Readings {
		dir := e.readingsDir()
		if r.File == staged {
			dir = e.stagingDir()
		}
		d, perr := e.parsed(dir, r, l.cfg.Reading)
		if perr != nil {
			c.Problems = append(c.Problems, corpus.Problem{Path: serverPrefix + r.File, Err: perr})
			continue
		}
		c.Documents = append(c.Documents, moveUnder(d, r))
	}
	return c, libraryFingerprint(sfp, m), nil
}

// libraryFingerprint identifies a server's library: the shared readings'
// state and the manifest's readings and hidden ones.
func libraryFingerprint(sharedFP string, m manifest) string {
	h := sha256.New()
	io.WriteString(h, "citebot library 1\x00"+sharedFP+"\n")
	for _, r := range m.Readings {
		fmt.Fprintf(h, "reading\x00%s\x00%s\x00%s\x00%t\n", r.ID, r.Hash, r.Title, r.TitleGiven)
	}
	for _, id := range m.Hidden {
		fmt.Fprintf(h, "hidden\x00%s\n", id)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fingerprintOf is the fingerprint corpusOf would give the manifest m,
// found without parsing when the shared readings can say theirs cheaply.
func (l *Libraries) fingerprintOf(ctx context.Context, m manifest) (string, error) {
	if l.cfg.Shared.Fingerprint != nil {
		sfp, err := l.cfg.Shared.Fingerprint()
		if err != nil {
			return "", fmt.Errorf("read the shared readings: %w", err)
		}
		return libraryFingerprint(sfp, m), nil
	}
	_, sfp, err := l.shared(ctx)
	if err != nil {
		return "", err
	}
	return libraryFingerprint(sfp, m), nil
}

// shared returns the shared readings, parsed once per state of them when
// Shared.Fingerprint says which state they are in. The corpus returned is
// shared between servers and must not be changed.
func (l *Libraries) shared(ctx context.Context) (*corpus.Corpus, string, error) {
	l.sharedMu.Lock()
	defer l.sharedMu.Unlock()
	if l.cfg.Shared.Fingerprint != nil && l.sharedCorpus != nil {
		if fp, err := l.cfg.Shared.Fingerprint(); err == nil && fp == l.sharedFP {
			return l.sharedCorpus, fp, nil
		}
	}
	c, fp, err := l.cfg.Shared.Load(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("read the shared readings: %w", err)
	}
	l.sharedCorpus, l.sharedFP = c, fp
	return c, fp, nil
}

// parsed returns a reading's document as parsed from its file in dir with
// the reading limits opts, checking that the file is the content the manifest recorded. A reading
// is parsed once while its library is open (a PDF takes a while), since
// its content never changes under the same hash.
func (e *entry) parsed(dir string, r Reading, opts corpus.Options) (corpus.Document, error) {
	key := r.File + "\x00" + r.Hash
	e.mu.Lock()
	d, ok := e.docs[key]
	e.mu.Unlock()
	if ok {
		return d, nil
	}
	from, err := corpus.LoadWith(oneFile{dir: dir, name: r.File}, opts)
	if err != nil {
		return corpus.Document{}, fmt.Errorf("cannot be read: %w", err)
	}
	for _, p := range from.Problems {
		if p.Path == r.File {
			return corpus.Document{}, p.Err
		}
	}
	if len(from.Documents) != 1 || from.Documents[0].Path != r.File {
		return corpus.Document{}, fmt.Errorf("missing from the library folder")
	}
	d = from.Documents[0]
	if d.Hash != r.Hash {
		return corpus.Document{}, fmt.Errorf("changed on disk since it was added (its SHA-256 is not the one recorded)")
	}
	e.mu.Lock()
	if e.docs == nil {
		e.docs = map[string]corpus.Document{}
	}
	e.docs[key] = d
	e.mu.Unlock()
	return d, nil
}

// oneFile is a folder on disk as if it held only the file name: corpus.Load
// reads one reading from it.
type oneFile struct{ dir, name string }

func (o oneFile) Open(name string) (fs.File, error) {
	if name != "." && name != o.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return os.DirFS(o.dir).Open(name)
}

func (o oneFile) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	info, err := os.Lstat(filepath.Join(o.dir, o.name))
	if err != nil {
		return nil, err
	}
	return []fs.DirEntry{fs.FileInfoToDirEntry(info)}, nil
}

// moveUnder gives a server's reading its id below "server/", and the
// title the moderator gave.
func moveUnder(d corpus.Document, r Reading) corpus.Document {
	d.ID = r.DocID()
	d.Path = serverPrefix + d.Path
	if r.TitleGiven {
		d.Title = r.Title
	}
	ps := make([]corpus.Passage, len(d.Passages))
	for i, p := range d.Passages {
		p.DocID = d.ID
		p.ID = corpus.PassageID(d.ID, p.Section, p.Paragraph)
		ps[i] = p
	}
	d.Passages = ps
	return d
}

// serverBuilder rebuilds a server's index for a reindex: it waits for any
// change under way and reads the library afresh, so a reindex never
// undoes an upload that finished while it waited.
type serverBuilder struct {
	l *Libraries
	e *entry
}

func (b serverBuilder) Build(ctx context.Context, _ *corpus.Corpus, _ string, progress func(retrieval.Progress)) (retrieval.BuildSummary, error) {
	if err := b.e.lock(ctx); err != nil {
		return retrieval.BuildSummary{}, err
	}
	defer b.e.unlock()
	c, fp, err := b.l.corpusOf(ctx, b.e, b.e.manifest(), "")
	if err != nil {
		return retrieval.BuildSummary{}, err
	}
	return b.e.ix.Build(ctx, c, fp, progress)
}

// lock takes the right to change the library, waiting for a change under
// way; unlock gives it back.
func (e *entry) lock(ctx context.Context) error {
	select {
	case e.change <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *entry) unlock() { <-e.change }
