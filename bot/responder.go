package bot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// responder is everything the bot sends to Discord: interaction responses,
// edits of and follow-ups to them, and channel messages. A discordgo
// Session satisfies it through sessionResponder; tests record instead.
type responder interface {
	// Respond sends the initial response to an interaction.
	Respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) error
	// Edit edits the original response to an interaction.
	Edit(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) error
	// Delete deletes the original response to an interaction.
	Delete(ctx context.Context, i *discordgo.Interaction) error
	// FollowUp sends a follow-up message to an interaction.
	FollowUp(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) error
	// Send posts a message in a channel.
	Send(ctx context.Context, channelID string, m *discordgo.MessageSend) error
	// Typing shows the bot typing in a channel.
	Typing(ctx context.Context, channelID string) error
	// DM sends a direct message to a user.
	DM(ctx context.Context, userID string, m *discordgo.MessageSend) error
	// DeleteMessage deletes a message of the bot's in a channel.
	DeleteMessage(ctx context.Context, channelID, messageID string) error
	// StartThread starts a public thread from a message and returns the
	// thread's id.
	StartThread(ctx context.Context, channelID, messageID, name string) (string, error)
}

// sessionResponder adapts a discordgo Session to responder.
type sessionResponder struct{ s *discordgo.Session }

func (r sessionResponder) Respond(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	return r.s.InteractionRespond(i, resp, discordgo.WithContext(ctx))
}

func (r sessionResponder) Edit(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) error {
	_, err := r.s.InteractionResponseEdit(i, e, discordgo.WithContext(ctx))
	return err
}

func (r sessionResponder) Delete(ctx context.Context, i *discordgo.Interaction) error {
	return r.s.InteractionResponseDelete(i, discordgo.WithContext(ctx))
}

func (r sessionResponder) FollowUp(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) error {
	_, err := r.s.FollowupMessageCreate(i, true, p, discordgo.WithContext(ctx))
	return err
}

func (r sessionResponder) Send(ctx context.Context, channelID string, m *discordgo.MessageSend) error {
	_, err := r.s.ChannelMessageSendComplex(channelID, m, discordgo.WithContext(ctx))
	return err
}

func (r sessionResponder) Typing(ctx context.Context, channelID string) error {
	return r.s.ChannelTyping(channelID, discordgo.WithContext(ctx))
}

func (r sessionResponder) DM(ctx context.Context, userID string, m *discordgo.MessageSend) error {
	ch, err := r.s.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return err
	}
	_, err = r.s.ChannelMessageSendComplex(ch.ID, m, discordgo.WithContext(ctx))
	return err
}

func (r sessionResponder) DeleteMessage(ctx context.Context, channelID, messageID string) error {
	return r.s.ChannelMessageDelete(channelID, messageID, discordgo.WithContext(ctx))
}

func (r sessionResponder) StartThread(ctx context.Context, channelID, messageID, name string) (string, error) {
	ch, err := r.s.MessageThreadStartComplex(channelID, messageID, &discordgo.ThreadStart{Name: name, AutoArchiveDuration: 1440}, discordgo.WithContext(ctx))
	if err != nil {
		return "", err
	}
	return ch.ID, nil
}

// safeResponder wraps a responder so that nothing leaves the bot without
// allowed mentions that parse nothing, or over Discord's limits, or empty.
// Every send goes through it, whatever built the message.
type safeResponder struct{ next responder }

// emptyFallback replaces a message that would otherwise be empty.
const emptyFallback = "Sorry, I have nothing to show for that."

func (r safeResponder) Respond(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	c := *resp
	switch c.Type {
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage:
		d := safeData(c.Data)
		d.Content = clampContent(d.Content)
		d.Embeds = clampEmbeds(d.Embeds)
		d.Components = clampComponents(d.Components)
		if isEmpty(d.Content, d.Embeds, len(d.Files)) {
			d.Content = emptyFallback
		}
		c.Data = d
	case discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseDeferredMessageUpdate:
		c.Data = safeData(c.Data)
	}
	return r.next.Respond(ctx, i, &c)
}

func safeData(d *discordgo.InteractionResponseData) *discordgo.InteractionResponseData {
	var c discordgo.InteractionResponseData
	if d != nil {
		c = *d
	}
	c.AllowedMentions = noMentions()
	return &c
}

func (r safeResponder) Edit(ctx context.Context, i *discordgo.Interaction, e *discordgo.WebhookEdit) error {
	c := *e
	c.AllowedMentions = noMentions()
	content := ""
	if c.Content != nil {
		content = clampContent(*c.Content)
		c.Content = &content
	}
	var embeds []*discordgo.MessageEmbed
	if c.Embeds != nil {
		embeds = clampEmbeds(*c.Embeds)
		c.Embeds = &embeds
	}
	if c.Components != nil {
		comps := clampComponents(*c.Components)
		c.Components = &comps
	}
	if isEmpty(content, embeds, len(c.Files)) {
		fb := emptyFallback
		c.Content = &fb
	}
	return r.next.Edit(ctx, i, &c)
}

func (r safeResponder) Delete(ctx context.Context, i *discordgo.Interaction) error {
	return r.next.Delete(ctx, i)
}

func (r safeResponder) FollowUp(ctx context.Context, i *discordgo.Interaction, p *discordgo.WebhookParams) error {
	c := *p
	c.AllowedMentions = noMentions()
	c.Content = clampContent(c.Content)
	c.Embeds = clampEmbeds(c.Embeds)
	c.Components = clampComponents(c.Components)
	if isEmpty(c.Content, c.Embeds, len(c.Files)) {
		c.Content = emptyFallback
	}
	return r.next.FollowUp(ctx, i, &c)
}

func (r safeResponder) Send(ctx context.Context, channelID string, m *discordgo.MessageSend) error {
	return r.next.Send(ctx, channelID, safeMessage(m))
}

func (r safeResponder) Typing(ctx context.Context, channelID string) error {
	return r.next.Typing(ctx, channelID)
}

func (r safeResponder) DM(ctx context.Context, userID string, m *discordgo.MessageSend) error {
	return r.next.DM(ctx, userID, safeMessage(m))
}

// safeMessage is a copy of m that mentions no one and keeps Discord's
// limits, with a fallback line when nothing would be left to send.
func safeMessage(m *discordgo.MessageSend) *discordgo.MessageSend {
	c := *m
	c.AllowedMentions = noMentions()
	c.Content = clampContent(c.Content)
	c.Embeds = clampEmbeds(c.Embeds)
	c.Components = clampComponents(c.Components)
	if isEmpty(c.Content, c.Embeds, len(c.Files)) {
		c.Content = emptyFallback
	}
	return &c
}

func (r safeResponder) DeleteMessage(ctx context.Context, channelID, messageID string) error {
	return r.next.DeleteMessage(ctx, channelID, messageID)
}

func (r safeResponder) StartThread(ctx context.Context, channelID, messageID, name string) (string, error) {
	return r.next.StartThread(ctx, channelID, messageID, threadName(name))
}

func isEmpty(content string, embeds []*discordgo.MessageEmbed, files int) bool {
	return strings.TrimSpace(content) == "" && len(embeds) == 0 && files == 0
}
