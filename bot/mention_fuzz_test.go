package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzHandleMessage sends messages with any text, in a server or a DM, as
// a reply or not, through the message path: it must never panic, every
// message it sends keeps Discord's rules, and the question it searches
// for never holds mention or emoji markup.
func FuzzHandleMessage(f *testing.F) {
	for _, s := range []string{
		"<@" + testBotID + "> what is the security dilemma?",
		"<@&" + testBotRole + "> <@310000000000000002> why? <#1245000000000000000> <:x:1> <t:1:R> https://example.com/a_b",
		"",
		"thanks!",
		"<@" + testBotID + "> @everyone </ask:1> **bold** ||spoiler||",
	} {
		f.Add(s, true, false)
		f.Add(s, false, true)
	}
	f.Fuzz(func(t *testing.T, content string, inGuild, reply bool) {
		if !utf8.ValidString(content) {
			return
		}
		h := &fakeHandlers{}
		b, _ := newTestBot(t, h, Config{Cooldown: Cooldown{Questions: -1}})
		b.guilds.roles[testGuildID] = testBotRole
		m := map[string]any{
			"id": "1280000000000000001", "channel_id": "1245000000000000000", "type": 0, "content": content,
			"author":   map[string]any{"id": userAda, "username": "ada"},
			"mentions": []any{map[string]any{"id": testBotID, "username": "citebot", "bot": true}},
		}
		if inGuild {
			m["guild_id"] = testGuildID
		}
		if reply {
			m["type"] = 19
			m["message_reference"] = map[string]any{"message_id": "1270000000000000001"}
			m["referenced_message"] = map[string]any{"id": "1270000000000000001", "author": map[string]any{"id": testBotID, "bot": true},
				"embeds": []any{map[string]any{"title": content}}}
		}
		raw, err := json.Marshal(m)
		if err != nil {
			t.Skip()
		}
		rec := &recorder{}
		b.handleMessage(context.Background(), raw, rec)
		checkCalls(t, rec.all())
		h.mu.Lock()
		defer h.mu.Unlock()
		for _, q := range h.asks {
			if userMarkup.MatchString(q) || otherMarkup.MatchString(q) || strings.Contains(q, "<@"+testBotID+">") {
				t.Errorf("searched for markup: %q", q)
			}
		}
	})
}
