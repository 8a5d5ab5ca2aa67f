// Package retrieval holds the vocabulary shared by the search index and the
// answering handlers: what a query asks for, what a hit carries back, and
// the statistics a ranker needs. It depends on no search engine, so the
// handlers can rank and explain results without importing one.
package retrieval

import (
	"time"

	"github.com/citebot/citebot/corpus"
)

// Query asks an index for candidate passages. Terms are already analysed
// (see package analysis): lower-cased, stemmed, stop words removed.
type Query struct {
	Clauses []Clause
	Limit   int    // at most this many hits
	DocID   string // when set, only passages of this document
}

// MaxQueryTerms bounds the alternatives one query searches for, summed
// over its clauses: a clause whose alternatives would pass it, and every
// clause after that, are left out.
const MaxQueryTerms = 600

// MaxHits bounds the hits one search returns, whatever its Limit.
const MaxHits = 1000

// Clause is one idea of a query: alternative term sequences, any of which
// matches. A sequence of more than one term matches as a phrase.
type Clause struct {
	Alternatives [][]string
	Weight       float64 // relative importance; 0 means 1
}

// Hit is one candidate passage with the document it belongs to.
type Hit struct {
	Passage corpus.Passage
	Doc     DocInfo
	Score   float64 // the engine's relevance score; comparable only within one query
}

// DocInfo describes an indexed document.
type DocInfo struct {
	ID          string `json:"id"`
	Path        string `json:"path"`
	Title       string `json:"title"`
	Subtitle    string `json:"subtitle,omitempty"`
	Author      string `json:"author,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
	Date        string `json:"date,omitempty"`
	Citation    string `json:"citation"` // short form, e.g. "Glaser 2025"
	Hash        string `json:"hash"`
	Passages    int    `json:"passages"`
	Format      string `json:"format,omitempty"` // "markdown", "pdf", "docx"… (corpus.Format)
	Pages       int    `json:"pages,omitempty"`  // a PDF's page count
}

// Stats are corpus-wide term statistics over the indexed passages.
type Stats interface {
	// Passages is the number of indexed passages.
	Passages() int
	// DocFreq is the number of passages that contain the analysed term.
	DocFreq(term string) int
	// Similar returns indexed terms within maxEdits edits of term, the most
	// frequent first, at most limit of them.
	Similar(term string, maxEdits, limit int) []string
}

// BuildSummary reports what a (re)build of the index did.
type BuildSummary struct {
	Documents int
	Passages  int
	Took      time.Duration
	Added     []string // document ids new since the previous index
	Removed   []string // document ids gone since the previous index
	Changed   []string // document ids whose content changed
	Problems  []corpus.Problem
	Version   string // the new index version (its fingerprint, shortened)
	BuiltAt   time.Time
}

// Progress reports how far a build has got.
type Progress struct {
	Documents, DocumentsTotal int
	Passages, PassagesTotal   int
	Elapsed                   time.Duration
}
