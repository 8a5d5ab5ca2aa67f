package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// restCall is one REST request the fake Discord received.
type restCall struct {
	Method, Path string
	Auth         string
	Body         []byte // the JSON body, or a multipart body's payload_json
	Files        []string
}

// fakeDiscord is a fake Discord on 127.0.0.1: the REST API (recording
// every call) and a gateway websocket that says Hello, takes Identify,
// sends READY, acknowledges heartbeats and dispatches events on demand.
type fakeDiscord struct {
	t     *testing.T
	srv   *httptest.Server
	ready bool // send READY after Identify

	mu         sync.Mutex
	calls      []restCall
	changed    chan struct{} // closed and replaced on every change
	identify   map[string]any
	identifies int // Identify (op 2) payloads received
	resumes    int // Resume (op 6) payloads received
	closeWith  int // when set, the gateway closes with this code after Identify or Resume
	faults     []*fault
	ws         *websocket.Conn
	wsMu       sync.Mutex // serialises writes to ws
	seq        int
}

// fault is an error the fake REST API answers instead of success, to
// requests that match, a number of times.
type fault struct {
	match  func(restCall) bool
	status int
	body   string
	times  int
}

// inject makes the next times requests that match fail with status and body.
func (f *fakeDiscord) inject(times, status int, body string, match func(restCall) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, &fault{match: match, status: status, body: body, times: times})
}

// faultFor returns the fault that c meets, counting it, or nil.
func (f *fakeDiscord) faultFor(c restCall) *fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ft := range f.faults {
		if ft.times > 0 && ft.match(c) {
			ft.times--
			return ft
		}
	}
	return nil
}

func newFakeDiscord(t *testing.T, ready bool) *fakeDiscord {
	f := &fakeDiscord{t: t, ready: ready, changed: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		fmt.Fprintf(w, `{"url": "ws://%s/gateway"}`, r.Host)
	})
	mux.HandleFunc("/gateway/", f.gateway) // discordgo adds a slash before the query
	mux.HandleFunc("/", f.rest)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeDiscord) notify() {
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *fakeDiscord) record(r *http.Request) restCall {
	c := restCall{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization")}
	body, _ := io.ReadAll(r.Body)
	c.Body = body
	if mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && strings.HasPrefix(mt, "multipart/") {
		c.Body = nil
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			data, _ := io.ReadAll(p)
			if p.FormName() == "payload_json" {
				c.Body = data
			} else {
				c.Files = append(c.Files, p.FileName())
			}
		}
	}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.notify()
	f.mu.Unlock()
	return c
}

// rest answers the REST API as Discord would, closely enough for discordgo.
func (f *fakeDiscord) rest(w http.ResponseWriter, r *http.Request) {
	c := f.record(r)
	p := c.Path
	w.Header().Set("Content-Type", "application/json")
	if ft := f.faultFor(c); ft != nil {
		w.WriteHeader(ft.status)
		w.Write([]byte(ft.body))
		return
	}
	switch {
	case r.Method == http.MethodPost && p == "/api/v9/users/@me/channels":
		w.Write([]byte(`{"id": "1246000000000000009", "type": 1}`))
	case r.Method == http.MethodPut && strings.HasSuffix(p, "/commands"):
		w.Write(c.Body) // the commands, as registered
	case strings.HasSuffix(p, "/callback"), r.Method == http.MethodDelete, strings.HasSuffix(p, "/typing"):
		w.WriteHeader(http.StatusNoContent)
	case strings.HasPrefix(p, "/api/v9/webhooks/"), strings.HasPrefix(p, "/api/v9/channels/"):
		fmt.Fprintf(w, `{"id": "1300000000000000%03d", "channel_id": "1245000000000000000", "content": ""}`, len(f.all()))
	default:
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"message": "404: Not Found", "code": 0}`))
	}
}

// gateway serves the websocket.
func (f *fakeDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	f.wsMu.Lock()
	err = ws.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 41250}})
	f.wsMu.Unlock()
	if err != nil {
		return
	}
	for {
		var msg struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := ws.ReadJSON(&msg); err != nil {
			return
		}
		switch msg.Op {
		case 1:
			f.wsMu.Lock()
			ws.WriteJSON(map[string]any{"op": 11})
			f.wsMu.Unlock()
		case 2, 6:
			f.mu.Lock()
			if msg.Op == 2 {
				f.identify = nil
				json.Unmarshal(msg.D, &f.identify)
				f.identifies++
			} else {
				f.resumes++
			}
			f.ws = ws
			code := f.closeWith
			f.notify()
			f.mu.Unlock()
			if code != 0 {
				f.wsMu.Lock()
				ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, "closed by the fake"))
				f.wsMu.Unlock()
				time.Sleep(50 * time.Millisecond)
				return
			}
			switch {
			case msg.Op == 6:
				f.dispatch("RESUMED", map[string]any{})
			case f.ready:
				f.dispatch("READY", map[string]any{
					"v":           9,
					"session_id":  "fake-session",
					"user":        map[string]any{"id": testBotID, "username": "citebot", "discriminator": "0", "bot": true},
					"application": map[string]any{"id": testAppID, "flags": 0},
					"guilds":      []any{},
				})
			}
		}
	}
}

// sendOp sends a gateway opcode other than a dispatch (7 reconnect, 9
// invalid session).
func (f *fakeDiscord) sendOp(op int, d any) {
	f.mu.Lock()
	ws := f.ws
	f.mu.Unlock()
	f.wsMu.Lock()
	defer f.wsMu.Unlock()
	if err := ws.WriteJSON(map[string]any{"op": op, "d": d}); err != nil {
		f.t.Errorf("op %d: %v", op, err)
	}
}

// closeGateway closes the current gateway connection with code.
func (f *fakeDiscord) closeGateway(code int) {
	f.mu.Lock()
	ws := f.ws
	f.mu.Unlock()
	f.wsMu.Lock()
	defer f.wsMu.Unlock()
	ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, "closed by the fake"))
	ws.Close()
}

// dispatch sends a gateway event.
func (f *fakeDiscord) dispatch(event string, data any) {
	f.mu.Lock()
	ws := f.ws
	f.seq++
	seq := f.seq
	f.mu.Unlock()
	raw, ok := data.(json.RawMessage)
	if !ok {
		b, err := json.Marshal(data)
		if err != nil {
			f.t.Error(err)
			return
		}
		raw = b
	}
	f.wsMu.Lock()
	defer f.wsMu.Unlock()
	if err := ws.WriteJSON(map[string]any{"op": 0, "t": event, "s": seq, "d": raw}); err != nil {
		f.t.Errorf("dispatch %s: %v", event, err)
	}
}

func (f *fakeDiscord) all() []restCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]restCall(nil), f.calls...)
}

// waitFor waits until some call from index from on satisfies match, and
// returns its index.
func (f *fakeDiscord) waitFor(ctx context.Context, what string, from int, match func(restCall) bool) int {
	f.t.Helper()
	for {
		f.mu.Lock()
		for i := from; i < len(f.calls); i++ {
			if match(f.calls[i]) {
				f.mu.Unlock()
				return i
			}
		}
		ch := f.changed
		f.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			f.t.Fatalf("timed out waiting for %s; calls so far:\n%s", what, f.describe())
		}
	}
}

func (f *fakeDiscord) describe() string {
	var b strings.Builder
	for _, c := range f.all() {
		fmt.Fprintf(&b, "  %s %s %.200s\n", c.Method, c.Path, c.Body)
	}
	return b.String()
}

// asInteraction rewrites a recorded interaction for the live test.
func asInteraction(t *testing.T, name string, edit func(map[string]any)) json.RawMessage {
	var m map[string]any
	if err := json.Unmarshal(interaction(t, name), &m); err != nil {
		t.Fatal(err)
	}
	m["application_id"] = testAppID
	if edit != nil {
		edit(m)
	}
	b, _ := json.Marshal(m)
	return b
}

func callbackPath(raw json.RawMessage) string {
	var in struct{ ID, Token string }
	json.Unmarshal(raw, &in)
	return "/api/v9/interactions/" + in.ID + "/" + in.Token + "/callback"
}

func originalPath(raw json.RawMessage) string {
	var in struct{ Token string }
	json.Unmarshal(raw, &in)
	return "/api/v9/webhooks/" + testAppID + "/" + in.Token + "/messages/@original"
}

// TestEndToEnd drives a real discordgo Session against the fake Discord.
func TestEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	fake := newFakeDiscord(t, true)
	h := &fakeHandlers{askDelay: 300 * time.Millisecond}
	b, logs := newTestBot(t, h, Config{APIBase: fake.srv.URL, ModeratorRoleID: modRole})
	b.botID, b.appID = "", "" // learnt from READY
	b.fastBudget = 100 * time.Millisecond

	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- b.Run(runCtx) }()

	// READY → the commands are registered with one bulk overwrite.
	i := fake.waitFor(ctx, "command registration", 0, func(c restCall) bool {
		return c.Method == http.MethodPut && c.Path == "/api/v9/applications/"+testAppID+"/commands"
	})
	reg := fake.all()[i]
	if reg.Auth != "Bot "+testToken {
		t.Errorf("registration sent authorization %q", reg.Auth)
	}
	var cmds []struct {
		Name                     string `json:"name"`
		DefaultMemberPermissions string `json:"default_member_permissions"`
	}
	if err := json.Unmarshal(reg.Body, &cmds); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name)
		if c.Name == "reindex" && c.DefaultMemberPermissions != "32" {
			t.Errorf("reindex default_member_permissions %q, want 32", c.DefaultMemberPermissions)
		}
	}
	if got := strings.Join(names, " "); got != "Ask citebot ask concepts explain help insights passage reindex search sources threads" {
		t.Errorf("registered %q", got)
	}
	fake.mu.Lock()
	intents, _ := fake.identify["intents"].(float64)
	fake.mu.Unlock()
	if discordgo.Intent(intents) != Intents {
		t.Errorf("identified with intents %v, want %v", intents, Intents)
	}

	// /ask (slow enough to defer) → a deferral, then the answer as an edit.
	ask := asInteraction(t, "ask", func(m map[string]any) {
		m["data"].(map[string]any)["options"].([]any)[0].(map[string]any)["value"] = "slow: what is the security dilemma?"
	})
	mark := len(fake.all())
	fake.dispatch("INTERACTION_CREATE", ask)
	i = fake.waitFor(ctx, "/ask deferral", mark, func(c restCall) bool { return c.Path == callbackPath(ask) })
	if got := fake.all()[i]; !bytes.Contains(got.Body, []byte(`"type":5`)) || !bytes.Contains(got.Body, []byte(`"parse":[]`)) {
		t.Errorf("/ask callback: %s", got.Body)
	}
	i = fake.waitFor(ctx, "/ask answer", i, func(c restCall) bool { return c.Method == http.MethodPatch && c.Path == originalPath(ask) })
	answer := fake.all()[i]
	var edited message
	if err := json.Unmarshal(answer.Body, &edited); err != nil {
		t.Fatal(err)
	}
	if len(edited.Embeds) != 1 || !strings.Contains(edited.Embeds[0].Description, "**security dilemma**") || !bytes.Contains(answer.Body, []byte(`"allowed_mentions":{"parse":[]`)) {
		t.Errorf("/ask answer: %s", answer.Body)
	}

	// "More passages" by the asker → the message is updated with page 2.
	more := ""
	for _, id := range edited.customIDs(t) {
		if strings.HasPrefix(id, "more:") {
			more = id
		}
	}
	click := asInteraction(t, "ask_more", func(m map[string]any) {
		m["data"].(map[string]any)["custom_id"] = more
	})
	mark = len(fake.all())
	fake.dispatch("INTERACTION_CREATE", click)
	i = fake.waitFor(ctx, "More passages", mark, func(c restCall) bool {
		return c.Path == originalPath(click) || (c.Path == callbackPath(click) && !bytes.Contains(c.Body, []byte(`"type":6`)))
	})
	if got := fake.all()[i]; !bytes.Contains(got.Body, []byte("Passages 4–6")) || !bytes.Contains(got.Body, []byte(`"parse":[]`)) {
		t.Errorf("More passages: %s %s", got.Path, got.Body)
	}

	// A message mentioning the bot → a reply referring to it.
	var mention map[string]any
	json.Unmarshal(readFile(t, "testdata/messages/mention.json"), &mention)
	mark = len(fake.all())
	fake.dispatch("MESSAGE_CREATE", mention)
	i = fake.waitFor(ctx, "mention reply", mark, func(c restCall) bool {
		return c.Method == http.MethodPost && c.Path == "/api/v9/channels/1245000000000000000/messages"
	})
	var sent message
	got := fake.all()[i]
	json.Unmarshal(got.Body, &sent)
	if sent.Reference == nil || sent.Reference.MessageID != mention["id"] || len(sent.Embeds) != 1 || !bytes.Contains(got.Body, []byte(`"parse":[]`)) {
		t.Errorf("mention reply: %s", got.Body)
	}

	// /reindex from a plain member → refused privately.
	refused := asInteraction(t, "reindex_member", nil)
	mark = len(fake.all())
	fake.dispatch("INTERACTION_CREATE", refused)
	i = fake.waitFor(ctx, "reindex refusal", mark, func(c restCall) bool { return c.Path == callbackPath(refused) })
	if got := fake.all()[i]; !bytes.Contains(got.Body, []byte(`"flags":64`)) || !bytes.Contains(got.Body, []byte("Only moderators")) {
		t.Errorf("refusal: %s", got.Body)
	}

	// /reindex from a member with Manage Server → deferred, then the summary.
	allowed := asInteraction(t, "reindex_manage_server", nil)
	mark = len(fake.all())
	fake.dispatch("INTERACTION_CREATE", allowed)
	i = fake.waitFor(ctx, "reindex deferral", mark, func(c restCall) bool { return c.Path == callbackPath(allowed) })
	if got := fake.all()[i]; !bytes.Contains(got.Body, []byte(`"type":5`)) || !bytes.Contains(got.Body, []byte(`"flags":64`)) {
		t.Errorf("reindex deferral: %s", got.Body)
	}
	i = fake.waitFor(ctx, "reindex summary", i, func(c restCall) bool { return c.Method == http.MethodPatch && c.Path == originalPath(allowed) })
	if got := fake.all()[i]; !bytes.Contains(got.Body, []byte("Reindex finished")) || !bytes.Contains(got.Body, []byte(`"parse":[]`)) {
		t.Errorf("reindex summary: %s", got.Body)
	}

	// Every message the bot sent allowed no mentions.
	for _, c := range fake.all() {
		if c.Method == http.MethodGet || c.Method == http.MethodPut || c.Method == http.MethodDelete || strings.HasSuffix(c.Path, "/typing") {
			continue
		}
		if !bytes.Contains(c.Body, []byte(`"allowed_mentions":{"parse":[]`)) {
			t.Errorf("%s %s without allowed_mentions parse []: %s", c.Method, c.Path, c.Body)
		}
	}

	t.Logf("REST calls:\n%s", fake.describe())

	// Cancelling the context stops Run within a few seconds.
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(8 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
	if strings.Contains(logs.String(), testToken) {
		t.Errorf("the token is in the log:\n%s", logs)
	}
	if n := strings.Count(logs.String(), "msg=interaction"); n != 5 {
		t.Errorf("%d interaction log lines, want 5:\n%s", n, logs)
	}
}

// TestRunFailsWithoutLeakingToken connects to a Discord that refuses the
// token and echoes it back: neither the error nor the log may carry it.
func TestRunFailsWithoutLeakingToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"message": "401: Unauthorized (you sent %s)", "code": 0}`, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	b, logs := newTestBot(t, &fakeHandlers{}, Config{APIBase: srv.URL})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := b.Run(ctx)
	if err == nil {
		t.Fatal("Run succeeded against a Discord that refuses the token")
	}
	if strings.Contains(err.Error(), testToken) || strings.Contains(logs.String(), testToken) {
		t.Errorf("token leaked:\nerr: %v\nlog: %s", err, logs)
	}
	if !strings.Contains(err.Error(), "connect to Discord") || !strings.Contains(logs.String(), "could not connect") {
		t.Errorf("err %v, log %s", err, logs)
	}

	// Nothing listening at all.
	srv.Close()
	b2, logs2 := newTestBot(t, &fakeHandlers{}, Config{APIBase: srv.URL})
	if err := b2.Run(ctx); err == nil || strings.Contains(err.Error(), testToken) || strings.Contains(logs2.String(), testToken) {
		t.Errorf("err %v, log %s", err, logs2)
	}
}

// TestRunStopsWhileConnecting cancels Run while the gateway never sends
// READY: discordgo's Open has no timeout, so Run must abort it.
func TestRunStopsWhileConnecting(t *testing.T) {
	fake := newFakeDiscord(t, false)
	b, _ := newTestBot(t, &fakeHandlers{}, Config{APIBase: fake.srv.URL})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	wait, wcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer wcancel()
	for {
		fake.mu.Lock()
		identified := fake.identify != nil
		ch := fake.changed
		fake.mu.Unlock()
		if identified {
			break
		}
		select {
		case <-ch:
		case <-wait.Done():
			t.Fatal("never identified")
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	h := &fakeHandlers{}
	for _, cfg := range []Config{
		{},
		{Token: "Bot "},
		{Token: "secret with spaces"},
		{Token: testToken, APIBase: "ftp://x"},
		{Token: testToken, APIBase: "http://127.0.0.1:1/api"},
		{Token: testToken, APIBase: "::"},
	} {
		b, err := New(cfg, Shared(h), nil)
		if err == nil || b != nil {
			t.Errorf("New(%+v) succeeded", cfg)
			continue
		}
		if strings.Contains(err.Error(), "secret") || (cfg.Token != "" && strings.Contains(err.Error(), cfg.Token)) {
			t.Errorf("error carries the token: %v", err)
		}
	}
	if _, err := New(Config{Token: testToken}, nil, nil); err == nil {
		t.Error("New without handlers succeeded")
	}
	if b, err := New(Config{Token: "Bot " + testToken, APIBase: "http://127.0.0.1:8080/"}, Shared(h), nil); err != nil || b.token != testToken {
		t.Errorf("New with a Bot-prefixed token: %v", err)
	}
}

func TestOriginTransportRewrites(t *testing.T) {
	var (
		mu  sync.Mutex
		got []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r.Method+" "+r.Host+r.URL.RequestURI())
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	b, _ := newTestBot(t, &fakeHandlers{}, Config{APIBase: srv.URL})
	for _, u := range []string{"https://discord.com/api/v9/users/@me", "https://cdn.discordapp.com/x.png?size=64"} {
		resp, err := b.session.Client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	host := strings.TrimPrefix(srv.URL, "http://")
	want := []string{"GET " + host + "/api/v9/users/@me", "GET " + host + "/x.png?size=64"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests %q, want %q", got, want)
	}
}

// TestRegistersInGuild checks that with a GuildID the commands are
// registered in that server, once, with the application id from READY.
func TestRegistersInGuild(t *testing.T) {
	fake := newFakeDiscord(t, false)
	b, logs := newTestBot(t, &fakeHandlers{}, Config{APIBase: fake.srv.URL, GuildID: testGuildID})
	b.work = context.Background()
	ready := []byte(`{"v": 9, "session_id": "s", "user": {"id": "` + testBotID + `", "username": "citebot", "bot": true}, "application": {"id": "` + testAppID + `"}, "guilds": []}`)
	b.onReady(b.session, ready)
	b.onReady(b.session, ready) // a second READY (after a reconnect) does not register again
	calls := fake.all()
	if len(calls) != 2 || calls[0].Method != http.MethodPut || calls[0].Path != "/api/v9/applications/"+testAppID+"/guilds/"+testGuildID+"/commands" {
		t.Fatalf("calls:\n%s", fake.describe())
	}
	var cmds []map[string]any
	if err := json.Unmarshal(calls[0].Body, &cmds); err != nil || len(cmds) != len(b.commands) {
		t.Errorf("registered %d commands (%v)", len(cmds), err)
	}
	for _, c := range cmds {
		// Contexts are for global commands only; guild commands don't
		// support the bot-DM context.
		if ctxs, ok := c["contexts"]; ok {
			t.Errorf("%v registered in a server with contexts %v", c["name"], ctxs)
		}
	}
	// The global scope is cleared, so switching scopes leaves no duplicates.
	if calls[1].Method != http.MethodPut || calls[1].Path != "/api/v9/applications/"+testAppID+"/commands" || strings.TrimSpace(string(calls[1].Body)) != "[]" {
		t.Errorf("the other scope was not cleared: %s %s %s", calls[1].Method, calls[1].Path, calls[1].Body)
	}
	if !strings.Contains(logs.String(), "scope=\"guild "+testGuildID+"\"") {
		t.Errorf("log: %s", logs)
	}
}
