package handlers

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/retrieval"
)

// This file repairs a question as students type it in chat before it is
// analysed: Discord's mention markup and emoji are dropped, and text-speak
// ("y", "u", "r", "bc", "abt") is spelt out. The spelling repairs that need
// the readings' vocabulary (typos, words run together) are in typos.go.

// textSpeak spells out the shorthand of chat, as typed in lower case. Only
// a whole word is replaced, and only where the shorthand is no word of its
// own in a question: "y" is "why", "n" is "and". Most expansions are
// function words, which ask rather than say what about; the few content
// words ("government", "people") are the same word spelt out, so they
// count as typed.
var textSpeak = map[string]string{
	"y": "why", "u": "you", "ur": "your", "r": "are", "n": "and", "w": "with", "w/": "with",
	"w/o": "without", "bc": "because", "bcuz": "because", "bcoz": "because", "cuz": "because", "coz": "because",
	"pls": "please", "plz": "please", "abt": "about", "abt.": "about", "smth": "something", "sth": "something",
	"thru": "through", "tho": "though", "altho": "although", "b4": "before", "rn": "now",
	"tmrw": "tomorrow", "tmr": "tomorrow", "2day": "today", "ppl": "people", "govt": "government",
	"gov": "government", "gvt": "government", "wat": "what", "wut": "what", "wht": "what", "hw": "how",
	"becuz": "because", "coulda": "could have", "shoulda": "should have", "woulda": "would have",
	"kinda": "kind of", "sorta": "sort of", "lotta": "lot of", "outta": "out of", "gonna": "going to",
	"wanna": "want to", "gotta": "got to", "dunno": "do not know", "idk": "i do not know",
	"imo": "in my opinion", "imho": "in my opinion", "afaik": "as far as i know", "iirc": "if i recall",
	"pov": "point of view", "vs": "versus", "vs.": "versus", "v.": "versus", "bt": "but", "nd": "and",
	"wdym": "what do you mean", "wym": "what do you mean", "whats": "what is", "wats": "what is",
	"hows": "how is", "whys": "why is", "wheres": "where is", "whos": "who is",
	"isnt": "is not", "arent": "are not", "wasnt": "was not", "werent": "were not",
	"doesnt": "does not", "dont": "do not", "didnt": "did not", "hasnt": "has not", "havent": "have not",
	"hadnt": "had not", "wont": "will not", "wouldnt": "would not", "couldnt": "could not",
	"shouldnt": "should not", "cant": "cannot", "aint": "is not",
	"thx": "thanks", "ty": "thanks", "tysm": "thanks", "rec": "recommend", "recs": "recommendations",
	"esp": "especially", "bcs": "because", "ie": "that is", "eg": "for example",
	"econ": "economy", "subs": "submarines", "nukes": "nuclear weapons", "nuke": "nuclear weapon",
	"nuked": "used nuclear weapons on", "mil-tech": "military technology", "infra": "infrastructure", "intl": "international", "natl": "national",
	// A question word run into the next one.
	"whatis": "what is", "whatare": "what are", "whatdoes": "what does", "whatdo": "what do",
	"whois": "who is", "whyis": "why is", "whydoes": "why does", "whydo": "why do", "whyare": "why are",
	"howdoes": "how does", "howdo": "how do", "howis": "how is", "howcome": "how come", "whereis": "where is",
}

// chatPhrases are the phrases of chat around what a question asks, dropped
// wherever they stand: how the asker wants the answer put ("in normal
// words", "like i'm five", "in a nutshell", "in one line") and what they want it for
// ("asking for a friend", "need it for my notes", "for my essay"), how
// lost the asker is ("kinda lost", "i'm so confused"), an apology for the
// question ("sorry if dumb q but"), and
// the vague "both sides" of a question about two parties. They say
// nothing about what the readings should hold. Each is matched as
// whole words, in any case, after text-speak is spelt out.
var chatPhrases = regexp.MustCompile(`(?i)(^|[^\pL\pN'])(` +
	`in (?:more |very )?(?:normal|simple|simpler|plain|plainer|easy|easier|basic|everyday|regular|human|other|layman'?s?|my own|your own) (?:words|terms|english|language)` +
	`|(?:explain(?:ed)? )?like (?:i'?m|i am) (?:five|5|a child|a kid|dumb)|eli5|for dummies|in a nutshell|tl;?dr|in (?:one|a|two|three|a few|few) (?:sentences?|lines?|words)` +
	`|(?:short|quick|brief) (?:def|defn|answer|version)` +
	`|(?:both|either|each|the two|two) sides?` +
	`|(?:i'?m |i am |im )?(?:kind of|sort of|so|a bit|a little|totally|completely|really|very) (?:lost|confused)|(?:i'?m|i am|im) (?:lost|confused)|asking for a friend|(?:sorry )?(?:if |for )?(?:this is |it'?s |its )?(?:a |the )?(?:dumb|stupid|silly|basic|noob|newbie) (?:q|qs|question|questions)(?: but)?|sorry (?:if |for )?(?:this is |it'?s |its |i'?m |im |i am )?(?:a |being )?(?:dumb|stupid|silly|basic|noob|newbie)(?: but)?|(?:i )?need (?:it|this|that) for (?:my |our |the )?(?:notes|essay|paper|exam|class|homework|assignment|seminar|midterm|final|quiz|presentation|revision|discussion)` +
	`|for (?:my|our) (?:notes|essay|paper|exam|class|homework|assignment|seminar|midterm|final|quiz|presentation|revision)` +
	`)([^\pL\pN']|$)`)

// chatPhraseCues are words every phrase of chatPhrases holds one of, at
// the start of a word of the phrase.
var chatPhraseCues = []string{"words", "terms", "english", "language", "five", "5", "eli5", "child", "kid", "dumb",
	"dummies", "nutshell", "tl", "sentence", "line", "lost", "confused", "dumb", "stupid", "silly", "basic", "noob", "newbie", "def", "answer", "version", "friend", "for my", "for our", "need", "side"}

// mayHoldChatPhrase reports whether a question in lower case may hold a
// phrase of chatPhrases: whether a word of it begins with a cue of one
// ("side" is no cue in "consider").
func mayHoldChatPhrase(lower string) bool {
	for _, cue := range chatPhraseCues {
		for from := 0; ; {
			i := strings.Index(lower[from:], cue)
			if i < 0 {
				break
			}
			i += from
			if r, _ := utf8.DecodeLastRuneInString(lower[:i]); i == 0 || !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '\'' {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// emptyBrackets are what is left of "(for my notes)".
var emptyBrackets = regexp.MustCompile(`\(\s*\)|\[\s*\]`)

// dropChatPhrases drops every phrase chatPhrases matches from q, keeping a
// space in its place, the brackets left empty, and the commas and dashes
// left dangling at either end ("In plain English, what is …").
func dropChatPhrases(q string) string {
	if !mayHoldChatPhrase(strings.ToLower(q)) {
		return q // most questions hold none, and the expression is slow
	}
	dropped := false
	for range maxMarkupPasses {
		next := chatPhrases.ReplaceAllString(q, "$1 $3")
		if next == q {
			break
		}
		q, dropped = next, true
	}
	if dropped {
		q = strings.Trim(emptyBrackets.ReplaceAllString(q, " "), " \t,;:-–—")
	}
	return q
}

// discordMarkup reports the length of the Discord markup at the start of
// s, if any: a user, role or channel mention ("<@123>", "<@!123>",
// "<@&123>", "<#123>"), a custom emoji ("<:name:123>", "<a:name:123>"), a
// timestamp ("<t:123:R>") or a slash command mention ("</ask:123>").
func discordMarkup(s string) int {
	if len(s) < 3 || s[0] != '<' {
		return 0
	}
	end := strings.IndexByte(s, '>')
	if end < 0 || end > 120 {
		return 0
	}
	inner := s[1:end]
	digits := func(v string) bool {
		if v == "" {
			return false
		}
		for i := 0; i < len(v); i++ {
			if v[i] < '0' || v[i] > '9' {
				return false
			}
		}
		return true
	}
	switch {
	case strings.HasPrefix(inner, "@!"), strings.HasPrefix(inner, "@&"):
		if digits(inner[2:]) {
			return end + 1
		}
	case strings.HasPrefix(inner, "@"), strings.HasPrefix(inner, "#"):
		if digits(inner[1:]) {
			return end + 1
		}
	case strings.HasPrefix(inner, ":"), strings.HasPrefix(inner, "a:"), strings.HasPrefix(inner, "t:"), strings.HasPrefix(inner, "/"):
		if i := strings.LastIndexByte(inner, ':'); i > 0 && (digits(inner[i+1:]) || len(inner)-i <= 2) {
			return end + 1
		}
	}
	return 0
}

// isEmoji reports whether r is an emoji or a pictograph, or one of the
// marks that join and modify them (skin tones, variation selectors, the
// zero-width joiner).
func isEmoji(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, r >= 0x2600 && r <= 0x27BF, r >= 0x2B00 && r <= 0x2BFF,
		r >= 0xFE00 && r <= 0xFE0F, r == 0x200D, r >= 0xE0020 && r <= 0xE007F:
		return true
	}
	return unicode.Is(unicode.So, r)
}

// repairChat drops Discord markup, emoji and typed mentions ("@everyone",
// "@Priya") from a cleaned question, spells out text-speak (see textSpeak)
// and drops the phrases of chat around what it asks (see chatPhrases).
// What is dropped becomes a space, so that words on either side stay
// apart; the result has its white space collapsed again.
func repairChat(q string) string {
	// Dropping one piece can make markup of what is left ("<a:🤔>" becomes
	// "<a: >", "<a:<@1>>" too), so pieces are dropped until none is left;
	// white space is collapsed after each pass, as it is at the end
	// ("<a: @0>" is "<a:  >" and then "<a: >"). Every pass that drops
	// something shortens the text; a hostile message nested deeper than
	// maxMarkupPasses loses its '<' instead.
	for pass := 0; ; pass++ {
		next, dropped := dropChatMarkup(q)
		q = strings.Join(strings.Fields(next), " ")
		if !dropped {
			break
		}
		if pass == maxMarkupPasses {
			q = strings.ReplaceAll(q, "<", " ")
			break
		}
	}
	return cleanQuestion(dropChatPhrases(askedAsEquation(expandTextSpeak(q))))
}

// equationQuestion is a question typed as an equation: "wedging = ?".
var equationQuestion = regexp.MustCompile(`^\s*([^=?]{1,80}?)\s*=+\s*\?+`)

// askedAsEquation spells out a question typed as an equation ("wedging =
// ?", "security dilemma = ??") as the question it stands for ("what is
// wedging?").
func askedAsEquation(q string) string {
	if !strings.Contains(q, "=") {
		return q
	}
	return equationQuestion.ReplaceAllString(q, "what is $1?")
}

// maxMarkupPasses bounds repairChat's passes over nested markup.
const maxMarkupPasses = 8

// dropChatMarkup is one pass of repairChat: each piece of Discord markup,
// emoji and ping in q becomes a space. It reports whether any was found.
func dropChatMarkup(q string) (string, bool) {
	var b strings.Builder
	b.Grow(len(q))
	dropped := false
	for i := 0; i < len(q); {
		if n := discordMarkup(q[i:]); n > 0 {
			b.WriteByte(' ')
			i += n
			dropped = true
			continue
		}
		if n := typedMention(q, i); n > 0 {
			b.WriteByte(' ')
			i += n
			dropped = true
			continue
		}
		r, size := utf8.DecodeRuneInString(q[i:])
		if isEmoji(r) {
			b.WriteByte(' ')
			dropped = true
		} else {
			b.WriteString(q[i : i+size])
		}
		i += size
	}
	return b.String(), dropped
}

// typedMention returns the length of the mention typed as text at q[i:]
// ("@Priya", "@everyone", "@sam_k"), 0 when there is none: an '@' that
// starts a word, followed by the letters, digits, '_' and '.' of a Discord
// name (a '.' that ends the sentence is left). The '@' of an address
// ("tutor@uni.edu") follows a letter and is no mention.
func typedMention(q string, i int) int {
	if q[i] != '@' {
		return 0
	}
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(q[:i]); unicode.IsLetter(r) || unicode.IsDigit(r) {
			return 0
		}
	}
	end := i + 1
	for end < len(q) {
		r, size := utf8.DecodeRuneInString(q[end:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '.' {
			break
		}
		end += size
	}
	for end > i+1 && q[end-1] == '.' {
		end--
	}
	if end == i+1 {
		return 0 // "meet @ 5": no name
	}
	return end - i
}

// expandTextSpeak replaces each whole word of q that textSpeak lists, as
// typed in lower case (a capitalised "N" or "U" may be a name or an
// initial), keeping the punctuation around it.
func expandTextSpeak(q string) string {
	fields := strings.Fields(q)
	changed := false
	for i, f := range fields {
		start := strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
		if start < 0 {
			continue
		}
		end := len(f)
		for end > start {
			r, size := utf8.DecodeLastRuneInString(f[:end])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/' && end-size > start {
				break
			}
			end -= size
		}
		word := f[start:end]
		rep, ok := textSpeak[word]
		if word == "acc" && end == len(f) && i+1 < len(fields) && fields[i+1] == "to" {
			rep, ok = "according", true // "acc to the reading"
		}
		if !ok && end < len(f) && (f[end] == '.' || f[end] == '/') {
			// "abt." and "w/" keep their mark in the table.
			if rep, ok = textSpeak[word+f[end:end+1]]; ok {
				end++
			}
		}
		if !ok || rep == word {
			continue
		}
		fields[i] = f[:start] + rep + f[end:]
		changed = true
	}
	if !changed {
		return q
	}
	return strings.Join(fields, " ")
}

// foreignWords are the commonest function words of the languages a study
// group may type in besides English (French, Spanish, Portuguese,
// Italian, German, Dutch) that English does not use as words ("die",
// "was" and "pour" are left out). A word opening with "l'", "d'" or
// "qu'" counts as one too.
var foreignWords = wordSet(`le la les des du une est sont quoi dans sur avec que qui pourquoi comment
quel quelle quels sont cette ces sous entre selon c'est qu'est l'auteur texte
el los las del una es por qué que cómo porque cuál cuáles según entre esta este está son
não como para uma os das dos porquê qual quais segundo pelo pela
il di che perché della delle degli nel nella sono gli cosa
der das und ist nicht wie warum mit für zu dem ein eine auf sich
het een niet waarom zijn
`)

// otherLanguage reports whether a question seems written in another
// language than English: at least two of its words are function words of
// another language (see foreignWords), and they and the words neither
// English nor the readings know make up half of its words or more.
func otherLanguage(an interface {
	Tokens(string) []analysis.Token
}, q string, stats retrieval.Stats) bool {
	toks := an.Tokens(q)
	foreign, unknown := 0, 0
	for _, t := range toks {
		w := strings.ReplaceAll(t.Word, "’", "'")
		switch {
		case foreignWords[w] || strings.HasPrefix(w, "l'") || strings.HasPrefix(w, "d'") || strings.HasPrefix(w, "qu'"):
			foreign++
		case !t.Stop && !analysis.IsEnglishWord(w) && stats.DocFreq(t.Term) == 0 && utf8.RuneCountInString(w) >= analysis.MinLexiconWord:
			unknown++
		}
	}
	return foreign >= 2 && 2*(foreign+unknown) >= len(toks)
}
