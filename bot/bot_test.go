package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
)

func TestReindexPermissions(t *testing.T) {
	cases := []struct {
		file    string
		allowed bool
	}{
		{"reindex_member", false},                // no Manage Server, no moderator role
		{"reindex_dm", false},                    // a direct message: no member
		{"reindex_no_permissions_field", false},  // member without a permissions field
		{"reindex_malformed_permissions", false}, // permissions "abc"
		{"reindex_malformed_with_role", false},   // malformed permissions are not trusted, role or not
		{"reindex_manage_server", true},
		{"reindex_administrator", true},
		{"reindex_moderator_role", true}, // moderator role without Manage Server
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			h := &fakeHandlers{}
			b, logs := newTestBot(t, h, Config{ModeratorRoleID: modRole})
			calls := runInteraction(t, b, interaction(t, tc.file))
			if len(calls) == 0 {
				t.Fatal("no response")
			}
			first := calls[0].decode(t)
			h.mu.Lock()
			ran := h.reindexs
			h.mu.Unlock()
			if tc.allowed {
				if ran != 1 {
					t.Errorf("Reindex ran %d times, want 1", ran)
				}
				if first.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || first.Flags != int(discordgo.MessageFlagsEphemeral) {
					t.Errorf("first response type %d flags %d, want a private deferral", first.Type, first.Flags)
				}
				last := calls[len(calls)-1]
				if last.Op != "edit" || !strings.Contains(string(last.Payload), "Reindex finished") {
					t.Errorf("last call %s %s, want an edit with the summary", last.Op, last.Payload)
				}
				return
			}
			if ran != 0 {
				t.Errorf("Reindex ran for a member who may not")
			}
			if len(calls) != 1 || first.Type != int(discordgo.InteractionResponseChannelMessageWithSource) || first.Flags != int(discordgo.MessageFlagsEphemeral) {
				t.Errorf("want one private refusal, got %d calls, first type %d flags %d", len(calls), first.Type, first.Flags)
			}
			if !strings.Contains(logs.String(), "outcome=refused") {
				t.Errorf("refusal not logged:\n%s", logs)
			}
		})
	}
}

func TestReindexCommandDefaultPermissions(t *testing.T) {
	b, _ := newTestBot(t, &fakeHandlers{}, Config{})
	def := b.commands["reindex"].def
	if def.DefaultMemberPermissions == nil || *def.DefaultMemberPermissions != discordgo.PermissionManageGuild {
		t.Errorf("DefaultMemberPermissions = %v, want Manage Server", def.DefaultMemberPermissions)
	}
	if def.Contexts == nil || len(*def.Contexts) != 1 || (*def.Contexts)[0] != discordgo.InteractionContextGuild {
		t.Errorf("reindex should be offered in servers only")
	}
}

func TestCommandDefinitions(t *testing.T) {
	b, _ := newTestBot(t, &fakeHandlers{}, Config{})
	defs := b.commandDefs()
	var names []string
	for _, d := range defs {
		names = append(names, d.Name)
		if d.Type == discordgo.MessageApplicationCommand {
			if d.Description != "" || len(d.Name) > 32 {
				t.Errorf("message command %q: description %q", d.Name, d.Description)
			}
			continue
		}
		if d.Description == "" || len(d.Description) > 100 {
			t.Errorf("/%s: description of %d bytes", d.Name, len(d.Description))
		}
		for _, o := range d.Options {
			if o.Description == "" || len(o.Description) > 100 || o.Name != strings.ToLower(o.Name) {
				t.Errorf("/%s %s: bad option", d.Name, o.Name)
			}
		}
		if b.commands[d.Name].complete != nil {
			auto := false
			for _, o := range d.Options {
				auto = auto || o.Autocomplete
			}
			if !auto {
				t.Errorf("/%s completes but no option is marked for autocomplete", d.Name)
			}
		}
	}
	want := "Ask citebot ask concepts explain help insights passage reindex search sources threads"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("commands %q, want %q", got, want)
	}
}

func TestCooldown(t *testing.T) {
	h := &fakeHandlers{}
	b, _ := newTestBot(t, h, Config{})
	raw := interaction(t, "ask")
	rec := &recorder{}
	for i := 0; i < 1000; i++ {
		b.handleInteraction(context.Background(), raw, rec)
	}
	answered, notes := 0, 0
	for _, c := range rec.all() {
		m := c.decode(t)
		switch {
		case len(m.Embeds) > 0:
			answered++
		case m.Flags == int(discordgo.MessageFlagsEphemeral) && strings.Contains(m.Content, "try again in"):
			notes++
		default:
			t.Fatalf("unexpected reply %s", c.Payload)
		}
	}
	if answered > DefaultCooldownQuestions || answered == 0 {
		t.Errorf("%d questions answered, want at most %d", answered, DefaultCooldownQuestions)
	}
	if answered+notes != 1000 {
		t.Errorf("%d answers and %d notes for 1000 questions", answered, notes)
	}
	if len(h.asks) != answered {
		t.Errorf("Ask ran %d times for %d answers", len(h.asks), answered)
	}

	// Another user is still answered.
	other := strings.ReplaceAll(string(raw), userAda, userBob)
	rec.reset()
	b.handleInteraction(context.Background(), []byte(other), rec)
	if calls := rec.all(); len(calls) != 1 || len(calls[0].decode(t).Embeds) == 0 {
		t.Errorf("another user was not answered: %+v", calls)
	}
}

func TestCooldownConfigurable(t *testing.T) {
	b, _ := newTestBot(t, &fakeHandlers{}, Config{Cooldown: Cooldown{Questions: 2, Per: time.Hour}})
	now := time.Unix(1_700_000_000, 0)
	b.now = func() time.Time { return now }
	raw := interaction(t, "search")
	var contents []string
	for i := 0; i < 3; i++ {
		calls := runInteraction(t, b, raw)
		contents = append(contents, calls[0].decode(t).Content)
	}
	if contents[0] != "" || contents[1] != "" || !strings.Contains(contents[2], "try again in 3600 seconds") {
		t.Errorf("replies %q", contents)
	}
	now = now.Add(time.Hour)
	if c := runInteraction(t, b, raw)[0].decode(t); len(c.Embeds) == 0 {
		t.Errorf("not answered after the window: %q", c.Content)
	}

	off, _ := newTestBot(t, &fakeHandlers{}, Config{Cooldown: Cooldown{Questions: -1}})
	for i := 0; i < 50; i++ {
		if c := runInteraction(t, off, raw)[0].decode(t); len(c.Embeds) == 0 {
			t.Fatalf("question %d refused with the cooldown off", i)
		}
	}
}

func TestMentionCooldownNotesOnce(t *testing.T) {
	b, _ := newTestBot(t, &fakeHandlers{}, Config{Cooldown: Cooldown{Questions: 1, Per: time.Hour}})
	raw := readFile(t, "testdata/messages/mention.json")
	rec := &recorder{}
	for i := 0; i < 20; i++ {
		b.handleMessage(context.Background(), raw, rec)
	}
	calls := rec.all()
	if len(calls) != 2 {
		t.Fatalf("%d messages sent for 20 mentions, want an answer and one note", len(calls))
	}
	if len(calls[0].decode(t).Embeds) == 0 || !strings.Contains(calls[1].decode(t).Content, "try again") {
		t.Errorf("calls: %s / %s", calls[0].Payload, calls[1].Payload)
	}
}

func TestMentionReply(t *testing.T) {
	h := &fakeHandlers{}
	b, _ := newTestBot(t, h, Config{})
	rec := &recorder{}
	b.handleMessage(context.Background(), readFile(t, "testdata/messages/mention_nick_in_thread.json"), rec)
	calls := rec.all()
	if len(calls) != 1 || calls[0].Op != "send" {
		t.Fatalf("calls %+v", calls)
	}
	if calls[0].Channel != "1290000000000000001" {
		t.Errorf("reply went to channel %s, not the thread", calls[0].Channel)
	}
	m := calls[0].decode(t)
	if m.Reference == nil || m.Reference.MessageID != "1280000000000000002" {
		t.Errorf("reply has no message reference: %+v", m.Reference)
	}
	if len(h.asks) != 1 || h.asks[0] != "hey, why do alliances matter?" {
		t.Errorf("asked %q, want the mention stripped", h.asks)
	}
	for _, f := range []string{"mention_from_bot", "no_mention"} {
		rec.reset()
		b.handleMessage(context.Background(), readFile(t, "testdata/messages/"+f+".json"), rec)
		if n := len(rec.all()); n != 0 {
			t.Errorf("%s: %d messages sent, want none", f, n)
		}
	}
}

func TestStripMention(t *testing.T) {
	for in, want := range map[string]string{
		"<@42> what is it?":        "what is it?",
		"<@42>, what is it?":       "what is it?",
		"<@42>: what is it?":       "what is it?",
		"hey <@!42>, why?":         "hey, why?",
		"<@42><@42>":               "",
		"<@420> keep other users":  "<@420> keep other users",
		"  spaced\n\n<@42>  out  ": "spaced out",
	} {
		if got := stripMention(in, "42"); got != want {
			t.Errorf("stripMention(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSlowAnswerDefers checks the slow path: a public deferral, then an
// edit with the answer.
func TestSlowAnswerDefers(t *testing.T) {
	b, _ := newTestBot(t, &fakeHandlers{askDelay: 100 * time.Millisecond}, Config{})
	b.fastBudget = 10 * time.Millisecond
	raw := strings.Replace(string(interaction(t, "ask")), "What is the security dilemma?", "slow: what is the security dilemma?", 1)
	calls := runInteraction(t, b, []byte(raw))
	checkCalls(t, calls)
	if len(calls) != 2 || calls[0].Op != "respond" || calls[1].Op != "edit" {
		t.Fatalf("calls %v, want respond then edit", ops(calls))
	}
	if m := calls[0].decode(t); m.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || m.Flags != 0 {
		t.Errorf("deferral type %d flags %d, want a public deferral", m.Type, m.Flags)
	}
	if m := calls[1].decode(t); len(m.Embeds) == 0 || len(m.customIDs(t)) == 0 {
		t.Errorf("edit lacks the answer: %s", calls[1].Payload)
	}
}

// TestSlowMissGoesPrivate checks that a miss after a public deferral
// edits the deferral into a neutral public line and then follows up
// privately: the first follow-up after a deferral would edit the deferral,
// whatever its flags.
func TestSlowMissGoesPrivate(t *testing.T) {
	b, _ := newTestBot(t, &fakeHandlers{askDelay: 100 * time.Millisecond}, Config{})
	b.fastBudget = 10 * time.Millisecond
	raw := strings.Replace(string(interaction(t, "ask_miss")), "What did Kissinger", "slow: what did Kissinger", 1)
	calls := runInteraction(t, b, []byte(raw))
	checkCalls(t, calls)
	if got := strings.Join(ops(calls), " "); got != "respond edit followup" {
		t.Fatalf("calls %s, want respond edit followup", got)
	}
	if m := calls[1].decode(t); len(m.Embeds) != 0 || !strings.Contains(m.Content, "privately") || strings.Contains(m.Content, "Kissinger") {
		t.Errorf("the public line %s", calls[1].Payload)
	}
	if m := calls[2].decode(t); m.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(m.Content, "couldn't find") {
		t.Errorf("follow-up %s", calls[2].Payload)
	}
}

// TestSlowButtonDefersUpdate checks that a slow "More passages" defers as
// a message update and then edits the message.
func TestSlowButtonDefersUpdate(t *testing.T) {
	b, _ := newTestBot(t, &fakeHandlers{askDelay: 100 * time.Millisecond}, Config{})
	b.fastBudget = 10 * time.Millisecond
	b.answers.put(userAda, "slow: what is the security dilemma?")
	calls := runInteraction(t, b, interaction(t, "ask_more"))
	checkCalls(t, calls)
	if got := strings.Join(ops(calls), " "); got != "respond edit" {
		t.Fatalf("calls %s", got)
	}
	if m := calls[0].decode(t); m.Type != int(discordgo.InteractionResponseDeferredMessageUpdate) {
		t.Errorf("deferral type %d, want 6", m.Type)
	}
	if m := calls[1].decode(t); len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Footer.Text, "Passages 4–6") {
		t.Errorf("edit %s", calls[1].Payload)
	}
}

func TestMorePassagesPages(t *testing.T) {
	b, _ := newTestBot(t, &fakeHandlers{}, Config{})
	first := runInteraction(t, b, interaction(t, "ask"))[0].decode(t)
	ids := first.customIDs(t)
	if len(ids) != 5 || !strings.HasPrefix(ids[0], "more:"+userAda+":") {
		t.Fatalf("buttons %q", ids)
	}
	next := ids[0]
	var footers []string
	for page := 1; page <= 2; page++ {
		raw := strings.Replace(string(interaction(t, "ask_more")), "more:"+userAda+":k1:1", next, 1)
		calls := runInteraction(t, b, []byte(raw))
		m := calls[0].decode(t)
		if m.Type != int(discordgo.InteractionResponseUpdateMessage) {
			t.Fatalf("page %d: response type %d (%s)", page, m.Type, calls[0].Payload)
		}
		footers = append(footers, m.Embeds[0].Footer.Text)
		ids := m.customIDs(t)
		next = ids[1] // Previous, More, Full
	}
	// 7 passages: pages 1-3, 4-6, 7-7; past the end there is nothing more.
	if !strings.HasPrefix(footers[0], "Passages 4–6") || !strings.HasPrefix(footers[1], "Passages 7–7") {
		t.Errorf("footers %q", footers)
	}
	raw := strings.Replace(string(interaction(t, "ask_more")), "more:"+userAda+":k1:1", next, 1)
	if m := runInteraction(t, b, []byte(raw))[0].decode(t); m.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(m.Content, "no further") {
		t.Errorf("past the end: %+v", m)
	}
}

func TestBusy(t *testing.T) {
	h := &fakeHandlers{askBlock: make(chan struct{})}
	b, _ := newTestBot(t, h, Config{MaxConcurrent: 1})
	b.busyWait = 20 * time.Millisecond
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		runInteraction(t, b, interaction(t, "ask"))
	}()
	for {
		h.mu.Lock()
		n := len(h.asks)
		h.mu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	raw := strings.ReplaceAll(string(interaction(t, "ask")), userAda, userBob)
	calls := runInteraction(t, b, []byte(raw))
	close(h.askBlock)
	wg.Wait()
	if m := calls[0].decode(t); m.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(m.Content, "busy") {
		t.Errorf("want a private busy note, got %s", calls[0].Payload)
	}
}

func TestReindexProgressThrottled(t *testing.T) {
	h := &fakeHandlers{reindexSteps: 12, reindexStep: 10 * time.Millisecond}
	b, _ := newTestBot(t, h, Config{})
	b.progressEvery = 35 * time.Millisecond
	start := time.Now()
	calls := runInteraction(t, b, interaction(t, "reindex_manage_server"))
	most := int(time.Since(start)/b.progressEvery) + 1
	checkCalls(t, calls)
	var progress int
	for i, c := range calls[1:] {
		if c.Op != "edit" {
			t.Fatalf("call %d is %s", i+1, c.Op)
		}
		if strings.Contains(string(c.Payload), "Reindexing…") {
			progress++
		}
	}
	if progress == 0 || progress > most {
		t.Errorf("%d progress edits, want 1 to %d (at most one every %s)", progress, most, b.progressEvery)
	}
	if last := calls[len(calls)-1]; !strings.Contains(string(last.Payload), "Reindex finished") {
		t.Errorf("last edit is not the summary: %s", last.Payload)
	}
}

func TestReindexErrors(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{handlers.ErrReindexRunning, "already running"},
		{errInternal, "previous index is still answering"},
	} {
		b, logs := newTestBot(t, &fakeHandlers{reindexErr: tc.err}, Config{})
		calls := runInteraction(t, b, interaction(t, "reindex_manage_server"))
		checkCalls(t, calls)
		last := calls[len(calls)-1]
		if last.Op != "edit" || !strings.Contains(string(last.Payload), tc.want) || strings.Contains(string(last.Payload), "segment 7") {
			t.Errorf("%v: last call %s %s", tc.err, last.Op, last.Payload)
		}
		if strings.Contains(logs.String(), testToken) {
			t.Errorf("token in the log: %s", logs)
		}
	}
}

func TestUnknownButtonAndCommand(t *testing.T) {
	b, _ := newTestBot(t, &fakeHandlers{}, Config{})
	raw := strings.Replace(string(interaction(t, "ask_more")), "more:"+userAda+":k1:1", "nope:1", 1)
	if m := runInteraction(t, b, []byte(raw))[0].decode(t); m.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Errorf("unknown button: %+v", m)
	}
	raw = strings.Replace(string(interaction(t, "help")), `"name": "help"`, `"name": "gone"`, 1)
	if m := runInteraction(t, b, []byte(raw))[0].decode(t); m.Flags != int(discordgo.MessageFlagsEphemeral) {
		t.Errorf("unknown command: %+v", m)
	}
	for _, bad := range []string{"more:x", "more:" + userAda + ":k1:-1", "more:" + userAda + ":k1:zz"} {
		raw = strings.Replace(string(interaction(t, "ask_more")), "more:"+userAda+":k1:1", bad, 1)
		if m := runInteraction(t, b, []byte(raw))[0].decode(t); m.Flags != int(discordgo.MessageFlagsEphemeral) {
			t.Errorf("%s: %+v", bad, m)
		}
	}
}

func TestPanicIsAnsweredAndLogged(t *testing.T) {
	b, logs := newTestBot(t, panicky{&fakeHandlers{}}, Config{})
	calls := runInteraction(t, b, interaction(t, "sources"))
	if len(calls) != 1 || calls[0].decode(t).Content != msgFailed {
		t.Errorf("calls %+v", calls)
	}
	if !strings.Contains(logs.String(), "outcome=error") || !strings.Contains(logs.String(), "panic") {
		t.Errorf("log: %s", logs)
	}
}

type panicky struct{ *fakeHandlers }

func (panicky) Sources(context.Context) (handlers.Sources, error) { panic("boom") }

func TestSendFailureLoggedWithoutSecrets(t *testing.T) {
	b, logs := newTestBot(t, &fakeHandlers{}, Config{})
	rec := &recorder{fail: errors.New(`Post "https://discord.com/api/v9/interactions/1/aW50ZXJhY3Rpb24:secret/callback": dial tcp: refused`)}
	b.handleInteraction(context.Background(), interaction(t, "help"), rec)
	l := logs.String()
	if !strings.Contains(l, "outcome=send_failed") || strings.Contains(l, "aW50ZXJhY3Rpb24:secret") {
		t.Errorf("log: %s", l)
	}
}

func TestAnswerCacheBounded(t *testing.T) {
	c := newAnswerCache(3, time.Minute)
	now := time.Unix(0, 0)
	c.now = func() time.Time { return now }
	var keys []string
	for i := 0; i < 5; i++ {
		keys = append(keys, c.put("u", "q"))
	}
	if len(c.entries) != 3 {
		t.Errorf("%d entries, want 3", len(c.entries))
	}
	if _, ok := c.get("u", keys[0]); ok {
		t.Error("the oldest entry survived")
	}
	if _, ok := c.get("other", keys[4]); ok {
		t.Error("another user got the entry")
	}
	if q, ok := c.get("u", keys[4]); !ok || q != "q" {
		t.Error("the newest entry is gone")
	}
	now = now.Add(time.Minute)
	if _, ok := c.get("u", keys[4]); ok {
		t.Error("an expired entry was returned")
	}
}

func TestDecodeMalformedInteraction(t *testing.T) {
	in, m, err := decodeInteraction(interaction(t, "reindex_malformed_permissions"))
	if err != nil {
		t.Fatal(err)
	}
	if in.ID == "" || in.Token == "" || in.Member == nil || !m.present || m.permsOK {
		t.Errorf("in %+v, member %+v", in, m)
	}
	if _, _, err := decodeInteraction([]byte(`{"type": 2, "data": 5}`)); err == nil {
		t.Error("garbage decoded")
	}
}

func ops(calls []recorded) []string {
	var s []string
	for _, c := range calls {
		s = append(s, c.Op)
	}
	return s
}

// TestAllowedMentionsSerialise checks the JSON that Discord gets.
func TestAllowedMentionsSerialise(t *testing.T) {
	b, err := json.Marshal(noMentions())
	if err != nil || !strings.Contains(string(b), `"parse":[]`) {
		t.Errorf("%s %v", b, err)
	}
}
