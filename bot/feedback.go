package bot

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/insights"
)

// Button custom id prefixes of the row under every answer.
const (
	voteButtonPrefix    = "vote" // vote:<answer key>:<u|d>
	deleteButtonPrefix  = "del"  // del:<asker id>
	publishButtonPrefix = "pub"  // pub:<asker id>:<answer key>
)

// feedbackRow is 👍 and 👎 under an answer, then 🗑 on a public answer or
// "Post publicly" on a private one. The ids carry all they need: the
// answer's key, and the asker.
func feedbackRow(asker, key string, public bool) discordgo.ActionsRow {
	row := []discordgo.MessageComponent{
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: voteButtonPrefix + ":" + key + ":u"},
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: voteButtonPrefix + ":" + key + ":d"},
	}
	if public {
		row = append(row, discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "🗑"}, Style: discordgo.SecondaryButton, CustomID: deleteButtonPrefix + ":" + asker})
	} else {
		row = append(row, discordgo.Button{Label: "Post publicly", Style: discordgo.PrimaryButton, CustomID: publishButtonPrefix + ":" + asker + ":" + key})
	}
	return discordgo.ActionsRow{Components: row}
}

// runVote records a 👍 or 👎, one per person per answer: voting again
// replaces the earlier vote.
func (b *Bot) runVote(c *call, args []string) {
	if len(args) != 2 || args[0] == "" || (args[1] != "u" && args[1] != "d") {
		c.send(ephemeral("bad_button", "That button no longer works."))
		return
	}
	up := args[1] == "u"
	if b.cfg.Insights == nil || c.in.GuildID == "" {
		c.send(ephemeral("vote_unkept", "Thanks for the feedback!"))
		return
	}
	question := ""
	if c.in.Message != nil {
		question = questionFromEmbeds(c.in.Message.Embeds)
	}
	res, err := b.cfg.Insights.Vote(c.in.GuildID, args[0], c.userID(), question, up)
	if err != nil {
		c.send(failure(err, "I couldn't note your vote. Please try again later."))
		return
	}
	switch res {
	case insights.VoteSame:
		c.send(ephemeral("vote_same", "You've already voted on this answer."))
	case insights.VoteChanged:
		c.send(ephemeral("vote_changed", "I've changed your vote. Thanks!"))
	default:
		note := "Thanks! Moderators see which answers help in /insights."
		if !up {
			note = "Thanks for saying so. Moderators see the answers that didn't help in /insights, so they can add to the readings."
		}
		c.send(ephemeral("voted", note))
	}
}

// runDelete deletes a public answer for the person who asked, or for a
// member who may manage messages.
func (b *Bot) runDelete(c *call, args []string) {
	if len(args) != 1 || c.in.Message == nil {
		c.send(ephemeral("bad_button", "That button no longer works."))
		return
	}
	mayManage := c.member.permsOK && c.member.perms&(discordgo.PermissionAdministrator|discordgo.PermissionManageMessages) != 0
	if c.userID() != args[0] && !mayManage {
		c.send(ephemeral("not_asker", "Only the person who asked, or a moderator, can delete this answer."))
		return
	}
	c.update = true
	c.deferReply(false)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.ctx), 15*time.Second)
	defer cancel()
	if err := c.out.DeleteMessage(ctx, c.in.ChannelID, c.in.Message.ID); err != nil {
		c.send(failure(err, "I couldn't delete that answer."))
		return
	}
	c.outcome = "deleted"
}

// displayName is the name of the user who sent the interaction.
func (c *call) displayName() string {
	var u *discordgo.User
	switch {
	case c.in.Member != nil && c.in.Member.Nick != "":
		return c.in.Member.Nick
	case c.in.Member != nil && c.in.Member.User != nil:
		u = c.in.Member.User
	case c.in.User != nil:
		u = c.in.User
	default:
		return "Someone"
	}
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

// runPublish posts a privately shown answer publicly in the channel, for
// the person it was shown to.
func (b *Bot) runPublish(c *call, args []string) {
	if len(args) != 2 {
		c.send(ephemeral("bad_button", "That button no longer works."))
		return
	}
	asker, key := args[0], args[1]
	if c.userID() != asker {
		c.send(ephemeral("not_asker", "Only the person this answer was shown to can post it."))
		return
	}
	question, ok := b.answers.get(asker, key)
	if !ok && c.in.Message != nil {
		question = questionFromEmbeds(c.in.Message.Embeds)
		ok = question != ""
	}
	if !ok {
		c.send(ephemeral("expired", "This answer has expired. Ask again with /ask."))
		return
	}
	c.slow(false, askTimeout, func(ctx context.Context) reply {
		r := b.answerAs(ctx, c.in.GuildID, question, asker, true, false)
		if r.outcome == "answered" {
			r.Content = fitText(c.displayName(), 100) + " shared this answer:"
			r.outcome = "published"
		}
		return r
	})
}
