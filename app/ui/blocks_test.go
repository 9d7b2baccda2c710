package ui

import (
	"testing"
	"unicode/utf8"
)

func TestArticleBlocksAnchorInBody(t *testing.T) {
	md := "# Título\n\nFirst *para*graph with a [link](http://x).\n\n- one\n- two\n\n> quoted\n> text\n\n```\ncode\n```\n"
	body := "Título\n\nFirst paragraph with a link.\n\none\n\ntwo\n\nquoted text\n\ncode"
	blocks := articleBlocks(md, body)
	want := []struct {
		kind blockKind
		text string
	}{
		{blockHeading, "Título"}, {blockParagraph, "First paragraph with a link."},
		{blockListItem, "one"}, {blockListItem, "two"}, {blockQuote, "quoted text"}, {blockCode, "code"},
	}
	if len(blocks) != len(want) {
		t.Fatalf("got %d blocks %+v, want %d", len(blocks), blocks, len(want))
	}
	runes := []rune(body)
	for i, w := range want {
		b := blocks[i]
		if b.Kind != w.kind || b.Text != w.text {
			t.Errorf("block %d = %v %q, want %v %q", i, b.Kind, b.Text, w.kind, w.text)
			continue
		}
		if b.Start < 0 {
			t.Errorf("block %d %q not placed in the body", i, b.Text)
			continue
		}
		if got := string(runes[b.Start : b.Start+utf8.RuneCountInString(b.Text)]); got != b.Text {
			t.Errorf("block %d placed at %q", i, got)
		}
	}
	if l := blocks[1].Links; len(l) != 1 || l[0].Text != "link" || l[0].URL != "http://x" {
		t.Errorf("links of block 1 = %+v", l)
	}
	if blocks[2].Marker != "•" {
		t.Errorf("list marker = %q", blocks[2].Marker)
	}
}

func TestArticleBlocksFallBackToBody(t *testing.T) {
	blocks := articleBlocks("", "One.\n\nTwo.")
	if len(blocks) != 2 || blocks[1].Text != "Two." || blocks[1].Start != 6 {
		t.Fatalf("blocks = %+v", blocks)
	}
}
