package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"lectern/store"
)

// submitRename types title in the rename form that has the focus and presses Enter.
func submitRename(t *testing.T, ui *window, title string) {
	t.Helper()
	entry, ok := ui.win.Canvas().Focused().(*formEntry)
	if !ok {
		t.Fatalf("the title entry is not focused (%T)", ui.win.Canvas().Focused())
	}
	entry.SetText(title)
	entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(ui)
}

// answerUpdateLinks answers "Update N links to the new title?", after checking it says want.
func answerUpdateLinks(t *testing.T, ui *window, want string, update bool) {
	t.Helper()
	d, ok := ui.dialog.(interface {
		Confirm()
		Hide()
	})
	if !ok {
		t.Fatalf("no question about the links: %T", ui.dialog)
	}
	if !dialogSays(ui, want) {
		t.Errorf("the question does not say %q", want)
	}
	if update {
		d.Confirm()
	} else {
		d.Hide()
	}
	settle(ui)
	waitSaved(t, ui)
}

// dialogSays reports whether a label on the window's overlays reads text.
func dialogSays(ui *window, text string) bool {
	found := false
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			found = found || strings.Contains(x.Text, text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.LaidOutObjects(x) {
				if c != o {
					walk(c)
				}
			}
		}
	}
	for _, o := range ui.win.Canvas().Overlays().List() {
		walk(o)
	}
	return found
}

func noteBody(t *testing.T, ui *window, id int64) string {
	t.Helper()
	n, err := ui.db.Note(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return n.Body
}

func TestRenameArticleOffersToUpdateLinks(t *testing.T) {
	for _, update := range []bool{true, false} {
		t.Run(map[bool]string{true: "update", false: "keep"}[update], func(t *testing.T) {
			ui := newTestWindow(t)
			ctx := context.Background()
			id := addArticle(t, ui, "Old title", "Some text here.")
			standalone, _ := ui.db.AddNote(ctx, 0, "See [[Old title]] today.")
			onIt, _ := ui.db.AddNote(ctx, id, "Also [[old title#Part|shown]].")
			ui.openArticle(id)
			settle(ui)
			// The note on the article is being typed in when the article is renamed: what
			// was typed stays, and the autosaver does not bring the old link back.
			e := ui.notes.editors[0]
			ui.win.Canvas().Focus(e)
			e.CursorColumn = len(e.Text)
			test.Type(e, " More")
			menuItemNamed(t, ui, "Article", "Rename…")()
			submitRename(t, ui, "New title")
			if a, _ := ui.db.Article(ctx, id); a.Title != "New title" || ui.article.Title != "New title" {
				t.Fatalf("the article is called %q (window: %q)", a.Title, ui.article.Title)
			}
			answerUpdateLinks(t, ui, "Update 2 links to the new title?", update)
			wantA, wantB := "See [[Old title]] today.", "Also [[old title#Part|shown]]. More"
			if update {
				wantA, wantB = "See [[New title]] today.", "Also [[New title#Part|shown]]. More"
			}
			if got := noteBody(t, ui, standalone.ID); got != wantA {
				t.Errorf("standalone note %q, want %q", got, wantA)
			}
			if got := noteBody(t, ui, onIt.ID); got != wantB {
				t.Errorf("note on the article %q, want %q", got, wantB)
			}
			if e.Text != wantB {
				t.Errorf("the editor shows %q, want %q", e.Text, wantB)
			}
			if update {
				if list, _ := ui.db.Backlinks(ctx, id); len(list) != 2 {
					t.Errorf("Linked from after the rename: %+v", list)
				}
			}
		})
	}
}

func TestRenameNoteOffersToUpdateLinks(t *testing.T) {
	for _, update := range []bool{true, false} {
		t.Run(map[bool]string{true: "update", false: "keep"}[update], func(t *testing.T) {
			ui := newTestWindow(t)
			ctx := context.Background()
			n, _ := ui.db.AddNote(ctx, 0, "# Reading plan\n\nBooks for the winter.")
			first, _ := ui.db.AddNote(ctx, 0, "[[Reading plan]] first.")
			second, _ := ui.db.AddNote(ctx, ui.article.ID, "Then [[reading plan|the plan]].")
			ui.openNote(n.ID)
			settle(ui)
			v := ui.noteView()
			test.Tap(findButton(t, v.root, "Rename…"))
			submitRename(t, ui, "Winter reading")
			want := "# Winter reading\n\nBooks for the winter."
			if got := noteBody(t, ui, n.ID); got != want || v.editor.Text != want || v.title.Text != "Winter reading" {
				t.Fatalf("renamed note %q, editor %q, title %q", got, v.editor.Text, v.title.Text)
			}
			answerUpdateLinks(t, ui, "Update 2 links to the new title?", update)
			wantA, wantB := "[[Reading plan]] first.", "Then [[reading plan|the plan]]."
			if update {
				wantA, wantB = "[[Winter reading]] first.", "Then [[Winter reading|the plan]]."
			}
			if got := noteBody(t, ui, first.ID); got != wantA {
				t.Errorf("first linking note %q, want %q", got, wantA)
			}
			if got := noteBody(t, ui, second.ID); got != wantB {
				t.Errorf("second linking note %q, want %q", got, wantB)
			}
			if got := noteBody(t, ui, n.ID); got != want {
				t.Errorf("the renamed note became %q", got)
			}
			if update && len(v.backlinks.links) != 2 {
				t.Errorf("the note's Linked from shows %+v", v.backlinks.links)
			}
		})
	}
}

func TestRenameVaultNoteRewritesPathLinks(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	id, _, err := ui.db.SaveVaultNote(ctx, store.VaultNote{Source: "/v/Projects/Reading list.md",
		Path: "Projects/Reading list.md", Title: "Reading list", Body: "Books.\n"})
	if err != nil {
		t.Fatal(err)
	}
	linking, _ := ui.db.AddNote(ctx, 0, "[[Projects/Reading list]] and [[Reading list#Now]].")
	ui.openNote(id)
	settle(ui)
	v := ui.noteView()
	if v.title.Text != "Reading list" {
		t.Errorf("the wide editor calls the vault note %q", v.title.Text)
	}
	ui.renameNote(v.editor, "Reading list")
	submitRename(t, ui, "To read")
	answerUpdateLinks(t, ui, "Update 2 links", true)
	if got := noteBody(t, ui, linking.ID); got != "[[Projects/To read]] and [[To read#Now]]." {
		t.Errorf("linking note %q", got)
	}
	if n, _ := ui.db.Note(ctx, id); n.Title != "To read" || n.Path != "Projects/To read.md" || n.Body != "Books.\n" {
		t.Errorf("vault note %+v", n)
	}
	if v.title.Text != "To read" {
		t.Errorf("the wide editor's title %q", v.title.Text)
	}
}
