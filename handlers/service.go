// Package handlers answers readers without knowing how they reach citebot:
// ask, search, passage look-up, sources, reindex and explain are plain Go
// calls that return plain structs for the CLI, the JSON output and Discord
// to render. It depends on no search engine and no chat transport.
package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// Index is what answering needs from a search index.
type Index interface {
	retrieval.Stats
	// Search returns candidate passages for the query, best first.
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error)
	// Passage returns the passage with the given id, and whether it exists.
	Passage(ctx context.Context, id string) (retrieval.Hit, bool, error)
	// Outline returns the passages per section and the section headings of a document.
	Outline(docID string) (sections []int, headings []string, ok bool)
	// Documents lists the indexed documents.
	Documents() []retrieval.DocInfo
	// AvgPassageTerms is the mean number of indexed terms per passage.
	AvgPassageTerms() float64
	// Version names the index in use; BuiltAt says when it was built.
	Version() string
	BuiltAt() time.Time
	// File returns a descriptive file of the indexed corpus, such as aliases.toml.
	File(name string) ([]byte, bool)
}

// Builder rebuilds an index from a loaded corpus.
type Builder interface {
	Build(ctx context.Context, c *corpus.Corpus, fingerprint string, progress func(retrieval.Progress)) (retrieval.BuildSummary, error)
}

// Loader reads the corpus afresh for a reindex: its documents and the
// fingerprint that identifies this state of it.
type Loader func(ctx context.Context) (*corpus.Corpus, string, error)

// Service answers questions from an index. Its methods are safe for
// concurrent use, including a Reindex while questions are answered.
type Service struct {
	ix      Index
	builder Builder
	load    Loader
	log     *slog.Logger

	reindexing sync.Mutex // held while a reindex runs
	texts      textCache  // analysed candidates of the index in use
	mem        memSearches
	slabs      slabPool // the candidates of finished rankings, for the next
	words      wordMemo // what questions' words were worked out to stand for

	mu          sync.Mutex
	aliasesOf   string   // the index version the alias table was read for
	aliases     *Aliases // read from the index's aliases.toml and the defaults
	aliasIssues []AliasProblem

	concepts conceptState // the glossary and the concept cards, per index version

	headsOf string          // the index version heads was read for
	heads   map[string]bool // the analysed terms of its section headings
}

// Options configure a Service. Builder and Loader are needed for Reindex only.
type Options struct {
	Builder Builder
	Loader  Loader
	Logger  *slog.Logger
}

// New returns a Service answering from ix.
func New(ix Index, opts Options) *Service {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{ix: ix, builder: opts.Builder, load: opts.Loader, log: log,
		texts: textCache{an: analysis.NewAnalyzer()}}
}

// currentAliases returns the alias table for the index in use, reading the
// corpus's aliases.toml again after a reindex.
func (s *Service) currentAliases() *Aliases {
	a, _ := s.aliasTable()
	return a
}

// aliasProblems describes the entries of aliases.toml that could not be used.
func (s *Service) aliasProblems() []string {
	_, problems := s.aliasTable()
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = p.Msg
		if p.Line > 0 {
			out[i] = fmt.Sprintf("line %d: %s", p.Line, p.Msg)
		}
	}
	return out
}

func (s *Service) aliasTable() (*Aliases, []AliasProblem) {
	v := s.ix.Version()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.aliases == nil || s.aliasesOf != v {
		src, _ := s.ix.File(AliasFile)
		a, problems := LoadAliases(src)
		for _, p := range problems {
			s.log.Warn("aliases.toml entry skipped", "line", p.Line, "problem", p.Msg)
		}
		s.aliases, s.aliasesOf, s.aliasIssues = a, v, problems
	}
	return s.aliases, s.aliasIssues
}
