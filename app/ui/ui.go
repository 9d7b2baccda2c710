// Package ui is Lectern's window: the library, the reader, the notes panel, the search palette
// and the dialogs. Each part of the window lives in its own file as a struct that owns its
// widgets; the parts talk through the window struct, never through globals.
package ui

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/app/ingest"
	"lectern/app/search"
	"lectern/resources"
	"lectern/store"
)

// window is the main window and what its parts share.
type window struct {
	app    fyne.App
	win    fyne.Window
	db     *store.DB
	engine *search.Engine

	library      *library
	reader       *reader
	notes        *notesPanel
	status       *statusBar
	saver        *autosaver // notes
	commentSaver *autosaver // highlights' comments
	palette      *palette   // made on first use
	panes        *panes
	root         *fyne.Container // the panes above the status bar
	focusItem    *fyne.MenuItem  // View → Focus Mode, checked while it is on
	dialog       dialog.Dialog   // the dialog on screen, which Esc closes

	article *store.Article // the open article, nil when none
	opening int64          // the article being read to be shown, 0 when none
	shows   int            // counts what was asked to be shown (an article, the standalone notes): the last wins
	drafts  *drafts        // notes begun in this window (drafts.go)

	trashRows    []trashRow // the rows of the Trash dialog last shown (tests)
	trashEmpty   *widget.Button
	emptyConfirm dialog.Dialog

	previewed  map[int64]bool  // the notes (by autosaver key) whose preview is on in the side panel
	names      linkNamesCache  // what [[ completes to (complete.go)
	completion *completionList // the [[ completion list, floating above the content

	justHighlighted   store.Highlight // made by the last Ctrl+H: 1–5 recolour it for a moment
	justHighlightedAt time.Time

	working atomic.Int64    // background work in flight; tests wait for it to end
	ctx     context.Context // ends when the window closes
	stop    context.CancelFunc
	// do runs f on the UI goroutine: fyne.Do in the app; in tests, a queue the test drains
	// on its own goroutine (the test driver's fyne.Do would run f on the calling goroutine).
	do func(f func())
	// settle, in tests only, waits until background work is done and its UI work has run.
	settle func()
}

// background runs f off the UI goroutine; f reaches widgets only through ui.do.
func (ui *window) background(f func()) {
	ui.working.Add(1)
	go func() {
		defer ui.working.Add(-1)
		f()
	}()
}

// Show builds the window's content on db and wires its menus, shortcuts and close handling.
// It returns the last save, to run after the window's event loop has ended: the driver ends
// the loop itself on SIGTERM or SIGINT (a logout, a shutdown, Ctrl+C in a terminal), without
// the close handler, and what the user typed last must still reach the disk.
// OpenArgs opens in it what the app was started with.
func Show(a fyne.App, w fyne.Window, db *store.DB) (finalSave func()) {
	a.SetIcon(resources.Icon)
	applyTheme(a)
	ui := newWindow(a, w, db)
	w.SetContent(ui.layout())
	w.SetMainMenu(ui.mainMenu())
	w.SetCloseIntercept(ui.quit)
	w.SetOnDropped(ui.dropped)
	w.Canvas().SetOnTypedKey(ui.windowKey)
	// Pasting a web address anywhere outside a text field imports the page.
	w.Canvas().AddShortcut(&fyne.ShortcutPaste{}, func(fyne.Shortcut) { ui.pasted(a.Clipboard().Content()) })
	// Ctrl++ is Ctrl+Shift+= on most keyboards: it makes the text larger, like Ctrl+=.
	w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift},
		func(fyne.Shortcut) { ui.zoom(0.1) })
	w.Resize(windowSize(a.Preferences()))
	openWindows.add(ui)
	ui.start()
	return ui.finalSave
}

// finalSave writes what is pending without touching a widget (the event loop is over).
func (ui *window) finalSave() {
	ui.stop()
	ui.engine.Close()
	ui.saver.writePending()
	ui.commentSaver.writePending()
	ui.reader.saveProgressNow()
	ui.reader.saveReadingTimeNow()
}

// ShowStartupError fills the window with why the database at path could not be opened.
func ShowStartupError(a fyne.App, w fyne.Window, path string, err error) {
	a.SetIcon(resources.Icon)
	applyTheme(a)
	title := widget.NewLabel("Lectern cannot open its database")
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.SizeName = theme.SizeNameSubHeadingText
	detail := widget.NewLabel(fmt.Sprintf("%s\n\n%v\n\nNothing was changed. Choose another file with --db PATH or the LECTERN_DB variable, or fix the file's permissions.", path, err))
	detail.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewPadded(container.NewBorder(title, widget.NewButton("Quit", a.Quit), nil, nil, detail)))
	w.Resize(fyne.NewSize(640, 320))
}

// ShowOpening fills the window while the database at path opens slowly: after an update,
// upgrading a large archive (building new search indexes) takes seconds, once.
func ShowOpening(a fyne.App, w fyne.Window, path string) {
	a.SetIcon(resources.Icon)
	applyTheme(a)
	title := widget.NewLabel("Opening your archive…")
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.SizeName = theme.SizeNameSubHeadingText
	detail := widget.NewLabel(fmt.Sprintf("%s\n\nAfter an update Lectern prepares its search indexes once; for a large archive this takes a few seconds. Nothing you wrote is touched.", path))
	detail.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewPadded(container.NewVBox(title, widget.NewProgressBarInfinite(), detail)))
	w.Resize(fyne.NewSize(640, 240))
}

func newWindow(a fyne.App, w fyne.Window, db *store.DB) *window {
	return newWindowPosting(a, w, db, fyne.Do)
}

// newWindowPosting is newWindow with the function that runs work on the UI goroutine.
func newWindowPosting(a fyne.App, w fyne.Window, db *store.DB, do func(func())) *window {
	ui := &window{app: a, win: w, db: db, engine: search.New(db), do: do}
	ui.ctx, ui.stop = context.WithCancel(context.Background())
	ui.drafts = newDrafts()
	ui.previewed = map[int64]bool{}
	ui.status = newStatusBar(do)
	ui.saver = newAutosaver(time.Second/2, ui.saveNote, ui.noteSaved, do)
	ui.commentSaver = newAutosaver(time.Second/2, ui.saveComment, ui.noteSaved, do)
	ui.library = newLibrary(ui)
	ui.reader = newReader(ui)
	ui.notes = newNotesPanel(ui)
	ui.completion = newCompletionList(ui)
	return ui
}

// The window's size is remembered between runs (UI settings only); panes.go has the panes'.
const (
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
	// Until the panes' widths were kept in pixels, the splits' proportions (read once, to
	// convert them).
	prefLibraryWidth = "layout.library"
	prefNotesSplit   = "layout.notes"
)

func (ui *window) layout() fyne.CanvasObject {
	prefs := ui.app.Preferences()
	libraryPx, notesPx := paneWidths(prefs)
	ui.panes = newPanes(ui.library.content(), ui.reader.content(), ui.notes.content(), libraryPx, notesPx)
	ui.panes.library.choice = paneChoice(prefs.String(prefLibraryShown))
	ui.panes.notes.choice = paneChoice(prefs.String(prefNotesShown))
	ui.panes.changed = ui.rememberPanes
	ui.panes.hidden = ui.paneHidden
	ui.root = container.NewBorder(nil, ui.status.content(), nil, nil, ui.panes.box)
	return container.NewStack(ui.root, ui.completion.layer)
}

// windowSize is the size the window had when it last closed, or a comfortable default.
func windowSize(prefs fyne.Preferences) fyne.Size {
	return fyne.NewSize(float32(prefs.FloatWithFallback(prefWindowWidth, 1280)), float32(prefs.FloatWithFallback(prefWindowHeight, 800)))
}

// rememberLayout keeps the pane widths and the window's size for the next run.
func (ui *window) rememberLayout() {
	prefs := ui.app.Preferences()
	ui.rememberPanes()
	if size := ui.win.Canvas().Size(); size.Width > 200 && size.Height > 200 {
		prefs.SetFloat(prefWindowWidth, float64(size.Width))
		prefs.SetFloat(prefWindowHeight, float64(size.Height))
	}
}

// start loads the library; on the very first run it imports the welcome article first.
func (ui *window) start() {
	ui.background(func() {
		ctx := context.Background()
		n, err := ui.db.CountArticles(ctx)
		var welcomeErr error
		if err == nil && n == 0 {
			welcomeErr = ui.importWelcome(ctx)
		}
		ui.do(func() {
			if err != nil {
				ui.showError("Could not read the library", err)
				return
			}
			if welcomeErr != nil {
				ui.showError("Could not add the welcome article", welcomeErr)
			}
			ui.library.reload(ui.openLastArticle)
			ui.library.reloadTags()
			ui.library.watchChanges(ui.ctx)
		})
	})
	// Search's index loads once the window has drawn itself, so that the first Ctrl+K finds
	// it ready (on a large archive, a first keystroke would otherwise wait half a second).
	time.AfterFunc(warmSearchDelay, func() {
		if ui.ctx.Err() == nil {
			ui.engine.Warm()
		}
	})
}

const warmSearchDelay = 1500 * time.Millisecond

func (ui *window) importWelcome(ctx context.Context) error {
	a, err := ingest.Parse("welcome.md", resources.WelcomeMarkdown)
	if err != nil {
		return err
	}
	a.Source = "Lectern"
	_, err = ui.db.AddArticle(ctx, a)
	var dup *store.DuplicateError
	if errors.As(err, &dup) {
		return nil
	}
	return err
}

// openArticle shows article id in the reader and its notes beside it, once they are read
// (off the UI goroutine); when another article is asked for meanwhile, the last one asked for
// is shown.
func (ui *window) openArticle(id int64) { ui.openArticleThen(id, nil) }

// openArticleThen is openArticle, then calls then once the article is shown (at once when it
// is already).
func (ui *window) openArticleThen(id int64, then func()) {
	if ui.opening == 0 && ui.article != nil && ui.article.ID == id {
		if then != nil {
			then()
		}
		return
	}
	ui.leaveArticle()
	seq := ui.shows
	ui.opening = id
	ui.background(func() {
		a, err := ui.db.Article(context.Background(), id)
		ui.do(func() {
			if seq != ui.shows {
				return // another article was asked for meanwhile
			}
			if err != nil {
				ui.opening = 0
				ui.showError("Could not open the article", err)
				return
			}
			ui.notes.read(id, func(c panelContent) {
				if seq != ui.shows {
					return
				}
				ui.opening = 0
				ui.article = a
				ui.app.Preferences().SetInt(prefLastArticle, int(id))
				ui.reader.show(a)
				ui.notes.show(a.ID, c)
				ui.library.markSelected(id)
				ui.background(func() {
					if err := ui.db.MarkOpened(context.Background(), id); err == nil {
						ui.engine.Invalidate()
					}
				})
				if then != nil {
					then()
				}
			})
		})
	})
}

// leaveArticle saves, in the background, what the user typed and where they are in the
// article shown, before another is shown. What cannot be saved yet stays pending (and is shown
// again with its article); it is tried again by itself.
func (ui *window) leaveArticle() {
	ui.flushSoon(ui.saver)
	ui.flushSoon(ui.commentSaver)
	ui.reader.saveProgress()
	ui.shows++
}

// flushSoon writes what s holds, off the UI goroutine.
func (ui *window) flushSoon(s *autosaver) {
	ui.background(func() { s.Flush() })
}

// openStandaloneNotes shows the notes that belong to no article.
func (ui *window) openStandaloneNotes() { ui.openStandaloneNotesThen(nil) }

// openStandaloneNotesThen is openStandaloneNotes, then calls then once the notes are shown.
func (ui *window) openStandaloneNotesThen(then func()) {
	ui.leaveArticle()
	seq := ui.shows
	ui.opening = 0
	ui.article = nil
	ui.reader.showPlaceholder("Standalone notes",
		"Notes that belong to no article: ideas, plans, summaries across your reading. They are searched and exported like every other note.")
	ui.library.markSelected(0)
	ui.notes.read(0, func(c panelContent) {
		if seq != ui.shows {
			return
		}
		ui.notes.show(0, c)
		ui.showNoteView()
		if then != nil {
			then()
		}
	})
}

// saveComment writes a highlight's comment; it runs on the autosaver's goroutine.
func (ui *window) saveComment(id int64, text string) error {
	err := ui.db.UpdateHighlightComment(context.Background(), id, text)
	if err == nil {
		ui.engine.Invalidate()
	}
	return err
}

// noteSaved is told, on the UI goroutine, how the last save went.
func (ui *window) noteSaved(at time.Time, err error) {
	if err != nil {
		ui.status.set(fmt.Sprintf("Not saved: %v", err))
		ui.notes.setSaveState("Not saved: " + err.Error())
		return
	}
	// Counts in the library change only when a note is made or deleted, not as it is edited.
	ui.notes.setSaveState("Saved " + at.Format("15:04:05"))
}

// quit saves everything the user typed (off the UI goroutine), then closes the window.
func (ui *window) quit() {
	ui.rememberLayout()
	id, progress, moved := ui.reader.progressChange()
	ui.background(func() {
		err := errors.Join(ui.saver.Flush(), ui.commentSaver.Flush())
		if moved {
			ui.db.SetProgress(context.Background(), id, progress)
		}
		ui.do(func() {
			if err == nil {
				ui.stop()
				ui.app.Quit()
				return
			}
			// Never close over text that is not on disk: let the user decide, with the reason.
			dialog.ShowConfirm("Your last changes are not saved",
				fmt.Sprintf("Lectern could not save what you typed last (%v).\n\nCopy it somewhere safe, or free some space and try again. Quit anyway?", err),
				func(quit bool) {
					if quit {
						ui.stop()
						ui.app.Quit()
					}
				}, ui.win)
		})
	})
}

func (ui *window) showError(title string, err error) {
	dialog.ShowError(fmt.Errorf("%s: %w", title, err), ui.win)
}

// statusBar is the line at the bottom: counts, progress of background work, and the Undo
// button that follows a reversible action.
type statusBar struct {
	text     *widget.Label
	counts   *widget.Label // how many articles the library holds
	progress *widget.ProgressBar
	cancel   *widget.Button
	undo     *widget.Button
	undoSeq  int
	box      *fyne.Container
	do       func(func())
}

func newStatusBar(do func(func())) *statusBar {
	s := &statusBar{text: widget.NewLabel(""), counts: widget.NewLabel(""), progress: widget.NewProgressBar(), do: do}
	s.text.Truncation = fyne.TextTruncateEllipsis
	s.cancel = widget.NewButton("Cancel", nil)
	s.undo = widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), nil)
	s.progress.Hide()
	s.cancel.Hide()
	s.undo.Hide()
	s.box = container.NewBorder(nil, nil, nil, container.NewHBox(s.undo, s.progress, s.cancel, s.counts), s.text)
	return s
}

func (s *statusBar) content() fyne.CanvasObject { return s.box }

func (s *statusBar) set(text string) { s.text.SetText(text) }

// offerUndo says what was done and shows an Undo button for a while.
func (s *statusBar) offerUndo(text string, undo func()) {
	s.text.SetText(text)
	s.undoSeq++
	seq := s.undoSeq
	s.undo.OnTapped = func() {
		s.undo.Hide()
		undo()
	}
	s.undo.Show()
	time.AfterFunc(15*time.Second, func() {
		s.do(func() {
			if s.undoSeq == seq {
				s.undo.Hide()
			}
		})
	})
}

// startWork shows the progress bar with a Cancel button that calls cancel.
func (s *statusBar) startWork(cancel func()) {
	s.progress.SetValue(0)
	s.progress.Show()
	s.cancel.OnTapped = cancel
	s.cancel.Show()
}

func (s *statusBar) workProgress(done, total int, current string) {
	if total > 0 {
		s.progress.Max = float64(total)
		s.progress.SetValue(float64(done))
	}
	s.text.SetText(fmt.Sprintf("%d of %d: %s", done, total, current))
}

func (s *statusBar) endWork(summary string) {
	s.progress.Hide()
	s.cancel.Hide()
	s.text.SetText(summary)
}
