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
