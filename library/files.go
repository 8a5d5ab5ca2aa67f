package library

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
)

// writeFileAtomic replaces path with data: a temporary file in the same
// folder is written, synced and renamed over path, and the folder synced,
// so a crash leaves either the old file or the new one, never a part.
func writeFileAtomic(p string, data []byte) error {
	dir := filepath.Dir(p)
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(p), err)
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, p)
	}
	if err != nil {
		_ = os.Remove(name)
		return fmt.Errorf("write %s: %w", filepath.Base(p), err)
	}
	return syncDir(dir)
}

// copyToTemp copies at most limit bytes of r to a new synced temporary
// file in dir and returns its path and size. More than limit bytes is
// errTooLarge, and the file is removed.
func copyToTemp(dir string, r io.Reader, limit int64) (string, int64, error) {
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return "", 0, fmt.Errorf("store the upload: %w", err)
	}
	name := tmp.Name()
	n, err := io.Copy(tmp, io.LimitReader(r, limit+1))
	if err == nil && n > limit {
		err = errTooLarge
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		if err == errTooLarge {
			return "", n, err
		}
		return "", n, fmt.Errorf("store the upload: %w", err)
	}
	return name, n, nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// maxSlug is the longest document id a server's reading gets.
const maxSlug = 48

// slug makes the document id of an uploaded reading from its title or
// file name: lower-case ASCII letters and digits joined by single hyphens,
// at most maxSlug bytes, never empty. Nothing of a path survives it: it
// has no dots, slashes or back-slashes, so it is safe as a file name.
func slug(s string) string {
	s = strings.TrimSuffix(s, path.Ext(s))
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
		if b.Len() >= maxSlug {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > maxSlug {
		out = strings.Trim(out[:maxSlug], "-")
	}
	if out == "" {
		out = "reading"
	}
	return out
}

// displayName keeps an attachment's file name for people to read: its
// last path element, control characters dropped, at most 200 bytes. It is
// recorded in the manifest and never used as a path.
func displayName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, name)
	if len(name) > 200 {
		cut := 200
		for cut > 0 && !utf8RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut]
	}
	if name == "." || name == "/" {
		return ""
	}
	return name
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
