package readview

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
)

// fixedTypography measures every rune as half the text size wide, so that tests can count.
func fixedTypography(size float32) Typography {
	return Typography{Size: size, LineHeight: 1.5, Measure: func(s string, sz float32, _ fyne.TextStyle) float32 {
		return float32(utf8.RuneCountInString(s)) * sz / 2
	}}
}

func layText(md string, width float32) *Layout {
	return Lay(doc(md, md), width, fixedTypography(10))
}

func TestLinesBreakAtSpacesWithinWidth(t *testing.T) {
	// 5 px a rune: 20 runes a line at 100 px.
	l := layText("aaaa bbbb cccc dddd eeee ffff", 100)
	b := l.Boxes[0]
	var lines []string
	for _, ln := range b.Lines {
		var s strings.Builder
		for _, f := range ln.Frags {
			s.WriteString(f.Text)
		}
		lines = append(lines, s.String())
		if w := ln.Frags[len(ln.Frags)-1].X + ln.Frags[len(ln.Frags)-1].W; w > 100+5 {
			t.Fatalf("line %q is %v wide", s.String(), w)
		}
	}
	want := []string{"aaaa bbbb cccc dddd ", "eeee ffff"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Fatalf("lines %q", lines)
	}
	if b.Lines[1].First != 20 || b.Runes != 29 {
		t.Fatalf("rune ranges: %+v, %d", b.Lines[1], b.Runes)
	}
	if b.H != 30 || b.Lines[1].Y != 15 {
		t.Fatalf("line heights: %v, %v", b.H, b.Lines[1].Y)
	}
}

func TestLongWordBreaksBetweenLetters(t *testing.T) {
	l := layText(strings.Repeat("x", 50), 100)
	if n := len(l.Boxes[0].Lines); n != 3 {
		t.Fatalf("%d lines", n)
	}
	if l.Boxes[0].Runes != 50 {
		t.Fatalf("runes %d", l.Boxes[0].Runes)
	}
}

func TestStyledRunsKeepTheirStyleAcrossLines(t *testing.T) {
	l := layText("plain **bold words here that wrap** end", 100)
	var bold []string
	for _, ln := range l.Boxes[0].Lines {
		for _, f := range ln.Frags {
			if f.Style&Bold != 0 {
				bold = append(bold, f.Text)
			}
		}
	}
	if got := strings.Join(bold, ""); got != "bold words here that wrap" {
		t.Fatalf("bold frags %q", bold)
	}
}

func TestHardBreakAndCodeKeepLines(t *testing.T) {
	l := layText("```\nfunc f() {\n    return\n}\n```", 400)
	if n := len(l.Boxes[0].Lines); n != 3 {
		t.Fatalf("code lines: %d", n)
	}
	if f := l.Boxes[0].Lines[1].Frags[0]; !strings.HasPrefix(f.Text, "    return") || f.Style&Code == 0 {
		t.Fatalf("indentation or style lost: %+v", f)
	}
	if len(l.Decors) == 0 || l.Decors[0].Kind != DecorCode {
		t.Fatal("code block has no background")
	}
}

func TestListIndentAndMarkers(t *testing.T) {
	l := layText("- a\n  - b", 400)
	if len(l.Markers) != 2 || l.Markers[0].Text != "•" || l.Markers[1].Text != "◦" {
		t.Fatalf("markers %+v", l.Markers)
	}
	if !(l.Boxes[1].X > l.Boxes[0].X && l.Boxes[0].X > 0) {
		t.Fatalf("nested items are indented: %v %v", l.Boxes[0].X, l.Boxes[1].X)
	}
	if gap := l.Boxes[1].Y - (l.Boxes[0].Y + l.Boxes[0].H); gap > 10*listGap+0.01 {
		t.Fatalf("tight list gap %v", gap)
	}
}

func TestQuoteHasABar(t *testing.T) {
	l := layText("> quoted text", 400)
	found := false
	for _, d := range l.Decors {
		if d.Kind == DecorQuoteBar && d.H >= l.Boxes[0].H {
			found = true
		}
	}
	if !found || l.Boxes[0].X <= 0 {
		t.Fatalf("decors %+v box %+v", l.Decors, l.Boxes[0])
	}
}

func TestTableIsAGrid(t *testing.T) {
	l := layText("| Name | Value |\n|---|---|\n| a | b |\n| c | d |", 400)
	if len(l.Boxes) != 6 {
		t.Fatalf("%d cells", len(l.Boxes))
	}
	// Cells of a row share a top; columns share an x.
	if l.Boxes[2].Y != l.Boxes[3].Y || l.Boxes[2].X != l.Boxes[4].X || l.Boxes[3].X <= l.Boxes[2].X || l.Boxes[4].Y <= l.Boxes[2].Y {
		t.Fatalf("grid: %+v", l.Boxes)
	}
	if f := l.Boxes[0].Lines[0].Frags[0]; f.Style&Bold == 0 {
		t.Fatal("header cells are bold")
	}
}

func TestWideTableFitsTheColumn(t *testing.T) {
	l := layText("| "+strings.Repeat("word ", 40)+"| other |\n|---|---|\n| a | b |", 200)
	for _, b := range l.Boxes {
		if b.X+b.W > 200+0.5 {
			t.Fatalf("cell beyond the column: %+v", b)
		}
	}
}

func TestImageScaledToColumnNeverPastTwice(t *testing.T) {
	typo := fixedTypography(10)
	typo.ImageSize = func(src string) (float32, float32, bool) {
		if src == "big.png" {
			return 1000, 500, true
		}
		return 50, 40, true
	}
	l := Lay(doc("![a](big.png)\n\n![b](small.png)", ""), 300, typo)
	if im := l.Images[0]; im.W != 300 || im.H != 150 {
		t.Fatalf("big: %+v", im)
	}
	if im := l.Images[1]; im.W != 100 || im.H != 80 {
		t.Fatalf("small: %+v", im)
	}
}

func TestHitTesting(t *testing.T) {
	md := "aaaa bbbb cccc dddd eeee ffff\n\nsecond *para* graph"
	l := layText(md, 100)
	cases := []struct {
		x, y float32
		want Pos
	}{
		{0, 1, Pos{0, 0}},
		{12, 1, Pos{0, 2}},    // between the 2nd and 3rd letter (5 px each): nearest boundary
		{13, 1, Pos{0, 3}},    // past the middle of the 3rd
		{99, 1, Pos{0, 19}},   // end of the first line, before its trailing space
		{2, 16, Pos{0, 20}},   // second line
		{300, 16, Pos{0, 29}}, // past the end of the box
		{0, 37, Pos{1, 0}},    // the gap below, nearer the next paragraph: its start
		{0, 32, Pos{0, 29}},   // nearer the end of this one: its end
		{37, 40, Pos{1, 7}},   // inside the italic word
	}
	for _, c := range cases {
		got, ok := l.Hit(c.x, c.y)
		if !ok || got != c.want {
			t.Errorf("Hit(%v,%v) = %+v, want %+v", c.x, c.y, got, c.want)
		}
	}
}

func TestSelectionAcrossBlocks(t *testing.T) {
	body := "First para ends here.\n\nSecond starts here."
	d := FromMarkdown("", "", "First para ends here.\n\nSecond *starts* here.", body)
	l := Lay(d, 400, fixedTypography(10))
	from, to := Pos{0, 11}, Pos{1, 13}
	if got := l.Between(from, to); got != "ends here.\n\nSecond starts" {
		t.Fatalf("text %q", got)
	}
	start, end := l.BodyOffset(from, true), l.BodyOffset(to, false)
	if got := string([]rune(body)[start:end]); got != "ends here.\n\nSecond starts" {
		t.Fatalf("body range %d..%d = %q", start, end, got)
	}
	var rects int
	l.Rects(from, to, func(x, y, w, h float32) { rects++ })
	if rects != 2 {
		t.Fatalf("%d rectangles for two partial lines", rects)
	}
	if p, ok := l.BodyPos(start); !ok || p != from {
		t.Fatalf("BodyPos(%d) = %+v", start, p)
	}
}

func TestWordAndLinkAt(t *testing.T) {
	l := layText("go [there](https://x.org) now", 400)
	a, b := l.Word(Pos{0, 4})
	if a.Rune != 3 || b.Rune != 8 {
		t.Fatalf("word %v..%v", a, b)
	}
	if got := l.LinkAt(20, 5); got != "https://x.org" {
		t.Fatalf("link at the word: %q", got)
	}
	if got := l.LinkAt(2, 5); got != "" {
		t.Fatalf("no link at 'go': %q", got)
	}
}

func TestSuperscriptIsSmallerAndRaised(t *testing.T) {
	l := layText("x<sup>2</sup>", 400)
	f := l.Boxes[0].Lines[0].Frags[1]
	if f.Size >= 10 || f.Rise <= 0 || f.Text != "2" {
		t.Fatalf("sup frag %+v", f)
	}
}
