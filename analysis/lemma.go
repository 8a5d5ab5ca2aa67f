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
// verb per line. Forms that are common words in their own right
// ("ground", "wound", "bound", "lay", "fed", "bit") are left out: folding
// them into a verb would lose their own meaning.
const irregularForms = `
arise arose arisen
awake awoke awoken
bear borne
beat beaten
become became
befall befell befallen
begin began begun
behold beheld
bend bent
bite bitten
bleed bled
blow blew blown
break broke broken
breed bred
bring brought
build built
burn burnt
buy bought
catch caught
choose chose chosen
cling clung
come came
creep crept
deal dealt
dig dug
draw drew drawn
dream dreamt
drive drove driven
dwell dwelt
eat ate eaten
fall fell fallen
feel felt
fight fought
find found
flee fled
fling flung
fly flew flown
forbid forbade forbidden
foresee foresaw foreseen
foretell foretold
forget forgot forgotten
forgive forgave forgiven
forsake forsook forsaken
freeze froze frozen
get got gotten
give gave given
go went gone
grow grew grown
hang hung
hear heard
hide hid hidden
hold held
keep kept
kneel knelt
know knew known
lead led
lean leant
leap leapt
learn learnt
leave left
lend lent
lose lost
make made
mean meant
meet met
mislead misled
mistake mistook mistaken
overcome overcame
overtake overtook overtaken
overthrow overthrew overthrown
pay paid
rebuild rebuilt
rewrite rewrote rewritten
ride rode ridden
rise rose risen
run ran
say said
see saw seen
seek sought
sell sold sale sales
send sent
shake shook shaken
shine shone
show shown
shrink shrank shrunk
sing sang sung
sink sank sunk
sit sat
slay slain
sleep slept
slide slid
smite smote smitten
sow sown
speak spoke spoken
speed sped
spell spelt
spend spent
spill spilt
spin spun
spoil spoilt
spring sprang sprung
stand stood
steal stole stolen
stick stuck
sting stung
stink stank stunk
stride strode stridden
strike struck
strive strove striven
swear swore sworn
sweep swept
swell swollen
swim swam swum
swing swung
take took taken
teach taught
tear tore torn
tell told
think thought
throw threw thrown
tread trod trodden
understand understood
undertake undertook undertaken
uphold upheld
wake woke woken
wear wore worn
weave wove woven
weep wept
win won
withdraw withdrew withdrawn
withhold withheld
withstand withstood
wring wrung
write wrote written
`

// lemma returns the base form of an irregular word form, or the word itself.
func lemma(word string) string {
	if base, ok := irregular[word]; ok {
		return base
	}
	return word
}

// BaseForm returns the base form of an irregular English word form
// (folded to lower case): "sent" gives "send", "fought" gives "fight".
// Any other word is returned as it is.
func BaseForm(word string) string { return lemma(word) }
