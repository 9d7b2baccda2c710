package ingest

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// makeEPUB builds a book whose files are given in zip order; mimetype comes first, stored.
func makeEPUB(t testing.TB, files ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("application/epub+zip"))
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const testContainer = `<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`

const testOPF = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>A Small Book</dc:title><dc:creator>Ann Author</dc:creator><dc:creator>Bo Second</dc:creator>
<dc:language>en</dc:language><dc:date>2019-06-01</dc:date><dc:subject>Fiction</dc:subject>
</metadata>
<manifest>
<item id="c1" href="text/chapter%201.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/a-second.xhtml" media-type="application/xhtml+xml"/>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="cover" href="cover.jpg" media-type="image/jpeg"/>
</manifest>
<spine><itemref idref="nav" linear="no"/><itemref idref="c1"/><itemref idref="c2"/></spine>
</package>`

func chapter(title, text string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>` + title +
		`</title></head><body><h1>` + title + `</h1><p>` + text + `</p><img src="../cover.jpg" alt="cover"/><script>alert(1)</script></body></html>`
}

func TestParseEPUB(t *testing.T) {
	// The zip holds the second chapter first: the spine, not the zip, gives the order.
	book := makeEPUB(t,
		"META-INF/container.xml", testContainer,
		"OEBPS/content.opf", testOPF,
		"OEBPS/text/a-second.xhtml", chapter("Two", "The second chapter."),
		"OEBPS/text/chapter 1.xhtml", chapter("One", "The <em>first</em> chapter."),
		"OEBPS/nav.xhtml", chapter("Contents", "Navigation only."),
	)
	a, err := Parse("book.epub", book)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "A Small Book" || a.Byline != "Ann Author, Bo Second" || a.Lang != "en" || a.Published.Year() != 2019 {
		t.Errorf("metadata: %+v", a)
	}
	if want := "One\n\nThe first chapter.\n\nTwo\n\nThe second chapter."; a.Body != want {
		t.Errorf("body %q, want %q", a.Body, want)
	}
	if !strings.Contains(a.Markdown, "# One") || !strings.Contains(a.Markdown, "_first_") && !strings.Contains(a.Markdown, "*first*") {
		t.Errorf("markdown %q", a.Markdown)
	}
	if strings.Contains(a.Markdown, "alert") {
		t.Errorf("markdown keeps scripts: %q", a.Markdown)
	}
	// Images stay, addressed by their path inside the book (resolved against the chapter).
	if !strings.Contains(a.Markdown, "![cover](OEBPS/cover.jpg)") {
		t.Errorf("markdown lost the image or its path in the book: %q", a.Markdown)
	}
	if len(a.Tags) != 1 || a.Tags[0] != "Fiction" {
		t.Errorf("tags %q", a.Tags)
	}
	// Sniffed without the extension too.
	if a, err := Parse("download", book); err != nil || a.Title != "A Small Book" {
		t.Errorf("sniffed: %v, %v", a, err)
	}
}

func TestParseEPUBErrors(t *testing.T) {
	tests := map[string][]byte{
		"not a zip":       []byte("PK\x03\x04 broken"),
		"no container":    makeEPUB(t, "OEBPS/content.opf", testOPF),
		"missing chapter": makeEPUB(t, "META-INF/container.xml", testContainer, "OEBPS/content.opf", testOPF),
		"no text":         makeEPUB(t, "META-INF/container.xml", testContainer, "OEBPS/content.opf", strings.ReplaceAll(testOPF, `<itemref idref="c1"/><itemref idref="c2"/>`, "")),
		"bad package":     makeEPUB(t, "META-INF/container.xml", testContainer, "OEBPS/content.opf", "<package><metadata>"),
	}
	for name, data := range tests {
		if _, err := Parse("b.epub", data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestEPUBReaderBudget(t *testing.T) {
	data := makeEPUB(t, "a", strings.Repeat("x", 600), "b", strings.Repeat("y", 600))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	book := epubReader{zip: zr, budget: 1000}
	if _, err := book.read("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := book.read("b"); err == nil || !strings.Contains(err.Error(), "unpacks to more than") {
		t.Errorf("over budget: %v", err)
	}
}
