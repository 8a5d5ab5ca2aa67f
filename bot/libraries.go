package bot

import (
	"context"
	"fmt"
)

// Libraries picks, for every interaction and message, the readings that
// answer it: each server has a library of its own, and direct messages are
// answered from the shared readings. A *library.Libraries provides it;
// Shared wraps a single Handlers for a bot with one library for all.
type Libraries interface {
	// Handlers returns what answers from the library of the server
	// guildID; guildID "" is a direct message, answered from the shared
	// readings. Opening a library that was closed for being idle takes
	// milliseconds; an error means the library cannot answer now.
	Handlers(ctx context.Context, guildID string) (Handlers, error)
}

// Shared is a Libraries that answers every server and every direct
// message from h.
func Shared(h Handlers) Libraries { return sharedLibrary{h} }

type sharedLibrary struct{ h Handlers }

func (s sharedLibrary) Handlers(context.Context, string) (Handlers, error) { return s.h, nil }

// handlersFor returns the Handlers that answer in the server guildID ("" for
// a direct message).
func (b *Bot) handlersFor(ctx context.Context, guildID string) (Handlers, error) {
	h, err := b.libs.Handlers(ctx, guildID)
	if err != nil {
		return nil, fmt.Errorf("open the library of server %q: %w", guildID, err)
	}
	if h == nil {
		return nil, fmt.Errorf("open the library of server %q: no handlers", guildID)
	}
	return h, nil
}

// handlers returns the Handlers that answer this interaction: those of the
// server it came from, or the shared readings' in a direct message.
func (c *call) handlers(ctx context.Context) (Handlers, error) {
	return c.b.handlersFor(ctx, c.in.GuildID)
}
