package ui

import (
	"context"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/app/deeplink"
	"lectern/store"
)

// addTestHighlight stores a highlight over runes [start, end) of the open article (start -1:
// an unplaced one) and shows the panel again.
func addTestHighlight(t *testing.T, ui *window, start, end int, colour, comment string) store.Highlight {
	t.Helper()
	h := store.Highlight{ArticleID: ui.article.ID, Start: start, End: end, Color: colour, Comment: comment, Quote: "a passage gone"}
	if start >= 0 {
		h.Quote = runeSlice(ui.article.Body, start, end)
	}
	h, err := ui.db.AddHighlight(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	ui.notes.reload()
	settle(ui)
	return h
}

// bounds is where o is on the window's canvas.
func bounds(o fyne.CanvasObject) (top, bottom float32) {
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return p.Y, p.Y + o.Size().Height
}

// checkPanelStructure fails unless the panel is laid out as a column: each highlight card
// whole (its comment as tall as it needs), then the Highlight selection button, then the
// Notes heading.
func checkPanelStructure(t *testing.T, ui *window) {
	t.Helper()
	p := ui.notes
	cardsBottom := float32(0)
	for i, c := range p.cards {
		top, bottom := bounds(c.box)
		if h := c.comment.Size().Height; h < c.comment.MinSize().Height {
			t.Errorf("card %d: the comment box is %.0f px tall, it needs %.0f", i, h, c.comment.MinSize().Height)
		}
		if _, cb := bounds(c.comment); cb > bottom+0.5 {
			t.Errorf("card %d: the comment box ends at %.0f, below its card (%.0f–%.0f)", i, cb, top, bottom)
		}
		cardsBottom = max(cardsBottom, bottom)
	}
	if _, boxBottom := bounds(p.highlightBox); boxBottom+0.5 < cardsBottom {
		t.Errorf("the highlights end at %.0f, below their box (%.0f)", cardsBottom, boxBottom)
	}
	if !p.highlightButton.Visible() || p.highlightButton.Size().Height < p.highlightButton.MinSize().Height {
		t.Errorf("the Highlight selection button is hidden or squashed (%v)", p.highlightButton.Size())
	}
	buttonTop, buttonBottom := bounds(p.highlightButton)
	if buttonTop+0.5 < cardsBottom {
		t.Errorf("the Highlight selection button (at %.0f) is under the highlights (down to %.0f)", buttonTop, cardsBottom)
	}
	if headTop, _ := bounds(p.notesHeader); headTop+0.5 < buttonBottom {
		t.Errorf("the Notes heading (at %.0f) is under the Highlight selection button (down to %.0f)", headTop, buttonBottom)
	}
	if _, sectionBottom := bounds(p.highlightSection); sectionBottom+0.5 < buttonBottom {
		t.Errorf("the highlights section ends at %.0f, above its button (down to %.0f)", sectionBottom, buttonBottom)
	}
}

func TestCommentBoxGrowsWithItsText(t *testing.T) {
	ui := newTestWindow(t)
	addTestHighlight(t, ui, 0, 7, "", "")
	addTestHighlight(t, ui, 10, 20, "", "first line\nsecond line\nthird line")
	p := ui.notes
	empty, three := p.cards[0].comment, p.cards[1].comment
	line := empty.MinSize().Height
	if got := three.MinSize().Height; got < line+1.8*fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{}).Height {
		t.Errorf("a 3-line comment's box is %.0f px tall; a 1-line one is %.0f", got, line)
	}
	checkPanelStructure(t, ui)

	// Typing more lines grows the box, and the comment is still saved as before.
	ui.win.Canvas().Focus(empty)
	before := empty.MinSize().Height
	test.Type(empty, "one")
	empty.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Type(empty, "two")
	empty.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Type(empty, "three and a line long enough to wrap in the panel, more than once surely, at its width")
	settle(ui)
	if after := empty.MinSize().Height; after < before+2*fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{}).Height {
		t.Errorf("typing a long, 3-paragraph comment left the box %.0f px tall (was %.0f)", after, before)
	}
	checkPanelStructure(t, ui)
	if !ui.commentSaver.Pending() {
		t.Error("the typed comment is not waiting to be saved")
	}
	ui.commentSaver.Flush()
	hs, _ := ui.db.Highlights(context.Background(), ui.article.ID)
	if !strings.HasPrefix(hs[0].Comment, "one\ntwo\nthree") {
		t.Errorf("stored comment %q", hs[0].Comment)
	}
}

func TestWrappedLines(t *testing.T) {
	size := float32(14)
	w := fyne.MeasureText("word word word", size, fyne.TextStyle{}).Width + 1
	cases := []struct {
		text string
		want int
	}{
		{"", 1},
		{"word", 1},
		{"word word word", 1},
		{"word word word word", 2},
		{"word word word word word word word", 3},
		{"a\nb\n\nc", 4},
		{strings.Repeat("x", 60), 0}, // a word wider than the line breaks: more than one line
	}
	for _, c := range cases {
		got := wrappedLines(c.text, w, size, fyne.TextStyle{})
		if c.want == 0 {
			if got < 2 {
				t.Errorf("%q: %d lines, want several", c.text, got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%q: %d lines, want %d", c.text, got, c.want)
		}
	}
}

// The glitch: delete a highlight, restore it from the Trash: the panel must stay a
// column (the comment box not over the Notes heading, the button visible), and the status
// bar's Undo, which has nothing left to undo, goes.
func TestTrashRestoreKeepsThePanel(t *testing.T) {
	ui := newTestWindow(t)
	ui.notes.focusNotes()
	test.Type(ui.notes.editors[0], "a note under the highlights")
	ui.saver.Flush()
	h := addTestHighlight(t, ui, 0, 10, "", "a two\nline comment")
	ui.trashHighlight(h)
	settle(ui)
	if !ui.status.undo.Visible() {
		t.Fatal("deleting a highlight offers no Undo")
	}
	ui.showTrash()
	settle(ui)
	var restore *widget.Button
	for _, o := range test.LaidOutObjects(ui.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Restore" {
			restore = b
		}
	}
	if restore == nil {
		t.Fatal("the Trash shows no Restore button")
	}
	test.Tap(restore)
	settle(ui)
	ui.dialog.Hide()
	settle(ui)
	if len(ui.notes.cards) != 1 || ui.notes.cards[0].comment.Text != "a two\nline comment" {
		t.Fatalf("after restoring, the panel shows %d highlights", len(ui.notes.cards))
	}
	checkPanelStructure(t, ui)
	if ui.status.undo.Visible() {
		t.Error("after restoring from the Trash, the status bar still offers to Undo the deletion")
	}
}

// Undo of another action stays when something else is restored from the Trash.
func TestTrashRestoreKeepsOtherUndo(t *testing.T) {
	ui := newTestWindow(t)
	h := addTestHighlight(t, ui, 0, 10, "", "")
	ui.trashHighlight(h)
	settle(ui)
	ui.setStatus(store.Done) // offers its own Undo
	settle(ui)
	ui.withdrawUndo(trashedItem{highlight: h.ID})
	if !ui.status.undo.Visible() {
		t.Error("restoring the highlight took away the Undo of marking the article done")
	}
}

func TestHighlightsInArticleOrderWithTheirColours(t *testing.T) {
	ui := newTestWindow(t)
	addTestHighlight(t, ui, 50, 60, "green", "")
	addTestHighlight(t, ui, -1, -1, "pink", "")
	addTestHighlight(t, ui, 10, 20, "", "")
	addTestHighlight(t, ui, 30, 40, "purple", "")
	var got []int
	for _, h := range ui.notes.highlights {
		got = append(got, h.Start)
	}
	if want := []int{10, 30, 50, -1}; !equalInts(got, want) {
		t.Fatalf("the panel lists highlights starting at %v, want %v", got, want)
	}
	wantColours := []string{"yellow", "purple", "green", "pink"}
	for i, c := range ui.notes.cards {
		want := opaque(highlightColor(wantColours[i]))
		if c.bar.FillColor != want {
			t.Errorf("card %d: bar %v, want %s %v", i, c.bar.FillColor, wantColours[i], want)
		}
		if _, _, _, a := c.bar.FillColor.RGBA(); a != 0xffff {
			t.Errorf("card %d: the bar is translucent", i)
		}
	}
	if !hasText(ui.notes.cards[3].box, unplacedText) || hasText(ui.notes.cards[0].box, unplacedText) {
		t.Error("the unplaced highlight is not marked as such (or a placed one is)")
	}
	if !strings.Contains(ui.notes.cards[3].quote.Text, "a passage gone") {
		t.Errorf("the unplaced highlight's quote is %q", ui.notes.cards[3].quote.Text)
	}
	checkPanelStructure(t, ui)

	// The order is the panel's, whatever order the store gives.
	hs := []store.Highlight{{ID: 1, Start: -1, End: -1}, {ID: 2, Start: 40, End: 50}, {ID: 3, Start: 5, End: 9}, {ID: 4, Start: 40, End: 45}}
	sortHighlights(hs)
	var ids []int
	for _, h := range hs {
		ids = append(ids, int(h.ID))
	}
	if want := []int{3, 4, 2, 1}; !equalInts(ids, want) {
		t.Errorf("sorted %v, want %v", ids, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTappingTheQuoteGoesToThePassage(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	long := strings.Repeat("A paragraph long enough to wrap over a couple of lines in the reader, again and again.\n\n", 80) +
		"The needle at the very end of the article.\n"
	id, err := ui.db.AddArticle(ctx, &store.Article{Title: "Long read", Body: long})
	if err != nil {
		t.Fatal(err)
	}
	ui.openArticle(id)
	settle(ui)
	start := strings.Index(ui.article.Body, "needle") // ASCII: bytes are runes
	addTestHighlight(t, ui, start, start+6, "", "")
	if off := ui.reader.view.Offset(); off != 0 {
		t.Fatalf("the article opened at %.0f, want its top", off)
	}
	test.Tap(ui.notes.cards[0].quote)
	settle(ui)
	if off := ui.reader.view.Offset(); off < 500 {
		t.Fatalf("tapping the quote left the reader at %.0f", off)
	}
	if c := ui.notes.cards[0].quote.Cursor(); c == nil {
		t.Error("no cursor over the quote")
	}
}

func TestChangingAHighlightsColour(t *testing.T) {
	ui := newTestWindow(t)
	at := len([]rune(ui.article.Body[:strings.Index(ui.article.Body, "quiet")])) // in the first paragraph, on screen
	h := addTestHighlight(t, ui, at, at+5, "", "")
	if !readerPaints(ui, highlightColor("yellow")) {
		t.Fatal("the reader does not tint the new highlight yellow")
	}
	menu := ui.notes.colorMenu(h)
	var labels []string
	for _, it := range menu.Items {
		labels = append(labels, it.Label)
		if it.Checked != (it.Label == "Yellow") {
			t.Errorf("menu item %s checked %v", it.Label, it.Checked)
		}
	}
	if strings.Join(labels, ",") != "Yellow,Green,Blue,Pink,Purple" {
		t.Fatalf("colour menu %v", labels)
	}
	menu.Items[2].Action() // Blue
	settle(ui)
	hs, _ := ui.db.Highlights(context.Background(), ui.article.ID)
	if hs[0].Color != "blue" {
		t.Fatalf("stored colour %q, want blue", hs[0].Color)
	}
	if got := ui.notes.cards[0].bar.FillColor; got != opaque(highlightColor("blue")) {
		t.Errorf("the card's bar is %v after choosing blue", got)
	}
	if !readerPaints(ui, highlightColor("blue")) || readerPaints(ui, highlightColor("yellow")) {
		t.Error("the reader does not tint the passage blue (or still yellow)")
	}
	if !ui.notes.colorMenu(hs[0]).Items[2].Checked {
		t.Error("the menu does not check the new colour")
	}
}

// readerPaints reports whether the reader draws a rectangle of colour c.
func readerPaints(ui *window, c color.Color) bool {
	ui.reader.view.Refresh()
	for _, o := range test.LaidOutObjects(ui.reader.view) {
		if r, ok := o.(*canvas.Rectangle); ok && r.Visible() && r.FillColor == c {
			return true
		}
	}
	return false
}

func TestCopyLink(t *testing.T) {
	ui := newTestWindow(t)
	h := addTestHighlight(t, ui, 0, 10, "", "")
	menu := ui.notes.cardMenu(h)
	for _, it := range menu.Items {
		if it.Label == "Copy link" {
			it.Action()
		}
	}
	if got, want := ui.app.Clipboard().Content(), deeplink.Highlight(h.ID); got != want || !strings.HasPrefix(got, "lectern://highlight/") {
		t.Errorf("clipboard %q, want %q", got, want)
	}
}

// The panel can be as narrow as paneMinPx: nothing in it may need more.
func TestNotesPanelFitsNarrowPane(t *testing.T) {
	ui := newTestWindow(t)
	addTestHighlight(t, ui, 0, 10, "", "a comment")
	ui.notes.focusNotes()
	test.Type(ui.notes.editors[0], "a note")
	ui.notes.setSaveState("Not saved: the database is locked by another program")
	settle(ui)
	if w := ui.notes.body.MinSize().Width; w > paneMinPx-20 {
		t.Errorf("the panel needs %.0f px, more than a %d px pane", w, paneMinPx)
	}
	if w := ui.notes.content().MinSize().Width; w > paneMinPx {
		t.Errorf("the panel with its save state needs %.0f px", w)
	}
}
