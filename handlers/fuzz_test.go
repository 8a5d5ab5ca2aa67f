package handlers

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/readings"
)

// FuzzAsk asks arbitrary questions of the essay and of a reading made to
// be hard to quote (see fuzzReading): Ask never panics or fails, and every
// answer keeps its promises (see checkAnswer): a valid status, excerpts
// that are verbatim spans of their passage (but for the "…" marks) of at
// most MaxExcerpt bytes, highlights in bounds and in order. Seeds: the
// hostile questions and testdata/fuzz/FuzzAsk.
//
//	go test -run '^$' -fuzz '^FuzzAsk$' -fuzztime 10s ./handlers/
func FuzzAsk(f *testing.F) {
	for _, tc := range hostileQuestions() {
		f.Add(tc.q)
	}
	essay, err := fs.ReadFile(readings.FS, "glaser-2025-china-russia.md")
	if err != nil {
		f.Fatal(err)
	}
	s := serviceFor(f, fstest.MapFS{
		"glaser-2025-china-russia.md": {Data: essay},
		"hard-to-quote.md":            {Data: []byte(fuzzReading)},
	})
	f.Fuzz(func(t *testing.T, q string) {
		ans, err := s.Ask(context.Background(), q, AskOptions{Top: MaxTop})
		if err != nil && !errors.Is(err, ErrEmptyQuestion) {
			t.Fatalf("Ask(%q): %v", q, err)
		}
		checkAnswer(t, ans)
	})
}

// fuzzReading has what makes excerpts hard: sentences far longer than
// MaxExcerpt (cut inside, at word boundaries, around the matches), words
// in many scripts and multi-byte characters where a cut may fall, and the
// essay's words so that questions match it.
var fuzzReading = "# Hard to Quote\n\nAnon\n\n## One long sentence\n\n" +
	strings.Repeat("The security dilemma and wedging — über-Allianz, 中国与俄罗斯, "+
		"Россия и Китай, 🙂 alliance balancing, bloodletting; ", 14) +
	"and so the sentence ends.\n\n## Short ones\n\n" +
	strings.Repeat("Wedging works. Security falls! Does balancing help? Yes… ", 12) +
	"\n\n- **security** dilemma in a `list` item with [a link](http://x.example)\n" +
	"- ||spoiler|| wedging\n\n" +
	strings.Repeat("é", 300) + " security " + strings.Repeat("ü", 300) + "\n"

// FuzzCleanQuestion checks cleanQuestion on arbitrary input: the result
// is valid UTF-8 of at most MaxQuestion bytes, without control or format
// characters, with single spaces between words and none at the ends; it
// keeps the input's other characters in order; and cleaning it again
// changes nothing.
//
//	go test -run '^$' -fuzz '^FuzzCleanQuestion$' -fuzztime 10s ./handlers/
func FuzzCleanQuestion(f *testing.F) {
	for _, tc := range hostileQuestions() {
		f.Add(tc.q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := cleanQuestion(q)
		if len(got) > MaxQuestion {
			t.Errorf("%d bytes, over %d", len(got), MaxQuestion)
		}
		if !utf8.ValidString(got) {
			t.Errorf("invalid UTF-8: %q", got)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Errorf("spaces not collapsed: %q", got)
		}
		for _, r := range got {
			if r != ' ' && (unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
				t.Errorf("keeps %U: %q", r, got)
			}
		}
		// The characters kept (spaces aside) appear in the input, in order.
		rest := q
		for _, r := range strings.ReplaceAll(got, " ", "") {
			i := strings.IndexRune(rest, r)
			if i < 0 {
				t.Fatalf("%q is not from the input %q", r, q)
			}
			_, size := utf8.DecodeRuneInString(rest[i:])
			rest = rest[i+size:]
		}
		if again := cleanQuestion(got); again != got {
			t.Errorf("not idempotent: %q then %q", got, again)
		}
	})
}

// FuzzWithoutChat checks that leaving chat out of a message keeps the rest
// of it verbatim: the result is the message, or parts of it in order.
func FuzzWithoutChat(f *testing.F) {
	for _, q := range []string{"hey bot, quick q: what is wedging? thx", "why (for my seminar) do states balance",
		"field:value wedge", "hey, how do I cook rice?", "NOT wedge AND strategy", "a,b;c:d.e!f?g(h)i"} {
		f.Add(q)
	}
	ix := newMemIndex("t", testPassages, nil)
	aliases, _ := LoadAliases(nil)
	f.Fuzz(func(t *testing.T, q string) {
		q = cleanQuestion(q)
		got := withoutChat(nil, q, ix, aliases)
		if got == q {
			return
		}
		rest := q
		for _, part := range strings.Split(got, " ") {
			i := strings.Index(rest, part)
			if i < 0 {
				t.Fatalf("withoutChat(%q) = %q: %q is not from the message, in order", q, got, part)
			}
			rest = rest[i+len(part):]
		}
	})
}

// FuzzRepairChat repairs arbitrary messages: the result is valid UTF-8
// with white space collapsed, holds no Discord markup, and grows
// at most by the longest text-speak expansion.
func FuzzRepairChat(f *testing.F) {
	for _, s := range []string{"<@123> y wouldnt u", "w/ n w/o", "<:e:1><a:x:2> 🤔🙏🏽", "@everyone@here", "<@", "abt. b4 idk", "x\u200dy", "@Priya.", "a@b @ @.@_", "acc to acc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		q := cleanQuestion(msg)
		got := repairChat(q)
		if !utf8.ValidString(got) {
			t.Fatalf("repairChat(%q) = %q: invalid UTF-8", q, got)
		}
		if got != strings.Join(strings.Fields(got), " ") && got != cleanQuestion(got) {
			t.Fatalf("repairChat(%q) = %q: white space not collapsed", q, got)
		}
		if len(got) > 5*len(q)+1 {
			t.Fatalf("repairChat(%q) grew to %d bytes", q, len(got))
		}
		for i := 0; i < len(got); i++ {
			if n := discordMarkup(got[i:]); n > 0 {
				t.Fatalf("repairChat(%q) = %q: markup %q left", q, got, got[i:i+n])
			}
		}
	})
}

// FuzzPlaceAsked checks placeAsked on arbitrary questions: what it
// returns is valid UTF-8, no longer than the question (cleaned), made of
// the question's own words (or pieces of them) in order, and names a section only by a
// number it holds.
//
//	go test -run '^$' -fuzz '^FuzzPlaceAsked$' -fuzztime 10s ./handlers/
func FuzzPlaceAsked(f *testing.F) {
	for _, s := range []string{"in the intro, what is wedging", "per the conclusion y", "§12 sec. 3", "at the end of the end",
		"the bit before the conclusion", "in section 999999999999 what", "İN THE İNTRO"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		q := cleanQuestion(msg)
		rest, pl := placeAsked(q)
		if !utf8.ValidString(rest) {
			t.Fatalf("placeAsked(%q) = %q: invalid UTF-8", q, rest)
		}
		if len(rest) > len(q) {
			t.Fatalf("placeAsked(%q) = %q: longer than the question", q, rest)
		}
		// A place phrase may be cut out of the middle of a word ("!sec0!"
		// leaves "!" and "!"), so each remaining word is a piece of the
		// question found after the previous one.
		tail := q
		for _, w := range strings.Fields(rest) {
			i := strings.Index(tail, w)
			if i < 0 {
				t.Fatalf("placeAsked(%q) = %q: %q is no piece of the question, in order", q, rest, w)
			}
			tail = tail[i+len(w):]
		}
		if pl.kind == placeSection && (pl.section < 0 || pl.section > 999) {
			t.Fatalf("placeAsked(%q): section %d", q, pl.section)
		}
	})
}
