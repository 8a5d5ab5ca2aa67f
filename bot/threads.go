package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/insights"
)

// Channel modes, as the insights store keeps them.
const (
	modeReply  = insights.ModeReply
	modeThread = insights.ModeThread
	modeForum  = insights.ModeForum
)

func (b *Bot) threadsCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:                     "threads",
			Description:              "Moderators: answer in place, in a thread per answer, or every new forum post.",
			DefaultMemberPermissions: new(int64(discordgo.PermissionManageChannels)),
			Contexts:                 serverOnly(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionString,
				Name:        "mode",
				Description: "How I answer in the channel",
				Required:    true,
				Choices: []*discordgo.ApplicationCommandOptionChoice{
					{Name: "Reply in place (the default)", Value: "reply"},
					{Name: "Start a thread for each answer", Value: modeThread},
					{Name: "Answer every new post (forum channels)", Value: modeForum},
				},
			}, {
				Type:         discordgo.ApplicationCommandOptionChannel,
				Name:         "channel",
				Description:  "The channel or forum (default: this channel)",
				ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildForum, discordgo.ChannelTypeGuildNews},
			}},
		},
		run: b.runThreads,
	}
}

// canManageChannels checks on the bot's side that the member may set a
// channel's mode: Manage Channels, Manage Server or Administrator.
func canManageChannels(guildID string, m memberInfo) (bool, string) {
	switch {
	case guildID == "" || !m.present:
		return false, "Channel modes can only be set in a server."
	case !m.permsOK:
		return false, "I couldn't confirm your permissions, so I won't change this channel."
	case m.perms&(discordgo.PermissionAdministrator|discordgo.PermissionManageGuild|discordgo.PermissionManageChannels) != 0:
		return true, ""
	}
	return false, "Only moderators can change how I answer here: you need the Manage Channels permission."
}

func (b *Bot) runThreads(c *call, data discordgo.ApplicationCommandInteractionData) {
	if ok, why := canManageChannels(c.in.GuildID, c.member); !ok {
		c.send(ephemeral("refused", why))
		return
	}
	if b.cfg.Insights == nil {
		c.send(ephemeral("off", "Channel modes are off on this bot: its operator runs it without a place to keep settings."))
		return
	}
	mode := option(data.Options, "mode")
	channel, forum := c.in.ChannelID, false
	forum = c.channel.Type == discordgo.ChannelTypeGuildForum
	if c.channel.isThread() && c.channel.ParentID != "" {
		// Run inside a thread or a forum post: the setting is its parent's.
		channel, forum = c.channel.ParentID, b.isForum(c.channel.ParentID)
	}
	for _, o := range data.Options {
		if o.Name == "channel" {
			if id, ok := o.Value.(string); ok && id != "" {
				channel = id
				if ch, ok := data.Resolved.Channels[id]; data.Resolved != nil && ok && ch != nil {
					forum = ch.Type == discordgo.ChannelTypeGuildForum
				}
			}
		}
	}
	var note string
	switch mode {
	case "reply":
		mode, note = modeReply, "I'll answer mentions in %s with a reply in place."
	case modeThread:
		if forum {
			c.send(ephemeral("bad_mode", "A forum's posts are threads already: choose “Answer every new post” for a forum."))
			return
		}
		note = "I'll start a thread for each answer in %s. I need the Create Public Threads and Send Messages in Threads permissions there."
	case modeForum:
		if !forum {
			c.send(ephemeral("bad_mode", "“Answer every new post” is for forum channels; pick a forum with the channel option."))
			return
		}
		note = "I'll answer each new post in %s in its own thread, from the post's title. Mention me in the post to ask more."
	default:
		c.send(ephemeral("bad_mode", "I don't know that mode. Pick one of the choices."))
		return
	}
	if err := b.cfg.Insights.SetChannelMode(c.in.GuildID, channel, mode); err != nil {
		c.send(failure(err, "I couldn't save that setting. The details are in the bot's log."))
		return
	}
	where := "this channel"
	if channel != c.in.ChannelID {
		where = "that channel"
	}
	if mode == modeReply {
		mode = "reply"
	}
	c.send(ephemeral("set_"+mode, fmt.Sprintf(note, where)))
}

// channelMode is how the bot answers in a channel.
func (b *Bot) channelMode(guild, channel string) string {
	if b.cfg.Insights == nil || guild == "" {
		return modeReply
	}
	return b.cfg.Insights.ChannelMode(guild, channel)
}

// onThreadCreate notes new threads, and answers a new post in a forum set
// to answer every post: the post's title is its question (the text of the
// post itself is not delivered without the Message Content intent).
func (b *Bot) onThreadCreate(ctx context.Context, raw []byte, out responder) {
	var th struct {
		discordgo.Channel
		NewlyCreated bool `json:"newly_created"`
	}
	if err := json.Unmarshal(raw, &th); err != nil || th.ID == "" {
		b.log.Warn("undecodable THREAD_CREATE")
		return
	}
	b.noteThread(th.ID, "")
	if !th.NewlyCreated || th.GuildID == "" || th.ParentID == "" || th.OwnerID == b.botUserID() {
		return
	}
	if b.channelMode(th.GuildID, th.ParentID) != modeForum {
		return
	}
	start := time.Now()
	question := tidyQuestion(th.Name)
	actx, cancel := context.WithTimeout(ctx, askTimeout)
	defer cancel()
	r := b.answer(actx, th.GuildID, question, th.OwnerID)
	if r.outcome == "not_found" {
		r.Ephemeral = false // the asker's own post: a miss note helps there
	}
	sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer scancel()
	err := safeResponder{out}.Send(sctx, th.ID, &discordgo.MessageSend{Content: r.Content, Embeds: r.Embeds, Components: r.Components})
	outcome, level := r.outcome, slog.LevelInfo
	attrs := []any{"command", "forum post", "guild", th.GuildID, "user", th.OwnerID, "latency_ms", time.Since(start).Milliseconds()}
	if err != nil {
		outcome, level = "send_failed", slog.LevelWarn
		attrs = append(attrs, "err", b.redact(err.Error()))
	}
	if r.outcome == "answered" {
		b.noteThread(th.ID, question)
	}
	b.log.Log(context.Background(), level, "interaction", append(attrs, "outcome", outcome)...)
}
