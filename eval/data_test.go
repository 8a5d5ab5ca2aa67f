package eval

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fixture is the path of a file or folder under testdata.
func fixture(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join("testdata", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	return p
}

func TestLoadCollection(t *testing.T) {
	tests := []struct {
		dir          string
		docs         int
		queries      int
		pairs        int
		judged       []string
		relevantOf1  []string
		firstDocText string
	}{
		{"cranfield", 6, 3, 3, []string{"1", "2"}, []string{"1", "3"}, "experimental investigation"},
		{"cisi", 3, 2, 3, []string{"1"}, []string{"a", "b"}, "The present study"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			c, err := LoadCollection(fixture(t, "data/"+tt.dir))
			if err != nil {
				t.Fatal(err)
			}
			if c.Name != tt.dir || len(c.Docs) != tt.docs || len(c.Queries) != tt.queries || c.Pairs != tt.pairs {
				t.Errorf("got name %q, %d docs, %d queries, %d pairs; want %q, %d, %d, %d",
					c.Name, len(c.Docs), len(c.Queries), c.Pairs, tt.dir, tt.docs, tt.queries, tt.pairs)
			}
			var judged []string
			for _, q := range c.Judged() {
				judged = append(judged, q.ID)
			}
			if !slices.Equal(judged, tt.judged) {
				t.Errorf("judged queries %v, want %v", judged, tt.judged)
			}
			var rel []string
			for d := range c.Relevant("1") {
				rel = append(rel, d)
			}
			slices.Sort(rel)
			if !slices.Equal(rel, tt.relevantOf1) {
				t.Errorf("relevant to query 1: %v, want %v", rel, tt.relevantOf1)
			}
			if !strings.HasPrefix(c.Docs[0].Text, tt.firstDocText) {
				t.Errorf("first document text %q", c.Docs[0].Text)
			}
		})
	}
}

func TestLoadCollectionErrors(t *testing.T) {
	writeFiles := func(t *testing.T, files map[string]string) string {
		t.Helper()
		dir := t.TempDir()
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	good := map[string]string{
		"docs.jsonl":    `{"id": 1, "title": "t", "text": "x"}` + "\n",
		"queries.jsonl": `{"id": "1", "text": "q"}` + "\n",
		"qrels.tsv":     "query_id\tdoc_id\trelevance\n1\t1\t1\n",
	}
	with := func(name, body string) map[string]string {
		m := make(map[string]string)
		for k, v := range good {
			if k != name {
				m[k] = v
			}
		}
		if body != "" {
			m[name] = body
		}
		return m
	}
	tests := []struct {
		name    string
		files   map[string]string
		wantErr string // "" means no error
	}{
		{"numeric ids accepted", good, ""},
		{"missing qrels", with("qrels.tsv", ""), "qrels.tsv"},
		{"missing docs", with("docs.jsonl", ""), "docs.jsonl"},
		{"duplicate doc", with("docs.jsonl", `{"id":"1"}`+"\n"+`{"id":"1"}`), "duplicate document id"},
		{"bad json", with("queries.jsonl", "{nope"), "queries.jsonl: record 1"},
		{"bad relevance", with("qrels.tsv", "query_id\tdoc_id\trelevance\n1\t1\thigh\n"), "relevance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCollection(writeFiles(t, tt.files))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
	t.Run("missing folder names it", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "nowhere")
		_, err := LoadCollection(dir)
		if err == nil || !strings.Contains(err.Error(), dir) {
			t.Fatalf("error %v, want one naming %s", err, dir)
		}
	})
}

func TestLoadSQuAD(t *testing.T) {
	s, err := LoadSQuAD(fixture(t, "data/squad-v1.1-dev/articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Articles) != 2 || s.Paragraphs() != 4 || s.Questions() != 4 {
		t.Fatalf("got %d articles, %d paragraphs, %d questions; want 2, 4, 4", len(s.Articles), s.Paragraphs(), s.Questions())
	}
	a := s.Articles[0]
	if a.ID != "sky-united-kingdom" || a.Title != "Sky (United Kingdom)" {
		t.Errorf("article 0: id %q title %q", a.ID, a.Title)
	}
	q := a.Questions[1]
	if q.ID != "qa2" || q.Paragraph != 1 || !slices.Equal(q.Answers, []string{"British Sky Broadcasting"}) {
		t.Errorf("question qa2: %+v", q)
	}
	for _, art := range s.Articles {
		for _, q := range art.Questions {
			p := []rune(art.Paragraphs[q.Paragraph])
			for i, ans := range q.Answers {
				if st := q.AnswerStarts[i]; string(p[st:st+len([]rune(ans))]) != ans {
					t.Errorf("question %s: answer %q not at character %d", q.ID, ans, st)
				}
			}
		}
	}
	docs := s.Docs()
	if len(docs) != 2 || docs[1].ID != "fresno-california" {
		t.Fatalf("docs %+v", docs)
	}
	want := "In 2006 the company changed its name. Sky (United Kingdom) was formerly known as British Sky Broadcasting, or BSkyB. It is the largest pay-TV broadcaster in the UK."
	if paras := strings.Split(docs[0].Text, "\n\n"); len(paras) != 2 || paras[1] != want {
		t.Errorf("article text split into %q", paras)
	}
}

func TestLoadSQuADErrors(t *testing.T) {
	tests := []struct {
		name, body, wantErr string
	}{
		{"paragraph out of range", `{"article":"A","paragraphs":["p"],"questions":[{"id":"q","q":"?","answers":["p"],"answer_starts":[0],"paragraph_index":1}]}`, "out of range"},
		{"not json", `[`, "record 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "articles.jsonl")
			if err := os.WriteFile(path, []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := LoadSQuAD(path); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Super Bowl 50", "super-bowl-50"},
		{"Sky (United Kingdom)", "sky-united-kingdom"},
		{"Fresno, California", "fresno-california"},
		{"1973 oil crisis", "1973-oil-crisis"},
		{"Ünïcode…", "n-code"},
		{"???", "article"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := slug(tt.in); got != tt.want {
				t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSQuADDuplicateSlugs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.jsonl")
	body := `{"article":"Sky (UK)","paragraphs":["a"],"questions":[]}` + "\n" +
		`{"article":"Sky UK","paragraphs":["b"],"questions":[]}` + "\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSQuAD(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Articles[0].ID != "sky-uk" || s.Articles[1].ID != "sky-uk-2" {
		t.Errorf("ids %q, %q; want sky-uk, sky-uk-2", s.Articles[0].ID, s.Articles[1].ID)
	}
}

func TestWriteCollectionCorpus(t *testing.T) {
	tests := []struct {
		name string
		doc  Doc
		want string
	}{
		{"title and text", Doc{"12", "simple shear\nflow .", "simple shear flow . the boundary layer ."},
			"# simple shear flow .\n\nsimple shear flow . the boundary layer .\n"},
		{"paragraphs kept", Doc{"a", "T", "p1\r\n\r\np2\n"}, "# T\n\np1\n\np2\n"},
		{"no title", Doc{"b", "", "just text"}, "just text\n"},
		{"no text", Doc{"c", "Only a title", ""}, "# Only a title\n"},
		{"empty", Doc{"d", "", ""}, ""},
	}
	dir := filepath.Join(t.TempDir(), "corpus")
	var docs []Doc
	for _, tt := range tests {
		docs = append(docs, tt.doc)
	}
	if err := WriteCollectionCorpus(dir, docs); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, tt.doc.ID+".md"))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("%s.md = %q, want %q", tt.doc.ID, got, tt.want)
			}
		})
	}

	bad := []struct {
		name string
		docs []Doc
	}{
		{"slash", []Doc{{ID: "a/b"}}},
		{"dot dot", []Doc{{ID: ".."}}},
		{"empty id", []Doc{{ID: ""}}},
		{"duplicate", []Doc{{ID: "x"}, {ID: "x"}}},
	}
	for _, tt := range bad {
		t.Run("rejects "+tt.name, func(t *testing.T) {
			if err := WriteCollectionCorpus(t.TempDir(), tt.docs); err == nil {
				t.Errorf("WriteCollectionCorpus(%v) succeeded", tt.docs)
			}
		})
	}
}

func TestLoadEssayQuestions(t *testing.T) {
	qs, err := LoadEssayQuestions(fixture(t, "questions/dev-questions.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 5 || qs[3].Kind != KindNone || qs[1].Gold[0] != "China’s impressive economic growth" {
		t.Errorf("questions %+v", qs)
	}
	tests := []struct{ name, body, wantErr string }{
		{"answerable without gold", `{"id":"a","kind":"fact","question":"Q?","gold":[]}`, "needs gold"},
		{"duplicate id", `{"id":"a","kind":"none","question":"Q?"}` + "\n" + `{"id":"a","kind":"none","question":"R?"}`, "duplicate"},
		{"empty question", `{"id":"a","kind":"none","question":" "}`, "empty question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "q.jsonl")
			if err := os.WriteFile(path, []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := LoadEssayQuestions(path); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}
