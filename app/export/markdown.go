package export

import (
	_ "embed"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"text/template"
	"time"
)

// Kinds of exported page.
const (
	KindArticle = "article"
	KindNote    = "note" // a standalone note, not attached to an article
)

// Page is what a template renders into one file: an article with its highlights and notes,
// or a standalone note (Kind "note", its text in Notes[0]).
type Page struct {
	Kind       string    // KindArticle or KindNote
	ID         int64     // the article's id, or the standalone note's
	Title      string    // a note's title is its first line
	Author     string    // the article's byline
	Site       string    // the site's name
	Source     string    // URL, or path of the file the article was imported from
	Published  time.Time // zero when unknown
	Imported   time.Time // when the article was imported, or the note written
	Tags       []string  // sorted
	Link       string    // the article's deep link, lectern://article/ID; empty for a note
	Highlights []Highlight
	Notes      []Note  // in the order they were written
	FullText   string  // the article's Markdown; empty unless Options.FullText is set
	Review     *Review // the article's highlights in the daily review; nil if none was graded
	Path       string  // a note imported from a notes folder: its path there ("Projects/Reading list.md")

	vault *vaultNote // a note imported from a notes folder, written back as it came (vault.go)
}

// Highlight is a quoted passage, in reading order.
type Highlight struct {
	ID      int64
	Quote   string // exact text; paragraphs separated by blank lines
	Comment string // the reader's comment, Markdown; may be empty
	Color   string // yellow, green, blue, pink or purple
	BlockID string // "lectern-h17": Obsidian links to it as [[File#^lectern-h17]]
	Link    string // lectern://highlight/17: opens the article in Lectern at the passage
	Created time.Time
}

// Note is a note as the user wrote it.
type Note struct {
	ID      int64
	Body    string // Markdown
	Created time.Time
	Updated time.Time
}

//go:embed default.md.tmpl
var defaultTemplateText string

// funcs are the helpers templates can call; the export documentation lists them for users.
var funcs = template.FuncMap{
	"frontMatter": frontMatter,
	"yaml":        yamlString,
	"escape":      escapeInline,
	"blockquote":  blockquote,
	"quote":       quote,
	"markdown":    closedMarkdown,
	"date":        date,
	"datetime":    datetime,
}

var defaultTemplate = template.Must(newTemplate("default").Parse(defaultTemplateText))

func newTemplate(name string) *template.Template {
	return template.New(name).Funcs(funcs)
}

// CheckTemplate reports whether the template file at path parses and renders a sample page,
// with an error that names the file, line and field at fault.
func CheckTemplate(path string) error {
	_, err := loadTemplate(path)
	return err
}

func loadTemplate(path string) (*template.Template, error) {
	if path == "" {
		return defaultTemplate, nil
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read export template: %w", err)
	}
	t, err := newTemplate(path).Parse(string(text))
	if err != nil {
		return nil, fmt.Errorf("export template: %w", err)
	}
	// Rendering samples of both kinds of page catches misspelt fields before any file is
	// written.
	for _, sample := range samplePages {
		if err := t.Execute(io.Discard, sample); err != nil {
			return nil, fmt.Errorf("export template: %w", err)
		}
	}
	return t, nil
}

var samplePages = []*Page{{
	Kind: KindArticle, ID: 1, Title: "Sample", Author: "Author", Site: "Site",
	Source: "https://example.com/", Published: time.Date(2018, 10, 15, 0, 0, 0, 0, time.UTC),
	Imported: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), Tags: []string{"tag"},
	Link: "lectern://article/1",
	Highlights: []Highlight{{ID: 1, Quote: "Quote", Comment: "Comment", Color: "yellow", BlockID: "lectern-h1",
		Link: "lectern://highlight/1"}},
	Notes:    []Note{{ID: 1, Body: "Note"}},
	FullText: "Text",
}, {
	Kind: KindNote, ID: 2, Title: "Standalone", Imported: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC),
	Notes: []Note{{ID: 2, Body: "Standalone"}},
}}

// inlineSpecial are the characters that start Markdown (CommonMark, or Obsidian's and
// Logseq's extensions: #tags, $math$, ~~strike~~) inside a line of text.
const inlineSpecial = "\\`*_[]<#~$"

// escapeInline makes plain text safe on one Markdown line (a heading, a list item): line
// breaks become spaces and characters that would start formatting are backslash-escaped.
func escapeInline(s string) string {
	return escapeLine(strings.Join(strings.Fields(s), " "))
}

// blockStart matches the start of a line that would open a block (list item, quote, table,
// setext underline) where plain text was meant.
var blockStart = regexp.MustCompile(`^(?:[-+=>|]|[0-9]{1,9}[.)])`)

// entity matches an HTML character reference, which Markdown would decode.
var entity = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

func escapeLine(line string) string {
	var b strings.Builder
	if m := blockStart.FindString(line); m != "" {
		b.WriteString(m[:len(m)-1] + `\` + m[len(m)-1:])
		line = line[len(m):]
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		next := byte(0)
		if i+1 < len(line) {
			next = line[i+1]
		}
		switch {
		case strings.IndexByte(inlineSpecial, c) >= 0,
			c == '=' && next == '=', // Obsidian ==highlight==
			c == '%' && next == '%', // Obsidian %%comment%%
			c == '&' && entity.MatchString(line[i:]):
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// blockquote quotes plain text as one Markdown blockquote, paragraphs kept, with blockID at
// the end of its last line.
//
// The id goes on the quote's last line, `> last words ^lectern-h17`, because Obsidian reads
// an id at the end of a block's last line as naming the whole block (the quote), and hides
// it when reading. On a line of its own inside the quote it would be plain text, and after
// the quote it would be a paragraph of its own in Logseq, which has no ^id syntax; at the end
// of the line Logseq shows it as a short trailing word of the quote.
func blockquote(text, blockID string) string {
	return quoteLines(text, "", blockID)
}

// quote is a highlight as one blockquote, paragraphs kept, its last line ending with the
// deep link back to the passage, `[↗](lectern://highlight/17 "yellow")`, the link's title
// its colour (Obsidian and Logseq show it when the pointer rests on the arrow), then its
// block id: `> last words [↗](lectern://highlight/17 "yellow") ^lectern-h17`. Obsidian
// hides the id and still reads it as the whole quote's, since it ends the block's last line.
func quote(h Highlight) string {
	link := ""
	if h.Link != "" {
		link = "[↗](" + h.Link
		if colorName.MatchString(h.Color) {
			link += ` "` + h.Color + `"`
		}
		link += ")"
	}
	return quoteLines(h.Quote, link, h.BlockID)
}

// colorName matches the colours a link's title may carry as they are.
var colorName = regexp.MustCompile(`^[a-z]{1,20}$`)

// quoteLines quotes text line by line, blank lines kept as ">", and ends the last line with
// the Markdown link (already safe) and ^blockID.
func quoteLines(text, link, blockID string) string {
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n")), "\n")
	var b strings.Builder
	for i, line := range lines {
		// Leading spaces would turn the line into code; trailing ones into a hard break.
		line = strings.TrimSpace(line)
		if line == "" {
			b.WriteString(">")
		} else {
			b.WriteString("> " + escapeLine(line))
		}
		if i < len(lines)-1 {
			b.WriteByte('\n')
		}
	}
	if link != "" {
		b.WriteString(" " + link)
	}
	if blockID != "" {
		b.WriteString(" ^" + blockID)
	}
	return b.String()
}

// fence matches a line that opens or closes a fenced code block.
var fence = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})(.*)$")

// closedMarkdown is the user's Markdown, trimmed, with a code fence they left open closed,
// so that it cannot swallow what the export writes after it.
func closedMarkdown(md string) string {
	md = strings.TrimSpace(strings.ReplaceAll(md, "\r\n", "\n"))
	open := ""
	for _, line := range strings.Split(md, "\n") {
		m := fence.FindStringSubmatch(line)
		switch {
		case m == nil:
		case open == "":
			if m[1][0] != '`' || !strings.Contains(m[2], "`") { // a backtick fence's info has no backticks
				open = m[1]
			}
		case m[1][0] == open[0] && len(m[1]) >= len(open) && strings.TrimSpace(m[2]) == "":
			open = ""
		}
	}
	if open != "" {
		md += "\n" + open
	}
	return md
}
