package ui

// Regression tests for defects found in review: each failed before its fix.

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"lectern/app/ingest"
	"lectern/app/ui/readview"
	"lectern/store"
)

// typeFocused types s into whatever has the keyboard focus, as a keyboard would.
func typeFocused(c fyne.Canvas, s string) {
	f := c.Focused()
	if f == nil {
		return
	}
	for _, r := range s {
		f.TypedRune(r)
	}
}

// dragIn drags the mouse over runes 3 to 20 of the reader's i-th box, as a user selects.
func dragIn(ui *window, i int) {
	dragBetween(ui, readview.Pos{Box: i, Rune: 3}, readview.Pos{Box: i, Rune: 20})
}

// dragBetween presses the mouse at one position of the reader, drags to another and lets go.
func dragBetween(ui *window, from, to readview.Pos) {
	v := ui.reader.view
	a, b := v.PointOf(from), v.PointOf(to)
	v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: a}, Button: desktop.MouseButtonPrimary})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-a.X, b.Y-a.Y)})
	v.DragEnd()
	v.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: b}, Button: desktop.MouseButtonPrimary})
}

func TestCtrlHTakesTheSelectionTheUserSees(t *testing.T) {
	ui := newTestWindow(t)
	dragIn(ui, 5)
	time.Sleep(500 * time.Millisecond) // not a double click
	dragIn(ui, 3)
	start, _, text, _ := ui.reader.view.Selection()
	if b := ui.reader.view.Layout().Boxes[3]; start != b.Start()+3 {
		t.Errorf("after selecting in box 3, the selection starts at %d %q, not in box 3 (at %d)", start, text, b.Start()+3)
	}
}

func TestSwitchingArticlesTakesFocusFromOldEditor(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	id, _ := ui.db.AddArticle(ctx, &store.Article{Title: "Other", Body: "Other body text here."})
	ui.library.reload(nil)
	settle(ui)
	ui.notes.focusNotes()
	old := ui.notes.editors[0]
	ui.openArticle(id) // Ctrl+] / palette Enter / import finishing: focus does not move
	settle(ui)
	if ui.win.Canvas().Focused() == old {
		t.Errorf("the removed editor of the previous article still has the focus")
	}
	typeFocused(ui.win.Canvas(), "typed blind")
	settle(ui)
	no, _ := ui.db.Notes(ctx, id)
	if len(no) == 1 && len(ui.notes.editors) == 0 {
		t.Errorf("typing made note %q on the open article, but the panel shows no editor", no[0].Body)
	}
}

func findComment(ui *window) *commentEntry {
	var found *commentEntry
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if e, ok := o.(*commentEntry); ok && found == nil {
			found = e
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, ch := range c.Objects {
				walk(ch)
			}
		}
	}
	walk(ui.notes.highlightBox)
	return found
}

func TestCommentTypedBeforeCtrlHIsKept(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	c := ui.win.Canvas()
	dragIn(ui, 3)
	ui.highlightSelection()
	settle(ui)
	time.Sleep(500 * time.Millisecond) // not a double click
	dragIn(ui, 5)                      // the next passage, selected before commenting on the first
	entry := findComment(ui)
	c.Focus(entry)
	typeFocused(c, "my important thought")
	ui.highlightSelection() // Ctrl+H within 500 ms
	settle(ui)
	time.Sleep(700 * time.Millisecond)
	settle(ui)
	fresh := findComment(ui)
	c.Focus(fresh) // the user clicks into the comment they see (empty) and adds to it
	typeFocused(c, "!")
	ui.commentSaver.Flush()
	h, _ := ui.db.Highlights(ctx, ui.article.ID)
	for _, x := range h {
		if x.ID == entry.id && !strings.Contains(x.Comment, "important") {
			t.Errorf("comment typed before Ctrl+H lost; stored %q", x.Comment)
		}
	}
}

func TestStatusUndoThenRedo(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	welcome := ui.article.ID
	id, _ := ui.db.AddArticle(ctx, &store.Article{Title: "Other", Body: "Other body text."})
	ui.library.reload(nil)
	settle(ui)
	ui.setStatus(store.Done)
	ui.openArticle(id)
	ui.openArticle(welcome)
	settle(ui)
	test.Tap(ui.status.undo)
	settle(ui)
	ui.setStatus(store.Done)
	settle(ui)
	a, _ := ui.db.Article(ctx, welcome)
	if a.Status != store.Done {
		t.Errorf("Ctrl+D after Undo did nothing (store %s, window thinks %s)", a.Status, ui.article.Status)
	}
}

func TestNextArticleAfterArchiving(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	for _, title := range []string{"C third", "B second", "A first"} {
		ui.db.AddArticle(ctx, &store.Article{Title: title, Body: title + " body text."})
	}
	ui.library.reload(nil)
	settle(ui)
	ui.library.list.Select(1) // B second
	settle(ui)
	ui.setStatus(store.Archived)
	settle(ui)
	ui.library.step(1)
	settle(ui)
	if ui.article.Title != "C third" {
		t.Errorf("archive then Ctrl+] opened %q, want the next one, C third", ui.article.Title)
	}
}

func TestReaderShowsTextNotMarkdownEscapes(t *testing.T) {
	html := `<html><head><title>T</title></head><body><article><h1>T</h1>
<p>Call my_func_name with 2*3*4 and [brackets], 5 &lt; 6 &gt; 4 and more words to keep.</p>
<p>Second paragraph has enough words to be kept by the readability step of the importer, surely.</p>
</article></body></html>`
	a, err := ingest.Parse("page.html", []byte(html))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range readview.FromMarkdown("", "", a.Markdown, a.Body).Blocks {
		if b.Text.Start < 0 {
			t.Errorf("reader shows %q (raw Markdown escapes/entities) and cannot place it in the body", b.Text.String())
		}
	}
}
