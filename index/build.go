package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// Build indexes the corpus into a new generation and puts it in use; the
// previous generation keeps answering until the switch and is then closed
// and removed, together with any other generation directory (such as a
// damaged one New could not open). fingerprint identifies the corpus (see
// corpus.Fingerprint). progress, when not nil, is called from the building
// goroutine as passages are indexed. A corpus with no usable document
// returns an error wrapping ErrEmptyCorpus that names the skipped files,
// and changes nothing; so does a failed or cancelled build. One build runs
// at a time; a second caller waits for the first.
func (ix *Index) Build(ctx context.Context, c *corpus.Corpus, fingerprint string, progress func(retrieval.Progress)) (retrieval.BuildSummary, error) {
	ix.buildMu.Lock()
	defer ix.buildMu.Unlock()
	if ix.closed {
		return retrieval.BuildSummary{}, ErrClosed
	}
	start := time.Now()
	if len(c.Documents) == 0 {
		err := emptyCorpusError(c.Problems)
		if ix.Fingerprint() != "" {
			err = fmt.Errorf("%w; the index built before stays in use", err)
		}
		return retrieval.BuildSummary{Problems: c.Problems}, err
	}
	name := fmt.Sprintf("%s%s-%d", genPrefix, start.UTC().Format("20060102T150405"), start.UnixNano()%1e9)
	dir := filepath.Join(ix.dir, name)
	// Mkdir, not MkdirAll: a directory of that name (the clock went back)
	// is not this build's to fill or to remove.
	if err := os.Mkdir(dir, 0o755); err != nil {
		return retrieval.BuildSummary{Problems: c.Problems}, fmt.Errorf("create index generation: %w", err)
	}
	g, err := build(ctx, dir, name, c, fingerprint, start, progress)
	if err != nil {
		_ = os.RemoveAll(dir)
		return retrieval.BuildSummary{Problems: c.Problems}, err
	}
	if err := writeCurrent(ix.dir, name); err != nil {
		_ = g.idx.Close()
		_ = os.RemoveAll(dir)
		return retrieval.BuildSummary{Problems: c.Problems}, err
	}

	ix.mu.Lock()
	old := ix.gen
	ix.use(g)
	ix.mu.Unlock()

	sum := retrieval.BuildSummary{
		Documents: len(c.Documents),
		Passages:  g.manifest.Passages,
		Took:      time.Since(start),
		Problems:  c.Problems,
		Version:   shortVersion(fingerprint),
		BuiltAt:   g.manifest.BuiltAt,
	}
	if old != nil {
		sum.Added, sum.Removed, sum.Changed = diffDocs(old.manifest.Documents, g.manifest.Documents)
		old.inflight.Wait()
		if err := old.idx.Close(); err != nil {
			ix.log.Warn("close previous index", "dir", old.name, "err", err)
		}
	} else {
		for _, d := range g.manifest.Documents {
			sum.Added = append(sum.Added, d.ID)
		}
	}
	// The previous generation, and any other left behind (one New found
	// damaged, or a build a crash interrupted), goes now. The directory
	// lock keeps other processes from building here meanwhile.
	ix.cleanup(name)
	return sum, nil
}

// emptyCorpusError explains why a corpus has nothing to index: the files
// that were skipped and why, or that there were no readings at all.
func emptyCorpusError(problems []corpus.Problem) error {
	if len(problems) == 0 {
		return fmt.Errorf("%w: no readings (%s files) found", ErrEmptyCorpus, strings.Join(corpus.Extensions(), ", "))
	}
	const most = 10
	var b strings.Builder
	for i, p := range problems {
		if i == most {
			fmt.Fprintf(&b, "; and %d more", len(problems)-most)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Error())
	}
	return fmt.Errorf("%w: every reading was skipped (%s)", ErrEmptyCorpus, b.String())
}

func build(ctx context.Context, dir, name string, c *corpus.Corpus, fingerprint string, start time.Time, progress func(retrieval.Progress)) (*generation, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	// The build goes to a directory nobody reads until CURRENT names it: a
	// crash leaves only a directory that the next start removes. Scorch's
	// "unsafe_batch" is not used: with it Batch returns before the segment
	// is persisted, and Close drops segments not yet persisted (a build
	// lost its last batch that way). It would be safe only when waiting for
	// the last batch's persisted callback before Close; the build is CPU
	// bound (analysis, segment building, merging), so it gained nothing
	// measurable. Should passages go missing anyway, the passage count
	// check when the generation is reopened below fails the build.
	idx, err := bleve.NewUsing(filepath.Join(dir, bleveDir), m, scorch.Name, scorch.Name,
		map[string]interface{}{"bolt_timeout": openTimeout})
	if err != nil {
		return nil, fmt.Errorf("create index: %w", err)
	}
	fail := func(err error) (*generation, error) {
		_ = idx.Close()
		return nil, err
	}

	total := c.Passages()
	man := manifest{
		Format:      formatVersion,
		Fingerprint: fingerprint,
		Files:       c.Files,
	}
	for _, p := range c.Problems {
		man.Problems = append(man.Problems, problemManifest{Path: p.Path, Error: p.Err.Error()})
	}
	an := analysis.NewAnalyzer() // remembers analysed words for this build only
	batch := idx.NewBatch()
	done, terms := 0, 0
	headTerms := make(map[string]bool) // the analysed words of every heading
	report := func(docs int) {
		if progress != nil {
			progress(retrieval.Progress{Documents: docs, DocumentsTotal: len(c.Documents),
				Passages: done, PassagesTotal: total, Elapsed: time.Since(start)})
		}
	}
	for di, d := range c.Documents {
		dm := docManifest{DocInfo: retrieval.DocInfo{
			ID: d.ID, Path: d.Path, Title: d.Title, Subtitle: d.Subtitle, Author: d.Author,
			Affiliation: d.Affiliation, Date: d.Date, Citation: d.Citation(), Hash: d.Hash,
			Passages: len(d.Passages), Format: string(d.Format), Pages: d.Pages,
		}}
		for _, s := range d.Sections {
			for len(dm.Headings) <= s.Number {
				dm.Headings = append(dm.Headings, "")
				dm.Sections = append(dm.Sections, 0)
			}
			dm.Headings[s.Number] = s.Heading
			for _, t := range an.Terms(s.Heading) {
				headTerms[t] = true
			}
		}
		for _, p := range d.Passages {
			if err := ctx.Err(); err != nil {
				return fail(err)
			}
			for len(dm.Sections) <= p.Section {
				dm.Headings = append(dm.Headings, "")
				dm.Sections = append(dm.Sections, 0)
			}
			dm.Sections[p.Section]++
			body := an.Terms(p.Text)
			terms += len(body)
			if err := batch.Index(p.ID, passageDoc{
				Body: strings.Join(body, " "), Doc: d.ID,
				Text: p.Text, Kind: string(p.Kind), Pages: formatPages(p.Page, p.PageEnd, p.PageBreaks),
			}); err != nil {
				return fail(fmt.Errorf("index passage %s: %w", p.ID, err))
			}
			done++
			if batch.Size() >= batchSize {
				if err := idx.Batch(batch); err != nil {
					return fail(fmt.Errorf("index batch: %w", err))
				}
				batch.Reset()
				report(di)
			}
		}
		man.Documents = append(man.Documents, dm)
	}
	if batch.Size() > 0 {
		if err := idx.Batch(batch); err != nil {
			return fail(fmt.Errorf("index batch: %w", err))
		}
	}
	if err := mergeSegments(ctx, idx); err != nil {
		return fail(err)
	}
	report(len(c.Documents))
	man.Passages = done
	if done > 0 {
		man.AvgLen = float64(terms) / float64(done)
	}
	man.BuiltAt = time.Now().UTC()
	man.Took = time.Since(start)
	if err := idx.Close(); err != nil {
		return nil, fmt.Errorf("finish index: %w", err)
	}
	vocab, err := writeVocab(dir)
	if err != nil {
		return nil, err
	}
	man.Vocab = &vocab
	heads, err := writeHeadingTerms(dir, headTerms)
	if err != nil {
		return nil, err
	}
	man.HeadingTerms = &heads
	docs, err := writeSideFile(dir, documentsFile, encodeDocuments(man.Documents))
	if err != nil {
		return nil, err
	}
	man.DocumentsFile = &docs
	if man.IndexFiles, err = sealFiles(filepath.Join(dir, bleveDir)); err != nil {
		return nil, err
	}
	if err := writeFileSync(filepath.Join(dir, manifestFile), mustJSON(man)); err != nil {
		return nil, err
	}
	syncDir(dir)
	g, err := openGeneration(dir, name)
	if err != nil {
		return nil, fmt.Errorf("reopen new index: %w", err)
	}
	return g, nil
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		panic(err) // the manifest holds only marshalable types
	}
	return b
}

// writeCurrent points CURRENT at a generation atomically: write a temporary
// file, sync it, rename it over CURRENT, sync the directory.
func writeCurrent(dir, name string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	if err := writeFileSync(tmp, []byte(name+"\n")); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		return fmt.Errorf("switch index: %w", err)
	}
	syncDir(dir)
	return nil
}

func writeFileSync(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if _, err := f.Write(b); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("sync %s: %w", filepath.Base(path), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", filepath.Base(path), err)
	}
	return nil
}

// diffDocs compares two document lists by id and content hash.
func diffDocs(old, cur []docManifest) (added, removed, changed []string) {
	prev := make(map[string]string, len(old))
	for _, d := range old {
		prev[d.ID] = d.Hash
	}
	seen := make(map[string]bool, len(cur))
	for _, d := range cur {
		seen[d.ID] = true
		h, ok := prev[d.ID]
		switch {
		case !ok:
			added = append(added, d.ID)
		case h != d.Hash:
			changed = append(changed, d.ID)
		}
	}
	for _, d := range old {
		if !seen[d.ID] {
			removed = append(removed, d.ID)
		}
	}
	sort.Strings(added)
	sort.Strings(removed)
	sort.Strings(changed)
	return added, removed, changed
}

// mergeSegments merges the new index's segments into one before it is
// sealed. A question's search looks each term up in every segment and
// walks one postings iterator per term and segment, so one segment costs
// less per question than the several that batches leave behind.
func mergeSegments(ctx context.Context, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("merge segments: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	for range maxMergeRounds {
		m := s.StatsMap()
		if m["TotFileSegmentsAtRoot"] == uint64(1) && m["TotMemorySegmentsAtRoot"] == uint64(0) {
			return nil
		}
		opts := mergeplan.SingleSegmentMergePlanOptions
		if err := s.ForceMerge(ctx, &opts); err != nil {
			return fmt.Errorf("merge segments: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		time.Sleep(mergePoll)
	}
	return nil
}
