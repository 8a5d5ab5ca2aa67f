package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/insights"
)

// How a message reached the bot.
type addressing int

const (
	notAddressed addressing = iota
	byMention               // <@bot> in the text
	byRole                  // the bot's managed role, which the @ picker often inserts
	byDM                    // a direct message: every one is for the bot
	byReply                 // a reply to the bot with ping-on-reply, and no mention in the text
)

// How long the bot keeps its short memories of conversations.
const (
	contextTTL   = 2 * time.Hour  // the last question in a thread
	noticeTTL    = 24 * time.Hour // "told this user once today"
	memoEntries  = 4096
	withheldNote = "I can't read that message. Mention me (@citebot) with your question, or use /ask."
	dmBlocked    = "I don't have permission to post in the channel where you just asked me, so I couldn't answer you there. /ask still works in that channel, and you can ask me here."
)

// messageCall is one MESSAGE_CREATE being served.
type messageCall struct {
	b       *Bot
	ctx     context.Context
	out     responder
	m       *discordgo.Message
	how     addressing
	outcome string
	err     error
}

// handleMessage answers a message addressed to the bot (a mention of it or
// of its role, a direct message, or a reply to one of its answers) with the
// same embed as /ask, as a reply to it. Messages from bots and messages for
// others are ignored. A reply in a thread goes to the thread, which is the
// message's channel. Nothing public is said in answer to a reply-ping that
// the bot cannot answer: only mentions get misses and notes.
func (b *Bot) handleMessage(ctx context.Context, raw []byte, out responder) {
	start := time.Now()
	var m discordgo.Message
	if err := json.Unmarshal(raw, &m); err != nil {
		b.log.Warn("message", "outcome", "undecodable", "err", b.redact(err.Error()))
		return
	}
	botID := b.botUserID()
	if m.Author == nil || m.Author.Bot || botID == "" || m.Author.ID == botID {
		return
	}
	how := b.addressed(&m, botID)
	if how == notAddressed {
		return
	}
	mc := &messageCall{b: b, ctx: ctx, out: safeResponder{out}, m: &m, how: how}
	defer func() {
		if p := recover(); p != nil {
			mc.outcome, mc.err = "panic", fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
		attrs := []any{"command", "mention", "via", how.String(), "guild", m.GuildID, "user", m.Author.ID,
			"latency_ms", time.Since(start).Milliseconds(), "outcome", mc.outcome}
		level := slog.LevelInfo
		if mc.err != nil {
			attrs = append(attrs, "err", b.redact(mc.err.Error()))
			level = slog.LevelWarn
		}
		b.log.Log(context.Background(), level, "interaction", attrs...)
	}()
	mc.serve()
}

func (a addressing) String() string {
	switch a {
	case byMention:
		return "mention"
	case byRole:
		return "role"
	case byDM:
		return "dm"
	case byReply:
		return "reply"
	}
	return "none"
}

// addressed says whether, and how, a message is for the bot.
func (b *Bot) addressed(m *discordgo.Message, botID string) addressing {
	if strings.Contains(m.Content, "<@"+botID+">") || strings.Contains(m.Content, "<@!"+botID+">") {
		return byMention
	}
	if role := b.managedRole(m.GuildID); role != "" && (strings.Contains(m.Content, "<@&"+role+">") || slices.Contains(m.MentionRoles, role)) {
		return byRole
	}
	if m.GuildID == "" {
		return byDM
	}
	listed := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			listed = true
		}
	}
	if !listed {
		return notAddressed
	}
	if m.MessageReference != nil || m.Type == discordgo.MessageTypeReply {
		return byReply
	}
	// Listed as mentioned but not in the text: the text was withheld.
	return byMention
}

func (mc *messageCall) serve() {
	b, m := mc.b, mc.m
	now := b.now()
	question := cleanMessage(m, b.botUserID(), b.managedRole(m.GuildID))
	if strings.TrimSpace(m.Content) == "" {
		// Discord withholds the text of replies to slash-command answers
		// (and other messages it doesn't deliver without the Message
		// Content intent): not a question, but not one to ignore in silence
		// either, except for reply-pings, which get no public word.
		if mc.how == byReply || !b.notices.first("withheld:"+m.Author.ID, now) {
			mc.outcome = "content_withheld"
			return
		}
		mc.send(reply{Content: withheldNote, outcome: "content_withheld"})
		return
	}
	if ok, wait := b.limiter.allow(m.Author.ID, now); !ok {
		if mc.how != byReply && b.limiter.firstRefusal(m.Author.ID, now) {
			mc.send(ephemeral("cooldown", cooldownNote(wait)))
		} else {
			mc.outcome = "cooldown_silent"
		}
		return
	}
	prev := b.previousQuestion(m)
	if q, ok := handlers.FollowUp(prev, question); ok {
		question = q
	}
	r := mc.answerSlowly(question)
	if mc.how == byReply && r.outcome != "answered" {
		mc.outcome = "reply_unanswered_" + r.outcome
		return
	}
	mc.deliver(question, r)
}

// answerSlowly answers question, showing the bot typing meanwhile when it
// takes a while (a message has no deadline to acknowledge, unlike an
// interaction).
func (mc *messageCall) answerSlowly(question string) reply {
	b := mc.b
	actx, cancel := context.WithTimeout(mc.ctx, askTimeout)
	defer cancel()
	done := make(chan reply, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- reply{Content: msgFailed, outcome: "panic", err: fmt.Errorf("panic: %v\n%s", p, debug.Stack())}
			}
		}()
		// A reply-ping is recorded for /insights only when it is answered:
		// "thanks!" is no question the readings missed.
		r := b.answerAs(actx, mc.m.GuildID, question, mc.m.Author.ID, true, mc.how != byReply)
		if mc.how == byReply && r.outcome == "answered" {
			b.record(mc.m.GuildID, question, insights.Answered)
		}
		done <- r
	}()
	t := time.NewTimer(b.fastBudget)
	defer t.Stop()
	select {
	case r := <-done:
		return r
	case <-t.C:
	}
	tctx, tcancel := context.WithTimeout(mc.ctx, 5*time.Second)
	if err := mc.out.Typing(tctx, mc.m.ChannelID); err != nil {
		b.log.Debug("could not show typing", "err", b.redact(err.Error()))
	}
	tcancel()
	return <-done
}

// deliver posts the answer: in a thread of its own where the channel asks
// for that, else as a reply. It remembers the question for follow-ups in
// the thread.
func (mc *messageCall) deliver(question string, r reply) {
	b, m := mc.b, mc.m
	if r.outcome == "answered" && m.GuildID != "" && !b.isThread(m.ChannelID) && b.channelMode(m.GuildID, m.ChannelID) == modeThread {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(mc.ctx), 15*time.Second)
		thread, err := mc.out.StartThread(sctx, m.ChannelID, m.ID, question)
		cancel()
		if err == nil {
			b.noteThread(thread, question)
			mc.post(thread, r, false)
			return
		}
		b.log.Warn("could not start a thread for an answer; replying in the channel", "guild", m.GuildID, "channel", m.ChannelID, "err", b.redact(err.Error()))
	}
	if r.outcome == "answered" && b.isThread(m.ChannelID) {
		b.noteThread(m.ChannelID, question)
	}
	mc.send(r)
}

// send replies to the message with r.
func (mc *messageCall) send(r reply) {
	mc.post(mc.m.ChannelID, r, true)
}

// post sends r to channel, as a reply to the message when asReply. When
// Discord refuses the reply for want of a permission (50013 Missing
// Permissions, 50001 Missing Access: replies need Read Message History),
// it tries once more without the reference; when that fails too, the
// asker is told once a day, in a direct message, where the bot can answer.
func (mc *messageCall) post(channel string, r reply, asReply bool) {
	if mc.outcome == "" || mc.outcome == "content_withheld" {
		mc.outcome = r.outcome
	}
	if r.err != nil {
		mc.err = r.err
	}
	m := mc.m
	ctx, cancel := context.WithTimeout(context.WithoutCancel(mc.ctx), 15*time.Second)
	defer cancel()
	msg := &discordgo.MessageSend{Content: r.Content, Embeds: r.Embeds, Components: r.Components}
	if asReply {
		no := false
		msg.Reference = &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &no}
	}
	err := mc.out.Send(ctx, channel, msg)
	if code := discordCode(err); asReply && (code == discordgo.ErrCodeMissingPermissions || code == discordgo.ErrCodeMissingAccess) {
		mc.b.log.Warn("could not reply; posting without the reference", "guild", m.GuildID, "channel", channel, "code", code)
		plain := *msg
		plain.Reference = nil
		err = mc.out.Send(ctx, channel, &plain)
	}
	if err == nil {
		return
	}
	mc.outcome, mc.err = "send_failed", fmt.Errorf("reply to message: %w", err)
	code := discordCode(err)
	if code != discordgo.ErrCodeMissingPermissions && code != discordgo.ErrCodeMissingAccess {
		return
	}
	mc.b.log.Warn("no permission to post", "guild", m.GuildID, "channel", channel, "code", code)
	if !mc.b.notices.first("blocked:"+m.Author.ID+":"+channel, mc.b.now()) {
		return
	}
	if derr := mc.out.DM(ctx, m.Author.ID, &discordgo.MessageSend{Content: dmBlocked}); derr != nil {
		mc.b.log.Debug("could not tell the asker by direct message", "err", mc.b.redact(derr.Error()))
	}
}

// discordCode is the JSON error code of a Discord REST error, or 0.
func discordCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}

// previousQuestion is the question a message may follow up: the one behind
// the answer it replies to, or the last one answered in its thread.
func (b *Bot) previousQuestion(m *discordgo.Message) string {
	if r := m.ReferencedMessage; r != nil && r.Author != nil && r.Author.ID == b.botUserID() {
		// The answer's title is the question as it was asked, which may be
		// an edited or older message's text: its markup goes too.
		if q := plainQuestion(questionFromEmbeds(r.Embeds)); q != "" {
			return q
		}
	}
	if q, ok := b.threads.get(m.ChannelID, b.now()); ok {
		return q
	}
	return ""
}

// Markup in a message that names no topic, or names it by number.
var (
	userMarkup  = regexp.MustCompile(`<@!?\d+>`)
	otherMarkup = regexp.MustCompile(`<(?:@&|#)\d+>|<a?:[\w~]{1,64}:\d+>|<t:-?\d+(?::[tTdDfFR])?>|</[\w -]{1,100}:\d+>`)
)

// cleanMessage turns a message's text into the question it asks: the
// mentions of the bot (and of its role) go, with the comma or colon that
// addressed it ("@citebot, what is…"), and so do other users' mentions
// (which address a person, not a topic), channel and role links, custom
// emoji, timestamps and command links, whose numbers would otherwise be
// searched for.
func cleanMessage(m *discordgo.Message, botID, role string) string {
	content := m.Content
	if role != "" {
		content = strings.ReplaceAll(content, "<@&"+role+">", "")
	}
	return plainQuestion(content)
}

// plainQuestion strips markup and tidies what is left, again until neither
// changes anything: tidying joins "<a:x :1>" into markup, and stripping
// can leave spaces to tidy.
func plainQuestion(s string) string {
	for {
		t := tidyQuestion(stripMarkup(s))
		if t == s {
			return t
		}
		s = t
	}
}

// stripMarkup removes user mentions, channel and role links, custom emoji,
// timestamps and command links from s, again until none is left, since
// removing one can join the text around it into another ("<#1<#22>>").
// Every pass that changes s shortens it, so the loop ends.
func stripMarkup(s string) string {
	for {
		t := otherMarkup.ReplaceAllString(userMarkup.ReplaceAllString(s, ""), "")
		if t == s {
			return t
		}
		s = t
	}
}

// stripMention removes mentions of the bot from a message's text, with the
// comma or colon that addressed it.
func stripMention(content, botID string) string {
	content = strings.ReplaceAll(content, "<@"+botID+">", "")
	content = strings.ReplaceAll(content, "<@!"+botID+">", "")
	return tidyQuestion(content)
}

// tidyQuestion collapses white space and drops the punctuation left where
// a mention was taken out.
func tidyQuestion(content string) string {
	content = strings.Join(strings.Fields(content), " ")
	content = strings.NewReplacer(" ,", ",", " :", ":").Replace(content)
	return strings.TrimLeft(content, ",:; ")
}
