package readview

import (
	"reflect"
	"strings"
	"testing"
)

// blockKinds lists the blocks' kinds of a Doc made from md.
func doc(md, body string) *Doc { return FromMarkdown("", "", md, body) }

func TestInlineStyles(t *testing.T) {
	d := doc("Plain **bold** *italic* ***both*** ~~gone~~ `code` [link](https://example.org/a) and H<sub>2</sub>O x<sup>2</sup>.", "")
	if len(d.Blocks) != 1 {
		t.Fatalf("want one paragraph, got %d blocks", len(d.Blocks))
	}
	got := d.Blocks[0].Text.Spans
	want := []Span{
		{Text: "Plain "},
		{Text: "bold", Style: Bold},
		{Text: " "},
		{Text: "italic", Style: Italic},
		{Text: " "},
		{Text: "both", Style: Bold | Italic},
		{Text: " "},
		{Text: "gone", Style: Strike},
		{Text: " "},
		{Text: "code", Style: Code},
		{Text: " "},
		{Text: "link", Link: "https://example.org/a"},
		{Text: " and H"},
		{Text: "2", Style: Sub},
		{Text: "O x"},
		{Text: "2", Style: Sup},
		{Text: "."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("spans:\n got %+v\nwant %+v", got, want)
	}
}

func TestLinkTextAppearsOnceInItsSentence(t *testing.T) {
	d := doc("See [the report](https://example.org/r) for details.", "")
	if s := d.Blocks[0].Text.String(); s != "See the report for details." {
		t.Fatalf("text %q", s)
	}
	if len(d.Blocks) != 1 {
		t.Fatalf("links must not add blocks: %d", len(d.Blocks))
	}
}

func TestBlocks(t *testing.T) {
	md := strings.Join([]string{
		"# Heading one",
		"## Heading two",
		"Para one\nsoft break.",
		"> quoted\n>\n> > deeper",
		"- a\n- b\n  - nested\n    1. deep",
		"1. first\n2. second",
		"```\ncode  line\n\tindented\n```",
		"---",
		"| H1 | H2 |\n|----|----|\n| a | **b** |",
		"![An owl](https://example.org/owl.png)",
		"*A caption*",
	}, "\n\n")
	d := doc(md, "")
	type row struct {
		kind          Kind
		level, indent int
		quote         int
		marker        string
		text          string
	}
	var got []row
	for _, b := range d.Blocks {
		text := b.Text.String()
		if b.Kind == Image {
			text = b.Src + "|" + b.Alt
		}
		if b.Kind == Table {
			var cells []string
			for _, r := range b.Rows {
				for _, c := range r {
					cells = append(cells, c.String())
				}
			}
			text = strings.Join(cells, ",")
		}
		got = append(got, row{b.Kind, b.Level, b.Indent, b.Quote, b.Marker, text})
	}
	want := []row{
		{Heading, 1, 0, 0, "", "Heading one"},
		{Heading, 2, 0, 0, "", "Heading two"},
		{Paragraph, 0, 0, 0, "", "Para one soft break."},
		{Paragraph, 0, 0, 1, "", "quoted"},
		{Paragraph, 0, 0, 2, "", "deeper"},
		{Paragraph, 0, 1, 0, "•", "a"},
		{Paragraph, 0, 1, 0, "•", "b"},
		{Paragraph, 0, 2, 0, "◦", "nested"},
		{Paragraph, 0, 3, 0, "1.", "deep"},
		{Paragraph, 0, 1, 0, "1.", "first"},
		{Paragraph, 0, 1, 0, "2.", "second"},
		{CodeBlock, 0, 0, 0, "", "code  line\n    indented"},
		{Rule, 0, 0, 0, "", ""},
		{Table, 0, 0, 0, "", "H1,H2,a,b"},
		{Image, 0, 0, 0, "", "https://example.org/owl.png|An owl"},
		{Paragraph, 0, 0, 0, "", "A caption"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("blocks:\n got %+v\nwant %+v", got, want)
	}
	if !d.Blocks[5].ListItem || d.Blocks[2].ListItem {
		t.Fatal("tight list items are marked, paragraphs are not")
	}
}

func TestImageInsideParagraphSplitsIt(t *testing.T) {
	d := doc("Before [![alt](i.png)](https://example.org) after.", "")
	if len(d.Blocks) != 3 || d.Blocks[1].Kind != Image || d.Blocks[1].Link != "https://example.org" {
		t.Fatalf("got %+v", d.Blocks)
	}
}

func TestAnchorsInBody(t *testing.T) {
	body := "Title\n\nFirst paragraph with\na line break.\n\nSecond one.\n\nx\ty"
	d := FromMarkdown("Title", "by me", "First paragraph with a line break.\n\nSecond *one*.\n\n| x | y |\n|---|---|", body)
	var starts []int
	for _, b := range d.Blocks {
		if b.Kind == Table {
			for _, c := range b.Rows[0] {
				starts = append(starts, c.Start)
			}
			continue
		}
		starts = append(starts, b.Text.Start)
	}
	want := []int{-1, -1, 7, 43, 56, 58}
	if !reflect.DeepEqual(starts, want) {
		t.Fatalf("starts %v, want %v", starts, want)
	}
	runes := []rune(body)
	if got := string(runes[43 : 43+len("Second one.")]); got != "Second one." {
		t.Fatalf("anchor points at %q", got)
	}
}

func TestTitleHeadingIsNotRepeated(t *testing.T) {
	d := FromMarkdown("My Title", "", "# My Title\n\nText.", "My Title\n\nText.")
	if len(d.Blocks) != 2 || d.Blocks[0].Kind != Title || d.Blocks[1].Text.String() != "Text." {
		t.Fatalf("got %+v", d.Blocks)
	}
}

func TestBodyWhenNoMarkdown(t *testing.T) {
	d := FromMarkdown("", "", "", "One.\n\nTwo.")
	if len(d.Blocks) != 2 || d.Blocks[1].Text.Start != 6 {
		t.Fatalf("got %+v", d.Blocks)
	}
}

func TestCollapseWhitespace(t *testing.T) {
	got := collapse([]Span{{Text: "  a  "}, {Text: " b", Style: Bold}, {Text: "\n c \n"}})
	want := []Span{{Text: "a "}, {Text: "b", Style: Bold}, {Text: "\nc"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v want %+v", got, want)
	}
}

func FuzzFromMarkdown(f *testing.F) {
	f.Add("# T\n\n*a* **b** `c` [d](e) ![f](g)\n\n| x |\n|---|\n| y |", "a b c d")
	f.Add("> - 1. <sup>x</sup>\n\n```\n\t\n```", "")
	f.Fuzz(func(t *testing.T, md, body string) {
		d := FromMarkdown("t", "m", md, body)
		n := len([]rune(body))
		for _, b := range d.Blocks {
			if s := b.Text.Start; s > n {
				t.Fatalf("start %d beyond the body's %d runes", s, n)
			}
		}
		l := Lay(d, 300, fixedTypography(10))
		for y := float32(-10); y < l.Height+10; y += 7 {
			if p, ok := l.Hit(50, y); ok && (p.Rune < 0 || p.Rune > l.Boxes[p.Box].Runes) {
				t.Fatalf("hit %+v outside its box", p)
			}
		}
	})
}

func TestLocateMapsAcrossWhiteSpace(t *testing.T) {
	body := "One two.\n\nThree  four five."
	got, ok := Locate(body, "two. Three four", 0, 5, 15)
	if !ok || got[0] != 4 || got[1] != 10 || got[2] != 21 {
		t.Fatalf("Locate = %v, %v", got, ok)
	}
	if _, ok := Locate(body, "absent"); ok {
		t.Fatal("found what is not there")
	}
}
