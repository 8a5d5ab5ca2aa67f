package handlers

import (
	"sync"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
)

// analysedText is a passage's text analysed once for ranking: its tokens,
// sentences, and where its content words are. It is shared between
// questions and never changed.
type analysedText struct {
	toks    []analysis.Token
	sents   []corpus.Span
	content []int // indexes into toks of content (non-stop) tokens
	tokSent []int // sentence index of each content token
	// positions lists, for each term, where in content it stands.
	positions map[string][]int
	// terms filters the terms in positions: a term whose bit is clear is
	// not there, so a ranking skips the map lookup for most of the
	// question's alternatives a passage lacks.
	terms termFilter
	// offers lists, per sentence, the tokens that could offer an answer
	// of each kind (numbers, times, names; see offersAnswer), so that a
	// question asking for one reads only those.
	offers [][offerKinds][]int32
}

// termFilter is a one-hash Bloom filter of 2,048 bits over a text's terms.
type termFilter [32]uint64

// termBit is a term's bit in a termFilter (FNV-1a, folded to 11 bits).
func termBit(t string) uint16 {
	h := uint32(2166136261)
	for i := 0; i < len(t); i++ {
		h ^= uint32(t[i])
		h *= 16777619
	}
	return uint16((h ^ h>>11 ^ h>>22) & 2047)
}

func (f *termFilter) add(t string) {
	b := termBit(t)
	f[b>>6] |= 1 << (b & 63)
}

// mayHave reports whether the term whose termBit is b may be in the filter.
func (f *termFilter) mayHave(b uint16) bool { return f[b>>6]&(1<<(b&63)) != 0 }

func analyseText(an *analysis.Analyzer, text string) *analysedText {
	a := &analysedText{toks: an.Tokens(text), sents: corpus.SplitSentences(text), positions: make(map[string][]int)}
	s := 0
	for i, t := range a.toks {
		if t.Stop || t.Term == "" {
			continue
		}
		for s < len(a.sents)-1 && t.Start >= a.sents[s].End {
			s++
		}
		a.positions[t.Term] = append(a.positions[t.Term], len(a.content))
		a.terms.add(t.Term)
		a.content = append(a.content, i)
		a.tokSent = append(a.tokSent, s)
	}
	a.offers = answerTokens(text, a.toks, a.sents)
	return a
}

// The cache's bounds: past either, it starts afresh, which keeps memory
// bounded (about 40 MB of tokens) without bookkeeping per entry. A
// study group's corpus, or SQuAD's 2,067 paragraphs, fits whole.
const (
	textCacheTokens = 400_000 // analysed tokens kept, summed over passages
	textCacheSize   = 20_000  // titles and headings kept
)

// textCache keeps analysed passages, titles and headings of one index
// version, so that questions asked again and again (a study group's, a
// batch's) do not analyse the same candidates every time. It is safe for
// concurrent use; a nil *textCache analyses every time.
type textCache struct {
	an      *analysis.Analyzer // remembers analysed words; nil analyses every time
	mu      sync.Mutex
	version string
	texts   map[string]*analysedText
	tokens  int // tokens held in texts
	terms   map[termsKey][]string
}

// termsKey names a title (section -1) or a section heading of a document
// in the cache.
type termsKey struct {
	doc     string
	section int
}

func (tc *textCache) reset(version string) {
	tc.version = version
	tc.texts = make(map[string]*analysedText)
	tc.tokens = 0
	tc.terms = make(map[termsKey][]string)
}

// passage returns the analysed text of a passage of the given index version.
func (tc *textCache) passage(version, id, text string) *analysedText {
	if tc == nil {
		return analyseText(nil, text)
	}
	tc.mu.Lock()
	if tc.version != version || tc.tokens >= textCacheTokens {
		tc.reset(version)
	}
	a, ok := tc.texts[id]
	tc.mu.Unlock()
	if ok {
		return a
	}
	a = analyseText(tc.an, text)
	tc.mu.Lock()
	if _, dup := tc.texts[id]; tc.version == version && !dup {
		tc.texts[id] = a
		tc.tokens += len(a.toks)
	}
	tc.mu.Unlock()
	return a
}

// termsOf returns the analysed terms of a short text (a title, a heading)
// kept under key for the given index version; text is called only when the
// cache lacks them.
func (tc *textCache) termsOf(version string, key termsKey, text func() string) []string {
	if tc == nil {
		return analysis.Terms(text())
	}
	tc.mu.Lock()
	if tc.version != version || len(tc.terms) >= textCacheSize {
		tc.reset(version)
	}
	t, ok := tc.terms[key]
	tc.mu.Unlock()
	if ok {
		return t
	}
	t = tc.an.Terms(text())
	tc.mu.Lock()
	if tc.version == version {
		tc.terms[key] = t
	}
	tc.mu.Unlock()
	return t
}
