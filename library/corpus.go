package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// corpusOf loads a server's corpus as the manifest m describes it: the
// shared readings it does not hide, and its own readings with their ids
// below "server/". The reading whose file is staged is read from the
// staging folder, where an upload waits until its index is built. The
// fingerprint identifies the shared readings' state and the manifest's
// readings, so the index is rebuilt when either changes.
func (l *Libraries) corpusOf(ctx context.Context, e *entry, m manifest, staged string) (*corpus.Corpus, string, error) {
	shared, sfp, err := l.cfg.Shared.Load(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("read the shared readings: %w", err)
	}
	c := &corpus.Corpus{Files: shared.Files, Problems: slices.Clone(shared.Problems)}
	for _, d := range shared.Documents {
		if !slices.Contains(m.Hidden, d.ID) {
			c.Documents = append(c.Documents, d)
		}
	}
	var own, stage *corpus.Corpus
	if len(m.Readings) > 0 {
		if own, err = corpus.LoadDir(e.readingsDir()); err != nil {
			return nil, "", fmt.Errorf("read the server's readings: %w", err)
		}
	}
	if staged != "" {
		if stage, err = corpus.LoadDir(e.stagingDir()); err != nil {
			return nil, "", fmt.Errorf("read the upload: %w", err)
		}
	}
	for _, r := range m.Readings {
		from := own
		if r.File == staged {
			from = stage
		}
		d, perr := pick(from, r)
		if perr != nil {
			c.Problems = append(c.Problems, corpus.Problem{Path: serverPrefix + r.File, Err: perr})
			continue
		}
		c.Documents = append(c.Documents, d)
	}
	h := sha256.New()
	io.WriteString(h, "citebot library 1\x00"+sfp+"\n")
	for _, r := range m.Readings {
		fmt.Fprintf(h, "reading\x00%s\x00%s\x00%s\x00%t\n", r.ID, r.Hash, r.Title, r.TitleGiven)
	}
	for _, id := range m.Hidden {
		fmt.Fprintf(h, "hidden\x00%s\n", id)
	}
	return c, hex.EncodeToString(h.Sum(nil)), nil
}

// pick finds a reading's document in a loaded folder, checks it is the
// content the manifest recorded, and moves it below "server/".
func pick(from *corpus.Corpus, r Reading) (corpus.Document, error) {
	if from != nil {
		for _, p := range from.Problems {
			if p.Path == r.File {
				return corpus.Document{}, p.Err
			}
		}
		for _, d := range from.Documents {
			if d.Path != r.File {
				continue
			}
			if d.Hash != r.Hash {
				return corpus.Document{}, fmt.Errorf("changed on disk since it was added (its SHA-256 is not the one recorded)")
			}
			return moveUnder(d, r), nil
		}
	}
	return corpus.Document{}, fmt.Errorf("missing from the library folder")
}

// moveUnder gives a server's reading its id below "server/", and the
// title the moderator gave.
func moveUnder(d corpus.Document, r Reading) corpus.Document {
	d.ID = r.DocID()
	d.Path = serverPrefix + d.Path
	if r.TitleGiven {
		d.Title = r.Title
	}
	ps := make([]corpus.Passage, len(d.Passages))
	for i, p := range d.Passages {
		p.DocID = d.ID
		p.ID = corpus.PassageID(d.ID, p.Section, p.Paragraph)
		ps[i] = p
	}
	d.Passages = ps
	return d
}

// serverBuilder rebuilds a server's index for a reindex: it waits for any
// change under way and reads the library afresh, so a reindex never
// undoes an upload that finished while it waited.
type serverBuilder struct {
	l *Libraries
	e *entry
}

func (b serverBuilder) Build(ctx context.Context, _ *corpus.Corpus, _ string, progress func(retrieval.Progress)) (retrieval.BuildSummary, error) {
	if err := b.e.lock(ctx); err != nil {
		return retrieval.BuildSummary{}, err
	}
	defer b.e.unlock()
	c, fp, err := b.l.corpusOf(ctx, b.e, b.e.manifest(), "")
	if err != nil {
		return retrieval.BuildSummary{}, err
	}
	return b.e.ix.Build(ctx, c, fp, progress)
}

// lock takes the right to change the library, waiting for a change under
// way; unlock gives it back.
func (e *entry) lock(ctx context.Context) error {
	select {
	case e.change <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *entry) unlock() { <-e.change }
