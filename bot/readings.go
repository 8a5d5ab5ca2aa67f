package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/library"
	"github.com/citebot/citebot/retrieval"
)

// Librarian manages each server's library; a *library.Libraries is one.
type Librarian interface {
	// Quota is what each server may store.
	Quota() library.Quota
	// CheckUpload refuses, before the download, an upload of size bytes
	// the server's quota does not allow.
	CheckUpload(ctx context.Context, guildID string, size int64) error
	// Add stores and indexes a reading; refusals wrap library.ErrRefused.
	Add(ctx context.Context, guildID string, up library.Upload, progress func(retrieval.Progress)) (library.Added, error)
	// Remove, Hide and Show change which readings the server searches.
	Remove(ctx context.Context, guildID, name string) (library.Reading, error)
	Hide(ctx context.Context, guildID, name string) (string, error)
	Show(ctx context.Context, guildID, name string) (string, error)
	// List is the server's library.
	List(ctx context.Context, guildID string) ([]library.Listed, error)
	// Complete suggests readings for remove (library.CompleteOwn), hide
	// (CompleteShown) and show (CompleteHidden).
	Complete(ctx context.Context, guildID, which, prefix string, limit int) []handlers.Choice
}

// Uploads.
const (
	// uploadTimeout bounds a download and its indexing.
	uploadTimeout = 10 * time.Minute
	// readingsPerPage is how many readings one page of /readings list shows.
	readingsPerPage = 8
	// readingsButtonPrefix pages /readings list: readings:<page>.
	readingsButtonPrefix = "readings"
)

// discordCDNHosts are the hosts Discord serves attachments from.
var discordCDNHosts = map[string]bool{"cdn.discordapp.com": true, "media.discordapp.net": true}

func (b *Bot) readingsCommand() command {
	reading := func(desc string) []*discordgo.ApplicationCommandOption {
		return []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "reading", Description: desc,
			Required: true, Autocomplete: true, MaxLength: 200,
		}}
	}
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "readings",
			Description: "The readings citebot answers from in this server.",
			Contexts:    serverOnly(),
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List this server's readings."},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Moderators: add a reading (Markdown, text, PDF, Word, EPUB or HTML).",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionAttachment, Name: "file", Description: "The reading's file", Required: true},
						{Type: discordgo.ApplicationCommandOptionString, Name: "title", Description: "A title, if the file's own is wrong", MaxLength: 200},
					}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Moderators: remove a reading this server added.", Options: reading("The reading to remove")},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "hide", Description: "Moderators: stop searching a shared reading in this server.", Options: reading("The shared reading to hide")},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "show", Description: "Moderators: search a hidden shared reading again.", Options: reading("The shared reading to show")},
			},
		},
		run:      b.runReadings,
		complete: b.completeReading,
	}
}

// subcommand returns the subcommand's name and its options.
func subcommand(data discordgo.ApplicationCommandInteractionData) (string, []*discordgo.ApplicationCommandInteractionDataOption) {
	if len(data.Options) == 0 || data.Options[0].Type != discordgo.ApplicationCommandOptionSubCommand {
		return "", nil
	}
	return data.Options[0].Name, data.Options[0].Options
}

func (b *Bot) completeReading(c *call, data discordgo.ApplicationCommandInteractionData) {
	sub, opts := subcommand(data)
	which := map[string]string{"remove": library.CompleteOwn, "hide": library.CompleteShown, "show": library.CompleteHidden}[sub]
	if which == "" || c.in.GuildID == "" {
		c.choices(nil)
		return
	}
	ctx, cancel := context.WithTimeout(c.ctx, 2*time.Second)
	defer cancel()
	c.choices(toChoices(b.cfg.Readings.Complete(ctx, c.in.GuildID, which, focused(opts), maxChoices)))
}

func (b *Bot) runReadings(c *call, data discordgo.ApplicationCommandInteractionData) {
	sub, opts := subcommand(data)
	c.name += " " + sub
	if c.in.GuildID == "" || !c.member.present {
		c.send(ephemeral("refused", "Readings are per server: use /readings in a server channel. Here I answer from the shared readings."))
		return
	}
	if sub == "list" {
		c.slow(false, askTimeout, func(ctx context.Context) reply { return b.listReadings(ctx, c.in.GuildID, 0) })
		return
	}
	what := map[string]string{"add": "add readings", "remove": "remove readings", "hide": "hide readings", "show": "show readings"}[sub]
	if what == "" {
		c.send(ephemeral("unknown", "I don't know that. Try /readings list."))
		return
	}
	var att *discordgo.MessageAttachment
	if sub == "add" {
		id := option(opts, "file")
		if data.Resolved != nil {
			att = data.Resolved.Attachments[id]
		}
	}
	name := strings.TrimSpace(option(opts, "reading"))
	title := strings.TrimSpace(option(opts, "title"))
	by := c.userID()
	c.slow(true, uploadTimeout, func(ctx context.Context) reply {
		ok, why, err := c.checkModerator(ctx, what)
		if err != nil {
			return handlerFailure(err)
		}
		if !ok {
			return ephemeral("refused", why)
		}
		switch sub {
		case "add":
			return b.addReading(ctx, c.in.GuildID, att, title, by)
		case "remove":
			r, err := b.cfg.Readings.Remove(ctx, c.in.GuildID, name)
			if err != nil {
				return changeFailure(err)
			}
			return ephemeral("removed", "Removed “"+fitText(r.Title, 200)+"” from this server's library. Questions are no longer answered from it.")
		case "hide":
			id, err := b.cfg.Readings.Hide(ctx, c.in.GuildID, name)
			if err != nil {
				return changeFailure(err)
			}
			return ephemeral("hidden", "Hid the shared reading “"+fitText(id, 200)+"” in this server. /readings show brings it back.")
		default:
			id, err := b.cfg.Readings.Show(ctx, c.in.GuildID, name)
			if err != nil {
				return changeFailure(err)
			}
			return ephemeral("shown", "This server searches the shared reading “"+fitText(id, 200)+"” again.")
		}
	})
}

// changeFailure words an error of a change to a library for the moderator.
func changeFailure(err error) reply {
	switch {
	case errors.Is(err, library.ErrRefused):
		return reply{Content: err.Error(), Ephemeral: true, outcome: "refused"}
	case errors.Is(err, handlers.ErrReindexRunning):
		return ephemeral("busy", "A reindex of this server's library is running. Try again when it has finished.")
	}
	r := handlerFailure(err)
	if r.outcome == "error" {
		r.Content = "Sorry, that failed on my side, so this server's library is unchanged. The details are in the bot's log."
	}
	return r
}

// addReading checks the upload against the quota, downloads it from
// Discord and hands it to the library.
func (b *Bot) addReading(ctx context.Context, guild string, att *discordgo.MessageAttachment, title, by string) reply {
	if att == nil {
		return ephemeral("refused", "Attach the reading's file to /readings add.")
	}
	if err := b.cfg.Readings.CheckUpload(ctx, guild, int64(att.Size)); err != nil {
		return changeFailure(err)
	}
	u, err := b.attachmentURL(att.URL)
	if err != nil {
		return reply{Content: "I only download attachments from Discord, and that one is somewhere else.", Ephemeral: true, outcome: "refused", err: err}
	}
	limit := b.cfg.Readings.Quota().MaxFileBytes
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return handlerFailure(err)
	}
	resp, err := b.downloads.Do(req)
	if err != nil {
		return reply{Content: "I couldn't download that file from Discord. Please try again.", Ephemeral: true, outcome: "download_failed", err: b.wrap("download attachment", err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return reply{Content: "I couldn't download that file from Discord. Please try again.", Ephemeral: true, outcome: "download_failed",
			err: fmt.Errorf("download attachment: HTTP %d", resp.StatusCode)}
	}
	if resp.ContentLength > limit {
		return changeFailure(b.cfg.Readings.CheckUpload(ctx, guild, resp.ContentLength))
	}
	added, err := b.cfg.Readings.Add(ctx, guild, library.Upload{Name: att.Filename, Title: title, Body: resp.Body, By: by}, nil)
	if err != nil {
		r := changeFailure(err)
		if r.outcome == "refused" {
			r.Content = "Not added. " + r.Content
		}
		return r
	}
	return reply{Embeds: []*discordgo.MessageEmbed{renderAdded(added)}, Ephemeral: true, outcome: "added"}
}

// attachmentURL checks that raw is an attachment URL on Discord's CDN, or
// on the DISCORD_API_BASE origin when one is set.
func (b *Bot) attachmentURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("attachment URL: %w", err)
	}
	if u.User != nil {
		return nil, errors.New("attachment URL carries credentials")
	}
	if u.Scheme == "https" && discordCDNHosts[strings.ToLower(u.Hostname())] && (u.Port() == "" || u.Port() == "443") {
		return u, nil
	}
	if b.apiOrigin != nil && u.Scheme == b.apiOrigin.Scheme && strings.EqualFold(u.Host, b.apiOrigin.Host) {
		return u, nil
	}
	return nil, fmt.Errorf("attachment URL on %s://%s is not Discord's", u.Scheme, u.Host)
}

// newDownloadClient fetches attachments: a redirect is followed only to
// an allowed host, and a download has a deadline of its own.
func (b *Bot) newDownloadClient(base http.RoundTripper) *http.Client {
	return &http.Client{
		Transport: base,
		Timeout:   2 * time.Minute,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 3 {
				return errors.New("too many redirects")
			}
			_, err := b.attachmentURL(req.URL.String())
			return err
		},
	}
}

// renderAdded reports an added reading.
func renderAdded(a library.Added) *discordgo.MessageEmbed {
	r := a.Reading
	e := &discordgo.MessageEmbed{
		Title:       fitText("Added: "+r.Title, maxTitle),
		Description: "Questions in this server are answered from it now.",
		Color:       embedColour,
	}
	field := func(name, value string) {
		if value != "" {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: fitText(value, 1000), Inline: true})
		}
	}
	field("Author", r.Author)
	field("Format", r.Format.Name())
	field("Passages", strconv.Itoa(r.Passages))
	if r.Pages > 0 {
		field("Pages", strconv.Itoa(r.Pages))
	}
	field("Size", sizeText(r.Size))
	field("Took", roundDuration(a.Took))
	return e
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// listReadings renders one page of the server's library.
func (b *Bot) listReadings(ctx context.Context, guild string, page int) reply {
	list, err := b.cfg.Readings.List(ctx, guild)
	if err != nil {
		return handlerFailure(err)
	}
	if len(list) == 0 {
		return ephemeral("empty", "This server has no readings yet. A moderator can add one with /readings add.")
	}
	pages := (len(list) + readingsPerPage - 1) / readingsPerPage
	page = max(0, min(page, pages-1))
	e := &discordgo.MessageEmbed{Title: "Readings in this server", Color: embedColour}
	for _, r := range list[page*readingsPerPage : min(len(list), (page+1)*readingsPerPage)] {
		var v []string
		if r.Author != "" {
			v = append(v, r.Author)
		}
		counts := fmt.Sprintf("%s · %d passages", r.Format, r.Passages)
		if r.Pages > 0 {
			counts += fmt.Sprintf(" · %d pages", r.Pages)
		}
		v = append(v, counts)
		switch {
		case r.Shared && r.Hidden:
			v = append(v, "shared reading, **hidden** in this server")
		case r.Shared:
			v = append(v, "shared reading")
		default:
			who := "added"
			if r.AddedBy != "" && r.AddedBy != "operator" {
				who += " by <@" + r.AddedBy + ">"
			}
			v = append(v, fmt.Sprintf("%s <t:%d:D>", who, r.AddedAt.Unix()))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: fitText(r.Title, 256), Value: fitText(strings.Join(v, "\n"), 1000)})
	}
	out := reply{Embeds: []*discordgo.MessageEmbed{e}, outcome: "listed"}
	if pages > 1 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d of %d · %d readings", page+1, pages, len(list))}
		out.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Previous", Style: discordgo.SecondaryButton, CustomID: readingsButtonPrefix + ":" + strconv.Itoa(page-1), Disabled: page == 0},
			discordgo.Button{Label: "Next", Style: discordgo.SecondaryButton, CustomID: readingsButtonPrefix + ":" + strconv.Itoa(page+1), Disabled: page == pages-1},
		}}}
	}
	return out
}

// runReadingsPage turns a page of /readings list.
func (b *Bot) runReadingsPage(c *call, args []string) {
	c.update = true
	page, err := strconv.Atoi(strings.Join(args, ""))
	if err != nil || c.in.GuildID == "" || b.cfg.Readings == nil {
		c.send(ephemeral("bad_button", "That button no longer works. Try /readings list again."))
		return
	}
	c.slow(false, askTimeout, func(ctx context.Context) reply { return b.listReadings(ctx, c.in.GuildID, page) })
}
