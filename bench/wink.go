package bench

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/citebot/citebot/corpus"
)

// The second baseline of the SQuAD batch is wink-bm25-text-search, an
// in-memory BM25 engine for Node.js, with wink-nlp-utils' text preparation.
// citebot does not need Node to run: bench installs these pinned versions
// into a cache folder of its own the first time, and skips the baseline
// with a note when node or npm is missing or the install fails.
const (
	WinkBM25Version     = "3.1.2"
	WinkNLPUtilsVersion = "2.1.0"
	// winkRunnerFile is the runner's name in the cache folder.
	winkRunnerFile = "wink_runner.js"
	// winkInstallTimeout bounds the npm install.
	winkInstallTimeout = 5 * time.Minute
)

// winkRunnerJS reads passages from a file and questions from stdin and
// prints the ranked passage ids of each question (see the file).
//
//go:embed wink_runner.js
var winkRunnerJS []byte

// winkPackages are the npm packages the runner needs, with their versions.
var winkPackages = [][2]string{
	{"wink-bm25-text-search", WinkBM25Version},
	{"wink-nlp-utils", WinkNLPUtilsVersion},
}

// ErrWinkUnavailable marks why the wink-bm25 baseline cannot run here.
var ErrWinkUnavailable = errors.New("wink-bm25 unavailable")

// Wink is a wink-bm25-text-search baseline ready to run.
type Wink struct {
	// Node is the node binary.
	Node string
	// NodeVersion is what `node --version` printed, e.g. "v20.20.2".
	NodeVersion string
	// Dir holds node_modules and the runner.
	Dir string
}

// DefaultWinkDir is where bench keeps the wink-bm25 packages:
// os.UserCacheDir()/citebot/wink-bm25.
func DefaultWinkDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("%w: no cache folder: %w", ErrWinkUnavailable, err)
	}
	return filepath.Join(d, "citebot", "wink-bm25"), nil
}

// SetupWink finds node on PATH, installs the pinned packages into dir with
// npm unless they are there already, and writes the runner. Its errors
// wrap ErrWinkUnavailable and say why, for the report's note.
func SetupWink(ctx context.Context, dir string) (*Wink, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("%w: node not found on PATH", ErrWinkUnavailable)
	}
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("%w: node --version: %w", ErrWinkUnavailable, err)
	}
	w := &Wink{Node: node, NodeVersion: strings.TrimSpace(string(out)), Dir: dir}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrWinkUnavailable, err)
	}
	if !winkInstalled(dir) {
		if err := npmInstall(ctx, dir); err != nil {
			return nil, err
		}
		if !winkInstalled(dir) {
			return nil, fmt.Errorf("%w: npm install left no %s@%s in %s", ErrWinkUnavailable,
				winkPackages[0][0], winkPackages[0][1], dir)
		}
	}
	runner := filepath.Join(dir, winkRunnerFile)
	if old, err := os.ReadFile(runner); err != nil || !bytes.Equal(old, winkRunnerJS) {
		if err := os.WriteFile(runner, winkRunnerJS, 0o644); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrWinkUnavailable, err)
		}
	}
	return w, nil
}

// winkInstalled reports whether dir's node_modules holds every pinned
// package at its version.
func winkInstalled(dir string) bool {
	for _, p := range winkPackages {
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", p[0], "package.json"))
		if err != nil {
			return false
		}
		var meta struct {
			Version string `json:"version"`
		}
		if json.Unmarshal(b, &meta) != nil || meta.Version != p[1] {
			return false
		}
	}
	return true
}

// npmInstall installs the pinned packages into dir. A package.json of its
// own keeps npm from climbing to a project above dir.
func npmInstall(ctx context.Context, dir string) error {
	npm, err := exec.LookPath("npm")
	if err != nil {
		return fmt.Errorf("%w: npm not found on PATH", ErrWinkUnavailable)
	}
	pkg := filepath.Join(dir, "package.json")
	if _, err := os.Stat(pkg); err != nil {
		manifest := `{"name": "citebot-bench-wink-bm25", "private": true, "description": "citebot bench's wink-bm25 baseline"}` + "\n"
		if err := os.WriteFile(pkg, []byte(manifest), 0o644); err != nil {
			return fmt.Errorf("%w: %w", ErrWinkUnavailable, err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, winkInstallTimeout)
	defer cancel()
	args := []string{"install", "--no-audit", "--no-fund", "--prefix", dir}
	for _, p := range winkPackages {
		args = append(args, p[0]+"@"+p[1])
	}
	cmd := exec.CommandContext(ctx, npm, args...)
	cmd.Dir = dir
	var outBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outBuf, &outBuf
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return fmt.Errorf("%w: npm install failed: %w: %s", ErrWinkUnavailable, err, lastLines(outBuf.String(), 3))
	}
	return nil
}

// Args are the runner's arguments for a passages file and a result count.
func (w *Wink) Args(passages string, top int) []string {
	return []string{filepath.Join(w.Dir, winkRunnerFile), passages, fmt.Sprint(top)}
}

// winkPassage is one line of the runner's passages file.
type winkPassage struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Heading string `json:"heading"`
	Text    string `json:"text"`
}

// WriteWinkPassages writes c's passages as the runner reads them: one JSON
// object a line with id, title, heading and text, the fields plain Bleve
// indexes.
func WriteWinkPassages(path string, c *corpus.Corpus) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, d := range c.Documents {
		for _, p := range d.Passages {
			if err := enc.Encode(winkPassage{ID: p.ID, Title: d.Title, Heading: p.Heading, Text: p.Text}); err != nil {
				_ = f.Close()
				return err
			}
		}
	}
	if err := bw.Flush(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// ParseWinkOutput reads the runner's output: one JSON array of passage ids
// a line, one line per question, in the order asked.
func ParseWinkOutput(r io.Reader) ([][]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var out [][]string
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		var ids []string
		if err := json.Unmarshal(line, &ids); err != nil {
			return out, fmt.Errorf("wink runner output line %d: %w", n, err)
		}
		out = append(out, ids)
	}
	return out, sc.Err()
}
