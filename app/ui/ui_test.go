package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lectern/store"
)

// newTestWindow builds the whole window on a fresh database, the way Show does, and waits
// for its start-up work (the welcome article) to finish.
func newTestWindow(t *testing.T) *window {
	t.Helper()
	a := test.NewTempApp(t)
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "lectern.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := test.NewTempWindow(t, nil)
	ui := newWindow(a, w, db)
	w.SetContent(ui.layout())
	w.Resize(fyne.NewSize(1280, 800))
	ui.start()
	ui.work.Wait()
	t.Cleanup(ui.work.Wait)
	return ui
}

func TestFirstRunShowsWelcomeArticle(t *testing.T) {
	ui := newTestWindow(t)
	if len(ui.library.shown) != 1 || ui.library.shown[0].Title != "Welcome to Lectern" {
		t.Fatalf("library shows %+v, want the welcome article", ui.library.shown)
	}
	if ui.article == nil || ui.reader.title.Text != "Welcome to Lectern" {
		t.Fatalf("reader shows %q, want the welcome article open", ui.reader.title.Text)
	}
	var text []string
	for _, l := range ui.reader.labels {
		text = append(text, l.Text)
	}
	if all := strings.Join(text, "\n"); !strings.Contains(all, "Ctrl+K") {
		t.Errorf("the reader does not show the shortcuts:\n%s", all)
	}
}

func TestTypedNoteIsSaved(t *testing.T) {
	ui := newTestWindow(t)
	saved := make(chan struct{}, 8)
	onSaved := ui.saver.onSaved
	ui.saver.onSaved = func(at time.Time, err error) { onSaved(at, err); saved <- struct{}{} }

	ui.notes.focusNotes()
	if len(ui.notes.editors) != 1 {
		t.Fatalf("Ctrl+N made %d editors, want 1", len(ui.notes.editors))
	}
	editor := ui.notes.editors[0]
	if ui.win.Canvas().Focused() != editor {
		t.Fatal("the new note is not focused")
	}
	test.Type(editor, "First thought")
	test.Type(editor, ", and a second")
	select {
	case <-saved:
	case <-time.After(5 * time.Second):
		t.Fatal("the note was not saved within 5 s of the last keystroke")
	}
	ui.work.Wait()
	notes, err := ui.db.Notes(context.Background(), ui.article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || notes[0].Body != "First thought, and a second" {
		t.Fatalf("stored notes = %+v", notes)
	}
	if !strings.HasPrefix(ui.notes.saveState.Text, "Saved") {
		t.Errorf("save state = %q, want Saved…", ui.notes.saveState.Text)
	}
}

func TestQuitSavesPendingNote(t *testing.T) {
	ui := newTestWindow(t)
	ui.notes.focusNotes()
	editor := ui.notes.editors[0]
	test.Type(editor, "x")            // creates the note
	test.Type(editor, " then closed") // pending in the autosaver
	ui.quit()
	notes, _ := ui.db.Notes(context.Background(), ui.article.ID)
	if len(notes) != 1 || notes[0].Body != "x then closed" {
		t.Fatalf("after quit, stored notes = %+v", notes)
	}
}

func TestEmptyNoteEditorLeavesNothing(t *testing.T) {
	ui := newTestWindow(t)
	ui.notes.focusNotes()
	ui.quit()
	notes, _ := ui.db.Notes(context.Background(), ui.article.ID)
	if len(notes) != 0 {
		t.Fatalf("an untouched editor stored %d notes", len(notes))
	}
}

func TestLibraryFilter(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	for _, title := range []string{"Caravan crosses the border", "Bread baking at home", "Sourdough starters"} {
		if _, err := ui.db.AddArticle(ctx, &store.Article{Title: title, Body: title + " body text."}); err != nil {
			t.Fatal(err)
		}
	}
	ui.engine.Invalidate()
	ui.library.reload(nil)
	ui.work.Wait()
	if len(ui.library.shown) != 4 {
		t.Fatalf("library shows %d articles, want 4", len(ui.library.shown))
	}
	test.Type(ui.library.query, "brd bkng")
	ui.work.Wait()
	if len(ui.library.shown) != 1 || ui.library.shown[0].Title != "Bread baking at home" {
		t.Fatalf("filter \"brd bkng\" shows %q", titles(ui.library.shown))
	}
	ui.library.query.SetText("")
	ui.work.Wait()
	if len(ui.library.shown) != 4 {
		t.Fatalf("clearing the filter shows %q", titles(ui.library.shown))
	}
}

func TestHighlightSelection(t *testing.T) {
	ui := newTestWindow(t)
	// Select a passage with a mouse drag across the start of the first paragraph (test.Drag
	// takes the position where the drag ends).
	i := 1
	label := ui.reader.labels[i]
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(label)
	test.Drag(ui.win.Canvas(), pos.Add(fyne.NewPos(132, 14)), 120, 0)
	_, text, ok := ui.reader.selection()
	if !ok || len(text) < 4 {
		t.Fatalf("dragging over the paragraph selected %q", text)
	}
	ui.highlightSelection()
	hs, err := ui.db.Highlights(context.Background(), ui.article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 1 || hs[0].Quote != text {
		t.Fatalf("highlights = %+v, want one quoting %q", hs, text)
	}
	body := []rune(ui.article.Body)
	if got := string(body[hs[0].Start:hs[0].End]); got != text {
		t.Errorf("highlight offsets point at %q, want %q", got, text)
	}
	if !ui.reader.marks[i].Visible() {
		t.Error("the highlighted block is not marked in the reader")
	}
}

func titles(list []store.ArticleSummary) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.Title)
	}
	return out
}
