package library

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/citebot/citebot/corpus"
)

// AddToFolder copies a reading into the shared readings folder dir, as the
// operator's `citebot readings add FILE` does: at most limit bytes are
// read, the content is checked against the name's extension, and the file
// is written atomically under a sanitised name (a slug of name with the
// format's extension). It refuses, wrapping ErrRefused, a file that is too
// large, of another format, or whose name is taken. It returns the new
// file's name.
func AddToFolder(dir, name string, r io.Reader, limit int64) (string, error) {
	info, err := os.Stat(dir)
	if err != nil || !info.IsDir() {
		return "", fmt.Errorf("the readings folder %s: %w", dir, errors.Join(err, errors.New("not a folder")))
	}
	tmp, _, err := copyToTemp(dir, r, limit)
	if errors.Is(err, errTooLarge) {
		return "", refuse(corpus.ErrTooLarge, "%s is too large: the limit is %s.", quoteName(name), sizeText(limit))
	}
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp)
	data, err := os.ReadFile(tmp)
	if err != nil {
		return "", fmt.Errorf("read the copy back: %w", err)
	}
	format, err := corpus.DetectFormat(name, data)
	if err != nil {
		return "", refuse(err, "I can't use %s: %s.", quoteName(name), err)
	}
	file := slug(filepath.Base(name)) + extOf(format)
	dest := filepath.Join(dir, file)
	// Link, not rename: it fails rather than replace a reading of that name.
	if err := os.Link(tmp, dest); err != nil {
		if errors.Is(err, os.ErrExist) {
			return "", refuse(err, "The readings folder already has a file called %s; remove it first or rename yours.", file)
		}
		return "", fmt.Errorf("store %s: %w", file, err)
	}
	if err := syncDir(dir); err != nil {
		return "", err
	}
	return file, nil
}
