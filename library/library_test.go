package library

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/readings"
)

const (
	serverA = "1240000000000000000"
	serverB = "1240000000000000001"
)

// sharedReadings builds the shared index of the built-in readings in dir.
func sharedReadings(t testing.TB, dir string) Shared {
	t.Helper()
	sh, closeIx, err := openShared(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeIx)
	return sh
}

// openShared opens (building if needed) the shared index of the built-in
// readings in dir.
func openShared(dir string) (Shared, func(), error) {
	load := func(context.Context) (*corpus.Corpus, string, error) {
		fp, err := corpus.Fingerprint(readings.FS)
		if err != nil {
			return nil, "", err
		}
		c, err := corpus.Load(readings.FS)
		return c, fp, err
	}
	ix, err := index.New(filepath.Join(dir, "shared-index"), nil)
	if err != nil && !errors.Is(err, index.ErrNoIndex) {
		return Shared{}, nil, err
	}
	if ix.Fingerprint() == "" {
		c, fp, err := load(context.Background())
		if err == nil {
			_, err = ix.Build(context.Background(), c, fp, nil)
		}
		if err != nil {
			ix.Close()
			return Shared{}, nil, err
		}
	}
	fingerprint := func() (string, error) { return corpus.Fingerprint(readings.FS) }
	return Shared{Load: load, Fingerprint: fingerprint, Service: handlers.New(ix, handlers.Options{}), Documents: ix.Documents}, func() { ix.Close() }, nil
}

func newLibs(t testing.TB, dir string, q Quota) *Libraries {
	t.Helper()
	return newLibsShared(t, dir, sharedReadings(t, dir), q)
}

func newLibsShared(t testing.TB, dir string, sh Shared, q Quota) *Libraries {
	t.Helper()
	l, err := New(Config{Dir: filepath.Join(dir, "data"), Shared: sh, Quota: q})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func photosynthesis(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/photosynthesis.md")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const leafQuestion = "What does RuBisCO fix in the Calvin cycle?"

// answeredFrom asks q in the server and returns the document id of the
// first cited passage, or "" when the question is not answered.
func answeredFrom(t testing.TB, l *Libraries, guild, q string) string {
	t.Helper()
	svc, err := l.Handlers(context.Background(), guild)
	if err != nil {
		t.Fatalf("Handlers(%s): %v", guild, err)
	}
	a, err := svc.Ask(context.Background(), q, handlers.AskOptions{})
	if err != nil {
		t.Fatalf("Ask: %v", err)
	}
	if a.Status != handlers.StatusAnswered || len(a.Results) == 0 {
		return ""
	}
	return a.Results[0].Doc.ID
}

func TestAddAnswersOnlyInItsServer(t *testing.T) {
	ctx := context.Background()
	l := newLibs(t, t.TempDir(), Quota{})
	added, err := l.Add(ctx, serverA, Upload{Name: "../../etc/Leaves & Sugar.md", Body: bytes.NewReader(photosynthesis(t)), By: "310000000000000001"}, nil)
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	r := added.Reading
	if r.ID != "leaves-sugar" || r.File != "leaves-sugar.md" || r.Title != "How Leaves Make Sugar" || r.Author != "Ada Lovelace" || r.Passages < 4 || r.Name != "Leaves & Sugar.md" {
		t.Errorf("added %+v", r)
	}
	if got := answeredFrom(t, l, serverA, leafQuestion); got != "server/leaves-sugar" {
		t.Errorf("in its server the question is answered from %q", got)
	}
	if got := answeredFrom(t, l, serverB, leafQuestion); strings.HasPrefix(got, "server/") {
		t.Errorf("another server is answered from %q", got)
	}
	if got := answeredFrom(t, l, "", leafQuestion); strings.HasPrefix(got, "server/") {
		t.Errorf("a direct message is answered from %q", got)
	}
	list, _ := l.List(ctx, serverB)
	for _, x := range list {
		if !x.Shared {
			t.Errorf("server B lists %+v", x)
		}
	}
	// The same content again is refused, under any name.
	if _, err := l.Add(ctx, serverA, Upload{Name: "copy.txt", Body: bytes.NewReader(photosynthesis(t))}, nil); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "already") {
		t.Errorf("duplicate: %v", err)
	}
	if _, err := l.Remove(ctx, serverA, "How Leaves Make Sugar"); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	if got := answeredFrom(t, l, serverA, leafQuestion); strings.HasPrefix(got, "server/") {
		t.Errorf("after removal answered from %q", got)
	}
	if des, _ := os.ReadDir(filepath.Join(l.cfg.Dir, "servers", serverA, "readings")); len(des) != 0 {
		t.Errorf("the removed reading's file is still there")
	}
}

func TestAddRefusals(t *testing.T) {
	ctx := context.Background()
	l := newLibs(t, t.TempDir(), Quota{MaxReadings: 1, MaxFileBytes: 4 << 10})
	cases := []struct {
		name string
		body []byte
		want string
	}{
		{"notes.pdf", []byte("this is not a pdf at all, just words"), "PDF"},
		{"slides.pptx", []byte("PK\x03\x04junk"), "unsupported"},
		{"big.md", bytes.Repeat([]byte("word "), 2000), "too large"},
		{"empty.md", nil, "empty"},
		{"binary.txt", []byte("abc\x00def"), "binary"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := l.Add(ctx, serverA, Upload{Name: tc.name, Body: bytes.NewReader(tc.body)}, nil)
			if !errors.Is(err, ErrRefused) || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tc.want)) {
				t.Errorf("Add(%s): %v, want a refusal saying %q", tc.name, err, tc.want)
			}
		})
	}
	if des, _ := os.ReadDir(filepath.Join(l.cfg.Dir, "servers", serverA, "staging")); len(des) != 0 {
		t.Errorf("refused uploads left %d files in staging", len(des))
	}
	if _, err := l.Add(ctx, serverA, Upload{Name: "a.md", Body: bytes.NewReader(photosynthesis(t))}, nil); err != nil {
		t.Fatal(err)
	}
	if err := l.CheckUpload(ctx, serverA, 10); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "full") {
		t.Errorf("over the count quota: %v", err)
	}
	if err := l.CheckUpload(ctx, serverB, 1<<20); !errors.Is(err, ErrRefused) {
		t.Errorf("over the size quota before download: %v", err)
	}
}

func TestHideShowAndReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	sh := sharedReadings(t, dir)
	l := newLibsShared(t, dir, sh, Quota{})
	if got := answeredFrom(t, l, serverA, "What is the security dilemma?"); got == "" {
		t.Fatal("the shared readings do not answer")
	}
	if _, err := l.Hide(ctx, serverA, "glaser-2025-china-russia"); !errors.Is(err, ErrRefused) {
		t.Errorf("hiding the only reading: %v, want a refusal", err)
	}
	if _, err := l.Add(ctx, serverA, Upload{Name: "leaves.md", Title: "Leaf notes", Body: bytes.NewReader(photosynthesis(t))}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Hide(ctx, serverA, "glaser-2025-china-russia"); err != nil {
		t.Fatalf("Hide: %v", err)
	}
	if got := answeredFrom(t, l, serverA, "What is the security dilemma?"); got == "glaser-2025-china-russia" {
		t.Error("a hidden reading still answers")
	}
	if got := answeredFrom(t, l, serverB, "What is the security dilemma?"); got != "glaser-2025-china-russia" {
		t.Errorf("hiding in one server hid it in another: %q", got)
	}
	if err := l.SetModeratorRole(ctx, serverA, "320000000000000001", "310000000000000001"); err != nil {
		t.Fatal(err)
	}
	l.Close()

	// Reopened from disk, the library is as it was left.
	l2 := newLibsShared(t, dir, sh, Quota{})
	list, err := l2.List(ctx, serverA)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || !list[0].Hidden || list[1].Title != "Leaf notes" {
		t.Errorf("reopened list %+v", list)
	}
	if role, _ := l2.ModeratorRole(ctx, serverA); role != "320000000000000001" {
		t.Errorf("moderator role %q after reopening", role)
	}
	if _, err := l2.Show(ctx, serverA, "glaser-2025-china-russia"); err != nil {
		t.Fatal(err)
	}
	if got := answeredFrom(t, l2, serverA, "What is the security dilemma?"); got != "glaser-2025-china-russia" {
		t.Errorf("shown again, answered from %q", got)
	}
}

func TestIdleLibrariesClose(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	now := time.Now()
	advance := func(d time.Duration) {
		mu.Lock()
		now = now.Add(d)
		mu.Unlock()
	}
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	l, err := New(Config{Dir: filepath.Join(dir, "data"), Shared: sharedReadings(t, dir), MaxOpen: 2, IdleAfter: time.Hour, Now: clock, sweepEvery: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for i, g := range []string{"1", "2", "3"} {
		advance(time.Duration(i) * 3 * time.Minute)
		if answeredFrom(t, l, g, "What is the security dilemma?") == "" {
			t.Fatalf("server %s does not answer", g)
		}
	}
	if n := l.Open(); n != 2 {
		t.Errorf("%d libraries open, want at most 2", n)
	}
	advance(2 * time.Hour)
	deadline := time.Now().Add(5 * time.Second)
	for l.Open() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := l.Open(); n != 0 {
		t.Errorf("%d libraries open after two idle hours", n)
	}
	if answeredFrom(t, l, "1", "What is the security dilemma?") == "" {
		t.Error("a closed library does not reopen")
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd":      "etc-passwd",
		`C:\Users\x\notes.md`:   "c-users-x-notes",
		"Ünïcode — title.pdf":   "n-code-title",
		"...":                   "reading",
		strings.Repeat("a", 99): strings.Repeat("a", maxSlug),
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	if got := displayName("../x/\x00evil\n.md"); got != "evil.md" {
		t.Errorf("displayName = %q", got)
	}
}

// TestAddEveryFormat uploads the essay as PDF, Word, EPUB and HTML: each is
// read by content, and a PDF's pages are counted.
func TestAddEveryFormat(t *testing.T) {
	ctx := context.Background()
	l := newLibs(t, t.TempDir(), Quota{})
	for _, name := range []string{"glaser.pdf", "glaser.docx", "glaser.html"} {
		data, err := os.ReadFile(filepath.Join("..", "corpus", "testdata", "formats", name))
		if err != nil {
			t.Fatal(err)
		}
		added, err := l.Add(ctx, serverA, Upload{Name: name, Body: bytes.NewReader(data)}, nil)
		if err != nil {
			t.Errorf("Add(%s): %v", name, err)
			continue
		}
		r := added.Reading
		if r.Passages < 10 || (name == "glaser.pdf") != (r.Pages > 0) || filepath.Ext(r.File) != filepath.Ext(name) {
			t.Errorf("%s: %+v", name, r)
		}
	}
}

// TestReindexDuringUploads runs reindexes while readings are added: the
// reindex waits for each upload, so none is undone, and the index ends
// holding exactly what the manifest lists.
func TestReindexDuringUploads(t *testing.T) {
	ctx := context.Background()
	l := newLibs(t, t.TempDir(), Quota{})
	svc, err := l.Handlers(ctx, serverA)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 5 {
			if _, err := l.Reindex(ctx, serverA, nil); err != nil && !errors.Is(err, handlers.ErrReindexRunning) {
				t.Errorf("Reindex: %v", err)
			}
		}
	})
	for i := range 4 {
		body := strings.Replace(string(photosynthesis(t)), "How Leaves Make Sugar", fmt.Sprintf("Leaves, part %d", i), 1)
		if _, err := l.Add(ctx, serverA, Upload{Name: fmt.Sprintf("part-%d.md", i), Body: strings.NewReader(body)}, nil); err != nil {
			t.Fatalf("Add %d: %v", i, err)
		}
	}
	wg.Wait()
	src, err := svc.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	own := 0
	for _, d := range src.Documents {
		if strings.HasPrefix(d.ID, "server/") {
			own++
		}
	}
	if own != 4 {
		t.Errorf("the index holds %d of the 4 uploads", own)
	}
}
