package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// guildLibraries is a Libraries with one fakeHandlers per server id; ""
// holds the shared readings of direct messages.
type guildLibraries struct {
	by  map[string]*fakeHandlers
	err error // returned for servers missing from by
}

func (g guildLibraries) Handlers(_ context.Context, guildID string) (Handlers, error) {
	if h, ok := g.by[guildID]; ok {
		return h, nil
	}
	return nil, g.err
}

// TestEachServerAsksItsOwnLibrary checks that questions, slash commands
// and mentions reach the library of the server they came from, that direct
// messages reach the shared readings, and that a library that cannot open
// is a private apology, not a crash or an answer from another server.
func TestEachServerAsksItsOwnLibrary(t *testing.T) {
	const otherGuild = "1240000000000000099"
	mine, other, shared := &fakeHandlers{}, &fakeHandlers{}, &fakeHandlers{}
	libs := guildLibraries{
		by:  map[string]*fakeHandlers{testGuildID: mine, otherGuild: other, "": shared},
		err: errors.New("library damaged"),
	}
	b, logs := newTestBotLibs(t, libs, Config{})

	runInteraction(t, b, interaction(t, "ask"))
	runInteraction(t, b, interaction(t, "ask_dm"))
	b.handleMessage(context.Background(), readFile(t, "testdata/messages/mention_nick_in_thread.json"), &recorder{})
	for name, tc := range map[string]struct {
		h    *fakeHandlers
		want int
	}{"this server": {mine, 2}, "direct messages": {shared, 1}, "another server": {other, 0}} {
		tc.h.mu.Lock()
		got := len(tc.h.asks)
		tc.h.mu.Unlock()
		if got != tc.want {
			t.Errorf("%s's library was asked %d questions, want %d", name, got, tc.want)
		}
	}

	// A server whose library cannot open gets a private apology.
	raw := strings.Replace(string(interaction(t, "ask")), testGuildID, "1240000000000000077", -1)
	calls := runInteraction(t, b, []byte(raw))
	if len(calls) != 1 {
		t.Fatalf("%d calls for a server whose library cannot open, want 1", len(calls))
	}
	if m := calls[0].decode(t); m.Flags&64 == 0 || len(m.Embeds) != 0 || !strings.Contains(m.Content, "went wrong") {
		t.Errorf("want a private apology, got %+v", m)
	}
	if !strings.Contains(logs.String(), "library damaged") {
		t.Errorf("the library's error is not logged:\n%s", logs)
	}
}
