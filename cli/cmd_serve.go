package cli

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/citebot/citebot/bot"
	"github.com/citebot/citebot/insights"
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
	// What /insights shows and the channel modes of /threads are kept per
	// server, under DATA_DIR unless INSIGHTS_DIR says where.
	dir := cfg.insightsDir
	if dir == "" {
		dir = filepath.Join(cfg.dataDir, "insights")
	}
	store, err := insights.Open(dir, nil)
	if err != nil {
		return err
	}
	libs, err := a.openLibraries()
	if err != nil {
		return err
	}
	defer libs.Close()
	b, err := bot.New(bot.Config{
		Token:           cfg.token,
		GuildID:         cfg.guildID,
		ModeratorRoleID: cfg.moderatorRole,
		APIBase:         cfg.apiBase,
		Insights:        store,
		Readings:        libs,
		Settings:        libs,
		AllowedGuilds:   cfg.allowedGuilds,
		ShardID:         cfg.shardID,
		ShardCount:      cfg.shardCount,
	}, botLibraries{libs}, a.log)
	if err != nil {
		return err
	}
	a.log.Info("serving on Discord", "documents", len(a.ix.Documents()), "index", a.ix.Version(),
		"data", cfg.dataDir, "shard", cfg.shardID, "shards", cfg.shardCount, "allowed_servers", len(cfg.allowedGuilds))
	if err := b.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
