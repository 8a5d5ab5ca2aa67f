//go:build !unix

package index

import (
	"os"
	"time"
)

// lockDir does not lock on systems without flock; Bleve's own bolt lock
// (with a timeout) still keeps a second process out of an open generation.
func lockDir(dir string, wait time.Duration) (*os.File, error) { return nil, nil }
