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

// trashNote moves a note to the trash without asking, and offers to undo it.
func (ui *window) trashNote(e *noteEditor) {
	ui.saver.Flush()
	p := ui.notes
	if e.id != 0 {
		if err := ui.db.TrashNote(context.Background(), e.id); err != nil {
			ui.showError("Could not delete the note", err)
			return
		}
	}
	id, articleID := e.id, p.articleID
	p.show(articleID)
	ui.afterChange()
	if id == 0 {
		return
	}
	p.trashed = trashedItem{note: id, undoSeq: ui.status.undoSeq + 1}
	ui.status.offerUndo("Note moved to the trash.", func() {
		if err := ui.db.RestoreNote(context.Background(), id); err != nil {
			ui.showError("Could not restore the note", err)
			return
		}
		if p.articleID == articleID {
			p.show(articleID)
		}
		ui.afterChange()
		ui.status.set("Note restored.")
	})
}

// trashHighlight moves a highlight to the trash and offers to undo it.
func (ui *window) trashHighlight(h store.Highlight) {
	ui.commentSaver.Flush()
	if err := ui.db.TrashHighlight(context.Background(), h.ID); err != nil {
		ui.showError("Could not delete the highlight", err)
		return
	}
	ui.notes.loadHighlights()
	ui.afterChange()
	ui.notes.trashed = trashedItem{highlight: h.ID, undoSeq: ui.status.undoSeq + 1}
	ui.status.offerUndo("Highlight moved to the trash.", func() {
		if err := ui.db.RestoreHighlight(context.Background(), h.ID); err != nil {
			ui.showError("Could not restore the highlight", err)
			return
		}
		if ui.article != nil && ui.article.ID == h.ArticleID {
			ui.notes.loadHighlights()
		}
		ui.afterChange()
		ui.status.set("Highlight restored.")
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
	ctx := context.Background()
	notes, err := ui.db.TrashedNotes(ctx)
	if err != nil {
		ui.showError("Could not read the trash", err)
		return
	}
	highlights, err := ui.db.TrashedHighlights(ctx)
	if err != nil {
		ui.showError("Could not read the trash", err)
		return
	}
	box := container.NewVBox()
	row := func(text string, item trashedItem, restore func() error) {
		label := widget.NewLabel(text)
		label.Wrapping = fyne.TextWrapWord
		var button *widget.Button
		button = widget.NewButton("Restore", func() {
			if err := restore(); err != nil {
				ui.showError("Could not restore", err)
				return
			}
			button.Disable()
			button.SetText("Restored")
			ui.status.set("Restored from the Trash.")
			ui.withdrawUndo(item)
			if ui.notes.active {
				ui.notes.show(ui.notes.articleID)
			}
			ui.afterChange()
		})
		box.Add(container.NewBorder(nil, nil, nil, button, label))
	}
	for _, n := range notes {
		row(fmt.Sprintf("Note, deleted %s: %s", n.Deleted.Local().Format("2 Jan 15:04"), firstWords(n.Body, 30)),
			trashedItem{note: n.ID}, func() error { return ui.db.RestoreNote(ctx, n.ID) })
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
	ui.saver.Flush()
	ui.commentSaver.Flush()
	md, err := export.ArticleMarkdown(context.Background(), ui.db, ui.article.ID)
	if err != nil {
		ui.showError("Could not copy", err)
		return
	}
	ui.app.Clipboard().SetContent(md)
	ui.status.set("Copied the notes and highlights as Markdown.")
}

func firstWords(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n*6 {
		return string(r)
	}
	return string(r[:n*6]) + "…"
}
