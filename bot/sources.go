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

func (b *Bot) runSources(c *call, _ discordgo.ApplicationCommandInteractionData) {
	c.slow(false, askTimeout, func(ctx context.Context) reply {
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
		return reply{Embeds: []*discordgo.MessageEmbed{renderSources(s)}, outcome: "listed"}
	})
}

// renderSources lists the indexed documents with their passage counts and
// when the index was built.
func renderSources(s handlers.Sources) *discordgo.MessageEmbed {
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
	for i, d := range s.Documents {
		f := sourceField(d)
		if (len(e.Fields) == maxFields-1 && len(s.Documents)-i > 1) || total+textLen(f.Name)+textLen(f.Value) > maxEmbedTotal-100 {
			more := len(s.Documents) - i
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "And more", Value: fmt.Sprintf("%d more %s.", more, plural(more, "reading", "readings"))})
			break
		}
		total += textLen(f.Name) + textLen(f.Value)
		e.Fields = append(e.Fields, f)
	}
	if v := plainText(s.Version, 64); v != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: "Index version " + v}
	}
	return e
}

// sourceField describes one indexed document.
func sourceField(d retrieval.DocInfo) *discordgo.MessageEmbedField {
	name := d.Title
	if strings.TrimSpace(name) == "" {
		name = d.Path
	}
	first := fmt.Sprintf("%d %s", d.Passages, plural(d.Passages, "passage", "passages"))
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
