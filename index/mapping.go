package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Field names of an indexed passage.
const (
	fieldBody = "body" // analysed terms of the passage text
	fieldDoc  = "doc"  // the document id, as one keyword
	fieldText = "text" // the passage text, stored only
	fieldKind = "kind" // the passage kind, stored only
	// fieldPages holds a PDF passage's pages ("3", "3-4"), stored only.
	fieldPages = "pages"
)

// termsAnalyzer splits pre-analysed text at spaces: citebot analyses text
// itself (package analysis) so that passages and questions agree exactly.
const termsAnalyzer = "citebot_terms"

// newMapping returns the index mapping: BM25 scoring, pre-analysed term
// fields with term vectors for phrase queries, stored text for excerpts.
func newMapping() (mapping.IndexMapping, error) {
	im := bleve.NewIndexMapping()
	im.ScoringModel = bindex.BM25Scoring
	if err := im.AddCustomAnalyzer(termsAnalyzer, map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": whitespace.Name,
	}); err != nil {
		return nil, fmt.Errorf("add terms analyzer: %w", err)
	}
	im.DefaultAnalyzer = termsAnalyzer

	terms := func(vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = termsAnalyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = vectors
		f.DocValues = false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	doc := bleve.NewTextFieldMapping()
	doc.Analyzer = keyword.Name
	doc.Store = false
	doc.IncludeInAll = false
	doc.IncludeTermVectors = false
	doc.DocValues = false

	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldBody, terms(true))
	dm.AddFieldMappingsAt(fieldDoc, doc)
	dm.AddFieldMappingsAt(fieldText, stored())
	dm.AddFieldMappingsAt(fieldKind, stored())
	dm.AddFieldMappingsAt(fieldPages, stored())
	im.DefaultMapping = dm
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im, nil
}
