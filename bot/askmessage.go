package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// askMessageName is the message command's name, as the context menu
// shows it (Apps → Ask citebot).
const askMessageName = "Ask citebot"

// askMessageCommand answers the question in someone else's message, from
// the message's context menu: its text is delivered to the bot without
// any intent. The answer is private, with a button to post it.
func (b *Bot) askMessageCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Type:     discordgo.MessageApplicationCommand,
			Name:     askMessageName,
			Contexts: anywhere(),
		},
		run: b.runAskMessage,
	}
}

func (b *Bot) runAskMessage(c *call, data discordgo.ApplicationCommandInteractionData) {
	var target *discordgo.Message
	if data.Resolved != nil {
		target = data.Resolved.Messages[data.TargetID]
	}
	if target == nil {
		c.send(ephemeral("no_target", "I couldn't see that message. Try /ask with the question."))
		return
	}
	question := cleanMessage(target, b.botUserID(), b.managedRole(c.in.GuildID))
	if question == "" {
		c.send(ephemeral("empty", "That message has no text I can read. Try /ask with the question."))
		return
	}
	if !c.allowQuestion() {
		return
	}
	asker := c.userID()
	c.slow(true, askTimeout, func(ctx context.Context) reply {
		r := b.answerAs(ctx, c.in.GuildID, question, asker, false, true)
		r.Ephemeral = true
		return r
	})
}
