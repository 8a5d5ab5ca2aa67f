package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// command is one slash command: its definition and what serves it.
type command struct {
	def      *discordgo.ApplicationCommand
	run      func(c *call, data discordgo.ApplicationCommandInteractionData)
	complete func(c *call, data discordgo.ApplicationCommandInteractionData) // nil: no autocomplete
}

// componentHandler serves a click on a button whose custom id is
// "prefix:arg1:arg2…"; it gets the arguments.
type componentHandler func(c *call, args []string)

// commandTable maps each command name to its command; each lives in a
// file of its own.
func (b *Bot) commandTable() map[string]command {
	cmds := []command{
		b.askCommand(),
		b.explainCommand(),
		b.conceptsCommand(),
		b.passageCommand(),
		b.searchCommand(),
		b.sourcesCommand(),
		b.reindexCommand(),
		b.helpCommand(),
		b.threadsCommand(),
		b.insightsCommand(),
		b.askMessageCommand(),
	}
	if b.cfg.Readings != nil {
		cmds = append(cmds, b.readingsCommand())
	}
	if b.cfg.Settings != nil {
		cmds = append(cmds, b.settingsCommand())
	}
	m := make(map[string]command, len(cmds))
	for _, c := range cmds {
		m[c.def.Name] = c
	}
	return m
}

// componentTable maps custom id prefixes to button handlers.
func (b *Bot) componentTable() map[string]componentHandler {
	return map[string]componentHandler{
		moreButtonPrefix:     b.runMore,
		fullButtonPrefix:     b.runFull,
		passageButtonPrefix:  b.runPassageButton,
		voteButtonPrefix:     b.runVote,
		deleteButtonPrefix:   b.runDelete,
		publishButtonPrefix:  b.runPublish,
		searchButtonPrefix:   b.runSearchPage,
		sourcesButtonPrefix:  b.runSourcesPage,
		readingsButtonPrefix: b.runReadingsPage,
	}
}

// commandDefs lists the command definitions, sorted by name, for
// registration. Commands registered in one server carry no contexts:
// Discord reads contexts for global commands only, and guild commands
// cannot be used in the bot-DM context anyway.
func (b *Bot) commandDefs() []*discordgo.ApplicationCommand {
	defs := make([]*discordgo.ApplicationCommand, 0, len(b.commands))
	for _, c := range b.commands {
		d := c.def
		if b.cfg.GuildID != "" {
			cp := *d
			cp.Contexts = nil
			d = &cp
		}
		defs = append(defs, d)
	}
	sort.Slice(defs, func(i, j int) bool { return defs[i].Name < defs[j].Name })
	return defs
}

// anywhere lets a command be used in servers and in direct messages with
// the bot.
func anywhere() *[]discordgo.InteractionContextType {
	return &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
}

// serverOnly lets a command be used in servers only.
func serverOnly() *[]discordgo.InteractionContextType {
	return &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
}

// reply is what a command answers, before it is shaped into whichever
// Discord call delivers it.
type reply struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Files      []file
	Ephemeral  bool

	// publicLine replaces a public "thinking…" when the reply itself is
	// private; empty means a neutral default.
	publicLine string
	outcome    string // for the log line
	err        error  // the error behind an error reply, for the log line
}

// file is an attachment.
type file struct {
	Name, ContentType string
	Data              []byte
}

func (r reply) discordFiles() []*discordgo.File {
	var fs []*discordgo.File
	for _, f := range r.Files {
		fs = append(fs, &discordgo.File{Name: f.Name, ContentType: f.ContentType, Reader: bytes.NewReader(f.Data)})
	}
	return fs
}

func (r reply) flags() discordgo.MessageFlags {
	if r.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

func (r reply) responseData() *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{
		Content:    r.Content,
		Embeds:     r.Embeds,
		Components: r.Components,
		Files:      r.discordFiles(),
		Flags:      r.flags(),
	}
}

func (r reply) params() *discordgo.WebhookParams {
	return &discordgo.WebhookParams{
		Content:    r.Content,
		Embeds:     r.Embeds,
		Components: r.Components,
		Files:      r.discordFiles(),
		Flags:      r.flags(),
	}
}

func (r reply) edit() *discordgo.WebhookEdit {
	content := r.Content
	embeds := r.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	comps := r.Components
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &comps, Files: r.discordFiles()}
}

// ephemeral builds a private note.
func ephemeral(outcome, text string) reply {
	return reply{Content: text, Ephemeral: true, outcome: outcome}
}

// failure builds a private error note in plain words, keeping err for the log.
func failure(err error, text string) reply {
	return reply{Content: text, Ephemeral: true, outcome: "error", err: err}
}

// Plain-words error notes.
const (
	msgFailed  = "Sorry, something went wrong on my side. Please try again in a moment."
	msgTimeout = "Sorry, that took too long. Please try again in a moment."
	msgBusy    = "I'm busy answering other questions right now. Please try again in a few seconds."
)

// How a response has gone so far.
type responseState int

const (
	notResponded responseState = iota
	deferred
	responded
)

// How a response was deferred.
type deferKind int

const (
	deferPublic    deferKind = iota // "thinking…" in the channel
	deferEphemeral                  // "thinking…" only the user sees
	deferUpdate                     // a button click that will edit its message
)

// call is one interaction being served.
type call struct {
	b       *Bot
	ctx     context.Context
	out     responder
	in      *discordgo.Interaction
	member  memberInfo
	channel channelInfo
	name    string
	update  bool // a button that edits the message it sits on

	state   responseState
	kind    deferKind
	outcome string
	err     error
}

// memberInfo is what an interaction says about the member who sent it,
// read strictly from the raw payload.
type memberInfo struct {
	present bool
	perms   int64
	permsOK bool // the permissions field was there and well-formed
	roles   []string
}

// decodeInteraction decodes an INTERACTION_CREATE payload. discordgo
// cannot decode an interaction whose member permissions are malformed; it
// is decoded without them then, and memberInfo says they were unusable.
func decodeInteraction(raw []byte) (*discordgo.Interaction, memberInfo, error) {
	var in discordgo.Interaction
	if err := json.Unmarshal(raw, &in); err != nil {
		stripped, serr := withoutMemberPermissions(raw)
		if serr != nil {
			return nil, memberInfo{}, fmt.Errorf("decode interaction: %w", err)
		}
		in = discordgo.Interaction{}
		if err2 := json.Unmarshal(stripped, &in); err2 != nil {
			return nil, memberInfo{}, fmt.Errorf("decode interaction: %w", err)
		}
	}
	return &in, readMember(raw), nil
}

// readMember reads the member's permissions and roles from the payload.
func readMember(raw []byte) memberInfo {
	var top struct {
		Member json.RawMessage `json:"member"`
	}
	if json.Unmarshal(raw, &top) != nil || len(top.Member) == 0 || string(top.Member) == "null" {
		return memberInfo{}
	}
	info := memberInfo{present: true}
	var m struct {
		Permissions json.RawMessage `json:"permissions"`
		Roles       []string        `json:"roles"`
	}
	if json.Unmarshal(top.Member, &m) != nil {
		return info
	}
	info.roles = m.Roles
	var s string
	if len(m.Permissions) == 0 || json.Unmarshal(m.Permissions, &s) != nil {
		return info
	}
	p, err := strconv.ParseInt(s, 10, 64)
	if err != nil || p < 0 {
		return info
	}
	info.perms, info.permsOK = p, true
	return info
}

// channelInfo is what an interaction says about its channel (discordgo
// v0.29 does not decode the interaction's channel object).
type channelInfo struct {
	Type     discordgo.ChannelType `json:"type"`
	ParentID string                `json:"parent_id"`
}

// isThread reports whether the channel is a thread or a forum post.
func (c channelInfo) isThread() bool {
	return c.Type == discordgo.ChannelTypeGuildPublicThread || c.Type == discordgo.ChannelTypeGuildPrivateThread || c.Type == discordgo.ChannelTypeGuildNewsThread
}

// readChannel reads the interaction's channel object.
func readChannel(raw []byte) channelInfo {
	var top struct {
		Channel channelInfo `json:"channel"`
	}
	json.Unmarshal(raw, &top)
	return top.Channel
}

// withoutMemberPermissions returns the payload with member.permissions removed.
func withoutMemberPermissions(raw []byte) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, err
	}
	var member map[string]json.RawMessage
	if err := json.Unmarshal(top["member"], &member); err != nil {
		return nil, err
	}
	delete(member, "permissions")
	m, err := json.Marshal(member)
	if err != nil {
		return nil, err
	}
	top["member"] = m
	return json.Marshal(top)
}

// handleInteraction serves one INTERACTION_CREATE payload with out, and
// logs one line about it.
func (b *Bot) handleInteraction(ctx context.Context, raw []byte, out responder) {
	start := time.Now()
	in, member, err := decodeInteraction(raw)
	if err != nil {
		b.log.Warn("interaction", "outcome", "undecodable", "err", b.redact(err.Error()))
		return
	}
	c := &call{b: b, ctx: ctx, out: safeResponder{out}, in: in, member: member, channel: readChannel(raw)}
	defer func() {
		if p := recover(); p != nil {
			c.err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
			switch {
			case c.state == responded:
			case in.Type == discordgo.InteractionApplicationCommandAutocomplete:
				c.choices(nil)
			default:
				c.send(failure(c.err, msgFailed))
			}
			c.outcome = "panic"
		}
		c.logLine(start)
	}()
	switch in.Type {
	case discordgo.InteractionApplicationCommand:
		data := in.ApplicationCommandData()
		c.name = "/" + data.Name
		cmd, ok := b.commands[data.Name]
		if !ok {
			c.send(ephemeral("unknown", "I don't know that command any more. Try /help."))
			return
		}
		cmd.run(c, data)
	case discordgo.InteractionApplicationCommandAutocomplete:
		data := in.ApplicationCommandData()
		c.name = "/" + data.Name + " autocomplete"
		cmd, ok := b.commands[data.Name]
		if !ok || cmd.complete == nil {
			c.choices(nil)
			return
		}
		cmd.complete(c, data)
	case discordgo.InteractionMessageComponent:
		data := in.MessageComponentData()
		parts := strings.Split(data.CustomID, ":")
		c.name = "button " + parts[0]
		h, ok := b.components[parts[0]]
		if !ok {
			c.send(ephemeral("unknown", "That button no longer works. Try the command again."))
			return
		}
		h(c, parts[1:])
	default:
		c.name = "interaction type " + strconv.Itoa(int(in.Type))
		c.outcome = "ignored"
	}
}

// logLine logs the one line about this interaction.
func (c *call) logLine(start time.Time) {
	outcome := c.outcome
	if outcome == "" {
		outcome = "ok"
	}
	attrs := []any{
		"command", c.name,
		"guild", c.in.GuildID,
		"user", c.userID(),
		"latency_ms", time.Since(start).Milliseconds(),
		"outcome", outcome,
	}
	level := slog.LevelInfo
	if c.err != nil {
		attrs = append(attrs, "err", c.b.redact(c.err.Error()))
		level = slog.LevelWarn
	}
	if c.in.Type == discordgo.InteractionApplicationCommandAutocomplete && c.err == nil {
		level = slog.LevelDebug
	}
	c.b.log.Log(context.Background(), level, "interaction", attrs...)
}

// userID is the id of the user who sent the interaction.
func (c *call) userID() string {
	if c.in.Member != nil && c.in.Member.User != nil {
		return c.in.Member.User.ID
	}
	if c.in.User != nil {
		return c.in.User.ID
	}
	return ""
}

// fail records a failure to talk to Discord.
func (c *call) fail(op string, err error) {
	if err == nil {
		return
	}
	c.err = fmt.Errorf("%s: %w", op, err)
	c.outcome = "send_failed"
}

// send delivers r in whatever way the state of the response allows. A
// private reply after a public "thinking…" deferral first edits the
// deferral into a short public line and then follows up privately:
// Discord cannot turn a public response private, and the first follow-up
// after a deferral would edit the deferral itself, ignoring the ephemeral
// flag.
func (c *call) send(r reply) {
	if r.outcome != "" {
		c.outcome = r.outcome
	}
	if r.err != nil {
		c.err = r.err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.ctx), 15*time.Second)
	defer cancel()
	switch c.state {
	case notResponded:
		typ := discordgo.InteractionResponseChannelMessageWithSource
		if c.update && !r.Ephemeral {
			typ = discordgo.InteractionResponseUpdateMessage
		}
		c.fail("respond", c.out.Respond(ctx, c.in, &discordgo.InteractionResponse{Type: typ, Data: r.responseData()}))
	case deferred:
		switch {
		case c.kind == deferEphemeral, !r.Ephemeral:
			c.fail("edit response", c.out.Edit(ctx, c.in, r.edit()))
		case c.kind == deferUpdate:
			c.fail("follow up", c.out.FollowUp(ctx, c.in, r.params()))
		default:
			line := r.publicLine
			if line == "" {
				line = "I've answered you privately."
			}
			if err := c.out.Edit(ctx, c.in, reply{Content: line}.edit()); err != nil {
				c.fail("edit deferral", err)
			}
			c.fail("follow up", c.out.FollowUp(ctx, c.in, r.params()))
		}
	case responded:
		c.fail("follow up", c.out.FollowUp(ctx, c.in, r.params()))
	}
	c.state = responded
}

// deferReply acknowledges the interaction so that the answer may come
// later than Discord's three seconds.
func (c *call) deferReply(private bool) {
	if c.state != notResponded {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.ctx), 10*time.Second)
	defer cancel()
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	switch {
	case c.update && !private:
		c.kind = deferUpdate
		resp.Type = discordgo.InteractionResponseDeferredMessageUpdate
	case private:
		c.kind = deferEphemeral
		resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	default:
		c.kind = deferPublic
	}
	c.fail("defer", c.out.Respond(ctx, c.in, resp))
	c.state = deferred
}

// slow runs work and answers with its reply. When work takes longer than
// the bot's fast budget it first defers (privately when private is true),
// so the answer is never later than Discord's three seconds to
// acknowledge. A fast answer goes out directly, which lets misses and
// errors be private even when the answer would have been public.
func (c *call) slow(private bool, timeout time.Duration, work func(ctx context.Context) reply) {
	ctx, cancel := context.WithTimeout(c.ctx, timeout)
	defer cancel()
	done := make(chan reply, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- failure(fmt.Errorf("panic: %v\n%s", p, debug.Stack()), msgFailed)
			}
		}()
		done <- work(ctx)
	}()
	t := time.NewTimer(c.b.fastBudget)
	defer t.Stop()
	select {
	case r := <-done:
		c.send(r)
		return
	case <-t.C:
	}
	c.deferReply(private)
	c.send(<-done)
}

// choices answers an autocomplete interaction. It is never deferred.
func (c *call) choices(cs []*discordgo.ApplicationCommandOptionChoice) {
	if cs == nil {
		cs = []*discordgo.ApplicationCommandOptionChoice{}
	}
	c.outcome = "choices:" + strconv.Itoa(len(cs))
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.ctx), 3*time.Second)
	defer cancel()
	c.fail("autocomplete", c.out.Respond(ctx, c.in, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: cs},
	}))
	c.state = responded
}

// allowQuestion applies the per-user cooldown, answering privately with
// when to try again when the user is over it.
func (c *call) allowQuestion() bool {
	ok, wait := c.b.limiter.allow(c.userID(), c.b.now())
	if !ok {
		c.send(ephemeral("cooldown", cooldownNote(wait)))
	}
	return ok
}

// cooldownNote tells a user when they may ask again.
func cooldownNote(wait time.Duration) string {
	secs := int((wait + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	unit := "seconds"
	if secs == 1 {
		unit = "second"
	}
	return fmt.Sprintf("You're asking faster than I can keep up with. Please try again in %d %s.", secs, unit)
}

// acquire takes one of the search slots, waiting briefly when all are in
// use; ok is false when none came free.
func (b *Bot) acquire(ctx context.Context) (release func(), ok bool) {
	release = func() { <-b.searches }
	select {
	case b.searches <- struct{}{}:
		return release, true
	default:
	}
	t := time.NewTimer(b.busyWait)
	defer t.Stop()
	select {
	case b.searches <- struct{}{}:
		return release, true
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, false
}

// handlerFailure turns an error from the handlers into a private note in
// plain words.
func handlerFailure(err error) reply {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return reply{Content: msgTimeout, Ephemeral: true, outcome: "timeout", err: err}
	case errors.Is(err, context.Canceled):
		return reply{Content: "Sorry, I'm restarting. Please ask again in a minute.", Ephemeral: true, outcome: "cancelled", err: err}
	}
	return failure(err, msgFailed)
}

// option returns the string value of the named option, or "".
func option(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o.Name == name {
			if s, ok := o.Value.(string); ok {
				return s
			}
			return ""
		}
	}
	return ""
}

// focused returns the value typed so far in the focused option.
func focused(opts []*discordgo.ApplicationCommandInteractionDataOption) string {
	for _, o := range opts {
		if o.Focused {
			s, _ := o.Value.(string)
			return s
		}
	}
	return ""
}
