package eval

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// runEssay asks an essay question set against opts.Corpus (or the built-in
// corpus) and scores hit@1, hit@3, excerpt@1 and none-accuracy.
func runEssay(ctx context.Context, run Runner, e essaySet, opts Options, dir string, progress io.Writer) (SetReport, error) {
	base := filepath.Base(e.path)
	s := SetReport{
		Name:   SetEssay + ":" + strings.TrimSuffix(base, filepath.Ext(base)),
		Kind:   SetEssay,
		Source: e.path,
	}
	dev := strings.HasPrefix(strings.ToLower(base), "dev")
	start := time.Now()
	qs := e.questions
	n, limited := limit(len(qs), opts)
	qs, s.Limited = qs[:n], limited
	fmt.Fprintf(progress, "%s: %d questions\n", s.Name, len(qs))

	index, err := newIndexDir(dir)
	if err != nil {
		return s, err
	}
	defer os.RemoveAll(dir)

	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = q.Question
	}
	var answerable, none, hit1, hit3, excerpt1, noneOK, notFound int
	err = ask(ctx, run, askArgs(opts.Corpus, index, EssayTop), texts, func(i int, a *answer) error {
		q := qs[i]
		if a.Status == StatusNotFound {
			notFound++
		}
		if q.Kind == KindNone {
			none++
			if a.Status == StatusNotFound {
				noneOK++
			} else {
				s.Failures = append(s.Failures, Failure{q.ID, fmt.Sprintf("status %q, expected not_found (top: %s)", a.Status, describeTop(a))})
			}
			return nil
		}
		answerable++
		hits := make([]bool, min(len(a.Results), EssayTop))
		for r := range hits {
			hits[r] = containsAny(a.Results[r].Passage, q.Gold)
		}
		inExcerpt := len(a.Results) > 0 && containsAny(a.Results[0].Excerpt, q.Gold)
		if HitAt(hits, 1) {
			hit1++
		}
		if HitAt(hits, 3) {
			hit3++
		}
		if inExcerpt {
			excerpt1++
		}
		var why []string
		switch {
		case a.Status == StatusNotFound || len(a.Results) == 0:
			why = append(why, fmt.Sprintf("status %q with %d results", a.Status, len(a.Results)))
		case !HitAt(hits, 3):
			why = append(why, fmt.Sprintf("no gold snippet in the top %d (top: %s)", len(hits), describeTop(a)))
		case !hits[0]:
			why = append(why, fmt.Sprintf("gold first at rank %d, not 1 (top: %s)", firstHit(hits), describeTop(a)))
		}
		if len(a.Results) > 0 && hits[0] && !inExcerpt {
			why = append(why, "gold snippet in result 1's passage but not in its excerpt")
		}
		if len(why) > 0 {
			s.Failures = append(s.Failures, Failure{q.ID, strings.Join(why, "; ")})
		}
		return nil
	})
	s.Took = time.Since(start)
	if err != nil {
		return s, err
	}
	s.Metrics = []Metric{
		count(MetricQuestions, len(qs)),
		count(MetricAnswerable, answerable),
		count(MetricNone, none),
		count(MetricNotFound, notFound),
	}
	if answerable > 0 {
		s.Metrics = append(s.Metrics,
			rate(SetEssay, dev, MetricHit1, hit1, answerable),
			rate(SetEssay, dev, MetricHit3, hit3, answerable),
			rate(SetEssay, dev, MetricExcerpt1, excerpt1, answerable),
		)
	}
	if none > 0 {
		s.Metrics = append(s.Metrics, rate(SetEssay, dev, MetricNoneAccuracy, noneOK, none))
	}
	return s, nil
}

// containsAny reports whether any of the snippets occurs in text, compared
// after Normalize.
func containsAny(text string, snippets []string) bool {
	t := Normalize(text)
	for _, g := range snippets {
		if n := Normalize(g); n != "" && strings.Contains(t, n) {
			return true
		}
	}
	return false
}

// firstHit is the 1-based rank of the first hit, or 0.
func firstHit(hits []bool) int {
	for i, h := range hits {
		if h {
			return i + 1
		}
	}
	return 0
}

// describeTop names an answer's first result briefly for a failure reason.
func describeTop(a *answer) string {
	if len(a.Results) == 0 {
		return "no result"
	}
	r := a.Results[0]
	ex := []rune(oneLine(r.Excerpt))
	if len(ex) > 70 {
		ex = append(ex[:70], '…')
	}
	return fmt.Sprintf("%s %s %q", r.Doc, r.Ref, string(ex))
}

// runCollection writes a test collection as a corpus, asks its judged
// queries for the top CollectionTop results and scores the ranked distinct
// documents with MAP and nDCG@10.
func runCollection(ctx context.Context, run Runner, c Collection, opts Options, dir string, progress io.Writer) (SetReport, error) {
	s := SetReport{Name: c.Name, Kind: c.Name, Source: filepath.Join(opts.Data, c.Name)}
	start := time.Now()
	judged := c.Judged()
	n, limited := limit(len(judged), opts)
	judged, s.Limited = judged[:n], limited
	fmt.Fprintf(progress, "%s: %d documents, %d judged queries\n", s.Name, len(c.Docs), len(judged))

	corpusDir := filepath.Join(dir, "corpus")
	defer os.RemoveAll(dir)
	if err := WriteCollectionCorpus(corpusDir, c.Docs); err != nil {
		return s, err
	}
	index, err := newIndexDir(dir)
	if err != nil {
		return s, err
	}

	texts := make([]string, len(judged))
	for i, q := range judged {
		texts[i] = q.Text
	}
	var sumAP, sumNDCG float64
	notFound := 0
	docs := make([]string, 0, CollectionTop)
	err = ask(ctx, run, askArgs(corpusDir, index, CollectionTop), texts, func(i int, a *answer) error {
		if a.Status == StatusNotFound {
			notFound++
		}
		docs = docs[:0]
		for _, r := range a.Results {
			docs = append(docs, r.Doc)
		}
		ranked := DistinctDocs(docs)
		rel := c.Relevant(judged[i].ID)
		sumAP += AveragePrecision(ranked, rel)
		nd := NDCG(ranked, rel, 10)
		sumNDCG += nd
		if nd == 0 {
			first := 0
			for r, d := range ranked {
				if rel[d] {
					first = r + 1
					break
				}
			}
			reason := fmt.Sprintf("no relevant document in the top 10 of %d (%d relevant)", len(ranked), len(rel))
			if first > 0 {
				reason += fmt.Sprintf("; first at rank %d", first)
			}
			s.Failures = append(s.Failures, Failure{judged[i].ID, reason})
		}
		return nil
	})
	s.Took = time.Since(start)
	if err != nil {
		return s, err
	}
	q := len(judged)
	s.Metrics = []Metric{
		mean(c.Name, false, MetricMAP, sumAP/float64(q)),
		mean(c.Name, false, MetricNDCG10, sumNDCG/float64(q)),
		count(MetricScored, q),
		count(MetricNotFound, notFound),
		count(MetricDocs, len(c.Docs)),
	}
	return s, nil
}

// runSQuAD writes the SQuAD articles as one corpus, asks every question for
// the top SQuADTop passages and scores gold-paragraph hit@1, hit@5, MRR and
// answer-in-excerpt.
func runSQuAD(ctx context.Context, run Runner, sq SQuAD, opts Options, dir string, progress io.Writer) (SetReport, error) {
	s := SetReport{Name: SetSQuAD, Kind: SetSQuAD, Source: filepath.Join(opts.Data, filepath.FromSlash(SQuADFile))}
	start := time.Now()

	// What scoring needs of each question, in asking order.
	type gold struct {
		doc       string   // the article's document id
		title     string   // the article title, normalised
		paragraph string   // the gold paragraph, normalised
		answers   []string // normalised
		id        string
	}
	var golds []gold
	var texts []string
	for _, a := range sq.Articles {
		title := Normalize(a.Title)
		paras := make([]string, len(a.Paragraphs))
		for i, p := range a.Paragraphs {
			paras[i] = Normalize(p)
		}
		for _, q := range a.Questions {
			g := gold{doc: a.ID, title: title, paragraph: paras[q.Paragraph], id: q.ID}
			for _, ans := range q.Answers {
				if n := Normalize(ans); n != "" {
					g.answers = append(g.answers, n)
				}
			}
			golds = append(golds, g)
			texts = append(texts, q.Question)
		}
	}
	n, limited := limit(len(texts), opts)
	golds, texts, s.Limited = golds[:n], texts[:n], limited
	fmt.Fprintf(progress, "%s: %d articles, %d paragraphs, %d questions\n", s.Name, len(sq.Articles), sq.Paragraphs(), len(texts))

	corpusDir := filepath.Join(dir, "corpus")
	defer os.RemoveAll(dir)
	if err := WriteCollectionCorpus(corpusDir, sq.Docs()); err != nil {
		return s, err
	}
	index, err := newIndexDir(dir)
	if err != nil {
		return s, err
	}

	var hit1, hit5, inExcerpt, notFound int
	var sumRR float64
	hits := make([]bool, 0, SQuADTop)
	err = ask(ctx, run, askArgs(corpusDir, index, SQuADTop), texts, func(i int, a *answer) error {
		g := golds[i]
		if a.Status == StatusNotFound {
			notFound++
		}
		hits = hits[:0]
		for _, r := range a.Results {
			hits = append(hits, r.Doc == g.doc && paragraphHit(Normalize(r.Passage), g.paragraph, g.title))
		}
		if HitAt(hits, 1) {
			hit1++
		}
		if HitAt(hits, 5) {
			hit5++
		} else if opts.Verbose {
			reason := "gold paragraph not in the top 5"
			if r := firstHit(hits); r > 0 {
				reason = fmt.Sprintf("gold paragraph first at rank %d", r)
			}
			s.Failures = append(s.Failures, Failure{g.id, reason + " (top: " + describeTop(a) + ")"})
		}
		sumRR += ReciprocalRank(hits)
		if len(a.Results) > 0 {
			ex := Normalize(a.Results[0].Excerpt)
			for _, ans := range g.answers {
				if strings.Contains(ex, ans) {
					inExcerpt++
					break
				}
			}
		}
		return nil
	})
	s.Took = time.Since(start)
	if err != nil {
		return s, err
	}
	q := len(texts)
	s.Metrics = []Metric{
		rate(SetSQuAD, false, MetricHit1, hit1, q),
		rate(SetSQuAD, false, MetricHit5, hit5, q),
		mean(SetSQuAD, false, MetricMRR, sumRR/float64(q)),
		rate(SetSQuAD, false, MetricAnswerInExcerpt, inExcerpt, q),
		count(MetricQuestions, q),
		count(MetricNotFound, notFound),
		count(MetricDocs, len(sq.Articles)),
	}
	return s, nil
}

// paragraphHit reports whether a result's passage is the gold paragraph:
// the passage lies inside the paragraph or contains it. All three arguments
// are normalised. The article's title passage, which also lies inside many
// paragraphs, does not count.
func paragraphHit(passage, paragraph, title string) bool {
	if passage == "" || paragraph == "" {
		return false
	}
	if strings.Contains(passage, paragraph) {
		return true
	}
	return passage != title && strings.Contains(paragraph, passage)
}
