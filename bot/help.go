package bot

import (
	"github.com/bwmarrin/discordgo"
)

// helpText is what /help says.
const helpText = "I answer questions about the study group's readings by quoting them, word for word, with citations. I don't make anything up: if the readings don't say it, I tell you so.\n\n" +
	"**/ask** question: a question in your own words; I quote the passages that answer it best. \"More passages\" pages on; \"Full paragraph\" shows the whole passage.\n" +
	"**/explain** concept: a concept card, with the readings' own definitions first.\n" +
	"**/concepts**: the map of the readings' concepts.\n" +
	"**/passage** ref: read a passage by its citation (such as §2 ¶9) and walk the text with Previous and Next.\n" +
	"**/search** terms: passages containing these words; put a phrase in \"quotes\" to match it exactly.\n" +
	"**/sources**: the indexed readings and when they were last indexed.\n" +
	"**/reindex**: moderators only; rebuilds the index from the readings folder.\n\n" +
	"You can also mention me with a question in any channel I can read."

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
