// Package index keeps the searchable index of a corpus on disk with Bleve
// (scorch, BM25). Each build goes into a new generation directory; a
// CURRENT file names the generation in use and is replaced atomically, so a
// crash mid-build leaves the previous index serving, and questions in flight
// during a rebuild are answered by whichever generation they started on.
//
// A LOCK file (flock) keeps the directory to one process for as long as an
// Index is open, so no other process builds or cleans up beside it. A
// finished generation never changes: it is synced to disk before CURRENT
// names it, its manifest lists the size and checksum of every file, and it
// is opened read-only after those are checked, so damage is found at start
// (ErrCorrupt) and the index rebuilt, rather than a search failing later.
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	bbolt "go.etcd.io/bbolt"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

const (
	currentFile  = "CURRENT"
	manifestFile = "manifest.json"
	bleveDir     = "bleve"
	genPrefix    = "gen-"
	// formatVersion 2 added the checksums of the Bleve files to the
	// manifest; 3 searches only the passage text; 4 stores passage text
	// with its white space as written; 5 analyses more irregular verb
	// forms ("fled" as "flee"); 6 stores the PDF pages of each passage
	// and each document's format and page count; 7 keeps the documents
	// in a file of their own (documentsFile) rather than in the
	// manifest. An index of another format is stale and rebuilt from the
	// readings, but for format 6, which differs only in where the
	// documents are and is read as it is.
	formatVersion = 7
	// jsonDocsFormat is the format whose manifest holds the documents.
	jsonDocsFormat = 6
	batchSize      = 500
	// A build merges its segments into one, polling every mergePoll
	// for at most maxMergeRounds rounds of merging.
	mergePoll      = 5 * time.Millisecond
	maxMergeRounds = 2000
	// openTimeout bounds the wait for another process's lock on the index.
	openTimeout = "2s"
	lockWait    = 2 * time.Second

	// maxFuzzyTermBytes is the longest term Similar corrects. Building the
	// edit-distance automaton costs more the longer the term; real words
	// with typos are shorter, and hostile input can make terms of
	// hundreds of bytes (dotted acronyms are not cut by the analyser).
	maxFuzzyTermBytes = 32
	// maxFuzzyScan bounds how many dictionary entries Similar reads.
	maxFuzzyScan = 1000
	// maxSearchLimit bounds how many hits one Search returns.
	maxSearchLimit = retrieval.MaxHits
	// maxQueryTerms bounds how many term and phrase queries one Search
	// runs (each clause alternative is searched in three fields).
	maxQueryTerms = retrieval.MaxQueryTerms
)

// Errors of the index.
var (
	// ErrNoIndex means the directory holds no built index yet.
	ErrNoIndex = errors.New("no index built yet")
	// ErrEmptyCorpus means a build found no usable document; the previous
	// index, if any, stays in use.
	ErrEmptyCorpus = errors.New("no usable document in the corpus")
	// ErrLocked means another process holds the index open.
	ErrLocked = errors.New("the index is in use by another citebot process")
	// ErrStale means the index was built by an older citebot and must be rebuilt.
	ErrStale = errors.New("index format is out of date")
	// ErrCorrupt means the files of the index on disk are damaged or
	// incomplete; it must be rebuilt.
	ErrCorrupt = errors.New("index files are damaged")
	// ErrClosed means the Index was closed.
	ErrClosed = errors.New("index is closed")
)

// Index is an on-disk passage index that can be rebuilt while it serves.
// All methods are safe for concurrent use.
type Index struct {
	dir string
	log *slog.Logger

	mu  sync.RWMutex
	gen *generation // the generation in use; nil before the first build
	// vocab is gen's vocabulary, set with gen, for DocFreq: a question
	// asks for dozens of frequencies, and reading it takes no lock.
	vocab atomic.Pointer[map[string]uint32]

	buildMu sync.Mutex // one build at a time; guards lock and closed
	lock    *os.File   // holds the directory lock while open
	closed  bool
}

// generation is one built index directory, open for searching.
type generation struct {
	name     string
	dir      string
	idx      bleve.Index
	manifest manifest
	vocab    map[string]uint32 // body term → passage frequency
	heads    map[string]bool   // the analysed words of the headings; nil when the index has no file of them
	docs     map[string]int    // document id → position in manifest.Documents
	stored   storedCache       // stored fields of passages already loaded
	// similarTerms keeps the answers of Similar already worked out.
	similarTerms similarCache
	inflight     sync.WaitGroup
}

// manifest describes a generation; it is written beside the Bleve index.
type manifest struct {
	Format      int           `json:"format"`
	Fingerprint string        `json:"fingerprint"`
	BuiltAt     time.Time     `json:"built_at"`
	Took        time.Duration `json:"took"`
	// Documents are read from and written to documentsFile.
	Documents []docManifest `json:"-"`
	// DocumentsFile is the size and checksum of documentsFile.
	DocumentsFile *fileSum `json:"documents_file,omitempty"`
	// JSONDocuments are the documents of a manifest of jsonDocsFormat.
	JSONDocuments []docManifest     `json:"documents,omitempty"`
	Passages      int               `json:"passages"`
	AvgLen        float64           `json:"avg_len"` // mean body terms per passage
	Problems      []problemManifest `json:"problems,omitempty"`
	Files         map[string][]byte `json:"files,omitempty"` // the corpus's descriptive files (glossary, aliases)
	// IndexFiles lists every file of the Bleve index with its size and
	// checksum, so that a damaged or truncated file is found at open
	// rather than by a failing (or panicking) search.
	IndexFiles []fileSum `json:"index_files"`
	// Vocab is the size and checksum of the vocabulary file (see
	// vocabFile); nil in an index built before there was one, whose
	// vocabulary is read from Bleve's term dictionary.
	Vocab *fileSum `json:"vocab,omitempty"`
	// HeadingTerms is the size and checksum of the heading terms file (see
	// headingsFile); nil in an index built before there was one.
	HeadingTerms *fileSum `json:"heading_terms,omitempty"`
}

// fileSum is the size and CRC-32C of one file of a generation's Bleve
// index, by slash-separated path below the Bleve directory.
type fileSum struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
	CRC  uint32 `json:"crc32c"`
	// Stamp is the file's stamp when it was sealed (see fileStamp), ""
	// when the system gives none; a file that still has it is not
	// checksummed again at open.
	Stamp string `json:"stamp,omitempty"`
}

type docManifest struct {
	retrieval.DocInfo
	Headings []string `json:"headings"` // by section number
	Sections []int    `json:"sections"` // passages per section, by section number
}

type problemManifest struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

// New returns an Index kept in dir (created if missing). It locks dir for
// as long as the Index is open, opens the generation named by dir/CURRENT
// if there is one, and removes leftover build directories of interrupted
// builds. When another process holds dir it returns an error wrapping
// ErrLocked (and a nil *Index) after waiting about two seconds. It returns
// ErrNoIndex (with a usable *Index) when nothing is built yet; any other
// error comes with a usable *Index too and means the index on disk could
// not be opened (ErrCorrupt, ErrStale) and should be rebuilt: a successful
// Build then removes the damaged generation.
func New(dir string, log *slog.Logger) (*Index, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index directory: %w", err)
	}
	lock, err := lockDir(dir, lockWait)
	if err != nil {
		return nil, err
	}
	ix := &Index{dir: dir, log: log, lock: lock}
	name, err := readCurrent(dir)
	if err != nil {
		ix.cleanup("")
		return ix, err
	}
	ix.cleanup(name)
	g, err := openGeneration(filepath.Join(dir, name), name)
	if err != nil {
		return ix, err
	}
	ix.use(g)
	return ix, nil
}

func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", ErrNoIndex
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", currentFile, err)
	}
	name := strings.TrimSpace(string(b))
	if !strings.HasPrefix(name, genPrefix) || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("%s names %q, not an index generation: %w", currentFile, name, ErrCorrupt)
	}
	return name, nil
}

// cleanup removes generation directories other than keep: builds that were
// interrupted, or old generations a crash left behind.
func (ix *Index) cleanup(keep string) {
	_ = os.Remove(filepath.Join(ix.dir, currentFile+".tmp")) // a switch a crash interrupted
	entries, err := os.ReadDir(ix.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), genPrefix) || e.Name() == keep {
			continue
		}
		if err := os.RemoveAll(filepath.Join(ix.dir, e.Name())); err != nil {
			ix.log.Warn("remove stale index generation", "dir", e.Name(), "err", err)
		} else {
			ix.log.Info("removed stale index generation", "dir", e.Name())
		}
	}
}

// openGeneration opens a built generation for searching, read-only: a
// generation never changes once CURRENT names it. Before Bleve reads
// anything it checks every file of the index against the sizes and
// checksums in the manifest, and after opening it checks the passage count
// and reads the whole vocabulary, so a damaged generation fails here, at
// start, with an error wrapping ErrCorrupt (or ErrStale, ErrLocked).
func openGeneration(dir, name string) (g *generation, err error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s names %s, which is missing: %w", currentFile, name, ErrCorrupt)
	}
	b, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil {
		return nil, fmt.Errorf("read index manifest %s: %w (%w)", name, err, ErrCorrupt)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("index manifest %s: %w (%w)", name, err, ErrCorrupt)
	}
	if m.Format != formatVersion && m.Format != jsonDocsFormat {
		return nil, ErrStale
	}
	if err := verifyFiles(filepath.Join(dir, bleveDir), m.IndexFiles, true); err != nil {
		return nil, fmt.Errorf("index %s: %w", name, err)
	}
	// Bleve trusts its files; should a damage slip past the checksums, a
	// panic while opening is a damaged index, not a crash.
	defer func() {
		if r := recover(); r != nil {
			if g != nil {
				_ = g.idx.Close()
			}
			g, err = nil, fmt.Errorf("open index %s: %v (%w)", name, r, ErrCorrupt)
		}
	}()
	idx, err := bleve.OpenUsing(filepath.Join(dir, bleveDir), map[string]interface{}{
		"bolt_timeout": openTimeout,
		"read_only":    true,
	})
	if errors.Is(err, bbolt.ErrTimeout) {
		return nil, fmt.Errorf("open index %s: %w", dir, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w (%w)", name, err, ErrCorrupt)
	}
	g = &generation{name: name, dir: dir, idx: idx, manifest: m}
	if err := g.load(); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("open index %s: %w (%w)", name, err, ErrCorrupt)
	}
	return g, nil
}

// load reads the vocabulary and checks the index holds what the manifest
// says and answers a search.
func (g *generation) load() error {
	n, err := g.idx.DocCount()
	if err != nil {
		return fmt.Errorf("count passages: %w", err)
	}
	if int(n) != g.manifest.Passages {
		return fmt.Errorf("index holds %d passages, manifest says %d", n, g.manifest.Passages)
	}
	probe := ""
	if g.manifest.Vocab != nil {
		if g.vocab, probe, err = readVocab(g.dir, *g.manifest.Vocab); err != nil {
			return err
		}
	} else {
		if g.vocab, err = dictVocab(g.idx); err != nil {
			return err
		}
		for t := range g.vocab {
			if probe == "" || t < probe {
				probe = t
			}
		}
	}
	if g.manifest.HeadingTerms != nil {
		if g.heads, err = readHeadingTerms(g.dir, *g.manifest.HeadingTerms); err != nil {
			return err
		}
	}
	switch {
	case g.manifest.Format == jsonDocsFormat:
		g.manifest.Documents, g.manifest.JSONDocuments = g.manifest.JSONDocuments, nil
	case g.manifest.DocumentsFile == nil:
		return fmt.Errorf("the manifest lists no %s", documentsFile)
	default:
		b, err := readSideFile(g.dir, documentsFile, "documents", *g.manifest.DocumentsFile)
		if err != nil {
			return err
		}
		if g.manifest.Documents, err = decodeDocuments(b); err != nil {
			return err
		}
	}
	g.docs = make(map[string]int, len(g.manifest.Documents))
	for i, d := range g.manifest.Documents {
		g.docs[d.ID] = i
	}
	if probe != "" {
		// One search with stored fields, as answering does.
		tq := bleve.NewTermQuery(probe)
		tq.SetField(fieldBody)
		req := bleve.NewSearchRequestOptions(tq, 1, 0, false)
		res, err := g.idx.Search(req)
		if err != nil {
			return fmt.Errorf("test search: %w", err)
		}
		if len(res.Hits) == 0 {
			return fmt.Errorf("test search for %q found nothing", probe)
		}
		hits, err := g.hits(res.Hits)
		if err != nil {
			return fmt.Errorf("test search: %w", err)
		}
		if len(hits) == 0 {
			return fmt.Errorf("test search found passage %q, which the manifest lacks", res.Hits[0].ID)
		}
	}
	return nil
}

// acquire returns the generation in use, counted as in flight until the
// caller calls release. It returns nil when nothing is built.
func (ix *Index) acquire() *generation {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen != nil {
		ix.gen.inflight.Add(1)
	}
	return ix.gen
}

func (g *generation) release() { g.inflight.Done() }

// Fingerprint is the corpus fingerprint the index in use was built from,
// "" when nothing is built.
func (ix *Index) Fingerprint() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen == nil {
		return ""
	}
	return ix.gen.manifest.Fingerprint
}

// Version names the index in use: a short form of its fingerprint.
func (ix *Index) Version() string {
	return shortVersion(ix.Fingerprint())
}

func shortVersion(fp string) string {
	if len(fp) > 10 {
		return fp[:10]
	}
	return fp
}

// BuiltAt is when the index in use was built.
func (ix *Index) BuiltAt() time.Time {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen == nil {
		return time.Time{}
	}
	return ix.gen.manifest.BuiltAt
}

// Documents lists the indexed documents in path order.
func (ix *Index) Documents() []retrieval.DocInfo {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen == nil {
		return nil
	}
	out := make([]retrieval.DocInfo, len(ix.gen.manifest.Documents))
	for i, d := range ix.gen.manifest.Documents {
		out[i] = d.DocInfo
	}
	return out
}

// Problems lists the corpus files the index in use had to skip.
func (ix *Index) Problems() []corpus.Problem {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen == nil {
		return nil
	}
	return problemsOf(ix.gen.manifest.Problems)
}

// File returns a descriptive file of the corpus the index in use was built
// from (such as "aliases.toml"), and whether there was one.
func (ix *Index) File(name string) ([]byte, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen == nil {
		return nil, false
	}
	b, ok := ix.gen.manifest.Files[name]
	return b, ok
}

func problemsOf(ps []problemManifest) []corpus.Problem {
	out := make([]corpus.Problem, len(ps))
	for i, p := range ps {
		out[i] = corpus.Problem{Path: p.Path, Err: errors.New(p.Error)}
	}
	return out
}

// Passages is the number of indexed passages.
func (ix *Index) Passages() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen == nil {
		return 0
	}
	return ix.gen.manifest.Passages
}

// AvgPassageTerms is the mean number of indexed terms per passage.
func (ix *Index) AvgPassageTerms() float64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen == nil {
		return 0
	}
	return ix.gen.manifest.AvgLen
}

// DocFreq is the number of passages whose text contains the analysed term.
func (ix *Index) DocFreq(term string) int {
	if v := ix.vocab.Load(); v != nil {
		return int((*v)[term])
	}
	return 0
}

// use makes g the generation in use (nil for none). It is called with
// ix.mu held for writing, or before ix is shared.
func (ix *Index) use(g *generation) {
	ix.gen = g
	if g == nil {
		ix.vocab.Store(nil)
		return
	}
	ix.vocab.Store(&g.vocab)
}

// HeadingTerms returns the analysed words of the section headings, read
// from the index, and false for an index built before it kept them (the
// caller analyses the headings of Outline itself). The set is shared:
// callers must not change it.
func (ix *Index) HeadingTerms() (map[string]bool, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen == nil || ix.gen.heads == nil {
		return nil, false
	}
	return ix.gen.heads, true
}

// Similar returns indexed terms within maxEdits edits of term (at most
// limit, the most frequent first), for questions with typos. Its work is
// bounded whatever the term: maxEdits is capped at 2, terms longer than
// maxFuzzyTermBytes get no suggestions, and at most maxFuzzyScan
// dictionary entries are read.
func (ix *Index) Similar(term string, maxEdits, limit int) (out []string) {
	if maxEdits <= 0 || limit <= 0 || term == "" || len(term) > maxFuzzyTermBytes {
		return nil
	}
	maxEdits = min(maxEdits, 2)
	g := ix.acquire()
	if g == nil {
		return nil
	}
	defer g.release()
	key := similarKey{term, maxEdits, limit}
	if v, ok := g.similarTerms.get(key); ok {
		return append([]string(nil), v...)
	}
	failed := false
	defer func() {
		if r := recover(); r != nil {
			ix.log.Error("similar terms: index failure", "term", term, "panic", r)
			out, failed = nil, true
		}
		if !failed {
			g.similarTerms.put(key, append([]string(nil), out...))
		}
	}()
	adv, err := g.idx.Advanced()
	if err != nil {
		failed = true
		return nil
	}
	r, err := adv.Reader()
	if err != nil {
		failed = true
		return nil
	}
	defer r.Close()
	fr, ok := r.(bindex.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	dict, err := fr.FieldDictFuzzy(fieldBody, term, maxEdits, "")
	if err != nil {
		failed = true
		return nil
	}
	defer dict.Close()
	type tc struct {
		term  string
		count uint32
	}
	var found []tc
	for range maxFuzzyScan {
		e, err := dict.Next()
		if err != nil || e == nil {
			break
		}
		if e.Term != term {
			// Scorch leaves the count of fuzzy dictionary entries at
			// zero; the vocabulary has the passage frequency.
			found = append(found, tc{e.Term, g.vocab[e.Term]})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].count != found[j].count {
			return found[i].count > found[j].count
		}
		return found[i].term < found[j].term
	})
	out = make([]string, 0, min(limit, len(found)))
	for _, f := range found[:min(limit, len(found))] {
		out = append(out, f.term)
	}
	return out
}

// Search returns candidate passages for q, best first by BM25 over the
// passage text (titles and headings are for the caller to weigh). The query is built in code
// from the analysed terms, never parsed, so no text of a question is
// query syntax. At most maxSearchLimit hits are returned and at most
// maxQueryTerms term or phrase queries run: clauses beyond that are
// dropped, the latest first.
func (ix *Index) Search(ctx context.Context, q retrieval.Query) (hits []retrieval.Hit, err error) {
	g := ix.acquire()
	if g == nil {
		return nil, ErrNoIndex
	}
	defer g.release()
	defer recoverSearch(ix.log, "search", &err)
	bq := buildQuery(q)
	if bq == nil {
		return nil, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, maxSearchLimit)
	// The stored fields are loaded afterwards, through the generation's
	// cache, rather than by Bleve for every hit.
	req := bleve.NewSearchRequestOptions(bq, limit, 0, false)
	res, err := g.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return g.hits(res.Hits)
}

// hits turns Bleve's hits into Hits with their stored fields, leaving out
// any the manifest or the index does not hold.
func (g *generation) hits(found search.DocumentMatchCollection) ([]retrieval.Hit, error) {
	ids := make([]string, len(found))
	for i, h := range found {
		ids[i] = h.ID
	}
	fields, ok, err := g.storedFields(ids)
	if err != nil {
		return nil, err
	}
	hits := make([]retrieval.Hit, 0, len(found))
	for i, h := range found {
		if !ok[i] {
			continue
		}
		hit, ok := g.hit(h.ID, fields[i])
		if !ok {
			continue
		}
		hit.Score = h.Score
		hits = append(hits, hit)
	}
	return hits, nil
}

// recoverSearch turns a panic inside Bleve (a damaged index that passed
// the checks at open) into an error wrapping ErrCorrupt, so that one
// question fails rather than the whole process.
func recoverSearch(log interface{ Error(string, ...any) }, what string, err *error) {
	if r := recover(); r != nil {
		log.Error(what+": index failure", "panic", r)
		*err = fmt.Errorf("%s: %v (%w)", what, r, ErrCorrupt)
	}
}

// Passage returns the passage with the given id.
func (ix *Index) Passage(ctx context.Context, id string) (_ retrieval.Hit, _ bool, err error) {
	g := ix.acquire()
	if g == nil {
		return retrieval.Hit{}, false, ErrNoIndex
	}
	defer g.release()
	defer recoverSearch(ix.log, "look up passage", &err)
	if err := ctx.Err(); err != nil {
		return retrieval.Hit{}, false, fmt.Errorf("look up passage %s: %w", id, err)
	}
	fields, found, err := g.storedFields([]string{id})
	if err != nil {
		return retrieval.Hit{}, false, fmt.Errorf("look up passage %s: %w", id, err)
	}
	if !found[0] {
		return retrieval.Hit{}, false, nil
	}
	h, ok := g.hit(id, fields[0])
	return h, ok, nil
}

// Outline returns, for a document, the number of passages in each section
// (by section number) and the section headings, so callers can walk the
// text in order.
func (ix *Index) Outline(docID string) (sections []int, headings []string, ok bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.gen == nil {
		return nil, nil, false
	}
	i, ok := ix.gen.docs[docID]
	if !ok {
		return nil, nil, false
	}
	d := ix.gen.manifest.Documents[i]
	return append([]int(nil), d.Sections...), append([]string(nil), d.Headings...), true
}

// hit turns a passage's stored fields into a Hit, with its place in the
// text decoded from the passage id and the manifest.
func (g *generation) hit(id string, s stored) (retrieval.Hit, bool) {
	docID, sec, para, ok := corpus.ParsePassageID(id)
	if !ok {
		return retrieval.Hit{}, false
	}
	di, ok := g.docs[docID]
	if !ok {
		return retrieval.Hit{}, false
	}
	d := g.manifest.Documents[di]
	text, kind := s.text, s.kind
	page, pageEnd, breaks := parsePages(s.pages)
	heading := ""
	if sec < len(d.Headings) {
		heading = d.Headings[sec]
	}
	return retrieval.Hit{
		Passage: corpus.Passage{
			ID: id, DocID: docID, Section: sec, Heading: heading, Paragraph: para,
			Kind: corpus.Kind(kind), Text: text, Page: page, PageEnd: pageEnd, PageBreaks: breaks,
		},
		Doc: d.DocInfo,
	}, true
}

// buildQuery turns a retrieval query into a Bleve query built in code (never
// parsed from user text): for each clause, any alternative in the passage
// text, weighted by the clause's weight. Titles and headings are not
// searched: the handlers weigh them when they rank the candidates, and
// searching them too would double the postings walked per question.
func buildQuery(q retrieval.Query) query.Query {
	var should []query.Query
	for _, c := range q.Clauses {
		if len(should)+len(c.Alternatives) > maxQueryTerms {
			break
		}
		w := c.Weight
		if w <= 0 {
			w = 1
		}
		for _, alt := range c.Alternatives {
			switch len(alt) {
			case 0:
				continue
			case 1:
				tq := bleve.NewTermQuery(alt[0])
				tq.SetField(fieldBody)
				tq.SetBoost(w)
				should = append(should, tq)
			default:
				pq := bleve.NewPhraseQuery(alt, fieldBody)
				pq.SetBoost(w)
				should = append(should, pq)
			}
		}
	}
	if len(should) == 0 {
		return nil
	}
	var bq query.Query = bleve.NewDisjunctionQuery(should...)
	if q.DocID != "" {
		dq := bleve.NewTermQuery(q.DocID)
		dq.SetField(fieldDoc)
		bq = bleve.NewConjunctionQuery(bq, dq)
	}
	return bq
}

// Close closes the index in use, waiting for searches in flight and for a
// build under way, and lets go of the directory lock. Closing twice is
// harmless; a Build after Close returns ErrClosed.
func (ix *Index) Close() error {
	ix.buildMu.Lock()
	defer ix.buildMu.Unlock()
	ix.closed = true
	ix.mu.Lock()
	g := ix.gen
	ix.use(nil)
	ix.mu.Unlock()
	var err error
	if g != nil {
		g.inflight.Wait()
		err = g.idx.Close()
	}
	if ix.lock != nil {
		_ = ix.lock.Close()
		ix.lock = nil
	}
	return err
}

// passageText is what a build indexes for one passage.
type passageDoc struct {
	Body  string `json:"body"`
	Doc   string `json:"doc"`
	Text  string `json:"text"`
	Kind  string `json:"kind"`
	Pages string `json:"pages,omitempty"` // "3" or "3-4" for a PDF passage, else empty
}

// formatPages is the stored form of a passage's pages: "" when it has
// none, "3" on one page, "3-4@812" across two with the byte offset in its
// text where page 4 begins (several offsets are separated by commas).
func formatPages(page, end int, breaks []int) string {
	switch {
	case page <= 0:
		return ""
	case end <= page:
		return strconv.Itoa(page)
	}
	s := strconv.Itoa(page) + "-" + strconv.Itoa(end)
	for i, off := range breaks {
		if i == 0 {
			s += "@"
		} else {
			s += ","
		}
		s += strconv.Itoa(off)
	}
	return s
}

// parsePages reads what formatPages wrote; anything else is no pages,
// and offsets that do not fit are dropped.
func parsePages(s string) (page, end int, breaks []int) {
	if s == "" {
		// Most passages (all but PDFs') have no pages: no Atoi error to
		// allocate for each hit.
		return 0, 0, nil
	}
	s, offs, _ := strings.Cut(s, "@")
	a, b, found := strings.Cut(s, "-")
	p, err := strconv.Atoi(a)
	if err != nil || p <= 0 {
		return 0, 0, nil
	}
	if !found {
		return p, p, nil
	}
	e, err := strconv.Atoi(b)
	if err != nil || e < p {
		return p, p, nil
	}
	if offs != "" {
		for _, o := range strings.Split(offs, ",") {
			n, err := strconv.Atoi(o)
			if err != nil || n < 0 || len(breaks) >= e-p {
				return p, e, nil
			}
			breaks = append(breaks, n)
		}
	}
	return p, e, breaks
}

// compile-time check that scorch is linked (it registers itself).
var _ = scorch.Name
