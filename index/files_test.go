package index

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestSealedStamp checks that a file sealed and left alone is not read
// again at open (its recorded stamp stands in for its checksum), and that
// a file rewritten right after sealing, with the same size, is read and
// fails its checksum.
func TestSealedStamp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "seg.zap")
	if err := os.WriteFile(path, []byte("the stored passages"), 0o644); err != nil {
		t.Fatal(err)
	}
	sums, err := sealFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 1 {
		t.Fatalf("sealed %v", sums)
	}
	s := sums[0]
	if s.Stamp == "" {
		if stamp, _ := fileStamp(mustStat(t, path)); stamp != "" {
			t.Fatal("sealFiles recorded no stamp")
		}
		t.Skip("no file stamps on this system")
	}
	if err := verifyFiles(dir, sums, true); err != nil {
		t.Fatalf("the sealed file: %v", err)
	}
	// A wrong checksum with the file's stamp: the quick check trusts the
	// stamp, the full one reads the file.
	bad := []fileSum{s}
	bad[0].CRC ^= 1
	if err := verifyFiles(dir, bad, true); err != nil {
		t.Errorf("quick check of an unchanged file: %v", err)
	}
	if err := verifyFiles(dir, bad, false); !errors.Is(err, ErrCorrupt) {
		t.Errorf("full check with a wrong checksum: %v, want ErrCorrupt", err)
	}
	if err := os.WriteFile(path, []byte("the stored passageS"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := verifyFiles(dir, sums, true); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a file rewritten after sealing: %v, want ErrCorrupt", err)
	}
	if err := os.WriteFile(path, []byte("the stored passages"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := verifyFiles(dir, sums, true); err != nil {
		t.Errorf("the file restored (a new stamp, the right checksum): %v", err)
	}
}

func mustStat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info
}
