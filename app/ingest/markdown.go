package ingest

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
	"gopkg.in/yaml.v3"

	"lectern/store"
)

// markdownEngine reads CommonMark with the GitHub extensions (tables, strikethrough,
// autolinks). It renders raw HTML too, for removeUnsafeMarkup to clean.
var markdownEngine = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
)

// parseMarkdown reads a Markdown article. YAML front matter gives the title, author, URL, tags
// and date; without a title there, the first heading (else the first line) is the title.
func parseMarkdown(data []byte) (*store.Article, error) {
	src, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	meta, md := splitFrontMatter(src)
	md = strings.Trim(md, "\n")

	source := []byte(md)
	doc := markdownEngine.Parser().Parse(text.NewReader(source))
	body := normalizeBody(markdownPlainText(doc, source))
	if body == "" {
		return nil, errEmpty
	}
	if !markdownIsInert(doc, source) {
		if md, err = cleanMarkdown(doc, source); err != nil {
			return nil, err
		}
	}
	a := &store.Article{Body: body, Markdown: md, Excerpt: excerptOf(body)}
	meta.applyTo(a)
	if a.Title == "" {
		a.Title = firstHeading(doc, source)
	}
	if a.Title == "" {
		a.Title = titleFromText(body)
	}
	return a, nil
}

// markdownIsInert reports whether displaying the Markdown could not run anything: it has no
// raw HTML and no link to a javascript:, vbscript: or data: URL.
func markdownIsInert(doc ast.Node, source []byte) bool {
	inert := true
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		var dest []byte
		switch n := n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			inert = false
		case *ast.Link:
			dest = n.Destination
		case *ast.Image:
			dest = n.Destination
		case *ast.AutoLink:
			dest = n.URL(source)
		}
		if unsafeURL(string(dest)) {
			inert = false
		}
		if !inert {
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return inert
}

// cleanMarkdown rewrites Markdown that is not inert: rendered to HTML, cleaned like a web
// page, and converted back. The user's own formatting is kept where it was safe.
func cleanMarkdown(doc ast.Node, source []byte) (string, error) {
	var rendered bytes.Buffer
	if err := markdownEngine.Renderer().Render(&rendered, source, doc); err != nil {
		return "", fmt.Errorf("render the Markdown: %w", err)
	}
	page, err := html.Parse(&rendered)
	if err != nil {
		return "", fmt.Errorf("render the Markdown: %w", err)
	}
	removeUnsafeMarkup(page)
	md, err := markdownConverter.ConvertNode(page)
	if err != nil {
		return "", fmt.Errorf("clean the Markdown: %w", err)
	}
	return strings.TrimSpace(string(md)), nil
}

// frontMatter holds the fields Lectern reads from a Markdown file's YAML header, as written
// by static site generators, Obsidian and web clippers.
type frontMatter map[string]any

// splitFrontMatter separates a leading "---" YAML block from the Markdown. A block that is
// not a YAML mapping is not front matter (it may be a rule and a heading).
func splitFrontMatter(src string) (frontMatter, string) {
	rest, ok := strings.CutPrefix(src, "---\n")
	if !ok {
		return nil, src
	}
	var header, md string
	for _, fence := range []string{"\n---\n", "\n...\n"} {
		if h, m, found := strings.Cut(rest, fence); found {
			header, md = h, m
			break
		}
	}
	if header == "" {
		h, found := strings.CutSuffix(strings.TrimRight(rest, "\n"), "\n---")
		if !found {
			return nil, src
		}
		header = h
	}
	var meta frontMatter
	if err := yaml.Unmarshal([]byte(header), &meta); err != nil || meta == nil {
		return nil, src
	}
	return meta, md
}

// applyTo fills the article's fields that the front matter gives.
func (m frontMatter) applyTo(a *store.Article) {
	if m == nil {
		return
	}
	a.Title = m.text("title")
	a.Byline = strings.Join(m.list("author", "authors", "byline"), ", ")
	a.Site = m.text("site", "site_name")
	a.Lang = m.text("lang", "language")
	if ex := m.text("description", "excerpt", "summary"); ex != "" {
		a.Excerpt = ex
	}
	if u := m.text("url", "source", "link", "canonical"); isWebURL(u) {
		a.Source = u
		a.SourceKey = NormalizeURL(u)
	}
	a.Tags = m.list("tags", "tag", "keywords", "categories")
	for _, key := range []string{"date", "published", "created"} {
		if t := parseDate(m[key]); !t.IsZero() {
			a.Published = t
			break
		}
	}
}

// text returns the first of keys that holds a scalar, as a trimmed string.
func (m frontMatter) text(keys ...string) string {
	for _, k := range keys {
		switch v := m[k].(type) {
		case string:
			if s := strings.TrimSpace(v); s != "" {
				return s
			}
		case int, float64, bool:
			return fmt.Sprint(v)
		}
	}
	return ""
}

// list returns the first of keys that holds a list, or a string of comma-separated items.
func (m frontMatter) list(keys ...string) []string {
	for _, k := range keys {
		var out []string
		switch v := m[k].(type) {
		case string:
			for _, item := range strings.Split(v, ",") {
				if item = strings.TrimSpace(item); item != "" {
					out = append(out, item)
				}
			}
		case []any:
			for _, item := range v {
				if s := strings.TrimSpace(fmt.Sprint(item)); s != "" && item != nil {
					out = append(out, s)
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// parseDate reads a front-matter date: YAML timestamps arrive as time.Time, others as text.
func parseDate(v any) time.Time {
	switch d := v.(type) {
	case time.Time:
		return d
	case string:
		d = strings.TrimSpace(d)
		for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "2006-01", "2006", time.RFC1123Z, time.RFC1123} {
			if t, err := time.Parse(layout, d); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}

// firstHeading returns the text of the first level-1 heading, else of the first heading.
func firstHeading(doc ast.Node, source []byte) string {
	var first, top string
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			title := strings.Join(strings.Fields(markdownPlainText(h, source)), " ")
			if first == "" {
				first = title
			}
			if h.Level == 1 && title != "" {
				top = title
				return ast.WalkStop, nil
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if top != "" {
		return top
	}
	return first
}

// markdownPlainText renders a Markdown tree as plain text: one paragraph per block (heading,
// paragraph, list item, code block, table row), markup and raw HTML left out.
func markdownPlainText(root ast.Node, source []byte) string {
	var out, para bytes.Buffer
	flush := func() {
		if s := strings.TrimSpace(para.String()); s != "" {
			if out.Len() > 0 {
				out.WriteString("\n\n")
			}
			out.WriteString(s)
		}
		para.Reset()
	}
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *extast.TableRow, *extast.TableHeader:
			flush()
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			if entering {
				flush()
				para.Write(n.Lines().Value(source))
				flush()
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.RawHTML, *ast.Image:
			return ast.WalkSkipChildren, nil
		case *extast.TableCell:
			if entering && n.PreviousSibling() != nil {
				para.WriteByte('\t')
			}
		case *ast.AutoLink:
			if entering {
				para.Write(n.Label(source))
			}
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				para.Write(resolveMarkdownText(n.Segment.Value(source)))
				if n.HardLineBreak() {
					para.WriteByte('\n')
				} else if n.SoftLineBreak() {
					para.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				para.Write(n.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	flush()
	return out.String()
}

// resolveMarkdownText undoes backslash escapes and character references.
func resolveMarkdownText(b []byte) []byte {
	return util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(b)))
}

// exportedDuplicate recognises a Markdown file that Lectern's export wrote (its front matter
// has lectern_id or lectern_note_id) for an article or note this archive still holds.
func exportedDuplicate(ctx context.Context, db *store.DB, path string, data []byte) *store.DuplicateError {
	if f := formatByName(path); f != formatMarkdown || !bytes.HasPrefix(data, []byte("---")) {
		return nil
	}
	meta, _ := splitFrontMatter(strings.ReplaceAll(string(data), "\r\n", "\n"))
	if id := meta.id("lectern_id"); id > 0 {
		if a, err := db.Article(ctx, id); err == nil {
			return &store.DuplicateError{ExistingID: a.ID, Title: a.Title}
		}
	}
	if id := meta.id("lectern_note_id"); id > 0 {
		if n, err := db.Note(ctx, id); err == nil {
			return &store.DuplicateError{ExistingID: n.ArticleID, Title: fmt.Sprintf("note %d", n.ID)}
		}
	}
	return nil
}

// id returns key's value as a positive whole number, or 0.
func (m frontMatter) id(key string) int64 {
	switch v := m[key].(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case uint64:
		return int64(v)
	}
	return 0
}
