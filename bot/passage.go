package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
)

// passageButtonPrefix starts the custom id of the Previous and Next
// buttons: psg:<passage id>.
const passageButtonPrefix = "psg"

func (b *Bot) passageCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "passage",
			Description: "Read a passage by its citation, and walk the text from there.",
			Contexts:    anywhere(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type:         discordgo.ApplicationCommandOptionString,
				Name:         "ref",
				Description:  "A citation such as §2 ¶9 or 2.9",
				Required:     true,
				Autocomplete: true,
				MaxLength:    200,
			}},
		},
		run:      b.runPassage,
		complete: b.completeRef,
	}
}

// completeRef suggests citations; autocomplete cannot be deferred.
func (b *Bot) completeRef(c *call, data discordgo.ApplicationCommandInteractionData) {
	h, err := c.handlers(c.ctx)
	if err != nil {
		c.err = err
		c.choices(nil)
		return
	}
	c.choices(toChoices(h.CompleteRef(focused(data.Options), maxChoices)))
}

func (b *Bot) runPassage(c *call, data discordgo.ApplicationCommandInteractionData) {
	ref := strings.TrimSpace(option(data.Options, "ref"))
	c.slow(false, askTimeout, func(ctx context.Context) reply {
		return b.passage(ctx, c.in.GuildID, ref)
	})
}

// runPassageButton walks to the previous or next passage by editing the
// message.
func (b *Bot) runPassageButton(c *call, args []string) {
	c.update = true
	id := strings.Join(args, ":")
	if id == "" {
		c.send(ephemeral("bad_button", "That button no longer works. Try /passage again."))
		return
	}
	c.slow(false, askTimeout, func(ctx context.Context) reply {
		return b.passage(ctx, c.in.GuildID, id)
	})
}

// passage looks a passage up in the library of the server guildID and
// renders it with its buttons.
func (b *Bot) passage(ctx context.Context, guildID, ref string) reply {
	if ref == "" {
		return ephemeral("empty", "Give a citation such as §2 ¶9 or 2.9, or pick one as you type.")
	}
	h, err := b.handlersFor(ctx, guildID)
	if err != nil {
		return handlerFailure(err)
	}
	v, err := h.Passage(ctx, ref)
	if errors.Is(err, handlers.ErrNoPassage) {
		return ephemeral("no_passage", "I can't find a passage at “"+fitText(ref, 200)+"”. Try a citation such as §2 ¶9 or 2.9, or pick one of the suggestions as you type.")
	}
	if err != nil {
		return handlerFailure(err)
	}
	return reply{
		Embeds:     []*discordgo.MessageEmbed{renderFullParagraph(v)},
		Components: passageButtons(v),
		outcome:    "passage",
	}
}

// passageButtons are Previous and Next, disabled at the ends of the text
// (and when an id is too long for a button).
func passageButtons(v handlers.PassageView) []discordgo.MessageComponent {
	btn := func(label, id, placeholderID string) discordgo.Button {
		cid := passageButtonPrefix + ":" + id
		if id == "" || len(cid) > maxCustomID {
			return discordgo.Button{Label: label, Style: discordgo.SecondaryButton, CustomID: placeholderID, Disabled: true}
		}
		return discordgo.Button{Label: label, Style: discordgo.SecondaryButton, CustomID: cid}
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		btn("Previous", v.PrevID, "psg-start"),
		btn("Next", v.NextID, "psg-end"),
	}}}
}
