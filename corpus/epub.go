package corpus

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
)

// ParseEPUB parses an EPUB book into a Document, reading at most
// maxUnpacked decompressed bytes. The package document (OPF) named by
// META-INF/container.xml gives the metadata (dc:title, dc:creator,
// dc:date) and the spine: its XHTML files are read in order, each as
// ParseHTML reads a page's main content, and their headings are the
// sections, numbered through the whole book. Spine items marked
// linear="no" and the navigation document are left out.
func ParseEPUB(id, p string, src []byte, maxUnpacked int64) (Document, error) {
	doc := newDocument(id, p, src)
	doc.Format = FormatEPUB
	z, err := openZip(src, maxUnpacked)
	if err != nil {
		return Document{}, err
	}
	container, err := z.read("META-INF/container.xml")
	if err != nil {
		return Document{}, err
	}
	opfPath := epubRootfile(container)
	if opfPath == "" {
		return Document{}, fmt.Errorf("%w: META-INF/container.xml names no package document", ErrDamaged)
	}
	opfData, err := z.read(opfPath)
	if err != nil {
		return Document{}, err
	}
	opf, err := parseOPF(opfData)
	if err != nil {
		return Document{}, err
	}
	if opf.title != "" {
		doc.Title = opf.title
	}
	if opf.creator != "" {
		doc.Author = opf.creator
		if name, aff, ok := personLine(opf.creator); ok {
			doc.Author, doc.Affiliation = name, aff
		}
	}
	doc.Date = opf.date
	var blocks []textBlock
	base := path.Dir(opfPath)
	for _, href := range opf.spine {
		name := resolveHref(base, href)
		if !z.has(name) {
			continue // a spine item missing from the archive: read the rest
		}
		data, err := z.read(name)
		if err != nil {
			return Document{}, err
		}
		root, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			return Document{}, fmt.Errorf("%w: %s: %w", ErrDamaged, name, err)
		}
		chapter := htmlBlocks(root)
		if len(chapter) > 0 {
			chapter[0].breakBefore = true
		}
		blocks = append(blocks, chapter...)
	}
	if err := buildBlocks(&doc, blocks); err != nil {
		return Document{}, err
	}
	return doc, nil
}

// resolveHref resolves an href of the OPF against the OPF's folder.
func resolveHref(base, href string) string {
	if u, err := url.PathUnescape(href); err == nil {
		href = u
	}
	if i := strings.IndexByte(href, '#'); i >= 0 {
		href = href[:i]
	}
	return path.Clean(path.Join(base, href))
}

// epubRootfile returns the full-path of the first rootfile in container.xml.
func epubRootfile(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rootfile" {
			return xmlAttr(se, "full-path")
		}
	}
}

// epubPackage is what citebot reads from an OPF package document.
type epubPackage struct {
	title, creator, date string
	spine                []string // hrefs of the linear spine items, in order
}

// parseOPF reads the metadata, manifest and spine of an OPF document.
func parseOPF(data []byte) (epubPackage, error) {
	var pkg epubPackage
	d := xml.NewDecoder(bytes.NewReader(data))
	manifest := map[string]string{} // id → href
	nav := map[string]bool{}
	var spine []string
	var field *string
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			field = nil
			switch t.Name.Local {
			case "title":
				if pkg.title == "" {
					field = &pkg.title
				}
			case "creator":
				if pkg.creator == "" {
					field = &pkg.creator
				}
			case "date":
				if pkg.date == "" {
					field = &pkg.date
				}
			case "item":
				manifest[xmlAttr(t, "id")] = xmlAttr(t, "href")
				if strings.Contains(" "+xmlAttr(t, "properties")+" ", " nav ") {
					nav[xmlAttr(t, "id")] = true
				}
			case "itemref":
				if xmlAttr(t, "linear") != "no" {
					spine = append(spine, xmlAttr(t, "idref"))
				}
			}
		case xml.CharData:
			if field != nil {
				*field += string(t)
			}
		case xml.EndElement:
			field = nil
		}
	}
	for _, id := range spine {
		if href, ok := manifest[id]; ok && !nav[id] {
			pkg.spine = append(pkg.spine, href)
		}
	}
	if len(pkg.spine) == 0 {
		return pkg, fmt.Errorf("%w: the package document lists no readable spine", ErrDamaged)
	}
	pkg.title = collapseSpace(pkg.title)
	pkg.creator = collapseSpace(pkg.creator)
	pkg.date = collapseSpace(pkg.date)
	return pkg, nil
}
