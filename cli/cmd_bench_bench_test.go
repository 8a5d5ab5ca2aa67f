package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/citebot/citebot/retrieval"
)

func TestReindexLineProgress(t *testing.T) {
	var out bytes.Buffer
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { return now }
	update, done := reindexProgress(&out, &out, clock) // a buffer is no terminal
	p := retrieval.Progress{DocumentsTotal: 10, PassagesTotal: 1000}
	for i := 1; i <= 10; i++ {
		p.Documents, p.Passages, p.Elapsed = i, 100*i, time.Duration(i)*time.Second
		update(p)
		if i == 3 && out.Len() != 0 {
			t.Fatalf("progress logged before %s: %q", progressEvery, out.String())
		}
		now = now.Add(time.Second)
	}
	done()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want a line after %s and one at the end, got %q", progressEvery, out.String())
	}
	if want := "03:04:10 reindex: 600/1000 passages, 6/10 documents, 100 passages/s, about 4s left"; lines[0] != want {
		t.Errorf("progress line\n got %q\nwant %q", lines[0], want)
	}
	if !strings.Contains(lines[1], "1000/1000 passages, 10/10 documents, 100 passages/s") {
		t.Errorf("last line %q", lines[1])
	}

	// A quick build says nothing.
	out.Reset()
	update, done = reindexProgress(&out, &out, time.Now)
	update(retrieval.Progress{Passages: 5, PassagesTotal: 5, Documents: 1, DocumentsTotal: 1, Elapsed: time.Millisecond})
	done()
	if out.Len() != 0 {
		t.Errorf("quick build logged %q", out.String())
	}
}

func TestReindexWithProgressStillSummarises(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	cfg := config{indexDir: filepath.Join(dir, "index")}
	if err := runReindex(context.Background(), cfg, nil, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("reindex: %v (stderr %q)", err, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "Indexed ") {
		t.Errorf("summary %q", stdout.String())
	}
}

func TestBenchGen(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"gen", "--passages", "300", "--seed", "4", "--out", dir, "--questions", "5"}
	if err := runBench(context.Background(), config{}, args, nil, &stdout, &stderr); err != nil {
		t.Fatalf("bench gen: %v (%s)", err, stderr.String())
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(files) == 0 {
		t.Fatal("no documents written")
	}
	if qs := strings.Split(strings.TrimSpace(stdout.String()), "\n"); len(qs) != 5 {
		t.Errorf("want 5 questions, got %q", stdout.String())
	}
	// The folder is a corpus citebot answers from.
	var out bytes.Buffer
	cfg := config{corpusDir: dir, indexDir: filepath.Join(t.TempDir(), "ix"), log: nil}
	first := strings.SplitN(stdout.String(), "\n", 2)[0]
	if err := runAsk(context.Background(), cfg, []string{"--json", first}, nil, &out, &stderr); err != nil {
		t.Fatalf("ask: %v (%s)", err, stderr.String())
	}
	if !strings.Contains(out.String(), `"question"`) {
		t.Errorf("ask output %q", out.String())
	}
	if err := runBench(context.Background(), config{}, []string{"gen", "--passages", "x", "--out", dir}, nil, &stdout, &stderr); err == nil {
		t.Error("bad --passages accepted")
	}
}

func TestBenchPlainBatch(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "plain")
	var stdout, stderr bytes.Buffer
	in := strings.NewReader("What is the security dilemma?\nzzqx qqvz\n")
	if err := runBench(context.Background(), config{}, []string{"plain-batch", "--index", idx, "--top", "2"}, in, &stdout, &stderr); err != nil {
		t.Fatalf("plain-batch: %v (%s)", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 answers, got %q", stdout.String())
	}
	var a struct {
		Status  string `json:"status"`
		Results []struct {
			ID   string `json:"passage_id"`
			Text string `json:"passage"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatal(err)
	}
	if a.Status != "answered" || len(a.Results) != 2 || a.Results[0].Text == "" {
		t.Errorf("first answer %s", lines[0])
	}
	// The index is reused by a cold plain-ask.
	stdout.Reset()
	if err := runBench(context.Background(), config{}, []string{"plain-ask", "--index", idx, "balancing"}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("plain-ask: %v (%s)", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), `"answered"`) {
		t.Errorf("plain-ask: %q", stdout.String())
	}
}

func TestBenchTable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds indexes")
	}
	var stdout, stderr bytes.Buffer
	args := []string{"--passages", "150", "--asks", "20", "--askers", "2", "--no-child", "-q", "--json"}
	if err := runBench(context.Background(), config{}, args, nil, &stdout, &stderr); err != nil {
		t.Fatalf("bench: %v (%s)", err, stderr.String())
	}
	var rep struct {
		Rows []struct {
			Corpus, Figure string
			Citebot, Plain float64
			Ratio          float64
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("%v: %s", err, stdout.String())
	}
	want := map[string]bool{}
	for _, c := range []string{"essay", "150"} {
		for _, f := range []string{"ask p50, 1 asker", "ask p99, 1 asker", "ask p99, 2 askers", "index build, in process (parsed corpus)", "index size on disk"} {
			want[c+"/"+f] = true
		}
	}
	for _, r := range rep.Rows {
		if want[r.Corpus+"/"+r.Figure] {
			if r.Citebot <= 0 || r.Plain <= 0 || r.Ratio <= 0 {
				t.Errorf("%s %s: citebot %v plain %v ratio %v", r.Corpus, r.Figure, r.Citebot, r.Plain, r.Ratio)
			}
			delete(want, r.Corpus+"/"+r.Figure)
		}
	}
	if len(want) > 0 {
		t.Errorf("figures missing: %v", want)
	}
	if err := runBench(context.Background(), config{}, []string{"--passages", "ten"}, nil, &stdout, &stderr); err == nil {
		t.Error("bad --passages accepted")
	}
}
