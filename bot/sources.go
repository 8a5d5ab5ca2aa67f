package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/retrieval"
)

func (b *Bot) sourcesCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "sources",
			Description: "List the indexed readings and when they were last indexed.",
			Contexts:    anywhere(),
		},
		run: b.runSources,
	}
}

// sourcesButtonPrefix starts the ids of /sources's paging buttons:
// src:<user id>:<offset>.
const sourcesButtonPrefix = "src"

// sourcesPage is how many readings one page of /sources lists at most.
const sourcesPage = 20

func (b *Bot) runSources(c *call, _ discordgo.ApplicationCommandInteractionData) {
	user := c.userID()
	c.slow(false, askTimeout, func(ctx context.Context) reply {
		return b.sourcesAt(ctx, c, user, 0)
	})
}

// sourcesAt renders the page of /sources that starts at offset.
func (b *Bot) sourcesAt(ctx context.Context, c *call, user string, offset int) reply {
	h, err := c.handlers(ctx)
	if err != nil {
		return handlerFailure(err)
	}
	s, err := h.Sources(ctx)
	if err != nil {
		return handlerFailure(err)
	}
	if len(s.Documents) == 0 {
		return ephemeral("empty", "No readings are indexed yet. A moderator can run /reindex.")
	}
	if offset >= len(s.Documents) {
		return ephemeral("no_more", "There are no further readings.")
	}
	e, shown := renderSources(s, offset)
	return reply{
		Embeds:     []*discordgo.MessageEmbed{e},
		Components: pageButtons(sourcesButtonPrefix+":"+user, offset, shown, offset+shown < len(s.Documents)),
		outcome:    "listed",
	}
}

// runSourcesPage turns the page of /sources: the user's own message is
// edited, anyone else gets a private copy.
func (b *Bot) runSourcesPage(c *call, args []string) {
	offset, ok := pageOffset(args)
	if !ok {
		c.disableButtons("bad_button", "That button no longer works. Try /sources again.")
		return
	}
	user, private := args[0], false
	if c.userID() != user {
		user, private = c.userID(), true
	} else {
		c.update = true
	}
	c.slow(private, askTimeout, func(ctx context.Context) reply {
		r := b.sourcesAt(ctx, c, user, offset)
		r.Ephemeral = r.Ephemeral || private
		return r
	})
}

// renderSources lists the indexed documents from offset on with their
// passage counts and when the index was built, as many as fit (at most
// sourcesPage); it returns how many it listed.
func renderSources(s handlers.Sources, offset int) (*discordgo.MessageEmbed, int) {
	passages := 0
	for _, d := range s.Documents {
		passages += d.Passages
	}
	desc := fmt.Sprintf("%d %s, %d passages.", len(s.Documents), plural(len(s.Documents), "reading", "readings"), passages)
	if !s.BuiltAt.IsZero() {
		t := s.BuiltAt.Unix()
		desc += fmt.Sprintf(" Last indexed <t:%d:f> (<t:%d:R>).", t, t)
	}
	e := &discordgo.MessageEmbed{Title: "Indexed readings", Description: desc, Color: embedColour}
	// Fields are added while they fit in the 6000-unit budget, leaving
	// room for the last "and more" field and the footer.
	total := embedTotal(e) + 200
	shown := 0
	for _, d := range s.Documents[offset:] {
		f := sourceField(d)
		if shown == sourcesPage || (shown > 0 && total+textLen(f.Name)+textLen(f.Value) > maxEmbedTotal-100) {
			break
		}
		total += textLen(f.Name) + textLen(f.Value)
		e.Fields = append(e.Fields, f)
		shown++
	}
	footer := ""
	if shown < len(s.Documents) {
		footer = fmt.Sprintf("Readings %d–%d of %d", offset+1, offset+shown, len(s.Documents))
	}
	if v := plainText(s.Version, 64); v != "" {
		footer = strings.TrimPrefix(footer+" · Index version "+v, " · ")
	}
	if footer != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: footer}
	}
	return e, shown
}

// sourceField describes one indexed document.
func sourceField(d retrieval.DocInfo) *discordgo.MessageEmbedField {
	name := d.Title
	if strings.TrimSpace(name) == "" {
		name = d.Path
	}
	first := fmt.Sprintf("%d %s", d.Passages, plural(d.Passages, "passage", "passages"))
	if d.Pages > 0 {
		first = fmt.Sprintf("PDF, %d %s · %s", d.Pages, plural(d.Pages, "page", "pages"), first)
	}
	if c := fitText(d.Citation, 100); c != "" {
		first = c + " · " + first
	}
	lines := []string{first}
	var by []string
	for _, x := range []string{d.Author, d.Date} {
		if strings.TrimSpace(x) != "" {
			by = append(by, x)
		}
	}
	if len(by) > 0 {
		lines = append(lines, fitText(strings.Join(by, ", "), 150))
	}
	if p := fitText(d.Path, 150); p != "" {
		lines = append(lines, "File: "+p)
	}
	n := fitText(name, 150)
	if n == "" {
		n = "Untitled"
	}
	return &discordgo.MessageEmbedField{Name: n, Value: strings.Join(lines, "\n")}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
