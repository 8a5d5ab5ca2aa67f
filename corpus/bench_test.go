package corpus

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// peakRSS returns the process's peak resident memory in MiB (Linux), or 0.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkExtract reads the 301-page two-column PDF of make.sh (the essay's
// body 150 times) and, as the baseline in the same run, the same text as
// Markdown. It reports pages per second, the Go heap allocated per read
// and the process's peak resident memory (PDFium's WebAssembly memory
// included). PDFium is started before the timer: the first start is a
// one-off cost per process.
func BenchmarkExtract(b *testing.B) {
	pdf := fixture(b, "long.pdf")
	essay := readEssay(b)
	body := essay[bytes.Index(essay, []byte("\n## "))+1:]
	md := append([]byte("# Long\n\n"), bytes.Repeat(append(body, '\n'), 150)...)
	engine := testEngine()
	if _, err := LoadWith(fstest.MapFS{"warm.pdf": {Data: fixture(b, "glaser.pdf")}}, Options{PDF: engine}); err != nil {
		b.Fatal(err)
	}
	b.Run("pdf-301-pages", func(b *testing.B) {
		pages := 0
		start := time.Now()
		for b.Loop() {
			c, err := LoadWith(fstest.MapFS{"long.pdf": {Data: pdf}}, Options{PDF: engine})
			if err != nil || len(c.Documents) != 1 {
				b.Fatalf("%v %v", err, c.Problems)
			}
			pages += c.Documents[0].Pages
		}
		b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
		b.ReportMetric(peakRSS(), "peak-RSS-MiB")
	})
	b.Run("markdown-same-text", func(b *testing.B) {
		for b.Loop() {
			if _, err := ParseMarkdown("long", "long.md", md); err != nil {
				b.Fatal(err)
			}
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(peakRSS(), "peak-RSS-MiB")
	})
}
