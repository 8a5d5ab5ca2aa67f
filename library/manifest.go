package library

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/citebot/citebot/corpus"
)

// manifestFormat is the version of manifest.json this code writes.
const manifestFormat = 1

// manifest is what a server's library holds: its readings, the shared
// readings it hides, and its settings. It is the library's truth; the
// index is built from it and rebuilt when it does not match.
type manifest struct {
	Format   int       `json:"format"`
	Readings []Reading `json:"readings"`
	// Hidden lists the ids of shared readings this server does not search.
	Hidden []string `json:"hidden,omitempty"`
	// ModeratorRole is the role whose members may manage the library,
	// besides members with Manage Server; "" means the operator's default.
	ModeratorRole      string    `json:"moderator_role,omitempty"`
	ModeratorRoleSetBy string    `json:"moderator_role_set_by,omitempty"`
	ModeratorRoleSetAt time.Time `json:"moderator_role_set_at,omitzero"`
}

// Reading is one reading a server added.
type Reading struct {
	// ID is the reading's document id below "server/": a slug of its title
	// or file name, unique in the server.
	ID string `json:"id"`
	// File is the reading's file name in the server's readings folder: the
	// ID and the format's extension.
	File string `json:"file"`
	// Name is the attachment's file name as it was given, for people to
	// read; it never names a path.
	Name  string `json:"name"`
	Title string `json:"title"`
	// TitleGiven says the moderator gave the title; it is then used in
	// place of the one parsed from the reading.
	TitleGiven bool          `json:"title_given,omitempty"`
	Author     string        `json:"author,omitempty"`
	Format     corpus.Format `json:"format"`
	Hash       string        `json:"sha256"`
	Size       int64         `json:"size"`
	Passages   int           `json:"passages"`
	Pages      int           `json:"pages,omitempty"` // a PDF's page count
	// AddedBy is the Discord user id of the moderator who added it, or
	// "operator" for the CLI.
	AddedBy string    `json:"added_by"`
	AddedAt time.Time `json:"added_at"`
}

// DocID is the reading's document id in the server's index.
func (r Reading) DocID() string { return serverPrefix + r.ID }

// serverPrefix puts a server's own readings in a folder of their own in
// its corpus, apart from the shared readings' ids.
const serverPrefix = "server/"

// readManifest reads a server's manifest; a server with none has an
// empty library.
func readManifest(p string) (manifest, error) {
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return manifest{Format: manifestFormat}, nil
	}
	if err != nil {
		return manifest{}, fmt.Errorf("read the library manifest: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return manifest{}, fmt.Errorf("read the library manifest %s: %w", p, err)
	}
	if m.Format > manifestFormat {
		return manifest{}, fmt.Errorf("the library manifest %s is format %d; this citebot reads up to %d", p, m.Format, manifestFormat)
	}
	for _, r := range m.Readings {
		if r.ID == "" || slug(r.ID) != r.ID || r.File != r.ID+extOf(r.Format) {
			return manifest{}, fmt.Errorf("the library manifest %s names a reading %q that citebot did not write", p, r.ID)
		}
	}
	m.Format = manifestFormat
	return m, nil
}

// write replaces the manifest on disk atomically.
func (m manifest) write(p string) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode the library manifest: %w", err)
	}
	return writeFileAtomic(p, append(data, '\n'))
}

// clone copies m so that a change to the copy leaves m as it was.
func (m manifest) clone() manifest {
	m.Readings = slices.Clone(m.Readings)
	m.Hidden = slices.Clone(m.Hidden)
	return m
}

// find returns the index of the reading with id, or -1.
func (m manifest) find(id string) int {
	return slices.IndexFunc(m.Readings, func(r Reading) bool { return r.ID == id })
}

// extOf is the extension a reading of format f is stored with.
func extOf(f corpus.Format) string {
	switch f {
	case corpus.FormatMarkdown:
		return ".md"
	case corpus.FormatText:
		return ".txt"
	case corpus.FormatPDF:
		return ".pdf"
	case corpus.FormatDOCX:
		return ".docx"
	case corpus.FormatEPUB:
		return ".epub"
	case corpus.FormatHTML:
		return ".html"
	}
	return ".bin"
}
