package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"lectern/app/links"
	"lectern/store"
)

// Renaming an article (Article → Rename…) or a note (Rename… in the wide editor) offers to
// update the [[links]] to its old title: the notes and comments that link to it are read
// before the rename (Backlinks, NoteBacklinks), and after it the window asks "Update N links
// to the new title?". Every store call runs in the background. The editors' pending text is
// written before anything is read, and the editors of the texts rewritten are shown the new
// text after, so the autosaver never writes an older text over a rewrite.

// renameArticle asks for the open article's new title.
func (ui *window) renameArticle() {
	a := ui.article
	if a == nil {
		return
	}
	entry := newFormEntry()
	entry.SetText(a.Title)
	ui.showForm("Rename “"+firstWords(cmpOr(a.Title, "Untitled"), 8)+"”", "Rename", "Title", entry,
		fyne.NewSize(520, 160), func() { ui.rename(0, a.ID, entry.Text) })
}

// renameNote asks for the new title of the note in the wide editor e.
func (ui *window) renameNote(e *noteEditor, current string) {
	if e == nil {
		return
	}
	entry := newFormEntry()
	entry.SetText(current)
	ui.showForm("Rename the note", "Rename", "Title", entry, fyne.NewSize(520, 160),
		func() { ui.rename(e.key, 0, entry.Text) })
}

// renamed is what a rename did, for the UI goroutine.
type renamed struct {
	articleID int64  // the article renamed, or 0
	noteID    int64  // the note renamed, or 0
	named     string // the note's stored title after (a vault note's file name), else ""
	body      string // the note's text after
	renames   []links.Renaming
	linking   []store.Backlink // the links that name the old title, to offer to rewrite
}

// rename gives article articleID, or the note the autosaver knows as noteKey (articleID 0),
// the title title, then offers to update the links to it.
func (ui *window) rename(noteKey, articleID int64, title string) {
	title = strings.TrimSpace(title)
	if title == "" {
		return
	}
	ui.background(func() {
		r, err := ui.renameInStore(noteKey, articleID, title)
		ui.do(func() {
			if err != nil {
				ui.showError("Could not rename", err)
				return
			}
			if r == nil {
				return // the same title
			}
			ui.showRenamed(r, title)
		})
	})
}

// errDraft is a rename of a note not stored yet (nothing typed in it).
var errDraft = errors.New("write something in the note first")

// renameInStore renames in the store (off the UI goroutine) and says what it did; nil when
// the title is the same.
func (ui *window) renameInStore(noteKey, articleID int64, title string) (*renamed, error) {
	ctx := context.Background()
	// What the editors hold goes to the store first: the old title, and the texts that
	// may be rewritten, are read from there.
	if err := errors.Join(ui.saver.Flush(), ui.commentSaver.Flush()); err != nil {
		return nil, err
	}
	r := &renamed{articleID: articleID}
	var old string
	var list []store.Backlink
	var err error
	if articleID != 0 {
		a, err := ui.db.Article(ctx, articleID)
		if err != nil {
			return nil, err
		}
		old = a.Title
		if list, err = ui.db.Backlinks(ctx, articleID); err != nil {
			return nil, err
		}
	} else {
		r.noteID = ui.drafts.noteID(noteKey)
		if r.noteID == 0 {
			return nil, errDraft
		}
		n, err := ui.db.Note(ctx, r.noteID)
		if err != nil {
			return nil, err
		}
		old = store.NoteTitleOf(n)
		if list, err = ui.db.NoteBacklinks(ctx, r.noteID); err != nil {
			return nil, err
		}
		if p := strings.TrimSuffix(n.Path, ".md"); strings.Contains(p, "/") {
			// A vault note linked by its path: [[Projects/Reading list]].
			dir := p[:strings.LastIndexByte(p, '/')+1]
			r.renames = append(r.renames, links.Renaming{Old: p, New: dir + title})
		}
	}
	if old == title {
		return nil, nil
	}
	// A title another page has would leave its links to one of the two.
	if t, ok, err := ui.db.ResolveLink(ctx, store.Wikilink{Target: title}); err != nil {
		return nil, err
	} else if ok && !(t.Kind == "article" && t.ID == articleID) && !(t.Kind == "note" && t.ID == r.noteID) &&
		store.LinkKey(title) != store.LinkKey(old) {
		return nil, fmt.Errorf("another %s is called “%s” already", t.Kind, t.Title)
	}
	if articleID != 0 {
		err = ui.db.RenameArticle(ctx, articleID, title)
	} else {
		err = ui.db.RenameNote(ctx, r.noteID, title)
	}
	if err != nil {
		return nil, err
	}
	if r.noteID != 0 {
		n, err := ui.db.Note(ctx, r.noteID)
		if err != nil {
			return nil, err
		}
		r.named, r.body = n.Title, n.Body
	}
	ui.engine.Invalidate()
	ui.namesChanged()
	r.renames = append([]links.Renaming{{Old: old, New: title}}, r.renames...)
	r.linking = links.Renamed(list, r.renames)
	return r, nil
}

// showRenamed shows a rename done in the store, then offers to update the links.
func (ui *window) showRenamed(r *renamed, title string) {
	if r.articleID != 0 {
		if ui.article != nil && ui.article.ID == r.articleID {
			ui.article.Title = title
		}
		ui.afterChange()
	}
	if r.noteID != 0 {
		if r.named == "" { // its first line is its title: the editors show the new one
			ui.rewriteNoteEditors(r.noteID, r.body, func(text string) string { return store.RetitleBody(text, title) })
		}
		if v := ui.noteView(); v != nil && v.editor != nil && v.editor.id == r.noteID {
			v.setNamed(r.named)
		}
		ui.refreshNoteList()
	}
	ui.status.set("Renamed to “" + title + "”.")
	if len(r.linking) == 0 {
		return
	}
	n := len(r.linking)
	msg := fmt.Sprintf("Update %d %s to the new title?", n, plural(n, "link", "links"))
	d := dialog.NewConfirm("Update the links?", msg, func(ok bool) {
		if ok {
			ui.updateLinks(r.linking, r.renames)
		}
	}, ui.win)
	d.SetConfirmText("Update")
	d.SetDismissText("Keep")
	ui.show(d)
}

// updateLinks rewrites the links of list that name a page by an old name of renames.
func (ui *window) updateLinks(list []store.Backlink, renames []links.Renaming) {
	ui.background(func() {
		err := errors.Join(ui.saver.Flush(), ui.commentSaver.Flush())
		var done links.Rewritten
		if err == nil {
			done, err = links.RewriteLinks(context.Background(), ui.db, list, renames)
			ui.engine.Invalidate()
			ui.namesChanged() // a note's first line may be its title
		}
		ui.do(func() {
			rename := func(text string) string { t, _ := links.RenameAll(text, renames); return t }
			for id, text := range done.Notes {
				ui.rewriteNoteEditors(id, text, rename)
			}
			for id, text := range done.Comments {
				ui.rewriteComment(id, text, rename)
			}
			ui.notes.reload()
			if v := ui.noteView(); v != nil && v.editor != nil {
				v.backlinks.load(0, v.editor.id, nil)
			}
			ui.refreshNoteList()
			if err != nil {
				ui.showError("Could not update every link", err)
				return
			}
			n := len(done.Notes) + len(done.Comments)
			ui.status.set(fmt.Sprintf("Updated the links in %d %s.", n, plural(n, "note or comment", "notes and comments")))
		})
	})
}

// rewriteNoteEditors shows in the editors of note id what rewrite makes of the text they hold,
// now that the store holds stored. Text typed since the store was read (still pending, or
// written before the rewrite) is rewritten too and saved again, so neither the autosaver nor
// the editor brings the old text back.
func (ui *window) rewriteNoteEditors(id int64, stored string, rewrite func(string) string) {
	editors := append([]*noteEditor(nil), ui.notes.editors...)
	if v := ui.noteView(); v != nil && v.editor != nil {
		editors = append(editors, v.editor)
	}
	for _, e := range editors {
		if e.id != id {
			continue
		}
		text := e.Text
		if pending, ok := ui.saver.PendingText(e.key); ok {
			text = pending
		}
		text = rewrite(text)
		if text != stored {
			ui.saver.Changed(e.key, text)
		}
		if e.Text == text {
			continue
		}
		e.setTextQuietly(text)
		if e.onText != nil {
			e.onText(text)
		}
		if e.previewToggle.Checked {
			e.previewer.set(text)
		}
	}
}

// rewriteComment is rewriteNoteEditors for the comment of highlight id.
func (ui *window) rewriteComment(id int64, stored string, rewrite func(string) string) {
	for _, c := range ui.notes.cards {
		if c.h.ID != id {
			continue
		}
		text := c.comment.Text
		if pending, ok := ui.commentSaver.PendingText(id); ok {
			text = pending
		}
		text = rewrite(text)
		if text != stored {
			ui.commentSaver.Changed(id, text)
		}
		if c.comment.Text != text {
			c.comment.setTextQuietly(text)
		}
		c.h.Comment = stored
	}
}
