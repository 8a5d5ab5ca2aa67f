package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// serves reports whether this process answers an interaction or message:
// one from a server on this shard (Discord routes a server to shard
// (id >> 22) % count, and direct messages to shard 0) and, when the
// operator listed the servers the bot may serve, from one of them. Discord
// already routes by shard; checking again keeps two processes from ever
// both answering.
func (b *Bot) serves(raw []byte) bool {
	var ids struct {
		GuildID string `json:"guild_id"`
	}
	if json.Unmarshal(raw, &ids) != nil {
		return true // undecodable: the handler logs it
	}
	if !b.onShard(ids.GuildID) {
		b.log.Debug("event for another shard", "guild", ids.GuildID)
		return false
	}
	if ids.GuildID != "" && b.allowed != nil && !b.allowed[ids.GuildID] {
		b.log.Info("event from a server not in DISCORD_ALLOWED_GUILDS ignored", "guild", ids.GuildID)
		return false
	}
	return true
}

// onShard reports whether the server guildID ("" for a direct message)
// belongs to this process's shard.
func (b *Bot) onShard(guildID string) bool {
	if b.cfg.ShardCount <= 1 {
		return true
	}
	if guildID == "" {
		return b.cfg.ShardID == 0
	}
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil {
		return false
	}
	return int((id>>22)%uint64(b.cfg.ShardCount)) == b.cfg.ShardID
}

// onGuild leaves a server the bot was added to when the operator did not
// allow it.
func (b *Bot) onGuild(s *discordgo.Session, raw []byte) {
	if b.allowed == nil {
		return
	}
	var g struct {
		ID          string `json:"id"`
		Unavailable bool   `json:"unavailable"`
	}
	if json.Unmarshal(raw, &g) != nil || g.ID == "" || b.allowed[g.ID] || !b.onShard(g.ID) {
		return
	}
	b.mu.Lock()
	ctx := b.work
	b.mu.Unlock()
	if ctx == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := s.GuildLeave(g.ID, discordgo.WithContext(ctx)); err != nil {
		b.log.Warn("could not leave a server not in DISCORD_ALLOWED_GUILDS", "guild", g.ID, "err", b.wrap("leave server", err).Error())
		return
	}
	b.log.Info("left a server not in DISCORD_ALLOWED_GUILDS", "guild", g.ID)
}
