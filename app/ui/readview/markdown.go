package readview

import "strings"

// Markdown is the text between two positions as Markdown (Ctrl+Shift+C): inline styles and
// links as written, headings, list items, quotes, code blocks and table rows as blocks.
func (l *Layout) Markdown(d *Doc, from, to Pos) string {
	if to.Less(from) {
		from, to = to, from
	}
	var sb strings.Builder
	for bi := from.Box; bi <= to.Box && bi < len(l.Boxes); bi++ {
		b := &l.Boxes[bi]
		block := &d.Blocks[b.Block]
		first, last := 0, b.Runes
		if bi == from.Box {
			first = from.Rune
		}
		if bi == to.Box {
			last = to.Rune
		}
		if bi > from.Box {
			prev := &l.Boxes[bi-1]
			switch {
			case prev.Block == b.Block && prev.Y == b.Y:
				sb.WriteString(" | ")
			case prev.Block == b.Block:
				sb.WriteString(" |\n")
				if bi-1 >= 0 && rowIndex(l, bi-1) == 0 {
					sb.WriteString("| --- |\n")
				}
				sb.WriteString("| ")
			case block.ListItem && d.Blocks[prev.Block].ListItem:
				sb.WriteString("\n")
			default:
				sb.WriteString("\n\n")
			}
		}
		if bi == from.Box || l.Boxes[bi-1].Block != b.Block {
			sb.WriteString(blockPrefix(block))
		}
		text := spansMarkdown(b.Text.Spans, first, last, block.Kind == CodeBlock)
		if block.Kind == CodeBlock {
			text = "```\n" + text + "\n```"
		}
		sb.WriteString(text)
		if block.Kind == Table && (bi == to.Box || l.Boxes[bi+1].Block != b.Block) {
			sb.WriteString(" |")
		}
	}
	return sb.String()
}

// rowIndex is the row of a table's box i: how many row starts came before it in its block.
func rowIndex(l *Layout, i int) int {
	row := 0
	for j := i; j > 0 && l.Boxes[j-1].Block == l.Boxes[i].Block; j-- {
		if l.Boxes[j-1].Y != l.Boxes[j].Y {
			row++
		}
	}
	return row
}

// blockPrefix is what starts a block's first line in Markdown.
func blockPrefix(b *Block) string {
	prefix := strings.Repeat("> ", b.Quote)
	switch {
	case b.Kind == Heading:
		prefix += strings.Repeat("#", max(1, b.Level)) + " "
	case b.Kind == Title:
		prefix += "# "
	case b.Kind == Table:
		prefix += "| "
	case b.Indent > 0:
		prefix += strings.Repeat("  ", b.Indent-1)
		if b.Marker == "" || b.Marker == "•" || b.Marker == "◦" {
			prefix += "- "
		} else {
			prefix += b.Marker + " "
		}
	}
	return prefix
}

// spansMarkdown writes runes [first, last) of spans with their styles as Markdown.
func spansMarkdown(spans []Span, first, last int, code bool) string {
	var sb strings.Builder
	at := 0
	for _, s := range spans {
		runes := []rune(s.Text)
		lo, hi := max(first-at, 0), min(last-at, len(runes))
		at += len(runes)
		if lo >= hi {
			continue
		}
		text := string(runes[lo:hi])
		if code {
			sb.WriteString(text)
			continue
		}
		if s.Style&Code != 0 {
			text = "`" + text + "`"
		} else {
			text = escapeMarkdown(text)
		}
		if s.Style&Sup != 0 {
			text = "<sup>" + text + "</sup>"
		}
		if s.Style&Sub != 0 {
			text = "<sub>" + text + "</sub>"
		}
		// Emphasis markers hug the words: spaces at the ends stay outside.
		lead := len(text) - len(strings.TrimLeft(text, " "))
		trail := len(text) - len(strings.TrimRight(text, " "))
		core := strings.TrimSpace(text)
		if core != "" {
			if s.Style&Strike != 0 {
				core = "~~" + core + "~~"
			}
			if s.Style&Italic != 0 {
				core = "*" + core + "*"
			}
			if s.Style&Bold != 0 {
				core = "**" + core + "**"
			}
			if s.Link != "" {
				core = "[" + core + "](" + linkDestination(s.Link) + ")"
			}
		}
		sb.WriteString(strings.Repeat(" ", lead) + core + strings.Repeat(" ", trail))
	}
	return strings.ReplaceAll(sb.String(), "\n", "  \n")
}

var markdownEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`)

func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }

// linkDestination writes a link's address so that Markdown reads it back whole.
func linkDestination(u string) string {
	if strings.ContainsAny(u, " ()<>") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(u) + ">"
	}
	return u
}
