package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/retrieval"
)

// ErrRefused is wrapped by every refusal of a change to a library whose
// message is meant for the moderator who asked: too large, a quota
// reached, an unsupported or unreadable file, a duplicate, an unknown
// reading, a change that would leave the library empty.
var ErrRefused = errors.New("refused")

// ErrBusy means another change to the same library (an upload, a
// removal, a reindex) is under way.
var ErrBusy = errors.New("another change to this library is under way")

// refusal is an ErrRefused with a reason in plain words.
type refusal struct {
	msg string
	err error // the cause, if any
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() []error {
	if r.err != nil {
		return []error{ErrRefused, r.err}
	}
	return []error{ErrRefused}
}

func refuse(cause error, format string, args ...any) error {
	return &refusal{msg: fmt.Sprintf(format, args...), err: cause}
}

// errTooLarge is what copyToTemp returns for a body over its limit.
var errTooLarge = errors.New("too large")

// Upload is a reading a moderator adds.
type Upload struct {
	// Name is the attachment's file name as given; only its extension and
	// a slug of it are used, never a path.
	Name string
	// Title, when not empty, replaces the title parsed from the reading.
	Title string
	// Body is the file's content; at most the quota's bytes per file are
	// read from it.
	Body io.Reader
	// By is the Discord user id of the moderator, or "operator".
	By string
}

// Added is the result of an upload.
type Added struct {
	Reading Reading
	Took    time.Duration
	Summary retrieval.BuildSummary
}

// Listed is one reading of a server's library as its members see it.
type Listed struct {
	ID       string // the document id: a shared reading's own, "server/…" for the server's
	Title    string
	Author   string
	Format   string
	Passages int
	Pages    int // a PDF's page count
	Shared   bool
	Hidden   bool      // a shared reading this server hides
	Name     string    // the original file name of a server's reading
	AddedBy  string    // who added a server's reading
	AddedAt  time.Time // when
}

// CheckUpload refuses, before anything is downloaded, an upload of size
// bytes (size < 0: not known) that the server's quota does not allow.
func (l *Libraries) CheckUpload(ctx context.Context, guild string, size int64) error {
	e, err := l.open(ctx, guild)
	if err != nil {
		return err
	}
	return l.checkQuota(e.manifest(), size)
}

func (l *Libraries) checkQuota(m manifest, size int64) error {
	q := l.cfg.Quota
	if len(m.Readings) >= q.MaxReadings {
		return refuse(nil, "This server's library is full: it has %d readings, the most it may have. Remove one with /readings remove first.", len(m.Readings))
	}
	if size > q.MaxFileBytes {
		return refuse(corpus.ErrTooLarge, "That file is too large: %s, and the limit is %s per reading.", sizeText(size), sizeText(q.MaxFileBytes))
	}
	var total int64
	for _, r := range m.Readings {
		total += r.Size
	}
	if size > 0 && total+size > q.MaxTotalBytes {
		return refuse(nil, "That would take this server's library over its limit of %s in all (it holds %s). Remove a reading first.", sizeText(q.MaxTotalBytes), sizeText(total))
	}
	return nil
}

// sizeText renders a byte count for people.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Add stores a reading in the server's library and rebuilds its index
// while the old one keeps answering. The file is checked by content, and
// refused (an error wrapping ErrRefused that says why) when it is too
// large, over a quota, of a format citebot does not read, unreadable, or
// already in the library. Nothing changes unless the new index is built:
// the reading is then in the index and the manifest, or on any failure
// (or a crash) in neither. progress, when not nil, follows the build.
func (l *Libraries) Add(ctx context.Context, guild string, up Upload, progress func(retrieval.Progress)) (Added, error) {
	start := time.Now()
	e, err := l.open(ctx, guild)
	if err != nil {
		return Added{}, err
	}
	if err := l.checkQuota(e.manifest(), -1); err != nil {
		return Added{}, err
	}
	if err := e.lock(ctx); err != nil {
		return Added{}, err
	}
	defer e.unlock()
	defer e.touch(l.cfg.Now())
	m := e.manifest()
	if err := l.checkQuota(m, -1); err != nil {
		return Added{}, err
	}
	name := displayName(up.Name)
	tmp, size, err := copyToTemp(e.stagingDir(), up.Body, l.cfg.Quota.MaxFileBytes)
	if errors.Is(err, errTooLarge) {
		return Added{}, refuse(corpus.ErrTooLarge, "That file is too large: more than %s, the limit per reading.", sizeText(l.cfg.Quota.MaxFileBytes))
	}
	if err != nil {
		return Added{}, err
	}
	defer os.Remove(tmp)
	if err := l.checkQuota(m, size); err != nil {
		return Added{}, err
	}
	data, err := os.ReadFile(tmp)
	if err != nil {
		return Added{}, fmt.Errorf("read the upload back: %w", err)
	}
	format, err := corpus.DetectFormat(name, data)
	if err != nil {
		return Added{}, refuse(err, "I can't use %s: %s.", quoteName(name), err)
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	for _, r := range m.Readings {
		if r.Hash == hash {
			return Added{}, refuse(corpus.ErrDuplicate, "That reading is already in this server's library, as “%s” (added %s).", r.Title, r.AddedAt.Format("2 Jan 2006"))
		}
	}
	if l.cfg.Shared.Documents != nil {
		for _, d := range l.cfg.Shared.Documents() {
			if d.Hash == hash {
				return Added{}, refuse(corpus.ErrDuplicate, "That reading is already one of the shared readings, as “%s”.", d.Title)
			}
		}
	}
	title := strings.TrimSpace(up.Title)
	base := title
	if base == "" {
		base = name
	}
	id := uniqueID(m, slug(base))
	r := Reading{ID: id, File: id + extOf(format), Name: name, Title: title, TitleGiven: title != "",
		Format: format, Hash: hash, Size: size, AddedBy: up.By, AddedAt: l.cfg.Now().UTC()}
	staged := filepath.Join(e.stagingDir(), r.File)
	if err := os.Rename(tmp, staged); err != nil {
		return Added{}, fmt.Errorf("stage the upload: %w", err)
	}
	defer os.Remove(staged)
	next := m.clone()
	next.Readings = append(next.Readings, r)
	c, fp, err := l.corpusOf(ctx, e, next, r.File)
	if err != nil {
		return Added{}, err
	}
	doc, ok := findDoc(c, r.DocID())
	if !ok {
		why := "it has nothing citebot can cite"
		for _, p := range c.Problems {
			if p.Path == serverPrefix+r.File {
				why = p.Err.Error()
			}
		}
		return Added{}, refuse(corpus.ErrNoPassages, "I can't use %s: %s.", quoteName(name), why)
	}
	r.Title, r.Author, r.Passages, r.Pages = doc.Title, doc.Author, len(doc.Passages), doc.Pages
	next.Readings[len(next.Readings)-1] = r
	if err := syncDir(e.stagingDir()); err != nil {
		return Added{}, err
	}
	bsum, err := e.ix.Build(ctx, c, fp, progress)
	if err != nil {
		return Added{}, fmt.Errorf("index the reading: %w", err)
	}
	// The new index holds the reading; the file and then the manifest make
	// it part of the library. A crash before the manifest is written
	// leaves a file that the next open removes and an index it rebuilds.
	if err := os.Rename(staged, filepath.Join(e.readingsDir(), r.File)); err != nil {
		l.restore(ctx, e, m)
		return Added{}, fmt.Errorf("store the reading: %w", err)
	}
	if err := syncDir(e.readingsDir()); err == nil {
		err = next.write(e.manifestPath())
		if err != nil {
			_ = os.Remove(filepath.Join(e.readingsDir(), r.File))
			l.restore(ctx, e, m)
			return Added{}, err
		}
	}
	e.setManifest(next)
	l.log.Info("reading added", "server", guild, "reading", r.ID, "format", r.Format, "bytes", r.Size, "passages", r.Passages)
	return Added{Reading: r, Took: time.Since(start), Summary: bsum}, nil
}

// restore rebuilds the index for the manifest m after a change that could
// not be recorded.
func (l *Libraries) restore(ctx context.Context, e *entry, m manifest) {
	c, fp, err := l.corpusOf(context.WithoutCancel(ctx), e, m, "")
	if err == nil {
		_, err = e.ix.Build(context.WithoutCancel(ctx), c, fp, nil)
	}
	if err != nil {
		l.log.Error("could not restore the library's index; it is rebuilt when the library opens next", "server", e.guild, "err", err)
	}
}

func quoteName(name string) string {
	if name == "" {
		return "that file"
	}
	return "“" + name + "”"
}

func findDoc(c *corpus.Corpus, id string) (corpus.Document, bool) {
	for _, d := range c.Documents {
		if d.ID == id {
			return d, true
		}
	}
	return corpus.Document{}, false
}

// uniqueID makes id unique among the manifest's readings.
func uniqueID(m manifest, id string) string {
	if m.find(id) < 0 {
		return id
	}
	for n := 2; ; n++ {
		s := fmt.Sprintf("-%d", n)
		cand := id
		if len(cand)+len(s) > maxSlug {
			cand = strings.Trim(cand[:maxSlug-len(s)], "-")
		}
		if m.find(cand+s) < 0 {
			return cand + s
		}
	}
}

// Remove takes one of the server's own readings out of its library: the
// index is rebuilt without it, then the manifest and the file follow. name
// is the reading's id, its title or its original file name.
func (l *Libraries) Remove(ctx context.Context, guild, name string) (Reading, error) {
	e, err := l.open(ctx, guild)
	if err != nil {
		return Reading{}, err
	}
	if err := e.lock(ctx); err != nil {
		return Reading{}, err
	}
	defer e.unlock()
	defer e.touch(l.cfg.Now())
	m := e.manifest()
	i := resolve(m, name)
	if i < 0 {
		if l.sharedID(name) != "" {
			return Reading{}, refuse(nil, "“%s” is one of the shared readings, which only the operator can remove; /readings hide hides it in this server.", name)
		}
		return Reading{}, refuse(nil, "This server has no reading called “%s”. /readings list shows them.", name)
	}
	r := m.Readings[i]
	next := m.clone()
	next.Readings = slices.Delete(next.Readings, i, i+1)
	if err := l.rebuild(ctx, e, next); err != nil {
		return Reading{}, err
	}
	if err := os.Remove(filepath.Join(e.readingsDir(), r.File)); err != nil && !errors.Is(err, os.ErrNotExist) {
		l.log.Warn("could not remove a reading's file; it is removed when the library opens next", "server", guild, "file", r.File, "err", err)
	}
	l.log.Info("reading removed", "server", guild, "reading", r.ID)
	return r, nil
}

// rebuild builds the index for next and then records next as the
// manifest. A library with nothing left to search is refused.
func (l *Libraries) rebuild(ctx context.Context, e *entry, next manifest) error {
	c, fp, err := l.corpusOf(ctx, e, next, "")
	if err != nil {
		return err
	}
	if len(c.Documents) == 0 {
		return refuse(index.ErrEmptyCorpus, "That would leave this server's library with nothing to search. Add or show a reading first.")
	}
	if _, err := e.ix.Build(ctx, c, fp, nil); err != nil {
		return fmt.Errorf("rebuild the library's index: %w", err)
	}
	if err := next.write(e.manifestPath()); err != nil {
		l.restore(ctx, e, e.manifest())
		return err
	}
	e.setManifest(next)
	return nil
}

// resolve finds a reading by id, title or original file name (ignoring
// case), or -1.
func resolve(m manifest, name string) int {
	name = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), serverPrefix))
	if i := m.find(name); i >= 0 {
		return i
	}
	for i, r := range m.Readings {
		if strings.EqualFold(r.Title, name) || strings.EqualFold(r.Name, name) {
			return i
		}
	}
	return -1
}

// sharedID finds a shared reading by id, path or title and returns its
// id, or "".
func (l *Libraries) sharedID(name string) string {
	if l.cfg.Shared.Documents == nil {
		return ""
	}
	name = strings.TrimSpace(name)
	for _, d := range l.cfg.Shared.Documents() {
		if d.ID == name || d.Path == name || strings.EqualFold(d.Title, name) {
			return d.ID
		}
	}
	return ""
}

// Hide stops the server searching a shared reading; Show undoes it.
func (l *Libraries) Hide(ctx context.Context, guild, name string) (string, error) {
	return l.setHidden(ctx, guild, name, true)
}

// Show lets the server search a shared reading it hid.
func (l *Libraries) Show(ctx context.Context, guild, name string) (string, error) {
	return l.setHidden(ctx, guild, name, false)
}

func (l *Libraries) setHidden(ctx context.Context, guild, name string, hide bool) (string, error) {
	e, err := l.open(ctx, guild)
	if err != nil {
		return "", err
	}
	id := l.sharedID(name)
	if id == "" {
		if resolve(e.manifest(), name) >= 0 {
			return "", refuse(nil, "“%s” is this server's own reading; only shared readings are hidden and shown. /readings remove removes it.", name)
		}
		return "", refuse(nil, "There is no shared reading called “%s”. /readings list shows them.", name)
	}
	if err := e.lock(ctx); err != nil {
		return "", err
	}
	defer e.unlock()
	defer e.touch(l.cfg.Now())
	m := e.manifest()
	if slices.Contains(m.Hidden, id) == hide {
		return id, nil // already so
	}
	next := m.clone()
	if hide {
		next.Hidden = append(next.Hidden, id)
		sort.Strings(next.Hidden)
	} else {
		next.Hidden = slices.DeleteFunc(next.Hidden, func(h string) bool { return h == id })
	}
	if err := l.rebuild(ctx, e, next); err != nil {
		return "", err
	}
	return id, nil
}

// Reindex rebuilds the server's index from its library while the old one
// keeps answering; it returns handlers.ErrReindexRunning when one is
// already running for the server.
func (l *Libraries) Reindex(ctx context.Context, guild string, progress func(retrieval.Progress)) (retrieval.BuildSummary, error) {
	svc, err := l.Handlers(ctx, guild)
	if err != nil {
		return retrieval.BuildSummary{}, err
	}
	return svc.Reindex(ctx, progress)
}

// List returns the server's library: the shared readings (hidden ones
// marked) and then the server's own, in the order they were added.
func (l *Libraries) List(ctx context.Context, guild string) ([]Listed, error) {
	e, err := l.open(ctx, guild)
	if err != nil {
		return nil, err
	}
	m := e.manifest()
	var out []Listed
	if l.cfg.Shared.Documents != nil {
		for _, d := range l.cfg.Shared.Documents() {
			f := corpus.Format(d.Format)
			if f == "" {
				f, _ = corpus.FormatOf(d.Path)
			}
			out = append(out, Listed{ID: d.ID, Title: d.Title, Author: d.Author, Format: f.Name(),
				Passages: d.Passages, Pages: d.Pages, Shared: true, Hidden: slices.Contains(m.Hidden, d.ID)})
		}
	}
	for _, r := range m.Readings {
		out = append(out, Listed{ID: r.DocID(), Title: r.Title, Author: r.Author, Format: r.Format.Name(),
			Passages: r.Passages, Pages: r.Pages, Name: r.Name, AddedBy: r.AddedBy, AddedAt: r.AddedAt})
	}
	return out, nil
}

// Which readings Complete suggests.
const (
	CompleteOwn    = "own"    // the server's readings, for remove
	CompleteShown  = "shown"  // shared readings the server searches, for hide
	CompleteHidden = "hidden" // shared readings it hides, for show
)

// Complete suggests readings whose title or id contains prefix (ignoring
// case), at most limit: the server's own, or its shown or hidden shared
// readings, as which says. The value of each choice is the reading's id.
func (l *Libraries) Complete(ctx context.Context, guild, which, prefix string, limit int) []handlers.Choice {
	list, err := l.List(ctx, guild)
	if err != nil {
		return nil
	}
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	var out []handlers.Choice
	for _, r := range list {
		ok := false
		switch which {
		case CompleteOwn:
			ok = !r.Shared
		case CompleteShown:
			ok = r.Shared && !r.Hidden
		case CompleteHidden:
			ok = r.Shared && r.Hidden
		}
		if !ok || (prefix != "" && !strings.Contains(strings.ToLower(r.Title+" "+r.ID), prefix)) {
			continue
		}
		out = append(out, handlers.Choice{Label: r.Title, Value: strings.TrimPrefix(r.ID, serverPrefix)})
		if len(out) == limit {
			break
		}
	}
	return out
}

// ModeratorRole returns the role the server's Manage Server members chose
// for moderators, or "".
func (l *Libraries) ModeratorRole(ctx context.Context, guild string) (string, error) {
	e, err := l.open(ctx, guild)
	if err != nil {
		return "", err
	}
	return e.manifest().ModeratorRole, nil
}

// SetModeratorRole records the server's moderator role ("" clears it), and
// who set it.
func (l *Libraries) SetModeratorRole(ctx context.Context, guild, role, by string) error {
	if role != "" {
		if err := CheckServer(role); err != nil {
			return refuse(err, "That is not a role.")
		}
	}
	e, err := l.open(ctx, guild)
	if err != nil {
		return err
	}
	if err := e.lock(ctx); err != nil {
		return err
	}
	defer e.unlock()
	next := e.manifest()
	next.ModeratorRole, next.ModeratorRoleSetBy, next.ModeratorRoleSetAt = role, by, l.cfg.Now().UTC()
	if role == "" {
		next.ModeratorRoleSetBy, next.ModeratorRoleSetAt = "", time.Time{}
	}
	if err := next.write(e.manifestPath()); err != nil {
		return err
	}
	e.setManifest(next)
	return nil
}
