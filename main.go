// Command citebot answers study-group questions about a folder of readings
// with cited, verbatim excerpts: in a local chat on the terminal, as a CLI
// with JSON output, or as a Discord bot. The commands live in package cli;
// this file only hands them the process.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/citebot/citebot/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cli.Run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "citebot:", err)
		os.Exit(cli.ExitCode(err))
	}
}
