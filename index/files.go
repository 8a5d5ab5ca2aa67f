package index

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// stampTick is more than the longest step of the file system's clock.
const stampTick = 20 * time.Millisecond

// castagnoli is the CRC-32C table; Go computes it with CPU instructions
// where there are some, so checking an index costs little more than
// reading it.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sealFiles makes the finished Bleve index in dir durable and lists its
// files with their sizes, checksums and stamps (see fileStamp): it reads
// and fsyncs every file, then fsyncs the directories, so that once CURRENT
// names the generation a crash or power loss cannot leave it half written.
func sealFiles(dir string) ([]fileSum, error) {
	var sums []fileSum
	var dirs []string
	var newest time.Time // the latest status-change time of a file
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, path)
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", path)
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		size, crc, err := checksum(f)
		if err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		info, err := f.Stat()
		if err != nil {
			return err
		}
		stamp, ctime := fileStamp(info)
		if info.Size() != size {
			stamp = ""
		}
		if ctime.After(newest) {
			newest = ctime
		}
		sums = append(sums, fileSum{Path: filepath.ToSlash(rel), Size: size, CRC: crc, Stamp: stamp})
		return f.Close()
	})
	if err != nil {
		return nil, fmt.Errorf("seal index files: %w", err)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		syncDir(dirs[i])
	}
	// The file system's clock moves in ticks (of at most 10 ms): a write
	// in the tick of a file's last change would leave its stamp as it is.
	// Once a tick has passed since the newest change, no write can.
	if wait := time.Until(newest.Add(stampTick)); wait > 0 {
		time.Sleep(wait)
	}
	sort.Slice(sums, func(i, j int) bool { return sums[i].Path < sums[j].Path })
	return sums, nil
}

// verifyFiles checks that every file listed in sums is in dir with its
// size and checksum. A mismatch wraps ErrCorrupt. With quick set, a file
// whose stamp is the one recorded when it was sealed (it has not been
// written, truncated, replaced or had its times set since its checksum was
// computed) is not read again: checksumming the 116 MB segment of 100,000
// passages took 30 ms of a 200 ms cold start. A file with another stamp,
// or none recorded, is read and checksummed.
func verifyFiles(dir string, sums []fileSum, quick bool) error {
	if len(sums) == 0 {
		return fmt.Errorf("manifest lists no index files: %w", ErrCorrupt)
	}
	for _, s := range sums {
		if !filepath.IsLocal(filepath.FromSlash(s.Path)) {
			return fmt.Errorf("manifest lists %q, outside the index: %w", s.Path, ErrCorrupt)
		}
		if err := verifyFile(filepath.Join(dir, filepath.FromSlash(s.Path)), s, quick); err != nil {
			return err
		}
	}
	return nil
}

func verifyFile(path string, s fileSum, quick bool) error {
	if quick && s.Stamp != "" {
		if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
			if stamp, _ := fileStamp(info); stamp == s.Stamp {
				return nil
			}
		}
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s is missing: %w", s.Path, ErrCorrupt)
	}
	if err != nil {
		return fmt.Errorf("check %s: %w", s.Path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("check %s: %w", s.Path, err)
	}
	if info.Size() != s.Size {
		return fmt.Errorf("%s has %d bytes, want %d: %w", s.Path, info.Size(), s.Size, ErrCorrupt)
	}
	_, crc, err := checksum(f)
	if err != nil {
		return fmt.Errorf("check %s: %w", s.Path, err)
	}
	if crc != s.CRC {
		return fmt.Errorf("%s fails its checksum: %w", s.Path, ErrCorrupt)
	}
	return nil
}

// checksum reads r to the end and returns its length and CRC-32C.
func checksum(r io.Reader) (int64, uint32, error) {
	h := crc32.New(castagnoli)
	n, err := io.CopyBuffer(h, r, make([]byte, 256<<10))
	return n, h.Sum32(), err
}

// syncDir fsyncs a directory so that the names in it are durable. It is
// best effort: some systems cannot sync directories.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
