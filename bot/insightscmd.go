package bot

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/insights"
)

// insightsListed is how many entries each list of /insights shows.
const insightsListed = 10

func (b *Bot) insightsCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:                     "insights",
			Description:              "Moderators: questions the readings didn't answer, answers voted down, top topics.",
			DefaultMemberPermissions: new(int64(discordgo.PermissionManageGuild)),
			Contexts:                 serverOnly(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionBoolean,
				Name:        "clear",
				Description: "Forget this server's recorded questions and votes",
			}},
		},
		run: b.runInsights,
	}
}

func (b *Bot) runInsights(c *call, data discordgo.ApplicationCommandInteractionData) {
	ok, why, err := c.checkModerator(c.ctx, "see insights")
	if err != nil {
		c.send(handlerFailure(err))
		return
	}
	if !ok {
		c.send(ephemeral("refused", why))
		return
	}
	if b.cfg.Insights == nil {
		c.send(ephemeral("off", "Insights are off on this bot: its operator runs it without a place to keep them."))
		return
	}
	for _, o := range data.Options {
		if v, ok := o.Value.(bool); o.Name == "clear" && ok && v {
			if err := b.cfg.Insights.Clear(c.in.GuildID); err != nil {
				c.send(failure(err, "I couldn't clear the insights. The details are in the bot's log."))
				return
			}
			c.send(ephemeral("cleared", "Done: I've forgotten this server's recorded questions and votes."))
			return
		}
	}
	r, err := b.cfg.Insights.Report(c.in.GuildID, insightsListed)
	if err != nil {
		c.send(failure(err, "I couldn't read the insights. The details are in the bot's log."))
		return
	}
	c.send(reply{Embeds: []*discordgo.MessageEmbed{renderInsights(r)}, Ephemeral: true, outcome: "insights"})
}

// renderInsights lays a report out for moderators.
func renderInsights(r insights.Report) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Title: "What the readings miss",
		Description: fmt.Sprintf("From the last %d %s asked in this server (kept for 90 days: the question, whether it was answered, and when; votes under hashed ids).",
			r.Questions, plural(r.Questions, "question", "questions")),
		Color:  embedColour,
		Footer: &discordgo.MessageEmbedFooter{Text: "/insights clear:True forgets them"},
	}
	var misses []string
	for _, q := range r.Misses {
		misses = append(misses, fmt.Sprintf("• %s (<t:%d:R>)", fitText(q.Text, 150), q.At.Unix()))
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Not found in the readings", Value: linesOr(misses, "None recorded.")})
	var down []string
	for _, v := range r.Downvoted {
		q := fitText(v.Question, 150)
		if q == "" {
			q = "(an answer)"
		}
		down = append(down, fmt.Sprintf("• %s (👍 %d, 👎 %d)", q, v.Up, v.Down))
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Answers voted down", Value: linesOr(down, "None so far.")})
	var top []string
	for _, t := range r.Topics {
		top = append(top, fmt.Sprintf("%s (%d)", escape(t.Word), t.Count))
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Most asked about", Value: linesOr([]string{strings.Join(top, ", ")}, "Not enough questions yet.")})
	return e
}

// linesOr joins lines within a field value, or says none.
func linesOr(lines []string, none string) string {
	if len(lines) == 0 || (len(lines) == 1 && lines[0] == "") {
		return none
	}
	var b strings.Builder
	for _, l := range lines {
		if textLen(b.String())+textLen(l)+1 > maxFieldValue {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
	}
	return b.String()
}
