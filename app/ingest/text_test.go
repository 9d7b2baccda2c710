package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lectern/internal/testutil"
)

func TestParseCaravanText(t *testing.T) {
	path := filepath.Join(testutil.Fixtures(t), "caravan-article.txt")
	a, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Caravan of migrants cross Guatemalan border on their way to the U.S."; a.Title != want {
		t.Errorf("title = %q, want %q", a.Title, want)
	}
	if a.Source != path {
		t.Errorf("source = %q, want %q", a.Source, path)
	}
	if strings.Contains(a.Body, a.Title) {
		t.Error("the title line should not be repeated in the body")
	}
	if !strings.HasPrefix(a.Body, "This story, like the caravan itself") || !strings.Contains(a.Body, "\n\n") {
		t.Errorf("body should keep the paragraphs: %.100q", a.Body)
	}
	if strings.Contains(a.Body, "\n\n\n") || strings.Contains(a.Body, "\r") {
		t.Error("body has stray line ends")
	}
	if a.Excerpt == "" || a.Markdown == "" {
		t.Errorf("excerpt %q, markdown %d bytes", a.Excerpt, len(a.Markdown))
	}
}

func TestParseText(t *testing.T) {
	tests := []struct {
		name, in, title, body string
	}{
		{"windows line ends", "Title\r\n\r\nOne\r\ntwo.\r\n\r\n\r\n\r\nThree.\r\n", "Title", "One\ntwo.\n\nThree."},
		{"leading blank lines and BOM", "\uFEFF\n\n  \nTitle  \n\nBody.", "Title", "Body."},
		{"one paragraph: the title is taken from it", "A single paragraph that goes on\nover two lines.", "A single paragraph that goes on", "A single paragraph that goes on\nover two lines."},
		{"long first line", strings.Repeat("word ", 60) + "\n\nNext.", strings.TrimSpace(strings.Repeat("word ", 16)) + "…", strings.TrimSpace(strings.Repeat("word ", 60)) + "\n\nNext."},
		{"windows-1252", "Caf\xe9 cr\xe8me\n\nUn caf\xe9 tr\xe8s chaud, s'il vous pla\xeet, avec une cr\xe8me.", "Café crème", "Un café très chaud, s'il vous plaît, avec une crème."},
		{"utf-16 with BOM", "\xff\xfeH\x00i\x00\n\x00\n\x00T\x00h\x00e\x00r\x00e\x00", "Hi", "There"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("note.txt", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || a.Body != tt.body {
				t.Errorf("got title %q body %q, want %q and %q", a.Title, a.Body, tt.title, tt.body)
			}
		})
	}
}

func TestTextToMarkdownEscapesMarkup(t *testing.T) {
	a, err := Parse("x.txt", []byte("Title\n\n# not a heading\n1. not a list *nor emphasis* <b>\nline two"))
	if err != nil {
		t.Fatal(err)
	}
	want := "\\# not a heading  \n1\\. not a list \\*nor emphasis\\* \\<b\\>  \nline two"
	if a.Markdown != want {
		t.Errorf("markdown = %q, want %q", a.Markdown, want)
	}
}

func TestParseRefusesBadInput(t *testing.T) {
	cyrillic1251 := []byte{0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, ' ', 0xec, 0xe8, 0xf0, '\n', '\n', 0xd2, 0xe5, 0xea, 0xf1, 0xf2}
	tests := []struct {
		name, file string
		data       []byte
		want       error // nil: any error
	}{
		{"empty", "a.txt", nil, errEmpty},
		{"only whitespace", "a.md", []byte(" \n\t\n"), errEmpty},
		{"binary with NUL", "a.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), errBinary},
		{"control characters", "a.txt", []byte(strings.Repeat("\x01\x02\x03abc", 20)), errBinary},
		{"not UTF-8 and not Western", "a.txt", cyrillic1251, errNotUTF8},
		{"markdown not UTF-8", "a.md", cyrillic1251, errNotUTF8},
		{"binary HTML", "a.html", []byte("<html>\x00\x00\x00\x01"), errBinary},
		{"HTML without text", "a.html", []byte("<html><head><title>T</title><script>x()</script></head><body><img src=a.png></body></html>"), errNoReadableText},
		{"markdown of only markup", "a.md", []byte("---\ntitle: x\n---\n<div></div>\n"), errEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.file, tt.data)
			if err == nil {
				t.Fatalf("parsed as %+v, want an error", a)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %q, want %q", err, tt.want)
			}
		})
	}
}

func TestParseFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ParseFile(filepath.Join(dir, "missing.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ParseFile(dir); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder: %v", err)
	}
	big := filepath.Join(dir, "big.txt")
	writeFile(t, big, "")
	if err := os.Truncate(big, DefaultMaxBytes+1); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseFile(big); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("big file: %v", err)
	}
}
