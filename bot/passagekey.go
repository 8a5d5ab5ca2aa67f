package bot

import (
	"context"
	"encoding/base32"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/citebot/citebot/corpus"
)

// Passage keys are what button ids and autocomplete values carry instead
// of passage ids: a passage id holds the reading's path, and Discord drops
// custom ids and choice values over 100 characters. A key is "p" and ten
// base32 digits of a hash of the document id, then ".S.P": at most 25
// characters whatever the path, stable across restarts and reindexes, and
// resolved through the index's list of documents.

// keyAlphabet is lowercase base32 without padding.
var keyAlphabet = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// docKey is the short key of a document id.
func docKey(docID string) string {
	h := fnv.New64a()
	h.Write([]byte(docID))
	return "p" + keyAlphabet.EncodeToString(h.Sum(nil))[:10]
}

// passageKey turns a passage id into its short key; anything that is not a
// passage id comes back unchanged.
func passageKey(id string) string {
	doc, sec, para, ok := corpus.ParsePassageID(id)
	if !ok {
		return id
	}
	return fmt.Sprintf("%s.%d.%d", docKey(doc), sec, para)
}

// parsePassageKey splits a key into its document key, section and paragraph.
func parsePassageKey(key string) (doc string, sec, para int, ok bool) {
	parts := strings.Split(key, ".")
	if len(parts) != 3 || len(parts[0]) != 11 || parts[0][0] != 'p' {
		return "", 0, 0, false
	}
	s, err1 := strconv.Atoi(parts[1])
	p, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || s < 0 || p < 1 {
		return "", 0, 0, false
	}
	return parts[0], s, p, true
}

// resolvePassage turns a passage key back into the passage id it stands
// for, through h's list of documents; a ref that is not a key (a citation
// typed by hand, or a full id from an older button) comes back unchanged,
// and so does a key whose document is gone (the lookup then fails as a
// missing passage).
func resolvePassage(ctx context.Context, h Handlers, ref string) (string, error) {
	doc, sec, para, ok := parsePassageKey(ref)
	if !ok {
		return ref, nil
	}
	s, err := h.Sources(ctx)
	if err != nil {
		return "", fmt.Errorf("list the readings: %w", err)
	}
	for _, d := range s.Documents {
		if docKey(d.ID) == doc {
			return corpus.PassageID(d.ID, sec, para), nil
		}
	}
	return ref, nil
}
