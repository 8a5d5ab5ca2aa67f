package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/retrieval"
)

// reindexTimeout bounds one rebuild.
const reindexTimeout = 30 * time.Minute

func (b *Bot) reindexCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:                     "reindex",
			Description:              "Moderators: rebuild this server's library of readings.",
			DefaultMemberPermissions: new(int64(discordgo.PermissionManageGuild)),
			Contexts:                 serverOnly(),
		},
		run: b.runReindex,
	}
}

// canReindex checks, on the server side, that the member who sent an
// interaction may reindex: in a server, with well-formed permissions that
// include Manage Server or Administrator, or with the moderator role. The
// command's default permissions only hide it in clients; they are not a
// check.
func canReindex(guildID string, m memberInfo, modRole string) (bool, string) {
	switch {
	case guildID == "" || !m.present:
		return false, "Reindexing can only be started from a server channel, not a direct message."
	case !m.permsOK:
		return false, "I couldn't confirm your permissions, so I won't start a reindex. Try again from a server channel."
	case m.perms&(discordgo.PermissionAdministrator|discordgo.PermissionManageGuild) != 0:
		return true, ""
	case modRole != "" && slices.Contains(m.roles, modRole):
		return true, ""
	}
	return false, "Only moderators can reindex: you need the Manage Server permission or the moderator role."
}

func (b *Bot) runReindex(c *call, _ discordgo.ApplicationCommandInteractionData) {
	role := b.cfg.ModeratorRoleID
	if c.in.GuildID != "" && c.member.permsOK && !isManager(c.member) {
		r, err := b.moderatorRole(c.ctx, c.in.GuildID)
		if err != nil {
			c.send(handlerFailure(err))
			return
		}
		role = r
	}
	if ok, why := canReindex(c.in.GuildID, c.member, role); !ok {
		c.send(ephemeral("refused", why))
		return
	}
	started := b.now()
	c.deferReply(true)
	if c.state != deferred || c.err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(c.ctx, reindexTimeout)
	defer cancel()

	// Progress edits are throttled and never overtake the final edit.
	var (
		editMu   sync.Mutex // serialises edits of the reply
		mu       sync.Mutex
		last     = b.now()
		finished bool
		editing  bool
	)
	progress := func(p retrieval.Progress) {
		mu.Lock()
		if finished || editing || b.now().Sub(last) < b.progressEvery {
			mu.Unlock()
			return
		}
		editing, last = true, b.now()
		mu.Unlock()
		go func() {
			editMu.Lock()
			defer editMu.Unlock()
			mu.Lock()
			stop := finished
			mu.Unlock()
			if !stop {
				ectx, ecancel := context.WithTimeout(context.WithoutCancel(c.ctx), 10*time.Second)
				text := progressNote(p)
				if err := c.out.Edit(ectx, c.in, &discordgo.WebhookEdit{Content: &text}); err != nil {
					b.log.Warn("could not edit reindex progress", "err", b.redact(err.Error()))
				}
				ecancel()
			}
			mu.Lock()
			editing = false
			mu.Unlock()
		}()
	}
	h, err := c.handlers(ctx)
	if err != nil {
		c.send(handlerFailure(err))
		return
	}
	sum, err := h.Reindex(ctx, progress)
	mu.Lock()
	finished = true
	mu.Unlock()
	editMu.Lock()
	defer editMu.Unlock()
	var r reply
	switch {
	case errors.Is(err, handlers.ErrReindexRunning):
		r = ephemeral("already_running", "A reindex is already running. Its summary will appear where it was started; try again when it has finished.")
	case err != nil:
		r = failure(err, "The reindex failed, so the previous index is still answering questions. The details are in the bot's log.")
	default:
		r = reply{Embeds: []*discordgo.MessageEmbed{renderSummary(sum)}, Ephemeral: true, outcome: "reindexed"}
	}
	if b.now().Sub(started) < interactionTokenLife-time.Minute {
		c.send(r)
		return
	}
	b.reportLate(c, r)
}

// interactionTokenLife is how long Discord accepts edits and follow-ups
// with an interaction's token.
const interactionTokenLife = 15 * time.Minute

// reportLate delivers the outcome of work that outlived its interaction's
// token: by direct message to the member who started it, or, when they
// take no direct messages, in the channel where they started it.
func (b *Bot) reportLate(c *call, r reply) {
	if r.outcome != "" {
		c.outcome = r.outcome
	}
	if r.err != nil {
		c.err = r.err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.ctx), 15*time.Second)
	defer cancel()
	msg := &discordgo.MessageSend{Content: r.Content, Embeds: r.Embeds}
	if msg.Content == "" {
		msg.Content = "The reindex you started has finished:"
	}
	err := c.out.DM(ctx, c.userID(), msg)
	if err != nil {
		b.log.Info("could not send the reindex summary by direct message; posting it in the channel", "err", b.redact(err.Error()))
		err = c.out.Send(ctx, c.in.ChannelID, msg)
	}
	c.fail("report after the token expired", err)
	c.state = responded
}

// progressNote says how far a rebuild has got.
func progressNote(p retrieval.Progress) string {
	s := "Reindexing… the current index keeps answering meanwhile."
	if p.DocumentsTotal > 0 {
		s += fmt.Sprintf("\n%d of %d readings", p.Documents, p.DocumentsTotal)
	} else {
		s += fmt.Sprintf("\n%d readings", p.Documents)
	}
	if p.PassagesTotal > 0 {
		s += fmt.Sprintf(", %d of %d passages", p.Passages, p.PassagesTotal)
	} else {
		s += fmt.Sprintf(", %d passages", p.Passages)
	}
	return s + fmt.Sprintf(" so far (%s).", roundDuration(p.Elapsed))
}

// renderSummary reports what a rebuild did.
func renderSummary(s retrieval.BuildSummary) *discordgo.MessageEmbed {
	desc := fmt.Sprintf("Indexed %d %s and %d passages in %s.",
		s.Documents, plural(s.Documents, "reading", "readings"), s.Passages, roundDuration(s.Took))
	if v := fitText(s.Version, 64); v != "" {
		desc += "\nThe new index (version " + v + ") is answering questions now."
	}
	e := &discordgo.MessageEmbed{Title: "Reindex finished", Description: desc, Color: embedColour}
	list := func(name string, ids []string) {
		if len(ids) > 0 {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
				Name:  fmt.Sprintf("%s (%d)", name, len(ids)),
				Value: joinFit(ids, ", ", maxFieldValue),
			})
		}
	}
	list("Added", s.Added)
	list("Removed", s.Removed)
	list("Changed", s.Changed)
	if len(s.Added)+len(s.Removed)+len(s.Changed) == 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Changes", Value: "None: the readings are as they were."})
	}
	if len(s.Problems) > 0 {
		var lines []string
		for _, p := range s.Problems {
			why := "unreadable"
			if p.Err != nil {
				why = p.Err.Error()
			}
			lines = append(lines, p.Path+": "+why)
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  fmt.Sprintf("Skipped files (%d)", len(s.Problems)),
			Value: problemLines(lines, maxFieldValue),
		})
	}
	return e
}

// problemLines lists problems one a line, escaped, within max units.
func problemLines(lines []string, max int) string {
	var b strings.Builder
	for i, l := range lines {
		e := "• " + fitText(l, 300)
		if b.Len() > 0 {
			e = "\n" + e
		}
		if textLen(b.String())+textLen(e) > max-20 {
			fmt.Fprintf(&b, "\n…and %d more", len(lines)-i)
			break
		}
		b.WriteString(e)
	}
	return b.String()
}

// roundDuration renders a duration for a reader: 850ms, 12.3s, 2m5s.
func roundDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "no time"
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
