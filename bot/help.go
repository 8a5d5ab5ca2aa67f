package bot

import (
	"github.com/bwmarrin/discordgo"
)

// helpText is what /help says.
const helpText = "I answer questions about the study group's readings by quoting them, word for word, with citations. I don't make anything up: if the readings don't say it, I tell you so.\n\n" +
	"**/ask** question: a question in your own words; I quote the passages that answer it best. \"More passages\" pages on; \"Full paragraph\" shows the whole passage; 👍/👎 tell the moderators whether it helped; 🗑 deletes it (for you or a moderator).\n" +
	"**Apps → Ask citebot** on anyone's message: I answer the question in it, privately, with a button to post the answer.\n" +
	"**/explain** concept: a concept card, with the readings' own definitions first.\n" +
	"**/concepts**: the map of the readings' concepts.\n" +
	"**/passage** ref: read a passage by its citation (such as §2 ¶9) and walk the text with Previous and Next.\n" +
	"**/search** terms: passages containing these words; put a phrase in \"quotes\" to match it exactly.\n" +
	"**/sources**: the indexed readings and when they were last indexed.\n" +
	"**/readings**: this server's readings; moderators add (attach a file), remove, hide and show them.\n" +
	"**/reindex**: moderators only; rebuilds this server's library.\n" +
	"**/insights**: moderators only; questions the readings didn't answer, answers voted down, the most asked topics.\n" +
	"**/threads**: moderators only; answer in place, in a thread per answer, or every new post of a forum.\n\n" +
	"You can also mention me with a question in any channel I can read, or send me a direct message. Reply to one of my answers (or mention me in its thread) with \"why?\" or \"what about Europe?\" and I'll read it with the question before."

func (b *Bot) helpCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "help",
			Description: "How to use citebot.",
			Contexts:    anywhere(),
		},
		run: b.runHelp,
	}
}

func (b *Bot) runHelp(c *call, _ discordgo.ApplicationCommandInteractionData) {
	c.send(reply{
		Embeds:    []*discordgo.MessageEmbed{{Title: "citebot", Description: helpText, Color: embedColour}},
		Ephemeral: true,
		outcome:   "help",
	})
}
