package insights

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const guild = "1240000000000000000"

func openAt(t *testing.T, dir string, now time.Time) *Store {
	t.Helper()
	s, err := Open(dir, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReportAndClear(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2025, 11, 21, 10, 0, 0, 0, time.UTC)
	s := openAt(t, dir, now)
	for _, q := range []struct{ text, outcome string }{
		{"What did Kissinger say?", NotFound},
		{"what did kissinger say?", NotFound}, // the same miss is listed once
		{"What is the security dilemma?", Answered},
		{"Why does the security dilemma matter?", Answered},
		{"Who is Mearsheimer?", NotFound},
	} {
		if err := s.Record(guild, q.text, q.outcome); err != nil {
			t.Fatal(err)
		}
	}
	// One vote per voter per answer: a second vote replaces the first.
	for _, v := range []struct {
		voter string
		up    bool
		want  VoteResult
	}{{"u1", true, VoteNew}, {"u1", true, VoteSame}, {"u1", false, VoteChanged}, {"u2", false, VoteNew}} {
		if got, err := s.Vote(guild, "k1", v.voter, "Why does the security dilemma matter?", v.up); err != nil || got != v.want {
			t.Errorf("vote %+v = %v, %v", v, got, err)
		}
	}
	// Reopened from disk, the report is the same.
	r, err := openAt(t, dir, now).Report(guild, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Misses) != 2 || r.Misses[0].Text != "Who is Mearsheimer?" || r.Questions != 5 {
		t.Errorf("misses %+v (of %d)", r.Misses, r.Questions)
	}
	if len(r.Downvoted) != 1 || r.Downvoted[0].Down != 2 || r.Downvoted[0].Up != 0 {
		t.Errorf("downvoted %+v", r.Downvoted)
	}
	if len(r.Topics) < 2 || r.Topics[0].Word != "dilemma" || r.Topics[0].Count != 2 {
		t.Errorf("topics %+v", r.Topics)
	}
	// No voter id is kept in the clear.
	data, _ := os.ReadFile(filepath.Join(dir, guild+".json"))
	if strings.Contains(string(data), `"u1"`) || strings.Contains(string(data), `"u2"`) {
		t.Errorf("a voter id is stored in the clear: %s", data)
	}
	if err := s.Clear(guild); err != nil {
		t.Fatal(err)
	}
	if r, _ := openAt(t, dir, now).Report(guild, 10); r.Questions != 0 || len(r.Downvoted) != 0 {
		t.Errorf("after Clear: %+v", r)
	}
}

func TestBoundsAndRetention(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := now
	s, err := Open(t.TempDir(), func() time.Time { return clock })
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Record(guild, "old question about alliances", NotFound); err != nil {
		t.Fatal(err)
	}
	clock = now.Add(retention + time.Hour)
	for i := 0; i < MaxQuestions+10; i++ {
		if err := s.Record(guild, strings.Repeat("long ", 100), Answered); err != nil {
			t.Fatal(err)
		}
	}
	r, _ := s.Report(guild, 10)
	if r.Questions != MaxQuestions || len(r.Misses) != 0 {
		t.Errorf("kept %d questions, misses %+v", r.Questions, r.Misses)
	}
}

func TestHostileFilesAndIDs(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, guild+".json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := openAt(t, dir, time.Now())
	// A damaged file is set aside, not lost, and the store works on.
	if err := s.Record(guild, "What is balancing?", Answered); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, guild+".json.damaged-*"))
	if len(matches) != 1 {
		t.Errorf("damaged file not set aside: %v", matches)
	}
	for _, bad := range []string{"", "../etc/passwd", "12a", strings.Repeat("1", 30)} {
		if err := s.Record(bad, "q", Answered); err == nil {
			t.Errorf("Record(%q) accepted a bad server id", bad)
		}
	}
	if err := s.SetChannelMode(guild, "1245", ModeThread); err != nil || s.ChannelMode(guild, "1245") != ModeThread {
		t.Errorf("channel mode: %v", err)
	}
	if s.ChannelMode("../x", "1245") != ModeReply {
		t.Error("a bad server id has a mode")
	}
	// The voter key is kept, so hashes stay comparable after a restart.
	a := openAt(t, dir, time.Now()).hash(guild, "u1")
	if b := openAt(t, dir, time.Now()).hash(guild, "u1"); a != b || len(a) != 32 {
		t.Errorf("voter hashes %q, %q", a, b)
	}
}

// FuzzLoad feeds hostile server files to the store: it must never panic,
// and must keep working (setting a bad file aside).
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"questions":[{"text":"q","outcome":"not_found","at":"2025-01-01T00:00:00Z"}],"votes":{"k":{"voters":{"h":false}}}}`))
	f.Add([]byte(`{"votes":{"k":null},"channels":{"1":"thread"}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte{0xff, 0xfe})
	dir := f.TempDir() // one folder, so that the voter key is made once
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, guild+".json"), data, 0o600); err != nil {
			t.Fatal(err)
		}
		s := openAt(t, dir, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC))
		r, err := s.Report(guild, 10)
		if err != nil {
			t.Fatalf("Report: %v", err)
		}
		if len(r.Misses) > 10 || len(r.Downvoted) > 10 || len(r.Topics) > 10 {
			t.Fatalf("Report over its bound: %+v", r)
		}
		_ = s.ChannelMode(guild, "1")
		// The data as loaded is safe to change and write back.
		s.mu.Lock()
		sv, err := s.load(guild)
		if err == nil {
			s.prune(sv, s.now())
			_, err = json.Marshal(sv)
		}
		s.mu.Unlock()
		if err != nil {
			t.Fatalf("loaded data: %v", err)
		}
	})
}
