//go:build linux

package index

import (
	"io/fs"
	"strconv"
	"syscall"
	"time"
)

// fileStamp identifies a file's state on disk: its device and inode, its
// size, and its modification and status-change times. Any write,
// truncation, replacement or change of times moves the status-change time
// (ctime), which no program can set back, so a file whose stamp is what it
// was when it was sealed has not been changed through the file system
// since (see sealFiles for writes within the same tick of the clock). It
// returns "" when the system reports none of these, and the ctime.
func fileStamp(info fs.FileInfo) (string, time.Time) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return "", time.Time{}
	}
	b := make([]byte, 0, 96)
	for i, n := range []int64{int64(st.Dev), int64(st.Ino), st.Size,
		st.Mtim.Sec, st.Mtim.Nsec, st.Ctim.Sec, st.Ctim.Nsec} {
		if i > 0 {
			b = append(b, ':')
		}
		b = strconv.AppendInt(b, n, 10)
	}
	return string(b), time.Unix(st.Ctim.Sec, st.Ctim.Nsec)
}
