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
	trashed          trashedItem // the last item moved to the trash, whose Undo the status bar offers
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
	p.body = container.NewVBox(p.highlightSection, p.notesHeader, p.noteBox, newNote)
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

// show loads the highlights and notes of article id; id 0 shows the standalone notes.
func (p *notesPanel) show(id int64) {
	p.unfocus()
	p.articleID = id
	p.active = true
	ctx := context.Background()
	notes, err := p.ui.db.Notes(ctx, id)
	if err != nil {
		p.ui.showError("Could not read the notes", err)
	}
	p.editors = p.editors[:0]
	p.noteBox.Objects = nil
	for _, n := range notes {
		body := n.Body
		if pending, ok := p.ui.saver.PendingText(n.ID); ok {
			body = pending // typed, but not saved yet (a failed write)
		}
		p.addEditor(n.ID, body)
	}
	if id == 0 {
		p.highlightSection.Hide()
	} else {
		p.highlightSection.Show()
		p.fillHighlights()
	}
	p.saveState.SetText("")
	p.relayout()
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

// saveUnsaved stores the notes whose first keystroke could not be stored; it fails while one
// still cannot be.
func (p *notesPanel) saveUnsaved() error {
	for _, e := range p.editors {
		if e.id == 0 && strings.TrimSpace(e.Text) != "" {
			if err := e.create(e.Text); err != nil {
				return err
			}
		}
	}
	return nil
}

// loadHighlights shows the open article's highlights again, from the store, and tints them in
// the reader.
func (p *notesPanel) loadHighlights() {
	p.fillHighlights()
	p.relayout()
}

// fillHighlights is loadHighlights without laying the panel out.
func (p *notesPanel) fillHighlights() {
	p.unfocus()
	hs, err := p.ui.db.Highlights(context.Background(), p.articleID)
	if err != nil {
		p.ui.showError("Could not read the highlights", err)
		return
	}
	sortHighlights(hs)
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
		c := p.highlightCard(h)
		p.cards = append(p.cards, c)
		p.highlightBox.Add(c.box)
	}
	p.ui.reader.markHighlights(hs)
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

// addEditor adds an editor for note id (0: a note not yet written to the store).
func (p *notesPanel) addEditor(id int64, text string) *noteEditor {
	e := newNoteEditor(p, id, text)
	p.editors = append(p.editors, e)
	p.noteBox.Add(e.box)
	return e
}

// newNote adds an empty note editor and focuses it; the note is stored on the first keystroke.
func (p *notesPanel) newNote() {
	if !p.active {
		return
	}
	e := p.addEditor(0, "")
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

func (p *notesPanel) setSaveState(s string) { p.saveState.SetText(s) }

// noteEditor is a multi-line Markdown editor for one note. It saves as the user types and at
// once when focus leaves it.
type noteEditor struct {
	widget.Entry
	panel         *notesPanel
	id            int64
	preview       *widget.RichText
	previewToggle *widget.Check
	box           *fyne.Container // the editor with its preview and buttons
}

func newNoteEditor(p *notesPanel, id int64, text string) *noteEditor {
	e := &noteEditor{panel: p, id: id}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.SetPlaceHolder("Write a note… (Markdown)")
	e.ExtendBaseWidget(e)
	e.SetMinRowsVisible(5)
	e.SetText(text)
	e.OnChanged = e.changed
	e.preview = widget.NewRichTextFromMarkdown("")
	e.preview.Wrapping = fyne.TextWrapWord
	e.preview.Hide()
	// An icon, as on the highlights' cards: a narrow panel keeps Preview and Delete on one line.
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { p.ui.trashNote(e) })
	remove.Importance = widget.LowImportance
	e.previewToggle = widget.NewCheck("Preview", e.showPreview)
	e.box = container.NewBorder(nil, container.NewHBox(e.previewToggle, layoutSpacer(), remove), nil, nil,
		container.NewStack(e, e.preview))
	return e
}

// showPreview swaps the editor for the rendered Markdown, or back.
func (e *noteEditor) showPreview(on bool) {
	if on {
		e.preview.ParseMarkdown(e.Text)
		e.preview.Show()
		e.Hide()
		e.panel.relayout()
		return
	}
	e.preview.Hide()
	e.Show()
	e.panel.relayout()
}

func (e *noteEditor) changed(text string) {
	if e.id == 0 {
		if strings.TrimSpace(text) != "" {
			e.create(text)
		}
		return
	}
	e.panel.ui.saver.Changed(e.id, text)
	e.panel.setSaveState("Editing…")
}

// create stores the note on its first keystroke, so an editor opened and left empty leaves
// nothing behind. When that fails the text stays in the editor, and the next keystroke,
// another article or quitting tries again.
func (e *noteEditor) create(text string) error {
	n, err := e.panel.ui.db.AddNote(context.Background(), e.panel.articleID, text)
	if err != nil {
		e.panel.setSaveState("Not saved: " + err.Error())
		return err
	}
	e.id = n.ID
	e.panel.ui.engine.Invalidate()
	e.panel.ui.library.refreshCounts()
	e.panel.setSaveState("Saved")
	return nil
}

// FocusLost saves at once.
func (e *noteEditor) FocusLost() {
	e.Entry.FocusLost()
	e.panel.ui.saver.Flush()
}

// highlightSelection turns the passage selected in the reader into a highlight.
func (ui *window) highlightSelection() {
	if ui.article == nil {
		return
	}
	ui.commentSaver.Flush() // the highlight list is rebuilt from the store below
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
	added, err := ui.db.AddHighlight(context.Background(), h)
	if err != nil {
		ui.showError("Could not save the highlight", err)
		return
	}
	ui.reader.view.ClearSelection()
	ui.engine.Invalidate()
	ui.notes.loadHighlights()
	ui.library.refreshCounts()
	ui.highlighted(added)
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
