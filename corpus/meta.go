package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// citationTitleRunes is roughly how long a title may be in a citation
// before it is cut.
const citationTitleRunes = 40

// Citation returns the short form readers use to cite the document:
// the author's surname and the year of its date ("Glaser 2025"), the
// surname alone when the date has no four-digit year, "Doe and Roe 2024"
// for two authors and "Doe et al. 2024" for more. Without an author it is
// the title, cut at a word boundary to about 40 characters with "…"; without
// a title, the document id.
func (d Document) Citation() string {
	names := surnames(d.Author)
	var cite string
	switch len(names) {
	case 0:
	case 1:
		cite = names[0]
	case 2:
		cite = names[0] + " and " + names[1]
	default:
		cite = names[0] + " et al."
	}
	if cite != "" {
		if y := findYear(d.Date); y != "" {
			return cite + " " + y
		}
		return cite
	}
	if t := strings.TrimSpace(d.Title); t != "" {
		return shorten(t, citationTitleRunes)
	}
	return d.ID
}

// surnames returns the last name of each author in an author line such as
// "Jane Doe and John Roe" or "A. Smith, B. Jones & C. Brown".
func surnames(author string) []string {
	author = strings.TrimSpace(author)
	if author == "" {
		return nil
	}
	author = strings.NewReplacer(" & ", ",", " and ", ",").Replace(author)
	var out []string
	for _, a := range strings.Split(author, ",") {
		words := strings.Fields(a)
		// Drop suffixes such as "Jr." so that the surname is the last
		// real name word.
		for len(words) > 1 && isNameSuffix(words[len(words)-1]) {
			words = words[:len(words)-1]
		}
		if len(words) == 0 || (len(words) == 1 && isNameSuffix(words[0])) {
			continue
		}
		out = append(out, strings.TrimRight(words[len(words)-1], ".,;"))
	}
	return out
}

// isNameSuffix reports whether w is a generational or academic suffix.
func isNameSuffix(w string) bool {
	switch strings.TrimRight(strings.ToLower(w), ".,") {
	case "jr", "sr", "ii", "iii", "iv", "phd", "ph.d", "md", "esq":
		return true
	}
	return false
}

// findYear returns the first run of exactly four digits in s, or "".
func findYear(s string) string {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j-i == 4 {
			return s[i:j]
		}
		i = j
	}
	return ""
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// shorten cuts s to at most max runes at a word boundary and adds "…".
func shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut := 0 // byte offset after max runes
	for i := range s {
		if max == 0 {
			cut = i
			break
		}
		max--
	}
	head := s[:cut]
	if sp := strings.LastIndexFunc(head, unicode.IsSpace); sp > len(head)/2 {
		head = head[:sp]
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r)
	})
	return head + "…"
}

// months maps the lower-case names and abbreviations of months.
var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// seasons are words that may stand for a month in a date line.
var seasons = map[string]bool{
	"spring": true, "summer": true, "fall": true, "autumn": true, "winter": true,
}

// isDateLine reports whether the whole line is a date: "2025",
// "November 2025", "12 March 2024", "March 12, 2024", "Spring 2024",
// "2024-03-12", "12/03/2024". A date line has a four-digit year.
func isDateLine(line string) bool {
	line = strings.TrimSpace(line)
	if numericDate(line) {
		return true
	}
	words := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == ',' })
	if len(words) == 0 || len(words) > 5 {
		return false
	}
	years := 0
	for _, w := range words {
		lw := strings.ToLower(strings.TrimSuffix(w, "."))
		switch {
		case len(lw) == 4 && allDigits(lw) && (lw[0] == '1' || lw[0] == '2'):
			years++
		case months[lw] || seasons[lw]:
		case isDay(lw):
		case lw == "-" || lw == "–" || lw == "—" || lw == "to":
		default:
			return false
		}
	}
	return years >= 1
}

// numericDate reports whether s is a date written in digits with - / or .
// separators, one group being a four-digit year: "2024-03-12", "2024-03",
// "12/03/2024", "12.03.2024".
func numericDate(s string) bool {
	if s == "" || !isDigit(s[0]) || !isDigit(s[len(s)-1]) {
		return false
	}
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(groups) < 2 || len(groups) > 3 {
		return false
	}
	years := 0
	n := 0
	for _, g := range groups {
		if !allDigits(g) {
			return false
		}
		n += len(g)
		switch len(g) {
		case 4:
			years++
		case 1, 2:
		default:
			return false
		}
	}
	return years == 1 && n+len(groups)-1 == len(s)
}

// isDay reports whether w is a day of the month: "12", "1st", "22nd".
func isDay(w string) bool {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(w, suf) {
			w = strings.TrimSuffix(w, suf)
			break
		}
	}
	if w == "" || len(w) > 2 || !allDigits(w) {
		return false
	}
	d := int(w[0] - '0')
	if len(w) == 2 {
		d = d*10 + int(w[1]-'0')
	}
	return d >= 1 && d <= 31
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// nameParticles are lower-case words that may sit inside a personal name.
var nameParticles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "di": true,
	"du": true, "del": true, "della": true, "la": true, "le": true, "bin": true, "ibn": true,
	"al": true, "ten": true, "ter": true, "y": true,
}

// notNameWords are capitalised words that start titles and subtitles but
// are not names, so "The Great Game" is not read as an author.
var notNameWords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "in": true, "on": true, "for": true,
	"to": true, "with": true, "from": true, "at": true, "or": true, "not": true, "is": true,
	"are": true, "was": true, "how": true, "why": true, "what": true, "when": true,
	"where": true, "who": true, "new": true, "notes": true, "part": true, "chapter": true,
	"lecture": true, "week": true, "session": true, "reading": true, "readings": true,
	"introduction": true, "draft": true, "report": true, "paper": true, "essay": true,
}

// personLine reports whether line names the author(s), e.g.
// "Charles Glaser, MIT", "By Jane Doe" or "Jane Doe and John Roe", and
// returns the names (without "By ") and the affiliation (the text after
// the first comma).
//
// Without "By " every name must look like a personal name: two to four
// capitalised words or initials, particles such as "van" inside. This is a
// heuristic; a line such as "Great Power Politics" cannot be told from a
// name and is read as one.
func personLine(line string) (name, affiliation string, ok bool) {
	line = strings.TrimSpace(line)
	by := false
	if len(line) > 3 && strings.EqualFold(line[:3], "by ") {
		line = strings.TrimSpace(line[3:])
		by = true
	}
	name = line
	if i := strings.IndexByte(line, ','); i >= 0 {
		name = strings.TrimSpace(line[:i])
		affiliation = strings.TrimSpace(line[i+1:])
	}
	if name == "" {
		return "", "", false
	}
	if by {
		if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) {
			return "", "", false
		}
		return name, affiliation, true
	}
	names := strings.NewReplacer(" & ", "\x00", " and ", "\x00").Replace(name)
	for _, n := range strings.Split(names, "\x00") {
		if !looksLikeName(n) {
			return "", "", false
		}
	}
	return name, affiliation, true
}

// looksLikeName reports whether s is two to four words that could form a
// personal name: "Charles Glaser", "J. R. Smith", "Ludwig van Beethoven".
func looksLikeName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 4 {
		return false
	}
	for i, w := range words {
		lw := strings.ToLower(w)
		switch {
		case nameParticles[lw] && w == lw:
			if i == 0 || i == len(words)-1 {
				return false
			}
		case notNameWords[lw]:
			return false
		case isInitials(w):
		case isNameWord(w):
		default:
			return false
		}
	}
	return true
}

// isInitials reports whether w is one or more capital initials: "J.",
// "J.R.", "J.-P.".
func isInitials(w string) bool {
	if !strings.HasSuffix(w, ".") {
		return false
	}
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '.' || r == '-':
		default:
			return false
		}
	}
	return letters > 0
}

// isNameWord reports whether w is a capitalised word with lower-case
// letters after the first: "Glaser", "O'Neill", "Smith-Jones", "McDonald".
func isNameWord(w string) bool {
	first, size := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(first) {
		return false
	}
	lower := 0
	for _, r := range w[size:] {
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r), r == '-', r == '\'', r == '’', r == '.':
		default:
			return false
		}
	}
	return lower > 0
}
