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
