package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAskCitesPDFPages checks the page fields end to end: a folder holding
// the essay as a PDF is indexed, ask --json gives each result's page and
// page_end and a citation ending in the page, and sources shows the
// format and page count. The Markdown essay's results have no page keys.
func TestAskCitesPDFPages(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "corpus", "testdata", "formats", "glaser.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "glaser.pdf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	ix := t.TempDir()
	out, stderr, err := runCLI(t, "What is bloodletting?\nWhat are the policy implications?\n",
		"--corpus", dir, "--index", ix, "ask", "--json", "--top", "3")
	if err != nil {
		t.Fatalf("ask: %v\n%s", err, stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var a struct {
			Results []struct {
				Page     int    `json:"page"`
				PageEnd  int    `json:"page_end"`
				Citation string `json:"citation"`
				Ref      string `json:"ref"`
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		if len(a.Results) == 0 {
			t.Fatalf("no results: %s", line)
		}
		for _, r := range a.Results {
			if r.Page < 1 || r.PageEnd < r.Page || r.PageEnd > 3 {
				t.Errorf("%s: page %d, page_end %d", r.Ref, r.Page, r.PageEnd)
			}
			if !strings.HasPrefix(r.Citation, "Glaser 2025, §") || !(strings.Contains(r.Citation, ", p. ") || strings.Contains(r.Citation, ", pp. ")) {
				t.Errorf("citation %q has no page", r.Citation)
			}
		}
	}
	src, stderr, err := runCLI(t, "", "--corpus", dir, "--index", ix, "sources")
	if err != nil {
		t.Fatalf("sources: %v\n%s", err, stderr)
	}
	if !strings.Contains(src, "PDF, 3 pages") || !strings.Contains(src, "FORMAT") {
		t.Errorf("sources:\n%s", src)
	}

	md, stderr, err := runCLI(t, "", "--index", t.TempDir(), "ask", "--json", "What is bloodletting?")
	if err != nil {
		t.Fatalf("ask: %v\n%s", err, stderr)
	}
	if strings.Contains(md, `"page"`) || strings.Contains(md, `"page_end"`) || strings.Contains(md, "p. ") {
		t.Errorf("a Markdown answer has page fields: %s", md)
	}
}
