package ingest

import (
	"strings"
	"testing"
	"time"
)

func TestParseMarkdownFrontMatter(t *testing.T) {
	src := `---
title: "Slow Reading"
author: [Ann Example, Bo Writer]
url: https://Example.com/slow?utm_source=x#top
tags: reading, Habits
date: 2024-03-05
---
# A heading that is not the title

Some *emphasis* and a [link](https://example.com) \*escaped\* &amp; more,
on two lines.

- first item
- second item

` + "```go\nfmt.Println(\"hi\")\n```\n"
	a, err := Parse("slow.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Slow Reading" || a.Byline != "Ann Example, Bo Writer" {
		t.Errorf("title %q byline %q", a.Title, a.Byline)
	}
	if a.Source != "https://Example.com/slow?utm_source=x#top" || a.SourceKey != "https://example.com/slow" {
		t.Errorf("source %q key %q", a.Source, a.SourceKey)
	}
	if strings.Join(a.Tags, ",") != "Habits,reading" {
		t.Errorf("tags %q", a.Tags)
	}
	if !a.Published.Equal(time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("published %v", a.Published)
	}
	wantBody := "A heading that is not the title\n\n" +
		"Some emphasis and a link *escaped* & more, on two lines.\n\n" +
		"first item\n\nsecond item\n\nfmt.Println(\"hi\")"
	if a.Body != wantBody {
		t.Errorf("body %q\nwant %q", a.Body, wantBody)
	}
	if strings.Contains(a.Markdown, "title:") || !strings.HasPrefix(a.Markdown, "# A heading") {
		t.Errorf("markdown should be the file without its front matter: %.60q", a.Markdown)
	}
}

func TestParseMarkdownTitle(t *testing.T) {
	tests := []struct{ name, src, title string }{
		{"first level-1 heading", "intro\n\n## Sub\n\n# Main *title*\n\ntext", "Main title"},
		{"any heading when no level 1", "## Sub title\n\ntext", "Sub title"},
		{"first line without headings", "Just text here.\n\nMore.", "Just text here."},
		{"rule that is not front matter", "---\n\nBody text\n\n---\n", "Body text"},
		{"setext heading", "Big Title\n=========\n\ntext", "Big Title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("x.markdown", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title {
				t.Errorf("title %q, want %q", a.Title, tt.title)
			}
		})
	}
}

func TestParseMarkdownRemovesActiveContent(t *testing.T) {
	src := "# Notes\n\nSee [one](javascript:alert(1)), [two](&#106;avascript:alert(2)) and <JavaScript:alert(3)>.\n\n" +
		"<script>alert(4)</script>\n\nE = mc<sup>2</sup>, <a href=\"javascript:x()\" onclick=\"steal()\">three</a>, [four](https://example.com/ok).\n"
	a, err := Parse("notes.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	// The autolink's text may stay, as text; no link may lead to it.
	for _, bad := range []string{"](javascript", "](&#106;", "alert(1)", "alert(2)", "alert(4)", "steal", "<script", "onclick", "[]", "()"} {
		if strings.Contains(strings.ToLower(a.Markdown), bad) {
			t.Errorf("%q kept:\n%s", bad, a.Markdown)
		}
	}
	for _, good := range []string{"# Notes", "See one, two and", "mc2, three, [four](https://example.com/ok)"} {
		if !strings.Contains(a.Markdown, good) {
			t.Errorf("markdown lacks %q:\n%s", good, a.Markdown)
		}
	}
}
