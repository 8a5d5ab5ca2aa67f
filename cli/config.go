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
	"strings"

	"github.com/joho/godotenv"
)

// config is what every command shares: where the readings and the index
// are, the Discord settings, and how to log.
type config struct {
	corpusDir string // "" means the built-in readings
	indexDir  string
	envFile   string

	token, guildID, moderatorRole, apiBase string
	insightsDir                            string // INSIGHTS_DIR; "" means beside the index

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
	fs.StringVar(&cfg.corpusDir, "corpus", "", "folder of readings (.md, .txt) to answer from (env CORPUS_DIR; default: the built-in readings)")
	fs.StringVar(&cfg.indexDir, "index", "", "where the index is kept (env INDEX_DIR; default: under the user cache directory)")
	fs.StringVar(&cfg.envFile, "env-file", ".env", "file of KEY=value settings read when present")
	verbose := fs.Bool("v", false, "log more (debug)")
	fs.Usage = func() { fmt.Fprint(stderr, usageText) }
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
	return cfg, fs.Args(), nil
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
  reindex               rebuild the index from the readings now
  serve                 run the Discord bot (the default with DISCORD_TOKEN set)
  eval                  score answers on question sets and test collections
  help                  show this help

Global flags:
  --corpus DIR          folder of readings (env CORPUS_DIR; default: the built-in readings)
  --index DIR           where the index is kept (env INDEX_DIR; default: user cache dir)
  --env-file FILE       settings file read when present (default .env)
  -v                    debug logging

Environment: DISCORD_TOKEN, DISCORD_GUILD_ID, MODERATOR_ROLE_ID, DISCORD_API_BASE,
CORPUS_DIR, INDEX_DIR, LOG_LEVEL. The environment wins over the .env file.
`
