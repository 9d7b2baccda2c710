package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/store"
)

// noteView is the note editor in the wide middle pane (Ctrl+Shift+N, a double click on a note
// in the side panel, a [[link]] to a note, Edit → Standalone Notes): the standalone notes on
// its left with a search box, the note's editor with its live Markdown preview beside it, its
// word count, and "Linked from". It stands in the reader's place (panes.showInMiddle) like the
// daily review; Esc goes back to the reader. Its editor is a noteEditor on the same autosaver
// key as the side panel's, so the autosave guarantees are the same, and the two show the same
// text (mirrorNote).
type noteView struct {
	widget.BaseWidget
	ui *window

	search  *widget.Entry
	list    *widget.List
	count   *widget.Label
	notes   []store.Note // the standalone notes, newest first
	shown   []store.Note // those the search leaves
	listSeq int

	editor      *noteEditor // nil until a note is chosen
	articleID   int64       // the article of the note shown (0: standalone)
	named       string      // the note's stored title (a vault note's file name), else ""
	title       *widget.Label
	words       *widget.Label
	saveState   *widget.Label
	onArticle   *widget.Button
	previewOn   *widget.Check
	previewRT   *widget.RichText
	preview     *notePreview
	previewPane *container.Scroll
	area        *fyne.Container // the editor and its preview
	backlinks   *backlinksBox
	empty       *widget.Label
	root        fyne.CanvasObject
	seq         int
}

// prefWidePreview remembers whether the wide editor shows its preview (UI setting only).
const prefWidePreview = "notes.wide.preview"

func newNoteView(ui *window) *noteView {
	v := &noteView{ui: ui}
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Search the notes…")
	v.search.OnChanged = func(string) { v.filter() }
	v.search.OnSubmitted = func(string) {
		if len(v.shown) > 0 {
			v.list.Select(0)
		}
	}
	v.list = widget.NewList(func() int { return len(v.shown) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(store.NoteTitleOf(v.shown[i]))
		})
	v.list.OnSelected = func(i widget.ListItemID) {
		if i < len(v.shown) {
			v.ui.openNote(v.shown[i].ID)
		}
	}
	v.count = widget.NewLabel("")
	v.count.SizeName = theme.SizeNameCaptionText
	newNote := widget.NewButtonWithIcon("New note", theme.ContentAddIcon(), func() { ui.newWideNote(0) })

	v.title = widget.NewLabel("")
	v.title.TextStyle = fyne.TextStyle{Bold: true}
	v.title.SizeName = theme.SizeNameSubHeadingText
	v.title.Truncation = fyne.TextTruncateEllipsis
	v.words = widget.NewLabel("")
	v.words.SizeName = theme.SizeNameCaptionText
	v.saveState = widget.NewLabel("")
	v.saveState.SizeName = theme.SizeNameCaptionText
	v.saveState.Importance = widget.LowImportance
	v.onArticle = widget.NewButtonWithIcon("", theme.DocumentIcon(), func() {
		if v.articleID != 0 {
			id := v.articleID
			ui.leaveReview()
			ui.openArticle(id)
		}
	})
	v.onArticle.Importance = widget.LowImportance
	v.onArticle.Hide()
	prefs := ui.app.Preferences()
	v.previewOn = widget.NewCheck("Preview", nil)
	v.previewOn.SetChecked(prefs.BoolWithFallback(prefWidePreview, true))
	v.previewOn.OnChanged = func(on bool) {
		prefs.SetBool(prefWidePreview, on)
		v.arrange()
	}
	v.previewRT = widget.NewRichText()
	v.previewRT.Wrapping = fyne.TextWrapWord
	v.preview = newNotePreview(ui, v.previewRT)
	v.previewPane = container.NewVScroll(v.previewRT)
	v.backlinks = newBacklinksBox(ui)
	v.empty = widget.NewLabel("Choose a note on the left, or make a new one.")
	v.empty.Wrapping = fyne.TextWrapWord
	v.area = container.NewStack(v.empty)
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		if e := v.editor; e != nil {
			v.editor = nil
			v.arrange()
			ui.trashNote(e)
			ui.notes.reload()
		}
	})
	remove.Importance = widget.LowImportance
	rename := widget.NewButton("Rename…", func() {
		if e := v.editor; e != nil {
			ui.renameNote(e, store.NoteTitleOf(store.Note{ID: e.id, Title: v.named, Body: e.Text}))
		}
	})
	rename.Importance = widget.LowImportance
	closeButton := widget.NewButtonWithIcon("", theme.CancelIcon(), ui.leaveReview)
	closeButton.Importance = widget.LowImportance

	left := container.NewBorder(container.NewVBox(v.search, v.count), newNote, nil, nil, v.list)
	head := container.NewBorder(nil, container.NewHBox(v.onArticle, v.words, v.saveState), nil,
		container.NewHBox(v.previewOn, rename, remove, closeButton), v.title)
	// Linked from, under the editor, only when something links to the note.
	backlinks := container.NewVScroll(v.backlinks.box)
	backlinks.SetMinSize(fyne.NewSize(0, 160))
	backlinks.Hide()
	v.backlinks.changed = func(any bool) { showIf(backlinks, any) }
	right := container.NewBorder(head, backlinks, nil, nil, v.area)
	split := container.NewHSplit(left, right)
	split.Offset = 0.22
	v.root = container.NewPadded(split)
	v.ExtendBaseWidget(v)
	return v
}

func (v *noteView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.root) }

// arrange shows the editor alone or beside its preview.
func (v *noteView) arrange() {
	switch {
	case v.editor == nil:
		v.area.Objects = []fyne.CanvasObject{v.empty}
	case v.previewOn.Checked:
		split := container.NewHSplit(v.editor, v.previewPane)
		v.area.Objects = []fyne.CanvasObject{split}
		v.preview.set(v.editor.Text)
	default:
		v.area.Objects = []fyne.CanvasObject{v.editor}
	}
	v.area.Refresh()
}

// edit shows the note known to the autosaver as key (id 0: a draft not stored yet) with text.
func (v *noteView) edit(key, id, articleID int64, text string) {
	if v.editor != nil && v.editor.key == key {
		v.ui.win.Canvas().Focus(v.editor)
		return
	}
	if v.editor != nil {
		v.editor.complete.close()
		v.ui.flushSoon(v.ui.saver)
	}
	e := newNoteEditor(v.ui.notes, key, text)
	e.id = id
	e.wide = true
	e.onText = v.textChanged
	v.editor = e
	v.articleID = articleID
	v.named = ""
	v.textChanged(text)
	v.arrange()
	v.saveState.SetText("")
	v.showArticle()
	v.backlinks.load(0, id, nil)
	v.loadNamed(e)
	v.ui.win.Canvas().Focus(e)
}

// loadNamed reads the stored title of editor e's note (a vault note is called by its file
// name, not its first line) and shows it.
func (v *noteView) loadNamed(e *noteEditor) {
	if e.id == 0 {
		return // a draft: called by its first line
	}
	ui, id := v.ui, e.id
	ui.background(func() {
		n, err := ui.db.Note(context.Background(), id)
		ui.do(func() {
			if err == nil && v.editor == e {
				v.setNamed(n.Title)
			}
		})
	})
}

// setNamed shows the note's stored title (a vault note's file name; "": its first line).
func (v *noteView) setNamed(title string) {
	v.named = title
	if v.editor != nil {
		v.textChanged(v.editor.Text)
	}
}

// showArticle says which article the note is on, if any.
func (v *noteView) showArticle() {
	if v.articleID == 0 {
		v.onArticle.Hide()
		return
	}
	title := "the article"
	for _, a := range v.ui.library.all {
		if a.ID == v.articleID {
			title = cmpOr(a.Title, "Untitled")
		}
	}
	v.onArticle.SetText("On " + firstWords(title, 8))
	v.onArticle.Show()
}

// textChanged follows the note's text: its title, its word count and its preview.
func (v *noteView) textChanged(text string) {
	title := strings.NewReplacer("[[", "", "]]", "").Replace(store.NoteTitleOf(store.Note{Title: v.named, Body: text}))
	if strings.TrimSpace(text) == "" && v.named == "" {
		title = "New note"
	}
	v.title.SetText(title)
	n := wordCount(text)
	v.words.SetText(fmt.Sprintf("%d %s · %d min", n, plural(n, "word", "words"), (n+229)/230))
	if v.previewOn.Checked && v.editor != nil {
		v.preview.set(text)
	}
}

// wordCount counts the words of a note's text.
func wordCount(text string) int { return len(strings.Fields(text)) }

// reloadList reads the standalone notes again (an import, another program, a note added).
func (v *noteView) reloadList() {
	v.listSeq++
	seq := v.listSeq
	ui := v.ui
	ui.background(func() {
		notes, err := ui.db.Notes(context.Background(), 0)
		ui.do(func() {
			if seq != v.listSeq || err != nil {
				return
			}
			// Newest first.
			for i, j := 0, len(notes)-1; i < j; i, j = i+1, j-1 {
				notes[i], notes[j] = notes[j], notes[i]
			}
			v.notes = notes
			v.filter()
		})
	})
}

// filter shows the notes holding every word of the search box, whatever the case.
func (v *noteView) filter() {
	words := strings.Fields(strings.ToLower(v.search.Text))
	v.shown = v.shown[:0:0]
	for _, n := range v.notes {
		hay := strings.ToLower(n.Title + "\n" + n.Path + "\n" + n.Body)
		all := true
		for _, w := range words {
			all = all && strings.Contains(hay, w)
		}
		if all {
			v.shown = append(v.shown, n)
		}
	}
	total := fmt.Sprintf("%d standalone %s", len(v.notes), plural(len(v.notes), "note", "notes"))
	if len(v.shown) != len(v.notes) {
		total = fmt.Sprintf("%d of %s", len(v.shown), total)
	}
	v.count.SetText(total)
	onSelected := v.list.OnSelected
	v.list.OnSelected = nil
	v.list.UnselectAll()
	if v.editor != nil {
		for i, n := range v.shown {
			if n.ID == v.editor.id {
				v.list.Select(i)
			}
		}
	}
	v.list.OnSelected = onSelected
	v.list.Refresh()
}

// noteView is the wide editor on screen, or nil.
func (ui *window) noteView() *noteView {
	v, _ := ui.panes.middle().(*noteView)
	return v
}

// showNoteView puts the wide editor in the reader's place, if it is not there yet.
func (ui *window) showNoteView() *noteView {
	if v := ui.noteView(); v != nil {
		return v
	}
	v := newNoteView(ui)
	ui.panes.showInMiddle(v)
	v.reloadList()
	return v
}

// refreshNoteList reads again the wide editor's list of notes, when it shows.
func (ui *window) refreshNoteList() {
	if v := ui.noteView(); v != nil {
		v.reloadList()
	}
}

// openNote opens note id in the wide editor (with what is pending of it, if anything is).
func (ui *window) openNote(id int64) {
	v := ui.showNoteView()
	key := ui.drafts.keyOf(id)
	v.seq++
	seq := v.seq
	ui.background(func() {
		n, err := ui.db.Note(context.Background(), id)
		ui.do(func() {
			if seq != v.seq {
				return
			}
			if err != nil {
				ui.showError("Could not open the note", err)
				return
			}
			if !n.Deleted.IsZero() {
				ui.status.set("That note is in the Trash (Edit → Trash).")
				return
			}
			text := n.Body
			if pending, ok := ui.saver.PendingText(key); ok {
				text = pending
			}
			v.edit(key, id, n.ArticleID, text)
			v.filter()
		})
	})
}

// openNoteWide opens the note of the side panel's editor e in the wide editor.
func (ui *window) openNoteWide(e *noteEditor) {
	v := ui.showNoteView()
	v.seq++
	v.edit(e.key, e.id, e.panel.articleID, e.Text)
}

// editNoteWide is Ctrl+Shift+N: the note being edited in the side panel, else the panel's
// last note, else a new note, in the wide editor. In the wide editor, it starts a new note.
func (ui *window) editNoteWide() {
	if v := ui.noteView(); v != nil && v.editor != nil && ui.win.Canvas().Focused() == v.editor {
		ui.newWideNote(v.articleID)
		return
	}
	if e, ok := ui.win.Canvas().Focused().(*noteEditor); ok && !e.wide {
		ui.openNoteWide(e)
		return
	}
	if n := len(ui.notes.editors); n > 0 && ui.notes.active {
		ui.openNoteWide(ui.notes.editors[n-1])
		return
	}
	articleID := int64(0)
	if ui.article != nil {
		articleID = ui.article.ID
	}
	ui.newWideNote(articleID)
}

// newWideNote starts a new note of article articleID (0: standalone) in the wide editor; it is
// stored once it has text, like any new note (drafts.go).
func (ui *window) newWideNote(articleID int64) {
	v := ui.showNoteView()
	v.seq++
	key := ui.drafts.add(articleID)
	v.edit(key, 0, articleID, "")
	if ui.notes.articleID == articleID && ui.notes.active {
		ui.notes.reload() // the panel shows it too once it has text
	}
}

// mirrorNote shows text, just typed in editor from, in the other editors of the same note.
func (ui *window) mirrorNote(from *noteEditor, text string) {
	others := append([]*noteEditor(nil), ui.notes.editors...)
	if v := ui.noteView(); v != nil && v.editor != nil {
		others = append(others, v.editor)
	}
	for _, e := range others {
		if e == from || e.key != from.key || e.Text == text {
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
