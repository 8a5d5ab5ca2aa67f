// Package library keeps each Discord server's own library of readings: the
// operator's shared readings (those it does not hide) plus the readings its
// moderators add. What one server adds is never searched, listed or quoted
// in another. Each server's readings, manifest and index live in a folder
// of their own below the data directory; every change is written
// atomically (temporary file, fsync, rename) and the index is rebuilt
// beside the one in use before the manifest records the change, so a crash
// at any point leaves the library as it was or with the change fully in.
//
// Open indexes are bounded: a library not asked for a while is closed and
// reopened on its next question, so a bot in a thousand servers does not
// hold a thousand open indexes.
package library

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/retrieval"
)

// Defaults of Config.
const (
	DefaultMaxReadings   = 50
	DefaultMaxFileBytes  = 20 << 20
	DefaultMaxTotalBytes = 200 << 20
	DefaultMaxOpen       = 50
	DefaultIdleAfter     = 15 * time.Minute
	// minIdle is how long a library stays open after its last use even
	// when more than MaxOpen are open: longer than any one question takes,
	// so a library is never closed under a question.
	minIdle = 2 * time.Minute
)

// Quota bounds what one server may store.
type Quota struct {
	MaxReadings   int   // readings a server may add
	MaxFileBytes  int64 // bytes in one reading
	MaxTotalBytes int64 // bytes in all of a server's readings
}

// Shared is the operator's shared readings.
type Shared struct {
	// Load reads the shared readings afresh, with the fingerprint of this
	// state of them.
	Load func(ctx context.Context) (*corpus.Corpus, string, error)
	// Fingerprint, when set, says cheaply (without parsing) which state
	// the shared readings are in, as Load's fingerprint would: the shared
	// readings are then parsed once per state for all servers, and a
	// library whose index is up to date opens without parsing anything.
	Fingerprint func() (string, error)
	// Service answers direct messages from the shared readings' index; it
	// may be nil where nothing answers direct messages (the CLI).
	Service *handlers.Service
	// Documents lists the shared readings as indexed.
	Documents func() []retrieval.DocInfo
}

// Config configures Libraries.
type Config struct {
	// Dir is the data directory; each server's library is in
	// Dir/servers/<server id>.
	Dir    string
	Shared Shared
	Quota  Quota
	// Reading holds the limits of reading one file (size, pages, unpacked
	// size, time), as for the shared readings; zero fields keep corpus's
	// defaults.
	Reading corpus.Options
	// MaxOpen is how many server indexes stay open at most (beyond it the
	// least recently used that has been idle two minutes is closed);
	// IdleAfter closes any library not asked for that long.
	MaxOpen   int
	IdleAfter time.Duration
	Logger    *slog.Logger
	Now       func() time.Time

	sweepEvery time.Duration // tests: how often idle libraries are looked for
}

// Libraries is every server's library. Its methods are safe for
// concurrent use.
type Libraries struct {
	cfg Config
	log *slog.Logger

	mu      sync.Mutex
	entries map[string]*entry // by server id, open or opening
	closed  bool
	every   time.Duration // how often idle libraries are looked for

	sharedMu     sync.Mutex
	sharedCorpus *corpus.Corpus // the shared readings as last loaded
	sharedFP     string         // and their fingerprint
	stop         chan struct{}
	done         chan struct{}
}

// entry is one server's library while it is open.
type entry struct {
	guild string
	dir   string

	ready chan struct{} // closed once opened (or failed)
	err   error         // why it could not open

	ix  *index.Index
	svc *handlers.Service

	// change is held by whoever changes the library (an upload, a
	// removal, a reindex): one at a time per server.
	change chan struct{}

	mu       sync.Mutex
	m        manifest
	lastUsed time.Time
	docs     map[string]corpus.Document // parsed readings by file and hash
}

// Errors of the libraries.
var (
	// ErrNotServer means the id is not a Discord server id.
	ErrNotServer = errors.New("not a Discord server id")
	// ErrClosed means the Libraries were closed.
	ErrClosed = errors.New("the libraries are closed")
)

// New returns the libraries kept in cfg.Dir (created if missing) and
// starts closing idle ones in the background until Close.
func New(cfg Config) (*Libraries, error) {
	if cfg.Dir == "" {
		return nil, errors.New("library: no data directory")
	}
	if cfg.Shared.Load == nil {
		return nil, errors.New("library: no shared readings")
	}
	if cfg.Quota.MaxReadings <= 0 {
		cfg.Quota.MaxReadings = DefaultMaxReadings
	}
	if cfg.Quota.MaxFileBytes <= 0 {
		cfg.Quota.MaxFileBytes = DefaultMaxFileBytes
	}
	cfg.Quota.MaxFileBytes = min(cfg.Quota.MaxFileBytes, corpus.MaxFileSize)
	if cfg.Quota.MaxTotalBytes <= 0 {
		cfg.Quota.MaxTotalBytes = DefaultMaxTotalBytes
	}
	if cfg.MaxOpen <= 0 {
		cfg.MaxOpen = DefaultMaxOpen
	}
	if cfg.IdleAfter <= 0 {
		cfg.IdleAfter = DefaultIdleAfter
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(filepath.Join(cfg.Dir, "servers"), 0o755); err != nil {
		return nil, fmt.Errorf("library: create the data directory: %w", err)
	}
	l := &Libraries{cfg: cfg, log: cfg.Logger, entries: map[string]*entry{},
		every: cmp.Or(cfg.sweepEvery, max(min(cfg.IdleAfter/4, time.Minute), 10*time.Millisecond)),
		stop:  make(chan struct{}), done: make(chan struct{})}
	go l.closeIdle()
	return l, nil
}

// Quota returns the quota every server has.
func (l *Libraries) Quota() Quota { return l.cfg.Quota }

// CheckServer reports whether id is a Discord server id (a snowflake).
func CheckServer(id string) error {
	if len(id) == 0 || len(id) > 20 {
		return fmt.Errorf("%q: %w", id, ErrNotServer)
	}
	if _, err := strconv.ParseUint(id, 10, 64); err != nil {
		return fmt.Errorf("%q: %w", id, ErrNotServer)
	}
	return nil
}

// Handlers returns the service that answers from the library of the
// server guildID, opening it if it is closed; "" is a direct message,
// answered from the shared readings.
func (l *Libraries) Handlers(ctx context.Context, guildID string) (*handlers.Service, error) {
	if guildID == "" {
		if l.cfg.Shared.Service == nil {
			return nil, errors.New("library: no service for the shared readings")
		}
		return l.cfg.Shared.Service, nil
	}
	e, err := l.open(ctx, guildID)
	if err != nil {
		return nil, err
	}
	return e.svc, nil
}

// Open reports how many server libraries are open now.
func (l *Libraries) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.entries)
}

// open returns the open entry of a server, opening it when needed, and
// marks it used.
func (l *Libraries) open(ctx context.Context, guild string) (*entry, error) {
	if err := CheckServer(guild); err != nil {
		return nil, err
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil, ErrClosed
	}
	e, ok := l.entries[guild]
	if !ok {
		// Used from the start: a library being opened is never idle.
		e = &entry{guild: guild, dir: filepath.Join(l.cfg.Dir, "servers", guild),
			ready: make(chan struct{}), change: make(chan struct{}, 1), lastUsed: l.cfg.Now()}
		l.entries[guild] = e
		go func() {
			e.err = l.load(context.WithoutCancel(ctx), e)
			if e.err != nil {
				l.mu.Lock()
				if l.entries[guild] == e {
					delete(l.entries, guild)
				}
				l.mu.Unlock()
			}
			e.touch(l.cfg.Now())
			close(e.ready)
		}()
	}
	l.mu.Unlock()
	select {
	case <-e.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if e.err != nil {
		return nil, e.err
	}
	e.touch(l.cfg.Now())
	l.evict()
	return e, nil
}

func (e *entry) touch(now time.Time) {
	e.mu.Lock()
	e.lastUsed = now
	e.mu.Unlock()
}

func (e *entry) idle(now time.Time) time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return now.Sub(e.lastUsed)
}

// manifest returns a copy of the server's manifest.
func (e *entry) manifest() manifest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m.clone()
}

// setManifest records the manifest in use and forgets the parsed readings
// it no longer lists.
func (e *entry) setManifest(m manifest) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.m = m
	for key := range e.docs {
		if !slices.ContainsFunc(m.Readings, func(r Reading) bool { return key == r.File+"\x00"+r.Hash }) {
			delete(e.docs, key)
		}
	}
}

func (e *entry) readingsDir() string  { return filepath.Join(e.dir, "readings") }
func (e *entry) stagingDir() string   { return filepath.Join(e.dir, "staging") }
func (e *entry) manifestPath() string { return filepath.Join(e.dir, "manifest.json") }

// load opens a server's library: it locks and opens the server's index,
// reads the manifest, removes what an interrupted change left behind, and
// rebuilds the index when it does not hold what the manifest lists.
func (l *Libraries) load(ctx context.Context, e *entry) error {
	for _, d := range []string{e.readingsDir(), e.stagingDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("create the library of server %s: %w", e.guild, err)
		}
	}
	ix, err := index.New(filepath.Join(e.dir, "index"), l.log.With("server", e.guild))
	switch {
	case err == nil, errors.Is(err, index.ErrNoIndex):
	case ix == nil:
		return fmt.Errorf("open the library of server %s: %w", e.guild, err)
	default:
		l.log.Warn("library index unusable; rebuilding it", "server", e.guild, "err", err)
	}
	m, err := readManifest(e.manifestPath())
	if err != nil {
		_ = ix.Close()
		return err
	}
	e.ix, e.m = ix, m
	e.svc = handlers.New(ix, handlers.Options{Builder: serverBuilder{l, e}, Loader: func(ctx context.Context) (*corpus.Corpus, string, error) {
		return l.corpusOf(ctx, e, e.manifest(), "")
	}, Logger: l.log.With("server", e.guild)})
	l.sweep(e, m)
	fp, err := l.fingerprintOf(ctx, m)
	var c *corpus.Corpus
	if err == nil && ix.Fingerprint() != fp {
		c, fp, err = l.corpusOf(ctx, e, m, "")
	}
	if err != nil {
		if ix.Fingerprint() != "" {
			l.log.Warn("cannot read the readings; answering from the index built before", "server", e.guild, "err", err)
			return nil
		}
		_ = ix.Close()
		return err
	}
	if ix.Fingerprint() != fp {
		start := time.Now()
		if _, err := ix.Build(ctx, c, fp, nil); err != nil {
			if ix.Fingerprint() != "" {
				l.log.Warn("the library changed but cannot be indexed; answering from the index built before", "server", e.guild, "err", err)
				return nil
			}
			_ = ix.Close()
			return fmt.Errorf("build the library of server %s: %w", e.guild, err)
		}
		l.log.Info("library indexed", "server", e.guild, "documents", len(c.Documents), "took", time.Since(start))
	}
	return nil
}

// sweep removes the files an interrupted change left: staged uploads, and
// readings the manifest does not list.
func (l *Libraries) sweep(e *entry, m manifest) {
	keep := map[string]bool{}
	for _, r := range m.Readings {
		keep[r.File] = true
	}
	for dir, all := range map[string]bool{e.stagingDir(): true, e.readingsDir(): false} {
		des, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, de := range des {
			if all || !keep[de.Name()] {
				if err := os.RemoveAll(filepath.Join(dir, de.Name())); err != nil {
					l.log.Warn("could not remove a leftover file", "server", e.guild, "file", de.Name(), "err", err)
				}
			}
		}
	}
}

// evict closes the least recently used libraries beyond MaxOpen that have
// been idle for a while.
func (l *Libraries) evict() {
	now := l.cfg.Now()
	l.mu.Lock()
	var victims []*entry
	for len(l.entries)-len(victims) > l.cfg.MaxOpen {
		var oldest *entry
		var oldestIdle time.Duration
		for _, e := range l.entries {
			if !isReady(e) || len(e.change) > 0 || contains(victims, e) {
				continue
			}
			if d := e.idle(now); d >= minIdle && d > oldestIdle {
				oldest, oldestIdle = e, d
			}
		}
		if oldest == nil {
			break
		}
		victims = append(victims, oldest)
	}
	for _, e := range victims {
		delete(l.entries, e.guild)
	}
	l.mu.Unlock()
	for _, e := range victims {
		l.closeEntry(e)
	}
}

// closeIdle closes libraries idle for IdleAfter, checking every so often.
func (l *Libraries) closeIdle() {
	defer close(l.done)
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		now := l.cfg.Now()
		l.mu.Lock()
		var idle []*entry
		for g, e := range l.entries {
			if isReady(e) && len(e.change) == 0 && e.idle(now) >= l.cfg.IdleAfter {
				idle = append(idle, e)
				delete(l.entries, g)
			}
		}
		l.mu.Unlock()
		for _, e := range idle {
			l.closeEntry(e)
		}
		l.evict()
	}
}

// closeEntry closes a library taken out of the map, after any change to
// it has finished.
func (l *Libraries) closeEntry(e *entry) {
	e.change <- struct{}{}
	defer func() { <-e.change }()
	if err := e.ix.Close(); err != nil {
		l.log.Warn("closing a library", "server", e.guild, "err", err)
	}
	l.log.Debug("library closed", "server", e.guild)
}

func isReady(e *entry) bool {
	select {
	case <-e.ready:
		return e.err == nil
	default:
		return false
	}
}

func contains(es []*entry, e *entry) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

// Close closes every open library, waiting for changes under way.
func (l *Libraries) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil
	}
	l.closed = true
	es := make([]*entry, 0, len(l.entries))
	for _, e := range l.entries {
		es = append(es, e)
	}
	l.entries = map[string]*entry{}
	l.mu.Unlock()
	close(l.stop)
	<-l.done
	for _, e := range es {
		<-e.ready
		if e.err == nil {
			l.closeEntry(e)
		}
	}
	return nil
}
