package ingest

import (
	"strings"
	"testing"
	"unicode"
)

// hasControls reports whether s holds a control character (an escape code's ESC, a bell...).
func hasControls(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || isBidiControl(r) })
}

// Titles (and the other one-line fields) lose terminal escape codes and control characters.
func TestTitlesLoseControlCharacters(t *testing.T) {
	cases := map[string]string{
		"title.md":   "# \x1b]0;pwned\x07\x1b[31mRed\x1b[0m title\x08\x7f\n\n" + strings.Repeat("The text of the note goes on. ", 40) + "\n",
		"title.txt":  "\x1b[2JCleared title\u009b31m\n\n" + strings.Repeat("The text of the article, long enough to be one. ", 20) + "\n",
		"title.html": "<html><head><title>&#27;[1mBold&#27;[0m title&#7; \u202eevil</title></head><body><article><p>" + strings.Repeat("Words of the article. ", 20) + "</p></article></body></html>",
	}
	for name, data := range cases {
		a, err := Parse(name, []byte(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if hasControls(a.Title) || strings.Contains(a.Title, "[31m") || strings.Contains(a.Title, "pwned") {
			t.Errorf("%s: title %q keeps an escape code", name, a.Title)
		}
		if !strings.Contains(a.Title, "title") {
			t.Errorf("%s: title %q lost its words", name, a.Title)
		}
	}
	e := listEntry{url: "https://example.com/a", title: "Saved \x1b[5mblinking\x1b[0m"}
	if p := e.placeholder(errEmpty); hasControls(p.Title) || p.Title != "Saved blinking" {
		t.Errorf("placeholder title %q", p.Title)
	}
}
