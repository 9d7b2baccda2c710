package readview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

const everyBlock = "# Head\n\nSome *em* and [a link](https://x.org) here.\n\n- one\n- two\n  - nested\n\n> quoted words\n\n```\ncode line\n```\n\n| A | B |\n|---|---|\n| c1 | c2 |\n\nLast paragraph."

// boxOf is the index of the first box whose text starts with prefix.
func boxOf(t *testing.T, l *Layout, prefix string) int {
	t.Helper()
	for i := range l.Boxes {
		if strings.HasPrefix(l.Boxes[i].Text.String(), prefix) {
			return i
		}
	}
	t.Fatalf("no box starts with %q", prefix)
	return -1
}

func TestSelectionAcrossEveryBlockKind(t *testing.T) {
	body := "Head\n\nSome em and a link here.\n\none\n\ntwo\n\nnested\n\nquoted words\n\ncode line\n\nA\tB\nc1\tc2\n\nLast paragraph."
	d := FromMarkdown("", "", everyBlock, body)
	l := Lay(d, 400, fixedTypography(10))
	from := Pos{boxOf(t, l, "Some"), 5}
	to := Pos{boxOf(t, l, "Last"), 4}
	text := l.Between(from, to)
	want := "em and a link here.\n\none\n\ntwo\n\nnested\n\nquoted words\n\ncode line\n\nA\tB\nc1\tc2\n\nLast"
	if text != want {
		t.Fatalf("text:\n%q\nwant\n%q", text, want)
	}
	start, end := l.BodyOffset(from, true), l.BodyOffset(to, false)
	if got := string([]rune(body)[start:end]); got != "em and a link here.\n\none\n\ntwo\n\nnested\n\nquoted words\n\ncode line\n\nA\tB\nc1\tc2\n\nLast" {
		t.Fatalf("body range %q", got)
	}
	md := l.Markdown(d, from, to)
	for _, part := range []string{"*em* and [a link](https://x.org) here.", "- one\n- two\n  - nested", "> quoted words", "```\ncode line\n```", "| A | B |\n| --- |\n| c1 | c2 |", "Last"} {
		if !strings.Contains(md, part) {
			t.Errorf("Markdown lacks %q:\n%s", part, md)
		}
	}
	// Every position of every box hits back to itself, lines wrapped or not.
	for bi := range l.Boxes {
		b := &l.Boxes[bi]
		for r := 0; r <= b.Runes; r++ {
			ln := &b.Lines[b.lineOf(r)]
			x := b.X + l.runeX(ln, r)
			if r > ln.First && r == ln.First+ln.Runes && ln.Runes > 0 && b.lineOf(r) != len(b.Lines)-1 {
				continue // the end of a wrapped line is the start of the next
			}
			got, _ := l.Hit(x+0.1, ln.Y+ln.H/2)
			if got != (Pos{bi, r}) && !(got.Box == bi && got.Rune == r-1 && r == b.Runes) {
				t.Fatalf("box %d rune %d drawn at %v,%v hits %+v", bi, r, x, ln.Y, got)
			}
		}
	}
}

// view makes a View in a window of the test driver, laid out.
func view(t *testing.T, md string, size fyne.Size) *View {
	test.NewTempApp(t)
	v := NewView()
	v.Do = func(f func()) { f() }
	v.SetDoc(FromMarkdown("Title", "", md, md), 0)
	w := test.NewTempWindow(t, v)
	w.Resize(size)
	v.Resize(size)
	v.Refresh()
	return v
}

func TestKeyboardSelectionAndCaretBrowsing(t *testing.T) {
	v := view(t, "First words of the text.\n\nSecond paragraph here.", fyne.NewSize(500, 300))
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight}) // from the top of the view: the title
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	if got := v.SelectedText(); got != "Title" {
		t.Fatalf("Shift+Ctrl+Right selected %q", got)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if got := v.SelectedText(); !strings.HasPrefix(got, "Title\n\nFirst") {
		t.Fatalf("Shift+Down selected %q", got)
	}
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	// F7: the arrows move a caret; Shift+arrows select from it.
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF7})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if v.SelectedText() != "" || !v.caretMode {
		t.Fatal("in caret browsing, an arrow moves the caret and drops the selection")
	}
	before := v.Offset()
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if v.Offset() != before {
		t.Fatal("in caret browsing, Down moves the caret, not the view")
	}
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if got := v.SelectedText(); got == "" || strings.Contains(got, "\n") {
		t.Fatalf("Shift+End in caret browsing selected %q", got)
	}
}

func TestMouseSelection(t *testing.T) {
	v := view(t, "Alpha beta gamma delta.\n\nEpsilon zeta.", fyne.NewSize(500, 300))
	l := v.Layout()
	b := boxOf(t, l, "Alpha")
	press := func(p Pos, mod fyne.KeyModifier) {
		at := v.PointOf(p)
		v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at}, Button: desktop.MouseButtonPrimary, Modifier: mod})
		v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at}, Button: desktop.MouseButtonPrimary, Modifier: mod})
	}
	press(Pos{b, 7}, 0)
	press(Pos{b, 7}, 0) // a double click: the word
	if got := v.SelectedText(); got != "beta" {
		t.Fatalf("double click selected %q", got)
	}
	press(Pos{b, 7}, 0) // a triple click: the paragraph
	if got := v.SelectedText(); got != "Alpha beta gamma delta." {
		t.Fatalf("triple click selected %q", got)
	}
	v.pressedAt = v.pressedAt.Add(-time1s) // a new click, not a fourth
	press(Pos{b, 0}, 0)
	press(Pos{b + 1, 7}, fyne.KeyModifierShift) // Shift+click extends, across paragraphs
	if got := v.SelectedText(); got != "Alpha beta gamma delta.\n\nEpsilon" {
		t.Fatalf("Shift+click selected %q", got)
	}
	if md := v.SelectedMarkdown(); md != "Alpha beta gamma delta.\n\nEpsilon" {
		t.Fatalf("as Markdown %q", md)
	}
}

const time1s = 1_000_000_000

func TestHoverAndClickOnATint(t *testing.T) {
	v := view(t, "Alpha beta gamma delta.", fyne.NewSize(500, 300))
	b := boxOf(t, v.Layout(), "Alpha")
	start := v.Layout().Boxes[b].Start()
	v.SetTints([]Tint{{Start: start + 6, End: start + 10, ID: 7}})
	var hovered, tapped int64
	v.OnHoverTint = func(tn Tint, ok bool) {
		if ok {
			hovered = tn.ID
		} else {
			hovered = -1
		}
	}
	v.OnTintTapped = func(tn Tint, _ fyne.Position) { tapped = tn.ID }
	on, off := v.PointOf(Pos{b, 8}), v.PointOf(Pos{b, 1})
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: on}})
	if hovered != 7 {
		t.Fatalf("hovering the tinted word: %d", hovered)
	}
	v.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: off}})
	if hovered != -1 {
		t.Fatalf("leaving the tint: %d", hovered)
	}
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: on}, Button: desktop.MouseButtonPrimary})
	v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: on}, Button: desktop.MouseButtonPrimary})
	if tapped != 7 {
		t.Fatalf("clicking the tint: %d", tapped)
	}
}
