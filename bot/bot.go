// Package bot is citebot's Discord front end: slash commands, buttons and
// @mentions that answer study-group questions with cited verbatim excerpts
// from the readings. It only decodes what Discord sends, calls the
// transport-free handlers and renders their results within Discord's
// limits; all answering happens behind the Handlers interface.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/insights"
	"github.com/citebot/citebot/retrieval"
)

// Handlers is what the bot needs from the answering side; a
// *handlers.Service provides it.
type Handlers interface {
	// Ask answers a question with cited passages.
	Ask(ctx context.Context, question string, opts handlers.AskOptions) (handlers.Answer, error)
	// Search finds passages by keyword; "quoted phrases" match as phrases.
	Search(ctx context.Context, terms string, limit int) ([]handlers.Result, error)
	// Passage looks a passage up by citation ("§2 ¶9", "2.9") or id; it
	// returns handlers.ErrNoPassage when there is none.
	Passage(ctx context.Context, ref string) (handlers.PassageView, error)
	// CompleteRef suggests passage citations that start with prefix.
	CompleteRef(prefix string, limit int) []handlers.Choice
	// Sources lists the indexed documents.
	Sources(ctx context.Context) (handlers.Sources, error)
	// Reindex rebuilds the index while the old one keeps answering; it
	// returns handlers.ErrReindexRunning when a rebuild is already under way.
	Reindex(ctx context.Context, progress func(retrieval.Progress)) (retrieval.BuildSummary, error)
	// Explain explains a concept, or suggests near ones when it is unknown.
	Explain(ctx context.Context, concept string) (handlers.Explanation, error)
	// CompleteConcept suggests concept names that start with prefix.
	CompleteConcept(prefix string, limit int) []handlers.Choice
	// ConceptMap draws the concept map as a PNG.
	ConceptMap(ctx context.Context) ([]byte, error)
}

// Config configures the Discord front end.
type Config struct {
	// Token is the bot token from the developer portal, with or without
	// the "Bot " prefix. It is required and never logged.
	Token string
	// GuildID, when set, registers the commands in that server only, where
	// they appear at once (for development), instead of globally.
	GuildID string
	// ModeratorRoleID, when set, lets members with that role reindex,
	// besides members with the Manage Server permission.
	ModeratorRoleID string
	// APIBase, when set, is an origin such as "http://127.0.0.1:8080" that
	// replaces https://discord.com for every REST request, paths unchanged.
	// The gateway is then whatever that origin's /api/v9/gateway returns.
	// It is meant for tests against a fake Discord.
	APIBase string
	// Readings, when set, lets moderators manage each server's library
	// with /readings; Settings, when set, keeps each server's settings
	// (/settings). A *library.Libraries is both.
	Readings Librarian
	Settings Settings
	// AllowedGuilds, when not empty, are the only servers the bot answers
	// in; it leaves any other server it is added to.
	AllowedGuilds []string
	// ShardID and ShardCount shard the gateway: this process receives the
	// servers whose (id >> 22) % ShardCount is ShardID, and direct
	// messages on shard 0. ShardCount 0 or 1 means no sharding.
	ShardID, ShardCount int
	// Cooldown limits how many questions one user may ask in a while.
	Cooldown Cooldown
	// MaxConcurrent is how many searches may run at once; 0 means 4.
	MaxConcurrent int
	// Insights, when set, keeps per server the questions asked and their
	// outcome, feedback votes and channel modes, for /insights and
	// /threads. Without it those commands say they are off.
	Insights Insights
	// MaxOutage is how long the bot may be without a gateway connection
	// before Run gives up with an error, so that a supervisor restarts it
	// and someone is told; 0 means 10 minutes.
	MaxOutage time.Duration
}

// Insights is what the bot keeps per server; an *insights.Store provides it.
type Insights interface {
	// Record notes a question and its outcome.
	Record(guild, question, outcome string) error
	// Vote records one person's vote on an answer, replacing their earlier one.
	Vote(guild, answer, voter, question string, up bool) (insights.VoteResult, error)
	// Report summarises a server's insights, at most n in each list.
	Report(guild string, n int) (insights.Report, error)
	// Clear forgets a server's questions and votes.
	Clear(guild string) error
	// SetChannelMode sets how the bot answers in a channel.
	SetChannelMode(guild, channel, mode string) error
	// ChannelMode is how the bot answers in a channel.
	ChannelMode(guild, channel string) string
}

// Cooldown limits each user to Questions questions (asks, searches,
// explanations and @mentions) per Per. The zero value means 5 per 30
// seconds; a negative Questions turns the cooldown off.
type Cooldown struct {
	Questions int
	Per       time.Duration
}

// Defaults for Config.
const (
	DefaultCooldownQuestions = 5
	DefaultCooldownPer       = 30 * time.Second
	DefaultMaxConcurrent     = 4
)

// Intents is what the bot subscribes to on the gateway: servers, server
// messages and direct messages. It needs no privileged intent: messages
// that mention the bot carry their content anyway.
const Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

// Bot is a citebot Discord front end. Create it with New and start it with
// Run.
type Bot struct {
	cfg     Config
	libs    Libraries
	log     *slog.Logger
	token   string // the bare token, for redaction
	session *discordgo.Session

	commands   map[string]command
	components map[string]componentHandler
	limiter    *limiter
	searches   chan struct{}
	answers    *answerCache
	notices    *memo[struct{}] // notes each user was given today
	threads    *memo[string]   // the last question answered in each thread
	guilds     *guildFacts
	downloads  *http.Client // fetches attachments
	apiOrigin  *url.URL     // DISCORD_API_BASE, when set
	allowed    map[string]bool

	// Timings; tests shorten them.
	fastBudget    time.Duration // how long to wait for a handler before deferring
	busyWait      time.Duration // how long to wait for a free search slot
	progressEvery time.Duration // how often a long reindex edits its progress
	shutdownGrace time.Duration // how long Run waits for interactions in flight
	now           func() time.Time

	mu         sync.Mutex
	appID      string
	botID      string
	registered bool
	running    bool
	stopping   bool
	work       context.Context
	inflight   sync.WaitGroup
	conns      map[net.Conn]struct{}
	noDial     bool
	lost       chan struct{} // the gateway disconnected without being asked to

	reconnectWait time.Duration // the first wait between reconnect attempts
}

// New makes a Bot that serves libs on Discord with the token and settings
// of cfg, logging to log (nil: no logging). It does not connect; Run does.
// Shared(h) serves every server from one Handlers.
func New(cfg Config, libs Libraries, log *slog.Logger) (*Bot, error) {
	if libs == nil {
		return nil, errors.New("bot: no handlers")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	token := strings.TrimSpace(cfg.Token)
	if rest, ok := strings.CutPrefix(token+" ", "Bot "); ok {
		token = strings.TrimSpace(rest)
	}
	if token == "" {
		return nil, errors.New("bot: no Discord token (set DISCORD_TOKEN)")
	}
	if strings.ContainsFunc(token, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return nil, errors.New("bot: the Discord token has spaces or control characters in it")
	}
	if cfg.Cooldown.Questions == 0 {
		cfg.Cooldown.Questions = DefaultCooldownQuestions
	}
	if cfg.Cooldown.Per <= 0 {
		cfg.Cooldown.Per = DefaultCooldownPer
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = DefaultMaxConcurrent
	}
	if cfg.MaxOutage <= 0 {
		cfg.MaxOutage = DefaultMaxOutage
	}
	b := &Bot{
		cfg:           cfg,
		libs:          libs,
		log:           log,
		token:         token,
		limiter:       newLimiter(cfg.Cooldown.Questions, cfg.Cooldown.Per),
		searches:      make(chan struct{}, cfg.MaxConcurrent),
		answers:       newAnswerCache(answerCacheSize, answerCacheTTL),
		notices:       newMemo[struct{}](memoEntries, noticeTTL),
		threads:       newMemo[string](memoEntries, contextTTL),
		guilds:        newGuildFacts(),
		fastBudget:    1200 * time.Millisecond,
		busyWait:      2 * time.Second,
		progressEvery: 5 * time.Second,
		shutdownGrace: 2 * time.Second,
		now:           time.Now,
		conns:         map[net.Conn]struct{}{},
		lost:          make(chan struct{}, 1),
		reconnectWait: time.Second,
	}
	b.commands = b.commandTable()
	b.components = b.componentTable()

	transport := http.DefaultTransport.(*http.Transport).Clone()
	var rt http.RoundTripper = transport
	if cfg.APIBase != "" {
		origin, err := parseOrigin(cfg.APIBase)
		if err != nil {
			return nil, err
		}
		rt = &originTransport{base: transport, origin: origin}
		b.apiOrigin = origin
	}
	b.downloads = b.newDownloadClient(transport.Clone())
	if cfg.ShardCount > 1 && (cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount) {
		return nil, fmt.Errorf("bot: shard %d of %d: the shard id must be at least 0 and less than the count", cfg.ShardID, cfg.ShardCount)
	}
	if len(cfg.AllowedGuilds) > 0 {
		b.allowed = map[string]bool{}
		for _, g := range cfg.AllowedGuilds {
			b.allowed[g] = true
		}
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("bot: create session: %s", b.redact(err.Error()))
	}
	s.Identify.Intents = Intents
	if cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	}
	s.LogLevel = discordgo.LogError
	s.StateEnabled = false
	// The bot reconnects itself, so that it can stop on fatal close codes
	// and after a long outage; discordgo would retry forever.
	s.ShouldReconnectOnError = false
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: rt}
	s.Dialer = &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 15 * time.Second,
		NetDialContext:   b.dialGateway,
	}
	b.session = s
	return b, nil
}

// parseOrigin checks that base is an http(s) origin with no path.
func parseOrigin(base string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil {
		return nil, fmt.Errorf("bot: DISCORD_API_BASE %q is not a URL: %w", base, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.User != nil {
		return nil, fmt.Errorf("bot: DISCORD_API_BASE %q must be an origin such as http://127.0.0.1:8080", base)
	}
	return u, nil
}

// originTransport sends every request to another origin, path unchanged.
type originTransport struct {
	base   http.RoundTripper
	origin *url.URL
}

// RoundTrip rewrites the request's scheme and host and passes it on.
func (t *originTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.URL.Scheme = t.origin.Scheme
	r.URL.Host = t.origin.Host
	r.Host = t.origin.Host
	return t.base.RoundTrip(r)
}

// dialGateway dials the gateway and keeps track of the connection so that
// Run can abort a connection attempt that hangs.
func (b *Bot) dialGateway(ctx context.Context, network, addr string) (net.Conn, error) {
	b.mu.Lock()
	stop := b.noDial
	b.mu.Unlock()
	if stop {
		return nil, errors.New("the bot is shutting down")
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: c, b: b}
	b.mu.Lock()
	b.conns[tc] = struct{}{}
	b.mu.Unlock()
	return tc, nil
}

type trackedConn struct {
	net.Conn
	b    *Bot
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.b.mu.Lock()
		delete(c.b.conns, c)
		c.b.mu.Unlock()
	})
	return c.Conn.Close()
}

// abortGateway stops new gateway dials and closes open gateway connections.
func (b *Bot) abortGateway() {
	b.mu.Lock()
	b.noDial = true
	conns := make([]net.Conn, 0, len(b.conns))
	for c := range b.conns {
		conns = append(conns, c)
	}
	b.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

// Run connects to Discord, registers the commands once the gateway is
// ready, and serves until ctx is cancelled. It then lets interactions in
// flight finish for a moment, closes the session and returns nil. It
// reconnects when the gateway drops, and returns an error when it cannot
// connect, when Discord closes the gateway with a code that forbids
// reconnecting (a bad token, disallowed intents), or after an outage
// longer than Config.MaxOutage; the error never holds the token.
// A Bot runs once: a second call returns an error.
func (b *Bot) Run(ctx context.Context) error {
	b.mu.Lock()
	if b.running {
		b.mu.Unlock()
		return errors.New("bot: Run called twice")
	}
	b.running = true
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	b.work = work
	b.mu.Unlock()
	defer cancelWork()

	for _, remove := range []func(){
		b.session.AddHandler(b.onEvent),
		b.session.AddHandler(b.onConnect),
		b.session.AddHandler(b.onDisconnect),
		b.session.AddHandler(b.onResumed),
		b.session.AddHandler(b.onRateLimit),
	} {
		defer remove()
	}

	err, ok := b.open(ctx)
	if !ok {
		return nil
	}
	if err != nil {
		if why := fatalClose(err); why != "" {
			b.log.Error("could not connect to Discord", "err", why)
			return &gatewayError{why}
		}
		err = b.wrap("connect to Discord", err)
		b.log.Error("could not connect to Discord", "err", err.Error())
		return err
	}
	b.log.Info("connected to Discord")
	for {
		select {
		case <-ctx.Done():
			b.shutdown(cancelWork)
			return nil
		case <-b.lost:
			if err := b.reconnect(ctx); err != nil {
				b.shutdown(cancelWork)
				return err
			}
		}
	}
}

// shutdown waits briefly for interactions in flight, cancels the rest and
// closes the session.
func (b *Bot) shutdown(cancelWork context.CancelFunc) {
	b.mu.Lock()
	b.stopping = true
	b.mu.Unlock()
	idle := make(chan struct{})
	go func() { b.inflight.Wait(); close(idle) }()
	select {
	case <-idle:
	case <-time.After(b.shutdownGrace):
		cancelWork()
		select {
		case <-idle:
		case <-time.After(time.Second):
			b.log.Warn("interactions still in flight at shutdown")
		}
	}
	closed := make(chan struct{})
	go func() {
		if err := b.session.Close(); err != nil {
			b.log.Warn("closing the Discord session", "err", b.redact(err.Error()))
		}
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		b.abortGateway()
		select {
		case <-closed:
		case <-time.After(time.Second):
		}
	}
	b.log.Info("disconnected from Discord")
}

// begin counts an event handler in flight; it returns false once the bot
// is shutting down.
func (b *Bot) begin() (context.Context, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopping || b.work == nil {
		return nil, false
	}
	b.inflight.Add(1)
	return b.work, true
}

// onEvent receives every gateway dispatch. Interactions are decoded here
// rather than by discordgo so that a malformed member permission field
// can be told from a missing one.
func (b *Bot) onEvent(s *discordgo.Session, e *discordgo.Event) {
	switch e.Type {
	case "READY":
		b.onReady(s, e.RawData)
	case "GUILD_CREATE":
		b.onGuildCreate(e.RawData)
		b.onGuild(s, e.RawData)
	case "THREAD_CREATE":
		if !b.serves(e.RawData) {
			return
		}
		ctx, ok := b.begin()
		if !ok {
			return
		}
		defer b.inflight.Done()
		b.onThreadCreate(ctx, e.RawData, sessionResponder{s})
	case "INTERACTION_CREATE", "MESSAGE_CREATE":
		if !b.serves(e.RawData) {
			return
		}
		ctx, ok := b.begin()
		if !ok {
			return
		}
		defer b.inflight.Done()
		out := sessionResponder{s}
		if e.Type == "INTERACTION_CREATE" {
			b.handleInteraction(ctx, e.RawData, out)
		} else {
			b.handleMessage(ctx, e.RawData, out)
		}
	}
}

// onReady notes the bot's user and application ids and registers the
// commands with one bulk overwrite.
func (b *Bot) onReady(s *discordgo.Session, raw []byte) {
	var r discordgo.Ready
	if err := discordgo.Unmarshal(raw, &r); err != nil {
		b.log.Error("undecodable READY", "err", err.Error())
		return
	}
	if r.User == nil || r.Application == nil || r.Application.ID == "" {
		b.log.Error("READY without the bot user or application id")
		return
	}
	b.mu.Lock()
	b.botID, b.appID = r.User.ID, r.Application.ID
	done := b.registered
	ctx := b.work
	b.mu.Unlock()
	if done || ctx == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	scope := "global"
	if b.cfg.GuildID != "" {
		scope = "guild " + b.cfg.GuildID
	}
	cmds, err := s.ApplicationCommandBulkOverwrite(r.Application.ID, b.cfg.GuildID, b.commandDefs(), discordgo.WithContext(ctx))
	if err != nil {
		b.log.Error("could not register the slash commands", "scope", scope, "err", b.wrap("register commands", err).Error())
		return
	}
	b.mu.Lock()
	b.registered = true
	b.mu.Unlock()
	b.log.Info("registered slash commands", "scope", scope, "count", len(cmds), "bot_user", r.User.ID)
	b.clearOtherScope(ctx, s, r)
}

// maxScopeCleanups bounds how many servers a global registration clears
// of earlier per-server copies.
const maxScopeCleanups = 50

// clearOtherScope removes the commands of the scope not in use, so that
// switching DISCORD_GUILD_ID on or off leaves no duplicates in the picker:
// the global commands when registering in one server, and the per-server
// commands of the servers the bot is in when registering globally.
func (b *Bot) clearOtherScope(ctx context.Context, s *discordgo.Session, r discordgo.Ready) {
	var scopes []string
	if b.cfg.GuildID != "" {
		scopes = []string{""}
	} else {
		for _, g := range r.Guilds {
			if g != nil && g.ID != "" && len(scopes) < maxScopeCleanups {
				scopes = append(scopes, g.ID)
			}
		}
	}
	for _, g := range scopes {
		if _, err := s.ApplicationCommandBulkOverwrite(r.Application.ID, g, []*discordgo.ApplicationCommand{}, discordgo.WithContext(ctx)); err != nil {
			b.log.Warn("could not clear commands of the other scope", "guild", g, "err", b.wrap("clear commands", err).Error())
		}
	}
}

// botUserID is the bot's own user id, known once the gateway is ready.
func (b *Bot) botUserID() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.botID
}

// secretInURL matches the interaction and webhook tokens in API paths.
var secretInURL = regexp.MustCompile(`(/(?:webhooks|interactions)/[^/\s"]+/)[^/\s"?]+`)

// redact removes the bot token, and interaction tokens in URLs, from s.
func (b *Bot) redact(s string) string {
	if b.token != "" {
		s = strings.ReplaceAll(s, b.token, "[redacted]")
	}
	return secretInURL.ReplaceAllString(s, "${1}[redacted]")
}

// redactedError is an error whose message has had secrets removed; it
// still unwraps to the original for errors.Is.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// wrap adds context to err and removes secrets from its message.
func (b *Bot) wrap(op string, err error) error {
	return &redactedError{msg: "bot: " + op + ": " + b.redact(err.Error()), err: err}
}
