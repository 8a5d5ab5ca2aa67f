package cli

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/retrieval"
)

// writeBigCorpus writes files generated readings of paragraphs paragraphs
// each into dir, enough for a reindex to take a while.
func writeBigCorpus(tb testing.TB, dir string, files, paragraphs int) {
	tb.Helper()
	rng := rand.New(rand.NewSource(1))
	words := make([]string, 3000)
	for i := range words {
		b := make([]byte, 3+rng.Intn(8))
		for j := range b {
			b[j] = byte('a' + rng.Intn(26))
		}
		words[i] = string(b)
	}
	for f := range files {
		var b strings.Builder
		fmt.Fprintf(&b, "# Reading %d\n\nA. Author\n\n", f)
		for p := range paragraphs {
			if p%20 == 0 {
				fmt.Fprintf(&b, "## Part %d\n\n", p/20)
			}
			for range 3 {
				n := 8 + rng.Intn(10)
				for k := range n {
					// Skewed towards the first words, as real text is.
					b.WriteString(words[int(float64(len(words))*rng.Float64()*rng.Float64())])
					if k < n-1 {
						b.WriteByte(' ')
					}
				}
				b.WriteString(". ")
			}
			b.WriteString("\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%02d.md", f)), []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// buildCitebot builds the citebot binary into a temporary directory.
func buildCitebot(t *testing.T) string {
	t.Helper()
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool to build citebot with")
	}
	bin := filepath.Join(t.TempDir(), "citebot")
	cmd := exec.Command(gotool, "build", "-o", bin, "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestReindexKilled kills `citebot reindex` with SIGKILL at random moments
// and checks that each time the index left behind opens and answers: the
// generation before the reindex or the new one, whole, never an empty or
// half-built one; and that leftover build directories are gone after the
// next start. It builds the binary and takes some 20 to 40 seconds, so
// -short skips it.
func TestReindexKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds citebot and kills 20 reindexes; skipped with -short")
	}
	const tries = 20
	bin := buildCitebot(t)
	root := t.TempDir()
	dir, ixDir := filepath.Join(root, "readings"), filepath.Join(root, "index")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeBigCorpus(t, dir, 10, 400)
	marker := filepath.Join(dir, "marker.md")
	citebot := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, append([]string{"--env-file", "", "--corpus", dir, "--index", ixDir}, args...)...)
		cmd.Env = []string{"HOME=" + root, "PATH=" + os.Getenv("PATH")}
		return cmd
	}
	// markerWord is the made-up word only the marker reading of a try has.
	markerWord := func(try int) string { return fmt.Sprintf("zzmarker%c%c", 'a'+try/26, 'a'+try%26) }
	writeMarker := func(try int) string {
		text := fmt.Sprintf("# Marker\n\nThis reading was written for try %s.\n", markerWord(try))
		if err := os.WriteFile(marker, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		fp, err := corpus.FingerprintDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		return fp
	}

	// A first, whole reindex: its time sets the range of moments to kill at.
	prevFP := writeMarker(0)
	wordOf := map[string]string{prevFP: markerWord(0)} // fingerprint → its marker word
	start := time.Now()
	if out, err := citebot("reindex").CombinedOutput(); err != nil {
		t.Fatalf("first reindex: %v\n%s", err, out)
	}
	full := time.Since(start)
	t.Logf("a whole reindex takes %v", full.Round(time.Millisecond))

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	var killedRunning, finished, oldKept, newTaken, leftovers int
	for try := 1; try <= tries; try++ {
		newFP := writeMarker(try)
		wordOf[newFP] = markerWord(try)
		cmd := citebot("reindex")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		after := time.Duration(rng.Int63n(int64(full) * 11 / 10))
		select {
		case err := <-done:
			finished++
			if err != nil {
				t.Errorf("try %d: reindex failed before the kill: %v", try, err)
			}
		case <-time.After(after):
			_ = cmd.Process.Kill() // SIGKILL
			<-done
			killedRunning++
		}
		leftovers += len(generationDirs(t, ixDir)) - 1

		fp := checkIndexAfterKill(t, try, ixDir, prevFP, newFP, wordOf)
		switch fp {
		case prevFP:
			oldKept++
		case newFP:
			newTaken++
		}
		prevFP = fp
	}
	t.Logf("%d tries: killed %d reindexes while running (%d finished first); the old index was kept %d times, the new one taken %d times; %d leftover directories cleaned at the next start",
		tries, killedRunning, finished, oldKept, newTaken, leftovers)
	if killedRunning == 0 {
		t.Errorf("no reindex was killed while running")
	}

	// The command line still answers.
	out, err := citebot("ask", "--json", "reading written for try").CombinedOutput()
	if err != nil || !strings.Contains(string(out), `"status":"answered"`) {
		t.Errorf("ask after the kills: %v\n%s", err, out)
	}
}

// checkIndexAfterKill opens the index a killed reindex left in dir and
// checks it is whole and is either the previous generation or the new one
// (the marker word of its corpus finds the marker reading), and that the
// start removed leftover build directories. It returns the fingerprint of
// the index in use.
func checkIndexAfterKill(t *testing.T, try int, dir, prevFP, newFP string, wordOf map[string]string) string {
	t.Helper()
	ix, err := index.New(dir, nil)
	if err != nil {
		t.Fatalf("try %d: the index left by a killed reindex does not open: %v", try, err)
	}
	defer ix.Close()
	fp := ix.Fingerprint()
	if fp != prevFP && fp != newFP {
		t.Fatalf("try %d: index fingerprint %.10s is neither the old %.10s nor the new %.10s", try, fp, prevFP, newFP)
	}
	word := wordOf[fp] // only the marker reading of that state of the corpus has it
	if gens := generationDirs(t, dir); len(gens) != 1 {
		t.Errorf("try %d: %d generation directories after a start: %v", try, len(gens), gens)
	}
	if n := len(ix.Documents()); n != 11 {
		t.Errorf("try %d: %d documents, want 11", try, n)
	}
	q := retrieval.Query{Limit: 5}
	for _, term := range analysis.Terms(word) {
		q.Clauses = append(q.Clauses, retrieval.Clause{Alternatives: [][]string{{term}}})
	}
	hits, err := ix.Search(context.Background(), q)
	if err != nil || len(hits) != 1 || hits[0].Doc.ID != "marker" || !strings.Contains(hits[0].Passage.Text, word) {
		t.Errorf("try %d: search for %s: %v, %v", try, word, hits, err)
	}
	ids := make([]string, 0, len(ix.Documents()))
	for _, d := range ix.Documents() {
		ids = append(ids, d.ID)
	}
	if !slices.Contains(ids, "r09") {
		t.Errorf("try %d: documents %v", try, ids)
	}
	return fp
}
