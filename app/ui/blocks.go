package ui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// blockKind is how the reader styles a block of the article.
type blockKind int

const (
	blockParagraph blockKind = iota
	blockHeading
	blockListItem
	blockQuote
	blockCode
)

// block is one paragraph-like piece of the article as the reader shows it. Start is the rune
// offset of Text in the article's Body (-1 when it cannot be found there), which is what
// highlights anchor to.
type block struct {
	Kind   blockKind
	Level  int    // heading level
	Marker string // list bullet or number, shown before the text
	Text   string
	Start  int
	Links  []link // the block's links, shown under it (a selectable label cannot hold them)
}

// link is a hyperlink inside a block.
type link struct {
	Text, URL string
}

var markdown = goldmark.New()

// articleBlocks splits an article into blocks from its Markdown rendition (falling back to
// the plain body) and places each block in the body.
func articleBlocks(md, body string) []block {
	var blocks []block
	if strings.TrimSpace(md) != "" {
		blocks = markdownBlocks([]byte(md))
	}
	if len(blocks) == 0 {
		for _, p := range strings.Split(body, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				blocks = append(blocks, block{Kind: blockParagraph, Text: p})
			}
		}
	}
	anchorBlocks(blocks, body)
	return blocks
}

// anchorBlocks finds each block's text in body, searching forward from the previous block.
func anchorBlocks(blocks []block, body string) {
	byteCursor, runeCursor := 0, 0
	for i := range blocks {
		blocks[i].Start = -1
		idx := strings.Index(body[byteCursor:], blocks[i].Text)
		if idx < 0 || blocks[i].Text == "" {
			continue
		}
		runeCursor += utf8.RuneCountInString(body[byteCursor : byteCursor+idx])
		blocks[i].Start = runeCursor
		byteCursor += idx + len(blocks[i].Text)
		runeCursor += utf8.RuneCountInString(blocks[i].Text)
	}
}

func markdownBlocks(src []byte) []block {
	doc := markdown.Parser().Parse(text.NewReader(src))
	var blocks []block
	var walk func(n ast.Node, quoted bool)
	walk = func(n ast.Node, quoted bool) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch node := c.(type) {
			case *ast.Heading:
				blocks = append(blocks, block{Kind: blockHeading, Level: node.Level, Text: inlineText(node, src), Links: inlineLinks(node, src)})
			case *ast.Paragraph, *ast.TextBlock:
				kind := blockParagraph
				if quoted {
					kind = blockQuote
				}
				if t := inlineText(node, src); t != "" {
					blocks = append(blocks, block{Kind: kind, Text: t, Links: inlineLinks(node, src)})
				}
			case *ast.Blockquote:
				walk(node, true)
			case *ast.List:
				number := node.Start
				for item := node.FirstChild(); item != nil; item = item.NextSibling() {
					marker := "•"
					if node.IsOrdered() {
						marker = strconv.Itoa(number) + "."
						number++
					}
					start := len(blocks)
					walk(item, quoted)
					for i := start; i < len(blocks); i++ {
						if blocks[i].Kind == blockParagraph {
							blocks[i].Kind = blockListItem
						}
					}
					if start < len(blocks) {
						blocks[start].Marker = marker
					}
				}
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				var b strings.Builder
				lines := node.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					b.Write(seg.Value(src))
				}
				if t := strings.TrimRight(b.String(), "\n"); t != "" {
					blocks = append(blocks, block{Kind: blockCode, Text: t})
				}
			case *ast.ThematicBreak, *ast.HTMLBlock:
				// Nothing to read.
			default:
				walk(c, quoted)
			}
		}
	}
	walk(doc, false)
	return blocks
}

// inlineText is the plain text of a block's inline content: soft line breaks become spaces.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			// As the text reads: backslash escapes and entities resolved (web pages converted
			// to Markdown are full of "\_" and "&lt;").
			b.Write(util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(t.Segment.Value(src)))))
			if t.HardLineBreak() {
				b.WriteByte('\n')
			} else if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for g := t.FirstChild(); g != nil; g = g.NextSibling() {
				if s, ok := g.(*ast.Text); ok {
					b.Write(s.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(t.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// inlineLinks lists the web links in a block's inline content.
func inlineLinks(n ast.Node, src []byte) []link {
	var links []link
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := c.(type) {
		case *ast.Link:
			if dest := string(l.Destination); isWebURL(dest) {
				text := inlineText(l, src)
				if text == "" {
					text = dest
				}
				links = append(links, link{Text: text, URL: dest})
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			if dest := string(l.URL(src)); isWebURL(dest) {
				links = append(links, link{Text: dest, URL: dest})
			}
		}
		return ast.WalkContinue, nil
	})
	return links
}
