package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/insights"
)

// missingPermissions is the error Discord's REST API gives for 50013.
func missingPermissions() error {
	body := `{"message": "Missing Permissions", "code": 50013}`
	return &discordgo.RESTError{
		Response:     &http.Response{Status: "403 Forbidden", StatusCode: http.StatusForbidden},
		ResponseBody: []byte(body),
		Message:      &discordgo.APIErrorMessage{Code: discordgo.ErrCodeMissingPermissions, Message: "Missing Permissions"},
	}
}

// TestBlockedChannelTellsTheAskerOnce checks the "bot ignores me" case of
// a channel where the bot may not post at all: one retry without the
// reference, then one direct message to the asker a day, however often
// they ask there.
func TestBlockedChannelTellsTheAskerOnce(t *testing.T) {
	b, logs := newTestBot(t, &fakeHandlers{}, Config{Cooldown: Cooldown{Questions: -1}})
	rec := &recorder{failOn: func(op string, _ any) error {
		if op == "send" {
			return missingPermissions()
		}
		return nil
	}}
	raw := readFile(t, "testdata/messages/mention.json")
	for i := 0; i < 3; i++ {
		b.handleMessage(context.Background(), raw, rec)
	}
	if got := strings.Join(ops(rec.all()), " "); got != "send send dm send send send send" {
		t.Fatalf("calls %s, want two sends, one DM, then two sends each time", got)
	}
	calls := rec.all()
	if calls[0].decode(t).Reference == nil || calls[1].decode(t).Reference != nil {
		t.Errorf("the retry still refers to the message: %s", calls[1].Payload)
	}
	if dm := calls[2].decode(t); calls[2].Channel != userAda || !strings.Contains(dm.Content, "/ask still works") {
		t.Errorf("DM %s to %s", calls[2].Payload, calls[2].Channel)
	}
	if !strings.Contains(logs.String(), "code=50013") {
		t.Errorf("the code is not logged:\n%s", logs)
	}
}

// TestThreadModeAnswersInAThread checks that in a channel set to answer
// in threads a mention starts a thread from the question and the answer
// goes there, and that a follow-up in that thread is read with it.
func TestThreadModeAnswersInAThread(t *testing.T) {
	store, err := insights.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SetChannelMode(testGuildID, "1245000000000000000", insights.ModeThread); err != nil {
		t.Fatal(err)
	}
	h := &fakeHandlers{}
	b, _ := newTestBot(t, h, Config{Insights: store})
	rec := &recorder{}
	b.handleMessage(context.Background(), readFile(t, "testdata/messages/mention.json"), rec)
	calls := rec.all()
	if got := strings.Join(ops(calls), " "); got != "start_thread send" {
		t.Fatalf("calls %s", got)
	}
	if calls[1].Channel != "1299000000000000001" || calls[1].decode(t).Reference != nil {
		t.Errorf("the answer went to %s: %s", calls[1].Channel, calls[1].Payload)
	}
	if !strings.Contains(string(calls[0].Payload), `"name":"what is the security dilemma?"`) {
		t.Errorf("thread %s", calls[0].Payload)
	}
	// A follow-up mention in the new thread.
	rec.reset()
	raw := strings.NewReplacer(`"channel_id": "1245000000000000000"`, `"channel_id": "1299000000000000001"`,
		"what is the security dilemma?", "what about alliances?").Replace(string(readFile(t, "testdata/messages/mention.json")))
	b.handleMessage(context.Background(), []byte(raw), rec)
	if got := strings.Join(ops(rec.all()), " "); got != "send" {
		t.Fatalf("in the thread: %s", got)
	}
	if last := h.asks[len(h.asks)-1]; last != "what about alliances? (what is the security dilemma?)" {
		t.Errorf("the follow-up asked %q", last)
	}
}

// lateClock is a clock that jumps 20 minutes whenever it is asked after
// the jump is armed.
type lateClock struct {
	mu   sync.Mutex
	now  time.Time
	jump bool
}

func (c *lateClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.jump {
		c.now = c.now.Add(20 * time.Minute)
	}
	return c.now
}

// TestLongReindexReportsByDM checks that a reindex outliving the
// 15-minute interaction token sends its summary by direct message, and in
// the channel when the moderator takes no direct messages.
func TestLongReindexReportsByDM(t *testing.T) {
	for _, dmFails := range []bool{false, true} {
		clock := &lateClock{now: testNow}
		b, _ := newTestBot(t, &fakeHandlers{}, Config{})
		b.now = clock.Now
		rec := &recorder{failOn: func(op string, _ any) error {
			if op == "respond" {
				clock.mu.Lock()
				clock.jump = true // the rebuild takes 20 minutes
				clock.mu.Unlock()
			}
			if op == "dm" && dmFails {
				return missingPermissions()
			}
			return nil
		}}
		b.handleInteraction(context.Background(), interaction(t, "reindex_manage_server"), rec)
		want := "respond dm"
		if dmFails {
			want = "respond dm send"
		}
		calls := rec.all()
		if got := strings.Join(ops(calls), " "); got != want {
			t.Fatalf("dm fails %v: calls %s, want %s", dmFails, got, want)
		}
		if last := calls[len(calls)-1]; !strings.Contains(string(last.Payload), "Reindex finished") {
			t.Errorf("summary %s", last.Payload)
		}
	}
}

// TestSearchPages checks that /search pages on with Next and Previous
// while there are more passages, recovering the terms from the message.
func TestSearchPages(t *testing.T) {
	b, logs := newTestBot(t, &manyResults{}, Config{})
	defer func() {
		if t.Failed() {
			t.Log(logs)
		}
	}()
	first := runInteraction(t, b, interaction(t, "search"))[0].decode(t)
	ids := first.customIDs(t)
	if len(ids) != 2 || ids[1] != "srch:"+userAda+":10" {
		t.Fatalf("buttons %q", ids)
	}
	var click map[string]any
	if err := json.Unmarshal(interaction(t, "search_next"), &click); err != nil {
		t.Fatal(err)
	}
	click["message"].(map[string]any)["embeds"] = []any{map[string]any{"title": first.Embeds[0].Title}}
	raw, _ := json.Marshal(click)
	calls := runInteraction(t, b, raw)
	if len(calls) == 0 {
		t.Fatalf("nothing sent for page 2")
	}
	m := calls[0].decode(t)
	if len(m.Embeds) == 0 {
		t.Fatalf("page 2: %s", calls[0].Payload)
	}
	if m.Type != int(discordgo.InteractionResponseUpdateMessage) || !strings.Contains(m.Embeds[0].Description, "Passages 11–") {
		t.Fatalf("page 2: %s", calls[0].Payload)
	}
	if ids := m.customIDs(t); len(ids) != 2 || ids[0] != "srch:"+userAda+":0" {
		t.Errorf("page 2 buttons %q", ids)
	}
}

// manyResults is fakeHandlers whose searches find 15 passages.
type manyResults struct{ fakeHandlers }

func (*manyResults) Search(_ context.Context, terms string, limit int) ([]handlers.Result, error) {
	var rs []handlers.Result
	for i := 0; i < 15 && i < limit; i++ {
		rs = append(rs, resultAt(i%len(texts), "security"))
	}
	return rs, nil
}

// TestReplyPingsRecordOnlyAnswers checks that a reply-ping the readings
// can't answer ("thanks!") is neither answered in public nor listed in
// /insights as a question the readings missed, while a mention's miss is.
func TestReplyPingsRecordOnlyAnswers(t *testing.T) {
	store, err := insights.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := newTestBot(t, &fakeHandlers{}, Config{Insights: store})
	rec := &recorder{}
	b.handleMessage(context.Background(), readFile(t, "testdata/messages/reply_ping_thanks.json"), rec)
	if n := len(rec.all()); n != 0 {
		t.Errorf("%d messages sent for a thank-you", n)
	}
	miss := strings.Replace(string(readFile(t, "testdata/messages/mention.json")), "what is the security dilemma?", "what did Kissinger say?", 1)
	b.handleMessage(context.Background(), []byte(miss), rec)
	r, err := store.Report(testGuildID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if r.Questions != 1 || len(r.Misses) != 1 || r.Misses[0].Text != "what did Kissinger say?" {
		t.Errorf("recorded %+v", r)
	}
}
