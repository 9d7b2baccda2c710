package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/app/deeplink"
	"lectern/store"
)

// unplacedText heads the card of a highlight whose passage is no longer in the article's text.
const unplacedText = "Unplaced — the passage is no longer in the text"

// highlightCard is one highlight in the side panel: a bar in its colour, the quote (a click
// goes to the passage), its comment, and buttons for its colour, more actions and deleting it.
type highlightCard struct {
	h       store.Highlight // what the card shows
	box     *fyne.Container
	bar     *canvas.Rectangle
	quote   *quoteLabel
	comment *commentEntry
	color   *widget.Button // opens the colour menu
	more    *widget.Button // Go to the passage, Copy link
}

func (p *notesPanel) highlightCard(h store.Highlight) *highlightCard {
	c := &highlightCard{h: h}
	var jump func()
	if h.Placed() {
		jump = func() { p.ui.reader.showPassage(h.Start, h.End) }
	}
	c.quote = newQuoteLabel("“"+h.Quote+"”", jump)
	c.comment = newCommentEntry(p, h)
	c.bar = canvas.NewRectangle(opaque(highlightColor(h.Color)))
	c.bar.SetMinSize(fyne.NewSize(4, 0))
	c.bar.CornerRadius = 2

	c.color = widget.NewButtonWithIcon("", theme.ColorPaletteIcon(), nil)
	c.color.Importance = widget.LowImportance
	c.color.OnTapped = func() { p.showColorMenu(h, c.color) }
	c.more = widget.NewButtonWithIcon("", theme.MoreVerticalIcon(), nil)
	c.more.Importance = widget.LowImportance
	c.more.OnTapped = func() { p.showCardMenu(h, c.more) }
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { p.ui.trashHighlight(h) })
	remove.Importance = widget.LowImportance

	text := container.NewVBox()
	if !h.Placed() {
		unplaced := widget.NewLabel(unplacedText)
		unplaced.Wrapping = fyne.TextWrapWord
		unplaced.Importance = widget.WarningImportance
		unplaced.SizeName = theme.SizeNameCaptionText
		text.Add(unplaced)
	}
	text.Add(c.quote)
	text.Add(c.comment)
	c.box = container.NewBorder(nil, nil, c.bar, container.NewVBox(c.color, c.more, remove), text)
	return c
}

// opaque is c without its translucency: the reader's tints are see-through, a card's bar is not.
func opaque(c color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = 0xff
	return n
}

// colorMenu lists the highlight colours, h's checked; choosing one changes h's colour.
func (p *notesPanel) colorMenu(h store.Highlight) *fyne.Menu {
	current := h.Color
	if current == "" {
		current = store.HighlightColors[0]
	}
	return fyne.NewMenu("Colour", p.ui.colourItems(current, func(c string) { p.ui.recolour(h, c) })...)
}

func (p *notesPanel) showColorMenu(h store.Highlight, below fyne.CanvasObject) {
	p.popUpMenu(p.colorMenu(h), below)
}

// cardMenu holds a card's other actions.
func (p *notesPanel) cardMenu(h store.Highlight) *fyne.Menu {
	jump := fyne.NewMenuItem("Go to the passage", func() { p.ui.reader.showPassage(h.Start, h.End) })
	jump.Disabled = !h.Placed()
	link := fyne.NewMenuItem("Copy link", func() { p.copyLink(h) })
	return fyne.NewMenu("", jump, link)
}

func (p *notesPanel) showCardMenu(h store.Highlight, below fyne.CanvasObject) {
	p.popUpMenu(p.cardMenu(h), below)
}

// popUpMenu shows menu under the button below.
func (p *notesPanel) popUpMenu(menu *fyne.Menu, below fyne.CanvasObject) {
	m := widget.NewPopUpMenu(menu, p.ui.win.Canvas())
	m.ShowAtRelativePosition(fyne.NewPos(0, below.Size().Height), below)
}

// copyLink puts the deep link to h on the clipboard.
func (p *notesPanel) copyLink(h store.Highlight) {
	p.ui.app.Clipboard().SetContent(deeplink.Highlight(h.ID))
	p.ui.status.set("Copied a link to the highlight: " + deeplink.Highlight(h.ID))
}

// quoteLabel is a highlight's quote: a click on it goes to the passage in the reader.
type quoteLabel struct {
	widget.Label
	onTapped func() // nil: nowhere to go (an unplaced highlight)
}

var (
	_ fyne.Tappable      = (*quoteLabel)(nil)
	_ desktop.Cursorable = (*quoteLabel)(nil)
)

func newQuoteLabel(text string, tapped func()) *quoteLabel {
	q := &quoteLabel{onTapped: tapped}
	q.Text = text
	q.Wrapping = fyne.TextWrapWord
	q.TextStyle = fyne.TextStyle{Italic: true}
	q.ExtendBaseWidget(q)
	return q
}

// Tapped goes to the passage.
func (q *quoteLabel) Tapped(*fyne.PointEvent) {
	if q.onTapped != nil {
		q.onTapped()
	}
}

// Cursor is a pointing hand over a quote that goes somewhere.
func (q *quoteLabel) Cursor() desktop.Cursor {
	if q.onTapped != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// commentEntry edits a highlight's comment, saved as the user types. It is as tall as its
// text (up to maxCommentRows lines, then it scrolls).
type commentEntry struct {
	widget.Entry
	panel    *notesPanel
	id       int64
	rows     int        // the rows it shows now
	complete *completer // [[ completion
}

const maxCommentRows = 20

func newCommentEntry(p *notesPanel, h store.Highlight) *commentEntry {
	e := &commentEntry{panel: p, id: h.ID}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	e.complete = newCompleter(p.ui, &e.Entry, e)
	e.SetPlaceHolder("Add a comment…")
	comment := h.Comment
	if pending, ok := p.ui.commentSaver.PendingText(h.ID); ok {
		comment = pending
	}
	e.SetText(comment)
	e.fitRows()
	e.OnChanged = func(text string) {
		p.ui.commentSaver.Changed(e.id, text)
		p.setSaveState("Editing…")
		if e.fitRows() {
			p.relayout()
		}
		e.complete.update()
	}
	return e
}

// TypedKey gives the [[ completion list the keys it takes while it is open.
func (e *commentEntry) TypedKey(k *fyne.KeyEvent) {
	if e.complete.typedKey(k) {
		return
	}
	e.Entry.TypedKey(k)
	if e.complete.open {
		e.complete.update()
	}
}

// Resize counts the rows again for the new width; when they change, the panel is laid out
// again once this layout is over.
func (e *commentEntry) Resize(s fyne.Size) {
	e.Entry.Resize(s)
	if e.fitRows() {
		e.panel.ui.do(e.panel.relayout)
	}
}

// fitRows makes the entry as tall as its text wrapped at its width; it reports whether that
// changed the entry's height.
func (e *commentEntry) fitRows() bool {
	width := e.Size().Width
	if width > 0 {
		// The text sits inside the entry's border and the text's own padding, on both sides.
		width -= 2*theme.InputBorderSize() + 2*theme.InnerPadding() + 2
	}
	text := e.Text
	if text == "" {
		text = e.PlaceHolder // it wraps too, in a narrow panel
	}
	rows := max(1, min(maxCommentRows, wrappedLines(text, width, theme.TextSize(), e.TextStyle)))
	if rows == e.rows {
		return false
	}
	e.rows = rows
	e.SetMinRowsVisible(rows)
	return true
}

// wrappedLines counts the lines text takes wrapped by words at width (each paragraph alone
// when width is not known yet).
func wrappedLines(text string, width, size float32, style fyne.TextStyle) int {
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines += paragraphLines(para, width, size, style)
	}
	return lines
}

func paragraphLines(para string, width, size float32, style fyne.TextStyle) int {
	measure := func(s string) float32 { return fyne.MeasureText(s, size, style).Width }
	if width <= 0 || measure(para) <= width {
		return 1
	}
	lines, line := 1, ""
	for _, word := range strings.Split(para, " ") {
		next := word
		if line != "" {
			next = line + " " + word
		}
		if measure(next) <= width || line == "" && word == "" {
			line = next
			continue
		}
		if line != "" {
			lines++
		}
		// A word wider than the line is broken where it overflows.
		line = ""
		for _, r := range word {
			if line != "" && measure(line+string(r)) > width {
				lines++
				line = ""
			}
			line += string(r)
		}
	}
	return lines
}

// FocusLost saves at once.
func (e *commentEntry) FocusLost() {
	e.complete.close()
	e.Entry.FocusLost()
	e.panel.ui.flushSoon(e.panel.ui.commentSaver)
}

// setTextQuietly shows text without saving it (it is what the store holds).
func (e *commentEntry) setTextQuietly(text string) {
	changed := e.OnChanged
	e.OnChanged = nil
	e.SetText(text)
	e.OnChanged = changed
	if e.fitRows() {
		e.panel.relayout()
	}
}

// fitLayout shows the first of its objects that fits the width (a button with a long label,
// then shorter ones), so a narrow panel still shows every action whole.
type fitLayout struct{}

func (fitLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objects {
		s.Height = max(s.Height, o.MinSize().Height)
	}
	if len(objects) > 0 {
		s.Width = objects[len(objects)-1].MinSize().Width
	}
	return s
}

func (fitLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	chosen := len(objects) - 1
	for i, o := range objects {
		if o.MinSize().Width <= size.Width {
			chosen = i
			break
		}
	}
	for i, o := range objects {
		if i != chosen {
			o.Hide()
			continue
		}
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
		o.Show()
	}
}

// fittingButton is a button whose label shortens (down to its icon alone) when it is narrow.
func fittingButton(icon fyne.Resource, tapped func(), importance widget.Importance, labels ...string) *fyne.Container {
	var objects []fyne.CanvasObject
	for _, l := range append(labels, "") {
		b := widget.NewButtonWithIcon(l, icon, tapped)
		b.Importance = importance
		objects = append(objects, b)
	}
	return container.New(fitLayout{}, objects...)
}
