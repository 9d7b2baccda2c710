package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"lectern/store"
)

func TestDeleteArticleMovesItToTheTrashWithUndo(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	id := addArticle(t, ui, "A 404 stub", "Not found.")
	if _, err := ui.db.AddNote(ctx, id, "my note on the stub"); err != nil {
		t.Fatal(err)
	}
	if _, err := ui.db.AddHighlight(ctx, store.Highlight{ArticleID: id, Start: -1, End: -1, Quote: "Not found"}); err != nil {
		t.Fatal(err)
	}
	ui.openArticle(id)
	settle(ui)
	// The Delete key in the library's list.
	ui.library.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	settle(ui)
	for _, a := range ui.library.all {
		if a.ID == id {
			t.Fatal("the deleted article is still in the library")
		}
	}
	if ui.article == nil || ui.article.ID == id {
		t.Fatalf("the open article is still the deleted one: %+v", ui.article)
	}
	if !ui.status.undo.Visible() || !strings.Contains(ui.status.text.Text, "A 404 stub") {
		t.Fatalf("no Undo offered: %q", ui.status.text.Text)
	}
	trashed, _ := ui.db.TrashedArticles(ctx)
	if len(trashed) != 1 || trashed[0].ID != id || trashed[0].Notes != 1 || trashed[0].Highlights != 1 {
		t.Fatalf("trash holds %+v", trashed)
	}
	test.Tap(ui.status.undo)
	settle(ui)
	if ui.article == nil || ui.article.ID != id {
		t.Fatal("Undo did not bring the article back and open it")
	}
	notes, _ := ui.db.Notes(ctx, id)
	hs, _ := ui.db.Highlights(ctx, id)
	if len(notes) != 1 || len(hs) != 1 || len(ui.notes.editors) != 1 {
		t.Fatalf("after Undo: %d notes, %d highlights, %d editors", len(notes), len(hs), len(ui.notes.editors))
	}
}

func TestTrashDialogRestoresArticlesAndEmpties(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	id := addArticle(t, ui, "A duplicate", "Twice.")
	other := addArticle(t, ui, "Keep me", "Here.")
	if _, err := ui.db.AddNote(ctx, id, "a note that comes back"); err != nil {
		t.Fatal(err)
	}
	ui.openArticle(id)
	settle(ui)
	// Article → Delete.
	menuItemNamed(t, ui, "Article", "Delete (Move to Trash)")()
	settle(ui)
	ui.showTrash()
	settle(ui)
	if len(ui.trashRows) != 1 || !strings.Contains(ui.trashRows[0].text, "A duplicate") || !strings.Contains(ui.trashRows[0].text, "1 note") {
		t.Fatalf("trash rows %+v", ui.trashRows)
	}
	test.Tap(ui.trashRows[0].restore)
	settle(ui)
	notes, _ := ui.db.Notes(ctx, id)
	if a, err := ui.db.Article(ctx, id); err != nil || !a.Deleted.IsZero() || len(notes) != 1 {
		t.Fatalf("restore: %v %+v %d notes", err, a, len(notes))
	}
	found := false
	for _, a := range ui.library.all {
		found = found || a.ID == id
	}
	if !found {
		t.Fatal("the restored article is not in the library")
	}
	// Empty the Trash, after a confirmation.
	if err := ui.db.TrashArticles(ctx, other); err != nil {
		t.Fatal(err)
	}
	ui.dialog.Hide()
	ui.showTrash()
	settle(ui)
	test.Tap(ui.trashEmpty)
	settle(ui)
	if ui.emptyConfirm == nil {
		t.Fatal("Empty Trash did not ask first")
	}
	if c, _ := ui.db.CountTrash(ctx); c.Articles != 1 {
		t.Fatalf("emptied before the confirmation: %+v", c)
	}
	ui.emptyConfirm.(interface{ Confirm() }).Confirm()
	settle(ui)
	if c, _ := ui.db.CountTrash(ctx); c != (store.TrashCount{}) {
		t.Fatalf("after Empty Trash: %+v", c)
	}
	if _, err := ui.db.Article(ctx, other); err == nil {
		t.Fatal("the article is still in the database")
	}
	if !strings.Contains(ui.status.text.Text, "Deleted for good: 1 article") {
		t.Errorf("status %q", ui.status.text.Text)
	}
}

// menuItemNamed finds the action of the main menu's item called label in menu.
func menuItemNamed(t *testing.T, ui *window, menu, label string) func() {
	t.Helper()
	for _, m := range ui.mainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it.Action
			}
		}
	}
	t.Fatalf("no %s → %s", menu, label)
	return nil
}
