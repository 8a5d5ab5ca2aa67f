package handlers

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/retrieval"
)

// Passage looks a passage up by its citation: "§2 ¶9", "2.9", "¶1", a
// passage id ("glaser-2025-china-russia#2.9"), optionally after a document
// id or short citation ("Glaser 2025 §2 ¶9"). Without a document, the
// first document that has the passage is meant. It returns ErrNoPassage
// when there is no such passage.
func (s *Service) Passage(ctx context.Context, ref string) (PassageView, error) {
	ref = strings.TrimSpace(cleanQuestion(ref))
	var ids []string
	if _, _, _, ok := corpus.ParsePassageID(ref); ok {
		ids = []string{ref}
	} else {
		docPart, sec, para, ok := parseRef(ref)
		if !ok {
			return PassageView{}, fmt.Errorf("%q: %w", ref, ErrNoPassage)
		}
		for _, d := range s.ix.Documents() {
			if docPart != "" && !matchesDoc(d, docPart) {
				continue
			}
			ids = append(ids, corpus.PassageID(d.ID, sec, para))
		}
	}
	for _, id := range ids {
		h, ok, err := s.ix.Passage(ctx, id)
		if err != nil {
			return PassageView{}, fmt.Errorf("look up %s: %w", ref, err)
		}
		if ok {
			prev, next := s.neighbours(h.Passage)
			return PassageView{Doc: h.Doc, Passage: h.Passage, PrevID: prev, NextID: next}, nil
		}
	}
	return PassageView{}, fmt.Errorf("%q: %w", ref, ErrNoPassage)
}

// neighbours returns the ids of the passages before and after p in reading
// order, "" at either end of its document.
func (s *Service) neighbours(p corpus.Passage) (prev, next string) {
	sections, _, ok := s.ix.Outline(p.DocID)
	if !ok {
		return "", ""
	}
	switch {
	case p.Paragraph > 1:
		prev = corpus.PassageID(p.DocID, p.Section, p.Paragraph-1)
	default:
		for sec := p.Section - 1; sec >= 0; sec-- {
			if sec < len(sections) && sections[sec] > 0 {
				prev = corpus.PassageID(p.DocID, sec, sections[sec])
				break
			}
		}
	}
	if p.Section < len(sections) && p.Paragraph < sections[p.Section] {
		next = corpus.PassageID(p.DocID, p.Section, p.Paragraph+1)
	} else {
		for sec := p.Section + 1; sec < len(sections); sec++ {
			if sections[sec] > 0 {
				next = corpus.PassageID(p.DocID, sec, 1)
				break
			}
		}
	}
	return prev, next
}

// parseRef reads "[document] §S ¶P", "[document] S.P" or "[document] ¶P"
// (section 0).
func parseRef(ref string) (doc string, sec, para int, ok bool) {
	ref = strings.TrimSpace(ref)
	i := strings.IndexAny(ref, "§¶")
	if i < 0 {
		// "S.P" at the end, after an optional document.
		f := strings.Fields(ref)
		if len(f) == 0 {
			return "", 0, 0, false
		}
		last := f[len(f)-1]
		a, b, found := strings.Cut(last, ".")
		s, err1 := strconv.Atoi(a)
		p, err2 := strconv.Atoi(b)
		if !found || err1 != nil || err2 != nil || s < 0 || p < 1 {
			return "", 0, 0, false
		}
		return strings.Join(f[:len(f)-1], " "), s, p, true
	}
	doc = strings.TrimSpace(strings.TrimRight(ref[:i], " ,·"))
	rest := ref[i:]
	nums := strings.FieldsFunc(rest, func(r rune) bool { return !unicode.IsDigit(r) })
	switch {
	case strings.HasPrefix(rest, "§") && len(nums) == 2:
		s, _ := strconv.Atoi(nums[0])
		p, _ := strconv.Atoi(nums[1])
		return doc, s, p, p >= 1
	case strings.HasPrefix(rest, "¶") && len(nums) == 1:
		p, _ := strconv.Atoi(nums[0])
		return doc, 0, p, p >= 1
	}
	return "", 0, 0, false
}

// matchesDoc reports whether a reader's name for a document fits it: its
// id, file name, short citation or the start of its title.
func matchesDoc(d retrieval.DocInfo, name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, v := range []string{d.ID, d.Path, d.Citation, d.Title} {
		if v = strings.ToLower(v); v != "" && (v == name || strings.HasPrefix(v, name)) {
			return true
		}
	}
	return false
}

// CompleteRef proposes passages for what has been typed so far of a ref,
// from the index's outline (no search), at most limit. What is typed may
// name a reading, loosely ("waltz", "Waltz 1979", "glasr"), and a place in
// it ("§2 ¶3", "2.3", "¶3"), in the form the bot's citations show. With
// several readings and no place typed, the readings matching the name come
// first (each opens at its first passage), then their passages.
func (s *Service) CompleteRef(prefix string, limit int) []Choice {
	if limit <= 0 {
		return nil
	}
	docPart, refPart := splitTypedRef(prefix, s.ix.Documents())
	want := refKey(refPart)
	words := nameWords(docPart)
	type cand struct {
		d     retrieval.DocInfo
		score int
	}
	var cands []cand
	for _, d := range s.ix.Documents() {
		if sc, ok := docScore(d, words); ok {
			cands = append(cands, cand{d, sc})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	var out []Choice
	if refPart == "" && len(cands) > 1 {
		for _, c := range cands {
			if id := s.firstPassage(c.d.ID); id != "" {
				out = append(out, Choice{Label: clipRunes(c.d.Citation+" · "+c.d.Title+" (from the start)", 100), Value: id})
				if len(out) == limit {
					return out
				}
			}
		}
	}
	for _, c := range cands {
		d := c.d
		sections, headings, ok := s.ix.Outline(d.ID)
		if !ok {
			continue
		}
		for sec, n := range sections {
			for para := 1; para <= n; para++ {
				ref := corpus.FormatRef(sec, para)
				if !strings.HasPrefix(refKey(ref), want) {
					continue
				}
				label := d.Citation + " · " + ref
				if sec < len(headings) && headings[sec] != "" {
					label += " · " + ShortHeading(headings[sec])
				}
				out = append(out, Choice{Label: clipRunes(label, 100), Value: corpus.PassageID(d.ID, sec, para)})
				if len(out) == limit {
					return out
				}
			}
		}
	}
	return out
}

// firstPassage is the id of a document's first passage, or "".
func (s *Service) firstPassage(docID string) string {
	sections, _, ok := s.ix.Outline(docID)
	if !ok {
		return ""
	}
	for sec, n := range sections {
		if n > 0 {
			return corpus.PassageID(docID, sec, 1)
		}
	}
	return ""
}

// splitTypedRef splits a partly typed ref into the reading's name and the
// place: the place starts at "§" or "¶", or is a last word such as "2.9",
// or a last number that no reading's name has in it (so "Waltz 1979" is a
// name, and "2" a section).
func splitTypedRef(typed string, docs []retrieval.DocInfo) (doc, ref string) {
	typed = strings.TrimSpace(typed)
	if i := strings.IndexAny(typed, "§¶"); i >= 0 {
		return strings.TrimSpace(strings.TrimRight(typed[:i], " ,·")), typed[i:]
	}
	f := strings.Fields(typed)
	if len(f) == 0 {
		return "", ""
	}
	last := f[len(f)-1]
	if strings.IndexFunc(last, func(r rune) bool { return !unicode.IsDigit(r) && r != '.' }) >= 0 {
		return typed, ""
	}
	if !strings.Contains(last, ".") {
		for _, d := range docs {
			if slices.Contains(docNameWords(d), last) {
				return typed, ""
			}
		}
	}
	return strings.Join(f[:len(f)-1], " "), last
}

// nameWords splits a name into lowercase words of letters and digits.
func nameWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// docNameWords are the words a reader may call a document by.
func docNameWords(d retrieval.DocInfo) []string {
	return nameWords(d.Citation + " " + d.Title + " " + d.ID + " " + d.Path + " " + d.Author)
}

// docScore says how well the typed name words fit a document: each must
// start one of its name words, or do so but for one typo when it is four
// letters or more. ok is false when one fits nowhere; the score favours
// exact starts.
func docScore(d retrieval.DocInfo, typed []string) (score int, ok bool) {
	names := docNameWords(d)
	for _, w := range typed {
		best := 0
		for _, n := range names {
			switch {
			case strings.HasPrefix(n, w):
				best = max(best, 2)
			case len([]rune(w)) >= 4 && len([]rune(n)) >= len([]rune(w))-1 && fuzzyPrefix(w, n):
				best = max(best, 1)
			}
		}
		if best == 0 {
			return 0, false
		}
		score += best
	}
	return score, true
}

// fuzzyPrefix reports whether w is within one edit of the start of n.
func fuzzyPrefix(w, n string) bool {
	nr, wr := []rune(n), []rune(w)
	for _, l := range []int{len(wr) - 1, len(wr), len(wr) + 1} {
		if l >= 1 && l <= len(nr) && editDistance(w, string(nr[:l])) <= 1 {
			return true
		}
	}
	return false
}

// refKey reduces a ref to digits and dots: "§2 ¶9" → "2.9", "¶3" → "0.3".
func refKey(ref string) string {
	ref = strings.TrimSpace(ref)
	if strings.HasPrefix(ref, "¶") {
		ref = "0 " + ref
	}
	f := strings.FieldsFunc(ref, func(r rune) bool { return !unicode.IsDigit(r) })
	return strings.Join(f, ".")
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
