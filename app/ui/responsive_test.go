package ui

// The window never waits on the database: store calls run off the UI goroutine.

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"lectern/store"
)

// holdWriteLock takes SQLite's write lock on the window's database from a second connection,
// as another program writing would, until the returned function is called.
func holdWriteLock(t *testing.T, ui *window) (release func()) {
	t.Helper()
	ctx := context.Background()
	other, err := sql.Open("sqlite3", ui.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	released := false
	release = func() {
		if released {
			return
		}
		released = true
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Error(err)
		}
		conn.Close()
		other.Close()
	}
	t.Cleanup(release)
	return release
}

// waitForNotes waits until the open article's notes are what want says, running the window's
// posted work meanwhile.
func waitForNotes(t *testing.T, ui *window, within time.Duration, want func([]store.Note) bool) []store.Note {
	t.Helper()
	var notes []store.Note
	for deadline := time.Now().Add(within); ; {
		settle(ui)
		var err error
		notes, err = ui.db.Notes(context.Background(), ui.article.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want(notes) || time.Now().After(deadline) {
			return notes
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func bodies(notes []store.Note) []string {
	var out []string
	for _, n := range notes {
		out = append(out, n.Body)
	}
	return out
}

// While another program holds the write lock, typing a new note echoes at once; the note is
// stored, once, with all its text, when the lock is released.
func TestTypingANewNoteWhileTheDatabaseIsLocked(t *testing.T) {
	ui := newTestWindow(t)
	release := holdWriteLock(t, ui)

	ui.notes.focusNotes()
	c := ui.win.Canvas()
	editor := ui.notes.editors[0]
	if c.Focused() != editor {
		t.Fatal("the new note is not focused")
	}
	var slowest time.Duration
	typeSlowly := func(s string) {
		for _, r := range s {
			start := time.Now()
			c.Focused().TypedRune(r)
			slowest = max(slowest, time.Since(start))
			time.Sleep(20 * time.Millisecond) // a fast typist
		}
	}
	const first, second = "Typed while another program ", "holds the lock"
	typeSlowly(first)
	// The autosaver's timer fires now: adding the note waits for the lock, off the UI goroutine.
	time.Sleep(800 * time.Millisecond)
	typeSlowly(second)
	if editor.Text != first+second {
		t.Fatalf("the editor shows %q, want %q", editor.Text, first+second)
	}
	if slowest > 100*time.Millisecond {
		t.Errorf("a keystroke took %v while the database was locked; typing must echo at once", slowest)
	}
	if notes, _ := ui.db.Notes(context.Background(), ui.article.ID); len(notes) != 0 {
		t.Fatalf("a note was stored while the lock was held (%q): the test did not hold it", bodies(notes))
	}

	release()
	waitForNotes(t, ui, 10*time.Second, func(n []store.Note) bool {
		return len(n) == 1 && n[0].Body == first+second && !ui.saver.Pending()
	})
	time.Sleep(700 * time.Millisecond) // any save still to come
	notes := waitForNotes(t, ui, 0, func([]store.Note) bool { return true })
	if len(notes) != 1 || notes[0].Body != first+second {
		t.Fatalf("after the lock was released the article has notes %q, want one: %q", bodies(notes), first+second)
	}
	if editor.id != notes[0].ID {
		t.Errorf("the editor knows its note as %d, the store as %d", editor.id, notes[0].ID)
	}
	more := "; and more"
	for _, r := range more {
		editor.TypedRune(r)
	}
	ui.saver.Flush()
	if notes = waitForNotes(t, ui, 0, func([]store.Note) bool { return true }); len(notes) != 1 || notes[0].Body != first+second+more {
		t.Fatalf("typing on after it was stored: notes %q", bodies(notes))
	}
}

// fullDisk makes every write of a note fail in the store, as a full disk would, until free is
// called: another connection adds triggers that refuse them.
func fullDisk(t *testing.T, ui *window) (free func()) {
	t.Helper()
	other, err := sql.Open("sqlite3", ui.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	for _, op := range []string{"INSERT", "UPDATE"} {
		if _, err := other.Exec(`CREATE TRIGGER test_full_` + op + ` BEFORE ` + op + ` ON notes
			BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END`); err != nil {
			t.Fatal(err)
		}
	}
	return func() {
		for _, op := range []string{"INSERT", "UPDATE"} {
			if _, err := other.Exec(`DROP TRIGGER test_full_` + op); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Defect 3: a new note typed on a full disk said "Not saved" and was never tried again.
func TestNewNoteOnAFullDiskIsRetried(t *testing.T) {
	ui := newTestWindow(t)
	free := fullDisk(t, ui)
	ui.notes.focusNotes()
	typeFocused(ui.win.Canvas(), "written on a full disk")
	ui.win.Canvas().Unfocus() // leaving the note saves at once: it fails
	settle(ui)
	if !strings.HasPrefix(ui.notes.saveState.Text, "Not saved") {
		t.Errorf("save state %q, want Not saved", ui.notes.saveState.Text)
	}
	free() // space is freed; the user types nothing more
	notes := waitForNotes(t, ui, 3*retryDelay, func(n []store.Note) bool { return len(n) > 0 })
	if len(notes) != 1 || notes[0].Body != "written on a full disk" {
		t.Fatalf("after space was freed the article has notes %q", bodies(notes))
	}
	if !strings.HasPrefix(ui.notes.saveState.Text, "Saved") {
		t.Errorf("save state %q, want Saved", ui.notes.saveState.Text)
	}
}

// Defect 3: SIGTERM (the last save, after the event loop) dropped a new note that had not
// been stored.
func TestNewNoteOnAFullDiskIsPartOfTheLastSave(t *testing.T) {
	ui := newTestWindow(t)
	free := fullDisk(t, ui)
	ui.notes.focusNotes()
	typeFocused(ui.win.Canvas(), "typed before SIGTERM")
	ui.saver.Flush() // fails
	settle(ui)
	free()
	ui.finalSave()
	notes, _ := ui.db.Notes(context.Background(), ui.article.ID)
	if len(notes) != 1 || notes[0].Body != "typed before SIGTERM" {
		t.Fatalf("after the last save the article has notes %q", bodies(notes))
	}
}

// A new note deleted while it could not be stored (a full disk) is not stored later.
func TestNewNoteDeletedBeforeItIsStoredStaysDeleted(t *testing.T) {
	ui := newTestWindow(t)
	free := fullDisk(t, ui)
	ui.notes.focusNotes()
	typeFocused(ui.win.Canvas(), "never mind")
	ui.trashNote(ui.notes.editors[0])
	settle(ui)
	free()
	ui.finalSave()
	if notes, _ := ui.db.Notes(context.Background(), ui.article.ID); len(notes) != 0 {
		t.Fatalf("a note deleted before it was stored was stored: %q", bodies(notes))
	}
	if len(ui.notes.editors) != 0 {
		t.Errorf("the panel still shows %d editors", len(ui.notes.editors))
	}
}

// Defect 8: notes and highlights another program adds to the open article appear without
// reopening it, and the note being typed is left as it is.
func TestOtherProgramsNotesAppearInTheOpenArticle(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	c := ui.win.Canvas()
	ui.notes.focusNotes()
	mine := ui.notes.editors[0]
	typeFocused(c, "mine, being typed")

	other, err := store.Open(ctx, ui.db.Path()) // as another Lectern or the command line would
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	theirs, err := other.AddNote(ctx, ui.article.ID, "from another program")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.AddHighlight(ctx, store.Highlight{ArticleID: ui.article.ID, Start: 0, End: 7,
		Quote: runeSlice(ui.article.Body, 0, 7), Color: "green"}); err != nil {
		t.Fatal(err)
	}
	typeFocused(c, ", still") // the user keeps typing meanwhile
	shown := func(text string) *noteEditor {
		for _, e := range ui.notes.editors {
			if e.Text == text {
				return e
			}
		}
		return nil
	}
	for deadline := time.Now().Add(8 * time.Second); shown("from another program") == nil || len(ui.notes.cards) != 1; {
		if time.Now().After(deadline) {
			t.Fatalf("the other program's note and highlight did not appear: %d editors, %d highlights", len(ui.notes.editors), len(ui.notes.cards))
		}
		time.Sleep(50 * time.Millisecond)
		settle(ui)
	}
	if shown("mine, being typed, still") != mine || c.Focused() != mine {
		t.Fatalf("the note being typed was replaced or lost the focus (focus on %T)", c.Focused())
	}
	typeFocused(c, "!")

	// An edit elsewhere of a note nobody is typing in shows too.
	if err := other.UpdateNote(ctx, theirs.ID, "edited elsewhere"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(8 * time.Second); shown("edited elsewhere") == nil; {
		if time.Now().After(deadline) {
			t.Fatal("the other program's edit did not appear")
		}
		time.Sleep(50 * time.Millisecond)
		settle(ui)
	}
	ui.saver.Flush()
	notes := waitForNotes(t, ui, 0, func([]store.Note) bool { return true })
	got := bodies(notes)
	slices.Sort(got)
	if strings.Join(got, " | ") != "edited elsewhere | mine, being typed, still!" {
		t.Fatalf("stored notes: %q", got)
	}
}

// Opening articles quickly, one after the other, ends on the last one asked for, with its
// notes beside it, whatever order the store answers in.
func TestTheLastArticleAskedForIsShown(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	welcome := ui.article.ID
	var ids []int64
	for _, title := range []string{"A", "B"} {
		id, err := ui.db.AddArticle(ctx, &store.Article{Title: title, Body: title + " body text, long enough."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ui.db.AddNote(ctx, id, "note on "+title); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	ui.library.reload(nil)
	settle(ui)

	ui.openArticle(ids[0])
	ui.openArticle(ids[1])
	settle(ui)
	if ui.article.ID != ids[1] || len(ui.notes.editors) != 1 || ui.notes.editors[0].Text != "note on B" {
		t.Fatalf("after A then B the window shows %q with notes %d", ui.article.Title, len(ui.notes.editors))
	}
	ui.openArticle(ids[0])
	ui.openArticle(ids[1]) // back to the one shown, before A arrives
	settle(ui)
	if ui.article.ID != ids[1] || ui.notes.articleID != ids[1] {
		t.Fatalf("after A then back to B the window shows %q", ui.article.Title)
	}
	ui.openArticle(welcome)
	ui.openStandaloneNotes()
	settle(ui)
	if ui.article != nil || ui.notes.articleID != 0 || len(ui.notes.editors) != 0 {
		t.Fatalf("after an article then the standalone notes the window shows %v", ui.article)
	}
}
