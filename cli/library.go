package cli

import (
	"context"

	"github.com/citebot/citebot/bot"
	"github.com/citebot/citebot/library"
)

// openLibraries opens every server's library over the app's shared
// readings.
func (a *app) openLibraries() (*library.Libraries, error) {
	return library.New(library.Config{
		Dir: a.cfg.dataDir,
		Shared: library.Shared{
			Load:      a.cfg.loader(),
			Service:   a.svc,
			Documents: a.ix.Documents,
		},
		Quota:  a.cfg.quota,
		Logger: a.log,
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
