package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/citebot/citebot/handlers"
)

// searchLimit is how many passages one page of /search lists.
const searchLimit = 10

// searchButtonPrefix starts the ids of /search's paging buttons:
// srch:<searcher id>:<offset>. The terms are the embed's title.
const searchButtonPrefix = "srch"

func (b *Bot) searchCommand() command {
	return command{
		def: &discordgo.ApplicationCommand{
			Name:        "search",
			Description: "Find passages with these words; put a phrase in \"quotes\" to match it exactly.",
			Contexts:    anywhere(),
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionString,
				Name:        "terms",
				Description: "Words to look for, e.g. \"balance of power\" alliance",
				Required:    true,
				MaxLength:   300,
			}},
		},
		run: b.runSearch,
	}
}

func (b *Bot) runSearch(c *call, data discordgo.ApplicationCommandInteractionData) {
	if !c.allowQuestion() {
		return
	}
	terms := strings.TrimSpace(option(data.Options, "terms"))
	searcher := c.userID()
	c.slow(false, askTimeout, func(ctx context.Context) reply {
		return b.searchPage(ctx, c, terms, searcher, 0)
	})
}

// searchPage renders one page of a search, from offset on, with buttons
// to the pages before and after.
func (b *Bot) searchPage(ctx context.Context, c *call, terms, searcher string, offset int) reply {
	if terms == "" {
		return ephemeral("empty", "Give some words to search for.")
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
	rs, err := h.Search(ctx, terms, offset+searchLimit+1)
	if err != nil {
		return handlerFailure(err)
	}
	if len(rs) <= offset {
		if offset > 0 {
			return ephemeral("no_more", "There are no further passages for this search.")
		}
		return ephemeral("not_found", "No passage matches “"+fitText(terms, 300)+"”. Try fewer or other words; a phrase in quotes must match exactly.")
	}
	more := len(rs) > offset+searchLimit && offset+searchLimit < handlers.MaxTop
	page := rs[offset:min(len(rs), offset+searchLimit)]
	return reply{
		Embeds:     []*discordgo.MessageEmbed{renderSearch(terms, page, offset)},
		Components: pageButtons(searchButtonPrefix+":"+searcher, offset, searchLimit, more),
		outcome:    "found",
	}
}

// runSearchPage turns the page of a search: the searcher's message is
// edited, anyone else gets a private copy to page on their own.
func (b *Bot) runSearchPage(c *call, args []string) {
	offset, ok := pageOffset(args)
	var terms string
	if c.in.Message != nil && len(c.in.Message.Embeds) > 0 {
		terms = unescape(strings.TrimPrefix(c.in.Message.Embeds[0].Title, "Search: "))
	}
	if !ok || strings.TrimSpace(terms) == "" {
		c.disableButtons("bad_button", "That button no longer works. Search again with /search.")
		return
	}
	searcher, private := args[0], false
	if c.userID() != searcher {
		searcher, private = c.userID(), true
	} else {
		c.update = true
	}
	c.slow(private, askTimeout, func(ctx context.Context) reply {
		r := b.searchPage(ctx, c, terms, searcher, offset)
		r.Ephemeral = r.Ephemeral || private
		return r
	})
}

// pageButtons are Previous and Next for a paged list whose button ids
// start with prefix and end in the offset of the page they show.
func pageButtons(prefix string, offset, size int, more bool) []discordgo.MessageComponent {
	prev := discordgo.Button{Label: "Previous", Style: discordgo.SecondaryButton, CustomID: prefix + ":" + strconv.Itoa(max(0, offset-size)), Disabled: offset == 0}
	next := discordgo.Button{Label: "Next", Style: discordgo.SecondaryButton, CustomID: prefix + ":" + strconv.Itoa(offset+size), Disabled: !more}
	if offset == 0 && !more {
		return nil
	}
	if prev.CustomID == next.CustomID {
		next.CustomID += ":n"
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{prev, next}}}
}

// pageOffset reads the offset, the last argument of a paging button.
func pageOffset(args []string) (int, bool) {
	if len(args) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(args[1])
	if err != nil || n < 0 || n > 10000 {
		return 0, false
	}
	return n, true
}

// renderSearch lists matching passages with their citations and short
// excerpts.
func renderSearch(terms string, rs []handlers.Result, offset int) *discordgo.MessageEmbed {
	if len(rs) > searchLimit {
		rs = rs[:searchLimit]
	}
	desc := fmt.Sprintf("%d %s found. Read one in full with /passage and its citation.", len(rs), plural(len(rs), "passage", "passages"))
	if offset > 0 || len(rs) == searchLimit {
		desc = fmt.Sprintf("Passages %d–%d. Read one in full with /passage and its citation.", offset+1, offset+len(rs))
	}
	e := &discordgo.MessageEmbed{
		Title:       "Search: " + fitText(terms, maxTitle-8),
		Description: desc,
		Color:       embedColour,
	}
	for _, r := range rs {
		name := fitText(r.Citation(), 150)
		if name == "" {
			name = "Passage"
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: excerptValue(r, 300)})
	}
	return e
}
