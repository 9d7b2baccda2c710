package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"lectern/store"
)

// setStatus marks the open article (done, archived, unread…) and offers to undo it.
func (ui *window) setStatus(status store.Status) {
	a := ui.article
	if a == nil || a.Status == status {
		return
	}
	id, title, before := a.ID, a.Title, a.Status
	ui.library.forget(id)
	ui.applyStatus(id, status, func() {
		ui.status.offerUndo(fmt.Sprintf("Marked “%s” %s.", title, status), func() {
			ui.applyStatus(id, before, func() { ui.status.set("Undone.") })
		})
	})
}

// applyStatus stores an article's status (off the UI goroutine), shows it wherever the article
// is shown, then calls done.
func (ui *window) applyStatus(id int64, status store.Status, done func()) {
	ui.background(func() {
		err := ui.db.SetStatus(context.Background(), id, status)
		ui.do(func() {
			if err != nil {
				ui.showError("Could not change the status", err)
				return
			}
			if ui.article != nil && ui.article.ID == id {
				ui.article.Status = status
			}
			ui.afterChange()
			done()
		})
	})
}

// afterChange refreshes what shows data that just changed. The search engine hears of it off
// the UI goroutine: a search in progress holds it while it asks the store what changed, which
// waits while another program holds the write lock.
func (ui *window) afterChange() {
	ui.background(ui.engine.Invalidate)
	ui.library.refreshCounts()
	if ui.article != nil {
		ui.reader.refreshMeta()
	}
}

// editTags asks for the open article's tags, separated by commas.
func (ui *window) editTags() {
	a := ui.article
	if a == nil {
		return
	}
	entry := newFormEntry()
	entry.SetText(strings.Join(a.Tags, ", "))
	entry.SetPlaceHolder("news, migration, to-read")
	ui.showForm("Tags of “"+a.Title+"”", "Save", "Tags", entry, fyne.NewSize(480, 160), func() {
		tags := store.NormalizeTags(strings.Split(entry.Text, ","))
		ui.background(func() {
			err := ui.db.SetTags(context.Background(), a.ID, tags)
			ui.do(func() {
				if err != nil {
					ui.showError("Could not save the tags", err)
					return
				}
				if ui.article != nil && ui.article.ID == a.ID {
					ui.article.Tags = tags
				}
				ui.afterChange()
				ui.library.reloadTags()
			})
		})
	})
}

// showShortcuts lists every keyboard shortcut (Help → Keyboard Shortcuts).
func (ui *window) showShortcuts() {
	rows := [][2]string{
		{"Ctrl+K", "Search everything"},
		{"Ctrl+N", "New note, or focus the notes"},
		{"Ctrl+Shift+N", "The note in the wide editor (in it: a new note); Esc goes back"},
		{"[[ in a note or comment", "Link completion: Up / Down, Enter or Tab insert [[Full Title]], Esc closes"},
		{"Ctrl+Z / Ctrl+Shift+Z", "Undo / redo typing (outside a text field: the status bar's Undo)"},
		{"Delete in the library", "Move the article to the Trash (with Undo)"},
		{"Ctrl+H", "Highlight the selected passage"},
		{"Ctrl+O", "Import files"},
		{"Ctrl+L", "Import a web page"},
		{"Ctrl+E", "Export notes and highlights"},
		{"Ctrl+[ / Ctrl+]", "Previous / next article"},
		{"Ctrl+D", "Mark the article done"},
		{"Ctrl+T", "Edit the article's tags"},
		{"Ctrl+= / Ctrl+- / Ctrl+0", "Larger / smaller / normal text"},
		{"Ctrl+1 / Ctrl+2 / Ctrl+3 / Ctrl+4", "Go to the filter / the article list / the notes / the reader"},
		{"Ctrl+F", "Find in the article (Enter / Shift+Enter: next / previous)"},
		{"Ctrl+Shift+H", "Highlight the selection in a colour of your choice (or 1–5 right after Ctrl+H)"},
		{"Ctrl+R / Ctrl+Shift+R", "Daily review (1–4 grade, Space, O, E, S, D, Esc) / reading stats"},
		{"Ctrl+\\ / Ctrl+Shift+\\", "Show or hide the library / the notes"},
		{"Ctrl+Shift+F", "Focus mode: the reader alone (Esc leaves)"},
		{"In the reader: Space, Page Down / Shift+Space, Page Up", "Down / up a screen"},
		{"In the reader: arrows, j / k; Home / End, g / G", "A line; the start / the end"},
		{"In the reader: Shift+arrows, Ctrl+C, Ctrl+A", "Select; copy; select all"},
		{"Ctrl+Q", "Quit"},
		{"In search: Up, Down, Enter, Esc", "Move, open, close"},
	}
	grid := shortcutsTable(rows)
	ui.show(dialog.NewCustom("Keyboard shortcuts", "Close", grid, ui.win))
}

func shortcutsTable(rows [][2]string) fyne.CanvasObject {
	form := widget.NewForm()
	for _, r := range rows {
		l := widget.NewLabel(r[1])
		form.Append(r[0], l)
	}
	return form
}
