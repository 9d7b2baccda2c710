// Package readview is Lectern's reading surface: an article's Markdown laid out by its own line
// breaker and drawn with canvas objects, only what is near the viewport. It keeps every piece
// of text tied to its rune offset in the article's plain body, which is what selection and
// highlights are made of.
package readview

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Style is a set of inline styles.
type Style uint8

const (
	Bold Style = 1 << iota
	Italic
	Code
	Strike
	Sup
	Sub
)

// Span is a piece of inline text in one style; Link is its destination when it is a link.
type Span struct {
	Text  string
	Style Style
	Link  string
}

// Text is a run of inline content that reads as one unit (a paragraph, a heading, a table
// cell). Start is the rune offset of its text in the body, -1 when the body does not hold it.
type Text struct {
	Spans []Span
	Start int
}

// String is the text as the reader shows it.
func (t Text) String() string {
	var b strings.Builder
	for _, s := range t.Spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Kind is what a block is.
type Kind uint8

const (
	Paragraph Kind = iota
	Heading
	CodeBlock
	Rule
	Table
	Image
	Title // the article's title, above the text
	Meta  // the byline line under the title
)

// Block is one block of the article.
type Block struct {
	Kind     Kind
	Level    int    // heading level, 1–6
	Indent   int    // list nesting depth
	Quote    int    // block-quote depth
	Marker   string // list bullet or number, drawn in the margin
	ListItem bool   // part of a list: spaced tightly
	Text     Text   // everything but tables and images
	Rows     [][]Text
	Src, Alt string // an image
	Link     string // where an image links to
}

// Doc is an article ready to lay out.
type Doc struct {
	Blocks []Block
}

var parser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()

// FromMarkdown turns an article's Markdown into a Doc under its title and byline, and places
// every text in body. When the Markdown has no text, the body's paragraphs are shown.
func FromMarkdown(title, meta, md, body string) *Doc {
	d := &Doc{}
	if title != "" {
		d.Blocks = append(d.Blocks, Block{Kind: Title, Text: plain(title)})
	}
	if meta != "" {
		d.Blocks = append(d.Blocks, Block{Kind: Meta, Text: plain(meta)})
	}
	head := len(d.Blocks)
	if strings.TrimSpace(md) != "" {
		src := []byte(md)
		c := &converter{src: src}
		c.blocks(parser.Parse(text.NewReader(src)), context{})
		blocks := c.out
		// The title is shown above already.
		if len(blocks) > 0 && blocks[0].Kind == Heading && strings.EqualFold(strings.TrimSpace(blocks[0].Text.String()), strings.TrimSpace(title)) {
			blocks = blocks[1:]
		}
		d.Blocks = append(d.Blocks, blocks...)
	}
	if len(d.Blocks) == head {
		for _, p := range strings.Split(body, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				d.Blocks = append(d.Blocks, Block{Kind: Paragraph, Text: plain(p)})
			}
		}
	}
	anchor(d.Blocks[head:], body)
	for i := range d.Blocks[:head] {
		d.Blocks[i].Text.Start = -1
	}
	return d
}

func plain(s string) Text {
	t := Text{Spans: []Span{{Text: s}}}
	t.Spans = collapse(t.Spans)
	return t
}

// context is what the blocks around a block say about it.
type context struct {
	quote, indent int
	listItem      bool
	marker        *string // the list item's marker, taken by its first block
}

type converter struct {
	src []byte
	out []Block
}

func (c *converter) add(b Block, ctx context) {
	b.Quote, b.Indent, b.ListItem = ctx.quote, ctx.indent, ctx.listItem
	if ctx.marker != nil && *ctx.marker != "" {
		b.Marker, *ctx.marker = *ctx.marker, ""
	}
	c.out = append(c.out, b)
}

func (c *converter) blocks(n ast.Node, ctx context) {
	for child := n.FirstChild(); child != nil; child = child.NextSibling() {
		switch node := child.(type) {
		case *ast.Heading:
			c.add(Block{Kind: Heading, Level: node.Level, Text: c.text(node)}, ctx)
		case *ast.Paragraph, *ast.TextBlock:
			c.paragraph(node, ctx)
		case *ast.Blockquote:
			inner := ctx
			inner.quote++
			c.blocks(node, inner)
		case *ast.List:
			number := node.Start
			for item := node.FirstChild(); item != nil; item = item.NextSibling() {
				marker := "•"
				if ctx.indent%2 == 1 {
					marker = "◦"
				}
				if node.IsOrdered() {
					marker = strconv.Itoa(number) + "."
					number++
				}
				inner := ctx
				inner.indent++
				inner.listItem = node.IsTight
				inner.marker = &marker
				c.blocks(item, inner)
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			var b strings.Builder
			lines := node.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(c.src))
			}
			if t := strings.TrimRight(b.String(), "\n "); t != "" {
				c.add(Block{Kind: CodeBlock, Text: Text{Spans: []Span{{Text: strings.ReplaceAll(t, "\t", "    "), Style: Code}}}}, ctx)
			}
		case *ast.ThematicBreak:
			c.add(Block{Kind: Rule}, ctx)
		case *east.Table:
			var rows [][]Text
			for row := node.FirstChild(); row != nil; row = row.NextSibling() {
				var cells []Text
				for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
					cells = append(cells, c.text(cell))
				}
				rows = append(rows, cells)
			}
			if len(rows) > 0 {
				c.add(Block{Kind: Table, Rows: rows}, ctx)
			}
		case *ast.HTMLBlock:
			// Raw HTML is not shown: it is what the page's converter could not turn into text.
		default:
			c.blocks(child, ctx)
		}
	}
}

// paragraph adds a paragraph, split around the images it holds: an image is a block of its own.
func (c *converter) paragraph(n ast.Node, ctx context) {
	var spans []Span
	flush := func() {
		if t := (Text{Spans: collapse(spans)}); len(t.Spans) > 0 {
			c.add(Block{Kind: Paragraph, Text: t}, ctx)
		}
		spans = nil
	}
	var walk func(n ast.Node, style Style, link string)
	walk = func(n ast.Node, style Style, link string) {
		for child := n.FirstChild(); child != nil; child = child.NextSibling() {
			if img, ok := child.(*ast.Image); ok {
				flush()
				c.add(Block{Kind: Image, Src: string(img.Destination), Alt: c.plainText(img), Link: link}, ctx)
				continue
			}
			if l, ok := child.(*ast.Link); ok {
				walk(l, style, string(l.Destination))
				continue
			}
			if e, ok := child.(*ast.Emphasis); ok {
				walk(e, style|emphasis(e.Level), link)
				continue
			}
			if s, ok := child.(*east.Strikethrough); ok {
				walk(s, style|Strike, link)
				continue
			}
			if html, ok := child.(*ast.RawHTML); ok {
				style = c.rawHTML(html, style, &spans, link)
				continue
			}
			c.inline(child, style, link, &spans)
		}
	}
	walk(n, 0, "")
	flush()
}

// text is the inline content of n (a heading or a table cell) without images.
func (c *converter) text(n ast.Node) Text {
	var spans []Span
	var walk func(n ast.Node, style Style, link string)
	walk = func(n ast.Node, style Style, link string) {
		for child := n.FirstChild(); child != nil; child = child.NextSibling() {
			switch node := child.(type) {
			case *ast.Image:
				if alt := c.plainText(node); alt != "" {
					spans = append(spans, Span{Text: alt, Style: style | Italic, Link: link})
				}
			case *ast.Link:
				walk(node, style, string(node.Destination))
			case *ast.Emphasis:
				walk(node, style|emphasis(node.Level), link)
			case *east.Strikethrough:
				walk(node, style|Strike, link)
			case *ast.RawHTML:
				style = c.rawHTML(node, style, &spans, link)
			default:
				c.inline(child, style, link, &spans)
			}
		}
	}
	walk(n, 0, "")
	return Text{Spans: collapse(spans)}
}

func emphasis(level int) Style {
	if level >= 2 {
		return Bold
	}
	return Italic
}

// inline adds the spans of a leaf inline node.
func (c *converter) inline(n ast.Node, style Style, link string, spans *[]Span) {
	switch t := n.(type) {
	case *ast.Text:
		// As the text reads: backslash escapes and entities resolved (web pages converted to
		// Markdown are full of "\_" and "&lt;").
		s := string(util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(t.Segment.Value(c.src)))))
		if t.HardLineBreak() {
			s += "\n"
		} else if t.SoftLineBreak() {
			s += " "
		}
		*spans = append(*spans, Span{Text: s, Style: style, Link: link})
	case *ast.String:
		*spans = append(*spans, Span{Text: string(t.Value), Style: style, Link: link})
	case *ast.CodeSpan:
		var b strings.Builder
		for g := t.FirstChild(); g != nil; g = g.NextSibling() {
			if s, ok := g.(*ast.Text); ok {
				b.Write(s.Segment.Value(c.src))
			}
		}
		*spans = append(*spans, Span{Text: b.String(), Style: style | Code, Link: link})
	case *ast.AutoLink:
		*spans = append(*spans, Span{Text: string(t.Label(c.src)), Style: style, Link: string(t.URL(c.src))})
	default:
		for g := n.FirstChild(); g != nil; g = g.NextSibling() {
			c.inline(g, style, link, spans)
		}
	}
}

// rawHTML follows the few inline tags that change how text reads (<sup>, <sub>, <br>) and
// returns the style that follows.
func (c *converter) rawHTML(n *ast.RawHTML, style Style, spans *[]Span, link string) Style {
	var b strings.Builder
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b.Write(seg.Value(c.src))
	}
	tag := strings.ToLower(strings.TrimSpace(b.String()))
	switch {
	case strings.HasPrefix(tag, "<sup"):
		return style | Sup
	case tag == "</sup>":
		return style &^ Sup
	case strings.HasPrefix(tag, "<sub"):
		return style | Sub
	case tag == "</sub>":
		return style &^ Sub
	case strings.HasPrefix(tag, "<br"):
		*spans = append(*spans, Span{Text: "\n", Style: style, Link: link})
	}
	return style
}

func (c *converter) plainText(n ast.Node) string {
	return c.text(n).String()
}

// collapse makes the spans read as a browser shows them: runs of white space become one space
// (a hard line break stays a line break), none at the ends, and neighbours of one style merge.
func collapse(spans []Span) []Span {
	var out []Span
	space := true // at the start, as after a space: leading space is dropped
	for _, s := range spans {
		var b strings.Builder
		for _, r := range s.Text {
			switch {
			case r == '\n':
				if b.Len() > 0 && strings.HasSuffix(b.String(), " ") {
					str := strings.TrimSuffix(b.String(), " ")
					b.Reset()
					b.WriteString(str)
				} else if b.Len() == 0 && len(out) > 0 && strings.HasSuffix(out[len(out)-1].Text, " ") {
					out[len(out)-1].Text = strings.TrimSuffix(out[len(out)-1].Text, " ")
				}
				b.WriteRune('\n')
				space = true
			case unicode.IsSpace(r):
				if !space {
					b.WriteRune(' ')
					space = true
				}
			default:
				b.WriteRune(r)
				space = false
			}
		}
		if b.Len() == 0 {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Style == s.Style && out[n-1].Link == s.Link {
			out[n-1].Text += b.String()
		} else {
			out = append(out, Span{Text: b.String(), Style: s.Style, Link: s.Link})
		}
	}
	// Trailing space and line breaks.
	for len(out) > 0 {
		last := &out[len(out)-1]
		last.Text = strings.TrimRight(last.Text, " \n")
		if last.Text != "" {
			break
		}
		out = out[:len(out)-1]
	}
	for i := range out {
		if out[i].Style&Code == 0 {
			continue
		}
		out[i].Text = strings.ReplaceAll(out[i].Text, "\t", " ")
	}
	return out
}

// anchor finds each text of blocks in body, in order, comparing letters with letters: runs of
// white space in either count as one space, so a line break in the body matches a space here.
func anchor(blocks []Block, body string) {
	squeezed, origin := squeeze(body)
	cursor := 0 // in squeezed, bytes
	place := func(t *Text) {
		t.Start = -1
		s, _ := squeeze(t.String())
		if s == "" {
			return
		}
		if i := strings.Index(squeezed[cursor:], s); i >= 0 {
			t.Start = origin[cursor+i]
			cursor += i + len(s)
		}
	}
	for i := range blocks {
		b := &blocks[i]
		switch b.Kind {
		case Table:
			for _, row := range b.Rows {
				for j := range row {
					place(&row[j])
				}
			}
		case Image, Rule:
			b.Text.Start = -1
		default:
			place(&b.Text)
		}
	}
}

// Locate finds text in body, runs of white space in either counting as one space, and maps
// rune offsets in text to rune offsets in body. ok is false when body does not hold text.
func Locate(body, text string, offsets ...int) (mapped []int, ok bool) {
	b, bodyOrigin := squeeze(body)
	t, textOrigin := squeeze(text)
	i := strings.Index(b, t)
	if t == "" || i < 0 {
		return nil, false
	}
	mapped = make([]int, len(offsets))
	for k, off := range offsets {
		// The first byte of the squeezed text that comes from rune off or later.
		j := sort.SearchInts(textOrigin, off)
		if j >= len(t) {
			mapped[k] = bodyOrigin[i+len(t)-1] + 1
		} else {
			mapped[k] = bodyOrigin[i+j]
		}
	}
	return mapped, true
}

// squeeze returns s with each run of white space made one space, and for each of its bytes the
// rune offset in s where that byte's rune came from.
func squeeze(s string) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	origin := make([]int, 0, len(s))
	space := false
	runeIndex := 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				origin = append(origin, runeIndex)
			}
			space = true
		} else {
			n := utf8.RuneLen(r)
			if n < 0 {
				n = 3 // utf8.RuneError as written by the Builder
			}
			b.WriteRune(r)
			for range n {
				origin = append(origin, runeIndex)
			}
			space = false
		}
		runeIndex++
	}
	out := b.String()
	if strings.HasSuffix(out, " ") {
		out = out[:len(out)-1]
		origin = origin[:len(origin)-1]
	}
	return out, origin
}
