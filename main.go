// Command citebot answers study-group questions about a folder of readings
// with cited, verbatim excerpts: in a local chat on the terminal, as a CLI
// with JSON output, or as a Discord bot.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "citebot:", err)
		os.Exit(exitCode(err))
	}
}

// run is citebot with its process surroundings passed in, so tests can call
// it: the arguments after the program name, the environment, and the
// standard streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
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
