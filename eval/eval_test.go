package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// canned is one result the fake bot returns.
type canned struct {
	Doc string
	// Para picks the passage from the corpus file when Passage is empty: 0
	// is the "# title" block, 1 the first body paragraph, and so on.
	Para    int
	Passage string
	Excerpt string // empty means the passage
}

// fakeBot is a Runner that answers from a canned map keyed by the question
// line it reads. It checks the command line the way the real CLI would
// parse it and reads passages from the corpus folder it is given, so it
// also checks what Run wrote there.
type fakeBot struct {
	answers map[string][]canned // a question without results is not_found
	// essayCorpus is the --corpus an essay run should pass ("" for none).
	essayCorpus string

	mu    sync.Mutex
	calls [][]string
	asked []string
}

// invocation is a parsed command line of `citebot ... ask --json --top N`.
type invocation struct {
	corpus, index string
	json          bool
	top           int
}

// parseArgs parses the command line as the CLI contract describes it:
// global flags, the ask subcommand, its flags.
func parseArgs(args []string) (invocation, error) {
	var inv invocation
	i := 0
	for ; i < len(args) && args[i] != "ask"; i += 2 {
		if i+1 >= len(args) {
			return inv, fmt.Errorf("flag %s has no value", args[i])
		}
		switch args[i] {
		case "--corpus":
			inv.corpus = args[i+1]
		case "--index":
			inv.index = args[i+1]
		default:
			return inv, fmt.Errorf("unknown global flag %q", args[i])
		}
	}
	if i == len(args) {
		return inv, errors.New("no ask subcommand")
	}
	for i++; i < len(args); i++ {
		switch args[i] {
		case "--json":
			inv.json = true
		case "--top":
			if i+1 == len(args) {
				return inv, errors.New("--top has no value")
			}
			i++
			n, err := strconv.Atoi(args[i])
			if err != nil {
				return inv, fmt.Errorf("--top %q: %w", args[i], err)
			}
			inv.top = n
		default:
			return inv, fmt.Errorf("unknown ask flag %q", args[i])
		}
	}
	return inv, nil
}

// run implements Runner.
func (f *fakeBot) run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	f.mu.Lock()
	f.calls = append(f.calls, slices.Clone(args))
	f.mu.Unlock()

	inv, err := parseArgs(args)
	if err != nil {
		return err
	}
	if !inv.json {
		return errors.New("ask without --json")
	}
	if inv.index == "" {
		return errors.New("no --index")
	}
	if st, err := os.Stat(inv.index); err != nil || !st.IsDir() {
		return fmt.Errorf("--index %s is not a folder", inv.index)
	}
	essay := inv.corpus == f.essayCorpus
	switch {
	case essay && inv.top != EssayTop:
		return fmt.Errorf("essay run with --top %d", inv.top)
	case !essay && inv.top != 100:
		return fmt.Errorf("collection run with --top %d, want 100", inv.top)
	case !essay && inv.corpus == "":
		return errors.New("collection run without --corpus")
	case inv.corpus != "" && strings.HasPrefix(inv.index, inv.corpus+string(filepath.Separator)):
		return errors.New("index inside the corpus")
	}

	sc := bufio.NewScanner(stdin)
	enc := json.NewEncoder(stdout)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		q := sc.Text()
		f.mu.Lock()
		f.asked = append(f.asked, q)
		f.mu.Unlock()
		out := map[string]any{"question": q, "status": StatusNotFound, "results": []any{},
			"suggestions": []string{"balancing"}, "concept": nil}
		var results []any
		for i, c := range f.answers[q] {
			passage := c.Passage
			if passage == "" {
				if passage, err = readPassage(inv.corpus, c.Doc, c.Para); err != nil {
					return err
				}
			}
			excerpt := c.Excerpt
			if excerpt == "" {
				excerpt = passage
			}
			results = append(results, map[string]any{
				"doc": c.Doc, "title": "T", "section": "", "paragraph": c.Para, "ref": fmt.Sprintf("¶%d", c.Para),
				"passage_id": fmt.Sprintf("%s#0.%d", c.Doc, c.Para), "excerpt": excerpt, "passage": passage,
				"score": 10 - float64(i),
			})
		}
		if len(results) > 0 {
			out["status"], out["results"] = StatusAnswered, results
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	return sc.Err()
}

// readPassage returns block para of the Markdown file of doc in corpus:
// block 0 is the title heading, without its "# ".
func readPassage(corpus, doc string, para int) (string, error) {
	b, err := os.ReadFile(filepath.Join(corpus, doc+".md"))
	if err != nil {
		return "", err
	}
	blocks := strings.Split(strings.TrimSpace(string(b)), "\n\n")
	if !strings.HasPrefix(blocks[0], "# ") {
		return "", fmt.Errorf("%s.md does not start with a heading", doc)
	}
	blocks[0] = strings.TrimPrefix(blocks[0], "# ")
	if para >= len(blocks) {
		return "", fmt.Errorf("%s.md has no block %d", doc, para)
	}
	return blocks[para], nil
}

// fixtureAnswers are the canned answers to every question of the fixtures.
func fixtureAnswers() map[string][]canned {
	return map[string][]canned{
		// Essay questions.
		"What is wedging?": {{Doc: "glaser", Passage: "Wedging is An approach for  separating opposing allies, says Glaser.",
			Excerpt: "Wedging is an approach for separating opposing allies."}},
		"What made China’s buildup possible?": {
			{Doc: "glaser", Passage: "Something else entirely."},
			{Doc: "glaser", Passage: "This modernization was made possible by China's impressive economic growth."}},
		"Since when has China been improving its military?": {{Doc: "glaser",
			Passage: "Since the mid-1990s, China has dramatically improved its military forces.",
			Excerpt: "China has dramatically improved its military forces."}},
		"Who won the 2018 World Cup?": {{Doc: "glaser", Passage: "The war in Ukraine."}},

		// Cranfield: distinct docs 3, 2, 1 against relevant {1, 3}; query 2 not found.
		"what is the boundary layer in simple shear flow past a flat plate .": {
			{Doc: "3", Para: 1}, {Doc: "2", Para: 1}, {Doc: "3", Para: 0}, {Doc: "1", Para: 1}},

		// CISI: distinct docs c, a against relevant {a, b}.
		"What problems and concerns are there in making up descriptive titles? What difficulties are involved in automatically retrieving articles from approximate titles?": {
			{Doc: "c", Para: 1}, {Doc: "a", Para: 1}},

		// SQuAD.
		"What does Sky UK provide?": {{Doc: "sky-united-kingdom", Para: 1,
			Excerpt: "Sky provides television and broadband internet services."}},
		"What was Sky formerly known as?": {
			{Doc: "sky-united-kingdom", Para: 0},  // the title: inside the gold paragraph, but no hit
			{Doc: "fresno-california", Para: 2},   // another article
			{Doc: "sky-united-kingdom", Para: 2}}, // the gold paragraph, at rank 3
		"What is Fresno known as?": {{Doc: "fresno-california",
			Passage: "Fresno is known as the \"Raisin Capital of the World\".",
			Excerpt: "Fresno is known as the \"Raisin Capital of the World\"."}},
	}
}

// metricValue returns a metric of a set of the report or fails the test.
func metricValue(t *testing.T, rep Report, set, name string) Metric {
	t.Helper()
	s, ok := rep.Set(set)
	if !ok {
		t.Fatalf("report has no set %q", set)
	}
	m, ok := s.Metric(name)
	if !ok {
		t.Fatalf("set %s has no metric %q", set, name)
	}
	return m
}

func TestRunAllSets(t *testing.T) {
	bot := &fakeBot{answers: fixtureAnswers()}
	var out bytes.Buffer
	opts := Options{
		Data:      fixture(t, "data"),
		Questions: []string{fixture(t, "questions/dev-questions.jsonl"), fixture(t, "questions/extra.jsonl")},
		Verbose:   true,
		Workdir:   t.TempDir(),
	}
	rep, err := Run(context.Background(), bot.run, opts, &out)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	t.Log("\n" + out.String())

	var names []string
	for _, s := range rep.Sets {
		names = append(names, s.Name)
	}
	if want := []string{"essay:dev-questions", "essay:extra", "cranfield", "cisi", "squad"}; !slices.Equal(names, want) {
		t.Fatalf("sets %v, want %v", names, want)
	}

	tests := []struct {
		set, metric string
		want        float64
		target      float64 // 0: none
		met         bool
	}{
		{"essay:dev-questions", MetricQuestions, 5, 0, true},
		{"essay:dev-questions", MetricAnswerable, 3, 0, true},
		{"essay:dev-questions", MetricNone, 2, 0, true},
		{"essay:dev-questions", MetricNotFound, 1, 0, true},
		{"essay:dev-questions", MetricHit1, 2.0 / 3, 0.95, false},
		{"essay:dev-questions", MetricHit3, 1, 0.98, true},
		{"essay:dev-questions", MetricExcerpt1, 1.0 / 3, 0.85, false},
		{"essay:dev-questions", MetricNoneAccuracy, 0.5, 0.83, false},
		{"essay:extra", MetricHit1, 1, 0.93, true},
		{"essay:extra", MetricExcerpt1, 1, 0.85, true},
		{"cranfield", MetricScored, 2, 0, true},
		{"cranfield", MetricMAP, (1 + 2.0/3) / 2 / 2, 0, true},
		{"cranfield", MetricNDCG10, (1 + disc(3)) / (1 + disc(2)) / 2, 0.56, false},
		{"cranfield", MetricNotFound, 1, 0, true},
		{"cranfield", MetricDocs, 6, 0, true},
		{"cisi", MetricScored, 1, 0, true},
		{"cisi", MetricMAP, 0.5 / 2, 0, true},
		{"cisi", MetricNDCG10, disc(2) / (1 + disc(2)), 0.42, false},
		{"squad", MetricQuestions, 4, 0, true},
		{"squad", MetricHit1, 0.5, 0.85, false},
		{"squad", MetricHit5, 0.75, 0, true},
		{"squad", MetricMRR, (1 + 1.0/3 + 0 + 1) / 4, 0, true},
		{"squad", MetricAnswerInExcerpt, 0.5, 0.65, false},
		{"squad", MetricNotFound, 1, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.set+" "+tt.metric, func(t *testing.T) {
			m := metricValue(t, rep, tt.set, tt.metric)
			if !near(m.Value, tt.want) {
				t.Errorf("value %v, want %v", m.Value, tt.want)
			}
			if m.HasTarget != (tt.target > 0) || m.Target != tt.target {
				t.Errorf("target %v (has %v), want %v", m.Target, m.HasTarget, tt.target)
			}
			if m.Met() != tt.met {
				t.Errorf("met %v, want %v", m.Met(), tt.met)
			}
		})
	}

	t.Run("essay failures", func(t *testing.T) {
		s, _ := rep.Set("essay:dev-questions")
		var ids []string
		for _, f := range s.Failures {
			ids = append(ids, f.ID)
		}
		if want := []string{"e2", "e3", "e5"}; !slices.Equal(ids, want) {
			t.Errorf("failed ids %v, want %v (%+v)", ids, want, s.Failures)
		}
	})

	t.Run("command lines", func(t *testing.T) {
		if len(bot.calls) != 5 {
			t.Fatalf("%d runs, want 5", len(bot.calls))
		}
		for i, args := range bot.calls {
			inv, err := parseArgs(args)
			if err != nil {
				t.Fatal(err)
			}
			wantTop, wantCorpus := 100, true
			if i < 2 {
				wantTop, wantCorpus = EssayTop, false
			}
			if inv.top != wantTop || (inv.corpus != "") != wantCorpus || !inv.json || inv.index == "" {
				t.Errorf("run %d: args %q", i, args)
			}
		}
	})

	t.Run("queries asked", func(t *testing.T) {
		if slices.Contains(bot.asked, "an unjudged query about wings .") {
			t.Error("an unjudged Cranfield query was asked")
		}
		if !slices.Contains(bot.asked, "what problems of heat conduction in composite slabs have been solved so far .") {
			t.Errorf("the two-line Cranfield query was not asked on one line; asked %q", bot.asked)
		}
		if slices.Contains(bot.asked, "How are technical libraries used?") {
			t.Error("a CISI query judged only non-relevant was asked")
		}
	})

	t.Run("table", func(t *testing.T) {
		text := out.String()
		for _, want := range []string{
			"set", "metric", "target",
			"cranfield", "nDCG@10", "≥ 0.56", "✗", "✓", "wall time", "queries scored",
			"target(s) missed", "e5: status \"answered\", expected not_found",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("output lacks %q", want)
			}
		}
	})

	t.Run("cleans up", func(t *testing.T) {
		left, err := os.ReadDir(opts.Workdir)
		if err != nil || len(left) != 0 {
			t.Errorf("workdir holds %v (%v)", left, err)
		}
	})

	if rep.Passed() {
		t.Error("Passed() is true although targets were missed")
	}
}

func TestRunEssayWithCorpus(t *testing.T) {
	corpus := t.TempDir()
	bot := &fakeBot{answers: fixtureAnswers(), essayCorpus: corpus}
	var out bytes.Buffer
	rep, err := Run(context.Background(), bot.run, Options{
		Questions: []string{fixture(t, "questions/extra.jsonl")},
		Corpus:    corpus,
		Workdir:   t.TempDir(),
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Passed() || !strings.Contains(out.String(), "all targets met") {
		t.Errorf("report %+v\n%s", rep, out.String())
	}
	if inv, _ := parseArgs(bot.calls[0]); inv.corpus != corpus {
		t.Errorf("args %q lack --corpus %s", bot.calls[0], corpus)
	}
}

func TestRunSelectAndLimit(t *testing.T) {
	bot := &fakeBot{answers: fixtureAnswers()}
	rep, err := Run(context.Background(), bot.run, Options{
		Data:    fixture(t, "data"),
		Sets:    []string{"SQuAD", "cranfield"},
		Limit:   1,
		Workdir: t.TempDir(),
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sets) != 2 || rep.Sets[0].Name != "cranfield" || rep.Sets[1].Name != "squad" {
		t.Fatalf("sets %+v", rep.Sets)
	}
	for _, s := range rep.Sets {
		if !s.Limited {
			t.Errorf("%s not marked limited", s.Name)
		}
	}
	if m := metricValue(t, rep, "squad", MetricHit1); m.Value != 1 {
		t.Errorf("squad hit@1 over the first question = %v, want 1", m.Value)
	}
	if len(bot.asked) != 2 {
		t.Errorf("asked %q, want one question per set", bot.asked)
	}
}

func TestRunErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-data")
	emptyData := t.TempDir()
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"missing data folder", Options{Data: missing}, missing},
		{"set needs data", Options{Sets: []string{"cisi"}}, "eval-data folder"},
		{"missing collection", Options{Data: emptyData, Sets: []string{"cranfield"}}, filepath.Join(emptyData, "cranfield")},
		{"missing squad", Options{Data: emptyData, Sets: []string{"squad"}}, filepath.Join(emptyData, "squad-v1.1-dev", "articles.jsonl")},
		{"nothing available", Options{Data: emptyData}, "nothing to evaluate"},
		{"nothing given", Options{}, "nothing to evaluate"},
		{"essay without questions", Options{Sets: []string{"essay"}}, "question file"},
		{"missing question file", Options{Questions: []string{missing + ".jsonl"}}, missing + ".jsonl"},
		{"missing essay corpus", Options{Questions: []string{"testdata/questions/extra.jsonl"}, Corpus: missing}, missing},
		{"unknown set", Options{Sets: []string{"trec"}}, `unknown set "trec"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bot := &fakeBot{answers: fixtureAnswers()}
			tt.opts.Workdir = t.TempDir()
			_, err := Run(context.Background(), bot.run, tt.opts, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.wantErr)
			}
			if strings.Contains(tt.name, "data") || strings.Contains(tt.name, "missing collection") || strings.Contains(tt.name, "missing squad") {
				// A missing folder comes with what to put there.
				if !strings.Contains(err.Error(), "qrels.tsv") || !strings.Contains(err.Error(), "articles.jsonl") {
					t.Errorf("error %v does not say what the eval-data folder holds", err)
				}
			}
			if len(bot.calls) != 0 {
				t.Errorf("the bot ran %d times despite the error", len(bot.calls))
			}
		})
	}
}

// TestAskStream checks how ask deals with a misbehaving bot.
func TestAskStream(t *testing.T) {
	line := func(q string) string {
		return `{"question":` + strconv.Quote(q) + `,"status":"not_found","results":[]}` + "\n"
	}
	questions := []string{"one?", "two?"}
	tests := []struct {
		name    string
		run     Runner
		wantErr string // "" means success
	}{
		{"well behaved", func(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
			_, err := io.WriteString(out, line("one?")+line("two?"))
			return err
		}, ""},
		{"too few answers", func(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
			_, err := io.WriteString(out, line("one?"))
			return err
		}, "wrote 1 answers for 2 questions"},
		{"out of step", func(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
			_, err := io.WriteString(out, line("two?")+line("one?"))
			return err
		}, "out of step"},
		{"not json", func(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
			_, err := io.WriteString(out, "building index...\n")
			return err
		}, "not the expected JSON"},
		{"bot fails", func(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
			io.WriteString(out, line("one?"))
			return errors.New("index locked")
		}, "index locked"},
		{"truncated output", func(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
			_, err := io.WriteString(out, line("one?")+`{"question":"two?","sta`)
			return err
		}, "reading answer 2"},
		{"endless output stops", func(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
			io.WriteString(out, line("one?")+line("two?"))
			for {
				if _, err := io.WriteString(out, line("three?")); err != nil {
					return err
				}
			}
		}, "more answers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen []string
			err := ask(context.Background(), tt.run, []string{"ask", "--json"}, questions, func(i int, a *answer) error {
				seen = append(seen, a.Question)
				return nil
			})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr == "" && !slices.Equal(seen, questions):
				t.Fatalf("saw %q", seen)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

// TestAskSendsOneLinePerQuestion checks the bot's stdin.
func TestAskSendsOneLinePerQuestion(t *testing.T) {
	var got string
	run := func(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
		b, err := io.ReadAll(in)
		got = string(b)
		for _, q := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
			fmt.Fprintf(out, "{\"question\":%q,\"status\":\"not_found\"}\n", q)
		}
		return err
	}
	err := ask(context.Background(), run, nil, []string{"first\nline\r\nand  more", " second "}, func(int, *answer) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if want := "first line and more\nsecond\n"; got != want {
		t.Errorf("stdin %q, want %q", got, want)
	}
}

// TestRealData checks the loaders against the real eval-data folder named
// by CITEBOT_EVAL_DATA; it is skipped when that is not set.
func TestRealData(t *testing.T) {
	data := os.Getenv("CITEBOT_EVAL_DATA")
	if data == "" {
		t.Skip("CITEBOT_EVAL_DATA is not set")
	}
	tests := []struct {
		dir                   string
		docs, queries, judged int
		pairs                 int
	}{
		{CranfieldDir, 1400, 225, 225, 1837},
		{CISIDir, 1460, 76, 76, 3114},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			c, err := LoadCollection(filepath.Join(data, tt.dir))
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Docs) != tt.docs || len(c.Queries) != tt.queries || len(c.Judged()) != tt.judged || c.Pairs != tt.pairs {
				t.Errorf("%d docs, %d queries, %d judged, %d pairs; want %d, %d, %d, %d",
					len(c.Docs), len(c.Queries), len(c.Judged()), c.Pairs, tt.docs, tt.queries, tt.judged, tt.pairs)
			}
			dir := t.TempDir()
			if err := WriteCollectionCorpus(dir, c.Docs); err != nil {
				t.Fatal(err)
			}
			if files, _ := os.ReadDir(dir); len(files) != tt.docs {
				t.Errorf("%d files written, want %d", len(files), tt.docs)
			}
		})
	}
	t.Run("squad", func(t *testing.T) {
		s, err := LoadSQuAD(filepath.Join(data, filepath.FromSlash(SQuADFile)))
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Articles) != 48 || s.Paragraphs() != 2067 || s.Questions() != 10570 {
			t.Errorf("%d articles, %d paragraphs, %d questions; want 48, 2067, 10570", len(s.Articles), s.Paragraphs(), s.Questions())
		}
		ids := make(map[string]bool)
		for _, d := range s.Docs() {
			if ids[d.ID] || checkDocID(d.ID) != nil {
				t.Errorf("bad or repeated id %q", d.ID)
			}
			ids[d.ID] = true
		}
	})
}
