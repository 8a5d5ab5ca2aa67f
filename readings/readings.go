// Package readings embeds the default corpus: the readings citebot answers
// from when no corpus folder is configured.
package readings

import "embed"

// FS holds the default readings (Markdown and text files) and the files that
// describe them (glossary, aliases) at its root.
//
//go:embed *.md *.toml
var FS embed.FS
