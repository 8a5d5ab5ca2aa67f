package bot

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// guildFacts is what the bot learns about its servers from the gateway
// (GUILD_CREATE, THREAD_CREATE): its own managed role in each, which
// channels are threads and which are forums. It needs no privileged
// intent: the Guilds intent brings all of it.
type guildFacts struct {
	mu      sync.Mutex
	roles   map[string]string // guild id → the bot's managed role id
	forums  map[string]bool   // channel ids of forum channels
	threads *memo[struct{}]   // channel ids of threads
}

func newGuildFacts() *guildFacts {
	return &guildFacts{roles: map[string]string{}, forums: map[string]bool{}, threads: newMemo[struct{}](memoEntries, 30*24*time.Hour)}
}

// guildCreate is the part of a GUILD_CREATE the bot reads.
type guildCreate struct {
	ID    string `json:"id"`
	Roles []struct {
		ID   string `json:"id"`
		Tags struct {
			BotID string `json:"bot_id"`
		} `json:"tags"`
	} `json:"roles"`
	Channels []struct {
		ID   string                `json:"id"`
		Type discordgo.ChannelType `json:"type"`
	} `json:"channels"`
	Threads []struct {
		ID string `json:"id"`
	} `json:"threads"`
}

// onGuildCreate learns the bot's managed role, the forums and the active
// threads of a server.
func (b *Bot) onGuildCreate(raw []byte) {
	var g guildCreate
	if err := json.Unmarshal(raw, &g); err != nil || g.ID == "" {
		b.log.Warn("undecodable GUILD_CREATE")
		return
	}
	botID := b.botUserID()
	f := b.guilds
	now := b.now()
	f.mu.Lock()
	for _, r := range g.Roles {
		if botID != "" && r.Tags.BotID == botID {
			f.roles[g.ID] = r.ID
		}
	}
	for _, c := range g.Channels {
		if c.Type == discordgo.ChannelTypeGuildForum {
			f.forums[c.ID] = true
		}
	}
	f.mu.Unlock()
	for _, t := range g.Threads {
		f.threads.put(t.ID, struct{}{}, now)
	}
}

// managedRole is the bot's own role in a server, or "".
func (b *Bot) managedRole(guild string) string {
	if guild == "" {
		return ""
	}
	b.guilds.mu.Lock()
	defer b.guilds.mu.Unlock()
	return b.guilds.roles[guild]
}

// isThread reports whether a channel is a thread the bot knows of.
func (b *Bot) isThread(channel string) bool {
	_, ok := b.guilds.threads.get(channel, b.now())
	return ok
}

// isForum reports whether a channel is a forum.
func (b *Bot) isForum(channel string) bool {
	b.guilds.mu.Lock()
	defer b.guilds.mu.Unlock()
	return b.guilds.forums[channel]
}

// noteThread remembers a thread and the last question answered in it.
func (b *Bot) noteThread(thread, question string) {
	now := b.now()
	b.guilds.threads.put(thread, struct{}{}, now)
	if question != "" {
		b.threads.put(thread, question, now)
	}
}
