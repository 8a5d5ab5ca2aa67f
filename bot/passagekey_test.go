package bot

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/citebot/citebot/corpus"
	"github.com/citebot/citebot/handlers"
	"github.com/citebot/citebot/retrieval"
)

// longPath is a reading whose passage ids are longer than a custom id
// may be, as study groups name their files.
var longPath = retrieval.DocInfo{
	ID:       "week-03/mearsheimer-2001-the-tragedy-of-great-power-politics-chapter-2-anarchy-and-the-struggle-for-power-x",
	Title:    "The Tragedy of Great Power Politics (ch. 2)",
	Citation: "Mearsheimer 2001",
}

// longHandlers is fakeHandlers with the long-path reading beside Glaser.
type longHandlers struct{ fakeHandlers }

func (*longHandlers) Sources(context.Context) (handlers.Sources, error) {
	return handlers.Sources{Documents: []retrieval.DocInfo{glaser, longPath}}, nil
}

func (*longHandlers) Passage(_ context.Context, ref string) (handlers.PassageView, error) {
	if doc, sec, para, ok := corpus.ParsePassageID(ref); ok && doc == longPath.ID {
		p := corpus.Passage{ID: ref, DocID: doc, Section: sec, Paragraph: para, Text: "Great powers fear each other."}
		return handlers.PassageView{Doc: longPath, Passage: p, PrevID: corpus.PassageID(doc, sec, para-1), NextID: corpus.PassageID(doc, sec, para+1)}, nil
	}
	return handlers.PassageView{}, handlers.ErrNoPassage
}

func (*longHandlers) CompleteRef(string, int) []handlers.Choice {
	return []handlers.Choice{{Label: "Mearsheimer 2001 · §2 ¶3", Value: corpus.PassageID(longPath.ID, 2, 3)}}
}

// TestLongPathsKeepTheirButtons checks that a reading with a 120-character
// passage id keeps Full paragraph, Previous/Next and its /passage
// suggestions, and that the short keys lead back to the passage.
func TestLongPathsKeepTheirButtons(t *testing.T) {
	id := corpus.PassageID(longPath.ID, 2, 3)
	if len(id) < 110 {
		t.Fatalf("the test id is only %d long", len(id))
	}
	h := &longHandlers{}
	b, _ := newTestBot(t, h, Config{})
	r := handlers.Result{Doc: longPath, Passage: corpus.Passage{ID: id, DocID: longPath.ID, Section: 2, Paragraph: 3, Text: "Great powers fear each other."}}
	var am message
	for _, row := range answerButtons(handlers.Answer{Results: []handlers.Result{r}}, 0, userAda, "k1", true) {
		raw, err := json.Marshal(row)
		if err != nil {
			t.Fatal(err)
		}
		am.Components = append(am.Components, raw)
	}
	if got := am.customIDs(t); !slices.Contains(got, "full:"+passageKey(id)) {
		t.Errorf("answer buttons %q lack Full paragraph", got)
	}
	full := runInteraction(t, b, []byte(strings.Replace(string(interaction(t, "ask_full")), "full:glaser-2025-china-russia#2.9", "full:"+passageKey(id), 1)))
	if fm := full[len(full)-1].decode(t); len(fm.Embeds) != 1 || !strings.Contains(fm.Embeds[0].Description, "Great powers") {
		t.Errorf("Full paragraph by key: %s", full[len(full)-1].Payload)
	}
	v, _ := h.Passage(context.Background(), id)
	calls := runInteraction(t, b, []byte(strings.Replace(string(interaction(t, "passage")), `"§2 ¶9"`, `"`+passageKey(id)+`"`, 1)))
	checkCalls(t, calls)
	m := calls[len(calls)-1].decode(t)
	if len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Title, "Mearsheimer 2001") {
		t.Fatalf("/passage with a key: %s", calls[len(calls)-1].Payload)
	}
	btns := m.customIDs(t)
	if len(btns) != 2 || btns[0] != "psg:"+userAda+":"+passageKey(v.PrevID) || btns[1] != "psg:"+userAda+":"+passageKey(v.NextID) {
		t.Errorf("Previous/Next %q", btns)
	}
	for _, c := range btns {
		if len(c) > maxCustomID {
			t.Errorf("custom id of %d: %s", len(c), c)
		}
	}
	got, err := resolvePassage(context.Background(), h, passageKey(id))
	if err != nil || got != id {
		t.Errorf("resolve %q = %q, %v", passageKey(id), got, err)
	}
	auto := runInteraction(t, b, interaction(t, "passage_autocomplete"))[0].decode(t)
	if len(auto.Choices) != 1 || auto.Choices[0]["value"] != passageKey(id) {
		t.Errorf("autocomplete %+v", auto.Choices)
	}
}
