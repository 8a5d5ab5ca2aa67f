package library

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citebot/citebot/handlers"
)

// benchServers is how many server libraries the benchmark keeps on disk.
const benchServers = 1000

var (
	benchOnce   sync.Once
	benchDir    string
	benchShared Shared
	benchClose  func()
)

// benchLibraries builds benchServers libraries of the built-in essay (25
// passages) once per test binary, in a folder removed when it exits, and
// returns their parent folder.
func benchLibraries(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "citebot-library-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = dir
		benchShared, benchClose, err = openShared(dir)
		if err != nil {
			b.Fatal(err)
		}
		l := benchOpen(b, dir, 8)
		defer l.Close()
		start := time.Now()
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for i := next.Add(1); i <= benchServers; i = next.Add(1) {
					if _, err := l.Handlers(context.Background(), benchServer(int(i))); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		b.Logf("built %d server libraries in %v", benchServers, time.Since(start).Round(time.Millisecond))
	})
	return benchDir
}

func benchServer(i int) string { return fmt.Sprintf("%d", 1_000_000_000+i) }

// benchOpen opens the libraries in dir with at most maxOpen open, on a
// clock that moves three minutes a call so that idle libraries may close.
func benchOpen(b *testing.B, dir string, maxOpen int) *Libraries {
	b.Helper()
	var ticks atomic.Int64
	base := time.Now()
	l, err := New(Config{Dir: filepath.Join(dir, "data"), Shared: benchShared, MaxOpen: maxOpen,
		IdleAfter: 24 * time.Hour,
		Now:       func() time.Time { return base.Add(time.Duration(ticks.Add(1)) * 3 * time.Minute) }})
	if err != nil {
		b.Fatal(err)
	}
	return l
}

const benchQuestion = "What is the security dilemma?"

// BenchmarkLibraries measures, over 1,000 server libraries on disk: the
// heap that 50 open libraries hold (MiB/50-open, and per library), the
// time to reopen a closed library, and the latency of a question whose
// library was closed against one whose library is open (the baseline,
// measured in the same run).
//
//	go test -run '^$' -bench Libraries -benchtime 200x ./library
func BenchmarkLibraries(b *testing.B) {
	dir := benchLibraries(b)
	ctx := context.Background()

	b.Run("memory-50-open", func(b *testing.B) {
		for b.Loop() {
			l := benchOpen(b, dir, 1000)
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for i := 1; i <= 50; i++ {
				if _, err := l.Handlers(ctx, benchServer(i)); err != nil {
					b.Fatal(err)
				}
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			if l.Open() != 50 {
				b.Fatalf("%d open", l.Open())
			}
			mib := float64(int64(after.HeapInuse)-int64(before.HeapInuse)) / (1 << 20)
			b.ReportMetric(mib, "MiB/50-open")
			b.ReportMetric(mib/50*1024, "KiB/library")
			l.Close()
		}
	})

	b.Run("reopen-closed", func(b *testing.B) {
		l := benchOpen(b, dir, 1) // every open closes the one before
		defer l.Close()
		i := 0
		for b.Loop() {
			i++
			if _, err := l.Handlers(ctx, benchServer(i%benchServers+1)); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("ask-open-baseline", func(b *testing.B) {
		l := benchOpen(b, dir, 1000)
		defer l.Close()
		svc, err := l.Handlers(ctx, benchServer(1))
		if err != nil {
			b.Fatal(err)
		}
		benchAsk(b, svc)
		for b.Loop() {
			svc, err := l.Handlers(ctx, benchServer(1))
			if err != nil {
				b.Fatal(err)
			}
			benchAsk(b, svc)
		}
	})

	b.Run("ask-closed", func(b *testing.B) {
		l := benchOpen(b, dir, 1)
		defer l.Close()
		i := 0
		for b.Loop() {
			i++
			svc, err := l.Handlers(ctx, benchServer(i%benchServers+1))
			if err != nil {
				b.Fatal(err)
			}
			benchAsk(b, svc)
		}
	})
}

func benchAsk(b *testing.B, svc *handlers.Service) {
	a, err := svc.Ask(context.Background(), benchQuestion, handlers.AskOptions{})
	if err != nil || a.Status != handlers.StatusAnswered {
		b.Fatalf("ask: %v %v", a.Status, err)
	}
}

// TestMain removes the benchmark's libraries when the binary exits.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		benchClose()
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}
