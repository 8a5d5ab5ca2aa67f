package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// DefaultMaxOutage is how long the bot may be without a gateway connection
// before Run gives up.
const DefaultMaxOutage = 10 * time.Minute

// fatalCloses are the gateway close codes after which Discord says not to
// reconnect, with what the operator should do about each.
var fatalCloses = map[int]string{
	4004: "Discord rejected the bot token (gateway close 4004, authentication failed): set DISCORD_TOKEN to the token on the Bot page of the developer portal (reset it there if it leaked)",
	4010: "Discord rejected the shard (gateway close 4010, invalid shard)",
	4011: "Discord requires sharding for this bot (gateway close 4011)",
	4012: "Discord rejected the gateway version (gateway close 4012)",
	4013: "Discord rejected the intents (gateway close 4013, invalid intents)",
	4014: "Discord refused the intents (gateway close 4014, disallowed intents): citebot asks for no privileged intent, so check the bot's settings in the developer portal",
}

// fatalClose returns the explanation of a gateway close after which
// reconnecting is pointless, or "".
func fatalClose(err error) string {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return fatalCloses[ce.Code]
	}
	return ""
}

// gatewayError is an error that ends Run for good.
type gatewayError struct{ msg string }

func (e *gatewayError) Error() string { return "bot: " + e.msg }

// onConnect, onDisconnect and onResumed log the gateway's health; a
// disconnect that the bot did not ask for starts its reconnect loop.
func (b *Bot) onConnect(*discordgo.Session, *discordgo.Connect) {
	b.log.Info("gateway connected")
}

func (b *Bot) onResumed(*discordgo.Session, *discordgo.Resumed) {
	b.log.Info("gateway session resumed")
}

// onRateLimit logs a 429 that discordgo is waiting out before it retries.
func (b *Bot) onRateLimit(_ *discordgo.Session, r *discordgo.RateLimit) {
	retry := time.Duration(0)
	if r.TooManyRequests != nil {
		retry = r.RetryAfter
	}
	b.log.Warn("rate limited by Discord; retrying", "url", b.redact(r.URL), "retry_after", retry.String())
}

func (b *Bot) onDisconnect(*discordgo.Session, *discordgo.Disconnect) {
	b.mu.Lock()
	stopping := b.stopping
	b.mu.Unlock()
	if stopping {
		return
	}
	b.log.Warn("gateway disconnected; reconnecting")
	select {
	case b.lost <- struct{}{}:
	default:
	}
}

// open opens the gateway connection, giving up when ctx ends: discordgo's
// Open has no timeout of its own, so the connection under it is aborted.
// ok is false when ctx ended first.
func (b *Bot) open(ctx context.Context) (err error, ok bool) {
	opened := make(chan error, 1)
	go func() { opened <- b.session.Open() }()
	select {
	case err := <-opened:
		return err, true
	case <-ctx.Done():
		b.abortGateway()
		select {
		case err := <-opened:
			if err == nil {
				b.session.Close()
			}
		case <-time.After(3 * time.Second):
			go func() {
				if err := <-opened; err == nil {
					b.session.Close()
				}
			}()
		}
		return nil, false
	}
}

// reconnect reopens the gateway after a disconnect, with backoff, until it
// is connected again, ctx ends (nil), Discord closes with a fatal code, or
// the outage lasts longer than the configured maximum (an error).
func (b *Bot) reconnect(ctx context.Context) error {
	began := time.Now()
	wait := b.reconnectWait
	for attempt := 1; ; attempt++ {
		err, ok := b.open(ctx)
		if !ok {
			return nil
		}
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			b.log.Info("gateway reconnected", "attempts", attempt, "outage_ms", time.Since(began).Milliseconds())
			return nil
		}
		if why := fatalClose(err); why != "" {
			b.log.Error("gateway closed for good", "err", why)
			return &gatewayError{why}
		}
		out := time.Since(began)
		if out >= b.cfg.MaxOutage {
			msg := fmt.Sprintf("no gateway connection to Discord for %s (%d attempts); last error: %s", out.Round(time.Second), attempt, b.redact(err.Error()))
			b.log.Error("giving up on the gateway", "err", msg)
			return &gatewayError{msg}
		}
		b.log.Warn("gateway reconnect failed", "attempt", attempt, "retry_in", wait.String(), "err", b.redact(err.Error()))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(wait*2, time.Minute)
	}
}
