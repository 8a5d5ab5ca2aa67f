package index_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/readings"
	"github.com/citebot/citebot/retrieval"
)

// openFDs counts this process's open file descriptors, or returns -1
// where /proc/self/fd does not exist.
func openFDs(tb testing.TB) int {
	tb.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

// heapAfterGC returns the bytes of live heap after garbage collection.
func heapAfterGC() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestReindexUnderLoad asks questions from 8 goroutines without pause
// while 20 reindexes run back to back: every question must be answered
// (no error, no empty answer), and neither open files nor the heap may grow
// across the reindexes. Run it with -race.
func TestReindexUnderLoad(t *testing.T) {
	const (
		askers    = 8
		reindexes = 20
	)
	c, err := corpus.Load(readings.FS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ix, err := index.New(dir, nil)
	if !errors.Is(err, index.ErrNoIndex) {
		t.Fatalf("New: %v", err)
	}
	defer ix.Close()
	builds := 0
	loader := func(context.Context) (*corpus.Corpus, string, error) {
		builds++ // Reindex runs one at a time
		return c, fmt.Sprintf("essay-%d", builds), nil
	}
	svc := handlers.New(ix, handlers.Options{Builder: ix, Loader: loader})
	ctx := context.Background()
	if _, err := svc.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	questions := []string{
		"what is the security dilemma?",
		"what is wedging?",
		"why does China support Russia?",
		"what is bloodletting?",
		"balancing alliance",
	}
	ask := func(q string) error {
		a, err := svc.Ask(ctx, q, handlers.AskOptions{})
		if err != nil {
			return err
		}
		if a.Status != handlers.StatusAnswered || len(a.Results) == 0 {
			return fmt.Errorf("%q: %s with %d results", q, a.Status, len(a.Results))
		}
		for _, r := range a.Results {
			if r.Excerpt == "" || r.Passage.Text == "" {
				return fmt.Errorf("%q: empty excerpt or passage in %s", q, r.Passage.ID)
			}
		}
		return nil
	}
	// Warm up: every question answers, and caches are filled.
	for range 3 {
		for _, q := range questions {
			if err := ask(q); err != nil {
				t.Fatalf("before the load: %v", err)
			}
		}
	}
	fdsBefore, heapBefore := openFDs(t), heapAfterGC()

	var (
		stop     atomic.Bool
		asked    atomic.Int64
		failures atomic.Int64
		firstErr sync.Once
		wg       sync.WaitGroup
	)
	for i := range askers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := i; !stop.Load(); n++ {
				if err := ask(questions[n%len(questions)]); err != nil {
					failures.Add(1)
					firstErr.Do(func() { t.Errorf("during the reindexes: %v", err) })
				}
				asked.Add(1)
				// A breath between questions leaves the reindexes some of
				// the CPU on a small machine under -race.
				time.Sleep(time.Millisecond)
			}
		}()
	}
	// Searches straight on the index are much quicker than answers, so
	// many more of them straddle the switch from one generation to the next.
	const searchers = 1
	var searched, searchFailures atomic.Int64
	q := retrieval.Query{Limit: 10, Clauses: []retrieval.Clause{{Alternatives: [][]string{{"secur"}}}}}
	for range searchers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				hits, err := ix.Search(ctx, q)
				if err == nil && len(hits) == 0 {
					err = errors.New("search found nothing")
				}
				if err == nil {
					var ok bool
					_, ok, err = ix.Passage(ctx, hits[0].Passage.ID)
					if err == nil && !ok {
						err = fmt.Errorf("passage %s not found", hits[0].Passage.ID)
					}
				}
				if err == nil && len(ix.Similar("secyr", 1, 2)) == 0 {
					err = errors.New("no similar terms")
				}
				if err != nil {
					searchFailures.Add(1)
					firstErr.Do(func() { t.Errorf("during the reindexes: %v", err) })
				}
				searched.Add(1)
			}
		}()
	}
	start := time.Now()
	versions := map[string]bool{}
	for i := range reindexes {
		sum, err := svc.Reindex(ctx, nil)
		if err != nil {
			t.Errorf("reindex %d: %v", i, err)
			continue
		}
		versions[sum.Version] = true
	}
	took := time.Since(start)
	stop.Store(true)
	wg.Wait()

	fdsAfter, heapAfter := openFDs(t), heapAfterGC()
	t.Logf("%d reindexes in %v while %d goroutines asked %d questions (%d failed) and %d searched %d times (%d failed)",
		reindexes, took.Round(time.Millisecond), askers, asked.Load(), failures.Load(),
		searchers, searched.Load(), searchFailures.Load())
	t.Logf("open files: %d before, %d after; heap: %.1f MiB before, %.1f MiB after",
		fdsBefore, fdsAfter, float64(heapBefore)/(1<<20), float64(heapAfter)/(1<<20))
	if failures.Load() > 0 {
		t.Errorf("%d of %d questions failed or came back empty", failures.Load(), asked.Load())
	}
	if searchFailures.Load() > 0 {
		t.Errorf("%d of %d searches failed or came back empty", searchFailures.Load(), searched.Load())
	}
	if len(versions) != reindexes {
		t.Errorf("%d distinct versions after %d reindexes", len(versions), reindexes)
	}
	if asked.Load() < askers {
		t.Errorf("only %d questions asked", asked.Load())
	}
	if fdsBefore >= 0 && fdsAfter > fdsBefore+2 {
		t.Errorf("open files grew from %d to %d", fdsBefore, fdsAfter)
	}
	if heapAfter > heapBefore+heapBefore/2+2<<20 {
		t.Errorf("heap grew from %d to %d bytes", heapBefore, heapAfter)
	}
	if gens, _ := os.ReadDir(dir); len(gens) != 3 { // CURRENT, LOCK, one generation
		var names []string
		for _, g := range gens {
			names = append(names, g.Name())
		}
		t.Errorf("index directory holds %v", names)
	}
}
