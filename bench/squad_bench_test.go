package bench

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/eval"
	"github.com/citebot/citebot/handlers"
)

// The SQuAD batch in process, for profiles of what `ask --json --top 100`
// spends its time on (the whole-process figure is `citebot bench
// --eval-data DIR`). The data is read from $CITEBOT_EVAL_DATA, else
// /work/shared/eval-data; without it the benchmarks skip.
//
//	go test ./bench -run '^$' -bench SQuAD -benchtime 2000x -cpuprofile cpu.prof

var (
	squadOnce sync.Once
	squadFix  *squadFixture
	squadErr  error
)

type squadFixture struct {
	svc       *handlers.Service
	plain     *Plain
	questions []string
}

func evalData() string {
	if d := os.Getenv("CITEBOT_EVAL_DATA"); d != "" {
		return d
	}
	return "/work/shared/eval-data"
}

func getSQuAD(b *testing.B) *squadFixture {
	path := filepath.Join(evalData(), filepath.FromSlash(SQuADFile))
	if _, err := os.Stat(path); err != nil {
		b.Skipf("no SQuAD data at %s", path)
	}
	squadOnce.Do(func() {
		sq, err := eval.LoadSQuAD(path)
		if err != nil {
			squadErr = err
			return
		}
		dir, err := os.MkdirTemp("", "citebot-squad-")
		if err != nil {
			squadErr = err
			return
		}
		registerCleanup(dir)
		cdir := filepath.Join(dir, "corpus")
		if squadErr = eval.WriteCollectionCorpus(cdir, sq.Docs()); squadErr != nil {
			return
		}
		c, err := corpus.LoadDir(cdir)
		if err != nil {
			squadErr = err
			return
		}
		fp, _ := corpus.FingerprintDir(cdir)
		ix, err := buildCitebot(context.Background(), filepath.Join(dir, "cb"), c, fp)
		if err != nil {
			squadErr = err
			return
		}
		pl, err := BuildPlain(context.Background(), filepath.Join(dir, "plain"), c, nil)
		if err != nil {
			squadErr = err
			return
		}
		f := &squadFixture{svc: handlers.New(ix, handlers.Options{}), plain: pl}
		for _, a := range sq.Articles {
			for _, q := range a.Questions {
				f.questions = append(f.questions, strings.Join(strings.Fields(q.Question), " "))
			}
		}
		squadFix = f
	})
	if squadErr != nil {
		b.Fatal(squadErr)
	}
	return squadFix
}

func BenchmarkSQuADAskTop100(b *testing.B) { benchSQuADAsk(b, 100) }

// benchSQuADAsk answers the SQuAD questions in turn, top results each, and
// encodes every answer as `ask --json` does.
func benchSQuADAsk(b *testing.B, top int) {
	b.Helper()
	f := getSQuAD(b)
	enc := json.NewEncoder(io.Discard)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a, err := f.svc.Ask(ctx, f.questions[i%len(f.questions)], handlers.AskOptions{Top: top})
		if err != nil {
			b.Fatal(err)
		}
		_ = enc.Encode(a)
	}
}

func BenchmarkSQuADPlainBleveTop100(b *testing.B) {
	f := getSQuAD(b)
	enc := json.NewEncoder(io.Discard)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		hits, err := f.plain.Ask(ctx, f.questions[i%len(f.questions)], 100, true)
		if err != nil {
			b.Fatal(err)
		}
		_ = enc.Encode(hits)
	}
}

// BenchmarkSQuADAskTop10 is the batch of `ask --json --top 10`, the shape
// of the whole-process row compared with wink-bm25.
func BenchmarkSQuADAskTop10(b *testing.B) {
	b.ReportAllocs()
	benchSQuADAsk(b, 10)
}
