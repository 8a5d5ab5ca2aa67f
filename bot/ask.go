package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/insights"
)

// Paging of answers.
const (
	// pageSize is how many cited passages one answer message shows: the
	// main one and up to two more.
	pageSize = 3
	// maxPage is the last page "More passages" can reach.
	maxPage = (handlers.MaxTop - 1) / pageSize
	// askTimeout bounds one question.
	askTimeout = 60 * time.Second
)

// Button custom id prefixes of answers.
const (
	moreButtonPrefix = "more" // more:<asker id>:<answer key>:<page>
	fullButtonPrefix = "full" // full:<passage id>
)

// embedColour is the colour of the bar beside citebot's embeds.
const embedColour = 0x4F7CAC

func (b *Bot) askCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "ask",
			Description: "Ask a question about the readings; the answer quotes them with citations.",
			Contexts:    anywhere(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionString,
				Name:        "question",
				Description: "Your question, in your own words",
				Required:    true,
				MaxLength:   handlers.MaxQuestion,
			}},
		},
		run: b.runAsk,
	}
}

func (b *Bot) runAsk(c *call, data discordgo.ApplicationCommandInteractionData) {
	if !c.allowQuestion() {
		return
	}
	question := option(data.Options, "question")
	asker := c.userID()
	c.slow(false, askTimeout, func(ctx context.Context) reply {
		return b.answer(ctx, c.in.GuildID, question, asker)
	})
}

// answer asks the handlers and renders the first page of the answer, or a
// private note for a miss, from the library of the server guildID ("" for
// a direct message). Both /ask and @mentions use it.
func (b *Bot) answer(ctx context.Context, guildID, question, asker string) reply {
	return b.answerAs(ctx, guildID, question, asker, true, true)
}

// answerAs is answer for a public answer or a private one (whose buttons
// offer to post it), recording the question for /insights when record.
func (b *Bot) answerAs(ctx context.Context, guildID, question, asker string, public, record bool) reply {
	question = strings.TrimSpace(question)
	if question == "" {
		return ephemeral("empty", "Ask me a question about the readings, for example: what is the security dilemma?")
	}
	release, ok := b.acquire(ctx)
	if !ok {
		return ephemeral("busy", msgBusy)
	}
	defer release()
	h, err := b.handlersFor(ctx, guildID)
	if err != nil {
		return handlerFailure(err)
	}
	a, err := h.Ask(ctx, question, handlers.AskOptions{Top: pageSize + 1})
	if err != nil {
		if errors.Is(err, handlers.ErrEmptyQuestion) {
			return ephemeral("empty", "I couldn't find any words to search for in that. Try a question with a few key terms from the readings.")
		}
		return handlerFailure(err)
	}
	if a.Status == handlers.StatusAnswered && len(a.Results) == 0 && a.Concept != nil {
		// A concept the glossary explains but no passage names ("what is
		// bait and bleed?") is answered by its card alone.
		if record {
			b.record(guildID, question, insights.Answered)
		}
		return reply{Embeds: renderCardAnswer(a), outcome: "answered"}
	}
	if a.Status != handlers.StatusAnswered || len(a.Results) == 0 {
		if record {
			b.record(guildID, question, insights.NotFound)
		}
		return reply{Content: missNote(a), Ephemeral: true, outcome: "not_found", publicLine: "I couldn't find that in the readings; I've told you privately what they do cover."}
	}
	if record {
		b.record(guildID, question, insights.Answered)
	}
	key := b.answers.put(asker, question)
	return reply{
		Embeds:     renderAnswer(a, 0),
		Components: answerButtons(a, 0, asker, key, public),
		outcome:    "answered",
	}
}

// record notes a question for the server's /insights; direct messages are
// not recorded.
func (b *Bot) record(guildID, question, outcome string) {
	if b.cfg.Insights == nil || guildID == "" {
		return
	}
	if err := b.cfg.Insights.Record(guildID, question, outcome); err != nil {
		b.log.Warn("could not record a question for /insights", "guild", guildID, "err", b.redact(err.Error()))
	}
}

// missNote is the helpful message for a question the readings don't answer.
func missNote(a handlers.Answer) string {
	var s strings.Builder
	switch {
	case a.OtherLanguage:
		s.WriteString("I couldn't find that in the readings. I read questions in English, the language of the readings' analysis: try asking in English.")
	case a.Unmentioned != "":
		s.WriteString("The readings don't mention “" + escape(a.Unmentioned) + "”.")
	default:
		s.WriteString("I couldn't find that in the readings.")
	}
	cover := 1200
	if c := a.Closest; c != nil {
		closest := "\n**Closest they come (not an answer):**\n" + citedQuote(*c, 700)
		s.WriteString(closest)
		cover -= textLen(closest)
	}
	if len(a.Suggestions) > 0 {
		s.WriteString("\nThey do cover: ")
		s.WriteString(joinFit(a.Suggestions, ", ", cover))
		s.WriteString(".")
	}
	s.WriteString("\nTry rephrasing with terms the readings use, look a term up with /search, or see what's indexed with /sources.")
	return s.String()
}

// renderAnswer renders one page of an answer as an embed: the page's main
// passage as a quote with the question's terms in bold and its citation,
// up to two more cited passages, the concept card on the first page when
// the question asked what a concept means, and the corpus version.
func renderAnswer(a handlers.Answer, page int) []*discordgo.MessageEmbed {
	from := page * pageSize
	if from >= len(a.Results) {
		return nil
	}
	to := min(from+pageSize, len(a.Results))
	rs := a.Results[from:to]

	title := fitText(a.Question, maxTitle)
	if page > 0 {
		title = "More on: " + fitText(a.Question, maxTitle-9)
	}
	if strings.TrimSpace(title) == "" {
		title = "From the readings"
	}
	e := &discordgo.MessageEmbed{
		Title:       title,
		Description: citedQuote(rs[0], 1800),
		Color:       embedColour,
	}
	for _, r := range rs[1:] {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  citationName(r),
			Value: excerptValue(r, 400),
		})
	}
	if page == 0 && a.Concept != nil {
		name := fitText(a.Concept.Name, 200)
		if name == "" {
			name = "this concept"
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  "Concept: " + name,
			Value: compactConcept(a.Concept, rs[0].Passage.ID, maxFieldValue),
		})
	}
	footer := fmt.Sprintf("Passages %d–%d, quoted verbatim", from+1, to)
	if v := plainText(a.Version, 64); v != "" {
		footer += " · corpus version " + v
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: footer}
	return []*discordgo.MessageEmbed{e}
}

// renderCardAnswer renders an answer that is a concept card alone: the
// readings' definition, quoted and cited, and the explanation.
func renderCardAnswer(a handlers.Answer) []*discordgo.MessageEmbed {
	c := a.Concept
	title := fitText(c.Name, maxTitle)
	if strings.TrimSpace(title) == "" {
		title = "From the readings"
	}
	e := &discordgo.MessageEmbed{
		Title:       title,
		Description: compactConcept(c, "", 1800),
		Color:       embedColour,
		Footer:      &discordgo.MessageEmbedFooter{Text: "A concept card: the readings' definition quoted verbatim · /explain for the whole card"},
	}
	return []*discordgo.MessageEmbed{e}
}

// citedQuote renders a result's excerpt as a quote with its highlights in
// bold, then its citation, in at most max units.
func citedQuote(r handlers.Result, max int) string {
	cite := "— " + fitText(r.Citation(), 300)
	text, spans := r.Excerpt, r.Highlights
	if strings.TrimSpace(text) == "" {
		text, spans = r.Passage.Text, nil
	}
	q := quote(text, spans, max-textLen(cite)-1)
	if q == "" {
		return cite
	}
	return q + "\n" + cite
}

// citationName is a result's citation as a field name.
func citationName(r handlers.Result) string {
	n := fitText(r.Citation(), maxFieldName)
	if strings.TrimSpace(n) == "" {
		return "Passage"
	}
	return n
}

// excerptValue is a result's excerpt as a short quote for a field value.
func excerptValue(r handlers.Result, max int) string {
	text, spans := r.Excerpt, r.Highlights
	if strings.TrimSpace(text) == "" {
		text, spans = r.Passage.Text, nil
	}
	if v := quote(text, spans, max); v != "" {
		return v
	}
	return placeholder
}

// compactConcept renders a concept card in one field value: the reading's
// own definition first (or a pointer to it when it is the passage quoted
// above, shownID), then the explanation.
func compactConcept(c *handlers.Concept, shownID string, max int) string {
	var parts []string
	used := 0
	if len(c.Definitions) > 0 && c.Definitions[0].PassageID != "" && c.Definitions[0].PassageID == shownID {
		parts = append(parts, "The readings define it in the passage quoted above.")
		used += textLen(parts[0]) + 1
	} else if len(c.Definitions) > 0 {
		d := c.Definitions[0]
		src := d.Citation
		if src == "" {
			src = d.Ref
		}
		q := quote(d.Excerpt, nil, max/2)
		if q != "" {
			if s := fitText(src, 150); s != "" {
				q += "\n— " + s
			}
			parts = append(parts, q)
			used += textLen(q) + 1
		}
	}
	if ex := fitText(c.Explanation, max-used); ex != "" {
		parts = append(parts, ex)
	}
	if len(parts) == 0 {
		return "Try /explain for this concept."
	}
	return strings.Join(parts, "\n")
}

// answerButtons are the buttons under an answer page: back and forward
// through further passages (only the asker may page) and the main
// passage's whole paragraph; then 👍 and 👎, and on a public answer 🗑
// for the asker or a moderator, or on a private one "Post publicly".
func answerButtons(a handlers.Answer, page int, asker, key string, public bool) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	if page > 0 {
		row = append(row, discordgo.Button{
			Label:    "Previous passages",
			Style:    discordgo.SecondaryButton,
			CustomID: moreID(asker, key, page-1),
		})
	}
	row = append(row, discordgo.Button{
		Label:    "More passages",
		Style:    discordgo.PrimaryButton,
		CustomID: moreID(asker, key, page+1),
		Disabled: len(a.Results) <= (page+1)*pageSize || page >= maxPage,
	})
	if from := page * pageSize; from < len(a.Results) {
		if id := fullButtonPrefix + ":" + passageKey(a.Results[from].Passage.ID); len(id) <= maxCustomID && a.Results[from].Passage.ID != "" {
			row = append(row, discordgo.Button{
				Label:    "Full paragraph",
				Style:    discordgo.SecondaryButton,
				CustomID: id,
			})
		}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}, feedbackRow(asker, key, public)}
}

func moreID(asker, key string, page int) string {
	return moreButtonPrefix + ":" + asker + ":" + key + ":" + strconv.Itoa(page)
}

// runMore pages through an answer's passages by editing the answer. The
// question comes from memory, or after a restart from the answer itself;
// when neither has it, the buttons are disabled.
func (b *Bot) runMore(c *call, args []string) {
	c.update = true
	if len(args) != 3 {
		c.send(ephemeral("bad_button", "That button no longer works. Ask again with /ask."))
		return
	}
	asker, key := args[0], args[1]
	page, err := strconv.Atoi(args[2])
	if err != nil || page < 0 || page > maxPage {
		c.send(ephemeral("bad_button", "That button no longer works. Ask again with /ask."))
		return
	}
	if c.userID() != asker {
		c.send(ephemeral("not_asker", "Only the person who asked can page through these passages. Ask your own question with /ask."))
		return
	}
	question, ok := b.answers.get(asker, key)
	if !ok && c.in.Message != nil {
		question = questionFromEmbeds(c.in.Message.Embeds)
		ok = question != ""
	}
	if !ok {
		c.disableButtons("expired", "This answer can't page any more. Ask again with /ask.")
		return
	}
	public := c.in.Message == nil || c.in.Message.Flags&discordgo.MessageFlagsEphemeral == 0
	c.slow(false, askTimeout, func(ctx context.Context) reply {
		release, ok := b.acquire(ctx)
		if !ok {
			return ephemeral("busy", msgBusy)
		}
		defer release()
		h, err := c.handlers(ctx)
		if err != nil {
			return handlerFailure(err)
		}
		a, err := h.Ask(ctx, question, handlers.AskOptions{Top: min(handlers.MaxTop, (page+1)*pageSize+1)})
		if err != nil {
			return handlerFailure(err)
		}
		if a.Status != handlers.StatusAnswered || len(a.Results) <= page*pageSize {
			return ephemeral("no_more", "There are no further passages for this question.")
		}
		return reply{Embeds: renderAnswer(a, page), Components: answerButtons(a, page, asker, key, public), outcome: "paged"}
	})
}

// disableButtons answers a click on a message whose buttons can no longer
// work by disabling them all, and tells the clicker why, privately.
func (c *call) disableButtons(outcome, why string) {
	if c.in.Message == nil || (c.in.Message.Content == "" && len(c.in.Message.Embeds) == 0) {
		c.send(ephemeral(outcome, why))
		return
	}
	c.update = true
	c.send(reply{
		Content:    c.in.Message.Content,
		Embeds:     c.in.Message.Embeds,
		Components: disabled(c.in.Message.Components),
		outcome:    outcome,
	})
	c.send(ephemeral(outcome, why))
}

// disabled is a copy of components with every button disabled.
func disabled(cs []discordgo.MessageComponent) []discordgo.MessageComponent {
	var out []discordgo.MessageComponent
	for _, c := range cs {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			if r, isRow := c.(discordgo.ActionsRow); isRow {
				row, ok = &r, true
			}
		}
		if !ok {
			continue
		}
		var kept []discordgo.MessageComponent
		for _, rc := range row.Components {
			switch btn := rc.(type) {
			case *discordgo.Button:
				d := *btn
				d.Disabled = d.URL == ""
				kept = append(kept, d)
			case discordgo.Button:
				btn.Disabled = btn.URL == ""
				kept = append(kept, btn)
			}
		}
		if len(kept) > 0 {
			out = append(out, discordgo.ActionsRow{Components: kept})
		}
	}
	return out
}

// questionFromEmbeds recovers the question behind an answer from its
// embed's title, which is the question (after "More on: " on later
// pages), escaped for Discord.
func questionFromEmbeds(es []*discordgo.MessageEmbed) string {
	if len(es) == 0 || es[0] == nil {
		return ""
	}
	t := strings.TrimPrefix(es[0].Title, "More on: ")
	if t == "From the readings" {
		return ""
	}
	return strings.TrimSpace(strings.TrimSuffix(unescape(t), ellipsis))
}

// unescape undoes escape: the backslashes before markdown characters and
// the zero-width spaces that guard mentions go.
func unescape(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == zwspRune {
			continue
		}
		if r == '\\' && i+1 < len(rs) && (strings.ContainsRune(markdownSpecial, rs[i+1]) || rs[i+1] == '-' || rs[i+1] == '+') {
			i++
			r = rs[i]
		}
		b.WriteRune(r)
	}
	return b.String()
}

// runFull shows a passage's whole paragraph privately.
func (b *Bot) runFull(c *call, args []string) {
	id := strings.Join(args, ":")
	c.slow(true, askTimeout, func(ctx context.Context) reply {
		h, err := c.handlers(ctx)
		if err != nil {
			return handlerFailure(err)
		}
		if id, err = resolvePassage(ctx, h, id); err != nil {
			return handlerFailure(err)
		}
		v, err := h.Passage(ctx, id)
		if errors.Is(err, handlers.ErrNoPassage) {
			return ephemeral("no_passage", "That passage is no longer in the index; the readings may have changed. Ask again with /ask.")
		}
		if err != nil {
			return handlerFailure(err)
		}
		return reply{Embeds: []*discordgo.MessageEmbed{renderFullParagraph(v)}, Ephemeral: true, outcome: "full_paragraph"}
	})
}

// renderFullParagraph renders a whole passage with its citation.
func renderFullParagraph(v handlers.PassageView) *discordgo.MessageEmbed {
	title := fitText(handlers.Cite(v.Doc, v.Passage), maxTitle)
	if title == "" {
		title = "Passage"
	}
	desc := fitText(v.Passage.Text, 4000)
	if desc == "" {
		desc = placeholder
	}
	return &discordgo.MessageEmbed{
		Title:       title,
		Description: desc,
		Color:       embedColour,
		Footer:      &discordgo.MessageEmbedFooter{Text: plainText(v.Doc.Title+" · "+v.Passage.Ref(), 200)},
	}
}
