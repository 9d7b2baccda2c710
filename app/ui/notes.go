package ui

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/store"
)

// notesPanel is the right pane: the open article's highlights, then its notes, each note an
// editor whose text is saved as the user types.
type notesPanel struct {
	ui               *window
	articleID        int64 // 0: the standalone notes
	active           bool  // false until an article or the standalone notes are shown
	highlightSection *fyne.Container
	highlights       []store.Highlight // in the article's order
	cards            []*highlightCard  // one for each of highlights
	highlightBox     *fyne.Container
	noteBox          *fyne.Container
	editors          []*noteEditor
	saveState        *widget.Label
	body             *fyne.Container // the highlights, then the notes, in the scroll
	scroll           *container.Scroll
	highlightButton  *fyne.Container // Highlight selection
	notesHeader      *widget.Label
	reloads          int         // counts the reloads asked for: only the last one's answer is shown
	trashed          trashedItem // the last item moved to the trash, whose Undo the status bar offers
	backlinks        *backlinksBox
}

func newNotesPanel(ui *window) *notesPanel {
	p := &notesPanel{ui: ui}
	p.highlightBox = container.NewVBox()
	p.noteBox = container.NewVBox()
	p.saveState = widget.NewLabel("")
	p.saveState.Importance = widget.LowImportance
	p.saveState.SizeName = theme.SizeNameCaptionText
	p.saveState.Wrapping = fyne.TextWrapWord // "Not saved: " and the reason, in a narrow panel
	// The panel can be as narrow as paneMinPx: the buttons' labels shorten rather than be cut.
	newNote := fittingButton(theme.ContentAddIcon(), func() { p.newNote() }, widget.MediumImportance, "New note", "Note")
	p.highlightButton = fittingButton(theme.ColorPaletteIcon(), func() { ui.highlightSelection() }, widget.MediumImportance,
		"Highlight selection", "Highlight")
	header := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.TextStyle = fyne.TextStyle{Bold: true}
		return l
	}
	p.notesHeader = header("Notes")
	p.highlightSection = container.NewVBox(header("Highlights"), p.highlightBox, p.highlightButton, widget.NewSeparator())
	p.backlinks = newBacklinksBox(ui)
	p.body = container.NewVBox(p.highlightSection, p.notesHeader, p.noteBox, newNote, p.backlinks.box)
	p.scroll = container.NewVScroll(p.body)
	return p
}

// relayout lays the whole panel out again, from the scroll down, after its content changed.
// Fyne's driver lays out again only the parent of one changed object per frame (the last it
// meets), so when the highlights and the notes are rebuilt together the panel's column keeps
// its old layout: the highlights, taller now, run over the Notes heading and the button.
func (p *notesPanel) relayout() {
	p.scroll.Refresh()
}

func (p *notesPanel) content() fyne.CanvasObject {
	return container.NewBorder(nil, p.saveState, nil, nil, p.scroll)
}

// panelContent is what the panel shows of an article, as read from the store.
type panelContent struct {
	notes      []store.Note
	highlights []store.Highlight
	err        error
}

// read reads article id's notes and highlights off the UI goroutine and hands them to show on
// the UI goroutine. When a note or a comment was written while it read, it reads again: what
// it read may be older than what the editors hold, and pending text is no longer pending.
func (p *notesPanel) read(id int64, show func(panelContent)) {
	ui := p.ui
	ui.background(func() {
		for {
			noteWrites, commentWrites := ui.saver.Writes(), ui.commentSaver.Writes()
			c := readPanel(ui.db, id)
			if c.err != nil || ui.saver.Writes() == noteWrites && ui.commentSaver.Writes() == commentWrites {
				ui.do(func() { show(c) })
				return
			}
		}
	})
}

func readPanel(db *store.DB, id int64) panelContent {
	ctx := context.Background()
	var c panelContent
	c.notes, c.err = db.Notes(ctx, id)
	if c.err == nil && id != 0 {
		c.highlights, c.err = db.Highlights(ctx, id)
	}
	return c
}

// show shows the notes (and highlights) of article id, read with c; id 0 shows the standalone
// notes. Switching articles builds every editor anew.
func (p *notesPanel) show(id int64, c panelContent) {
	p.unfocus()
	p.articleID = id
	p.active = true
	p.reloads++ // a reload asked for before is of what was shown before
	p.editors = nil
	p.cards = nil
	p.fill(c)
	p.saveState.SetText("")
}

// reload reads the shown notes and highlights again (after a change, this window's or another
// program's) and shows them, keeping the editors of notes and comments that are still there,
// with what they hold and the focus: what the user is typing is never replaced.
func (p *notesPanel) reload() {
	if !p.active {
		return
	}
	p.reloads++
	seq, shows, id := p.reloads, p.ui.shows, p.articleID
	p.read(id, func(c panelContent) {
		if seq == p.reloads && shows == p.ui.shows && id == p.articleID {
			p.fill(c)
		}
	})
}

// fill shows c in the panel, reusing the editors and cards it has (see reload).
func (p *notesPanel) fill(c panelContent) {
	if c.err != nil {
		p.ui.showError("Could not read the notes", c.err)
		return
	}
	p.fillNotes(c.notes)
	p.backlinks.load(p.articleID, 0, p.relayout)
	if p.articleID == 0 {
		p.highlightSection.Hide()
	} else {
		p.highlightSection.Show()
		p.fillHighlights(c.highlights)
	}
	p.relayout()
}

// busy reports whether the user may be typing in o: it has the focus.
func (p *notesPanel) busy(o fyne.Focusable) bool {
	return p.ui.win.Canvas().Focused() == o
}

// fillNotes shows notes: the stored ones, then those begun here and not stored yet.
func (p *notesPanel) fillNotes(notes []store.Note) {
	ui := p.ui
	old := map[int64]*noteEditor{}
	for _, e := range p.editors {
		old[e.key] = e
	}
	placed := map[int64]bool{}
	var editors []*noteEditor
	place := func(key, id int64, body string, stored bool) {
		if placed[key] || ui.drafts.isHidden(key) {
			return
		}
		placed[key] = true
		pending, isPending := ui.saver.PendingText(key)
		if isPending {
			body = pending // typed, but not saved yet
		}
		e := old[key]
		switch {
		case e == nil:
			if !stored && !isPending {
				return // begun elsewhere and left empty
			}
			e = newNoteEditor(p, key, body)
		case !isPending && !p.busy(e) && e.Text != body:
			e.setTextQuietly(body) // changed by another program
		}
		e.id = id
		editors = append(editors, e)
	}
	for _, n := range notes {
		place(ui.drafts.keyOf(n.ID), n.ID, n.Body, true)
	}
	for _, key := range ui.drafts.unstored(p.articleID) {
		place(key, 0, "", false)
	}
	// Keep an editor whose note is gone from the store while the user is in it, and the new
	// notes begun here (empty ones too: the user just made them).
	for _, e := range p.editors {
		if !placed[e.key] && (p.busy(e) || ui.drafts.unstoredKey(e.key)) {
			placed[e.key] = true
			editors = append(editors, e)
		}
	}
	p.editors = editors
	objects := make([]fyne.CanvasObject, len(editors))
	for i, e := range editors {
		objects[i] = e.box
	}
	p.noteBox.Objects = objects
	p.noteBox.Refresh()
}

// unfocus takes the keyboard focus from an editor of the panel before it is rebuilt: Fyne
// keeps the focus on a widget taken out of the window, and typing would go nowhere visible.
// Losing the focus also saves.
func (p *notesPanel) unfocus() {
	c := p.ui.win.Canvas()
	switch c.Focused().(type) {
	case *noteEditor, *commentEntry:
		c.Unfocus()
	}
}

// removeEditor takes e out of the panel (its note is being deleted).
func (p *notesPanel) removeEditor(e *noteEditor) {
	if p.busy(e) {
		p.ui.win.Canvas().Unfocus()
	}
	for i, x := range p.editors {
		if x == e {
			p.editors = append(p.editors[:i:i], p.editors[i+1:]...)
		}
	}
	p.noteBox.Remove(e.box)
	p.relayout()
}

// dropCard forgets highlight id's card, so a reload does not keep it (it was deleted).
func (p *notesPanel) dropCard(id int64) {
	for i, c := range p.cards {
		if c.h.ID == id {
			if p.busy(c.comment) {
				p.ui.win.Canvas().Unfocus()
			}
			p.cards = append(p.cards[:i:i], p.cards[i+1:]...)
			return
		}
	}
}

// stored is told, on the UI goroutine, that the note begun as key is stored as id.
func (p *notesPanel) stored(key, id int64) {
	if v := p.ui.noteView(); v != nil && v.editor != nil && v.editor.key == key {
		v.editor.id = id
		v.reloadList()
		if !slices.ContainsFunc(p.editors, func(e *noteEditor) bool { return e.key == key }) {
			p.setSaveState("Saved")
			if p.articleID == v.articleID {
				p.reload()
			}
			return
		}
	}
	for _, e := range p.editors {
		if e.key == key {
			e.id = id
			p.setSaveState("Saved")
			return
		}
	}
	// Stored while the panel was being rebuilt without it: show it.
	p.reload()
}

// fillHighlights shows hs, reusing the cards of highlights that did not change but for their
// comment, and a card whose comment the user is typing in.
func (p *notesPanel) fillHighlights(hs []store.Highlight) {
	sortHighlights(hs)
	old := map[int64]*highlightCard{}
	for _, c := range p.cards {
		old[c.h.ID] = c
	}
	p.highlights = hs
	p.cards = nil
	p.highlightBox.Objects = nil
	if len(hs) == 0 {
		hint := widget.NewLabel("Select a passage in the article and press Ctrl+H.")
		hint.Wrapping = fyne.TextWrapWord
		hint.Importance = widget.LowImportance
		p.highlightBox.Add(hint)
	}
	for _, h := range hs {
		c := old[h.ID]
		switch {
		case c != nil && p.busy(c.comment):
		case c != nil && sameButComment(c.h, h):
			if _, pending := p.ui.commentSaver.PendingText(h.ID); !pending && c.comment.Text != h.Comment {
				c.comment.setTextQuietly(h.Comment)
			}
			c.h = h
		default:
			c = p.highlightCard(h)
		}
		p.cards = append(p.cards, c)
		p.highlightBox.Add(c.box)
	}
	p.highlightBox.Refresh()
	p.ui.reader.markHighlights(hs)
}

// sameButComment reports whether a and b differ in nothing a card shows but the comment.
func sameButComment(a, b store.Highlight) bool {
	a.Comment, b.Comment = "", ""
	return a == b
}

// sortHighlights puts highlights in the article's order: placed ones by where they start,
// unplaced ones last (in the order they were made).
func sortHighlights(hs []store.Highlight) {
	slices.SortStableFunc(hs, func(a, b store.Highlight) int {
		switch {
		case a.Placed() != b.Placed():
			if a.Placed() {
				return -1
			}
			return 1
		case !a.Placed():
			return cmp.Compare(a.ID, b.ID)
		}
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.ID, b.ID))
	})
}

// newNote adds an empty note editor and focuses it; the note is stored once there is text in it.
func (p *notesPanel) newNote() {
	if !p.active {
		return
	}
	e := newNoteEditor(p, p.ui.drafts.add(p.articleID), "")
	p.editors = append(p.editors, e)
	p.noteBox.Add(e.box)
	p.relayout()
	p.ui.win.Canvas().Focus(e)
	p.scroll.ScrollToBottom()
}

// focusNotes focuses the open article's last note, creating one if it has none; when a note
// is focused already, it starts a new one.
func (p *notesPanel) focusNotes() {
	focused := p.ui.win.Canvas().Focused()
	for _, e := range p.editors {
		if focused == e {
			p.newNote()
			return
		}
	}
	if len(p.editors) == 0 {
		p.newNote()
		return
	}
	p.ui.win.Canvas().Focus(p.editors[len(p.editors)-1])
}

func (p *notesPanel) setSaveState(s string) {
	p.saveState.SetText(s)
	if v := p.ui.noteView(); v != nil {
		v.saveState.SetText(s)
	}
}

// noteEditor is a multi-line Markdown editor for one note. It saves as the user types and at
// once when focus leaves it.
type noteEditor struct {
	widget.Entry
	panel         *notesPanel
	key           int64 // what the autosaver knows it by: the note's id, or a draft's key
	id            int64 // the note's id, 0 until it is stored
	preview       *widget.RichText
	previewToggle *widget.Check
	box           *fyne.Container // the editor with its preview and buttons
	complete      *completer      // [[ completion
	previewer     *notePreview    // renders preview, its [[links]] resolved
	wide          bool            // the editor of the middle pane (noteview.go)
	onText        func(string)    // told of each change (the wide editor's title, count, preview)
}

func newNoteEditor(p *notesPanel, key int64, text string) *noteEditor {
	e := &noteEditor{panel: p, key: key, id: p.ui.drafts.noteID(key)}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetPlaceHolder("Write a note… (Markdown)")
	e.ExtendBaseWidget(e)
	e.complete = newCompleter(p.ui, &e.Entry, e)
	e.SetMinRowsVisible(5)
	e.SetText(text)
	e.OnChanged = e.changed
	e.preview = widget.NewRichTextFromMarkdown("")
	e.preview.Wrapping = fyne.TextWrapWord
	e.preview.Hide()
	e.previewer = newNotePreview(p.ui, e.preview)
	// An icon, as on the highlights' cards: a narrow panel keeps Preview and Delete on one line.
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { p.ui.trashNote(e) })
	remove.Importance = widget.LowImportance
	e.previewToggle = widget.NewCheck("Preview", e.showPreview)
	// A double click (or Ctrl+Shift+N) opens it in the wide editor: a third button would not
	// fit the narrowest panel.
	e.box = container.NewBorder(nil, container.NewHBox(e.previewToggle, layoutSpacer(), remove), nil, nil,
		container.NewStack(e, e.preview))
	if p.ui.previewed[key] {
		e.previewToggle.SetChecked(true) // the preview stays on when the panel is rebuilt
	}
	return e
}

// showPreview swaps the editor for the rendered Markdown, or back.
func (e *noteEditor) showPreview(on bool) {
	e.panel.ui.previewed[e.key] = on
	if on {
		e.previewer.set(e.Text)
		e.preview.Show()
		e.Hide()
		e.panel.relayout()
		return
	}
	e.preview.Hide()
	e.Show()
	e.panel.relayout()
}

// changed hands the text to the autosaver, which stores a new note (and its id comes back
// through notesPanel.stored) or updates the note, off the UI goroutine.
func (e *noteEditor) changed(text string) {
	e.panel.ui.saver.Changed(e.key, text)
	e.panel.setSaveState("Editing…")
	e.complete.update()
	if e.onText != nil {
		e.onText(text)
	}
	e.panel.ui.mirrorNote(e, text)
}

// DoubleTapped opens a note of the side panel in the wide editor; the wide editor selects the
// word, as an entry does.
func (e *noteEditor) DoubleTapped(ev *fyne.PointEvent) {
	if e.wide {
		e.Entry.DoubleTapped(ev)
		return
	}
	e.panel.ui.openNoteWide(e)
}

// TypedKey gives the [[ completion list the keys it takes while it is open.
func (e *noteEditor) TypedKey(k *fyne.KeyEvent) {
	if e.complete.typedKey(k) {
		return
	}
	if e.wide && k.Name == fyne.KeyEscape {
		e.panel.ui.leaveReview() // back to the reader
		return
	}
	e.Entry.TypedKey(k)
	if e.complete.open {
		e.complete.update() // the caret moved
	}
}

// setTextQuietly shows text without saving it (it is what the store holds).
func (e *noteEditor) setTextQuietly(text string) {
	e.OnChanged = nil
	e.SetText(text)
	e.OnChanged = e.changed
}

// FocusLost saves at once.
func (e *noteEditor) FocusLost() {
	e.complete.close()
	e.Entry.FocusLost()
	e.panel.ui.flushSoon(e.panel.ui.saver)
}

// highlightSelection turns the passage selected in the reader into a highlight.
func (ui *window) highlightSelection() {
	if ui.article == nil {
		return
	}
	start, end, text, ok := ui.reader.view.Selection()
	if !ok || strings.TrimSpace(text) == "" {
		ui.status.set("Select a passage in the article (again), then press Ctrl+H.")
		return
	}
	h := store.Highlight{ArticleID: ui.article.ID, Start: -1, End: -1, Quote: strings.TrimSpace(text), Color: ui.highlightColor()}
	if body := ui.article.Body; start >= 0 && end > start {
		// A drag rarely starts and ends exactly between words: take the whole words it touches.
		h.Start, h.End = snapRunesToWords(body, start, end)
		h.Quote = runeSlice(body, h.Start, h.End)
		h.Prefix, h.Suffix = quoteContext(body, h.Start, h.End)
	}
	if h.Quote == "" {
		ui.status.set("Select a passage in the article (again), then press Ctrl+H.")
		return
	}
	// Cleared now, so that a second Ctrl+H before the store answers does not add it twice.
	ui.reader.view.ClearSelection()
	ui.background(func() {
		ui.commentSaver.Flush() // the highlights are read again from the store below
		added, err := ui.db.AddHighlight(context.Background(), h)
		if err == nil {
			ui.engine.Invalidate()
		}
		ui.do(func() {
			if err != nil {
				ui.showError("Could not save the highlight", err)
				return
			}
			if ui.article != nil && ui.article.ID == added.ArticleID {
				ui.notes.reload()
			}
			ui.library.refreshCounts()
			ui.highlighted(added)
		})
	})
}

// quoteContext returns up to 32 runes of text before start and after end (rune offsets).
func quoteContext(text string, start, end int) (prefix, suffix string) {
	const n = 32
	runes := []rune(text)
	if start < 0 || end > len(runes) || start > end {
		return "", ""
	}
	return string(runes[max(0, start-n):start]), string(runes[end:min(len(runes), end+n)])
}

// focusNote focuses the editor of note id, if it is shown.
func (p *notesPanel) focusNote(id int64) {
	for _, e := range p.editors {
		if e.id == id {
			p.ui.win.Canvas().Focus(e)
			return
		}
	}
}

// snapRunesToWords is snapToWords over the rune range [start, end) of text.
func snapRunesToWords(text string, start, end int) (int, int) {
	bs, be := runeToByte(text, start), runeToByte(text, end)
	bs, be = snapToWords(text, bs, be)
	return utf8.RuneCountInString(text[:bs]), utf8.RuneCountInString(text[:be])
}

// runeToByte is the byte offset of rune offset i of s (len(s) past its end).
func runeToByte(s string, i int) int {
	n := 0
	for b := range s {
		if n == i {
			return b
		}
		n++
	}
	return len(s)
}

// runeSlice is runes [start, end) of s.
func runeSlice(s string, start, end int) string {
	return s[runeToByte(s, start):runeToByte(s, end)]
}

// snapToWords widens the byte range [start, end) of text to whole words and trims spaces.
func snapToWords(text string, start, end int) (int, int) {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' }
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:start])
		if !isWord(r) {
			break
		}
		if first, _ := utf8.DecodeRuneInString(text[start:]); !isWord(first) {
			break
		}
		start -= size
	}
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
		if !isWord(r) {
			break
		}
		if last, _ := utf8.DecodeLastRuneInString(text[:end]); !isWord(last) {
			break
		}
		end += size
	}
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	return start, end
}
