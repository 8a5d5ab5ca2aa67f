package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// conceptMapFile is the name of the concept map attachment.
const conceptMapFile = "concept-map.png"

// conceptLegend explains how to read the concept map.
const conceptLegend = "Each box is a concept from the readings; boxes of one colour belong to one group, " +
	"and a line joins two concepts the readings relate. " +
	"Use /explain with a concept's name for its definition and where the readings use it."

func (b *Bot) conceptsCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "concepts",
			Description: "Show the map of the readings' concepts.",
			Contexts:    anywhere(),
		},
		run: b.runConcepts,
	}
}

func (b *Bot) runConcepts(c *call, _ discordgo.ApplicationCommandInteractionData) {
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
		png, err := h.ConceptMap(ctx)
		if err != nil {
			return handlerFailure(err)
		}
		if len(png) == 0 {
			return ephemeral("empty", "There is no concept map yet: the readings' glossary names no concepts.")
		}
		return reply{
			Embeds: []*discordgo.MessageEmbed{{
				Title:       "Concept map",
				Description: conceptLegend,
				Color:       embedColour,
				Image:       &discordgo.MessageEmbedImage{URL: "attachment://" + conceptMapFile},
			}},
			Files:   []file{{Name: conceptMapFile, ContentType: "image/png", Data: png}},
			outcome: "map",
		}
	})
}
