package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/citebot/citebot/corpus"
)

// readingLimits reads the per-file limits of reading the corpus from the
// settings READINGS_MAX_FILE_MB, READINGS_MAX_PAGES,
// READINGS_MAX_UNPACKED_MB and READINGS_FILE_TIMEOUT (a duration such as
// 90s); an unset one keeps corpus's default.
func readingLimits(env func(string) string) (corpus.Options, error) {
	var o corpus.Options
	num := func(key string) (int64, error) {
		v := strings.TrimSpace(env(key))
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n > 1<<20 {
			return 0, usageError{fmt.Sprintf("%s %q: want a whole number above 0", key, v)}
		}
		return n, nil
	}
	mb, err := num("READINGS_MAX_FILE_MB")
	if err != nil {
		return o, err
	}
	o.MaxFileSize = mb << 20
	pages, err := num("READINGS_MAX_PAGES")
	if err != nil {
		return o, err
	}
	o.MaxPages = int(pages)
	if mb, err = num("READINGS_MAX_UNPACKED_MB"); err != nil {
		return o, err
	}
	o.MaxUnpacked = mb << 20
	if v := strings.TrimSpace(env("READINGS_FILE_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return o, usageError{fmt.Sprintf("READINGS_FILE_TIMEOUT %q: want a duration such as 90s or 5m", v)}
		}
		o.FileTimeout = d
	}
	return o, nil
}
