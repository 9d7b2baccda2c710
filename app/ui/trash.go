package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"lectern/app/export"
	"lectern/store"
)

// trashNote moves a note to the trash without asking, and offers to undo it. The editor goes
// at once; the store hears of it off the UI goroutine.
func (ui *window) trashNote(e *noteEditor) {
	p := ui.notes
	p.removeEditor(e)
	key, articleID := e.key, p.articleID
	ui.drafts.hide(key)
	ui.background(func() {
		ctx := context.Background()
		ui.saver.Flush() // what was typed last goes to the trash with it
		var err error
		id := ui.drafts.drop(key)
		if id != 0 {
			err = ui.db.TrashNote(ctx, id)
		}
		ui.saver.Forget(key) // what could not be written: it is deleted
		ui.do(func() {
			if err != nil {
				ui.showError("Could not delete the note", err)
				ui.drafts.restored(id)
				if p.articleID == articleID {
					p.reload()
				}
				return
			}
			ui.afterChange()
			if id == 0 {
				return
			}
			p.trashed = trashedItem{note: id, undoSeq: ui.status.undoSeq + 1}
			ui.status.offerUndo("Note moved to the trash.", func() { ui.restoreNote(id, articleID) })
		})
	})
}

// restoreNote brings note id back from the trash.
func (ui *window) restoreNote(id, articleID int64) {
	ui.background(func() {
		err := ui.db.RestoreNote(context.Background(), id)
		ui.do(func() {
			if err != nil {
				ui.showError("Could not restore the note", err)
				return
			}
			ui.drafts.restored(id)
			if ui.notes.articleID == articleID {
				ui.notes.reload()
			}
			ui.afterChange()
			ui.status.set("Note restored.")
		})
	})
}

// trashHighlight moves a highlight to the trash and offers to undo it.
func (ui *window) trashHighlight(h store.Highlight) {
	ui.background(func() {
		ctx := context.Background()
		ui.commentSaver.Flush()
		err := ui.db.TrashHighlight(ctx, h.ID)
		ui.do(func() {
			if err != nil {
				ui.showError("Could not delete the highlight", err)
				return
			}
			ui.notes.dropCard(h.ID)
			ui.notes.reload()
			ui.afterChange()
			ui.notes.trashed = trashedItem{highlight: h.ID, undoSeq: ui.status.undoSeq + 1}
			ui.status.offerUndo("Highlight moved to the trash.", func() {
				ui.background(func() {
					err := ui.db.RestoreHighlight(ctx, h.ID)
					ui.do(func() {
						if err != nil {
							ui.showError("Could not restore the highlight", err)
							return
						}
						if ui.article != nil && ui.article.ID == h.ArticleID {
							ui.notes.reload()
						}
						ui.afterChange()
						ui.status.set("Highlight restored.")
					})
				})
			})
		})
	})
}

// trashedItem is a note or a highlight moved to the trash, with the status bar's Undo that
// brings it back (undoSeq, 0 when there is none).
type trashedItem struct {
	note, highlight int64
	undoSeq         int
}

// withdrawUndo hides the status bar's Undo when it would bring back item, restored from the
// Trash: it would have nothing left to undo.
func (ui *window) withdrawUndo(item trashedItem) {
	t := ui.notes.trashed
	if t.undoSeq == 0 || t.undoSeq != ui.status.undoSeq || t.note != item.note || t.highlight != item.highlight {
		return
	}
	ui.status.undoSeq++ // the Undo's timer has nothing left to hide
	ui.status.undo.Hide()
	ui.notes.trashed = trashedItem{}
}

// showTrash lists deleted notes and highlights, each with a Restore button.
func (ui *window) showTrash() {
	ui.background(func() {
		ctx := context.Background()
		notes, err := ui.db.TrashedNotes(ctx)
		var highlights []store.Highlight
		if err == nil {
			highlights, err = ui.db.TrashedHighlights(ctx)
		}
		ui.do(func() {
			if err != nil {
				ui.showError("Could not read the trash", err)
				return
			}
			ui.showTrashed(notes, highlights)
		})
	})
}

func (ui *window) showTrashed(notes []store.Note, highlights []store.Highlight) {
	ctx := context.Background()
	box := container.NewVBox()
	row := func(text string, item trashedItem, restore func() error) {
		label := widget.NewLabel(text)
		label.Wrapping = fyne.TextWrapWord
		var button *widget.Button
		button = widget.NewButton("Restore", func() {
			button.Disable()
			ui.background(func() {
				err := restore()
				ui.do(func() {
					if err != nil {
						button.Enable()
						ui.showError("Could not restore", err)
						return
					}
					button.SetText("Restored")
					ui.status.set("Restored from the Trash.")
					ui.withdrawUndo(item)
					ui.notes.reload()
					ui.afterChange()
				})
			})
		})
		box.Add(container.NewBorder(nil, nil, nil, button, label))
	}
	for _, n := range notes {
		row(fmt.Sprintf("Note, deleted %s: %s", n.Deleted.Local().Format("2 Jan 15:04"), firstWords(n.Body, 30)),
			trashedItem{note: n.ID}, func() error {
				err := ui.db.RestoreNote(ctx, n.ID)
				if err == nil {
					ui.drafts.restored(n.ID)
				}
				return err
			})
	}
	for _, h := range highlights {
		row(fmt.Sprintf("Highlight, deleted %s: “%s”", h.Deleted.Local().Format("2 Jan 15:04"), firstWords(h.Quote, 30)),
			trashedItem{highlight: h.ID}, func() error { return ui.db.RestoreHighlight(ctx, h.ID) })
	}
	if len(notes)+len(highlights) == 0 {
		box.Add(widget.NewLabel("The trash is empty."))
	}
	scroll := container.NewVScroll(box)
	scroll.SetMinSize(fyne.NewSize(560, 360))
	ui.show(dialog.NewCustom("Trash", "Close", scroll, ui.win))
}

// copyAsMarkdown puts the open article's notes and highlights on the clipboard as Markdown.
func (ui *window) copyAsMarkdown() {
	if ui.article == nil {
		return
	}
	id := ui.article.ID
	ui.background(func() {
		ui.saver.Flush()
		ui.commentSaver.Flush()
		md, err := export.ArticleMarkdown(context.Background(), ui.db, id)
		ui.do(func() {
			if err != nil {
				ui.showError("Could not copy", err)
				return
			}
			ui.app.Clipboard().SetContent(md)
			ui.status.set("Copied the notes and highlights as Markdown.")
		})
	})
}

func firstWords(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n*6 {
		return string(r)
	}
	return string(r[:n*6]) + "…"
}
