package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/retrieval"
)

// Ids used across the test data.
const (
	testAppID   = "1250000000000000000"
	testGuildID = "1240000000000000000"
	testBotID   = "1250000000000000000"
	userAda     = "310000000000000001" // an ordinary member
	userBob     = "310000000000000002" // another ordinary member
	modRole     = "320000000000000001"
	testBotRole = "1251000000000000000" // the bot's managed role in the test server
	testToken   = "MTI1MDAwMDAwMDAwMDAwMDAwMA.Gx1yZa.secret-token-do-not-log-0123456789"
)

var glaser = retrieval.DocInfo{
	ID:       "glaser-2025-china-russia",
	Path:     "glaser-2025-china-russia.md",
	Title:    "China, Russia and the Limits of IR Theory",
	Author:   "Charles Glaser",
	Date:     "November 2025",
	Citation: "Glaser 2025",
	Passages: 42,
}

// texts are the canned passages of the fake corpus, section 2.
var texts = []string{
	"The security dilemma arises when the means by which a state tries to increase its security decrease the security of others.",
	"Because defensive and offensive weapons are often hard to tell apart, an arms build-up meant for defence can look like preparation for attack.",
	"Cooperation is easier when defence has the advantage, since a state can then be secure without threatening its neighbours.",
	"Alliances change the calculation: a state that can count on allies needs fewer arms of its own.",
	"Russia's behaviour in its near abroad fits a defensive reading less well than China's behaviour in East Asia.",
	"Signalling restraint is costly, and that cost is what makes the signal believable.",
	"Theory explains the broad pattern, not every decision a government makes.",
}

func passageAt(i int) corpus.Passage {
	return corpus.Passage{
		ID:        corpus.PassageID(glaser.ID, 2, 9+i),
		DocID:     glaser.ID,
		Section:   2,
		Heading:   "What can IR theory explain about China and Russia?",
		Paragraph: 9 + i,
		Kind:      corpus.KindParagraph,
		Text:      texts[i],
	}
}

func resultAt(i int, terms ...string) handlers.Result {
	p := passageAt(i)
	r := handlers.Result{Doc: glaser, Passage: p, Excerpt: p.Text, Score: 10 - float64(i)}
	for _, t := range terms {
		if j := strings.Index(strings.ToLower(p.Text), t); j >= 0 {
			r.Highlights = append(r.Highlights, handlers.Span{Start: j, End: j + len(t)})
		}
	}
	return r
}

var securityDilemma = &handlers.Concept{
	Name:        "security dilemma",
	Aliases:     []string{"spiral model"},
	Group:       "Structural realism",
	Explanation: "When one state arms for its own safety, others feel less safe and arm in turn, so everyone can end up less secure.",
	Definitions: []handlers.Definition{{
		Excerpt:   texts[0],
		Ref:       "§2 ¶9",
		PassageID: passageAt(0).ID,
		Citation:  handlers.Cite(glaser, passageAt(0)),
	}},
	Related:     []string{"offence-defence balance", "costly signalling"},
	Occurrences: []handlers.Occurrence{{Ref: "§2 ¶9", PassageID: passageAt(0).ID}, {Ref: "§2 ¶10", PassageID: passageAt(1).ID}, {Ref: "§2 ¶10", PassageID: passageAt(1).ID}},
}

// fakeHandlers is a canned Handlers.
type fakeHandlers struct {
	askDelay     time.Duration // for questions containing "slow"
	askBlock     chan struct{} // when set, Ask waits for it to close
	reindexErr   error
	reindexSteps int           // progress calls during Reindex
	reindexStep  time.Duration // time between them

	mu       sync.Mutex
	asks     []string
	reindexs int
}

var errInternal = errors.New("index: bleve: segment 7 of /var/lib/citebot/index corrupt (token=" + testToken + ")")

func (f *fakeHandlers) Ask(ctx context.Context, q string, opts handlers.AskOptions) (handlers.Answer, error) {
	f.mu.Lock()
	f.asks = append(f.asks, q)
	f.mu.Unlock()
	if f.askBlock != nil {
		select {
		case <-f.askBlock:
		case <-ctx.Done():
			return handlers.Answer{}, ctx.Err()
		}
	}
	l := strings.ToLower(q)
	if strings.Contains(l, "slow") {
		select {
		case <-time.After(f.askDelay):
		case <-ctx.Done():
			return handlers.Answer{}, ctx.Err()
		}
	}
	switch {
	case strings.Contains(l, "boom"):
		return handlers.Answer{}, errInternal
	case strings.Contains(l, "kissinger"), strings.HasPrefix(l, "thanks"):
		return handlers.Answer{Question: q, Status: handlers.StatusNotFound, Suggestions: []string{"the security dilemma", "offence-defence balance", "alliances"}, Version: "3f2a9c1"}, nil
	}
	top := opts.Top
	if top <= 0 {
		top = handlers.DefaultTop
	}
	a := handlers.Answer{Question: q, Status: handlers.StatusAnswered, Version: "3f2a9c1"}
	for i := 0; i < len(texts) && i < top; i++ {
		a.Results = append(a.Results, resultAt(i, "security", "dilemma", "defence"))
	}
	if strings.Contains(l, "what is the security dilemma") {
		a.Concept = securityDilemma
	}
	return a, nil
}

func (f *fakeHandlers) Search(ctx context.Context, terms string, limit int) ([]handlers.Result, error) {
	if strings.Contains(terms, "zebra") {
		return nil, nil
	}
	var rs []handlers.Result
	for i := 0; i < 3 && i < limit; i++ {
		rs = append(rs, resultAt(i, "security", "defence"))
	}
	return rs, nil
}

func (f *fakeHandlers) Passage(ctx context.Context, ref string) (handlers.PassageView, error) {
	for i := range texts {
		p := passageAt(i)
		if ref == p.ID || ref == p.Ref() || ref == fmt.Sprintf("2.%d", p.Paragraph) {
			v := handlers.PassageView{Doc: glaser, Passage: p}
			if i > 0 {
				v.PrevID = passageAt(i - 1).ID
			}
			if i < len(texts)-1 {
				v.NextID = passageAt(i + 1).ID
			}
			return v, nil
		}
	}
	return handlers.PassageView{}, handlers.ErrNoPassage
}

func (f *fakeHandlers) CompleteRef(prefix string, limit int) []handlers.Choice {
	var cs []handlers.Choice
	for i := 0; i < 40; i++ { // more than Discord allows, to test the cap
		ref := corpus.FormatRef(2, i+1)
		if strings.HasPrefix(ref, prefix) || strings.HasPrefix(fmt.Sprintf("2.%d", i+1), prefix) {
			cs = append(cs, handlers.Choice{Label: ref + " " + strings.Repeat("long label ", 20), Value: ref})
		}
	}
	cs = append(cs, handlers.Choice{Label: "too long a value", Value: strings.Repeat("x", 101)})
	return cs
}

func (f *fakeHandlers) Sources(ctx context.Context) (handlers.Sources, error) {
	return handlers.Sources{
		Documents: []retrieval.DocInfo{glaser, {ID: "waltz-1979", Path: "waltz-1979.md", Title: "Theory of International Politics (ch. 6)", Author: "Kenneth Waltz", Date: "1979", Citation: "Waltz 1979", Passages: 57}},
		BuiltAt:   time.Date(2025, 11, 20, 9, 30, 0, 0, time.UTC),
		Version:   "3f2a9c1",
	}, nil
}

func (f *fakeHandlers) Reindex(ctx context.Context, progress func(retrieval.Progress)) (retrieval.BuildSummary, error) {
	f.mu.Lock()
	f.reindexs++
	f.mu.Unlock()
	if f.reindexErr != nil {
		return retrieval.BuildSummary{}, f.reindexErr
	}
	for i := 0; i < f.reindexSteps; i++ {
		time.Sleep(f.reindexStep)
		progress(retrieval.Progress{Documents: i + 1, DocumentsTotal: f.reindexSteps, Passages: 10 * (i + 1), Elapsed: time.Duration(i+1) * f.reindexStep})
	}
	return retrieval.BuildSummary{
		Documents: 2,
		Passages:  99,
		Took:      1234 * time.Millisecond,
		Added:     []string{"waltz-1979"},
		Changed:   []string{"glaser-2025-china-russia"},
		Problems:  []corpus.Problem{{Path: "notes/draft_[1].md", Err: errors.New("not valid UTF-8")}},
		Version:   "8d1e0b7",
		BuiltAt:   time.Date(2025, 11, 21, 9, 30, 0, 0, time.UTC),
	}, nil
}

func (f *fakeHandlers) Explain(ctx context.Context, concept string) (handlers.Explanation, error) {
	if strings.EqualFold(concept, "security dilemma") {
		return handlers.Explanation{Query: concept, Concept: securityDilemma}, nil
	}
	fb, _ := f.Ask(ctx, concept, handlers.AskOptions{Top: pageSize + 1})
	if strings.Contains(strings.ToLower(concept), "kissinger") {
		fb = handlers.Answer{Question: concept, Status: handlers.StatusNotFound}
	}
	return handlers.Explanation{Query: concept, Suggestions: []string{"security dilemma", "spiral model"}, Fallback: &fb}, nil
}

func (f *fakeHandlers) CompleteConcept(prefix string, limit int) []handlers.Choice {
	all := []string{"security dilemma", "security community", "spiral model", "offence-defence balance"}
	var cs []handlers.Choice
	for _, c := range all {
		if strings.HasPrefix(c, strings.ToLower(prefix)) {
			cs = append(cs, handlers.Choice{Label: c, Value: c})
		}
	}
	return cs
}

// fakePNG is a tiny stand-in for the concept map.
var fakePNG = []byte("\x89PNG\r\n\x1a\nfake concept map")

func (f *fakeHandlers) ConceptMap(ctx context.Context) ([]byte, error) {
	return fakePNG, nil
}

// recorded is one call a responder received.
type recorded struct {
	Op      string          `json:"op"`
	Channel string          `json:"channel,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
	Files   []recordedFile  `json:"files,omitempty"`
}

type recordedFile struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
}

// recorder is a responder that records what it is asked to send.
type recorder struct {
	mu    sync.Mutex
	calls []recorded
	fail  error // returned by every call when set
	// failOn, when set, is asked about every call; a non-nil error is
	// returned for it (after recording it).
	failOn func(op string, payload any) error
}

func (r *recorder) add(op, channel string, payload any, files []*discordgo.File) error {
	var raw json.RawMessage
	if payload != nil {
		b, err := json.Marshal(payload)
		if err != nil {
			return err
		}
		raw = b
	}
	var fs []recordedFile
	for _, f := range files {
		data, _ := io.ReadAll(f.Reader)
		fs = append(fs, recordedFile{Name: f.Name, ContentType: f.ContentType, Size: len(data)})
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, recorded{Op: op, Channel: channel, Payload: raw, Files: fs})
	if r.failOn != nil {
		if err := r.failOn(op, payload); err != nil {
			return err
		}
	}
	return r.fail
}

func (r *recorder) Respond(_ context.Context, _ *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	var files []*discordgo.File
	if resp.Data != nil {
		files = resp.Data.Files
	}
	return r.add("respond", "", resp, files)
}

func (r *recorder) Edit(_ context.Context, _ *discordgo.Interaction, e *discordgo.WebhookEdit) error {
	return r.add("edit", "", e, e.Files)
}

func (r *recorder) Delete(_ context.Context, _ *discordgo.Interaction) error {
	return r.add("delete", "", nil, nil)
}

func (r *recorder) FollowUp(_ context.Context, _ *discordgo.Interaction, p *discordgo.WebhookParams) error {
	return r.add("followup", "", p, p.Files)
}

func (r *recorder) Send(_ context.Context, channelID string, m *discordgo.MessageSend) error {
	return r.add("send", channelID, m, m.Files)
}

func (r *recorder) Typing(_ context.Context, channelID string) error {
	return r.add("typing", channelID, nil, nil)
}

func (r *recorder) DM(_ context.Context, userID string, m *discordgo.MessageSend) error {
	return r.add("dm", userID, m, m.Files)
}

func (r *recorder) DeleteMessage(_ context.Context, channelID, messageID string) error {
	return r.add("delete_message", channelID, map[string]string{"message_id": messageID}, nil)
}

func (r *recorder) StartThread(_ context.Context, channelID, messageID, name string) (string, error) {
	err := r.add("start_thread", channelID, map[string]string{"message_id": messageID, "name": name}, nil)
	return "1299000000000000001", err
}

func (r *recorder) all() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.calls...)
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = nil
}

// message is the parts of a recorded payload that tests look at.
type message struct {
	Type            int                         `json:"type"`
	Content         string                      `json:"content"`
	Flags           int                         `json:"flags"`
	Embeds          []*discordgo.MessageEmbed   `json:"embeds"`
	Components      []json.RawMessage           `json:"components"`
	AllowedMentions *struct{ Parse []string }   `json:"allowed_mentions"`
	Reference       *discordgo.MessageReference `json:"message_reference"`
	Choices         []map[string]any            `json:"choices"`
}

// decode reads a recorded payload: an interaction response's data is
// lifted up so that every kind of call reads the same way.
func (c recorded) decode(t testing.TB) message {
	t.Helper()
	var m message
	if len(c.Payload) == 0 {
		return m
	}
	if c.Op == "respond" {
		var resp struct {
			Type int             `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(c.Payload, &resp); err != nil {
			t.Fatalf("decode %s: %v", c.Op, err)
		}
		if len(resp.Data) > 0 && string(resp.Data) != "null" {
			if err := json.Unmarshal(resp.Data, &m); err != nil {
				t.Fatalf("decode %s data: %v", c.Op, err)
			}
		}
		m.Type = resp.Type
		return m
	}
	if err := json.Unmarshal(c.Payload, &m); err != nil {
		t.Fatalf("decode %s: %v", c.Op, err)
	}
	return m
}

// customIDs lists the custom ids of a message's buttons.
func (m message) customIDs(t testing.TB) []string {
	t.Helper()
	var ids []string
	for _, raw := range m.Components {
		var row struct {
			Components []struct {
				CustomID string `json:"custom_id"`
				Label    string `json:"label"`
				Disabled bool   `json:"disabled"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &row); err != nil {
			t.Fatalf("decode components: %v", err)
		}
		for _, b := range row.Components {
			ids = append(ids, b.CustomID)
		}
	}
	return ids
}

// logBuffer collects slog output for tests to read.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newTestBot makes a Bot for tests with deterministic answer keys and a
// log that tests can read.
func newTestBot(t testing.TB, h Handlers, cfg Config) (*Bot, *logBuffer) {
	t.Helper()
	return newTestBotLibs(t, Shared(h), cfg)
}

// newTestBotLibs is newTestBot for a bot with a library per server.
func newTestBotLibs(t testing.TB, libs Libraries, cfg Config) (*Bot, *logBuffer) {
	t.Helper()
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	logs := &logBuffer{}
	b, err := New(cfg, libs, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	n := 0
	var mu sync.Mutex
	b.answers.key = func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("k%d", n)
	}
	b.fastBudget = 2 * time.Second
	b.botID = testBotID
	b.appID = testAppID
	return b, logs
}
