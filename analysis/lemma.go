package analysis

import "strings"

// irregular maps irregular English word forms to the base form the stemmer
// then reduces, so "sold" finds "sell", "fought" finds "fight", and "went"
// finds "go". Noun forms whose stem differs from their verb's ("sale",
// "sales") are folded into the verb too.
var irregular = func() map[string]string {
	m := make(map[string]string)
	for _, line := range strings.Split(irregularForms, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		for _, form := range f[1:] {
			m[form] = f[0]
		}
	}
	return m
}()

// irregularForms lists a base form followed by its irregular forms, one
// verb per line.
const irregularForms = `
arise arose arisen
begin began begun
bring brought
build built
buy bought
choose chose chosen
come came
deal dealt
draw drew drawn
drive drove driven
eat ate eaten
fall fell fallen
feel felt
fight fought
find found
fly flew flown
forbid forbade forbidden
foresee foresaw foreseen
forget forgot forgotten
freeze froze frozen
give gave given
go went gone
grow grew grown
hide hid hidden
hold held
keep kept
know knew known
lead led
leave left
lend lent
lose lost
make made
mean meant
meet met
pay paid
ride rode ridden
rise rose risen
run ran
say said
see saw seen
seek sought
sell sold sale sales
send sent
shake shook shaken
show shown
sing sang sung
speak spoke spoken
spend spent
stand stood
steal stole stolen
strike struck
swear swore sworn
take took taken
teach taught
tear tore torn
tell told
think thought
throw threw thrown
understand understood
undertake undertook undertaken
wake woke woken
wear wore worn
win won
write wrote written
`

// lemma returns the base form of an irregular word form, or the word itself.
func lemma(word string) string {
	if base, ok := irregular[word]; ok {
		return base
	}
	return word
}
