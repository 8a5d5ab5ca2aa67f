package handlers

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
)

// placeKind is where in a reading a question says its answer stands.
type placeKind int

const (
	placeAnywhere placeKind = iota
	placeIntro              // "in the intro", "at the start"
	placeEnd                // "per the conclusion", "in the last section"
	placeSection            // "in section 2", "§3"
	placeList               // "in the bullet points": the items of a list
)

// Which item of the lists a question names ("the last bullet").
const (
	anyItem = iota
	firstItem
	lastItem
)

// place is a question's reference to a part of the readings.
type place struct {
	kind    placeKind
	section int // for placeSection
	item    int // for placeList: anyItem, firstItem or lastItem
}

// placePhrases are the references to a part of a reading, with the
// preposition before them: "in the intro", "according to the conclusion",
// "in the last section", "in §2". Each is matched as whole words in lower
// case. A bare "the end" or "the beginning" is no reference ("the end of
// the Cold War"): only "at the end" and "at the start" not followed by
// "of" are (see placeAsked).
var placePhrases = regexp.MustCompile(`(^|[^\pL\pN§])` +
	`((?:(?:in|from|per|according to|acc to|acc\. to|at|near|towards?|by|of|for) )?` +
	`(?:(?:the|his|her|its|their|this|that) (?:very )?` +
	`(?:(intro|introduction|introductory (?:part|section|paragraph|bit|remarks)|opening (?:part|section|paragraph|paragraphs|bit|lines?)|first (?:part|section|paragraph|bit|page))` +
	`|(conclusion|conclusions|concluding (?:part|section|paragraph|bit|remarks|thoughts)|last (?:part|section|paragraph|bit|page)|final (?:part|section|paragraph|bit|page|thoughts))` +
	`|(start|beginning|end))` +
	`|(?:section|sect\.?|sec\.?|§) ?([0-9]{1,3})))` +
	`([^\pL\pN]|$)`)

// listPhrases are the references to the items of a reading's lists: "in
// the bullet points", "the last bullet", "bullet 1" is no such reference.
// The article is optional ("last bullet: …").
var listPhrases = regexp.MustCompile(`(^|[^\pL\pN§])` +
	`((?:(?:in|from|per|according to|acc to|at|of|for|on) )?(?:(?:the|his|her|its|their|this|that|those|these) )?` +
	`(?:(first|last|final) )?(?:bullet[ -]?points?|bullets|bullet|bulleted (?:list|part|points?)|list items?))` +
	`([^\pL\pN]|$)`)

// placeCues are words every phrase of placePhrases holds one of.
var placeCues = []string{"intro", "opening", "first", "conclu", "last", "final", "start", "beginning", "end", "sec", "§"}

// placeAsked finds a reference to a part of the readings in a question and
// returns the question without it, so that "intro" or "conclusion" is no
// word to search for, and the part. A question that is nothing but the
// reference ("what does the conclusion say?") keeps its words; one with
// two references, or with a part placed before or after one ("the bit
// before the conclusion"), is taken as asking about none.
func placeAsked(q string) (string, place) {
	lower := strings.ToLower(q)
	cued := false
	for _, c := range placeCues {
		if strings.Contains(lower, c) {
			cued = true
			break
		}
	}
	listed := strings.Contains(lower, "bullet") || strings.Contains(lower, "list item")
	if !cued && !listed || len(lower) != len(q) {
		return q, place{}
	}
	var found place
	var at []int
	if listed {
		ms := listPhrases.FindAllStringSubmatchIndex(lower, -1)
		if len(ms) == 1 {
			m := ms[0]
			found, at = place{kind: placeList}, m[4:6]
			if m[6] >= 0 {
				found.item = lastItem
				if lower[m[6]:m[7]] == "first" {
					found.item = firstItem
				}
			}
		}
	}
	for _, m := range placePhrases.FindAllStringSubmatchIndex(lower, -1) {
		if before := strings.TrimRight(lower[:m[4]], " "); strings.HasSuffix(before, "before") || strings.HasSuffix(before, "after") {
			return q, place{} // "the bit before the conclusion": somewhere else
		}
		var p place
		switch {
		case m[6] >= 0:
			p.kind = placeIntro
		case m[8] >= 0:
			p.kind = placeEnd
		case m[10] >= 0:
			// "at the end", "at the start": not "the end of the war",
			// nor "by the end of the year".
			phrase := lower[m[4]:m[5]]
			if !strings.HasPrefix(phrase, "at ") || strings.HasPrefix(lower[m[5]:], " of") {
				continue
			}
			p.kind = placeIntro
			if lower[m[10]:m[11]] == "end" {
				p.kind = placeEnd
			}
		case m[12] >= 0:
			n, err := strconv.Atoi(lower[m[12]:m[13]])
			if err != nil {
				continue
			}
			p = place{kind: placeSection, section: n}
		}
		if found.kind != placeAnywhere && found != p {
			return q, place{} // "compare the intro and the conclusion", "the bullets of the conclusion"
		}
		found, at = p, m[4:6]
	}
	if found.kind == placeAnywhere {
		return q, found
	}
	rest := strings.Trim(cleanQuestion(q[:at[0]]+" "+q[at[1]:]), " ,;:-–—")
	if !hasContentWord(rest) {
		return q, found
	}
	return rest, found
}

// hasContentWord reports whether q holds a word that is neither a stop
// word nor a word of asking ("what does … say"); "us" counts, for the
// country.
func hasContentWord(q string) bool {
	for _, f := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !('a' <= r && r <= 'z' || r == '\'' || r >= 0x80)
	}) {
		f = strings.ReplaceAll(f, "'", "")
		if f == "us" || !stopOrAsking(f) {
			return true
		}
	}
	return false
}

// stopOrAsking reports whether a folded word carries no topic.
func stopOrAsking(w string) bool {
	return analysis.IsStopWord(w) || askingWords[w] || fillerWords[w] || softWords[w] || chatWords[w] || leadingChat[w]
}

// askingWords are words of asking that carry no topic of their own.
var askingWords = wordSet(`whats say says said tell tells mean means author writer essay reading text article paper`)

// placeBonus is the share of the question's weight a passage in the part
// of the reading the question names gains (see placeScores).
const placeBonus = 2.0

// placeScores raises the score of the candidates that stand where the
// question says: the first passages of a reading after its title page for
// "the intro" (the section headed "Introduction" when there is one), its
// last section for "the conclusion" (or the one headed so), and the
// section of that number for "section 2". It reports whether any score
// changed, so the caller knows to sort again.
func (s *Service) placeScores(ctx context.Context, p plan, cands []*candidate) bool {
	if p.place.kind == placeAnywhere {
		return false
	}
	if p.place.kind == placeList {
		return s.listScores(ctx, p, cands)
	}
	regions := make(map[string]map[int]map[int]float64) // doc → section → paragraph (0: all) → share
	changed := false
	for _, c := range cands {
		id := c.hit.Doc.ID
		r, ok := regions[id]
		if !ok {
			r = s.region(ctx, id, p.place)
			regions[id] = r
		}
		paras := r[c.hit.Passage.Section]
		share := paras[c.hit.Passage.Paragraph]
		if share == 0 {
			share = paras[0]
		}
		if share > 0 {
			c.score += placeBonus * share * p.total
			changed = true
		}
	}
	return changed
}

// introHeading and endHeading are the headings of a reading's
// introduction and conclusion.
var (
	introHeading = regexp.MustCompile(`(?i)\b(intro|introduction|overview|preface|foreword)\b`)
	endHeading   = regexp.MustCompile(`(?i)\b(conclusions?|concluding|summary|closing|final thoughts|afterword|epilogue)\b`)
)

// region returns the passages of a document in the part pl names, as
// section → paragraph → share of the bonus (paragraph 0 standing for every
// paragraph of the section).
func (s *Service) region(ctx context.Context, docID string, pl place) map[int]map[int]float64 {
	sections, headings, ok := s.ix.Outline(docID)
	if !ok {
		return nil
	}
	whole := func(sec int) map[int]map[int]float64 {
		if sec < 0 || sec >= len(sections) || sections[sec] == 0 {
			return nil
		}
		return map[int]map[int]float64{sec: {0: 1}}
	}
	named := func(re *regexp.Regexp) int {
		for i, h := range headings {
			if i < len(sections) && sections[i] > 0 && re.MatchString(h) {
				return i
			}
		}
		return -1
	}
	switch pl.kind {
	case placeSection:
		return whole(pl.section)
	case placeEnd:
		if i := named(endHeading); i >= 0 {
			return whole(i)
		}
		last := -1
		for i, n := range sections {
			if n > 0 {
				last = i
			}
		}
		if last > 0 {
			return whole(last)
		}
		// A reading without sections: its last two passages.
		if last == 0 && sections[0] > 0 {
			n := sections[0]
			out := map[int]map[int]float64{0: {n: 1}}
			if n > 2 {
				out[0][n-1] = 1
			}
			return out
		}
		return nil
	case placeIntro:
		if i := named(introHeading); i >= 0 {
			return whole(i)
		}
		// The first two passages after the title page, in reading order.
		out := make(map[int]map[int]float64)
		shares := []float64{1, 0.5}
		for sec, n := range sections {
			for para := 1; para <= n && len(shares) > 0; para++ {
				if sec == 0 && para == 1 {
					if h, ok, err := s.ix.Passage(ctx, corpus.PassageID(docID, 0, 1)); err == nil && ok && h.Passage.Kind == corpus.KindTitlePage {
						continue
					}
				}
				if out[sec] == nil {
					out[sec] = make(map[int]float64)
				}
				out[sec][para] = shares[0]
				shares = shares[1:]
			}
			if len(shares) == 0 {
				break
			}
		}
		return out
	}
	return nil
}

// maxItemLookups bounds the passages read to find a reading's first or
// last list item.
const maxItemLookups = 200

// listScores raises the score of the candidates that are list items, for
// "in the bullet points", or that are the first or last list item of
// their reading, for "the last bullet". It reports whether any changed.
func (s *Service) listScores(ctx context.Context, p plan, cands []*candidate) bool {
	ends := make(map[string]string) // document → the passage id of its first or last item
	changed := false
	for _, c := range cands {
		if c.hit.Passage.Kind != corpus.KindListItem {
			continue
		}
		if p.place.item != anyItem {
			id := c.hit.Doc.ID
			end, ok := ends[id]
			if !ok {
				end = s.endItem(ctx, id, p.place.item == lastItem)
				ends[id] = end
			}
			if c.hit.Passage.ID != end {
				continue
			}
		}
		c.score += placeBonus * p.total
		changed = true
	}
	return changed
}

// endItem returns the id of a document's first or last list item, reading
// at most maxItemLookups passages from that end; "" when there is none.
func (s *Service) endItem(ctx context.Context, docID string, last bool) string {
	sections, _, ok := s.ix.Outline(docID)
	if !ok {
		return ""
	}
	var ids []string
	for sec, n := range sections {
		for para := 1; para <= n; para++ {
			ids = append(ids, corpus.PassageID(docID, sec, para))
		}
	}
	for k := range min(len(ids), maxItemLookups) {
		i := k
		if last {
			i = len(ids) - 1 - k
		}
		h, ok, err := s.ix.Passage(ctx, ids[i])
		if err != nil {
			return ""
		}
		if ok && h.Passage.Kind == corpus.KindListItem {
			return h.Passage.ID
		}
	}
	return ""
}
