package bench

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Latencies summarises timed operations.
type Latencies struct {
	N        int
	P50, P99 time.Duration
	Mean     time.Duration
	Max      time.Duration
}

// Summarize computes the median, 99th percentile (nearest rank), mean and
// maximum of the samples; it sorts them.
func Summarize(samples []time.Duration) Latencies {
	if len(samples) == 0 {
		return Latencies{}
	}
	slices.Sort(samples)
	var sum time.Duration
	for _, s := range samples {
		sum += s
	}
	return Latencies{
		N:    len(samples),
		P50:  percentile(samples, 50),
		P99:  percentile(samples, 99),
		Mean: sum / time.Duration(len(samples)),
		Max:  samples[len(samples)-1],
	}
}

// percentile is the nearest-rank percentile of sorted samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.999999) - 1
	rank = max(0, min(rank, len(sorted)-1))
	return sorted[rank]
}

// ProcStatus reads the resident set size now (VmRSS) and at its peak
// (VmHWM) of a process from /proc, in bytes; pid 0 means this process. It
// returns zeros where /proc is missing.
func ProcStatus(pid int) (rss, peak int64) {
	path := "/proc/self/status"
	if pid > 0 {
		path = "/proc/" + strconv.Itoa(pid) + "/status"
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) == 0 {
			continue
		}
		n, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			continue
		}
		if k == "VmRSS" {
			rss = n * 1024
		} else {
			peak = n * 1024
		}
	}
	return rss, peak
}

// DirSize is the total size of the regular files below dir.
func DirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// runtimeProcs is GOMAXPROCS.
func runtimeProcs() int { return runtime.GOMAXPROCS(0) }
