package ui

// Regression tests for defects found in review: each failed before its fix.

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lectern/app/ingest"
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

func dragIn(ui *window, i int) {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(ui.reader.labels[i])
	test.Drag(ui.win.Canvas(), pos.Add(fyne.NewPos(132, 14)), 120, 0)
}

func TestCtrlHTakesTheSelectionTheUserSees(t *testing.T) {
	ui := newTestWindow(t)
	dragIn(ui, 3)
	dragIn(ui, 1)
	i, text, _ := ui.reader.selection()
	if i != 1 {
		t.Errorf("after selecting in block 1, selection() returns block %d %q (an older, invisible selection)", i, text)
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
	dragIn(ui, 1)
	ui.highlightSelection()
	settle(ui)
	dragIn(ui, 3) // the next passage, selected before commenting on the first
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
	for _, b := range articleBlocks(a.Markdown, a.Body) {
		if b.Start < 0 {
			t.Errorf("reader shows %q (raw Markdown escapes/entities) and cannot place it in the body", b.Text)
		}
	}
}
