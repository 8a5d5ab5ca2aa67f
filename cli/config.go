package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/joho/godotenv"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/library"
)

// config is what every command shares: where the readings and the index
// are, the Discord settings, and how to log.
type config struct {
	corpusDir string // "" means the built-in readings
	indexDir  string
	envFile   string

	token, guildID, moderatorRole, apiBase string
	insightsDir                            string // INSIGHTS_DIR; "" means beside the index

	dataDir       string // each server's library (env DATA_DIR)
	quota         library.Quota
	allowedGuilds []string // DISCORD_ALLOWED_GUILDS
	shardID       int      // DISCORD_SHARD_ID
	shardCount    int      // DISCORD_SHARD_COUNT

	limits corpus.Options // per-file limits of reading the corpus (READINGS_* settings)

	logLevel    slog.Level
	logLevelSet bool // -v or LOG_LEVEL said which
	log         *slog.Logger
}

// usageError is a mistake in how citebot was called; main exits 2 for it.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func ExitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// parseConfig reads the global flags (those before the command), then the
// environment, then a .env file: a flag beats the environment, and the
// environment beats .env. It returns the arguments from the command on.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, []string, error) {
	var cfg config
	fs := flag.NewFlagSet("citebot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.corpusDir, "corpus", "", "folder of readings (.md, .txt, .pdf, .docx, .epub, .html) to answer from (env CORPUS_DIR; default: the built-in readings)")
	fs.StringVar(&cfg.indexDir, "index", "", "where the index is kept (env INDEX_DIR; default: under the user cache directory)")
	fs.StringVar(&cfg.dataDir, "data", "", "where each server's library is kept (env DATA_DIR; default: under the user data directory)")
	fs.StringVar(&cfg.envFile, "env-file", ".env", "file of KEY=value settings read when present")
	verbose := fs.Bool("v", false, "log more (debug)")
	fs.Usage = func() {} // Run prints the help on standard output
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, nil, err
		}
		return cfg, nil, usageError{err.Error()}
	}
	dotenv := map[string]string{}
	if cfg.envFile != "" {
		m, err := godotenv.Read(cfg.envFile)
		switch {
		case err == nil:
			dotenv = m
		case errors.Is(err, os.ErrNotExist):
		default:
			return cfg, nil, fmt.Errorf("read %s: %w", cfg.envFile, err)
		}
	}
	env := func(k string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return dotenv[k]
	}
	if cfg.corpusDir == "" {
		cfg.corpusDir = env("CORPUS_DIR")
	}
	if cfg.indexDir == "" {
		cfg.indexDir = env("INDEX_DIR")
	}
	cfg.token = strings.TrimSpace(env("DISCORD_TOKEN"))
	cfg.guildID = env("DISCORD_GUILD_ID")
	cfg.moderatorRole = env("MODERATOR_ROLE_ID")
	cfg.apiBase = env("DISCORD_API_BASE")
	cfg.insightsDir = env("INSIGHTS_DIR")
	if err := cfg.readLibraryEnv(env); err != nil {
		return cfg, nil, err
	}
	limits, err := readingLimits(env)
	if err != nil {
		return cfg, nil, err
	}
	cfg.limits = limits
	cfg.logLevel = slog.LevelWarn
	if *verbose {
		cfg.logLevel, cfg.logLevelSet = slog.LevelDebug, true
	} else if lv := env("LOG_LEVEL"); lv != "" {
		cfg.logLevelSet = true
		if err := cfg.logLevel.UnmarshalText([]byte(lv)); err != nil {
			return cfg, nil, usageError{fmt.Sprintf("LOG_LEVEL %q: want debug, info, warn or error", lv)}
		}
	}
	if cfg.indexDir == "" {
		dir, err := defaultIndexDir(cfg.corpusDir)
		if err != nil {
			return cfg, nil, err
		}
		cfg.indexDir = dir
	}
	if cfg.dataDir == "" {
		cfg.dataDir = defaultDataDir(env)
	}
	return cfg, fs.Args(), nil
}

// readLibraryEnv reads the settings of the per-server libraries, the
// allowed servers and the shard.
func (cfg *config) readLibraryEnv(env func(string) string) error {
	if cfg.dataDir == "" {
		cfg.dataDir = env("DATA_DIR")
	}
	num := func(key string, min int64) (int64, error) {
		v := strings.TrimSpace(env(key))
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < min {
			return 0, usageError{fmt.Sprintf("%s %q: want a whole number of at least %d", key, v, min)}
		}
		return n, nil
	}
	n, err := num("LIBRARY_MAX_READINGS", 1)
	if err != nil {
		return err
	}
	cfg.quota.MaxReadings = int(n)
	if n, err = num("LIBRARY_MAX_FILE_MB", 1); err != nil {
		return err
	}
	if n > corpus.MaxFileSize>>20 {
		return usageError{fmt.Sprintf("LIBRARY_MAX_FILE_MB %d: citebot reads files of at most %d MiB", n, corpus.MaxFileSize>>20)}
	}
	cfg.quota.MaxFileBytes = n << 20
	if n, err = num("LIBRARY_MAX_TOTAL_MB", 1); err != nil {
		return err
	}
	cfg.quota.MaxTotalBytes = n << 20
	for _, g := range strings.Split(env("DISCORD_ALLOWED_GUILDS"), ",") {
		if g = strings.TrimSpace(g); g == "" {
			continue
		}
		if err := library.CheckServer(g); err != nil {
			return usageError{fmt.Sprintf("DISCORD_ALLOWED_GUILDS: %q is not a server id", g)}
		}
		cfg.allowedGuilds = append(cfg.allowedGuilds, g)
	}
	id, err := num("DISCORD_SHARD_ID", 0)
	if err != nil {
		return err
	}
	count, err := num("DISCORD_SHARD_COUNT", 1)
	if err != nil {
		return err
	}
	if count == 0 {
		count = 1
	}
	if id >= count {
		return usageError{fmt.Sprintf("DISCORD_SHARD_ID %d: want less than DISCORD_SHARD_COUNT (%d)", id, count)}
	}
	cfg.shardID, cfg.shardCount = int(id), int(count)
	return nil
}

// defaultDataDir is citebot's folder under the user data directory:
// $XDG_DATA_HOME/citebot, else ~/.local/share/citebot (on macOS
// ~/Library/Application Support/citebot; on Windows %LocalAppData%\citebot),
// else one in the temporary folder.
func defaultDataDir(env func(string) string) string {
	if d := env("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "citebot")
	}
	if home := env("HOME"); home != "" && filepath.IsAbs(home) {
		if runtime.GOOS == "darwin" {
			return filepath.Join(home, "Library", "Application Support", "citebot")
		}
		return filepath.Join(home, ".local", "share", "citebot")
	}
	if d := env("LocalAppData"); d != "" && runtime.GOOS == "windows" {
		return filepath.Join(d, "citebot")
	}
	return filepath.Join(os.TempDir(), "citebot-data")
}

// defaultIndexDir keeps each corpus's index apart under the user cache
// directory: "builtin" for the embedded readings, else a hash of the
// corpus folder's absolute path.
func defaultIndexDir(corpusDir string) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	name := "builtin"
	if corpusDir != "" {
		abs, err := filepath.Abs(corpusDir)
		if err != nil {
			return "", fmt.Errorf("corpus folder %s: %w", corpusDir, err)
		}
		sum := sha256.Sum256([]byte(abs))
		name = filepath.Base(abs) + "-" + hex.EncodeToString(sum[:6])
	}
	return filepath.Join(cache, "citebot", name), nil
}

const usageText = `citebot answers questions about a folder of readings with cited, verbatim excerpts.

Usage:
  citebot [global flags] [command] [arguments]

Commands:
  chat                  a local chat on the terminal (the default without DISCORD_TOKEN)
  ask [--json] [--top N] [QUESTION...]
                        answer a question; with none, one question per line of stdin
  sources               list the indexed readings
  reindex [--server ID] rebuild the index from the readings now (of one server's library)
  readings list|add FILE [--title T]|remove NAME|hide NAME|show NAME [--server ID]
                        manage a server's library, or without --server the shared readings
  serve                 run the Discord bot (the default with DISCORD_TOKEN set)
  explain [--json] CONCEPT
                        a concept card: the readings' definitions, then an explanation
  concepts [--json] [--map FILE.png]
                        the glossary's concepts by group; --map draws the concept map
  eval [--data DIR] [--questions FILE]...
                        score answers on question sets and test collections
  bench                 performance figures beside plain Bleve
  help                  show this help (also --help; "citebot COMMAND --help" for a command's flags)

In the chat: type a question; "more" shows further passages, "sources" the
readings, "help" the chat's commands, "quit" (or Ctrl-D) leaves.

Global flags:
  --corpus DIR          folder of readings (env CORPUS_DIR; default: the built-in readings)
  --index DIR           where the index is kept (env INDEX_DIR; default: user cache dir)
  --data DIR            where each server's library is kept (env DATA_DIR; default: user data dir)
  --env-file FILE       settings file read when present (default .env)
  -v                    debug logging

Environment: DISCORD_TOKEN, DISCORD_GUILD_ID, MODERATOR_ROLE_ID, DISCORD_API_BASE,
DISCORD_ALLOWED_GUILDS, DISCORD_SHARD_ID, DISCORD_SHARD_COUNT, CORPUS_DIR, INDEX_DIR,
DATA_DIR, LIBRARY_MAX_READINGS, LIBRARY_MAX_FILE_MB, LIBRARY_MAX_TOTAL_MB, LOG_LEVEL.
The environment wins over the .env file.
`
