package cli

import (
	"strings"
	"testing"
)

// TestChatFollowUp checks that the terminal chat reads "why?" with the
// question before it, as the Discord bot does in threads and replies.
func TestChatFollowUp(t *testing.T) {
	out, stderr, err := runCLI(t, "What is wedging?\nwhy?\n", "--index", t.TempDir())
	if err != nil {
		t.Fatalf("chat: %v\n%s", err, stderr)
	}
	if n := strings.Count(out, "wedging (strategy)"); n != 2 {
		t.Errorf("the follow-up was not read as being about wedging (%d concept cards):\n%s", n, out)
	}
}
