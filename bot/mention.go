package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// handleMessage answers a message that mentions the bot with the same
// embed as /ask, as a reply to it. Messages from bots, and messages that
// don't mention this bot, are ignored. A reply in a thread goes to the
// thread, which is the message's channel.
func (b *Bot) handleMessage(ctx context.Context, raw []byte, out responder) {
	start := time.Now()
	var m discordgo.Message
	if err := json.Unmarshal(raw, &m); err != nil {
		b.log.Warn("message", "outcome", "undecodable", "err", b.redact(err.Error()))
		return
	}
	botID := b.botUserID()
	if m.Author == nil || m.Author.Bot || botID == "" || m.Author.ID == botID || !mentions(&m, botID) {
		return
	}
	out = safeResponder{out}
	outcome := ""
	var failure error
	defer func() {
		if p := recover(); p != nil {
			outcome, failure = "panic", fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
		attrs := []any{"command", "mention", "guild", m.GuildID, "user", m.Author.ID,
			"latency_ms", time.Since(start).Milliseconds(), "outcome", outcome}
		level := slog.LevelInfo
		if failure != nil {
			attrs = append(attrs, "err", b.redact(failure.Error()))
			level = slog.LevelWarn
		}
		b.log.Log(context.Background(), level, "interaction", attrs...)
	}()

	send := func(r reply) {
		if outcome == "" {
			outcome = r.outcome
		}
		if r.err != nil {
			failure = r.err
		}
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
		defer cancel()
		no := false
		err := out.Send(sctx, m.ChannelID, &discordgo.MessageSend{
			Content:    r.Content,
			Embeds:     r.Embeds,
			Components: r.Components,
			Reference:  &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &no},
		})
		if err != nil {
			outcome, failure = "send_failed", fmt.Errorf("reply to mention: %w", err)
		}
	}

	now := b.now()
	if ok, wait := b.limiter.allow(m.Author.ID, now); !ok {
		if b.limiter.firstRefusal(m.Author.ID, now) {
			send(ephemeral("cooldown", cooldownNote(wait)))
		} else {
			outcome = "cooldown_silent"
		}
		return
	}
	question := stripMention(m.Content, botID)
	actx, cancel := context.WithTimeout(ctx, askTimeout)
	defer cancel()
	done := make(chan reply, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- reply{Content: msgFailed, outcome: "panic", err: fmt.Errorf("panic: %v\n%s", p, debug.Stack())}
			}
		}()
		done <- b.answer(actx, m.GuildID, question, m.Author.ID)
	}()
	t := time.NewTimer(b.fastBudget)
	defer t.Stop()
	select {
	case r := <-done:
		send(r)
		return
	case <-t.C:
	}
	// Slow: show the bot typing meanwhile (a message has no deadline to
	// acknowledge, unlike an interaction).
	tctx, tcancel := context.WithTimeout(ctx, 5*time.Second)
	if err := out.Typing(tctx, m.ChannelID); err != nil {
		b.log.Debug("could not show typing", "err", b.redact(err.Error()))
	}
	tcancel()
	send(<-done)
}

// mentions reports whether a message mentions the bot.
func mentions(m *discordgo.Message, botID string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			return true
		}
	}
	return strings.Contains(m.Content, "<@"+botID+">") || strings.Contains(m.Content, "<@!"+botID+">")
}

// stripMention removes mentions of the bot from a message's text, with the
// comma or colon that addressed it ("@citebot, what is…").
func stripMention(content, botID string) string {
	content = strings.ReplaceAll(content, "<@"+botID+">", "")
	content = strings.ReplaceAll(content, "<@!"+botID+">", "")
	content = strings.Join(strings.Fields(content), " ")
	content = strings.NewReplacer(" ,", ",", " :", ":").Replace(content)
	return strings.TrimLeft(content, ",:; ")
}
