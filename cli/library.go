package cli

import (
	"context"
	"io"

	"github.com/citebot/citebot/bot"
	"github.com/citebot/citebot/library"
	"github.com/citebot/citebot/retrieval"
)

// openLibraries opens every server's library over the app's shared
// readings.
func (a *app) openLibraries() (*library.Libraries, error) {
	return library.New(library.Config{
		Dir: a.cfg.dataDir,
		Shared: library.Shared{
			Load:        a.cfg.loader(),
			Fingerprint: a.cfg.fingerprint,
			Service:     a.svc,
			Documents:   a.ix.Documents,
		},
		Quota:   a.cfg.quota,
		Reading: a.cfg.limits,
		Logger:  a.log,
	})
}

// openServerLibraries opens the server libraries for a command that works
// on one server's library only. It does not open the shared readings'
// index, which a running bot holds: it reads the shared readings instead,
// so that `citebot readings … --server` works beside the bot on any
// library the bot does not hold open.
func openServerLibraries(ctx context.Context, cfg config, stderr io.Writer) (*library.Libraries, error) {
	load := cfg.loader()
	c, _, err := load(ctx)
	if err != nil {
		return nil, err
	}
	docs := make([]retrieval.DocInfo, 0, len(c.Documents))
	for _, d := range c.Documents {
		docs = append(docs, retrieval.DocInfo{ID: d.ID, Path: d.Path, Title: d.Title, Author: d.Author,
			Hash: d.Hash, Passages: len(d.Passages), Format: string(d.Format), Pages: d.Pages})
	}
	return library.New(library.Config{
		Dir:     cfg.dataDir,
		Shared:  library.Shared{Load: load, Fingerprint: cfg.fingerprint, Documents: func() []retrieval.DocInfo { return docs }},
		Quota:   cfg.quota,
		Reading: cfg.limits,
		Logger:  cfg.logger(stderr),
	})
}

// botLibraries lets the bot ask each server's library.
type botLibraries struct{ l *library.Libraries }

// Handlers returns the service of the server's library, or of the shared
// readings for a direct message.
func (b botLibraries) Handlers(ctx context.Context, guildID string) (bot.Handlers, error) {
	s, err := b.l.Handlers(ctx, guildID)
	if err != nil {
		return nil, err
	}
	return s, nil
}
