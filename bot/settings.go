package bot

import (
	"context"
	"errors"
	"slices"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/library"
)

// Settings are a server's own settings, kept with its library.
type Settings interface {
	// ModeratorRole is the role a Manage Server member chose for
	// moderators, or "" for the operator's default.
	ModeratorRole(ctx context.Context, guildID string) (string, error)
	// SetModeratorRole records the server's moderator role ("" clears it).
	SetModeratorRole(ctx context.Context, guildID, roleID, by string) error
}

func (b *Bot) settingsCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:                     "settings",
			Description:              "Server managers: citebot's settings for this server.",
			DefaultMemberPermissions: new(int64(discordgo.PermissionManageGuild)),
			Contexts:                 serverOnly(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionSubCommand,
				Name:        "moderator-role",
				Description: "Choose the role whose members may manage the readings; leave it out to go back to the default.",
				Options: []*discordgo.ApplicationCommandOption{{
					Type:        discordgo.ApplicationCommandOptionRole,
					Name:        "role",
					Description: "The moderators' role",
				}},
			}},
		},
		run: b.runSettings,
	}
}

// isManager reports whether the member has Manage Server (or is an
// administrator), from well-formed permissions only.
func isManager(m memberInfo) bool {
	return m.present && m.permsOK && m.perms&(discordgo.PermissionAdministrator|discordgo.PermissionManageGuild) != 0
}

// moderatorRole is the server's moderator role: the one its managers set,
// else the operator's default.
func (b *Bot) moderatorRole(ctx context.Context, guildID string) (string, error) {
	if b.cfg.Settings != nil && guildID != "" {
		role, err := b.cfg.Settings.ModeratorRole(ctx, guildID)
		if err != nil {
			return "", err
		}
		if role != "" {
			return role, nil
		}
	}
	return b.cfg.ModeratorRoleID, nil
}

// checkModerator decides, on the server side, whether the member who sent
// the interaction may manage the server's library: in a server, with well-
// formed permissions that include Manage Server or Administrator, or with
// the server's moderator role. what names the action for the refusal
// ("reindex", "add readings").
func (c *call) checkModerator(ctx context.Context, what string) (bool, string, error) {
	if c.in.GuildID == "" || !c.member.present {
		return false, "Only moderators can " + what + ", and only from a server channel, not a direct message.", nil
	}
	if !c.member.permsOK {
		return false, "I couldn't confirm your permissions, so I won't " + what + ". Try again from a server channel.", nil
	}
	if isManager(c.member) {
		return true, "", nil
	}
	role, err := c.b.moderatorRole(ctx, c.in.GuildID)
	if err != nil {
		return false, "", err
	}
	if role != "" && slices.Contains(c.member.roles, role) {
		return true, "", nil
	}
	return false, "Only moderators can " + what + ": you need the Manage Server permission or the moderator role.", nil
}

func (b *Bot) runSettings(c *call, data discordgo.ApplicationCommandInteractionData) {
	if c.in.GuildID == "" || !c.member.present {
		c.send(ephemeral("refused", "Settings are per server: use /settings in a server channel."))
		return
	}
	if !isManager(c.member) {
		c.send(ephemeral("refused", "Only members with the Manage Server permission can change citebot's settings."))
		return
	}
	if len(data.Options) == 0 || data.Options[0].Name != "moderator-role" {
		c.send(ephemeral("unknown", "I don't know that setting. Try /settings moderator-role."))
		return
	}
	role := ""
	for _, o := range data.Options[0].Options {
		if o.Name == "role" {
			role, _ = o.Value.(string)
		}
	}
	by := c.userID()
	c.slow(true, askTimeout, func(ctx context.Context) reply {
		err := b.cfg.Settings.SetModeratorRole(ctx, c.in.GuildID, role, by)
		switch {
		case errors.Is(err, library.ErrRefused):
			return ephemeral("refused", err.Error())
		case err != nil:
			return handlerFailure(err)
		case role != "":
			return ephemeral("set", "Members with <@&"+role+"> can now add, remove, hide and show readings and reindex, besides members with Manage Server. "+
				"To let them see /reindex in the command list, allow the role for it in Server Settings → Integrations → citebot.")
		case b.cfg.ModeratorRoleID != "":
			return ephemeral("cleared", "The moderator role is back to the bot's default, <@&"+b.cfg.ModeratorRoleID+">, besides members with Manage Server.")
		}
		return ephemeral("cleared", "There is no moderator role now: only members with Manage Server can manage the readings.")
	})
}
