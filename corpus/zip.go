package corpus

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// maxZipEntries is the most entries a DOCX or EPUB may hold.
const maxZipEntries = 10000

// zipReader reads the entries of a DOCX or EPUB within a budget of
// decompressed bytes shared by all entries, so that a zip bomb fails
// after reading at most the budget, whatever its headers claim.
type zipReader struct {
	files  map[string]*zip.File
	budget int64 // bytes that may still be decompressed
	limit  int64
}

// openZip opens data as a zip archive with maxUnpacked bytes to spend.
func openZip(data []byte, maxUnpacked int64) (*zipReader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: not a readable zip archive (%w); save or export it again", ErrDamaged, err)
	}
	if len(zr.File) > maxZipEntries {
		return nil, fmt.Errorf("%w (%d entries; the limit is %d)", ErrUnpackedTooLarge, len(zr.File), maxZipEntries)
	}
	z := &zipReader{files: map[string]*zip.File{}, budget: maxUnpacked, limit: maxUnpacked}
	var claimed uint64
	for _, f := range zr.File {
		z.files[f.Name] = f
		claimed += f.UncompressedSize64
	}
	// Headers can lie, so this is only an early refusal; reading checks
	// the real sizes.
	if claimed > uint64(maxUnpacked) && claimed > 0 {
		return nil, z.tooLarge(claimed)
	}
	return z, nil
}

// tooLarge is the problem for an archive that inflates beyond the limit.
func (z *zipReader) tooLarge(size uint64) error {
	return fmt.Errorf("%w (at least %.0f MiB; the limit is %.0f MiB)", ErrUnpackedTooLarge, float64(size)/(1<<20), float64(z.limit)/(1<<20))
}

// has reports whether the archive holds an entry called name.
func (z *zipReader) has(name string) bool { return z.files[name] != nil }

// read returns the decompressed bytes of the entry called name.
func (z *zipReader) read(name string) ([]byte, error) {
	f := z.files[name]
	if f == nil {
		return nil, fmt.Errorf("%w: %s is missing", ErrDamaged, name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s cannot be opened (%w)", ErrDamaged, name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, z.budget+1))
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: %s cannot be read (%w)", ErrDamaged, name, err)
	}
	if int64(len(data)) > z.budget {
		return nil, z.tooLarge(uint64(z.limit - z.budget + int64(len(data))))
	}
	z.budget -= int64(len(data))
	return data, nil
}
