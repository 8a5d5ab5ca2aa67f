package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// Doc is one document of a test collection: the Markdown file that
// WriteCollectionCorpus writes for it is named after its ID and holds its
// title as the heading and its text as the body.
type Doc struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Query is one query of a test collection.
type Query struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// Collection is an ad hoc retrieval test collection such as Cranfield or
// CISI: documents, queries and relevance judgements.
type Collection struct {
	// Name is the base name of the folder the collection was loaded from,
	// e.g. "cranfield".
	Name string
	// Docs are the documents in file order.
	Docs []Doc
	// Queries are all the queries in file order, judged or not.
	Queries []Query
	// Qrels maps a query id to the judged documents and their relevance
	// values. A document with a relevance value above 0 is relevant; every
	// pair of the converted Cranfield and CISI sets has relevance 1.
	Qrels map[string]map[string]int
	// Pairs is the number of judgement lines read from qrels.tsv.
	Pairs int
}

// Relevant returns the set of documents judged relevant (relevance above 0)
// to the query with the given id. It is empty for an unjudged query.
func (c Collection) Relevant(queryID string) map[string]bool {
	rel := make(map[string]bool)
	for doc, r := range c.Qrels[queryID] {
		if r > 0 {
			rel[doc] = true
		}
	}
	return rel
}

// Judged returns the queries that have at least one relevant document, in
// file order. These are the queries that MAP and nDCG are averaged over.
func (c Collection) Judged() []Query {
	var out []Query
	for _, q := range c.Queries {
		if len(c.Relevant(q.ID)) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// LoadCollection reads a converted test collection from dir, which must
// hold three files:
//
//   - docs.jsonl: one JSON object per line with "id", "title" and "text";
//   - queries.jsonl: one JSON object per line with "id" and "text" (other
//     fields, such as Cranfield's "orig_id", are ignored);
//   - qrels.tsv: tab-separated judgements with a header line naming the
//     columns "query_id", "doc_id" and "relevance" (further columns, such as
//     Cranfield's "cran_code", are ignored). The query ids are those of
//     queries.jsonl.
//
// Ids may be JSON strings or numbers. A duplicate document or query id is an
// error. Judgements of queries or documents that are not in the collection
// are kept as read.
func LoadCollection(dir string) (Collection, error) {
	c := Collection{Name: filepath.Base(filepath.Clean(dir)), Qrels: make(map[string]map[string]int)}
	if st, err := os.Stat(dir); err != nil {
		return c, fmt.Errorf("collection %s: %w", dir, err)
	} else if !st.IsDir() {
		return c, fmt.Errorf("collection %s: not a directory", dir)
	}

	seen := make(map[string]bool)
	err := readJSONL(filepath.Join(dir, "docs.jsonl"), func(n int, raw json.RawMessage) error {
		var d struct {
			ID    flexString `json:"id"`
			Title string     `json:"title"`
			Text  string     `json:"text"`
		}
		if err := json.Unmarshal(raw, &d); err != nil {
			return err
		}
		if d.ID == "" {
			return errors.New("no id")
		}
		if seen[string(d.ID)] {
			return fmt.Errorf("duplicate document id %q", d.ID)
		}
		seen[string(d.ID)] = true
		c.Docs = append(c.Docs, Doc{ID: string(d.ID), Title: d.Title, Text: d.Text})
		return nil
	})
	if err != nil {
		return c, err
	}

	seen = make(map[string]bool)
	err = readJSONL(filepath.Join(dir, "queries.jsonl"), func(n int, raw json.RawMessage) error {
		var q struct {
			ID   flexString `json:"id"`
			Text string     `json:"text"`
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			return err
		}
		if q.ID == "" {
			return errors.New("no id")
		}
		if seen[string(q.ID)] {
			return fmt.Errorf("duplicate query id %q", q.ID)
		}
		seen[string(q.ID)] = true
		c.Queries = append(c.Queries, Query{ID: string(q.ID), Text: q.Text})
		return nil
	})
	if err != nil {
		return c, err
	}

	if err := c.readQrels(filepath.Join(dir, "qrels.tsv")); err != nil {
		return c, err
	}
	return c, nil
}

// readQrels reads a qrels.tsv file into c.Qrels.
func (c *Collection) readQrels(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	qcol, dcol, rcol := 0, 1, 2
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		var fields []string
		if strings.Contains(text, "\t") {
			fields = strings.Split(text, "\t")
		} else {
			fields = strings.Fields(text)
		}
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if line == 1 && isQrelsHeader(fields) {
			qcol, dcol, rcol = -1, -1, -1
			for i, name := range fields {
				switch strings.ToLower(name) {
				case "query_id", "query", "qid", "topic":
					qcol = i
				case "doc_id", "doc", "docid", "docno":
					dcol = i
				case "relevance", "rel", "grade", "label":
					rcol = i
				}
			}
			if qcol < 0 || dcol < 0 {
				return fmt.Errorf("%s: header %q names no query_id or doc_id column", path, text)
			}
			continue
		}
		if qcol >= len(fields) || dcol >= len(fields) {
			return fmt.Errorf("%s:%d: too few columns", path, line)
		}
		rel := 1
		if rcol >= 0 && rcol < len(fields) && fields[rcol] != "" {
			rel, err = strconv.Atoi(fields[rcol])
			if err != nil {
				return fmt.Errorf("%s:%d: relevance %q is not a number", path, line, fields[rcol])
			}
		}
		q, d := fields[qcol], fields[dcol]
		if c.Qrels[q] == nil {
			c.Qrels[q] = make(map[string]int)
		}
		c.Qrels[q][d] = rel
		c.Pairs++
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// isQrelsHeader reports whether the first line of a qrels file names its
// columns rather than holding a judgement.
func isQrelsHeader(fields []string) bool {
	for _, f := range fields {
		switch strings.ToLower(f) {
		case "query_id", "doc_id", "qid", "docid", "relevance":
			return true
		}
	}
	return false
}

// SQuAD is the SQuAD v1.1 development set as converted to articles.jsonl:
// Wikipedia articles, their paragraphs and the questions asked about them.
type SQuAD struct {
	Articles []Article
}

// Article is one Wikipedia article of SQuAD.
type Article struct {
	// ID is a file-name-safe slug of the title, unique within the set, e.g.
	// "sky-united-kingdom" for "Sky (United Kingdom)". It is the document id
	// of the article in a corpus written from Docs.
	ID string
	// Title is the article title, e.g. "Super Bowl 50".
	Title string
	// Paragraphs are the context paragraphs in order.
	Paragraphs []string
	// Questions are the questions about the article's paragraphs.
	Questions []SQuADQuestion
}

// SQuADQuestion is one SQuAD question with its gold paragraph and answers.
type SQuADQuestion struct {
	ID       string
	Question string
	// Answers are the crowd-sourced answer spans (often repeated); each is a
	// verbatim substring of the gold paragraph.
	Answers []string
	// AnswerStarts are the offsets of Answers in the gold paragraph as the
	// source gives them: in characters (code points), not bytes.
	AnswerStarts []int
	// Paragraph is the index of the gold paragraph in the article's
	// Paragraphs.
	Paragraph int
}

// Questions returns the number of questions over all articles.
func (s SQuAD) Questions() int {
	n := 0
	for _, a := range s.Articles {
		n += len(a.Questions)
	}
	return n
}

// Paragraphs returns the number of paragraphs over all articles.
func (s SQuAD) Paragraphs() int {
	n := 0
	for _, a := range s.Articles {
		n += len(a.Paragraphs)
	}
	return n
}

// Docs returns one document per article for WriteCollectionCorpus: the
// article's ID and title, and its paragraphs, each on a single line with its
// whitespace collapsed, separated by blank lines so that every SQuAD
// paragraph becomes one passage.
func (s SQuAD) Docs() []Doc {
	docs := make([]Doc, 0, len(s.Articles))
	for _, a := range s.Articles {
		var b strings.Builder
		for i, p := range a.Paragraphs {
			if i > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(strings.Join(strings.Fields(p), " "))
		}
		docs = append(docs, Doc{ID: a.ID, Title: a.Title, Text: b.String()})
	}
	return docs
}

// LoadSQuAD reads the converted SQuAD v1.1 development set at path
// (squad-v1.1-dev/articles.jsonl): one JSON object per line and article with
// "article" (the title), "paragraphs" (an array of strings) and "questions",
// an array of objects with "id", "q", "answers", "answer_starts" and
// "paragraph_index". It gives each article a unique slug of its title as ID
// and checks that every question points at an existing paragraph.
func LoadSQuAD(path string) (SQuAD, error) {
	var s SQuAD
	ids := make(map[string]bool)
	err := readJSONL(path, func(n int, raw json.RawMessage) error {
		var a struct {
			Article    string   `json:"article"`
			Paragraphs []string `json:"paragraphs"`
			Questions  []struct {
				ID             flexString `json:"id"`
				Q              string     `json:"q"`
				Answers        []string   `json:"answers"`
				AnswerStarts   []int      `json:"answer_starts"`
				ParagraphIndex int        `json:"paragraph_index"`
			} `json:"questions"`
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			return err
		}
		art := Article{Title: a.Article, Paragraphs: a.Paragraphs}
		base := slug(a.Article)
		art.ID = base
		for i := 2; ids[art.ID]; i++ {
			art.ID = base + "-" + strconv.Itoa(i)
		}
		ids[art.ID] = true
		for _, q := range a.Questions {
			if q.ParagraphIndex < 0 || q.ParagraphIndex >= len(a.Paragraphs) {
				return fmt.Errorf("question %s: paragraph_index %d out of range (article %q has %d paragraphs)",
					q.ID, q.ParagraphIndex, a.Article, len(a.Paragraphs))
			}
			art.Questions = append(art.Questions, SQuADQuestion{
				ID:           string(q.ID),
				Question:     q.Q,
				Answers:      q.Answers,
				AnswerStarts: q.AnswerStarts,
				Paragraph:    q.ParagraphIndex,
			})
		}
		s.Articles = append(s.Articles, art)
		return nil
	})
	return s, err
}

// EssayQuestion is one question of an essay question set.
type EssayQuestion struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"` // e.g. "fact", "concept", "why", "meta"; "none" means the readings do not answer it
	Question string   `json:"question"`
	Gold     []string `json:"gold"` // verbatim snippets of the reading, any of which answers the question
}

// KindNone is the kind of an essay question that the readings do not
// answer: the bot should reply not_found.
const KindNone = "none"

// LoadEssayQuestions reads an essay question set: JSONL with one object per
// line with "id", "kind", "question" and "gold" (an array of snippets). A
// question of a kind other than "none" must have at least one gold snippet.
func LoadEssayQuestions(path string) ([]EssayQuestion, error) {
	var qs []EssayQuestion
	seen := make(map[string]bool)
	err := readJSONL(path, func(n int, raw json.RawMessage) error {
		var q EssayQuestion
		if err := json.Unmarshal(raw, &q); err != nil {
			return err
		}
		if q.ID == "" {
			q.ID = "#" + strconv.Itoa(n)
		}
		if seen[q.ID] {
			return fmt.Errorf("duplicate id %q", q.ID)
		}
		seen[q.ID] = true
		if strings.TrimSpace(q.Question) == "" {
			return fmt.Errorf("question %s: empty question", q.ID)
		}
		if q.Kind != KindNone && len(q.Gold) == 0 {
			return fmt.Errorf("question %s: kind %q needs gold snippets", q.ID, q.Kind)
		}
		qs = append(qs, q)
		return nil
	})
	return qs, err
}

// WriteCollectionCorpus writes every document as one Markdown file
// dir/<id>.md holding "# <title>", a blank line and the text, creating dir
// if needed. The document id the bot derives from the file name is then the
// collection's document id. A title is put on one line; a document without a
// title gets no heading. Ids must be usable as file names: not empty, not
// "." or "..", without slashes, backslashes or NUL, and unique.
func WriteCollectionCorpus(dir string, docs []Doc) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	seen := make(map[string]bool, len(docs))
	var buf bytes.Buffer
	for _, d := range docs {
		if err := checkDocID(d.ID); err != nil {
			return err
		}
		if seen[d.ID] {
			return fmt.Errorf("duplicate document id %q", d.ID)
		}
		seen[d.ID] = true
		buf.Reset()
		title := oneLine(d.Title)
		text := strings.TrimSpace(strings.ReplaceAll(d.Text, "\r\n", "\n"))
		if title != "" {
			buf.WriteString("# ")
			buf.WriteString(title)
			buf.WriteString("\n")
			if text != "" {
				buf.WriteString("\n")
			}
		}
		if text != "" {
			buf.WriteString(text)
			buf.WriteString("\n")
		}
		if err := os.WriteFile(filepath.Join(dir, d.ID+".md"), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// checkDocID reports whether id can be used as a file name.
func checkDocID(id string) error {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, "/\\\x00") {
		return fmt.Errorf("document id %q cannot be a file name", id)
	}
	return nil
}

// oneLine puts s on a single line: every run of whitespace, line breaks
// included, becomes one space, and the ends are trimmed.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// slug makes a lower-case file-name-safe id of a title: ASCII letters and
// digits are kept, every other run of characters becomes one hyphen.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "article"
	}
	return b.String()
}

// readJSONL decodes a file of JSON values one at a time (values may span any
// length; SQuAD articles are long lines) and calls fn with each value's
// 1-based number.
func readJSONL(path string, fn func(n int, raw json.RawMessage) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReader(f))
	for n := 1; ; n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("%s: record %d: %w", path, n, err)
		}
		if err := fn(n, raw); err != nil {
			return fmt.Errorf("%s: record %d: %w", path, n, err)
		}
	}
}

// flexString decodes a JSON string or number as a string, so ids may be
// written either way.
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("id %s is neither a string nor a number", b)
	}
	*s = flexString(n.String())
	return nil
}
