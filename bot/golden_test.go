package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/insights"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

// readFile reads a test data file.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// interaction reads testdata/interactions/<name>.json.
func interaction(t testing.TB, name string) []byte {
	return readFile(t, filepath.Join("testdata", "interactions", name+".json"))
}

// runInteraction serves one recorded interaction with a fresh bot and
// returns what it sent and logged.
func runInteraction(t testing.TB, b *Bot, raw []byte) []recorded {
	t.Helper()
	rec := &recorder{}
	b.handleInteraction(context.Background(), raw, rec)
	return rec.all()
}

// seedAnswers prepares the answer cache that the button files refer to.
func seedAnswers(b *Bot) {
	b.answers.put(userAda, "What is the security dilemma?") // k1
}

// testNow is the time of the recorded interactions.
var testNow = time.Date(2025, 11, 21, 10, 0, 0, 0, time.UTC)

// seededInsights is an insights store in a temporary folder, on a fixed
// clock, with a few questions already recorded in the test server.
func seededInsights(t testing.TB) *insights.Store {
	t.Helper()
	st, err := insights.Open(t.TempDir(), func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct{ text, outcome string }{
		{"What did Kissinger say about China?", insights.NotFound},
		{"What is the security dilemma?", insights.Answered},
		{"Why does the security dilemma matter for alliances?", insights.Answered},
		{"Who is Mearsheimer?", insights.NotFound},
	} {
		if err := st.Record(testGuildID, q.text, q.outcome); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Vote(testGuildID, "k7", userBob, "Why does the security dilemma matter for alliances?", false); err != nil {
		t.Fatal(err)
	}
	return st
}

// renderGolden renders recorded calls as readable, stable JSON.
func renderGolden(t testing.TB, calls []recorded) []byte {
	t.Helper()
	type call struct {
		Op      string         `json:"op"`
		Channel string         `json:"channel,omitempty"`
		Payload any            `json:"payload,omitempty"`
		Files   []recordedFile `json:"files,omitempty"`
	}
	out := []call{}
	for _, c := range calls {
		g := call{Op: c.Op, Channel: c.Channel, Files: c.Files}
		if len(c.Payload) > 0 {
			d := json.NewDecoder(bytes.NewReader(c.Payload))
			d.UseNumber()
			if err := d.Decode(&g.Payload); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, g)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// compareGolden compares got with testdata/golden/<name>.json, or writes
// it there under -update.
func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot/ -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./bot/ -update and review the diff\ngot:\n%s", name, got)
	}
}

// checkCalls checks the rules every sent message must follow: allowed
// mentions that parse nothing, within Discord's limits, never empty, no
// live mentions.
func checkCalls(t testing.TB, calls []recorded) {
	t.Helper()
	for i, c := range calls {
		if c.Op == "delete" || c.Op == "typing" || c.Op == "delete_message" || c.Op == "start_thread" {
			continue
		}
		m := c.decode(t)
		if c.Op == "respond" && m.Type == int(discordgo.InteractionApplicationCommandAutocompleteResult) {
			if len(m.Choices) > maxChoices {
				t.Errorf("call %d: %d choices", i, len(m.Choices))
			}
			for _, ch := range m.Choices {
				if n, _ := ch["name"].(string); n == "" || textLen(n) > maxChoiceLength {
					t.Errorf("call %d: bad choice name %q", i, n)
				}
				if v, _ := ch["value"].(string); v == "" || textLen(v) > maxChoiceLength {
					t.Errorf("call %d: bad choice value %q", i, v)
				}
			}
			continue
		}
		if !bytes.Contains(c.Payload, []byte(`"allowed_mentions":{"parse":[]`)) {
			t.Errorf("call %d (%s): allowed_mentions does not parse []: %s", i, c.Op, c.Payload)
		}
		deferral := c.Op == "respond" && (m.Type == int(discordgo.InteractionResponseDeferredChannelMessageWithSource) ||
			m.Type == int(discordgo.InteractionResponseDeferredMessageUpdate))
		if deferral {
			continue
		}
		if err := checkMessage(m.Content, m.Embeds, len(c.Files)); err != nil {
			t.Errorf("call %d (%s): %v", i, c.Op, err)
		}
	}
}

func TestGoldenInteractions(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "interactions", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no interaction files: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, logs := newTestBot(t, &fakeHandlers{}, Config{ModeratorRoleID: modRole, Insights: seededInsights(t)})
			seedAnswers(b)
			calls := runInteraction(t, b, readFile(t, path))
			if len(calls) == 0 {
				t.Fatal("nothing was sent")
			}
			checkCalls(t, calls)
			if n := strings.Count(logs.String(), "msg=interaction"); n != 1 {
				t.Errorf("%d log lines about the interaction, want 1:\n%s", n, logs)
			}
			if strings.Contains(logs.String(), testToken) {
				t.Errorf("the token is in the log:\n%s", logs)
			}
			for _, c := range calls {
				if bytes.Contains(c.Payload, []byte("segment 7")) || bytes.Contains(c.Payload, []byte(testToken)) {
					t.Errorf("internal error text sent to Discord: %s", c.Payload)
				}
			}
			compareGolden(t, name, renderGolden(t, calls))
		})
	}
}

func TestGoldenMessages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "messages", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no message files: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := &fakeHandlers{}
			b, _ := newTestBot(t, h, Config{})
			b.guilds.roles[testGuildID] = testBotRole
			rec := &recorder{}
			b.handleMessage(context.Background(), readFile(t, path), rec)
			calls := rec.all()
			checkCalls(t, calls)
			// What was asked is part of the record: mentions, links and
			// emoji are not searched for, follow-ups carry their context.
			got := renderGolden(t, calls)
			h.mu.Lock()
			asked, _ := json.Marshal(h.asks)
			h.mu.Unlock()
			got = append([]byte(`{"asked": `+string(asked)+`, "calls": `), got...)
			got = append(bytes.TrimRight(got, "\n"), []byte("}\n")...)
			compareGolden(t, "message_"+name, got)
		})
	}
}
