package handlers

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestPassageByRef(t *testing.T) {
	svc := newTestService(nil)
	tests := []struct {
		ref, wantID, prev, next string
	}{
		{"§1 ¶2", "doc#1.2", "doc#1.1", "doc#1.3"},
		{"§1¶2", "doc#1.2", "doc#1.1", "doc#1.3"},
		{"1.2", "doc#1.2", "doc#1.1", "doc#1.3"},
		{"Author 2024 §1 ¶3", "doc#1.3", "doc#1.2", "doc#2.1"},
		{"doc#2.1", "doc#2.1", "doc#1.3", ""},
		{"¶1", "doc#0.1", "", "doc#1.1"},
		{"§1 ¶1", "doc#1.1", "doc#0.1", "doc#1.2"},
	}
	for _, tc := range tests {
		t.Run(tc.ref, func(t *testing.T) {
			v, err := svc.Passage(context.Background(), tc.ref)
			if err != nil {
				t.Fatal(err)
			}
			if v.Passage.ID != tc.wantID || v.PrevID != tc.prev || v.NextID != tc.next {
				t.Errorf("got %s (prev %q, next %q), want %s (prev %q, next %q)",
					v.Passage.ID, v.PrevID, v.NextID, tc.wantID, tc.prev, tc.next)
			}
		})
	}
	for _, bad := range []string{"§9 ¶9", "¶0", "hello", "", "Other 2020 §1 ¶1", "doc#7.7"} {
		if _, err := svc.Passage(context.Background(), bad); !errors.Is(err, ErrNoPassage) {
			t.Errorf("Passage(%q) error = %v, want ErrNoPassage", bad, err)
		}
	}
}

func TestCompleteRef(t *testing.T) {
	svc := newTestService(nil)
	got := svc.CompleteRef("§1", 25)
	if len(got) != 3 {
		t.Fatalf("CompleteRef(§1) gave %d choices, want 3: %+v", len(got), got)
	}
	if got[0].Value != "doc#1.1" || !strings.Contains(got[0].Label, "§1 ¶1") || !strings.Contains(got[0].Label, "Theories of balancing") {
		t.Errorf("first choice %+v", got[0])
	}
	if n := len(svc.CompleteRef("", 2)); n != 2 {
		t.Errorf("limit 2 gave %d", n)
	}
	if n := len(svc.CompleteRef("§7", 25)); n != 0 {
		t.Errorf("§7 gave %d choices", n)
	}
}

func TestSearchPhrases(t *testing.T) {
	svc := newTestService(nil)
	res, err := svc.Search(context.Background(), `"wedge strategy"`, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Passage.ID != "doc#1.2" {
		t.Fatalf("phrase search gave %d results, first %+v", len(res), res)
	}
	// The same words unquoted match more widely.
	res, err = svc.Search(context.Background(), `strategy alliance`, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) < 2 {
		t.Errorf("word search gave %d results, want at least 2", len(res))
	}
	if _, err := svc.Search(context.Background(), `"" ?!`, 10); !errors.Is(err, ErrEmptyQuestion) {
		t.Errorf("empty search error = %v, want ErrEmptyQuestion", err)
	}
	// Query syntax is just words.
	res, err = svc.Search(context.Background(), `text:wedge /.*/ +strategy`, 10)
	if err != nil || len(res) == 0 || res[0].Passage.ID != "doc#1.2" {
		t.Errorf("syntax-looking search: %v, %+v", err, res)
	}
}

func TestCite(t *testing.T) {
	svc := newTestService(nil)
	v, err := svc.Passage(context.Background(), "§1 ¶2")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Cite(v.Doc, v.Passage), `Author 2024, §1 "Theories of balancing", ¶2`; got != want {
		t.Errorf("Cite = %q, want %q", got, want)
	}
	v.Passage.Page, v.Passage.PageEnd = 2, 2
	if got, want := Cite(v.Doc, v.Passage), `Author 2024, §1 "Theories of balancing", ¶2, p. 2`; got != want {
		t.Errorf("Cite with a page = %q, want %q", got, want)
	}
	v.Passage.PageEnd = 3
	if got, want := Cite(v.Doc, v.Passage), `Author 2024, §1 "Theories of balancing", ¶2, pp. 2–3`; got != want {
		t.Errorf("Cite over two pages = %q, want %q", got, want)
	}
	v.Passage.Text = "First page words end here and second page words follow."
	v.Passage.PageBreaks = []int{strings.Index(v.Passage.Text, "second")}
	for _, tt := range []struct{ excerpt, pages string }{
		{"First page words end here", "p. 2"},
		{"second page words follow.", "p. 3"},
		{"words end here and second page", "pp. 2–3"},
		{"First page … follow.", "pp. 2–3"},
		{"not in the passage", "pp. 2–3"},
	} {
		if got := CiteExcerpt(v.Doc, v.Passage, tt.excerpt); !strings.HasSuffix(got, ", "+tt.pages) {
			t.Errorf("CiteExcerpt(%q) = %q, want it to end with %q", tt.excerpt, got, tt.pages)
		}
	}
	if got, want := ShortHeading("What can IR theory explain, or fail to explain, about the nature of China-Russia alignment?"), "What can IR theory explain…"; got != want {
		t.Errorf("ShortHeading = %q, want %q", got, want)
	}
}
