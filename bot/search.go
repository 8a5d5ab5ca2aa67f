package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
)

// searchLimit is how many passages /search lists.
const searchLimit = 10

func (b *Bot) searchCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "search",
			Description: "Find passages with these words; put a phrase in \"quotes\" to match it exactly.",
			Contexts:    anywhere(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionString,
				Name:        "terms",
				Description: "Words to look for, e.g. \"balance of power\" alliance",
				Required:    true,
				MaxLength:   300,
			}},
		},
		run: b.runSearch,
	}
}

func (b *Bot) runSearch(c *call, data discordgo.ApplicationCommandInteractionData) {
	if !c.allowQuestion() {
		return
	}
	terms := strings.TrimSpace(option(data.Options, "terms"))
	c.slow(false, askTimeout, func(ctx context.Context) reply {
		if terms == "" {
			return ephemeral("empty", "Give some words to search for.")
		}
		release, ok := b.acquire(ctx)
		if !ok {
			return ephemeral("busy", msgBusy)
		}
		defer release()
		h, err := c.handlers(ctx)
		if err != nil {
			return handlerFailure(err)
		}
		rs, err := h.Search(ctx, terms, searchLimit)
		if err != nil {
			return handlerFailure(err)
		}
		if len(rs) == 0 {
			return ephemeral("not_found", "No passage matches “"+fitText(terms, 300)+"”. Try fewer or other words; a phrase in quotes must match exactly.")
		}
		return reply{Embeds: []*discordgo.MessageEmbed{renderSearch(terms, rs)}, outcome: "found"}
	})
}

// renderSearch lists matching passages with their citations and short
// excerpts.
func renderSearch(terms string, rs []handlers.Result) *discordgo.MessageEmbed {
	if len(rs) > searchLimit {
		rs = rs[:searchLimit]
	}
	n := "passages"
	if len(rs) == 1 {
		n = "passage"
	}
	e := &discordgo.MessageEmbed{
		Title:       "Search: " + fitText(terms, maxTitle-8),
		Description: fmt.Sprintf("%d %s found. Read one in full with /passage and its citation.", len(rs), n),
		Color:       embedColour,
	}
	for _, r := range rs {
		name := fitText(r.Citation(), 150)
		if name == "" {
			name = "Passage"
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: excerptValue(r, 300)})
	}
	return e
}
