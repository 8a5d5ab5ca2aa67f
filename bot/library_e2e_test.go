package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/index"
	"github.com/citebot/citebot/library"
	"github.com/citebot/citebot/readings"
)

// Servers of the library test: testGuildID and otherGuildID are on shard 1
// of 2, shardZeroGuild on shard 0.
const (
	otherGuildID   = "1240000000000000001"
	shardZeroGuild = "1240000000004194304"
	permManage     = "32" // Manage Server
)

// libraryHandlers lets the bot ask a *library.Libraries.
type libraryHandlers struct{ l *library.Libraries }

func (h libraryHandlers) Handlers(ctx context.Context, guildID string) (Handlers, error) {
	s, err := h.l.Handlers(ctx, guildID)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// newTestLibraries opens libraries over the built-in readings in dir,
// with readings of at most 4 KiB.
func newTestLibraries(t *testing.T, dir string) *library.Libraries {
	t.Helper()
	load := func(context.Context) (*corpus.Corpus, string, error) {
		fp, err := corpus.Fingerprint(readings.FS)
		if err != nil {
			return nil, "", err
		}
		c, err := corpus.Load(readings.FS)
		return c, fp, err
	}
	ix, err := index.New(filepath.Join(dir, "shared"), nil)
	if err != nil && !errors.Is(err, index.ErrNoIndex) {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	c, fp, err := load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Build(context.Background(), c, fp, nil); err != nil {
		t.Fatal(err)
	}
	l, err := library.New(library.Config{Dir: filepath.Join(dir, "data"),
		Shared: library.Shared{Load: load, Service: handlers.New(ix, handlers.Options{}), Documents: ix.Documents},
		Quota:  library.Quota{MaxFileBytes: 4 << 10}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// libraryDiscord is a fake Discord that also serves attachments at
// /attachments/, counting downloads.
type libraryDiscord struct {
	*fakeDiscord
	front     *httptest.Server
	mu        sync.Mutex
	files     map[string][]byte
	downloads atomic.Int32
	n         atomic.Int32 // interaction ids
	announce  int          // when set, the size the next attachment claims
}

func newLibraryDiscord(t *testing.T) *libraryDiscord {
	d := &libraryDiscord{fakeDiscord: newFakeDiscord(t, true), files: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /attachments/", func(w http.ResponseWriter, r *http.Request) {
		d.downloads.Add(1)
		d.mu.Lock()
		data, ok := d.files[r.URL.Path]
		d.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	})
	mux.Handle("/", d.srv.Config.Handler)
	d.front = httptest.NewServer(mux)
	t.Cleanup(d.front.Close)
	return d
}

// command builds an interaction of the slash command name in guild from
// a member with the permissions and roles given; sub, when set, is the
// subcommand with opts. An attachment, when given, is served and
// resolved as the "file" option.
func (d *libraryDiscord) command(t *testing.T, guild, perms string, roles []string, name, sub string, opts []map[string]any, attach string, data []byte) json.RawMessage {
	t.Helper()
	n := d.n.Add(1)
	return asInteraction(t, "ask", func(m map[string]any) {
		m["id"] = fmt.Sprintf("12700000000000%05d", n)
		m["token"] = fmt.Sprintf("library-test-token-%d", n)
		m["guild_id"] = guild
		mem := m["member"].(map[string]any)
		mem["permissions"] = perms
		mem["roles"] = roles
		dd := map[string]any{"id": "1255000000000000050", "name": name, "type": 1}
		if attach != "" {
			path := fmt.Sprintf("/attachments/%d/%s", n, attach)
			d.mu.Lock()
			d.files[path] = data
			size := len(data)
			if d.announce != 0 {
				size, d.announce = d.announce, 0
			}
			d.mu.Unlock()
			opts = append(opts, map[string]any{"name": "file", "type": 11, "value": "att1"})
			dd["resolved"] = map[string]any{"attachments": map[string]any{"att1": map[string]any{
				"id": "att1", "filename": attach, "size": size, "url": d.front.URL + path, "proxy_url": d.front.URL + path,
			}}}
		}
		if sub != "" {
			dd["options"] = []any{map[string]any{"name": sub, "type": 1, "options": opts}}
		} else {
			dd["options"] = opts
		}
		m["data"] = dd
	})
}

// result dispatches an interaction and returns the body of the bot's
// final response to it (not a deferral).
func (d *libraryDiscord) result(ctx context.Context, raw json.RawMessage) string {
	d.t.Helper()
	mark := len(d.all())
	d.dispatch("INTERACTION_CREATE", raw)
	i := d.waitFor(ctx, "a response", mark, func(c restCall) bool {
		return (c.Path == callbackPath(raw) && !bytes.Contains(c.Body, []byte(`"type":5`))) ||
			(c.Method == http.MethodPatch && c.Path == originalPath(raw)) ||
			(c.Method == http.MethodPost && c.Path == strings.TrimSuffix(originalPath(raw), "/messages/@original"))
	})
	return string(d.all()[i].Body)
}

// private reports whether the bot's first response to an interaction (the
// answer or its deferral) was private.
func (d *libraryDiscord) private(raw json.RawMessage) bool {
	for _, c := range d.all() {
		if c.Path == callbackPath(raw) {
			return bytes.Contains(c.Body, []byte(`"flags":64`))
		}
	}
	return false
}

func ask(q string) []map[string]any {
	return []map[string]any{{"name": "question", "type": 3, "value": q}}
}

// TestLibrariesEndToEnd drives the bot with real per-server libraries
// against the fake Discord: a moderator uploads a reading that then
// answers in that server only; a member cannot upload; a junk PDF is
// refused while the server keeps answering; removal makes the reading
// unanswerable; a second shard ignores the first shard's servers.
func TestLibrariesEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	libs := newTestLibraries(t, t.TempDir())
	d := newLibraryDiscord(t)
	const notAllowed = "1240000000000000002" // on shard 1, not allowed
	b, logs := newTestBotLibs(t, libraryHandlers{libs}, Config{APIBase: d.front.URL, Readings: libs, Settings: libs, ShardID: 1, ShardCount: 2,
		AllowedGuilds: []string{testGuildID, otherGuildID, shardZeroGuild}})
	b.botID, b.appID = "", ""
	b.fastBudget = 200 * time.Millisecond
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- b.Run(runCtx) }()
	i := d.waitFor(ctx, "command registration", 0, func(c restCall) bool { return c.Method == http.MethodPut })
	for _, name := range []string{`"name":"readings"`, `"name":"settings"`} {
		if !bytes.Contains(d.all()[i].Body, []byte(name)) {
			t.Errorf("%s not registered: %s", name, d.all()[i].Body)
		}
	}
	d.mu.Lock()
	shard, _ := d.identify["shard"].([]any)
	d.mu.Unlock()
	if fmt.Sprint(shard) != "[1 2]" {
		t.Errorf("identified with shard %v, want [1 2]", shard)
	}

	leaves, err := os.ReadFile("../library/testdata/photosynthesis.md")
	if err != nil {
		t.Fatal(err)
	}
	const question = "What does RuBisCO fix in the Calvin cycle?"
	const quote = "carbon dioxide from the air into three-carbon sugars"

	// A member without the role is refused, and nothing is downloaded.
	in := d.command(t, testGuildID, "0", nil, "readings", "add", nil, "leaves.md", leaves)
	got := d.result(ctx, in)
	if !strings.Contains(got, "Only moderators") || !d.private(in) || d.downloads.Load() != 0 {
		t.Errorf("member's upload: %s (downloads %d)", got, d.downloads.Load())
	}
	if got := d.result(ctx, d.command(t, testGuildID, "0", nil, "ask", "", ask(question), "", nil)); strings.Contains(got, quote) {
		t.Errorf("the refused reading answers: %s", got)
	}

	// Refusals before the download: a member without Manage Server
	// choosing the role, a file that says it is too large. (Direct
	// messages go to shard 0: TestReadingsInDirectMessage.)
	in = d.command(t, testGuildID, "0", []string{modRole}, "settings", "moderator-role", []map[string]any{{"name": "role", "type": 8, "value": modRole}}, "", nil)
	if got := d.result(ctx, in); !strings.Contains(got, "Only members with the Manage Server") {
		t.Errorf("settings by a member: %s", got)
	}
	d.mu.Lock()
	d.announce = 10 << 20
	d.mu.Unlock()
	if got := d.result(ctx, d.command(t, testGuildID, permManage, nil, "readings", "add", nil, "big.md", leaves)); !strings.Contains(got, "too large") {
		t.Errorf("announced too large: %s", got)
	}
	if n := d.downloads.Load(); n != 0 {
		t.Errorf("%d downloads for refused uploads, want none", n)
	}
	// A file larger than it claimed is cut off while it downloads.
	d.mu.Lock()
	d.announce = 100
	d.mu.Unlock()
	if got := d.result(ctx, d.command(t, testGuildID, permManage, nil, "readings", "add", nil, "liar.md", bytes.Repeat([]byte("words and more words\n\n"), 1000))); !strings.Contains(got, "too large") {
		t.Errorf("body over the limit: %s", got)
	}

	// A server not in DISCORD_ALLOWED_GUILDS: left when it is announced,
	// and its interactions get no answer.
	mark0 := len(d.all())
	d.dispatch("GUILD_CREATE", map[string]any{"id": notAllowed, "name": "strangers"})
	d.dispatch("GUILD_CREATE", map[string]any{"id": testGuildID, "name": "study group"})
	d.waitFor(ctx, "leaving the server", mark0, func(c restCall) bool {
		return c.Method == http.MethodDelete && c.Path == "/api/v9/users/@me/guilds/"+notAllowed
	})
	stranger := d.command(t, notAllowed, permManage, nil, "ask", "", ask("What is the security dilemma?"), "", nil)
	d.dispatch("INTERACTION_CREATE", stranger)

	// A moderator (by the server's moderator role) uploads it.
	got = d.result(ctx, d.command(t, testGuildID, permManage, nil, "settings", "moderator-role", []map[string]any{{"name": "role", "type": 8, "value": modRole}}, "", nil))
	if !strings.Contains(got, modRole) {
		t.Errorf("settings: %s", got)
	}
	in = d.command(t, testGuildID, "0", []string{modRole}, "readings", "add", nil, "leaves.md", leaves)
	got = d.result(ctx, in)
	if !strings.Contains(got, "Added: How Leaves Make Sugar") || !strings.Contains(got, "Ada Lovelace") || !d.private(in) {
		t.Fatalf("moderator's upload: %s", got)
	}
	if got := d.result(ctx, d.command(t, testGuildID, "0", nil, "ask", "", ask(question), "", nil)); !strings.Contains(got, quote) || !strings.Contains(got, "— Lovelace, §2") {
		t.Errorf("in its server the question is not answered from the reading: %s", got)
	}
	if got := d.result(ctx, d.command(t, otherGuildID, "0", nil, "ask", "", ask(question), "", nil)); strings.Contains(got, quote) {
		t.Errorf("another server is answered from it: %s", got)
	}
	if got := d.result(ctx, d.command(t, testGuildID, "0", nil, "readings", "list", nil, "", nil)); !strings.Contains(got, "How Leaves Make Sugar") || !strings.Contains(got, "shared reading") {
		t.Errorf("list: %s", got)
	}

	// Junk named .pdf is refused with the reason; the server still answers.
	got = d.result(ctx, d.command(t, testGuildID, permManage, nil, "readings", "add", nil, "notes.pdf", []byte("<html>not a pdf</html>")))
	if !strings.Contains(got, "Not added") || !strings.Contains(got, "not a PDF") {
		t.Errorf("junk PDF: %s", got)
	}
	if got := d.result(ctx, d.command(t, testGuildID, "0", nil, "ask", "", ask(question), "", nil)); !strings.Contains(got, quote) {
		t.Errorf("after the junk PDF the server does not answer: %s", got)
	}

	// Remove makes it unanswerable.
	got = d.result(ctx, d.command(t, testGuildID, permManage, nil, "readings", "remove", []map[string]any{{"name": "reading", "type": 3, "value": "leaves"}}, "", nil))
	if !strings.Contains(got, "Removed") {
		t.Errorf("remove: %s", got)
	}
	if got := d.result(ctx, d.command(t, testGuildID, "0", nil, "ask", "", ask(question), "", nil)); strings.Contains(got, quote) {
		t.Errorf("a removed reading answers: %s", got)
	}

	// This process is shard 1: a server of shard 0 gets no answer from it.
	other := d.command(t, shardZeroGuild, "0", nil, "ask", "", ask("What is the security dilemma?"), "", nil)
	d.dispatch("INTERACTION_CREATE", other)
	probe := d.command(t, testGuildID, "0", nil, "ask", "", ask("What is the security dilemma?"), "", nil)
	d.result(ctx, probe) // dispatched after, answered: the first had its chance
	for _, c := range d.all()[mark0:] {
		if c.Path == callbackPath(other) || c.Path == originalPath(other) {
			t.Errorf("shard 1 answered a shard 0 server: %s %s", c.Method, c.Path)
		}
		if c.Path == callbackPath(stranger) {
			t.Errorf("answered a server not allowed: %s", c.Body)
		}
		if c.Method == http.MethodDelete && c.Path == "/api/v9/users/@me/guilds/"+testGuildID {
			t.Error("left an allowed server")
		}
	}
	stop()
	<-done
	if strings.Contains(logs.String(), "outcome=panic") {
		t.Errorf("panics:\n%s", logs)
	}
}

// TestAttachmentHosts checks that attachments are fetched only from
// Discord's CDN, or the DISCORD_API_BASE origin when set.
func TestAttachmentHosts(t *testing.T) {
	plain, _ := newTestBot(t, &fakeHandlers{}, Config{})
	based, _ := newTestBot(t, &fakeHandlers{}, Config{APIBase: "http://127.0.0.1:8080"})
	cases := []struct {
		url         string
		plain, base bool
	}{
		{"https://cdn.discordapp.com/attachments/1/2/a.md", true, true},
		{"https://media.discordapp.net/attachments/1/2/a.md", true, true},
		{"http://cdn.discordapp.com/attachments/1/2/a.md", false, false},
		{"https://cdn.discordapp.com.evil.example/a.md", false, false},
		{"https://user:pw@cdn.discordapp.com/a.md", false, false},
		{"https://cdn.discordapp.com:8443/a.md", false, false},
		{"http://127.0.0.1:8080/attachments/a.md", false, true},
		{"http://127.0.0.1:8081/attachments/a.md", false, false},
		{"http://169.254.169.254/latest/meta-data", false, false},
		{"file:///etc/passwd", false, false},
	}
	for _, tc := range cases {
		if _, err := plain.attachmentURL(tc.url); (err == nil) != tc.plain {
			t.Errorf("without API base, %s allowed=%v, want %v", tc.url, err == nil, tc.plain)
		}
		if _, err := based.attachmentURL(tc.url); (err == nil) != tc.base {
			t.Errorf("with API base, %s allowed=%v, want %v", tc.url, err == nil, tc.base)
		}
	}
}

// TestReadingsInDirectMessage checks that library commands are refused,
// privately, in a direct message, and that nothing reaches the library.
func TestReadingsInDirectMessage(t *testing.T) {
	libs := newTestLibraries(t, t.TempDir())
	b, _ := newTestBotLibs(t, libraryHandlers{libs}, Config{Readings: libs, Settings: libs})
	for _, sub := range []string{"add", "list", "remove"} {
		raw := asInteraction(t, "ask_dm", func(m map[string]any) {
			m["data"] = map[string]any{"id": "1255000000000000050", "name": "readings", "type": 1,
				"options": []any{map[string]any{"name": sub, "type": 1, "options": []any{}}}}
		})
		calls := runInteraction(t, b, raw)
		if len(calls) != 1 {
			t.Fatalf("/readings %s in a DM: %d calls", sub, len(calls))
		}
		if m := calls[0].decode(t); m.Flags&64 == 0 || !strings.Contains(m.Content, "server channel") {
			t.Errorf("/readings %s in a DM: %+v", sub, m)
		}
	}
	raw := asInteraction(t, "ask_dm", func(m map[string]any) {
		m["data"] = map[string]any{"id": "1255000000000000051", "name": "settings", "type": 1,
			"options": []any{map[string]any{"name": "moderator-role", "type": 1, "options": []any{}}}}
	})
	if calls := runInteraction(t, b, raw); len(calls) != 1 || !strings.Contains(calls[0].decode(t).Content, "per server") {
		t.Errorf("/settings in a DM: %+v", calls)
	}
}
