package cli

import (
	"context"
	"fmt"
	"io"
)

// command is one citebot subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, cfg config, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

// commands maps each subcommand's name to its implementation.
func commands() map[string]command {
	return map[string]command{
		"chat":     {"a local chat on the terminal", runChat},
		"ask":      {"answer questions", runAsk},
		"sources":  {"list the indexed readings", runSources},
		"reindex":  {"rebuild the index", runReindex},
		"readings": {"manage a server's library or the shared readings", runReadings},
		"serve":    {"run the Discord bot", runServe},
		"eval":     {"score answers on question sets and test collections", runEval},
		"explain":  {"explain a concept", runExplain},
		"concepts": {"list concepts; --map draws them", runConcepts},
		"bench":    {"benchmark citebot against plain Bleve", runBench},
		"help":     {"show help", runHelp},
	}
}

func runHelp(_ context.Context, _ config, _ []string, _ io.Reader, stdout, _ io.Writer) error {
	_, err := fmt.Fprint(stdout, usageText)
	return err
}
