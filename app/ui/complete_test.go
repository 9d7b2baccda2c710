package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lectern/store"
)

const caravanTitle = "Caravan of migrants cross Guatemalan border on their way to the U.S."

// addArticle stores an article and shows it in the library.
func addArticle(t *testing.T, ui *window, title, body string) int64 {
	t.Helper()
	id, err := ui.db.AddArticle(context.Background(), &store.Article{Title: title, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	ui.library.reload(nil)
	settle(ui)
	return id
}

func TestWikilinkCompletionInsertsTheFullTitle(t *testing.T) {
	ui := newTestWindow(t)
	addArticle(t, ui, caravanTitle, "Hundreds of migrants walked on.")
	addArticle(t, ui, "Gardening in small towns", "Soil.")
	ui.notes.focusNotes()
	e := ui.notes.editors[0]
	test.Type(e, "See [[crvn gtml")
	settle(ui) // the names load off the UI goroutine
	c := e.complete
	if !c.open || !ui.completion.shown() || len(c.items) == 0 {
		t.Fatalf("typing [[ opened no list (open %v, items %+v)", c.open, c.items)
	}
	if c.items[0].Title != caravanTitle {
		t.Fatalf("the first candidate is %q", c.items[0].Title)
	}
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	want := "See [[" + caravanTitle + "]]"
	if e.Text != want {
		t.Fatalf("Enter left %q, want %q", e.Text, want)
	}
	if c.open || ui.completion.shown() {
		t.Error("the list stays open after Enter")
	}
	test.Type(e, " next")
	if !strings.HasSuffix(e.Text, "]] next") {
		t.Errorf("the caret is not after the link: %q", e.Text)
	}
	// Undo takes the insertion back, as it would typing.
	e.Undo()
	e.Undo()
	if strings.Contains(e.Text, caravanTitle) {
		t.Errorf("Undo did not take the link back: %q", e.Text)
	}
	e.Redo()
	e.Redo()
	if e.Text != want+" next" && e.Text != want {
		t.Errorf("Redo gave %q", e.Text)
	}
	ui.saver.Flush()
	settle(ui)
	notes, _ := ui.db.Notes(context.Background(), ui.article.ID)
	if len(notes) != 1 || notes[0].Body != e.Text {
		t.Fatalf("stored %+v, editor holds %q", notes, e.Text)
	}
}

func TestWikilinkCompletionKeys(t *testing.T) {
	ui := newTestWindow(t)
	addArticle(t, ui, "Gardening in small towns", "Soil.")
	addArticle(t, ui, "Gardens of the north", "Cold.")
	ui.notes.focusNotes()
	e := ui.notes.editors[0]
	test.Type(e, "[[gard")
	settle(ui)
	if len(e.complete.items) < 2 {
		t.Fatalf("items %+v", e.complete.items)
	}
	second := e.complete.items[1].Title
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if e.Text != "[["+second+"]]" {
		t.Fatalf("Down, Enter gave %q, want the second, %q", e.Text, second)
	}
	// Esc closes the list and leaves the text; Enter is a new line again.
	test.Type(e, " [[gar")
	settle(ui)
	if !e.complete.open {
		t.Fatal("no list")
	}
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if e.complete.open || ui.completion.shown() {
		t.Fatal("Esc did not close the list")
	}
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !strings.HasSuffix(e.Text, "[[gar\n") {
		t.Errorf("Enter after Esc: %q", e.Text)
	}
	// A closed link closes the list.
	test.Type(e, "[[x]]")
	if e.complete.open {
		t.Error("the list is open after ]]")
	}
}

func TestWikilinkCompletionInComment(t *testing.T) {
	ui := newTestWindow(t)
	addArticle(t, ui, caravanTitle, "Hundreds of migrants walked on.")
	h, err := ui.db.AddHighlight(context.Background(), store.Highlight{ArticleID: ui.article.ID, Start: -1, End: -1, Quote: "Welcome"})
	if err != nil {
		t.Fatal(err)
	}
	ui.notes.reload()
	settle(ui)
	var c *commentEntry
	for _, card := range ui.notes.cards {
		if card.h.ID == h.ID {
			c = card.comment
		}
	}
	if c == nil {
		t.Fatal("no card")
	}
	ui.win.Canvas().Focus(c)
	test.Type(c, "cf [[crvn")
	settle(ui)
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	if c.Text != "cf [["+caravanTitle+"]]" {
		t.Fatalf("comment %q", c.Text)
	}
}
