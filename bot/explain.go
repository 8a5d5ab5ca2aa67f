package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
)

func (b *Bot) explainCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "explain",
			Description: "Explain a concept from the readings, with their own definitions first.",
			Contexts:    anywhere(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type:         discordgo.ApplicationCommandOptionString,
				Name:         "concept",
				Description:  "The concept, e.g. security dilemma",
				Required:     true,
				Autocomplete: true,
				MaxLength:    200,
			}},
		},
		run:      b.runExplain,
		complete: b.completeConcept,
	}
}

// completeConcept suggests concept names from memory; autocomplete cannot
// be deferred, so it answers at once.
func (b *Bot) completeConcept(c *call, data discordgo.ApplicationCommandInteractionData) {
	h, err := c.handlers(c.ctx)
	if err != nil {
		c.err = err
		c.choices(nil)
		return
	}
	c.choices(toChoices(h.CompleteConcept(focused(data.Options), maxChoices)))
}

func (b *Bot) runExplain(c *call, data discordgo.ApplicationCommandInteractionData) {
	if !c.allowQuestion() {
		return
	}
	concept := strings.TrimSpace(option(data.Options, "concept"))
	asker := c.userID()
	c.slow(false, askTimeout, func(ctx context.Context) reply {
		if concept == "" {
			return ephemeral("empty", "Name a concept to explain, for example: security dilemma.")
		}
		release, ok := b.acquire(ctx)
		if !ok {
			return ephemeral("busy", msgBusy)
		}
		defer release()
		h, err := c.handlers(ctx)
		if err != nil {
			return handlerFailure(err)
		}
		ex, err := h.Explain(ctx, concept)
		if err != nil {
			if errors.Is(err, handlers.ErrEmptyQuestion) {
				return ephemeral("empty", "Name a concept to explain, for example: security dilemma.")
			}
			return handlerFailure(err)
		}
		if ex.Concept != nil {
			return reply{Embeds: []*discordgo.MessageEmbed{renderConcept(ex.Concept)}, outcome: "explained"}
		}
		note := "I don't know a concept called “" + fitText(concept, 200) + "”."
		if len(ex.Suggestions) > 0 {
			note += " Closest: " + joinFit(ex.Suggestions, ", ", 800) + "."
		}
		if fb := ex.Fallback; fb != nil && fb.Status == handlers.StatusAnswered && len(fb.Results) > 0 {
			if strings.TrimSpace(fb.Question) == "" {
				fb.Question = concept
			}
			key := b.answers.put(asker, fb.Question)
			return reply{
				Content:    note + " Here is what the readings say about it:",
				Embeds:     renderAnswer(*fb, 0),
				Components: answerButtons(*fb, 0, asker, key, true),
				outcome:    "fallback",
			}
		}
		return reply{Content: note + "\nPick one of the suggestions as you type, or ask a question with /ask.", Ephemeral: true, outcome: "not_found"}
	})
}

// renderConcept renders a concept card: its name, the readings' own
// definitions first (quoted and cited), the explanation, its group, the
// related concepts and where else it appears.
func renderConcept(c *handlers.Concept) *discordgo.MessageEmbed {
	title := fitText(c.Name, maxTitle)
	if title == "" {
		title = "Concept"
	}
	// Budgets keep the whole card well inside 6000 units: title 256,
	// description 2600, fields 200+300+600+600, footer under 100.
	var desc strings.Builder
	budget := 2600
	defs := c.Definitions
	if len(defs) > 2 {
		defs = defs[:2]
	}
	if len(defs) > 0 {
		desc.WriteString("**In the readings**\n")
		for _, d := range defs {
			q := quote(d.Excerpt, nil, 700)
			if q == "" {
				continue
			}
			src := d.Citation
			if src == "" {
				src = d.Ref
			}
			if s := fitText(src, 200); s != "" {
				q += "\n— " + s
			}
			desc.WriteString(q)
			desc.WriteString("\n")
		}
	}
	if ex := fitText(c.Explanation, budget-textLen(desc.String())-20); ex != "" {
		if desc.Len() > 0 {
			desc.WriteString("\n**In short**\n")
		}
		desc.WriteString(ex)
	}
	d := strings.TrimSpace(desc.String())
	if d == "" {
		d = "The readings name this concept but give no definition of it."
	}
	e := &discordgo.MessageEmbed{Title: title, Description: d, Color: embedColour}
	if g := fitText(c.Group, 200); g != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Group", Value: g, Inline: true})
	}
	if len(c.Aliases) > 0 {
		if v := joinFit(c.Aliases, ", ", 300); v != "" {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Also called", Value: v, Inline: true})
		}
	}
	if len(c.Related) > 0 {
		if v := joinFit(c.Related, ", ", 600); v != "" {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Related concepts", Value: v})
		}
	}
	var refs []string
	seen := map[string]bool{}
	for _, o := range c.Occurrences {
		if o.Ref != "" && !seen[o.Ref] {
			seen[o.Ref] = true
			refs = append(refs, o.Ref)
		}
	}
	if len(refs) > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Where it appears", Value: joinFit(refs, ", ", 600)})
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: "Definitions are quoted verbatim from the readings. Read a passage with /passage."}
	return e
}
