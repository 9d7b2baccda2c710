package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// checkParsed holds what every successfully parsed article must satisfy.
func checkParsed(t *testing.T, name string, data []byte) {
	a, err := Parse(name, data)
	if err != nil {
		if a != nil {
			t.Fatalf("an article and an error: %v", err)
		}
		return
	}
	if a.Title == "" || strings.TrimSpace(a.Body) == "" {
		t.Fatalf("empty title %q or body %q", a.Title, a.Body)
	}
	for _, s := range []string{a.Title, a.Body, a.Markdown, a.Byline, a.Excerpt} {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8: %q", s)
		}
	}
	if strings.Contains(a.Body, "\n\n\n") || strings.Contains(a.Body, "\r") {
		t.Fatalf("body paragraphs badly separated: %q", a.Body)
	}
}

// FuzzParse feeds any bytes under any name to Parse; it must never panic. Seeds are in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add("a.txt", []byte("Title\n\nBody."))
	f.Add("a.md", []byte("---\ntitle: T\ntags: [a, b]\ndate: 2020-01-02\n---\n# H\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"))
	f.Add("a.html", []byte("<html><head><title>T</title></head><body><p>Some text.</p></body></html>"))
	f.Add("noext", []byte("<!doctype html><p>x</p>"))
	f.Fuzz(checkParsed)
}

// FuzzParseEPUB feeds damaged books to the EPUB reader; seeds are a whole book and its parts.
func FuzzParseEPUB(f *testing.F) {
	f.Add(makeEPUB(f, "META-INF/container.xml", testContainer, "OEBPS/content.opf", testOPF,
		"OEBPS/text/chapter 1.xhtml", chapter("One", "Text."), "OEBPS/text/a-second.xhtml", chapter("Two", "More.")))
	f.Add(makeEPUB(f, "META-INF/container.xml", testContainer))
	f.Fuzz(func(t *testing.T, data []byte) { checkParsed(t, "book.epub", data) })
}

// FuzzReadingList feeds any bytes to the Pocket and Instapaper readers.
func FuzzReadingList(f *testing.F) {
	f.Add([]byte(`<html><body><h1>Unread</h1><ul><li><a href="https://a.example/x" time_added="1" tags="a,b">x</a></li></ul><h1>Read Archive</h1></body></html>`))
	f.Add([]byte("URL,Title,Selection,Folder,Timestamp,Tags\nhttps://a.example/,\"T, t\",,Archive,1,\"[\"\"x\"\"]\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, _, ok, err := readingList(data)
		if !ok && (err != nil || entries != nil) {
			t.Fatalf("not a list, yet %d entries and error %v", len(entries), err)
		}
		for _, e := range entries {
			if e.problem != "" {
				if e.line < 2 || e.url != "" {
					t.Fatalf("a bad row without its line, or with a URL: %+v", e)
				}
				continue
			}
			if !isWebURL(e.url) {
				t.Fatalf("entry with a URL that is not http(s): %q", e.url)
			}
		}
	})
}

// FuzzNormalizeURL checks that normalising is stable: a normalised URL normalises to itself.
func FuzzNormalizeURL(f *testing.F) {
	f.Add("HTTPS://Example.COM:443/a/b?utm_source=x&z=1&a=2&fbclid=y#frag")
	f.Add("http://[::1]:80/?a=%zz")
	f.Fuzz(func(t *testing.T, raw string) {
		once := NormalizeURL(raw)
		if twice := NormalizeURL(once); twice != once {
			t.Fatalf("NormalizeURL(%q) = %q, but NormalizeURL(%q) = %q", raw, once, once, twice)
		}
	})
}
