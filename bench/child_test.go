package bench

import (
	"context"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestChildReportsCPUTime checks that a child that computes reports CPU
// time from its rusage, and the SQuAD CPU row carries both figures.
func TestChildReportsCPUTime(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	r := &runner{log: io.Discard, rep: &Report{}}
	res, err := r.childOf(context.Background(), sh, []string{"-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done"}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if res.CPU <= 0 || res.Wall <= 0 {
		t.Fatalf("child cost %+v, want wall and CPU time", res)
	}
	row := cpuRow("top 10", childResult{Wall: time.Second, CPU: 2 * time.Second}, childResult{Wall: time.Second, CPU: time.Second}, "")
	r.add(row)
	got := r.rep.Rows[0]
	if got.Citebot != 2 || got.Plain != 1 || got.Ratio != 2 || !strings.Contains(got.Figure, "CPU time") {
		t.Errorf("CPU row %+v", got)
	}
}
