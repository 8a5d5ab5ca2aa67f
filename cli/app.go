package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/readings"
)

// app is citebot wired together: the index on disk and the handlers that
// answer from it.
type app struct {
	cfg config
	ix  *index.Index
	svc *handlers.Service
	log *slog.Logger
}

// loader reads the configured corpus: the folder, or the built-in readings.
func (cfg config) loader() handlers.Loader {
	return func(ctx context.Context) (*corpus.Corpus, string, error) {
		if cfg.corpusDir == "" {
			fp, err := corpus.Fingerprint(readings.FS)
			if err != nil {
				return nil, "", fmt.Errorf("built-in readings: %w", err)
			}
			c, err := corpus.Load(readings.FS)
			if err != nil {
				return nil, "", fmt.Errorf("built-in readings: %w", err)
			}
			return c, fp, nil
		}
		// Both errors name the corpus folder already.
		fp, err := corpus.FingerprintDir(cfg.corpusDir)
		if err != nil {
			return nil, "", err
		}
		c, err := corpus.LoadDirWith(cfg.corpusDir, cfg.limits)
		if err != nil {
			return nil, "", err
		}
		return c, fp, nil
	}
}

// fingerprint identifies the configured corpus as it is now, cheaply.
func (cfg config) fingerprint() (string, error) {
	if cfg.corpusDir == "" {
		return corpus.Fingerprint(readings.FS)
	}
	return corpus.FingerprintDir(cfg.corpusDir)
}

// openApp opens the index, building it first when there is none, when it
// was built from another state of the corpus, or when it is damaged (a
// damaged generation is logged, rebuilt from the corpus and removed).
// Problems with corpus files are logged and reported on stderr. When the
// corpus has changed but cannot be indexed now (every file broken, the
// folder emptied or gone), the index built before keeps serving and the
// reason is logged; with no earlier index that is an error. An index
// another citebot process holds is an error wrapping index.ErrLocked.
func openApp(ctx context.Context, cfg config, stderr io.Writer) (*app, error) {
	return open(ctx, cfg, stderr, true)
}

// openAppForReindex opens the index like openApp but leaves rebuilding to
// the caller, so that the caller's reindex reports what changed.
func openAppForReindex(ctx context.Context, cfg config, stderr io.Writer) (*app, error) {
	return open(ctx, cfg, stderr, false)
}

func open(ctx context.Context, cfg config, stderr io.Writer, build bool) (*app, error) {
	// The word tables are read on first use; reading them while the index
	// opens keeps them off the first answer's time.
	go analysis.Preload()
	// The corpus's fingerprint (a stat of every reading) is taken while
	// the index opens: it needs nothing of the index.
	type fpResult struct {
		fp  string
		err error
	}
	fpc := make(chan fpResult, 1)
	if build {
		go func() {
			fp, err := cfg.fingerprint()
			fpc <- fpResult{fp, err}
		}()
	}
	log := cfg.logger(stderr)
	ix, err := index.New(cfg.indexDir, log)
	switch {
	case err == nil, errors.Is(err, index.ErrNoIndex):
	case ix == nil:
		return nil, err
	case errors.Is(err, index.ErrLocked):
		_ = ix.Close()
		return nil, err
	default:
		log.Warn("index unusable; rebuilding from the readings", "dir", cfg.indexDir, "err", err)
	}
	a := &app{cfg: cfg, ix: ix, log: log}
	a.svc = handlers.New(ix, handlers.Options{Builder: ix, Loader: cfg.loader(), Logger: log})
	if !build {
		return a, nil
	}
	r := <-fpc
	fp, err := r.fp, r.err
	if err != nil {
		if ix.Fingerprint() == "" {
			_ = ix.Close()
			return nil, err
		}
		log.Warn("cannot read the readings; answering from the index built before", "err", err)
		return a, nil
	}
	if ix.Fingerprint() != fp {
		log.Info("building the index", "dir", cfg.indexDir)
		sum, err := a.svc.Reindex(ctx, nil)
		if err != nil {
			// The error names the files that were skipped, if any.
			if ix.Fingerprint() == "" || ctx.Err() != nil {
				_ = ix.Close()
				return nil, err
			}
			log.Warn("the readings changed but cannot be indexed; answering from the index built before",
				"version", ix.Version(), "err", err)
			return a, nil
		}
		reportProblems(stderr, sum.Problems)
		log.Info("index built", "documents", sum.Documents, "passages", sum.Passages, "took", sum.Took)
	}
	return a, nil
}

func (a *app) Close() error { return a.ix.Close() }

func reportProblems(w io.Writer, ps []corpus.Problem) {
	for _, p := range ps {
		fmt.Fprintf(w, "skipped %s\n", p.Error())
	}
}

func (cfg config) logger(stderr io.Writer) *slog.Logger {
	if cfg.log != nil {
		return cfg.log
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.logLevel}))
}
