package index

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/readings"
	"github.com/citebot/citebot/retrieval"
)

// essay loads the built-in readings.
func essay(tb testing.TB) *corpus.Corpus {
	tb.Helper()
	c, err := corpus.Load(readings.FS)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// built returns an open Index in a new directory with c built into it.
func built(tb testing.TB, c *corpus.Corpus, fingerprint string) (*Index, string) {
	tb.Helper()
	dir := tb.TempDir()
	ix, err := New(dir, nil)
	if !errors.Is(err, ErrNoIndex) {
		tb.Fatalf("New on an empty directory: %v", err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	if _, err := ix.Build(context.Background(), c, fingerprint, nil); err != nil {
		tb.Fatalf("build: %v", err)
	}
	return ix, dir
}

// generations lists the generation directories in dir.
func generations(tb testing.TB, dir string) []string {
	tb.Helper()
	m, err := filepath.Glob(filepath.Join(dir, genPrefix+"*"))
	if err != nil {
		tb.Fatal(err)
	}
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	return m
}

// termQuery analyses a text into query terms, one clause per term.
func termQuery(text string) retrieval.Query {
	q := retrieval.Query{Limit: 100}
	for _, t := range analysis.Terms(text) {
		q.Clauses = append(q.Clauses, retrieval.Clause{Alternatives: [][]string{{t}}})
	}
	return q
}

// rawQuery searches for the given strings as terms exactly as they are.
func rawQuery(terms ...string) retrieval.Query {
	q := retrieval.Query{Limit: 100}
	for _, t := range terms {
		q.Clauses = append(q.Clauses, retrieval.Clause{Alternatives: [][]string{{t}}})
	}
	return q
}

// mustAnswer fails unless the index finds passages about security.
func mustAnswer(tb testing.TB, ix *Index) {
	tb.Helper()
	hits, err := ix.Search(context.Background(), termQuery("security dilemma"))
	if err != nil || len(hits) == 0 {
		tb.Fatalf("search: %d hits, %v", len(hits), err)
	}
	for _, h := range hits {
		if h.Passage.Text == "" || h.Doc.ID == "" {
			tb.Fatalf("hit without text or document: %+v", h)
		}
	}
}

// TestQueryNeverParsed checks that Search takes terms literally: query
// syntax inside a term matches only that exact term, never every passage
// as a parsed wildcard, regular expression or field query would.
func TestQueryNeverParsed(t *testing.T) {
	ix, _ := built(t, essay(t), "essay")
	if hits, _ := ix.Search(context.Background(), rawQuery("secur")); len(hits) == 0 {
		t.Fatal("the plain term finds nothing")
	}
	for _, term := range []string{"*", "?", "/.*/", "body:secur", "body:*", "secur*", "secur~2",
		"+secur", "-secur", `"secur`, "secur^3", "_all:secur", "[* TO *]", "text:/.*/"} {
		hits, err := ix.Search(context.Background(), rawQuery(term))
		if err != nil || len(hits) != 0 {
			t.Errorf("term %q: %d hits, %v; want none", term, len(hits), err)
		}
	}
}

// TestSimilarBounded checks that typo look-ups are bounded whatever the
// term and rank the most frequent indexed terms first.
func TestSimilarBounded(t *testing.T) {
	long := strings.Repeat("zyxwvuts", 5) // 40 letters, kept whole by the analyser
	text := strings.Repeat("Zorbex zorbex zorbex zorbex. ", 1) + "Zarbex once. " + long + " appears."
	c, err := corpus.Load(fstest.MapFS{
		"a.md": {Data: []byte("# Alpha\n\n" + text + "\n\nZorbex again.\n\nZorbex and more zorbex.\n")},
	})
	if err != nil || len(c.Documents) != 1 {
		t.Fatalf("load: %v %v", err, c.Problems)
	}
	ix, _ := built(t, c, "fp")
	zorbex, zarbex := analysis.Terms("zorbex")[0], analysis.Terms("zarbex")[0]
	if got := ix.Similar(analysis.Terms("zurbex")[0], 1, 1); !slices.Equal(got, []string{zorbex}) {
		t.Errorf("Similar(zurbex) = %q, want the more frequent %q before %q", got, zorbex, zarbex)
	}
	if got := ix.Similar(analysis.Terms("zurbex")[0], 1, 5); len(got) != 2 {
		t.Errorf("Similar(zurbex, limit 5) = %q, want both", got)
	}
	longTerm := analysis.Terms(long)[0]
	typo := "q" + longTerm[1:]
	start := time.Now()
	if got := ix.Similar(typo, 1, 2); got != nil {
		t.Errorf("Similar of a %d-byte term = %q, want none: long terms are not corrected", len(typo), got)
	}
	for _, tc := range []struct {
		name     string
		term     string
		maxEdits int
		limit    int
	}{
		{"64 letters", strings.Repeat("a", 64), 2, 2},
		{"500 letters", strings.Repeat("abcdefghijklmnopqrstuvwxy", 20), 2, 2},
		{"edits capped", "zorbex", 50, 2},
		{"no edits", "zorbex", 0, 2},
		{"no limit", "zurbex", 1, 0},
		{"empty", "", 2, 2},
		{"invalid UTF-8", "zorb\xff\xfe", 2, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ix.Similar(tc.term, tc.maxEdits, tc.limit)
			if len(got) > max(tc.limit, 0) {
				t.Errorf("%d terms, over the limit %d", len(got), tc.limit)
			}
		})
	}
	t.Logf("long-term look-up took %v", time.Since(start))
}

// corruption damages a built generation's files in one way.
type corruption struct {
	name   string
	damage func(t *testing.T, gen string)
}

func corruptions() []corruption {
	store := func(gen string) string { return filepath.Join(gen, bleveDir, "store") }
	zaps := func(t *testing.T, gen string) []string {
		t.Helper()
		m, _ := filepath.Glob(filepath.Join(store(gen), "*.zap"))
		if len(m) == 0 {
			t.Fatal("no segment files")
		}
		return m
	}
	truncate := func(t *testing.T, path string, size func(int64) int64) {
		t.Helper()
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, size(info.Size())); err != nil {
			t.Fatal(err)
		}
	}
	write := func(t *testing.T, path, content string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return []corruption{
		{"root.bolt truncated", func(t *testing.T, gen string) {
			truncate(t, filepath.Join(store(gen), "root.bolt"), func(n int64) int64 { return n / 2 })
		}},
		{"root.bolt empty", func(t *testing.T, gen string) {
			truncate(t, filepath.Join(store(gen), "root.bolt"), func(int64) int64 { return 0 })
		}},
		{"segment missing", func(t *testing.T, gen string) {
			for _, z := range zaps(t, gen) {
				if err := os.Remove(z); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"segment truncated by half", func(t *testing.T, gen string) {
			for _, z := range zaps(t, gen) {
				truncate(t, z, func(n int64) int64 { return n / 2 })
			}
		}},
		{"segment missing its last bytes", func(t *testing.T, gen string) {
			for _, z := range zaps(t, gen) {
				truncate(t, z, func(n int64) int64 { return n - 10 })
			}
		}},
		{"segment bytes flipped", func(t *testing.T, gen string) {
			// Past the footer checks: the stored passages' bytes.
			for _, z := range zaps(t, gen) {
				b, err := os.ReadFile(z)
				if err != nil {
					t.Fatal(err)
				}
				for i := len(b) / 3; i < len(b)/3+8; i++ {
					b[i] ^= 0x5a
				}
				write(t, z, string(b))
			}
		}},
		{"manifest.json bad", func(t *testing.T, gen string) {
			write(t, filepath.Join(gen, manifestFile), `{"format": 2, "passages": `)
		}},
		{"manifest.json missing", func(t *testing.T, gen string) {
			if err := os.Remove(filepath.Join(gen, manifestFile)); err != nil {
				t.Fatal(err)
			}
		}},
		{"index_meta.json bad", func(t *testing.T, gen string) {
			write(t, filepath.Join(gen, bleveDir, "index_meta.json"), `{"storage":`)
		}},
		{"index_meta.json missing", func(t *testing.T, gen string) {
			if err := os.Remove(filepath.Join(gen, bleveDir, "index_meta.json")); err != nil {
				t.Fatal(err)
			}
		}},
		{"CURRENT names a missing directory", func(t *testing.T, gen string) {
			if err := os.RemoveAll(gen); err != nil {
				t.Fatal(err)
			}
		}},
		{"CURRENT names no generation", func(t *testing.T, gen string) {
			write(t, filepath.Join(filepath.Dir(gen), currentFile), "../../etc\n")
		}},
	}
}

// TestCorruptIndexDetected damages a built index in each way of the
// hardening issue and checks that New reports it (never panics, never
// opens a half index), that a rebuild then serves, and that the damaged
// generation is removed.
func TestCorruptIndexDetected(t *testing.T) {
	c := essay(t)
	for _, tc := range corruptions() {
		t.Run(tc.name, func(t *testing.T) {
			ix, dir := built(t, c, "essay")
			gen := ix.gen.dir
			bad := ix.gen.name
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			tc.damage(t, gen)

			ix, err := New(dir, nil)
			if err == nil {
				t.Fatalf("New opened the damaged index")
			}
			if ix == nil {
				t.Fatalf("New returned no Index to rebuild with: %v", err)
			}
			defer ix.Close()
			if errors.Is(err, ErrNoIndex) || errors.Is(err, ErrLocked) {
				t.Fatalf("New: %v, want a damaged-index error", err)
			}
			t.Logf("detected: %v", err)
			if ix.Fingerprint() != "" {
				t.Errorf("damaged index left in use")
			}
			if _, err := ix.Search(context.Background(), termQuery("security")); !errors.Is(err, ErrNoIndex) {
				t.Errorf("search on the damaged index: %v, want ErrNoIndex", err)
			}
			if _, err := ix.Build(context.Background(), c, "rebuilt", nil); err != nil {
				t.Fatalf("rebuild: %v", err)
			}
			mustAnswer(t, ix)
			gens := generations(t, dir)
			if len(gens) != 1 || gens[0] == bad {
				t.Errorf("generations after the rebuild: %v (damaged: %s)", gens, bad)
			}
		})
	}
}

// TestBitFlipsNeverPanic flips bytes all over a built index's files: every
// damage is found when the index opens, as a wrapped ErrCorrupt, and none
// panics. Bleve trusts its files: without the checksums about one in ten
// of these flips panicked in Bleve and others opened an index that
// returned wrong passages.
func TestBitFlipsNeverPanic(t *testing.T) {
	ix, dir := built(t, essay(t), "essay")
	name := ix.gen.name
	sums := ix.gen.manifest.IndexFiles
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	flips := 0
	for _, f := range sums {
		path := filepath.Join(dir, name, bleveDir, filepath.FromSlash(f.Path))
		orig, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		step := max(1, len(orig)/25)
		for off := 0; off < len(orig); off += step {
			b := slices.Clone(orig)
			b[off] ^= 0x20
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s at %d: panic %v", f.Path, off, r)
					}
				}()
				g, err := openGeneration(filepath.Join(dir, name), name)
				if err == nil {
					_ = g.idx.Close()
					t.Errorf("%s at %d: damaged generation opened", f.Path, off)
				} else if !errors.Is(err, ErrCorrupt) {
					t.Errorf("%s at %d: %v, want ErrCorrupt", f.Path, off, err)
				}
			}()
			flips++
		}
		if err := os.WriteFile(path, orig, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g, err := openGeneration(filepath.Join(dir, name), name)
	if err != nil {
		t.Fatalf("the repaired generation does not open: %v", err)
	}
	_ = g.idx.Close()
	t.Logf("%d flips in %d files, all detected", flips, len(sums))
}

// TestLocked checks that a second Index on the same directory gets
// ErrLocked within seconds, and the directory again once the first closes.
func TestLocked(t *testing.T) {
	t.Parallel() // waits for the lock for two seconds
	ix, dir := built(t, essay(t), "essay")
	start := time.Now()
	ix2, err := New(dir, nil)
	took := time.Since(start)
	if !errors.Is(err, ErrLocked) || ix2 != nil {
		t.Fatalf("second New: %v, %v; want ErrLocked", ix2, err)
	}
	if took > lockWait+2*time.Second {
		t.Errorf("ErrLocked after %v", took)
	}
	t.Logf("ErrLocked after %v: %v", took.Round(time.Millisecond), err)
	mustAnswer(t, ix) // the first is unharmed
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix2, err = New(dir, nil)
	if err != nil {
		t.Fatalf("New after Close: %v", err)
	}
	defer ix2.Close()
	mustAnswer(t, ix2)
}

// TestLockedByChildProcess holds the index in another process and checks
// this one gets ErrLocked within seconds, then the index once it exits.
func TestLockedByChildProcess(t *testing.T) {
	t.Parallel() // waits for the lock for two seconds
	ix, dir := built(t, essay(t), "essay")
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	child := holdInChild(t, dir)
	start := time.Now()
	ix, err := New(dir, nil)
	took := time.Since(start)
	if !errors.Is(err, ErrLocked) {
		if ix != nil {
			_ = ix.Close()
		}
		t.Fatalf("New while a child holds the index: %v, want ErrLocked", err)
	}
	t.Logf("ErrLocked after %v while a child process holds the index", took.Round(time.Millisecond))
	if took > lockWait+2*time.Second {
		t.Errorf("ErrLocked after %v", took)
	}
	child.release(t)
	ix, err = New(dir, nil)
	if err != nil {
		t.Fatalf("New after the child exited: %v", err)
	}
	defer ix.Close()
	mustAnswer(t, ix)
}

// holder is a child process holding an index open.
type holder struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// holdInChild starts this test binary again as a child that opens the
// index in dir (see TestHelperHoldIndex) and returns once it holds it.
func holdInChild(t *testing.T, dir string) *holder {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldIndex$")
	cmd.Env = append(os.Environ(), "CITEBOT_INDEX_HOLDER="+dir)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &holder{cmd: cmd, stdin: stdin}
	t.Cleanup(func() {
		_ = h.stdin.Close()
		_ = h.cmd.Process.Kill()
		_ = h.cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "held" {
		t.Fatalf("child: %q, %v", line, err)
	}
	return h
}

// release tells the child to close the index and exit, and waits for it.
func (h *holder) release(t *testing.T) {
	t.Helper()
	_ = h.stdin.Close()
	if err := h.cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
}

// TestHelperHoldIndex is the child of TestLockedByChildProcess: it opens
// the index named by CITEBOT_INDEX_HOLDER, says "held", and keeps it open
// until its standard input closes. It does nothing in a normal test run.
func TestHelperHoldIndex(t *testing.T) {
	dir := os.Getenv("CITEBOT_INDEX_HOLDER")
	if dir == "" {
		return
	}
	ix, err := New(dir, nil)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("held")
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = ix.Close()
	os.Exit(0)
}

// TestCleanupSparesLockedDirectory checks that a second Index cannot
// remove generation directories of one that is open (and may be building):
// it gets ErrLocked before it looks at them.
func TestCleanupSparesLockedDirectory(t *testing.T) {
	t.Parallel() // waits for the lock for two seconds
	ix, dir := built(t, essay(t), "essay")
	building := filepath.Join(dir, genPrefix+"being-built")
	if err := os.Mkdir(building, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := New(dir, nil); !errors.Is(err, ErrLocked) {
		t.Fatalf("second New: %v, want ErrLocked", err)
	}
	if _, err := os.Stat(building); err != nil {
		t.Errorf("the open index's directory was removed: %v", err)
	}
	cur := ix.gen.name
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// Once nobody holds it, a leftover build directory goes at the next start.
	ix, err := New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if gens := generations(t, dir); !slices.Equal(gens, []string{cur}) {
		t.Errorf("generations after a start: %v, want only %s", gens, cur)
	}
}

// TestBuildFailureKeepsOld cancels a build midway and checks the old
// generation keeps serving and the half-built directory is gone.
func TestBuildFailureKeepsOld(t *testing.T) {
	c := essay(t)
	ix, dir := built(t, c, "old")
	before := generations(t, dir)
	big := bigCorpus(t, 6, 150)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := ix.Build(ctx, big, "new", func(p retrieval.Progress) {
		if p.Passages > 0 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build: %v", err)
	}
	if ix.Fingerprint() != "old" {
		t.Errorf("fingerprint %q after a failed build, want old", ix.Fingerprint())
	}
	mustAnswer(t, ix)
	if gens := generations(t, dir); !slices.Equal(gens, before) {
		t.Errorf("generations %v after a failed build, want %v", gens, before)
	}
}

// TestEmptyCorpusKeepsOld checks that a corpus with nothing usable leaves
// the old index serving and that the error names the skipped files.
func TestEmptyCorpusKeepsOld(t *testing.T) {
	ix, _ := built(t, essay(t), "old")
	broken, err := corpus.Load(fstest.MapFS{
		"bin.md":   {Data: []byte("# Bin\n\x00\x01")},
		"empty.md": {Data: nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		c    *corpus.Corpus
		want []string
	}{
		{"all files broken", broken, []string{"bin.md: binary", "empty.md: empty"}},
		{"no files", &corpus.Corpus{}, []string{"no readings"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum, err := ix.Build(context.Background(), tc.c, "broken", nil)
			if !errors.Is(err, ErrEmptyCorpus) {
				t.Fatalf("build: %v, want ErrEmptyCorpus", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if len(sum.Problems) != len(tc.c.Problems) {
				t.Errorf("summary lists %d problems, want %d", len(sum.Problems), len(tc.c.Problems))
			}
			if ix.Fingerprint() != "old" {
				t.Errorf("fingerprint %q, want old", ix.Fingerprint())
			}
			mustAnswer(t, ix)
		})
	}
}

// TestBuildAfterClose checks a closed Index refuses to build: it no longer
// holds the directory lock.
func TestBuildAfterClose(t *testing.T) {
	ix, dir := built(t, essay(t), "essay")
	before := generations(t, dir)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := ix.Build(context.Background(), essay(t), "again", nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Build after Close: %v, want ErrClosed", err)
	}
	if _, err := ix.Search(context.Background(), termQuery("security")); !errors.Is(err, ErrNoIndex) {
		t.Errorf("Search after Close: %v, want ErrNoIndex", err)
	}
	if gens := generations(t, dir); !slices.Equal(gens, before) {
		t.Errorf("generations %v, want %v", gens, before)
	}
}

// bigCorpus makes a corpus of files × paragraphs generated paragraphs.
func bigCorpus(tb testing.TB, files, paragraphs int) *corpus.Corpus {
	tb.Helper()
	fsys := fstest.MapFS{}
	words := strings.Fields("alliance balance security dilemma wedging power state china russia war " +
		"theory cooperation threat military economic interest regime order trade support")
	for f := range files {
		var b strings.Builder
		fmt.Fprintf(&b, "# Reading %d\n\n", f)
		for p := range paragraphs {
			if p%25 == 0 {
				fmt.Fprintf(&b, "## Part %d\n\n", p/25)
			}
			for s := range 3 {
				for w := range 12 {
					b.WriteString(words[(f*7+p*3+s*5+w*w)%len(words)])
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "n%d. ", p*3+s)
			}
			b.WriteString("\n\n")
		}
		fsys[fmt.Sprintf("r%02d.md", f)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	c, err := corpus.Load(fsys)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestBuildWaitsForSearchesInFlight holds a generation as a search in
// flight does and checks a Build switches to the new generation at once
// but closes the old one only after the search lets go.
func TestBuildWaitsForSearchesInFlight(t *testing.T) {
	c := essay(t)
	ix, _ := built(t, c, "old")
	g := ix.acquire()
	done := make(chan error, 1)
	go func() {
		_, err := ix.Build(context.Background(), c, "new", nil)
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for ix.Fingerprint() != "new" {
		if time.Now().After(deadline) {
			t.Fatal("the build never switched generations")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case err := <-done:
		t.Fatalf("Build returned (%v) while a search held the old generation", err)
	case <-time.After(200 * time.Millisecond):
	}
	// The old generation still answers its search in flight.
	if n, err := g.idx.DocCount(); err != nil || int(n) != g.manifest.Passages {
		t.Errorf("old generation during the switch: %d passages, %v", n, err)
	}
	if _, err := os.Stat(g.dir); err != nil {
		t.Errorf("old generation removed while in use: %v", err)
	}
	g.release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(g.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("old generation still on disk after the build: %v", err)
	}
	mustAnswer(t, ix)
}

// TestSearchBounded sends Search a query far larger than any question
// makes (every indexed term, several times over, as clauses of many
// alternatives) and an absurd limit: it answers, within the limits, in
// bounded time.
func TestSearchBounded(t *testing.T) {
	ix, _ := built(t, essay(t), "essay")
	var all []string
	for term := range ix.gen.vocab {
		all = append(all, term)
	}
	slices.Sort(all)
	q := retrieval.Query{Limit: 1 << 30}
	for i := range 3000 {
		alts := [][]string{{all[i%len(all)]}, {all[(i+1)%len(all)], all[(i+2)%len(all)]}}
		q.Clauses = append(q.Clauses, retrieval.Clause{Alternatives: alts, Weight: float64(i % 7)})
	}
	start := time.Now()
	hits, err := ix.Search(context.Background(), q)
	took := time.Since(start)
	t.Logf("%d clauses: %d hits in %v", len(q.Clauses), len(hits), took)
	if err != nil || len(hits) == 0 || len(hits) > maxSearchLimit {
		t.Fatalf("%d hits, %v", len(hits), err)
	}
	if n := countQueries(buildQuery(q)); n > maxQueryTerms {
		t.Errorf("%d term and phrase queries, over %d", n, maxQueryTerms)
	}
}

// countQueries counts the term and phrase queries in a query tree.
func countQueries(q query.Query) int {
	switch q := q.(type) {
	case *query.DisjunctionQuery:
		n := 0
		for _, d := range q.Disjuncts {
			n += countQueries(d)
		}
		return n
	case *query.ConjunctionQuery:
		n := 0
		for _, c := range q.Conjuncts {
			n += countQueries(c)
		}
		return n
	default:
		return 1
	}
}

// TestPagesStored checks that a PDF passage's pages and its document's
// format and page count survive the index, and that other passages have
// none.
func TestPagesStored(t *testing.T) {
	c := &corpus.Corpus{Documents: []corpus.Document{{
		ID: "paper", Path: "paper.pdf", Title: "Paper", Format: corpus.FormatPDF, Pages: 7,
		Sections: []corpus.Section{{Number: 0}},
		Passages: []corpus.Passage{
			{ID: "paper#0.1", DocID: "paper", Paragraph: 1, Kind: corpus.KindParagraph, Text: "Wedging divides an alliance.", Page: 3, PageEnd: 4, PageBreaks: []int{8}},
			{ID: "paper#0.2", DocID: "paper", Paragraph: 2, Kind: corpus.KindParagraph, Text: "Balancing builds forces.", Page: 5, PageEnd: 5},
		},
	}, {
		ID: "notes", Path: "notes.md", Title: "Notes", Format: corpus.FormatMarkdown,
		Sections: []corpus.Section{{Number: 0}},
		Passages: []corpus.Passage{{ID: "notes#0.1", DocID: "notes", Paragraph: 1, Kind: corpus.KindParagraph, Text: "Bloodletting drains a rival."}},
	}}}
	ix, _ := built(t, c, "pages")
	want := map[string][2]int{"paper#0.1": {3, 4}, "paper#0.2": {5, 5}, "notes#0.1": {0, 0}}
	for _, term := range []string{"wedg", "balanc", "bloodlet"} {
		hits, err := ix.Search(context.Background(), rawQuery(term))
		if err != nil || len(hits) != 1 {
			t.Fatalf("%s: %d hits, %v", term, len(hits), err)
		}
		h := hits[0]
		if w := want[h.Passage.ID]; h.Passage.Page != w[0] || h.Passage.PageEnd != w[1] {
			t.Errorf("%s: pages %d–%d, want %d–%d", h.Passage.ID, h.Passage.Page, h.Passage.PageEnd, w[0], w[1])
		}
		if h.Passage.ID == "paper#0.1" && (len(h.Passage.PageBreaks) != 1 || h.Passage.PageBreaks[0] != 8) {
			t.Errorf("paper#0.1: breaks %v, want [8]", h.Passage.PageBreaks)
		}
		if h.Passage.DocID == "paper" && (h.Doc.Format != "pdf" || h.Doc.Pages != 7) {
			t.Errorf("paper: format %q, %d pages", h.Doc.Format, h.Doc.Pages)
		}
	}
	for _, s := range []string{"", "0", "x", "3-2", "-1", "4-", "3-4@", "3-4@x", "3-4@1,2,3", "3-4@-5"} {
		if p, e, _ := parsePages(s); p < 0 || (p == 0) != (e == 0) || e < p {
			t.Errorf("parsePages(%q) = %d, %d", s, p, e)
		}
	}
}

// TestVocabFile checks that a new generation's vocabulary file holds what
// Bleve's term dictionary does, and that a damaged or missing one is found
// at open as a wrapped ErrCorrupt.
func TestVocabFile(t *testing.T) {
	ix, dir := built(t, essay(t), "essay")
	name := ix.gen.name
	if ix.gen.manifest.Vocab == nil {
		t.Fatal("the manifest records no vocabulary file")
	}
	want, err := dictVocab(ix.gen.idx)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(ix.gen.vocab, want) {
		t.Errorf("vocabulary file: %d terms, term dictionary: %d; they differ", len(ix.gen.vocab), len(want))
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	checkDamagedSideFile(t, dir, name, vocabFile)
}

// TestBuildLeavesOneSegment checks that a build of several batches leaves
// its index in one segment, which each question's search walks once.
func TestBuildLeavesOneSegment(t *testing.T) {
	tests := []struct {
		name              string
		files, paragraphs int
	}{
		{"one batch", 1, 40},
		{"four batches", 6, 300}, // 1,800 passages, batches of 500
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, dir := built(t, bigCorpus(t, tc.files, tc.paragraphs), tc.name)
			gens := generations(t, dir)
			if len(gens) != 1 {
				t.Fatalf("generations %v", gens)
			}
			segs, err := filepath.Glob(filepath.Join(dir, gens[0], bleveDir, "store", "*.zap"))
			if err != nil {
				t.Fatal(err)
			}
			if len(segs) != 1 {
				t.Errorf("%d segments %v, want 1", len(segs), segs)
			}
		})
	}
}

// TestHeadingTermsFile checks that a build keeps the analysed words of its
// headings, and that a damaged file of them keeps the generation from
// opening.
func TestHeadingTermsFile(t *testing.T) {
	ix, dir := built(t, essay(t), "essay")
	name := ix.gen.name
	heads, ok := ix.HeadingTerms()
	if !ok {
		t.Fatal("the index keeps no heading terms")
	}
	for _, w := range []string{"IR", "policymakers", "conceptualize"} {
		if term := analysis.Terms(w)[0]; !heads[term] {
			t.Errorf("heading term %q (%q) missing", term, w)
		}
	}
	if heads[analysis.Terms("bloodletting")[0]] {
		t.Error("a word of the passages only is among the heading terms")
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	checkDamagedSideFile(t, dir, name, headingsFile)
}

// checkDamagedSideFile checks that generation name under dir does not open,
// with ErrCorrupt, when its side file is flipped, truncated or missing.
func checkDamagedSideFile(t *testing.T, dir, name, file string) {
	t.Helper()
	path := filepath.Join(dir, name, file)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"flipped", append([]byte{orig[0] ^ 0x20}, orig[1:]...)},
		{"truncated", orig[:len(orig)/2]},
		{"missing", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.b == nil {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(path, tc.b, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := os.WriteFile(path, orig, 0o644); err != nil {
					t.Fatal(err)
				}
			})
			g, err := openGeneration(filepath.Join(dir, name), name)
			if err == nil {
				_ = g.idx.Close()
				t.Fatalf("a generation with a damaged %s opened", file)
			}
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("%v, want ErrCorrupt", err)
			}
		})
	}
}
