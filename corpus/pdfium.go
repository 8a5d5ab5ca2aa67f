package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// pdfiumMemoryPages caps the WebAssembly memory of PDFium in 64 KiB
// pages: 1 GiB, so that a PDF crafted to make PDFium allocate without end
// fails instead of filling the machine's memory.
const pdfiumMemoryPages = 1 << 14

// PDFEngine runs PDFium (Chrome's PDF engine) compiled to WebAssembly,
// through wazero, in this process: no cgo and no system library. It is
// started on first use, so that a corpus without PDFs never pays the few
// seconds compiling PDFium takes; the compiled code is kept in a cache
// folder so that later processes start quicker. An engine is safe for
// concurrent use: PDFs are read one at a time. Close releases it.
type PDFEngine struct {
	cacheDir string

	mu     sync.Mutex
	pool   pdfium.Pool
	inst   pdfium.Pdfium
	cache  wazero.CompilationCache
	err    error // why PDFium could not be started, once tried
	closed bool
}

// NewPDFEngine returns an engine that keeps PDFium's compiled code in
// cacheDir; "" means citebot/wazero under the user cache directory, and
// no cache at all when there is none. Nothing is started until the first
// PDF is read.
func NewPDFEngine(cacheDir string) *PDFEngine {
	return &PDFEngine{cacheDir: cacheDir}
}

// DefaultPDFCacheDir is where PDFium's compiled code is kept by default:
// citebot/wazero under the user cache directory, or "" when there is none.
func DefaultPDFCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		return ""
	}
	return filepath.Join(dir, "citebot", "wazero")
}

// instance starts PDFium when it is not running and returns it; the
// caller holds e.mu.
func (e *PDFEngine) instance() (pdfium.Pdfium, error) {
	if e.closed {
		return nil, errors.New("the PDF engine is closed")
	}
	if e.inst != nil {
		return e.inst, nil
	}
	if e.err != nil {
		return nil, e.err
	}
	if e.pool == nil {
		cfg := wazero.NewRuntimeConfig().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithCloseOnContextDone(true).
			WithMemoryLimitPages(pdfiumMemoryPages)
		dir := e.cacheDir
		if dir == "" {
			dir = DefaultPDFCacheDir()
		}
		if dir != "" {
			if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
				e.cache = cache
				cfg = cfg.WithCompilationCache(cache)
			}
		}
		pool, err := webassembly.Init(webassembly.Config{
			MinIdle:       0,
			MaxIdle:       1,
			MaxTotal:      1,
			FSConfig:      wazero.NewFSConfig(), // PDFs are passed as bytes: no files are visible
			RuntimeConfig: cfg,
			Stdout:        io.Discard,
			Stderr:        io.Discard,
		})
		if err != nil {
			e.err = fmt.Errorf("PDF engine cannot start: %w", err)
			return nil, e.err
		}
		e.pool = pool
	}
	inst, err := e.pool.GetInstance(30 * time.Second)
	if err != nil {
		return nil, fmt.Errorf("PDF engine cannot start: %w", err)
	}
	e.inst = inst
	return inst, nil
}

// withPDF runs fn with PDFium, at most timeout long: when fn has not
// returned by then PDFium is stopped (it is restarted for the next PDF)
// and the error wraps ErrTimeout.
func (e *PDFEngine) withPDF(ctx context.Context, timeout time.Duration, fn func(pdfium.Pdfium) error) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	inst, err := e.instance()
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("PDF engine failed: %v", r)
			}
		}()
		done <- fn(inst)
	}()
	var stop <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		stop = t.C
	}
	select {
	case err := <-done:
		if err != nil && isEngineFailure(err) {
			e.kill()
		}
		return err
	case <-stop:
		e.kill()
		<-done
		return fmt.Errorf("%w (more than %s)", ErrTimeout, timeout)
	case <-ctx.Done():
		e.kill()
		<-done
		return ctx.Err()
	}
}

// isEngineFailure reports whether err says PDFium itself broke (a trap
// in the WebAssembly code), after which its instance is not trusted.
func isEngineFailure(err error) bool {
	s := err.Error()
	return strings.Contains(s, "wasm error") || strings.Contains(s, "PDF engine failed") || strings.Contains(s, "module closed")
}

// kill stops the running instance; the next PDF gets a new one. The
// caller holds e.mu.
func (e *PDFEngine) kill() {
	if e.inst != nil {
		e.inst.Kill()
		e.inst = nil
	}
}

// Close stops PDFium when it was started. The engine cannot be used after.
func (e *PDFEngine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	var err error
	if e.inst != nil {
		err = e.inst.Close()
		e.inst = nil
	}
	if e.pool != nil {
		err = errors.Join(err, e.pool.Close())
		e.pool = nil
	}
	if e.cache != nil {
		err = errors.Join(err, e.cache.Close(context.Background()))
	}
	return err
}

// Started reports whether PDFium has been started, for tests and
// benchmarks that check it is started lazily.
func (e *PDFEngine) Started() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.pool != nil
}

// pdfGlyph is one character PDFium found on a page, with its box in
// points from the page's top-left corner.
type pdfGlyph struct {
	r                        rune
	index                    int // PDFium's index of the character on its page
	left, top, right, bottom float64
}

// pdfRaw is what PDFium read from a PDF: its metadata and each page's
// lines, their font sizes and weights looked up.
type pdfRaw struct {
	title, author string
	pages         [][]pdfLine
	width         []float64 // page widths in points
	height        []float64
}

// readPDF opens data with PDFium and returns its glyphs, refusing more
// than maxPages pages.
func readPDF(inst pdfium.Pdfium, data []byte, maxPages int) (*pdfRaw, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil, pdfOpenError(err, data)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	if maxPages > 0 && count.PageCount > maxPages {
		return nil, fmt.Errorf("%w (%d pages; the limit is %d)", ErrTooManyPages, count.PageCount, maxPages)
	}
	raw := &pdfRaw{}
	if t, err := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: doc.Document, Tag: "Title"}); err == nil {
		raw.title = collapseSpace(t.Value)
	}
	if a, err := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: doc.Document, Tag: "Author"}); err == nil {
		raw.author = collapseSpace(a.Value)
	}
	for i := 0; i < count.PageCount; i++ {
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		size, err := inst.GetPageSize(&requests.GetPageSize{Page: page})
		if err != nil {
			return nil, fmt.Errorf("%w (page %d: %w)", ErrDamaged, i+1, err)
		}
		// The characters' boxes only: asking for font information with
		// them costs a dozen calls into PDFium per character, so the font
		// is looked up once per line below.
		text, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
			Page: page,
			Mode: requests.GetPageTextStructuredModeChars,
		})
		if err != nil {
			return nil, fmt.Errorf("%w (page %d: %w)", ErrDamaged, i+1, err)
		}
		glyphs := make([]pdfGlyph, 0, len(text.Chars))
		for j, c := range text.Chars {
			r, n := utf8.DecodeRuneInString(c.Text)
			if n == 0 || n != len(c.Text) {
				continue
			}
			glyphs = append(glyphs, pdfGlyph{
				r:      r,
				index:  j,
				left:   c.PointPosition.Left,
				right:  c.PointPosition.Right,
				top:    size.Height - c.PointPosition.Top,
				bottom: size.Height - c.PointPosition.Bottom,
			})
		}
		lines := pdfLines(i+1, glyphs)
		if err := lineFonts(inst, page, lines); err != nil {
			return nil, fmt.Errorf("%w (page %d: %w)", ErrDamaged, i+1, err)
		}
		raw.pages = append(raw.pages, lines)
		raw.width = append(raw.width, size.Width)
		raw.height = append(raw.height, size.Height)
	}
	return raw, nil
}

// lineFonts looks up each line's font size and boldness from two of its
// characters (the first and the middle one): a line set in one type gives
// its size, and a heading is bold throughout.
func lineFonts(inst pdfium.Pdfium, page requests.Page, lines []pdfLine) error {
	if len(lines) == 0 {
		return nil
	}
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	names := map[[2]int]string{} // font name by (size×100, weight), looked up once
	for i := range lines {
		l := &lines[i]
		bold := true
		for k, idx := range []int{l.midChar, l.firstChar} {
			if k == 1 && idx == l.midChar {
				break
			}
			fs, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp.TextPage, Index: idx})
			if err != nil {
				return err
			}
			weight := 0
			if fw, err := inst.FPDFText_GetFontWeight(&requests.FPDFText_GetFontWeight{TextPage: tp.TextPage, Index: idx}); err == nil {
				weight = fw.FontWeight
			}
			key := [2]int{int(fs.FontSize * 100), weight}
			name, ok := names[key]
			if !ok {
				if fi, err := inst.FPDFText_GetFontInfo(&requests.FPDFText_GetFontInfo{TextPage: tp.TextPage, Index: idx}); err == nil {
					name = fi.FontName
				}
				names[key] = name
			}
			if k == 0 && fs.FontSize > 0 {
				l.size = math.Round(fs.FontSize*10) / 10
			}
			if weight < 600 && !boldFont(name) {
				bold = false
			}
		}
		l.bold = bold
	}
	return nil
}

// pdfOpenError turns PDFium's reason for not opening a PDF into one a
// person can act on.
func pdfOpenError(err error, data []byte) error {
	s := strings.ToLower(err.Error())
	switch {
	// PDFium does not always say why (a reused instance may answer
	// "unexpected error"), so an /Encrypt entry in the trailer says it too.
	case strings.Contains(s, "password") || bytes.Contains(data, []byte("/Encrypt")):
		return fmt.Errorf("%w: remove the password (e.g. qpdf --decrypt --password=… in.pdf out.pdf) and add it again", ErrEncrypted)
	case strings.Contains(s, "security"):
		return fmt.Errorf("%w: its security handler is not supported; save an unprotected copy", ErrEncrypted)
	case strings.Contains(s, "format"), strings.Contains(s, "file"):
		return fmt.Errorf("%w: PDFium cannot open it (truncated or corrupt?); download or export it again", ErrDamaged)
	}
	return fmt.Errorf("%w: %w", ErrDamaged, err)
}
