package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/insights"
)

// waitUntil polls cond until it holds or ctx ends.
func waitUntil(ctx context.Context, t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// message reads a recorded message fixture, with a fresh id and changes.
func messageFixture(t *testing.T, name string, id int, edit func(map[string]any)) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readFile(t, "testdata/messages/"+name+".json"), &m); err != nil {
		t.Fatal(err)
	}
	m["id"] = fmt.Sprintf("12800000000000%05d", id)
	if edit != nil {
		edit(m)
	}
	return m
}

// withID gives a recorded interaction a fresh id and token.
func withID(id int) func(map[string]any) {
	return func(m map[string]any) {
		m["id"] = fmt.Sprintf("12600000000000%05d", id)
		m["token"] = fmt.Sprintf("fake-token-%d", id)
	}
}

const guildChannel = "/api/v9/channels/1245000000000000000/messages"

func posts(path string) func(restCall) bool {
	return func(c restCall) bool { return c.Method == http.MethodPost && c.Path == path }
}

// TestEndToEndRealDiscord drives a real discordgo Session against a fake
// Discord that behaves as the real one does when things go wrong or get
// interesting: withheld reply-pings, DMs, role mentions, 403 50013 on a
// reply, 429 on a callback, op 7 and op 9, and the issue-17 features
// (message command, a follow-up in a thread, a forum post, votes and
// /insights).
func TestEndToEndRealDiscord(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	fake := newFakeDiscord(t, true)
	h := &fakeHandlers{}
	store, err := insights.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, logs := newTestBot(t, h, Config{APIBase: fake.srv.URL, Insights: store, Cooldown: Cooldown{Questions: -1}})
	b.botID, b.appID = "", ""
	b.fastBudget = 100 * time.Millisecond
	b.reconnectWait = 10 * time.Millisecond
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- b.Run(runCtx) }()
	fake.waitFor(ctx, "registration", 0, func(c restCall) bool { return c.Method == http.MethodPut })

	// The server's roles: the bot's managed role is learnt.
	fake.dispatch("GUILD_CREATE", map[string]any{
		"id":       testGuildID,
		"roles":    []any{map[string]any{"id": testBotRole, "name": "citebot", "managed": true, "tags": map[string]any{"bot_id": testBotID}}},
		"channels": []any{map[string]any{"id": "1247000000000000000", "type": 15, "name": "questions"}},
		"threads":  []any{},
	})
	waitUntil(ctx, t, "the managed role", func() bool { return b.managedRole(testGuildID) == testBotRole })

	// A type-19 reply-ping to a slash-command answer arrives with empty
	// content: no public message.
	mark := len(fake.all())
	fake.dispatch("MESSAGE_CREATE", messageFixture(t, "reply_ping_empty", 1, nil))
	waitUntil(ctx, t, "the withheld reply-ping", func() bool { return strings.Contains(logs.String(), "outcome=content_withheld") })
	for _, c := range fake.all()[mark:] {
		if c.Method == http.MethodPost {
			t.Errorf("a reply-ping with withheld content made %s %s %s", c.Method, c.Path, c.Body)
		}
	}

	// A DM without a mention is answered.
	mark = len(fake.all())
	fake.dispatch("MESSAGE_CREATE", messageFixture(t, "dm", 2, nil))
	i := fake.waitFor(ctx, "the DM answer", mark, posts("/api/v9/channels/1246000000000000000/messages"))
	if !bytes.Contains(fake.all()[i].Body, []byte("security dilemma")) {
		t.Errorf("DM answer: %s", fake.all()[i].Body)
	}

	// A mention of the bot's role is a mention.
	mark = len(fake.all())
	fake.dispatch("MESSAGE_CREATE", messageFixture(t, "role_mention", 3, nil))
	i = fake.waitFor(ctx, "the role-mention answer", mark, posts(guildChannel))
	if !bytes.Contains(fake.all()[i].Body, []byte(`"message_id":"1280000000000000003"`)) {
		t.Errorf("role-mention answer: %s", fake.all()[i].Body)
	}

	// 403 50013 on a reply: retried once without the reference, no storm.
	fake.inject(1, http.StatusForbidden, `{"message": "Missing Permissions", "code": 50013}`, func(c restCall) bool {
		return c.Method == http.MethodPost && c.Path == guildChannel && bytes.Contains(c.Body, []byte("message_reference"))
	})
	mark = len(fake.all())
	fake.dispatch("MESSAGE_CREATE", messageFixture(t, "mention", 4, nil))
	i = fake.waitFor(ctx, "the retry without a reference", mark, func(c restCall) bool {
		return posts(guildChannel)(c) && !bytes.Contains(c.Body, []byte("message_reference"))
	})
	waitUntil(ctx, t, "the mention log line", func() bool {
		return strings.Count(logs.String(), "could not reply; posting without the reference") == 1
	})
	time.Sleep(100 * time.Millisecond)
	n := 0
	for _, c := range fake.all()[mark:] {
		if c.Method == http.MethodPost {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d POSTs for one refused reply, want 2:\n%s", n, fake.describe())
	}

	// 429 with retry_after on a callback: waited out, then answered.
	help := asInteraction(t, "help", withID(5))
	fake.inject(1, http.StatusTooManyRequests, `{"message": "You are being rate limited.", "retry_after": 0.2, "global": false}`, func(c restCall) bool {
		return c.Path == callbackPath(help)
	})
	mark = len(fake.all())
	fake.dispatch("INTERACTION_CREATE", help)
	first := fake.waitFor(ctx, "the rate-limited callback", mark, func(c restCall) bool { return c.Path == callbackPath(help) })
	fake.waitFor(ctx, "the retried callback", first+1, func(c restCall) bool { return c.Path == callbackPath(help) })
	waitUntil(ctx, t, "the rate-limit log line", func() bool { return strings.Contains(logs.String(), "rate limited by Discord") })

	answers := func(what string, id int) {
		t.Helper()
		mark := len(fake.all())
		fake.dispatch("MESSAGE_CREATE", messageFixture(t, "mention", id, nil))
		fake.waitFor(ctx, what, mark, posts(guildChannel))
	}

	// Op 7: the bot reconnects, resumes and keeps answering.
	fake.sendOp(7, nil)
	waitUntil(ctx, t, "a resume after op 7", func() bool { fake.mu.Lock(); defer fake.mu.Unlock(); return fake.resumes == 1 })
	answers("an answer after op 7", 6)

	// Op 9: the bot identifies again and keeps answering.
	fake.sendOp(9, false)
	waitUntil(ctx, t, "an identify after op 9", func() bool { fake.mu.Lock(); defer fake.mu.Unlock(); return fake.identifies == 2 })
	answers("an answer after op 9", 7)

	// The message command answers a classmate's message privately.
	am := asInteraction(t, "ask_message", withID(8))
	mark = len(fake.all())
	fake.dispatch("INTERACTION_CREATE", am)
	i = fake.waitFor(ctx, "the message command's response", mark, func(c restCall) bool { return c.Path == callbackPath(am) })
	if body := fake.all()[i].Body; !bytes.Contains(body, []byte(`"flags":64`)) {
		t.Errorf("message command's response is not private: %s", body)
	}
	if bytes.Contains(fake.all()[i].Body, []byte(`"type":5`)) { // slow: deferred privately, then edited
		i = fake.waitFor(ctx, "the message command's answer", i, func(c restCall) bool { return c.Path == originalPath(am) })
	}
	if body := fake.all()[i].Body; !bytes.Contains(body, []byte("Post publicly")) || !bytes.Contains(body, []byte("security dilemma")) {
		t.Errorf("message command: %s", body)
	}

	// A follow-up in a thread is read with the thread's last question.
	const thread = "1299000000000000005"
	fake.dispatch("THREAD_CREATE", map[string]any{"id": thread, "guild_id": testGuildID, "parent_id": "1245000000000000000", "type": 11, "name": "alliances", "newly_created": true, "owner_id": userAda})
	waitUntil(ctx, t, "the thread", func() bool { return b.isThread(thread) })
	for k, text := range []string{"<@" + testBotID + "> what is the security dilemma?", "<@" + testBotID + "> why?"} {
		mark = len(fake.all())
		fake.dispatch("MESSAGE_CREATE", messageFixture(t, "mention", 9+k, func(m map[string]any) { m["channel_id"] = thread; m["content"] = text }))
		fake.waitFor(ctx, "an answer in the thread", mark, posts("/api/v9/channels/"+thread+"/messages"))
	}
	h.mu.Lock()
	last := h.asks[len(h.asks)-1]
	h.mu.Unlock()
	if last != "why? (what is the security dilemma?)" {
		t.Errorf("the follow-up asked %q", last)
	}

	// A new post in a forum set to answer every post is answered in it.
	if err := store.SetChannelMode(testGuildID, "1247000000000000000", insights.ModeForum); err != nil {
		t.Fatal(err)
	}
	const post = "1299000000000000006"
	mark = len(fake.all())
	fake.dispatch("THREAD_CREATE", map[string]any{"id": post, "guild_id": testGuildID, "parent_id": "1247000000000000000", "type": 11, "name": "What is the security dilemma?", "newly_created": true, "owner_id": userBob})
	fake.waitFor(ctx, "the forum post's answer", mark, posts("/api/v9/channels/"+post+"/messages"))

	// Votes: one per person per answer.
	for k, want := range []string{"Thanks for saying so", "already voted"} {
		v := asInteraction(t, "vote_down", withID(20+k))
		mark = len(fake.all())
		fake.dispatch("INTERACTION_CREATE", v)
		i = fake.waitFor(ctx, "the vote's note", mark, func(c restCall) bool { return c.Path == callbackPath(v) })
		if body := fake.all()[i].Body; !bytes.Contains(body, []byte(want)) || !bytes.Contains(body, []byte(`"flags":64`)) {
			t.Errorf("vote %d: %s", k, body)
		}
	}

	// A miss, then /insights lists it for a moderator.
	miss := asInteraction(t, "ask_miss", withID(30))
	mark = len(fake.all())
	fake.dispatch("INTERACTION_CREATE", miss)
	fake.waitFor(ctx, "the miss", mark, func(c restCall) bool { return c.Path == callbackPath(miss) })
	waitUntil(ctx, t, "the miss recorded", func() bool { r, err := store.Report(testGuildID, 10); return err == nil && len(r.Misses) > 0 })
	ins := asInteraction(t, "insights", withID(31))
	mark = len(fake.all())
	fake.dispatch("INTERACTION_CREATE", ins)
	i = fake.waitFor(ctx, "/insights", mark, func(c restCall) bool { return c.Path == callbackPath(ins) })
	if body := fake.all()[i].Body; !bytes.Contains(body, []byte("Kissinger")) || !bytes.Contains(body, []byte("voted down")) {
		t.Errorf("/insights: %s", body)
	}

	// Nothing the bot sent could ping anyone.
	for _, c := range fake.all() {
		if c.Method != http.MethodPost && c.Method != http.MethodPatch || strings.HasSuffix(c.Path, "/typing") || strings.HasSuffix(c.Path, "/users/@me/channels") {
			continue
		}
		if !bytes.Contains(c.Body, []byte(`"allowed_mentions":{"parse":[]`)) && !bytes.Contains(c.Body, []byte(`"type":5`)) && !bytes.Contains(c.Body, []byte(`"type":6`)) {
			t.Errorf("%s %s without allowed_mentions parse []: %s", c.Method, c.Path, c.Body)
		}
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	if strings.Contains(logs.String(), testToken) {
		t.Error("the token is in the log")
	}
}

// TestRunStopsOnFatalClose checks that a fatal close on reconnecting ends
// Run with an error naming DISCORD_TOKEN, instead of reconnecting forever,
// and that a long outage ends it too.
func TestRunStopsOnFatalClose(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		code       int
	}{
		{"bad token", "DISCORD_TOKEN", 4004},
		{"outage", "no gateway connection", 4000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			fake := newFakeDiscord(t, true)
			b, logs := newTestBot(t, &fakeHandlers{}, Config{APIBase: fake.srv.URL, MaxOutage: 300 * time.Millisecond})
			b.reconnectWait = 20 * time.Millisecond
			done := make(chan error, 1)
			go func() { done <- b.Run(ctx) }()
			waitUntil(ctx, t, "connected", func() bool { return strings.Contains(logs.String(), "connected to Discord") })
			fake.mu.Lock()
			fake.closeWith = tc.code
			fake.mu.Unlock()
			fake.closeGateway(4000) // "unknown error": reconnecting is allowed
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), testToken) {
					t.Errorf("Run returned %v, want an error about %s", err, tc.want)
				}
			case <-ctx.Done():
				t.Fatal("Run kept reconnecting")
			}
			if !strings.Contains(logs.String(), "gateway disconnected") {
				t.Errorf("the disconnect was not logged:\n%s", logs)
			}
		})
	}
}
