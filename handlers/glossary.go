package handlers

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/citebot/citebot/analysis"
	"github.com/citebot/citebot/corpus"
)

// GlossaryFile is the name of the file in a corpus folder where moderators
// describe the concepts of the readings. It is TOML: one [[concept]] table
// per concept, in any order.
//
//	[[concept]]
//	name = "wedging"                                    # required
//	aliases = ["wedge strategy", "wedging strategy"]    # other names and spellings
//	group = "strategy"                                  # theory, strategy, relationship, …
//	explanation = "An attempt to divide an opposing alliance …"  # required
//	related = ["balancing", "alliance"]                 # names (or aliases) of other concepts
//	passages = ["glaser-2025-china-russia#2.15"]        # optional: passages that show it best
//
// Names and aliases are matched as the readings are searched: case, word
// endings ("wedge", "wedging") and stop words do not matter, and a
// multi-word alias matches as a phrase. Passages are the ids citebot cites
// (document, "#", section, ".", paragraph).
//
// A broken entry does not stop the others from loading: the file is cut at
// its [[concept]] headers and each entry is parsed on its own by the TOML
// library, so a syntax error, a value of the wrong type or a missing name
// is reported with its line and the other entries are used.
const GlossaryFile = "glossary.toml"

// GlossaryProblem is a glossary entry, or part of one, that could not be used.
type GlossaryProblem struct {
	Line int    // the line of glossary.toml, from 1; 0 when the whole file is affected
	Msg  string // what is wrong, for a moderator
}

// String renders the problem as "glossary.toml line 12: msg".
func (p GlossaryProblem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s line %d: %s", GlossaryFile, p.Line, p.Msg)
	}
	return GlossaryFile + ": " + p.Msg
}

// defaultGroup is the group of a concept whose entry names none.
const defaultGroup = "other"

// GlossaryEntry is one concept of the glossary.
type GlossaryEntry struct {
	Name        string   // as the moderator wrote it, e.g. "security dilemma"
	Aliases     []string // other names and spellings, as written
	Group       string   // e.g. "theory" or "strategy", lower case
	Explanation string   // the moderator's explanation
	Related     []string // names of related concepts (resolved to their names when they are in the glossary)
	Passages    []string // ids of passages that show the concept best
	Line        int      // the line of its [[concept]] header

	forms [][]string // the analysed terms of the name and aliases, unique, longest first
}

// Glossary is the parsed glossary of a corpus. It is immutable once built.
type Glossary struct {
	Entries []GlossaryEntry // in file order

	byName map[string]int // normalised name or alias → entry
	byForm map[string]int // analysed terms of a name or alias, joined by spaces → entry

	terms  map[string]bool   // every analysed word of a name or alias
	words  map[string]string // every word of a name or alias, as folded by normName → its term
	sorted []string          // the keys of words, sorted

	mu    sync.Mutex
	fixes map[string]glossaryFix // the words correct was asked about
}

// rawEntry is how one [[concept]] table is decoded.
type rawEntry struct {
	Name        string   `toml:"name"`
	Aliases     []string `toml:"aliases"`
	Group       string   `toml:"group"`
	Explanation string   `toml:"explanation"`
	Related     []string `toml:"related"`
	Passages    []string `toml:"passages"`
}

// conceptHeader matches the line that starts an entry: [[concept]],
// possibly with spaces and a comment.
var conceptHeader = regexp.MustCompile(`^\s*\[\[\s*concept\s*\]\]\s*(#.*)?$`)

// LoadGlossary parses a glossary.toml file (see GlossaryFile). Entries
// that cannot be used are reported by line and left out; the rest load.
// Empty input gives an empty glossary.
func LoadGlossary(src []byte) (*Glossary, []GlossaryProblem) {
	g := &Glossary{byName: map[string]int{}, byForm: map[string]int{}}
	var problems []GlossaryProblem
	report := func(line int, format string, args ...any) {
		problems = append(problems, GlossaryProblem{Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	if len(src) == 0 {
		return g, nil
	}
	if !utf8.Valid(src) {
		report(0, "not valid UTF-8")
		return g, problems
	}
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.Split(text, "\n")

	// Cut the file at its headers: chunk i runs from starts[i] to the next header.
	var starts []int // 0-based line index of each header
	for i, l := range lines {
		if conceptHeader.MatchString(l) {
			starts = append(starts, i)
		}
	}
	// Whatever comes before the first header may hold comments only.
	preEnd := len(lines)
	if len(starts) > 0 {
		preEnd = starts[0]
	}
	if pre := strings.Join(lines[:preEnd], "\n"); strings.TrimSpace(pre) != "" {
		var top map[string]any
		md, err := toml.Decode(pre, &top)
		switch {
		case err != nil:
			report(errorLine(err, 0), "%s", tomlMessage(err))
		default:
			for _, k := range md.Keys() {
				if len(k) == 1 {
					report(0, "unknown setting %q outside a [[concept]] entry (ignored)", k.String())
				}
			}
		}
	}
	if len(starts) == 0 {
		if strings.TrimSpace(text) != "" {
			report(0, "no [[concept]] entries")
		}
		return g, problems
	}

	var raws []rawEntry
	var rawLines []int
	for i, start := range starts {
		end := len(lines)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		line := start + 1
		// Pad with empty lines so that the library's line numbers are the file's.
		chunk := strings.Repeat("\n", start) + strings.Join(lines[start:end], "\n")
		var file struct {
			Concept []toml.Primitive `toml:"concept"`
		}
		md, err := toml.Decode(chunk, &file)
		if err != nil {
			report(errorLine(err, line), "entry skipped: %s", tomlMessage(err))
			continue
		}
		if len(file.Concept) != 1 {
			report(line, "entry skipped: want one [[concept]] table here")
			continue
		}
		var r rawEntry
		if err := md.PrimitiveDecode(file.Concept[0], &r); err != nil {
			report(errorLine(err, line), "entry skipped: %s", tomlMessage(err))
			continue
		}
		for _, k := range md.Undecoded() {
			if len(k) >= 2 && k[0] == "concept" {
				report(line, "unknown key %q in concept %q (ignored)", strings.Join(k[1:], "."), r.Name)
			}
		}
		raws = append(raws, r)
		rawLines = append(rawLines, line)
	}

	for i, r := range raws {
		line := rawLines[i]
		e := GlossaryEntry{
			Name:        strings.TrimSpace(r.Name),
			Group:       strings.ToLower(strings.TrimSpace(r.Group)),
			Explanation: strings.Join(strings.Fields(r.Explanation), " "),
			Line:        line,
		}
		if e.Name == "" {
			report(line, "entry skipped: it has no name")
			continue
		}
		nameKey := normName(e.Name)
		nameTerms := strings.Join(analysis.Terms(e.Name), " ")
		if nameTerms == "" {
			report(line, "entry %q skipped: its name has no searchable words", e.Name)
			continue
		}
		if j, dup := g.byName[nameKey]; dup {
			report(line, "entry %q skipped: the name is already used by %q (line %d)", e.Name, g.Entries[j].Name, g.Entries[j].Line)
			continue
		}
		if j, dup := g.byForm[nameTerms]; dup {
			report(line, "entry %q skipped: the name matches the same words as %q (line %d)", e.Name, g.Entries[j].Name, g.Entries[j].Line)
			continue
		}
		if e.Group == "" {
			e.Group = defaultGroup
			report(line, "concept %q has no group; using %q", e.Name, defaultGroup)
		}
		if e.Explanation == "" {
			report(line, "concept %q has no explanation", e.Name)
		}
		idx := len(g.Entries)
		g.byName[nameKey] = idx
		g.byForm[nameTerms] = idx
		e.forms = append(e.forms, strings.Fields(nameTerms))
		seen := map[string]bool{nameKey: true}
		for _, a := range r.Aliases {
			a = strings.Join(strings.Fields(a), " ")
			key := normName(a)
			if key == "" || seen[key] {
				continue
			}
			seen[key] = true
			if j, dup := g.byName[key]; dup && j != idx {
				report(line, "alias %q of %q dropped: it names %q already", a, e.Name, g.Entries[j].Name)
				continue
			}
			terms := analysis.Terms(a)
			if len(terms) == 0 {
				report(line, "alias %q of %q dropped: it has no searchable words", a, e.Name)
				continue
			}
			fk := strings.Join(terms, " ")
			if j, dup := g.byForm[fk]; dup && j != idx {
				report(line, "alias %q of %q dropped: it matches the same words as %q", a, e.Name, g.Entries[j].Name)
				continue
			}
			g.byName[key] = idx
			e.Aliases = append(e.Aliases, a)
			if _, dup := g.byForm[fk]; !dup {
				g.byForm[fk] = idx
				e.forms = append(e.forms, terms)
			}
		}
		sort.SliceStable(e.forms, func(a, b int) bool { return len(e.forms[a]) > len(e.forms[b]) })
		for _, p := range r.Passages {
			p = strings.TrimSpace(p)
			if _, _, _, ok := corpus.ParsePassageID(p); !ok {
				report(line, "passage %q of %q dropped: want an id like \"reading#2.15\"", p, e.Name)
				continue
			}
			e.Passages = append(e.Passages, p)
		}
		e.Related = r.Related
		g.Entries = append(g.Entries, e)
	}

	// Resolve related names now that every entry is known.
	for i := range g.Entries {
		e := &g.Entries[i]
		var rel []string
		seen := map[string]bool{}
		for _, r := range e.Related {
			r = strings.Join(strings.Fields(r), " ")
			if r == "" {
				continue
			}
			name := r
			if j, ok := g.lookupExact(r); ok {
				name = g.Entries[j].Name
				if j == i {
					continue
				}
			} else {
				report(e.Line, "related concept %q of %q is not in the glossary (kept as text)", r, e.Name)
			}
			if !seen[name] {
				seen[name] = true
				rel = append(rel, name)
			}
		}
		e.Related = rel
	}
	g.indexWords()
	sort.SliceStable(problems, func(a, b int) bool { return problems[a].Line < problems[b].Line })
	return g, problems
}

// indexWords fills the tables names and correct look words up in.
func (g *Glossary) indexWords() {
	g.terms, g.words = make(map[string]bool), make(map[string]string)
	for _, e := range g.Entries {
		for _, f := range e.forms {
			for _, t := range f {
				g.terms[t] = true
			}
		}
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			for _, w := range strings.Fields(normName(n)) {
				if t := analysis.Terms(w); len(t) == 1 && isASCIILower(w) {
					g.words[w] = t[0]
				}
			}
		}
	}
	for w := range g.words {
		g.sorted = append(g.sorted, w)
	}
	sort.Strings(g.sorted)
}

// errorLine is the line a TOML error points at, or def when it names none.
func errorLine(err error, def int) int {
	var perr toml.ParseError
	if errors.As(err, &perr) && perr.Position.Line > 0 {
		return perr.Position.Line
	}
	return def
}

// tomlMessage is a TOML error's message without the library's prefix.
func tomlMessage(err error) string {
	var perr toml.ParseError
	if errors.As(err, &perr) {
		return perr.Message
	}
	return strings.TrimPrefix(err.Error(), "toml: ")
}

// normName folds a concept name for comparison: lower case, hyphens,
// dashes and underscores as spaces, quotes dropped, spaces collapsed.
func normName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '-' || r == '–' || r == '—' || r == '_' || r == '/' || unicode.IsSpace(r):
			space = b.Len() > 0
		case r == '"' || r == '\'' || r == '“' || r == '”' || r == '‘' || r == '’' || r == '?' || r == '.' || r == '!':
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Len is the number of concepts.
func (g *Glossary) Len() int {
	if g == nil {
		return 0
	}
	return len(g.Entries)
}

// lookupExact finds the concept whose name or alias is s, ignoring case,
// punctuation and word endings.
func (g *Glossary) lookupExact(s string) (int, bool) {
	if g == nil {
		return 0, false
	}
	if i, ok := g.byName[normName(s)]; ok {
		return i, true
	}
	if terms := analysis.Terms(s); len(terms) > 0 {
		if i, ok := g.byForm[strings.Join(terms, " ")]; ok {
			return i, true
		}
	}
	return 0, false
}

// Lookup finds the concept a reader means by s: its name or an alias,
// ignoring case, punctuation, word endings and words of asking ("what is",
// "define"), and tolerating typos ("wedgeing", "securty dilema"). It
// reports false when no concept is close enough.
func (g *Glossary) Lookup(s string) (int, bool) {
	if g.Len() == 0 {
		return 0, false
	}
	if i, ok := g.lookupExact(s); ok {
		return i, true
	}
	core := coreWords(s)
	if core == "" {
		return 0, false
	}
	if i, ok := g.lookupExact(core); ok {
		return i, true
	}
	best, bestDist := -1, 0
	for i, e := range g.Entries {
		for k, n := range append([]string{e.Name}, e.Aliases...) {
			cand := normName(n)
			d := editDistance(core, cand)
			if d > typoBudget(cand) {
				continue
			}
			// A name beats an alias at the same distance.
			if k > 0 {
				d = 2*d + 1
			} else {
				d = 2 * d
			}
			if best < 0 || d < bestDist {
				best, bestDist = i, d
			}
		}
	}
	return best, best >= 0
}

// coreWords is s folded by normName without words of asking and stop
// words: "what is the security dilemma?" → "security dilemma".
func coreWords(s string) string {
	var out []string
	for _, w := range strings.Fields(normName(s)) {
		if analysis.IsStopWord(w) || fillerWords[w] || conceptWords[w] {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// typoBudget is how many edits a name of this length tolerates: none for
// short names, one from 5 letters, two from 9, three from 14.
func typoBudget(name string) int {
	n := utf8.RuneCountInString(name)
	switch {
	case n < 5:
		return 0
	case n < 9:
		return 1
	case n < 14:
		return 2
	default:
		return 3
	}
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent letters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 {
		return len(rb)
	}
	if len(rb) == 0 {
		return len(ra)
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// names reports whether term is one of the analysed words of a concept's
// name or aliases.
func (g *Glossary) names(term string) bool { return g.terms[term] }

// correct returns the analysed term of a concept's name that a typo of
// two swapped letters, one letter too many ("secuirty", "dilemmma") or,
// in a word no English word list holds, one letter missing or wrong
// ("dilema", "bloodlettimg") made into w, and whether there is one. Words
// under five letters are left alone.
func (g *Glossary) correct(w string) (string, bool) {
	if len(w) < 5 || len(w) > maxFixedWord || !isASCIILower(w) {
		return "", false
	}
	// The answer depends on the word alone, and questions share their
	// words: each word is worked out once (at most memoWords, then afresh).
	g.mu.Lock()
	f, ok := g.fixes[w]
	g.mu.Unlock()
	if !ok {
		f.fix, f.ok = g.findCorrection(w)
		g.mu.Lock()
		if g.fixes == nil || len(g.fixes) >= memoWords {
			g.fixes = make(map[string]glossaryFix)
		}
		g.fixes[w] = f
		g.mu.Unlock()
	}
	return f.fix, f.ok
}

// glossaryFix is what correct found for a word.
type glossaryFix struct {
	fix string
	ok  bool
}

// findCorrection is correct, worked out.
func (g *Glossary) findCorrection(w string) (string, bool) {
	var fix string
	try := func(v string) bool {
		for _, t := range analysis.Terms(v) {
			if g.names(t) {
				fix = t
				return true
			}
		}
		return false
	}
	if swaps(w, try) || deletions(w, try) {
		return fix, true
	}
	// A letter missing or wrong ("dilema"), only for a word no English
	// word list holds: a word of a name one edit away, as written there.
	if !speltRight(w) {
		for _, nw := range g.sorted {
			if d := len(nw) - len(w); d >= -1 && d <= 1 && editDistance(w, nw) == 1 {
				return g.words[nw], true
			}
		}
	}
	return "", false
}
