package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
)

// passageButtonPrefix starts the custom id of the Previous and Next
// buttons: psg:<reader id>:<passage key>.
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

// completeRef suggests citations; autocomplete cannot be deferred. The
// values are short passage keys, which stay within Discord's 100
// characters whatever the reading's path.
func (b *Bot) completeRef(c *call, data discordgo.ApplicationCommandInteractionData) {
	h, err := c.handlers(c.ctx)
	if err != nil {
		c.err = err
		c.choices(nil)
		return
	}
	cs := h.CompleteRef(focused(data.Options), maxChoices)
	for i := range cs {
		cs[i].Value = passageKey(cs[i].Value)
	}
	c.choices(toChoices(cs))
}

func (b *Bot) runPassage(c *call, data discordgo.ApplicationCommandInteractionData) {
	ref := strings.TrimSpace(option(data.Options, "ref"))
	reader := c.userID()
	c.slow(false, askTimeout, func(ctx context.Context) reply {
		return b.passage(ctx, c.in.GuildID, ref, reader)
	})
}

// runPassageButton walks to the previous or next passage: the reader's
// own message is edited; anyone else gets a private copy to walk on their
// own, so that nobody flips a shared message for everyone.
func (b *Bot) runPassageButton(c *call, args []string) {
	var reader, key string
	switch {
	case len(args) == 2 && isSnowflake(args[0]) && args[1] != "":
		reader, key = args[0], args[1]
	case len(args) > 0 && strings.Join(args, "") != "":
		// A button from before ids carried the reader: psg:<passage id>.
		reader, key = invoker(c.in.Message), strings.Join(args, ":")
		if reader == "" {
			reader = c.userID()
		}
	default:
		c.disableButtons("bad_button", "That button no longer works. Try /passage again.")
		return
	}
	private := c.userID() != reader
	if private {
		reader = c.userID()
	} else {
		c.update = true
	}
	c.slow(private, askTimeout, func(ctx context.Context) reply {
		r := b.passage(ctx, c.in.GuildID, key, reader)
		r.Ephemeral = r.Ephemeral || private
		return r
	})
}

// isSnowflake reports whether s is a Discord id.
func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// invoker is the user whose command made a message, or "".
func invoker(m *discordgo.Message) string {
	switch {
	case m == nil:
	case m.InteractionMetadata != nil && m.InteractionMetadata.User != nil:
		return m.InteractionMetadata.User.ID
	case m.Interaction != nil && m.Interaction.User != nil:
		return m.Interaction.User.ID
	}
	return ""
}

// passage looks a passage up in the library of the server guildID and
// renders it with its buttons, which reader may use.
func (b *Bot) passage(ctx context.Context, guildID, ref, reader string) reply {
	if ref == "" {
		return ephemeral("empty", "Give a citation such as §2 ¶9 or 2.9, or pick one as you type.")
	}
	h, err := b.handlersFor(ctx, guildID)
	if err != nil {
		return handlerFailure(err)
	}
	id, err := resolvePassage(ctx, h, ref)
	if err != nil {
		return handlerFailure(err)
	}
	v, err := h.Passage(ctx, id)
	if errors.Is(err, handlers.ErrNoPassage) {
		return ephemeral("no_passage", "I can't find a passage at “"+fitText(ref, 200)+"”. Try a citation such as §2 ¶9 or 2.9, or pick one of the suggestions as you type.")
	}
	if err != nil {
		return handlerFailure(err)
	}
	return reply{
		Embeds:     []*discordgo.MessageEmbed{renderFullParagraph(v)},
		Components: passageButtons(v, reader),
		outcome:    "passage",
	}
}

// passageButtons are Previous and Next, disabled at the ends of the text.
// Their ids carry the reader and the short key of the passage they lead
// to: psg:<reader id>:<key>.
func passageButtons(v handlers.PassageView, reader string) []discordgo.MessageComponent {
	btn := func(label, id, placeholderID string) discordgo.Button {
		cid := passageButtonPrefix + ":" + reader + ":" + passageKey(id)
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
