package handlers_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestTransportFree checks that the handlers depend on neither the search
// engine nor the chat transport, so every front end can use them.
func TestTransportFree(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/citebot/citebot/handlers").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "blevesearch/bleve") || strings.Contains(dep, "bwmarrin/discordgo") {
			t.Errorf("handlers depends on %s", dep)
		}
	}
}
