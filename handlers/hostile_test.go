package handlers

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/readings"
)

// hostileBound is the most one hostile question may take in tests: a guard
// against a question that sends the answerer into quadratic or unbounded
// work, not a latency target. Latency is BenchmarkHostile's (p99 50 ms);
// on a loaded 2-core machine under the race detector a healthy question
// has been seen to take 0.55 s, so the guard sits well above that.
const hostileBound = 5 * time.Second

// essayService builds the index of the built-in readings in a temporary
// directory and returns a Service answering from it.
func essayService(tb testing.TB) *Service {
	tb.Helper()
	return serviceFor(tb, readings.FS)
}

// serviceFor builds the index of the readings in fsys in a temporary
// directory and returns a Service answering from it.
func serviceFor(tb testing.TB, fsys fs.FS) *Service {
	tb.Helper()
	c, err := corpus.Load(fsys)
	if err != nil {
		tb.Fatal(err)
	}
	if len(c.Problems) > 0 {
		tb.Fatalf("readings skipped: %v", c.Problems)
	}
	ix, err := index.New(tb.TempDir(), nil)
	if !errors.Is(err, index.ErrNoIndex) {
		tb.Fatalf("new index: %v", err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	if _, err := ix.Build(context.Background(), c, "essay", nil); err != nil {
		tb.Fatalf("build: %v", err)
	}
	return New(ix, Options{})
}

// hostileCase is a question crafted to break something.
type hostileCase struct {
	name string
	q    string
	// answered, when set, says the question must be answered with
	// results: all its words are the essay's.
	answered bool
}

// hostileQuestions are the hostile questions of the hardening issue: very
// long, punctuation only, Bleve query syntax, control and invisible
// characters, broken UTF-8, Discord mentions and Markdown.
func hostileQuestions() []hostileCase {
	rng := rand.New(rand.NewSource(7))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + rng.Intn(26))
		}
		return string(b)
	}
	words := func(n, size int) string {
		var b strings.Builder
		for b.Len() < size {
			b.WriteString(word(n))
			b.WriteByte(' ')
		}
		return b.String()
	}
	return []hostileCase{
		// Size.
		{"10k-repeated", strings.Repeat("what is the security dilemma? ", 340)[:10000], true},
		{"10k-one-letter", strings.Repeat("a", 10000), false},
		{"10k-no-spaces", strings.Repeat("securitydilemma", 667)[:10000], false},
		{"10k-typo-storm-8", words(8, 10000), false},
		{"10k-typo-storm-64", words(64, 10000), false},
		// Dictionary words the readings lack, each its own segment: every
		// one is looked up in the thesaurus to tell chat from content.
		{"10k-dictionary-storm", strings.Repeat("photosynthesis, marmalade, trombone, glacier, ", 230)[:10000], false},
		{"1k-dotted-acronym", strings.Repeat("A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R.S.T.U.V.W.X.Y.Z.", 20)[:1000], false},
		{"long-known-words", strings.Repeat("china russia alliance security dilemma wedging balance power military cooperation ", 15), true},
		{"64-letter-word", strings.Repeat("alliance", 8), false},
		// Punctuation.
		{"punctuation", `?!.,;:…—–()[]{}<>"'` + "`~@#$%^&*_+=|\\/", false},
		{"question-marks", strings.Repeat("?", 500), false},
		{"empty", "", false},
		{"white-space", " \t\n\r\v\f\u00a0\u2028\u3000", false},
		// Bleve query syntax.
		{"star", "*", false},
		{"question-mark", "?", false},
		{"regexp", "/.*/", false},
		{"field-regexp", "body:/.*/", false},
		{"field-value", "field:value", false},
		{"field-known-words", "security:dilemma", true},
		{"must-must-not", "+a -b", false},
		{"must-must-not-words", "+security -dilemma", true},
		{"unbalanced-quote", `"unbalanced`, false},
		{"unbalanced-quote-words", `"security dilemma`, true},
		{"fuzzy", "word~5", false},
		{"fuzzy-known", "security~5", false},
		{"boost", "a^3", false},
		{"boost-known", "wedging^ dilemma^", true},
		{"range", "[* TO *] {a TO z}", false},
		{"boolean", "NOT china AND russia OR (alliance)", true},
		{"escapes", `\+\-\&\|\!\(\)\{\}\[\]\^\"\~\*\?\:\\\/`, false},
		// Control, invisible and broken characters.
		{"nul", "security\x00dilemma", false},
		{"nul-only", "\x00\x00\x00", false},
		{"c0-controls", "\x01\x02\x03\x07\x08\x1b[31mred\x1b[0m\x7f", false},
		{"ansi-clear", "\x1b[2J\x1b[H security dilemma", false},
		{"invalid-utf8", "\xff\xfe security \xc3\x28 dilemma \xed\xa0\x80 \x80\x80", true},
		{"invalid-utf8-only", "\xff\xfe\xfd\xc3\xa0\x80\xbf", false},
		{"zero-width", "sec\u200burity\u200c dil\u200demma\u2060\ufeff", true},
		{"right-to-left-override", "\u202eamelid ytiruces\u202c", false},
		{"bidi-isolates", "\u2066security\u2069 \u2067dilemma\u2069 \u200f\u200e", true},
		{"hebrew", "מה זה דילמת ביטחון?", false},
		{"arabic", "ما هي معضلة الأمن؟", false},
		{"combining-zalgo", "s\u0301\u0302\u0303e\u0304\u0305c\u0306urity" + strings.Repeat("\u0300", 300), false},
		{"emoji", "🙂🔥 security 👩‍👩‍👧 dilemma 🏳️‍🌈", true},
		{"tag-characters", "security\U000E0001\U000E0041\U000E007F", true},
		{"private-use-noncharacter", "\ue000\uf8ff\ufffe\uffff\U0010FFFF", false},
		{"replacement-char", "\ufffd\ufffd security", true},
		// Discord.
		{"everyone", "@everyone what is wedging?", false},
		{"here", "@here @here @here", false},
		{"role-mention", "<@&123456789012345678> security dilemma", true},
		{"user-mention", "<@123456789012345678> <@!42> who wrote this?", false},
		{"channel-emoji", "<#123456789012345678> <:pepe:123456789012345678> <a:dance:1>", false},
		// Markdown.
		{"code-fence", "```go\nsecurity dilemma\n```", true},
		{"spoiler", "||wedging|| ||", true},
		{"link", "[x](http://evil.example/?q=security) china", false},
		{"headings", "# Heading\n## security\n###### dilemma", true},
		{"emphasis", "**bold** _it_ ~~strike~~ `code` > quote", false},
		{"html", "<script>alert(1)</script><b>wedging</b>", false},
		{"who-wrote-junk", "who wrote <@&1> ||x|| ```", false},
	}
}

// checkAnswer checks the promises of every answer: a valid status, a
// cleaned question, results only when answered, and excerpts that are
// verbatim spans of their passage with highlights inside them.
func checkAnswer(tb testing.TB, ans Answer) {
	tb.Helper()
	switch ans.Status {
	case StatusAnswered:
		if len(ans.Results) == 0 {
			tb.Errorf("answered without results")
		}
	case StatusNotFound:
		if len(ans.Results) != 0 {
			tb.Errorf("not_found with %d results", len(ans.Results))
		}
	default:
		tb.Errorf("status %q", ans.Status)
	}
	if len(ans.Question) > MaxQuestion || !utf8.ValidString(ans.Question) {
		tb.Errorf("question kept as %d bytes, valid UTF-8 %v", len(ans.Question), utf8.ValidString(ans.Question))
	}
	for _, r := range ans.Question {
		if r != ' ' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r)) {
			tb.Errorf("question keeps %U", r)
			break
		}
	}
	for i, r := range ans.Results {
		checkResult(tb, i, r)
	}
}

// checkResult checks one result's excerpt and highlights.
func checkResult(tb testing.TB, i int, r Result) {
	tb.Helper()
	ex := r.Excerpt
	if ex == "" {
		tb.Errorf("result %d (%s): empty excerpt", i, r.Passage.ID)
		return
	}
	if len(ex) > MaxExcerpt {
		tb.Errorf("result %d (%s): excerpt of %d bytes, over %d", i, r.Passage.ID, len(ex), MaxExcerpt)
	}
	if !utf8.ValidString(ex) {
		tb.Errorf("result %d (%s): excerpt is not valid UTF-8: %q", i, r.Passage.ID, ex)
	}
	core := strings.TrimSuffix(strings.TrimPrefix(ex, ellipsis), ellipsis)
	if !strings.Contains(r.Passage.Text, core) {
		tb.Errorf("result %d (%s): excerpt is not a span of the passage:\nexcerpt %q\npassage %q", i, r.Passage.ID, ex, r.Passage.Text)
	}
	end := 0
	for _, h := range r.Highlights {
		if h.Start < end || h.Start >= h.End || h.End > len(ex) {
			tb.Errorf("result %d (%s): highlights %v out of bounds or order in %d bytes", i, r.Passage.ID, r.Highlights, len(ex))
			return
		}
		if !utf8.RuneStart(ex[h.Start]) || h.End < len(ex) && !utf8.RuneStart(ex[h.End]) {
			tb.Errorf("result %d (%s): highlight %v splits a character", i, r.Passage.ID, h)
		}
		end = h.End
	}
}

// askTimed asks one question with a deadline and returns the answer and
// how long it took, failing on an error or a panic.
func askTimed(tb testing.TB, s *Service, q string) (Answer, time.Duration) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	ans, err := s.Ask(ctx, q, AskOptions{Top: 5})
	took := time.Since(start)
	if err != nil && !errors.Is(err, ErrEmptyQuestion) {
		tb.Fatalf("Ask(%.40q): %v", q, err)
	}
	return ans, took
}

// percentile returns the p-th percentile (0 < p ≤ 100) of ds, sorting it.
func percentile(ds []time.Duration, p float64) time.Duration {
	slices.Sort(ds)
	i := int(float64(len(ds))*p/100+0.5) - 1
	return ds[max(0, min(i, len(ds)-1))]
}

func TestAskHostile(t *testing.T) {
	s := essayService(t)
	cases := hostileQuestions()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ans, took := askTimed(t, s, tc.q)
			checkAnswer(t, ans)
			if tc.answered && ans.Status != StatusAnswered {
				t.Errorf("status %s, want answered (question kept as %q)", ans.Status, ans.Question)
			}
			if took > hostileBound {
				t.Errorf("took %v, over %v", took, hostileBound)
			}
		})
	}
	// Latency over many rounds; BenchmarkHostile holds the 50 ms target.
	rounds := 10
	if testing.Short() {
		rounds = 2
	}
	var all []time.Duration
	slowest, slowName := time.Duration(0), ""
	for range rounds {
		for _, tc := range cases {
			_, took := askTimed(t, s, tc.q)
			all = append(all, took)
			if took > slowest {
				slowest, slowName = took, tc.name
			}
		}
	}
	p50, p99 := percentile(all, 50), percentile(all, 99)
	t.Logf("hostile questions: %d asks, p50 %v, p99 %v, max %v (%s)", len(all), p50, p99, slowest, slowName)
	if p99 > hostileBound {
		t.Errorf("p99 %v over %v", p99, hostileBound)
	}
}

// TestQuerySyntaxIsWords proves that questions never reach Bleve's query
// string parser: query syntax in a question is read as its words, so a
// question with it gets exactly the answer of the same words without it,
// and a regular expression or wildcard matches nothing.
func TestQuerySyntaxIsWords(t *testing.T) {
	s := essayService(t)
	same := []struct{ syntax, words string }{
		{"field:value", "field value"},
		{"body:security", "body security"},
		{"text:dilemma", "text dilemma"},
		{"heading:/.*/ wedging", "heading wedging"},
		{"+security -dilemma", "security dilemma"},
		{"-china +russia", "china russia"},
		{`"security dilemma`, "security dilemma"},
		{"alliance~5", "alliance 5"},
		{"wedging^10 china", "wedging 10 china"},
		{"china* russ?a", "china russ a"},
		{"title:(china OR russia)", "title china OR russia"},
		{"[* TO *] alliance", "TO alliance"},
	}
	for _, tc := range same {
		t.Run(tc.syntax, func(t *testing.T) {
			got, _ := askTimed(t, s, tc.syntax)
			want, _ := askTimed(t, s, tc.words)
			if got.Status != want.Status || !reflect.DeepEqual(passageIDs(got), passageIDs(want)) {
				t.Errorf("%q: %s %v; %q: %s %v", tc.syntax, got.Status, passageIDs(got), tc.words, want.Status, passageIDs(want))
			}
		})
	}
	// Were these parsed, they would match every passage.
	for _, q := range []string{"*", "?", "/.*/", "body:/.*/", "body:*", "_all:*", "/[a-z]+/"} {
		t.Run(q, func(t *testing.T) {
			ans, _ := askTimed(t, s, q)
			if ans.Status != StatusNotFound || len(ans.Results) != 0 {
				t.Errorf("%q: %s with %d results, want not_found", q, ans.Status, len(ans.Results))
			}
		})
	}
}

func passageIDs(a Answer) []string {
	var ids []string
	for _, r := range a.Results {
		ids = append(ids, r.Passage.ID)
	}
	return ids
}

// BenchmarkHostile asks every hostile question b.N times and reports the
// latency percentiles over all asks. It fails when the p99 is over 50 ms:
//
//	go test -run '^$' -bench BenchmarkHostile -benchtime 20x ./handlers/
func BenchmarkHostile(b *testing.B) {
	s := essayService(b)
	cases := hostileQuestions()
	var all []time.Duration
	b.ResetTimer()
	for b.Loop() {
		for _, tc := range cases {
			_, took := askTimed(b, s, tc.q)
			all = append(all, took)
		}
	}
	b.StopTimer()
	p50, p99 := percentile(all, 50), percentile(all, 99)
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(all[len(all)-1].Microseconds())/1000, "max-ms")
	if p99 > 50*time.Millisecond {
		b.Errorf("p99 %v over 50ms (%s)", p99, fmt.Sprint(len(all), " asks"))
	}
}

// similarCounter is an Index that counts the typo look-ups made through it.
type similarCounter struct {
	Index
	calls   int
	longest int
}

func (c *similarCounter) Similar(term string, maxEdits, limit int) []string {
	c.calls++
	c.longest = max(c.longest, len(term))
	return c.Index.Similar(term, maxEdits, limit)
}

// TestTypoLookupsBounded checks that no question, however many unknown
// words it has, makes more than a few typo look-ups: each one builds an
// edit-distance automaton (a question of 111 unknown 8-letter words made
// 111 of them, 50 to 100 ms, before maxTypoLookups).
func TestTypoLookupsBounded(t *testing.T) {
	const maxLookups = 8
	s := essayService(t)
	counter := &similarCounter{Index: s.ix}
	s.ix = counter
	for _, tc := range hostileQuestions() {
		counter.calls = 0
		ans, _ := askTimed(t, s, tc.q)
		checkAnswer(t, ans)
		if counter.calls > maxLookups {
			t.Errorf("%s: %d typo look-ups, want at most %d", tc.name, counter.calls, maxLookups)
		}
	}
	// A question with one typo still gets it corrected, by its one-edit
	// variants or by at most one look-up.
	counter.calls = 0
	ans, _ := askTimed(t, s, "what is an allience?")
	if counter.calls > 1 || ans.Status != StatusAnswered {
		t.Errorf("one typo: %d look-ups, status %s; want at most 1, answered", counter.calls, ans.Status)
	}
	t.Logf("longest term looked up: %d bytes", counter.longest)
}
