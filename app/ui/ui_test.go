package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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
	queue := &uiQueue{}
	applyTheme(a)
	ui := newWindowPosting(a, w, db, queue.post)
	ui.settle = func() { queue.settle(t, ui) }
	w.SetContent(ui.layout())
	w.Resize(fyne.NewSize(1280, 800))
	ui.start()
	settle(ui)
	t.Cleanup(func() { ui.stop(); settle(ui) })
	return ui
}

// uiQueue stands in for fyne.Do in tests: background work posts to it, and the test runs what
// was posted on its own goroutine, as the app's main loop would.
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) post(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

func (q *uiQueue) run() bool {
	q.mu.Lock()
	fns := q.fns
	q.fns = nil
	q.mu.Unlock()
	for _, f := range fns {
		f()
	}
	return len(fns) > 0
}

// settle runs posted work until no background work is left and nothing more was posted.
func (q *uiQueue) settle(t *testing.T, ui *window) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ran := q.run()
		if !ran && ui.working.Load() == 0 && !q.pending() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("background work did not finish within 20 s")
		}
		if !ran {
			time.Sleep(2 * time.Millisecond)
		}
	}
}

func (q *uiQueue) pending() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.fns) > 0
}

// settle waits for the window's background work and runs what it posted to the UI.
func settle(ui *window) { ui.settle() }

func TestFirstRunShowsWelcomeArticle(t *testing.T) {
	ui := newTestWindow(t)
	if len(ui.library.shown) != 1 || ui.library.shown[0].Title != "Welcome to Lectern" {
		t.Fatalf("library shows %+v, want the welcome article", ui.library.shown)
	}
	blocks := ui.reader.view.Doc().Blocks
	if ui.article == nil || blocks[0].Text.String() != "Welcome to Lectern" {
		t.Fatalf("reader shows %q, want the welcome article open", blocks[0].Text.String())
	}
	var text []string
	for _, b := range blocks {
		text = append(text, b.Text.String())
	}
	if all := strings.Join(text, "\n"); !strings.Contains(all, "Ctrl+K") {
		t.Errorf("the reader does not show the shortcuts:\n%s", all)
	}
}

func TestTypedNoteIsSaved(t *testing.T) {
	ui := newTestWindow(t)

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
	// The autosaver's timer writes the note and posts "Saved" to the UI.
	for deadline := time.Now().Add(5 * time.Second); ui.saver.Pending() || !strings.HasPrefix(ui.notes.saveState.Text, "Saved"); {
		if time.Now().After(deadline) {
			t.Fatal("the note was not saved within 5 s of the last keystroke")
		}
		time.Sleep(20 * time.Millisecond)
		settle(ui)
	}
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
	settle(ui)
	notes, _ := ui.db.Notes(context.Background(), ui.article.ID)
	if len(notes) != 1 || notes[0].Body != "x then closed" {
		t.Fatalf("after quit, stored notes = %+v", notes)
	}
}

func TestEmptyNoteEditorLeavesNothing(t *testing.T) {
	ui := newTestWindow(t)
	ui.notes.focusNotes()
	ui.quit()
	settle(ui)
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
	settle(ui)
	if len(ui.library.shown) != 4 {
		t.Fatalf("library shows %d articles, want 4", len(ui.library.shown))
	}
	test.Type(ui.library.query, "brd bkng")
	settle(ui)
	if len(ui.library.shown) != 1 || ui.library.shown[0].Title != "Bread baking at home" {
		t.Fatalf("filter \"brd bkng\" shows %q", titles(ui.library.shown))
	}
	if got := ui.status.counts.Text; got != "1 of 4 articles" {
		t.Errorf("status while filtered: %q", got)
	}
	ui.library.query.SetText("")
	settle(ui)
	if len(ui.library.shown) != 4 {
		t.Fatalf("clearing the filter shows %q", titles(ui.library.shown))
	}
	if got := ui.status.counts.Text; got != "4 articles" {
		t.Errorf("status with no filter: %q", got)
	}
}

func TestHighlightSelection(t *testing.T) {
	ui := newTestWindow(t)
	// Select a passage with a mouse drag across the start of the first paragraph (test.Drag
	// takes the position where the drag ends).
	dragIn(ui, 3)
	_, _, text, ok := ui.reader.view.Selection()
	if !ok || len(text) < 4 {
		t.Fatalf("dragging over the paragraph selected %q", text)
	}
	ui.highlightSelection()
	settle(ui)
	hs, err := ui.db.Highlights(context.Background(), ui.article.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The quote is the selection widened to whole words.
	if len(hs) != 1 || !strings.Contains(hs[0].Quote, strings.TrimSpace(text)) || len(hs[0].Quote) > len(text)+20 {
		t.Fatalf("highlights = %+v, want one quoting the words of %q", hs, text)
	}
	body := []rune(ui.article.Body)
	if got := string(body[hs[0].Start:hs[0].End]); got != hs[0].Quote {
		t.Errorf("highlight offsets point at %q, want %q", got, hs[0].Quote)
	}
	if _, _, _, still := ui.reader.view.Selection(); still {
		t.Error("the selection stays after Ctrl+H")
	}
}

func titles(list []store.ArticleSummary) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.Title)
	}
	return out
}

func TestReadingPositionIsRemembered(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	long := strings.Repeat("A paragraph long enough to wrap over a couple of lines in the reader, again and again.\n\n", 80)
	id, err := ui.db.AddArticle(ctx, &store.Article{Title: "Long read", Body: long})
	if err != nil {
		t.Fatal(err)
	}
	welcome := ui.article.ID
	ui.openArticle(id)
	settle(ui)
	ui.reader.view.SetProgress(0.5)
	ui.openArticle(welcome)
	settle(ui)
	a, _ := ui.db.Article(ctx, id)
	if a.Progress < 0.45 || a.Progress > 0.55 || a.Status != store.Reading {
		t.Fatalf("stored progress %.2f, status %s; want about 0.5, reading", a.Progress, a.Status)
	}
	ui.openArticle(id)
	settle(ui)
	if got := ui.reader.view.Progress(); got < 0.45 || got > 0.55 {
		t.Fatalf("reopened at %.2f of the article, want about 0.5", got)
	}
}

func TestMarkDoneAndUndo(t *testing.T) {
	ui := newTestWindow(t)
	ui.setStatus(store.Done)
	settle(ui)
	a, _ := ui.db.Article(context.Background(), ui.article.ID)
	if a.Status != store.Done || !ui.status.undo.Visible() {
		t.Fatalf("status %s, undo shown %v", a.Status, ui.status.undo.Visible())
	}
	test.Tap(ui.status.undo)
	settle(ui)
	a, _ = ui.db.Article(context.Background(), ui.article.ID)
	if a.Status != store.Unread {
		t.Fatalf("after undo, status %s", a.Status)
	}
}

func TestDeleteNoteOffersUndo(t *testing.T) {
	ui := newTestWindow(t)
	ui.notes.focusNotes()
	test.Type(ui.notes.editors[0], "keep me")
	ui.trashNote(ui.notes.editors[0])
	settle(ui)
	if len(ui.notes.editors) != 0 {
		t.Fatalf("the deleted note is still shown")
	}
	test.Tap(ui.status.undo)
	settle(ui)
	if len(ui.notes.editors) != 1 || ui.notes.editors[0].Text != "keep me" {
		t.Fatalf("undo did not bring the note back")
	}
}

func TestImportFromTheWindow(t *testing.T) {
	ui := newTestWindow(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "bread.md")
	if err := os.WriteFile(path, []byte("# Bread at home\n\nFlour, water and *time*.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	ui.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(dir)})
	settle(ui)
	if ui.article == nil || ui.article.Title != "Bread at home" {
		t.Fatalf("after the drop the reader shows %v, want the imported article", ui.article)
	}
	if !strings.Contains(ui.status.text.Text, "Imported 1") || !strings.Contains(ui.status.text.Text, "failed 1") {
		t.Errorf("status = %q", ui.status.text.Text)
	}
	if len(ui.library.shown) != 2 {
		t.Errorf("library shows %d articles, want 2", len(ui.library.shown))
	}
}

func TestQuitWithUnsavedTextAsksFirst(t *testing.T) {
	ui := newTestWindow(t)
	ui.notes.focusNotes()
	editor := ui.notes.editors[0]
	test.Type(editor, "a")
	ui.saver.save = func(int64, string) error { return errors.New("the disk is full") }
	test.Type(editor, "bc")
	ui.quit()
	settle(ui)
	if ui.win.Canvas().Overlays().Top() == nil {
		t.Fatal("quit with unsaved text showed no warning")
	}
	if !ui.saver.Pending() {
		t.Fatal("the unsaved text was dropped")
	}
	if !strings.HasPrefix(ui.notes.saveState.Text, "Not saved") {
		t.Errorf("save state = %q", ui.notes.saveState.Text)
	}
}

func TestSnapToWords(t *testing.T) {
	text := "Today, the Associated Press reports café’s news"
	cases := []struct{ from, want string }{
		{"oday, the Associated Press r", "Today, the Associated Press reports"},
		{" the ", "the"},
		{"caf", "café’s"},
		{"Today", "Today"},
	}
	for _, c := range cases {
		i := strings.Index(text, c.from)
		s, e := snapToWords(text, i, i+len(c.from))
		if got := text[s:e]; got != c.want {
			t.Errorf("snap %q = %q, want %q", c.from, got, c.want)
		}
	}
}

func TestLibraryNoticesOtherProgramsWrites(t *testing.T) {
	ui := newTestWindow(t)
	other, err := store.Open(context.Background(), ui.db.Path()) // as the command line would
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.AddArticle(context.Background(), &store.Article{Title: "Imported elsewhere", Body: "text"}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(6 * time.Second); len(ui.library.shown) != 2; {
		if time.Now().After(deadline) {
			t.Fatalf("the library did not notice the other program's import: %q", titles(ui.library.shown))
		}
		time.Sleep(50 * time.Millisecond)
		settle(ui)
	}
}

func TestExportFromTheWindow(t *testing.T) {
	ui := newTestWindow(t)
	ui.notes.focusNotes()
	test.Type(ui.notes.editors[0], "Worth exporting")
	out := t.TempDir()
	ui.exportTo(out) // what the folder picker calls
	settle(ui)
	files, _ := filepath.Glob(filepath.Join(out, "*.md"))
	if len(files) != 1 {
		t.Fatalf("export wrote %v", files)
	}
	data, _ := os.ReadFile(files[0])
	if !strings.Contains(string(data), "Worth exporting") {
		t.Fatalf("the exported file lacks the note just typed:\n%s", data)
	}
	if !strings.Contains(ui.status.text.Text, "1 written") {
		t.Errorf("status = %q", ui.status.text.Text)
	}
}

func TestDialogsKeyboard(t *testing.T) {
	ui := newTestWindow(t)
	ui.showShortcuts()
	if ui.dialog == nil {
		t.Fatal("no dialog shown")
	}
	ui.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ui.dialog != nil {
		t.Fatal("Esc did not close the shortcuts")
	}

	ui.editTags()
	entry, ok := ui.win.Canvas().Focused().(*formEntry)
	if !ok {
		t.Fatalf("the tags entry is not focused (%T)", ui.win.Canvas().Focused())
	}
	entry.SetText("")
	test.Type(entry, "news, Migration")
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(ui)
	a, _ := ui.db.Article(context.Background(), ui.article.ID)
	if strings.Join(a.Tags, ",") != "Migration,news" {
		t.Fatalf("Enter stored tags %q", a.Tags)
	}
}

func TestLibraryFromTheKeyboard(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	for _, title := range []string{"Bread baking at home", "Sourdough starters"} {
		ui.db.AddArticle(ctx, &store.Article{Title: title, Body: title + " body text."})
	}
	ui.engine.Invalidate()
	ui.library.reload(nil)
	settle(ui)
	ui.win.Canvas().Focus(ui.library.query)
	test.Type(ui.library.query, "sourdough")
	settle(ui)
	ui.library.query.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(ui)
	if ui.article == nil || ui.article.Title != "Sourdough starters" {
		t.Fatalf("Enter in the filter opened %v", ui.article)
	}
	ui.library.query.SetText("")
	settle(ui)
	ui.library.query.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	settle(ui)
	if ui.article.Title != "Bread baking at home" {
		t.Fatalf("Down opened %q, want the next article in the list", ui.article.Title)
	}
}

// While the database opens slowly (an upgrade), and when it cannot open, the window says so.
func TestOpeningAndStartupErrorScreens(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	ShowOpening(a, w, "/data/lectern.db")
	if !hasText(w.Content(), "Opening your archive") || !hasText(w.Content(), "/data/lectern.db") {
		t.Error("the opening screen does not say what is happening")
	}
	found := false
	walkObjects(w.Content(), func(o fyne.CanvasObject) {
		if _, ok := o.(*widget.ProgressBarInfinite); ok {
			found = true
		}
	})
	if !found {
		t.Error("the opening screen shows no progress")
	}
	ShowStartupError(a, w, "/data/lectern.db", errors.New("disk on fire"))
	if !hasText(w.Content(), "cannot open its database") || !hasText(w.Content(), "disk on fire") {
		t.Error("the startup error screen does not say why")
	}
}

// walkObjects calls fn with o and everything inside it.
func walkObjects(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			walkObjects(child, fn)
		}
	}
}

// hasText reports whether a label inside o contains s.
func hasText(o fyne.CanvasObject, s string) bool {
	found := false
	walkObjects(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, s) {
			found = true
		}
	})
	return found
}
