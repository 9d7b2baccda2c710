package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"lectern/store"
)

// openWindowOn builds the window the way Show does, on app a (its preferences) and the
// database at path, at the given size.
func openWindowOn(t *testing.T, a fyne.App, path string, size fyne.Size) *window {
	t.Helper()
	db, err := store.Open(context.Background(), path)
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
	w.SetMainMenu(ui.mainMenu())
	w.Resize(size)
	ui.start()
	settle(ui)
	t.Cleanup(func() { ui.stop(); settle(ui) })
	return ui
}

func resize(ui *window, width, height float32) {
	ui.win.Resize(fyne.NewSize(width, height))
}

// menuAction finds the main menu's item with shortcut Ctrl(+Shift)+key.
func menuAction(t *testing.T, ui *window, key fyne.KeyName, shift bool) *fyne.MenuItem {
	t.Helper()
	mod := fyne.KeyModifierShortcutDefault
	if shift {
		mod |= fyne.KeyModifierShift
	}
	for _, m := range ui.win.MainMenu().Items {
		for _, item := range m.Items {
			if s, ok := item.Shortcut.(*desktop.CustomShortcut); ok && s.KeyName == key && s.Modifier == mod {
				return item
			}
		}
	}
	t.Fatalf("no menu item has the shortcut %v+%s", mod, key)
	return nil
}

// shown says which side panes show, and how wide the reader is.
func shown(ui *window) (library, notes bool, reader float32) {
	return ui.panes.library.obj.Visible(), ui.panes.notes.obj.Visible(), ui.reader.content().Size().Width
}

func TestPanesCollapseAndRestoreFromTheMenu(t *testing.T) {
	ui := openWindowOn(t, test.NewTempApp(t), filepath.Join(t.TempDir(), "l.db"), fyne.NewSize(1440, 900))
	lib, notes, wide := shown(ui)
	if !lib || !notes {
		t.Fatalf("at 1440 px: library shown %v, notes shown %v; want both", lib, notes)
	}

	menuAction(t, ui, fyne.KeyBackslash, false).Action() // Ctrl+\
	if lib, notes, w := shown(ui); lib || !notes || w <= wide {
		t.Fatalf("after Ctrl+\\: library %v, notes %v, reader %v px (was %v)", lib, notes, w, wide)
	}
	menuAction(t, ui, fyne.KeyBackslash, true).Action() // Ctrl+Shift+\
	if lib, notes, _ := shown(ui); lib || notes {
		t.Fatalf("after Ctrl+Shift+\\: library %v, notes %v; want both hidden", lib, notes)
	}
	menuAction(t, ui, fyne.KeyBackslash, false).Action()
	// The notes, hidden while a note is being typed, take the focus with them.
	ui.panes.reveal(&ui.panes.notes)
	ui.notes.focusNotes()
	menuAction(t, ui, fyne.KeyBackslash, true).Action()
	if f := ui.win.Canvas().Focused(); f != nil {
		t.Fatalf("the hidden notes keep the focus (%T)", f)
	}
	menuAction(t, ui, fyne.KeyBackslash, true).Action()
	if lib, notes, w := shown(ui); !lib || !notes || w != wide {
		t.Fatalf("restored: library %v, notes %v, reader %v px; want both, reader %v px", lib, notes, w, wide)
	}
	if ui.app.Preferences().String(prefLibraryShown) != "" {
		t.Errorf("a pane restored where it shows by itself is still remembered as the user's choice")
	}
}

func TestFocusModeShowsTheReaderAlone(t *testing.T) {
	ui := openWindowOn(t, test.NewTempApp(t), filepath.Join(t.TempDir(), "l.db"), fyne.NewSize(1440, 900))
	focus := menuAction(t, ui, fyne.KeyF, true) // Ctrl+Shift+F
	focus.Action()
	lib, notes, w := shown(ui)
	if lib || notes || ui.status.content().Visible() {
		t.Fatalf("focus mode: library %v, notes %v, status bar %v; want the reader alone", lib, notes, ui.status.content().Visible())
	}
	if w < 1400 || !focus.Checked {
		t.Fatalf("focus mode: reader %v px, menu checked %v", w, focus.Checked)
	}
	ui.windowKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if lib, notes, _ := shown(ui); !lib || !notes || !ui.status.content().Visible() || focus.Checked {
		t.Fatalf("after Esc: library %v, notes %v, status %v, checked %v", lib, notes, ui.status.content().Visible(), focus.Checked)
	}
	focus.Action()
	focus.Action()
	if lib, notes, _ := shown(ui); !lib || !notes {
		t.Fatal("the shortcut pressed twice does not leave focus mode")
	}
	// Showing a pane in focus mode leaves it, with that pane shown.
	focus.Action()
	ui.toggleLibrary()
	if lib, _, _ := shown(ui); !lib || ui.panes.focus {
		t.Fatal("Ctrl+\\ in focus mode does not bring the library back")
	}
}

func TestPanesCollapseByThemselvesInNarrowWindows(t *testing.T) {
	ui := openWindowOn(t, test.NewTempApp(t), filepath.Join(t.TempDir(), "l.db"), fyne.NewSize(1440, 900))
	resize(ui, 800, 600)
	lib, notes, w := shown(ui)
	if !lib || notes {
		t.Fatalf("at 800 px: library %v, notes %v; want the library alone beside the reader", lib, notes)
	}
	if w < 520 {
		t.Fatalf("at 800×600 the reader is %v px wide, want at least 520", w)
	}
	resize(ui, 640, 600)
	if lib, notes, _ := shown(ui); lib || notes {
		t.Fatalf("at 640 px: library %v, notes %v; want the reader alone", lib, notes)
	}
	resize(ui, 1440, 900)
	if lib, notes, _ := shown(ui); !lib || !notes {
		t.Fatalf("back at 1440 px: library %v, notes %v; want both back", lib, notes)
	}
}

func TestPanesKeepTheUsersChoiceAcrossResizes(t *testing.T) {
	ui := openWindowOn(t, test.NewTempApp(t), filepath.Join(t.TempDir(), "l.db"), fyne.NewSize(1440, 900))
	ui.toggleNotes() // hidden by the user at 1440
	resize(ui, 800, 600)
	resize(ui, 1440, 900)
	if _, notes, _ := shown(ui); notes {
		t.Fatal("the notes the user hid came back when the window grew")
	}
	ui.toggleNotes()
	resize(ui, 800, 600)
	ui.toggleNotes() // shown by the user at 800
	if _, notes, w := shown(ui); !notes || w < 470 {
		t.Fatalf("at 800 px the user showed the notes: shown %v, reader %v px", notes, w)
	}
	resize(ui, 1440, 900)
	resize(ui, 800, 600)
	if _, notes, _ := shown(ui); !notes {
		t.Fatal("the notes the user showed hid themselves again")
	}
	if got := ui.app.Preferences().String(prefNotesShown); got != "shown" {
		t.Fatalf("the user's choice is remembered as %q", got)
	}
}

func TestPaneWidthsAreKeptInPixels(t *testing.T) {
	a := test.NewTempApp(t)
	ui := openWindowOn(t, a, filepath.Join(t.TempDir(), "l.db"), fyne.NewSize(1440, 900))
	lib, notes := ui.panes.library.obj.Size().Width, ui.panes.notes.obj.Size().Width
	// Drag the library's divider 60 px right, the notes' 40 px left, in small steps.
	for _, d := range []struct {
		div *divider
		dx  float32
	}{{ui.panes.library.divider, 60}, {ui.panes.notes.divider, -40}} {
		for i := 0; i < 4; i++ {
			d.div.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: d.dx / 4}})
		}
		d.div.DragEnd()
	}
	if got := ui.panes.library.obj.Size().Width; got != lib+60 {
		t.Fatalf("dragged 60 px, the library is %v px wide (was %v)", got, lib)
	}
	if got := ui.panes.notes.obj.Size().Width; got != notes+40 {
		t.Fatalf("dragged 40 px, the notes are %v px wide (was %v)", got, notes)
	}
	reader := ui.reader.content().Size().Width
	resize(ui, 1300, 900)
	if l, n := ui.panes.library.obj.Size().Width, ui.panes.notes.obj.Size().Width; l != lib+60 || n != notes+40 {
		t.Fatalf("at 1300 px the panes are %v and %v px, want %v and %v", l, n, lib+60, notes+40)
	}
	if got := ui.reader.content().Size().Width; got != reader-140 {
		t.Fatalf("the reader is %v px at 1300, want %v: it takes the difference", got, reader-140)
	}
	if got := a.Preferences().Float(prefLibraryPx); float32(got) != lib+60 {
		t.Fatalf("the library's width is remembered as %v", got)
	}

	// At 800 px the library can still be dragged, wider or narrower, the reader keeping 520.
	resize(ui, 800, 600)
	d := ui.panes.library.divider
	d.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: 200}})
	d.DragEnd()
	if w := ui.reader.content().Size().Width; w < 520 {
		t.Fatalf("dragging the library wider at 800 px left the reader %v px", w)
	}
	d.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: -100}})
	d.DragEnd()
	if w := ui.panes.library.obj.Size().Width; w > 200 {
		t.Fatalf("dragging the library 100 px narrower at 800 px left it %v px", w)
	}
}

func TestLibraryCanBeNarrow(t *testing.T) {
	ui := openWindowOn(t, test.NewTempApp(t), filepath.Join(t.TempDir(), "l.db"), fyne.NewSize(1440, 900))
	if w := ui.panes.library.obj.MinSize().Width; w > paneMinPx {
		t.Fatalf("the library needs %v px, want at most %v", w, paneMinPx)
	}
	// Narrow, its drop-downs wrap onto more lines; each keeps its function.
	ui.panes.library.px = paneMinPx
	ui.panes.relayout()
	for _, s := range []fyne.CanvasObject{ui.library.sortBy, ui.library.statusBy, ui.library.tagBy} {
		if s.Size().Width > paneMinPx || s.Size().Width < 60 {
			t.Errorf("a drop-down is %v px wide in a %v px library", s.Size().Width, paneMinPx)
		}
	}
	if ui.library.sortBy.Position().Y == ui.library.tagBy.Position().Y {
		t.Error("the drop-downs do not wrap in a narrow library")
	}
	ui.panes.library.px = 600
	ui.panes.relayout()
	if ui.library.sortBy.Position().Y != ui.library.tagBy.Position().Y {
		t.Error("the drop-downs do not share one line in a wide library")
	}
}

func TestOldProportionsBecomePixels(t *testing.T) {
	a := test.NewTempApp(t)
	prefs := a.Preferences()
	prefs.SetFloat(prefWindowWidth, 1000)
	prefs.SetFloat(prefLibraryWidth, 0.3)
	prefs.SetFloat(prefNotesSplit, 0.6)
	lib, notes := paneWidths(prefs)
	if lib != 300 || notes != 280 {
		t.Fatalf("proportions 0.3 and 0.6 of 1000 px became %v and %v px, want 300 and 280", lib, notes)
	}
	if prefs.FloatWithFallback(prefLibraryWidth, -1) != -1 || prefs.FloatWithFallback(prefNotesSplit, -1) != -1 {
		t.Error("the old proportions are still there")
	}
	// Once converted, a new window width does not change them.
	prefs.SetFloat(prefWindowWidth, 2000)
	if l, n := paneWidths(prefs); l != 300 || n != 280 {
		t.Fatalf("read again: %v and %v px", l, n)
	}
	// A fresh app has the defaults.
	if l, n := paneWidths(test.NewTempApp(t).Preferences()); l != defaultLibraryPx || n != defaultNotesPx {
		t.Fatalf("defaults: %v and %v px", l, n)
	}
}

func TestRestartReopensTheLastArticle(t *testing.T) {
	a := test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "l.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, title := range []string{"First", "Second", "Third"} {
		id, err := db.AddArticle(context.Background(), &store.Article{Title: title, Body: title + " body, long enough to read."})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	db.Close()

	ui := openWindowOn(t, a, path, fyne.NewSize(1280, 800))
	first := ui.article.ID
	var other int64
	for _, id := range ids {
		if id != first {
			other = id
		}
	}
	ui.openArticle(other)
	ui.rememberLayout()
	ui.stop()
	settle(ui)
	ui.db.Close()

	ui = openWindowOn(t, a, path, fyne.NewSize(1280, 800))
	if ui.article == nil || ui.article.ID != other {
		t.Fatalf("after a restart the reader shows %+v, want article %d", ui.article, other)
	}
	if ui.library.selected != other {
		t.Errorf("the library marks %d, want %d", ui.library.selected, other)
	}

	// An article that is gone: the first in the list, as on a first run.
	a.Preferences().SetInt(prefLastArticle, 9999)
	ui = openWindowOn(t, a, path, fyne.NewSize(1280, 800))
	if ui.article == nil || ui.article.ID != ui.library.shown[0].ID {
		t.Fatalf("with the last article gone the reader shows %+v", ui.article)
	}
}
