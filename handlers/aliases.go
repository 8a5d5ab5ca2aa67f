package handlers

import (
	"fmt"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/citebot/citebot/analysis"
)

// AliasFile is the name of the file in a corpus folder where moderators
// list names that mean the same thing, one group per line:
//
//	[aliases]
//	china = ["Beijing", "PRC", "Chinese"]
//	"united states" = ["US", "U.S.", "America", "American", "Washington"]
const AliasFile = "aliases.toml"

// defaultAliases are groups of names readers use for the same thing in
// international-relations readings: states and their capitals, demonyms and
// acronyms. A corpus's aliases.toml adds to them.
var defaultAliases = map[string][]string{
	"united states": {"US", "U.S.", "USA", "U.S.A.", "America", "American", "Americans", "Washington", "White House", "Pentagon"},
	"china":         {"Beijing", "PRC", "Chinese", "Sino", "CCP", "CPC", "PLA"},
	"russia":        {"Moscow", "Kremlin", "Russian", "Russians"},
	// The Soviet Union is no other name for Russia: a question about it
	// ("what caused the Sino-Soviet split") is not about Russia today.
	"soviet union":   {"Soviet", "Soviets", "USSR", "U.S.S.R."},
	"ukraine":        {"Kyiv", "Kiev", "Ukrainian", "Ukrainians"},
	"europe":         {"European", "Europeans", "EU", "Brussels"},
	"japan":          {"Tokyo", "Japanese"},
	"taiwan":         {"Taipei", "Taiwanese"},
	"nato":           {"North Atlantic Treaty Organization", "Atlantic alliance"},
	"united kingdom": {"UK", "U.K.", "Britain", "British", "London"},
	"korea":          {"Korean", "Koreans"},
	"south korea":    {"Seoul", "ROK", "South Korean", "South Koreans", "Republic of Korea"},
	"north korea":    {"Pyongyang", "DPRK", "North Korean", "North Koreans"},
	"asia":           {"Asian", "Asia-Pacific", "Indo-Pacific", "Pacific"},
	// Regions named in words of their own: a question about the Middle
	// East is not about the East Asia of a reading.
	"middle east":    {"Mideast", "Middle Eastern"},
	"southeast asia": {"Southeast Asian", "South-East Asia", "ASEAN"},
	"central asia":   {"Central Asian"},
	"latin america":  {"Latin American", "Latin Americans"},
	"south america":  {"South American", "South Americans"},
	"world war i":    {"WWI", "WW1", "First World War", "Great War"},
	"world war ii":   {"WWII", "WW2", "Second World War"},
}

// defaultSynonyms are groups of general English words that questions use
// for what a text says in other words ("Has Beijing given Moscow arms?"
// for "China … has not provided military weapons"). They are matched like
// aliases: any member finds the others.
var defaultSynonyms = [][]string{
	{"weapons", "arms", "weaponry", "munitions"},
	{"military", "armed forces", "army"},
	{"give", "provide", "supply", "deliver", "furnish", "send"},
	{"buy", "purchase", "acquire"},
	{"help", "aid", "assist", "support"},
	{"cause", "reason", "source", "root", "origin", "driver", "drive"},
	{"rivalry", "competition", "contest", "rival", "tension", "tensions"},
	{"stay", "remain"},
	{"buildup", "build-up", "build"},
	{"big", "large", "huge", "major"},
	{"stop", "end", "halt", "cease"},
	{"begin", "start", "commence"},
	{"important", "significant", "crucial", "vital", "key"},
	{"war", "conflict", "warfare"},
	{"fight", "combat", "battle"},
	{"country", "state", "nation"},
	{"goal", "aim", "objective", "purpose", "motive"},
	{"threat", "danger", "menace"},
	{"increase", "rise", "grow", "expand"},
	{"decrease", "decline", "reduce", "shrink", "lessen"},
	{"economy", "economic", "economics"},
	{"chip", "chips", "semiconductor", "semiconductors", "microchip", "microelectronics"},
	{"weaken", "drain", "sap"},
	{"worldview", "ideology", "values"},
	{"join", "enter"},
	{"ally", "allies", "alliance", "alliances"},
	{"split", "divide", "separate"},
	{"strengthen", "deepen", "bolster", "reinforce", "enhance", "boost"},
	{"leave", "withdraw", "withdrawal", "exit", "quit"},
	{"pay", "fund", "finance", "afford"},
	{"energy", "oil", "gas", "fuel"},
	{"sell", "export"},
	{"modernize", "modernise", "modernization", "modernisation", "upgrade"},
	{"reject", "oppose", "resist"},
	{"prolong", "prolonged", "lengthen", "extend", "drag", "longer"},
	{"benefit", "gain", "advantage"},
	{"attention", "focus"},
	{"distract", "distraction", "distracted", "divert", "diversion"},
	{"fear", "worry", "concern"},
	{"sanction", "sanctions", "penalty", "penalties", "embargo"},
	{"invade", "invasion"},
	{"collapse", "dissolve", "disintegrate"},
	{"ready", "prepare", "prepared"},
	{"component", "components", "part", "parts"},
	{"west", "western"},
	{"east", "eastern"},
	{"north", "northern"},
	{"south", "southern"},
}

// Aliases maps analysed term sequences to the group of sequences that mean
// the same. It is immutable once built.
type Aliases struct {
	groups [][][]string     // each group: its members as analysed term sequences
	names  []bool           // per group: whether it names one thing (a state, a war), not a word's synonyms
	index  map[string][]int // first term of a member → groups having a member starting with it
	maxLen int              // the longest member, in terms
}

// AliasProblem is an alias entry that could not be used.
type AliasProblem struct {
	Line int
	Msg  string
}

// LoadAliases builds the alias table from the defaults and, when src is not
// empty, an aliases.toml file. A file that does not parse is reported and
// the defaults are used; entries that do not parse are reported by line and
// the rest are used.
func LoadAliases(src []byte) (*Aliases, []AliasProblem) {
	var problems []AliasProblem
	groups := make(map[string][]string, len(defaultAliases))
	named := make(map[string]bool, len(defaultAliases))
	for k, v := range defaultAliases {
		groups[k] = append([]string(nil), v...)
		named[k] = true
	}
	if len(src) > 0 {
		var file struct {
			Aliases map[string]toml.Primitive `toml:"aliases"`
		}
		md, err := toml.Decode(string(src), &file)
		if err != nil {
			line := 0
			var perr toml.ParseError
			if ok := asParseError(err, &perr); ok {
				line = perr.Position.Line
			}
			problems = append(problems, AliasProblem{Line: line, Msg: err.Error()})
		} else {
			keys := make([]string, 0, len(file.Aliases))
			for k := range file.Aliases {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				var names []string
				if err := md.PrimitiveDecode(file.Aliases[k], &names); err != nil {
					problems = append(problems, AliasProblem{Msg: fmt.Sprintf("aliases.%s: want a list of names: %v", k, err)})
					continue
				}
				groups[strings.ToLower(k)] = append(groups[strings.ToLower(k)], names...)
				named[strings.ToLower(k)] = true
			}
		}
	}
	for _, g := range defaultSynonyms {
		groups[g[0]] = append(groups[g[0]], g[1:]...)
	}
	a := &Aliases{index: make(map[string][]int)}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var members [][]string
		seen := make(map[string]bool)
		for _, name := range append([]string{k}, groups[k]...) {
			terms := analysis.Terms(name)
			key := strings.Join(terms, " ")
			if len(terms) == 0 || seen[key] {
				continue
			}
			seen[key] = true
			members = append(members, terms)
		}
		if len(members) < 2 {
			continue
		}
		gi := len(a.groups)
		a.groups = append(a.groups, members)
		a.names = append(a.names, named[k])
		for _, m := range members {
			if !containsInt(a.index[m[0]], gi) {
				a.index[m[0]] = append(a.index[m[0]], gi)
			}
			if len(m) > a.maxLen {
				a.maxLen = len(m)
			}
		}
	}
	return a, problems
}

func asParseError(err error, target *toml.ParseError) bool {
	pe, ok := err.(toml.ParseError)
	if ok {
		*target = pe
	}
	return ok
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// Match finds the longest alias member that starts at terms[i]. It returns
// how many terms it covers and the whole group (all its members), or 0.
func (a *Aliases) Match(terms []string, i int) (int, [][]string) {
	k, gi := a.match(terms, i)
	if gi < 0 {
		return 0, nil
	}
	return k, a.groups[gi]
}

// NameAt reports whether the longest alias member starting at terms[i]
// belongs to a group naming one thing ("ww2", "the kremlin"), not to a
// group of synonyms of a word ("give", "provide").
func (a *Aliases) NameAt(terms []string, i int) bool {
	_, gi := a.match(terms, i)
	return gi >= 0 && a.names[gi]
}

// NamesStartingWith returns the names of more than one word that term
// begins ("united states" and "united kingdom" for "unit").
func (a *Aliases) NamesStartingWith(term string) [][]string {
	if a == nil {
		return nil
	}
	var out [][]string
	for _, gi := range a.index[term] {
		if !a.names[gi] {
			continue
		}
		for _, m := range a.groups[gi] {
			if len(m) > 1 && m[0] == term {
				out = append(out, m)
			}
		}
	}
	return out
}

// match returns the length and group index of the longest alias member
// starting at terms[i], or 0 and -1.
func (a *Aliases) match(terms []string, i int) (int, int) {
	if a == nil {
		return 0, -1
	}
	bestLen, bestGroup := 0, -1
	for _, gi := range a.index[terms[i]] {
		for _, m := range a.groups[gi] {
			if len(m) <= bestLen || i+len(m) > len(terms) {
				continue
			}
			if equalTerms(terms[i:i+len(m)], m) {
				bestLen, bestGroup = len(m), gi
			}
		}
	}
	return bestLen, bestGroup
}

func equalTerms(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
