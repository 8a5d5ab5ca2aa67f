// Package cli is citebot's command line: it parses flags, the environment
// and .env into a configuration, and runs one command (chat, ask, explain,
// concepts, sources, reindex, serve, eval, bench) against the readings. It
// is the only place that turns errors into words for a terminal.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Run is citebot with its process surroundings passed in, so tests can call
// it: the arguments after the program name, the environment, and the
// standard streams.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, rest, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		// "citebot --help" is a request, not a mistake: the help, exit 0.
		_, err := fmt.Fprint(stdout, usageText)
		return err
	}
	if err != nil {
		return err
	}
	cmd, cmdArgs := "", rest
	if len(rest) > 0 {
		cmd, cmdArgs = rest[0], rest[1:]
	}
	if cmd == "" {
		if cfg.token != "" {
			cmd = "serve"
		} else {
			cmd = "chat"
		}
	}
	c, ok := commands()[cmd]
	if !ok {
		return usageError{fmt.Sprintf("unknown command %q (try: citebot help)", cmd)}
	}
	err = c.run(ctx, cfg, cmdArgs, stdin, stdout, stderr)
	if err != nil && asksHelp(cmdArgs) && strings.Contains(err.Error(), flag.ErrHelp.Error()) {
		return nil // "citebot ask --help": the flag package printed the command's flags
	}
	return err
}

// asksHelp reports whether a command's arguments ask for its help (before
// a "--" that ends the flags).
func asksHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}
