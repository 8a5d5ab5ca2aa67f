package cli

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/library"
	"github.com/citebot/citebot/readings"
)

const crashServer = "1240000000000000000"

// openCrashLibraries opens the libraries in dataDir in this process, over
// the built-in readings (whose index is kept in sharedDir).
func openCrashLibraries(t *testing.T, dataDir, sharedDir string) (*library.Libraries, func()) {
	t.Helper()
	load := func(context.Context) (*corpus.Corpus, string, error) {
		fp, err := corpus.Fingerprint(readings.FS)
		if err != nil {
			return nil, "", err
		}
		c, err := corpus.Load(readings.FS)
		return c, fp, err
	}
	ix, err := index.New(sharedDir, nil)
	if err != nil && !errors.Is(err, index.ErrNoIndex) {
		t.Fatal(err)
	}
	if ix.Fingerprint() == "" {
		c, fp, _ := load(context.Background())
		if _, err := ix.Build(context.Background(), c, fp, nil); err != nil {
			t.Fatal(err)
		}
	}
	l, err := library.New(library.Config{Dir: dataDir, Shared: library.Shared{Load: load, Service: handlers.New(ix, handlers.Options{}), Documents: ix.Documents}})
	if err != nil {
		t.Fatal(err)
	}
	return l, func() { l.Close(); ix.Close() }
}

// checkLibraryWhole opens a server's library after a kill and checks it is
// whole: it opens and answers, every reading the manifest lists is in the
// index and on disk, nothing else is, and nothing is left staged. It
// returns the ids of the server's readings; more, when not nil, checks
// more while the library is open.
func checkLibraryWhole(t *testing.T, try int, dataDir, sharedDir string, more func(svc *handlers.Service, ids []string)) []string {
	t.Helper()
	l, closeAll := openCrashLibraries(t, dataDir, sharedDir)
	defer closeAll()
	ctx := context.Background()
	list, err := l.List(ctx, crashServer)
	if err != nil {
		t.Fatalf("try %d: the library does not open after the kill: %v", try, err)
	}
	svc, err := l.Handlers(ctx, crashServer)
	if err != nil {
		t.Fatalf("try %d: %v", try, err)
	}
	src, err := svc.Sources(ctx)
	if err != nil {
		t.Fatalf("try %d: sources: %v", try, err)
	}
	var listed, indexed, files []string
	for _, r := range list {
		if !r.Shared {
			listed = append(listed, r.ID)
		}
	}
	for _, d := range src.Documents {
		if strings.HasPrefix(d.ID, "server/") {
			indexed = append(indexed, d.ID)
		}
	}
	slices.Sort(listed)
	slices.Sort(indexed)
	if !slices.Equal(listed, indexed) {
		t.Errorf("try %d: the manifest lists %v but the index holds %v", try, listed, indexed)
	}
	des, _ := os.ReadDir(filepath.Join(dataDir, "servers", crashServer, "readings"))
	for _, de := range des {
		files = append(files, "server/"+strings.TrimSuffix(de.Name(), filepath.Ext(de.Name())))
	}
	slices.Sort(files)
	if !slices.Equal(listed, files) {
		t.Errorf("try %d: the manifest lists %v but the folder holds %v", try, listed, files)
	}
	if des, _ := os.ReadDir(filepath.Join(dataDir, "servers", crashServer, "staging")); len(des) != 0 {
		t.Errorf("try %d: %d files left staged after opening", try, len(des))
	}
	if a, err := svc.Ask(ctx, "What is the security dilemma?", handlers.AskOptions{}); err != nil || a.Status != handlers.StatusAnswered {
		t.Errorf("try %d: the library does not answer: %v %v", try, a.Status, err)
	}
	if more != nil {
		more(svc, listed)
	}
	return listed
}

// TestLibraryKilled kills `citebot readings add --server` and `citebot
// reindex --server` with SIGKILL at random moments, 20 times each, and
// checks every time that the server's library opens and answers with the
// reading either fully in (in the manifest, on disk and in the index, and
// found by its own word) or not at all. It builds the binary; -short skips
// it.
func TestLibraryKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds citebot and kills 40 commands; skipped with -short")
	}
	const tries = 20
	bin := buildCitebot(t)
	root := t.TempDir()
	dataDir, indexDir, sharedDir := filepath.Join(root, "data"), filepath.Join(root, "index"), filepath.Join(root, "shared")
	base := filepath.Join(root, "base")
	if err := os.Mkdir(base, 0o755); err != nil {
		t.Fatal(err)
	}
	writeBigCorpus(t, base, 3, 150)
	citebot := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, append([]string{"--env-file", "", "--index", indexDir, "--data", dataDir}, args...)...)
		cmd.Env = []string{"HOME=" + root, "PATH=" + os.Getenv("PATH")}
		return cmd
	}
	// The library starts with three large readings, so that a rebuild takes
	// long enough to be killed in the middle.
	for i := range 3 {
		if out, err := citebot("readings", "add", filepath.Join(base, fmt.Sprintf("r%02d.md", i)), "--server", crashServer).CombinedOutput(); err != nil {
			t.Fatalf("add a base reading: %v\n%s", err, out)
		}
	}
	markerWord := func(try int) string { return fmt.Sprintf("zzmarker%c%c", 'a'+try/26, 'a'+try%26) }
	writeMarker := func(try int) string {
		p := filepath.Join(root, fmt.Sprintf("marker-%02d.md", try))
		text := fmt.Sprintf("# Marker %d\n\nThis reading was uploaded in try %s.\n", try, markerWord(try))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	start := time.Now()
	if out, err := citebot("readings", "add", writeMarker(0), "--server", crashServer).CombinedOutput(); err != nil {
		t.Fatalf("first upload: %v\n%s", err, out)
	}
	full := time.Since(start)
	t.Logf("a whole upload takes %v", full.Round(time.Millisecond))

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	// run starts a command and SIGKILLs it at a random moment within about
	// the time a whole one takes; it reports whether it was killed.
	run := func(try int, args ...string) bool {
		cmd := citebot(args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("try %d: %v failed before the kill: %v", try, args, err)
			}
			return false
		case <-time.After(time.Duration(rng.Int63n(int64(full) * 11 / 10))):
			_ = cmd.Process.Kill()
			<-done
			return true
		}
	}
	var killed, in, out int
	for try := 1; try <= tries; try++ {
		if run(try, "readings", "add", writeMarker(try), "--server", crashServer) {
			killed++
		}
		id := fmt.Sprintf("server/marker-%02d", try)
		checkLibraryWhole(t, try, dataDir, sharedDir, func(svc *handlers.Service, ids []string) {
			inManifest := slices.Contains(ids, id)
			// Search corrects typos, so the markers of other tries may come
			// too: the reading is found when one result is its passage.
			rs, err := svc.Search(context.Background(), markerWord(try), 50)
			found := slices.ContainsFunc(rs, func(r handlers.Result) bool {
				return r.Doc.ID == id && strings.Contains(r.Passage.Text, markerWord(try))
			})
			if found != inManifest {
				t.Errorf("try %d: the reading is listed %v but found by its word %v (%v)", try, inManifest, found, err)
			}
			if inManifest {
				in++
			} else {
				out++
			}
		})
	}
	t.Logf("uploads: %d tries, %d killed while running; the reading was fully in %d times and not at all %d times", tries, killed, in, out)
	if killed == 0 {
		t.Error("no upload was killed while running")
	}

	before := checkLibraryWhole(t, 0, dataDir, sharedDir, nil)
	killed = 0
	for try := 1; try <= tries; try++ {
		if run(try, "reindex", "--server", crashServer) {
			killed++
		}
		if got := checkLibraryWhole(t, try, dataDir, sharedDir, nil); !slices.Equal(got, before) {
			t.Errorf("try %d: a killed reindex changed the readings from %v to %v", try, before, got)
		}
	}
	t.Logf("reindexes: %d tries, %d killed while running; the library opened and answered every time", tries, killed)
	if killed == 0 {
		t.Error("no reindex was killed while running")
	}
}
