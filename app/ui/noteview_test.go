package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"lectern/store"
)

// waitSaved waits until the autosaver wrote everything.
func waitSaved(t *testing.T, ui *window) {
	t.Helper()
	ui.saver.Flush()
	settle(ui)
}

func TestWideEditorEditsTheSideNote(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	ui.notes.focusNotes()
	side := ui.notes.editors[0]
	test.Type(side, "First line\n\nsome words here")
	// Ctrl+Shift+N: the focused note in the middle pane.
	ui.win.SetMainMenu(ui.mainMenu())
	menuAction(t, ui, fyne.KeyN, true).Action()
	settle(ui)
	v := ui.noteView()
	if v == nil || v.editor == nil || v.editor.Text != side.Text {
		t.Fatalf("the wide editor shows %+v", v)
	}
	if ui.win.Canvas().Focused() != v.editor {
		t.Error("the wide editor is not focused")
	}
	if v.title.Text != "First line" || !strings.HasPrefix(v.words.Text, "5 words") {
		t.Errorf("title %q, count %q", v.title.Text, v.words.Text)
	}
	v.editor.CursorRow, v.editor.CursorColumn = 2, len("some words here")
	test.Type(v.editor, " and more")
	if side.Text != "First line\n\nsome words here and more" {
		t.Errorf("the side editor shows %q", side.Text)
	}
	if !strings.HasPrefix(v.words.Text, "7 words") {
		t.Errorf("count %q", v.words.Text)
	}
	waitSaved(t, ui)
	notes, _ := ui.db.Notes(ctx, ui.article.ID)
	if len(notes) != 1 || notes[0].Body != "First line\n\nsome words here and more" {
		t.Fatalf("stored %+v", notes)
	}
	// Undo in the Edit menu takes back the last typing in the focused editor.
	full := v.editor.Text
	menuItemNamed(t, ui, "Edit", "Undo")()
	if v.editor.Text == full || !strings.HasPrefix(full, v.editor.Text) {
		t.Errorf("Edit → Undo left %q", v.editor.Text)
	}
	menuItemNamed(t, ui, "Edit", "Redo")()
	if v.editor.Text != full {
		t.Errorf("Edit → Redo left %q", v.editor.Text)
	}
	// Esc goes back to the reader.
	v.editor.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	settle(ui)
	if ui.panes.middle() != nil {
		t.Fatal("Esc did not bring the reader back")
	}
	// A double click on a side note opens it wide.
	ui.notes.editors[0].DoubleTapped(&fyne.PointEvent{})
	settle(ui)
	if v := ui.noteView(); v == nil || v.editor.key != ui.notes.editors[0].key {
		t.Fatal("a double click did not open the note in the middle pane")
	}
}

func TestWideNewNoteIsStoredOnce(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	ui.openStandaloneNotes()
	settle(ui)
	v := ui.noteView()
	if v == nil || !strings.Contains(v.count.Text, "0 standalone notes") {
		t.Fatalf("Standalone Notes shows %+v", v)
	}
	test.Tap(findButton(t, v.root, "New note"))
	test.Type(v.editor, "A plan")
	waitSaved(t, ui)
	test.Type(v.editor, " for the week")
	waitSaved(t, ui)
	notes, _ := ui.db.Notes(ctx, 0)
	if len(notes) != 1 || notes[0].Body != "A plan for the week" {
		t.Fatalf("stored %+v", notes)
	}
	if !strings.Contains(v.count.Text, "1 standalone note") {
		t.Errorf("count %q", v.count.Text)
	}
	// The list's count follows a note added by another program (the CLI).
	if _, err := ui.db.AddNote(ctx, 0, "from the command line"); err != nil {
		t.Fatal(err)
	}
	ui.library.reload(nil) // what watchChanges does when another program wrote
	settle(ui)
	if !strings.Contains(v.count.Text, "2 standalone notes") {
		t.Errorf("after a CLI write the count says %q", v.count.Text)
	}
	v.search.SetText("command")
	if len(v.shown) != 1 || v.shown[0].Body != "from the command line" || !strings.HasPrefix(v.count.Text, "1 of 2") {
		t.Errorf("search shows %+v (%q)", v.shown, v.count.Text)
	}
	v.search.OnSubmitted(v.search.Text)
	settle(ui)
	if v.editor.Text != "from the command line" {
		t.Errorf("Enter in the search opened %q", v.editor.Text)
	}
}

func TestPreviewStaysOnWhenThePanelRedraws(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	if _, err := ui.db.AddNote(ctx, ui.article.ID, "**bold** note"); err != nil {
		t.Fatal(err)
	}
	id := ui.article.ID
	ui.notes.reload()
	settle(ui)
	ui.notes.editors[0].previewToggle.SetChecked(true)
	other := addArticle(t, ui, "Other", "Text.")
	ui.openArticle(other)
	settle(ui)
	ui.openArticle(id)
	settle(ui)
	if e := ui.notes.editors[0]; !e.previewToggle.Checked || !e.preview.Visible() {
		t.Fatal("the preview was reset when the panel was rebuilt")
	}
}

func TestWikilinkPreviewOpensAndCreates(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	target := addArticle(t, ui, caravanTitle, "Walked on.")
	if _, err := ui.db.AddNote(ctx, ui.article.ID, "See [["+caravanTitle+"|the caravan]] and [[Nowhere yet]]."); err != nil {
		t.Fatal(err)
	}
	ui.notes.reload()
	settle(ui)
	e := ui.notes.editors[0]
	e.previewToggle.SetChecked(true)
	settle(ui)
	var texts []string
	walkSegments(e.preview.Segments, func(s widget.RichTextSegment) {
		switch s := s.(type) {
		case *widget.HyperlinkSegment:
			texts = append(texts, "link:"+s.Text)
		case *widget.TextSegment:
			texts = append(texts, s.Text)
		}
	})
	if !slices.Contains(texts, "link:the caravan") || !slices.Contains(texts, "Nowhere yet") || !slices.Contains(texts, "link: (create)") {
		t.Fatalf("the preview shows %q", texts)
	}
	tapLink(t, e.preview, "the caravan")
	settle(ui)
	if ui.article == nil || ui.article.ID != target {
		t.Fatal("a click on [[link]] did not open its article")
	}
	// The unresolved link creates the note, after asking.
	ui.notes.editors = nil
	welcome := ui.library.all[len(ui.library.all)-1].ID
	ui.openArticle(welcome)
	settle(ui)
	e = ui.notes.editors[0]
	tapLink(t, e.preview, " (create)")
	settle(ui)
	d, ok := ui.dialog.(interface{ Confirm() })
	if !ok {
		t.Fatalf("no confirmation: %T", ui.dialog)
	}
	d.Confirm()
	settle(ui)
	v := ui.noteView()
	if v == nil || v.editor == nil || v.title.Text != "Nowhere yet" {
		t.Fatalf("the new note is not open: %+v", v)
	}
	link := store.ParseWikilinks("[[Nowhere yet]]")[0]
	if tgt, ok, err := ui.db.ResolveLink(ctx, link); err != nil || !ok || tgt.Kind != "note" {
		t.Fatalf("the link still leads nowhere: %+v %v %v", tgt, ok, err)
	}
}

func TestBacklinksListLinkingNotesAndOpenThem(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	target := addArticle(t, ui, caravanTitle, "Walked on.")
	n, err := ui.db.AddNote(ctx, 0, "# Migration\n\nThe march north. It is in [["+caravanTitle+"]] today. More later.")
	if err != nil {
		t.Fatal(err)
	}
	ui.openArticle(target)
	settle(ui)
	b := ui.notes.backlinks
	if len(b.links) != 1 || !b.box.Visible() || !strings.Contains(b.links[0].Context, "It is in") {
		t.Fatalf("Linked from shows %+v", b.links)
	}
	// The note linking to another note has it in its own Linked from.
	other, err := ui.db.AddNote(ctx, 0, "See [[Migration]].")
	if err != nil {
		t.Fatal(err)
	}
	ui.openNote(n.ID)
	settle(ui)
	v := ui.noteView()
	if len(v.backlinks.links) != 1 || v.backlinks.links[0].NoteID != other.ID {
		t.Fatalf("the note's Linked from shows %+v", v.backlinks.links)
	}
	ui.openBacklink(v.backlinks.links[0])
	settle(ui)
	if v.editor.id != other.ID {
		t.Fatalf("a click on a backlink opened note %d", v.editor.id)
	}
	_ = time.Second
}

func TestTagFilterHasNoteTagsAfterAnOutsideWrite(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	id := addArticle(t, ui, "Tagged by a note", "Text.")
	if _, err := ui.db.AddNote(ctx, id, "a thought #fieldwork"); err != nil {
		t.Fatal(err)
	}
	ui.library.reload(nil) // what the window does when another program wrote
	settle(ui)
	if !slices.Contains(ui.library.tagBy.Options, "fieldwork") {
		t.Fatalf("the tag drop-down offers %q", ui.library.tagBy.Options)
	}
	ui.library.tagBy.SetSelected("fieldwork")
	settle(ui)
	if len(ui.library.shown) != 1 || ui.library.shown[0].ID != id {
		t.Fatalf("the note tag shows %+v", ui.library.shown)
	}
}

func walkSegments(segs []widget.RichTextSegment, f func(widget.RichTextSegment)) {
	for _, s := range segs {
		f(s)
		switch s := s.(type) {
		case *widget.ParagraphSegment:
			walkSegments(s.Texts, f)
		case *widget.ListSegment:
			walkSegments(s.Items, f)
		}
	}
}

// findButton finds the button labelled text in o.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				found = x
			}
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
	walk(o)
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}
