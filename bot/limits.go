package bot

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// noMentions allows no mention of any kind to ping anyone. Parse must be an
// empty, non-nil slice: a nil one is sent as "parse": null, which Discord
// reads as "use the defaults".
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// placeholder stands in for a field value or name that would be empty.
const placeholder = "—"

// clampContent cuts message content to Discord's limit, with links in
// angle brackets so that Discord shows no preview of them.
func clampContent(s string) string {
	return truncateRendered(noUnfurl(s), maxContent)
}

// bareURL matches a link that is not already in angle brackets.
var bareURL = regexp.MustCompile(`(^|[^<])(https?://[^\s<>]+)`)

// noUnfurl wraps the links in message content in angle brackets: content
// links unfurl into previews, which echoed user text must not cause.
func noUnfurl(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	return bareURL.ReplaceAllString(s, "$1<$2>")
}

// maxThreadName is Discord's limit on a thread's name.
const maxThreadName = 100

// threadName makes a question into a thread name: plain text within
// Discord's limit, never empty.
func threadName(s string) string {
	n := plainText(s, maxThreadName)
	if strings.TrimSpace(n) == "" {
		return "citebot answer"
	}
	return n
}

// clampEmbeds makes embeds fit Discord's limits: each part cut to its own
// limit, no empty field name or value, at most 25 fields and 10 embeds, and
// at most 6000 units across all of them (fields are dropped from the end,
// then descriptions cut, until they fit).
func clampEmbeds(embeds []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	var out []*discordgo.MessageEmbed
	for _, e := range embeds {
		if e == nil {
			continue
		}
		if len(out) == maxEmbeds {
			break
		}
		c := *e
		c.Title = truncateRendered(c.Title, maxTitle)
		c.Description = truncateRendered(c.Description, maxDescription)
		if c.Footer != nil {
			f := *c.Footer
			f.Text = truncateRendered(f.Text, maxFooter)
			c.Footer = &f
			if f.Text == "" && f.IconURL == "" {
				c.Footer = nil
			}
		}
		if c.Author != nil {
			a := *c.Author
			a.Name = truncateRendered(a.Name, maxAuthorName)
			c.Author = &a
		}
		var fields []*discordgo.MessageEmbedField
		for _, f := range c.Fields {
			if f == nil {
				continue
			}
			if len(fields) == maxFields {
				break
			}
			g := *f
			g.Name = truncateRendered(strings.TrimSpace(g.Name), maxFieldName)
			g.Value = truncateRendered(strings.TrimSpace(g.Value), maxFieldValue)
			if g.Name == "" {
				g.Name = placeholder
			}
			if g.Value == "" {
				g.Value = placeholder
			}
			fields = append(fields, &g)
		}
		c.Fields = fields
		out = append(out, &c)
	}
	// Fit the total: drop fields from the last embed backwards, then cut
	// descriptions.
	for i := len(out) - 1; i >= 0 && embedsTotal(out) > maxEmbedTotal; i-- {
		for len(out[i].Fields) > 0 && embedsTotal(out) > maxEmbedTotal {
			out[i].Fields = out[i].Fields[:len(out[i].Fields)-1]
		}
	}
	for i := len(out) - 1; i >= 0 && embedsTotal(out) > maxEmbedTotal; i-- {
		over := embedsTotal(out) - maxEmbedTotal
		keep := textLen(out[i].Description) - over
		if keep < 0 {
			keep = 0
		}
		out[i].Description = truncateRendered(out[i].Description, keep)
	}
	for i := len(out) - 1; i >= 0 && embedsTotal(out) > maxEmbedTotal; i-- {
		out = out[:i]
	}
	return out
}

// embedTotal is what Discord counts towards the 6000-character limit.
func embedTotal(e *discordgo.MessageEmbed) int {
	n := textLen(e.Title) + textLen(e.Description)
	for _, f := range e.Fields {
		n += textLen(f.Name) + textLen(f.Value)
	}
	if e.Footer != nil {
		n += textLen(e.Footer.Text)
	}
	if e.Author != nil {
		n += textLen(e.Author.Name)
	}
	return n
}

func embedsTotal(es []*discordgo.MessageEmbed) int {
	n := 0
	for _, e := range es {
		n += embedTotal(e)
	}
	return n
}

// clampComponents cuts button labels to Discord's limit and drops buttons
// whose custom id is too long or missing.
func clampComponents(cs []discordgo.MessageComponent) []discordgo.MessageComponent {
	var out []discordgo.MessageComponent
	for _, c := range cs {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			if p, isPtr := c.(*discordgo.ActionsRow); isPtr && p != nil {
				row, ok = *p, true
			}
		}
		if !ok {
			out = append(out, c)
			continue
		}
		var kept []discordgo.MessageComponent
		for _, rc := range row.Components {
			btn, isBtn := rc.(discordgo.Button)
			if !isBtn {
				kept = append(kept, rc)
				continue
			}
			if btn.URL == "" && (btn.CustomID == "" || len(btn.CustomID) > maxCustomID) {
				continue
			}
			btn.Label = truncateRendered(btn.Label, maxButtonLabel)
			kept = append(kept, btn)
		}
		if len(kept) > 0 {
			out = append(out, discordgo.ActionsRow{Components: kept})
		}
	}
	return out
}

// Patterns of text that Discord would read as a ping or a mention.
var (
	unescapedPing    = regexp.MustCompile(`(?i)@(everyone|here)`)
	unescapedMention = regexp.MustCompile(`<(@[!&]?|#|/[^>]*:)\d+>`)
)

// checkText reports text that is over max units or carries a live mention.
func checkText(what, s string, max int) error {
	if n := textLen(s); n > max {
		return fmt.Errorf("%s is %d units, over the limit of %d", what, n, max)
	}
	if unescapedPing.MatchString(s) {
		return fmt.Errorf("%s has an unescaped @everyone or @here: %q", what, s)
	}
	if unescapedMention.MatchString(s) {
		return fmt.Errorf("%s has a live mention: %q", what, s)
	}
	return nil
}

// checkMessage reports the first way in which a message breaks Discord's
// limits or this bot's rules (no live mentions, no empty message, field or
// value). Tests and the fuzz target use it.
func checkMessage(content string, embeds []*discordgo.MessageEmbed, files int) error {
	if strings.TrimSpace(content) == "" && len(embeds) == 0 && files == 0 {
		return fmt.Errorf("empty message")
	}
	if err := checkText("content", content, maxContent); err != nil {
		return err
	}
	if len(embeds) > maxEmbeds {
		return fmt.Errorf("%d embeds, over the limit of %d", len(embeds), maxEmbeds)
	}
	if t := embedsTotal(embeds); t > maxEmbedTotal {
		return fmt.Errorf("embeds total %d units, over the limit of %d", t, maxEmbedTotal)
	}
	for _, e := range embeds {
		if e.Title == "" && e.Description == "" && len(e.Fields) == 0 && e.Image == nil {
			return fmt.Errorf("empty embed")
		}
		if err := checkText("title", e.Title, maxTitle); err != nil {
			return err
		}
		if err := checkText("description", e.Description, maxDescription); err != nil {
			return err
		}
		if len(e.Fields) > maxFields {
			return fmt.Errorf("%d fields, over the limit of %d", len(e.Fields), maxFields)
		}
		for _, f := range e.Fields {
			if strings.TrimSpace(f.Name) == "" || strings.TrimSpace(f.Value) == "" {
				return fmt.Errorf("empty field name or value: %+v", f)
			}
			if err := checkText("field name", f.Name, maxFieldName); err != nil {
				return err
			}
			if err := checkText("field value", f.Value, maxFieldValue); err != nil {
				return err
			}
		}
		if e.Footer != nil {
			if err := checkText("footer", e.Footer.Text, maxFooter); err != nil {
				return err
			}
		}
	}
	return nil
}
