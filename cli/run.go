// Package cli is citebot's command line: it parses flags, the environment
// and .env into a configuration, and runs one command (chat, ask, explain,
// concepts, sources, reindex, serve, eval, bench) against the readings. It
// is the only place that turns errors into words for a terminal.
package cli

import (
	"context"
	"fmt"
	"io"
)

// Run is citebot with its process surroundings passed in, so tests can call
// it: the arguments after the program name, the environment, and the
// standard streams.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, rest, err := parseConfig(args, getenv, stderr)
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
	return c.run(ctx, cfg, cmdArgs, stdin, stdout, stderr)
}
