package cli

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestServeNeverLogsTheToken runs the whole serve command against a fake
// Discord that refuses the token (echoing it back, as a careless proxy
// might), and searches everything citebot wrote for the token.
func TestServeNeverLogsTheToken(t *testing.T) {
	const token = "MTIzNDU2Nzg5MDEy.secret-token.ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"message": "401: Unauthorized ` + r.Header.Get("Authorization") + `", "code": 0}`))
	}))
	defer fake.Close()
	// A port nothing listens on, for a connection that fails outright.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()

	for name, base := range map[string]string{"refused token": fake.URL, "no server": closed} {
		t.Run(name, func(t *testing.T) {
			env := map[string]string{"DISCORD_TOKEN": token, "DISCORD_API_BASE": base, "LOG_LEVEL": "debug"}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var out, errOut bytes.Buffer
			err := Run(ctx, []string{"--env-file", "", "--index", t.TempDir()}, func(k string) string { return env[k] },
				strings.NewReader(""), &out, &errOut)
			if err == nil {
				t.Fatal("serve with a refused token returned no error")
			}
			all := out.String() + errOut.String() + err.Error()
			for _, secret := range []string{token, "secret-token"} {
				if strings.Contains(all, secret) {
					t.Errorf("the token appears in what citebot wrote:\n%s", all)
				}
			}
		})
	}
}

// TestServeExitsOnFatalClose runs serve against a fake Discord whose
// gateway closes with 4004 (authentication failed) after Identify, as
// Discord does for a bad token: serve must stop (not reconnect forever)
// with an error that names DISCORD_TOKEN, so that main exits non-zero.
func TestServeExitsOnFatalClose(t *testing.T) {
	const token = "MTIzNDU2Nzg5MDEy.bad-token.ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"url": "ws://` + r.Host + `/gateway"}`))
	})
	mux.HandleFunc("/gateway/", func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		_ = ws.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 41250}})
		var ident map[string]any
		_ = ws.ReadJSON(&ident)
		_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
		time.Sleep(100 * time.Millisecond)
	})
	fake := httptest.NewServer(mux)
	defer fake.Close()
	env := map[string]string{"DISCORD_TOKEN": token, "DISCORD_API_BASE": fake.URL}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	err := Run(ctx, []string{"--env-file", "", "--index", t.TempDir(), "serve"}, func(k string) string { return env[k] },
		strings.NewReader(""), &out, &errOut)
	if err == nil || ExitCode(err) == 0 {
		t.Fatalf("serve after a 4004 close returned %v", err)
	}
	if !strings.Contains(err.Error(), "DISCORD_TOKEN") || !strings.Contains(err.Error(), "4004") {
		t.Errorf("the error does not say what to fix: %v", err)
	}
	if all := out.String() + errOut.String() + err.Error(); strings.Contains(all, "bad-token") {
		t.Errorf("the token appears in what citebot wrote:\n%s", all)
	}
}
