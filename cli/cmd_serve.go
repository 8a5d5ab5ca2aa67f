package cli

import (
	"context"
	"errors"
	"io"
	"log/slog"

	"github.com/citebot/citebot/bot"
)

// runServe runs the Discord bot until ctx is cancelled (SIGINT/SIGTERM),
// then closes the session and the index.
func runServe(ctx context.Context, cfg config, _ []string, _ io.Reader, _, stderr io.Writer) error {
	if cfg.token == "" {
		return usageError{"serve needs DISCORD_TOKEN (in the environment or .env); without it, run `citebot chat`"}
	}
	if !cfg.logLevelSet {
		cfg.logLevel = slog.LevelInfo // a server says what it does: one line per interaction
	}
	a, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	b, err := bot.New(bot.Config{
		Token:           cfg.token,
		GuildID:         cfg.guildID,
		ModeratorRoleID: cfg.moderatorRole,
		APIBase:         cfg.apiBase,
	}, bot.Shared(a.svc), a.log)
	if err != nil {
		return err
	}
	a.log.Info("serving on Discord", "documents", len(a.ix.Documents()), "index", a.ix.Version())
	if err := b.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
