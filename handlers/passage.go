package handlers

import (
	"context"
	"fmt"
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

// CompleteRef proposes passage citations for a partly typed ref, from the
// index's outline (no search): those whose "§S ¶P" starts with what was
// typed (ignoring "§", "¶" and spaces), at most limit.
func (s *Service) CompleteRef(prefix string, limit int) []Choice {
	if limit <= 0 {
		return nil
	}
	want := refKey(prefix)
	var out []Choice
	for _, d := range s.ix.Documents() {
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
