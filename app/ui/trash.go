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
	note, highlight, article int64
	undoSeq                  int
}

// withdrawUndo hides the status bar's Undo when it would bring back item, restored from the
// Trash: it would have nothing left to undo.
func (ui *window) withdrawUndo(item trashedItem) {
	t := ui.notes.trashed
	if t.undoSeq == 0 || t.undoSeq != ui.status.undoSeq || t.note != item.note || t.highlight != item.highlight || t.article != item.article {
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
		articles, err := ui.db.TrashedArticles(ctx)
		var notes []store.Note
		var highlights []store.Highlight
		if err == nil {
			notes, err = ui.db.TrashedNotes(ctx)
		}
		if err == nil {
			highlights, err = ui.db.TrashedHighlights(ctx)
		}
		ui.do(func() {
			if err != nil {
				ui.showError("Could not read the trash", err)
				return
			}
			ui.showTrashed(articles, notes, highlights)
		})
	})
}

func (ui *window) showTrashed(articles []store.TrashedArticle, notes []store.Note, highlights []store.Highlight) {
	ctx := context.Background()
	box := container.NewVBox()
	ui.trashRows = nil
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
					if item.article != 0 {
						ui.library.reloadTags()
					}
				})
			})
		})
		box.Add(container.NewBorder(nil, nil, nil, button, label))
		ui.trashRows = append(ui.trashRows, trashRow{text: text, restore: button})
	}
	trashedArticle := map[int64]bool{}
	for _, a := range articles {
		trashedArticle[a.ID] = true
		what := fmt.Sprintf("Article, deleted %s: %s", a.Deleted.Local().Format("2 Jan 15:04"), cmpOr(a.Title, "Untitled"))
		if a.Notes+a.Highlights > 0 {
			what += fmt.Sprintf(" (with %d %s and %d %s)", a.Notes, plural(a.Notes, "note", "notes"),
				a.Highlights, plural(a.Highlights, "highlight", "highlights"))
		}
		row(what, trashedItem{article: a.ID}, func() error { return ui.db.RestoreArticles(ctx, a.ID) })
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
		if trashedArticle[h.ArticleID] {
			continue // it comes back with its article
		}
		row(fmt.Sprintf("Highlight, deleted %s: “%s”", h.Deleted.Local().Format("2 Jan 15:04"), firstWords(h.Quote, 30)),
			trashedItem{highlight: h.ID}, func() error { return ui.db.RestoreHighlight(ctx, h.ID) })
	}
	empty := widget.NewButton("Empty Trash…", nil)
	empty.Importance = widget.DangerImportance
	if len(ui.trashRows) == 0 {
		box.Add(widget.NewLabel("The trash is empty."))
		empty.Disable()
	}
	scroll := container.NewVScroll(box)
	scroll.SetMinSize(fyne.NewSize(560, 360))
	d := dialog.NewCustom("Trash", "Close", container.NewBorder(nil, container.NewHBox(empty), nil, nil, scroll), ui.win)
	empty.OnTapped = func() { ui.confirmEmptyTrash(d) }
	ui.trashEmpty = empty
	ui.show(d)
}

// trashRow is a row of the Trash dialog, for tests.
type trashRow struct {
	text    string
	restore *widget.Button
}

// confirmEmptyTrash asks, then deletes for good what the Trash holds; trash is the Trash
// dialog, closed once it is done.
func (ui *window) confirmEmptyTrash(trash dialog.Dialog) {
	ui.background(func() {
		c, err := ui.db.CountTrash(context.Background())
		ui.do(func() {
			if err != nil {
				ui.showError("Could not read the trash", err)
				return
			}
			msg := fmt.Sprintf("Delete for good %s? This cannot be undone.", trashCountText(c))
			confirm := dialog.NewConfirm("Empty the Trash?", msg, func(ok bool) {
				if ok {
					ui.emptyTrash(trash)
				}
			}, ui.win)
			confirm.SetConfirmText("Delete for Good")
			confirm.SetConfirmImportance(widget.DangerImportance)
			ui.emptyConfirm = confirm
			confirm.Show()
		})
	})
}

// emptyTrash deletes for good what the Trash holds.
func (ui *window) emptyTrash(trash dialog.Dialog) {
	ui.background(func() {
		c, err := ui.db.EmptyTrash(context.Background())
		ui.do(func() {
			if err != nil {
				ui.showError("Could not empty the trash", err)
				return
			}
			if trash != nil {
				trash.Hide()
			}
			ui.notes.trashed = trashedItem{}
			ui.status.undoSeq++ // nothing is left to undo
			ui.status.undo.Hide()
			ui.status.set("Deleted for good: " + trashCountText(c) + ".")
			ui.afterChange()
		})
	})
}

func trashCountText(c store.TrashCount) string {
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, one, many)))
		}
	}
	add(c.Articles, "article (with its notes and highlights)", "articles (with their notes and highlights)")
	add(c.Notes, "note", "notes")
	add(c.Highlights, "highlight", "highlights")
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

func cmpOr(s, fallback string) string {
	if strings.TrimSpace(s) == "" {
		return fallback
	}
	return s
}

// trashArticle moves article id, with its notes and highlights, to the Trash (Article →
// Delete, the Delete key in the library) and offers to undo it. When it is the open article,
// the next one in the list opens.
func (ui *window) trashArticle(id int64) {
	if id == 0 {
		return
	}
	title := "the article"
	for _, a := range ui.library.all {
		if a.ID == id {
			title = "“" + cmpOr(a.Title, "Untitled") + "”"
		}
	}
	ui.library.forget(id)
	ui.background(func() {
		ctx := context.Background()
		// What was typed last goes to the Trash with it (and comes back with it).
		ui.saver.Flush()
		ui.commentSaver.Flush()
		err := ui.db.TrashArticles(ctx, id)
		ui.do(func() {
			if err != nil {
				ui.showError("Could not delete the article", err)
				return
			}
			open := ui.article != nil && ui.article.ID == id || ui.opening == id
			ui.library.reload(func() {
				if !open {
					return
				}
				if len(ui.library.shown) == 0 {
					ui.openStandaloneNotes()
					return
				}
				// The article that took its place in the list, or the last one.
				ui.library.list.Select(min(ui.library.lastIndex, len(ui.library.shown)-1))
			})
			ui.library.reloadTags()
			ui.background(ui.engine.Invalidate)
			ui.notes.trashed = trashedItem{article: id, undoSeq: ui.status.undoSeq + 1}
			ui.status.offerUndo("Moved "+title+" to the Trash.", func() { ui.restoreArticle(id) })
		})
	})
}

// restoreArticle brings article id back from the Trash with its notes and highlights, and
// opens it.
func (ui *window) restoreArticle(id int64) {
	ui.background(func() {
		err := ui.db.RestoreArticles(context.Background(), id)
		ui.do(func() {
			if err != nil {
				ui.showError("Could not restore the article", err)
				return
			}
			ui.background(ui.engine.Invalidate)
			ui.library.reloadTags()
			ui.library.reload(func() {
				ui.leaveReview()
				ui.openArticle(id)
			})
			ui.status.set("Article restored, with its notes and highlights.")
		})
	})
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
