package handlers

import (
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// Status says whether the readings answer a question.
type Status string

// The statuses of an answer.
const (
	StatusAnswered Status = "answered"
	StatusNotFound Status = "not_found"
)

// AskOptions tune one question.
type AskOptions struct {
	// Top is how many cited passages to return: 1 to MaxTop; 0 means DefaultTop.
	Top int
}

// Limits on answers.
const (
	DefaultTop = 3
	MaxTop     = 100
	// MaxExcerpt is the most bytes an excerpt may have.
	MaxExcerpt = 450
	// MaxQuestion is the most bytes of a question that are read; the rest is ignored.
	MaxQuestion = 1000
)

// Answer is the reply to one question: cited passages in rank order, or
// StatusNotFound with suggestions of what the readings do cover.
type Answer struct {
	Question    string
	Status      Status
	Results     []Result
	Suggestions []string // when not found: topics the readings cover that are near the question
	// Unmentioned is, when the question is not answered because it names
	// something the readings never mention ("What role does India
	// play?"), that name as the question writes it.
	Unmentioned string
	// Closest is, when not found, the passage that comes closest to the
	// question (it holds part of what the question asks about), cited so
	// that a reader can look; it is not an answer. Nil when no passage
	// holds enough of the question.
	Closest *Result
	// OtherLanguage is set, when not found, for a question that seems to
	// be written in another language than English, the language of the
	// analysis (and of the built-in readings).
	OtherLanguage bool
	Concept       *Concept // set when the question asks what a concept means
	Version       string   // the index version that answered
}

// Result is one cited passage.
type Result struct {
	Doc     retrieval.DocInfo
	Passage corpus.Passage
	// Excerpt is the 1–3 consecutive sentences of the passage that best
	// answer the question: a verbatim span of Passage.Text, at most MaxExcerpt bytes.
	Excerpt string
	// Highlights are byte ranges of Excerpt that match the question's terms,
	// in order and not overlapping.
	Highlights []Span
	Score      float64
}

// Citation renders the result's place in the text for a reader, e.g.
// `Glaser 2025, §2 "What can IR theory explain…", ¶9`; for a PDF it ends
// with the page where the excerpt is printed (CiteExcerpt).
func (r Result) Citation() string { return CiteExcerpt(r.Doc, r.Passage, r.Excerpt) }

// Span is a half-open byte range [Start, End).
type Span struct{ Start, End int }

// Concept is a concept card: what a concept means and where the readings
// define and use it.
type Concept struct {
	Name        string       `json:"name"`
	Aliases     []string     `json:"aliases"`
	Group       string       `json:"group"`
	Explanation string       `json:"explanation"`
	Definitions []Definition `json:"definitions"`
	Related     []string     `json:"related"`
	Occurrences []Occurrence `json:"occurrences"`
}

// Definition is a sentence in which a reading itself defines a concept.
type Definition struct {
	Excerpt   string `json:"excerpt"`
	Ref       string `json:"ref"`
	PassageID string `json:"passage_id"`
	Citation  string `json:"citation,omitempty"`
}

// Occurrence is a passage that mentions a concept.
type Occurrence struct {
	Ref       string `json:"ref"`
	PassageID string `json:"passage_id"`
}

// Source is one indexed document as listed to readers.
type Source struct {
	retrieval.DocInfo
}

// Sources lists the indexed documents and when the index was built.
type Sources struct {
	Documents []retrieval.DocInfo
	BuiltAt   time.Time
	Version   string
}

// PassageView is one passage looked up by its citation, with its neighbours
// in reading order so a reader can walk the text.
type PassageView struct {
	Doc     retrieval.DocInfo
	Passage corpus.Passage
	PrevID  string // the previous passage's id, "" at the start of the document
	NextID  string // the next passage's id, "" at the end of the document
}

// Choice is one autocomplete suggestion: what to show and what to fill in.
type Choice struct {
	Label string
	Value string
}

// Explanation answers "what is X": the concept card when X is a known
// concept, otherwise suggestions and an ordinary answer to fall back on.
type Explanation struct {
	Query       string
	Concept     *Concept // nil when no concept matched
	Suggestions []string // closest concept names when none matched
	Fallback    *Answer  // an ordinary answer to the query when no concept matched
}
