package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The window's three panes: the library on the left, the reader, the notes on the right. The
// side panes keep their widths in pixels and the reader takes what is left; the reader keeps
// priority, so in a narrow window the side panes narrow first, then hide themselves. The user
// can hide or show either side pane, and a focus mode shows the reader alone.

// Pane widths in pixels and the user's choice of showing or hiding each side pane ("" lets the
// window's width decide), remembered between runs (UI settings only).
const (
	prefLibraryPx    = "layout.library.px"
	prefNotesPx      = "layout.notes.px"
	prefLibraryShown = "layout.library.shown"
	prefNotesShown   = "layout.notes.shown"
	prefLastArticle  = "reader.article" // the article open when the window last closed
)

const (
	defaultLibraryPx = 280
	defaultNotesPx   = 320
	paneMinPx        = 150  // a side pane is never narrower
	readerFloorPx    = 520  // side panes narrow before the reader goes under this
	libraryAutoBelow = 720  // in a window narrower than this the library hides itself
	notesAutoBelow   = 1000 // and the notes panel under this
	dividerPx        = 7
)

// paneChoice is what the user chose for a side pane: nothing (the window's width decides),
// shown or hidden.
type paneChoice string

const (
	paneAuto   paneChoice = ""
	paneShown  paneChoice = "shown"
	paneHidden paneChoice = "hidden"
)

// sidePane is the library or the notes panel.
type sidePane struct {
	obj       fyne.CanvasObject
	divider   *divider
	px        float32    // the width the user gave it
	choice    paneChoice // what the user chose; paneAuto follows the window's width
	autoBelow float32    // the window width under which it hides itself

	shown bool    // as last laid out
	width float32 // as last laid out
	start float32 // its width when the current drag began (it may show narrower than px)
}

// autoShown is whether the pane shows itself in a window width wide.
func (s *sidePane) autoShown(width float32) bool { return width >= s.autoBelow }

// panes lays out the library, the reader and the notes panel, with a divider between each.
type panes struct {
	library, notes sidePane
	reader         fyne.CanvasObject // what the middle shows: the reader, or what stands in for it
	readerPane     fyne.CanvasObject // the reader itself
	focus          bool              // the reader alone
	box            *fyne.Container
	size           fyne.Size
	// changed runs after the user changed a width or a choice, to remember it.
	changed func()
	// hidden runs when a side pane has just been hidden, to take the focus from it.
	hidden func(s *sidePane)
}

func newPanes(library, reader, notes fyne.CanvasObject, libraryPx, notesPx float32) *panes {
	p := &panes{reader: reader, readerPane: reader}
	p.library = sidePane{obj: library, px: libraryPx, autoBelow: libraryAutoBelow, shown: true}
	p.notes = sidePane{obj: notes, px: notesPx, autoBelow: notesAutoBelow, shown: true}
	p.library.divider = newDivider(func() { p.library.start = p.library.width },
		func(d float32) { p.drag(&p.library, d) }, p.dragEnded)
	p.notes.divider = newDivider(func() { p.notes.start = p.notes.width },
		func(d float32) { p.drag(&p.notes, -d) }, p.dragEnded)
	p.box = container.New(p, library, p.library.divider, reader, p.notes.divider, notes)
	return p
}

// visible is whether side pane s shows in a window width wide.
func (p *panes) visible(s *sidePane, width float32) bool {
	if p.focus {
		return false
	}
	switch s.choice {
	case paneShown:
		return true
	case paneHidden:
		return false
	}
	return s.autoShown(width)
}

// MinSize is the reader's: side panes hide or narrow rather than hold the window wide.
func (p *panes) MinSize([]fyne.CanvasObject) fyne.Size {
	m := p.reader.MinSize()
	for _, s := range []*sidePane{&p.library, &p.notes} {
		m.Height = max(m.Height, s.obj.MinSize().Height)
	}
	return m
}

// widths says how wide the library, the reader and the notes are in a window width wide
// (0 for a hidden pane).
func (p *panes) widths(width float32) (library, reader, notes float32) {
	avail := width
	if p.visible(&p.library, width) {
		library = max(paneMinPx, p.library.px)
		avail -= dividerPx
	}
	if p.visible(&p.notes, width) {
		notes = max(paneMinPx, p.notes.px)
		avail -= dividerPx
	}
	// The reader keeps priority: the notes narrow first, then the library.
	if short := readerFloorPx - (avail - library - notes); short > 0 {
		for _, w := range []*float32{&notes, &library} {
			if *w > paneMinPx {
				cut := min(short, *w-paneMinPx)
				*w -= cut
				short -= cut
			}
		}
	}
	return library, max(0, avail-library-notes), notes
}

func (p *panes) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	p.size = size
	lw, rw, nw := p.widths(size.Width)
	x := float32(0)
	place := func(o fyne.CanvasObject, w float32) {
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
	side := func(s *sidePane, w float32) {
		was := s.shown
		s.shown, s.width = w > 0, w
		if w == 0 {
			s.obj.Hide()
			s.divider.Hide()
			if was && p.hidden != nil {
				p.hidden(s)
			}
			return
		}
		s.obj.Show()
		s.divider.Show()
	}
	side(&p.library, lw)
	side(&p.notes, nw)
	if lw > 0 {
		place(p.library.obj, lw)
		place(p.library.divider, dividerPx)
	}
	place(p.reader, rw)
	if nw > 0 {
		place(p.notes.divider, dividerPx)
		place(p.notes.obj, nw)
	}
}

// showInMiddle shows o in the reader's place (the daily review, the stats); nil shows the
// reader again.
func (p *panes) showInMiddle(o fyne.CanvasObject) {
	if o == nil {
		o = p.readerPane
	}
	for i, x := range p.box.Objects {
		if x == p.reader {
			p.box.Objects[i] = o
		}
	}
	p.reader = o
	o.Show()
	p.relayout()
}

// middle is what stands in the reader's place, nil when the reader shows.
func (p *panes) middle() fyne.CanvasObject {
	if p.reader == p.readerPane {
		return nil
	}
	return p.reader
}

// relayout places the panes again at their current size.
func (p *panes) relayout() {
	if p.size.Width > 0 {
		p.Layout(nil, p.size)
		canvas.Refresh(p.box)
	}
}

// drag widens side pane s by delta pixels from where the drag began, short of taking the
// reader under its floor.
func (p *panes) drag(s *sidePane, delta float32) {
	other := &p.notes
	if s == other {
		other = &p.library
	}
	room := p.size.Width - dividerPx - readerFloorPx
	if other.shown {
		room -= other.width + dividerPx
	}
	s.px = max(paneMinPx, min(s.start+delta, max(paneMinPx, room)))
	p.relayout()
}

func (p *panes) dragEnded() {
	if p.changed != nil {
		p.changed()
	}
}

// toggle hides side pane s if it shows, shows it if not. A choice that agrees with what the
// window's width would decide is no choice: the pane follows the width again.
func (p *panes) toggle(s *sidePane) {
	if p.focus {
		p.focus = false
		if !p.visible(s, p.size.Width) {
			p.toggle(s)
			return
		}
		p.relayout()
		return
	}
	show := !p.visible(s, p.size.Width)
	switch {
	case show == s.autoShown(p.size.Width):
		s.choice = paneAuto
	case show:
		s.choice = paneShown
	default:
		s.choice = paneHidden
	}
	p.relayout()
	if p.changed != nil {
		p.changed()
	}
}

// reveal shows side pane s if it is hidden.
func (p *panes) reveal(s *sidePane) {
	if !p.visible(s, p.size.Width) {
		p.toggle(s)
	}
}

// paneWidths reads the side panes' widths in pixels. Before they were kept in pixels, they
// were kept as the splits' proportions; those are converted once, at the window's last width.
func paneWidths(prefs fyne.Preferences) (library, notes float32) {
	library, notes = defaultLibraryPx, defaultNotesPx
	window := prefs.FloatWithFallback(prefWindowWidth, 1280)
	if old := prefs.FloatWithFallback(prefLibraryWidth, -1); old > 0 && old < 1 {
		library = float32(old * window)
	}
	if old := prefs.FloatWithFallback(prefNotesSplit, -1); old > 0 && old < 1 {
		notes = float32((1 - old) * (window - float64(library)))
	}
	if prefs.FloatWithFallback(prefLibraryPx, -1) < 0 {
		prefs.SetFloat(prefLibraryPx, float64(library))
		prefs.SetFloat(prefNotesPx, float64(notes))
	}
	prefs.RemoveValue(prefLibraryWidth)
	prefs.RemoveValue(prefNotesSplit)
	library = float32(prefs.FloatWithFallback(prefLibraryPx, defaultLibraryPx))
	notes = float32(prefs.FloatWithFallback(prefNotesPx, defaultNotesPx))
	return max(paneMinPx, library), max(paneMinPx, notes)
}

// rememberPanes keeps the side panes' widths and the user's choices.
func (ui *window) rememberPanes() {
	prefs := ui.app.Preferences()
	prefs.SetFloat(prefLibraryPx, float64(ui.panes.library.px))
	prefs.SetFloat(prefNotesPx, float64(ui.panes.notes.px))
	prefs.SetString(prefLibraryShown, string(ui.panes.library.choice))
	prefs.SetString(prefNotesShown, string(ui.panes.notes.choice))
}

// paneHidden takes the focus from a side pane that has just been hidden, so that keys do
// not go on typing into what cannot be seen.
func (ui *window) paneHidden(s *sidePane) {
	if s == &ui.panes.notes {
		ui.notes.unfocus()
		return
	}
	c := ui.win.Canvas()
	if f := c.Focused(); f != nil && (f == fyne.Focusable(ui.library.query) || f == fyne.Focusable(ui.library.list)) {
		c.Unfocus()
	}
}

// toggleLibrary hides or shows the library (Ctrl+\).
func (ui *window) toggleLibrary() { ui.panes.toggle(&ui.panes.library) }

// toggleNotes hides or shows the notes panel (Ctrl+Shift+\).
func (ui *window) toggleNotes() { ui.panes.toggle(&ui.panes.notes) }

// setFocusMode shows the reader alone (on) or the panes as they were (off).
func (ui *window) setFocusMode(on bool) {
	if ui.panes.focus == on {
		return
	}
	ui.panes.focus = on
	if on {
		ui.status.content().Hide()
		ui.win.Canvas().Unfocus() // so that Esc reaches the window
	} else {
		ui.status.content().Show()
	}
	if ui.root != nil {
		ui.root.Layout.Layout(ui.root.Objects, ui.root.Size())
	}
	ui.panes.relayout()
	if ui.focusItem != nil {
		ui.focusItem.Checked = on
		if menu := ui.win.MainMenu(); menu != nil {
			menu.Refresh()
		}
	}
}

// toggleFocusMode enters or leaves focus mode (Ctrl+Shift+F).
func (ui *window) toggleFocusMode() { ui.setFocusMode(!ui.panes.focus) }

// escape leaves focus mode; it says whether there was one to leave. A widget that handles Esc
// itself can call it when it has nothing of its own to close.
func (ui *window) escape() bool {
	if !ui.panes.focus {
		return false
	}
	ui.setFocusMode(false)
	return true
}

// windowKey handles keys that reach the window with no widget focused: Esc closes the dialog
// on screen, or else leaves focus mode.
func (ui *window) windowKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && ui.dialog == nil && ui.escape() {
		return
	}
	if m, ok := ui.panes.middle().(fyne.Focusable); ok && ui.dialog == nil {
		// The daily review or the stats stand in for the reader: they take the keys.
		ui.win.Canvas().Focus(m)
		m.TypedKey(k)
		return
	}
	switch k.Name {
	case fyne.KeyPageDown, fyne.KeyPageUp, fyne.KeySpace, fyne.KeyHome, fyne.KeyEnd, fyne.KeyUp, fyne.KeyDown:
		// Nothing has the focus: the reading keys read.
		ui.reader.view.TypedKey(k)
		return
	}
	ui.typedKey(k)
}

// openLastArticle opens the article that was open when the window last closed, where the
// user left it; without one (or if it is gone), the first in the list.
func (ui *window) openLastArticle() {
	if id := int64(ui.app.Preferences().Int(prefLastArticle)); id != 0 {
		for _, a := range ui.library.all {
			if a.ID == id {
				ui.openArticle(id)
				return
			}
		}
	}
	ui.library.selectFirst()
}

// divider is the handle between two panes: dragging it sideways moves it.
type divider struct {
	widget.BaseWidget
	begin    func()
	drag     func(total float32) // how far it moved since the drag began
	end      func()
	dragging bool
	total    float32
	hovered  bool
}

var (
	_ fyne.Draggable     = (*divider)(nil)
	_ desktop.Cursorable = (*divider)(nil)
	_ desktop.Hoverable  = (*divider)(nil)
)

func newDivider(begin func(), drag func(total float32), end func()) *divider {
	d := &divider{begin: begin, drag: drag, end: end}
	d.ExtendBaseWidget(d)
	return d
}

func (d *divider) Cursor() desktop.Cursor { return desktop.HResizeCursor }

func (d *divider) Dragged(e *fyne.DragEvent) {
	if !d.dragging {
		d.dragging, d.total = true, 0
		d.begin()
		d.Refresh()
	}
	d.total += e.Dragged.DX
	d.drag(d.total)
}

func (d *divider) DragEnd() {
	d.dragging = false
	d.Refresh()
	d.end()
}

func (d *divider) MouseIn(*desktop.MouseEvent) { d.hovered = true; d.Refresh() }

func (d *divider) MouseMoved(*desktop.MouseEvent) {}

func (d *divider) MouseOut() { d.hovered = false; d.Refresh() }

func (d *divider) MinSize() fyne.Size { return fyne.NewSize(dividerPx, 0) }

func (d *divider) CreateRenderer() fyne.WidgetRenderer {
	line := canvas.NewRectangle(color.Transparent)
	return &dividerRenderer{d: d, line: line, objects: []fyne.CanvasObject{line}}
}

type dividerRenderer struct {
	d       *divider
	line    *canvas.Rectangle
	objects []fyne.CanvasObject
}

func (r *dividerRenderer) Layout(size fyne.Size) {
	w := float32(1)
	if r.d.hovered || r.d.dragging {
		w = 3
	}
	r.line.Move(fyne.NewPos((size.Width-w)/2, 0))
	r.line.Resize(fyne.NewSize(w, size.Height))
}

func (r *dividerRenderer) MinSize() fyne.Size { return r.d.MinSize() }

func (r *dividerRenderer) Refresh() {
	if r.d.hovered || r.d.dragging {
		r.line.FillColor = theme.Color(theme.ColorNamePrimary)
	} else {
		r.line.FillColor = theme.Color(theme.ColorNameSeparator)
	}
	r.Layout(r.d.Size())
	r.line.Refresh()
}

func (r *dividerRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *dividerRenderer) Destroy() {}

// wrapRow lays its objects out side by side, each at least as wide as preferred says, and
// moves those that do not fit to the next line; each line's spare width is shared out. So a
// row of drop-downs needs the width of one of them, not of all.
type wrapRow struct {
	preferred func(fyne.CanvasObject) float32
	width     float32 // the width it was last laid out at
}

// lines splits objects into lines at width (every object on one line when width is 0).
func (w *wrapRow) lines(objects []fyne.CanvasObject, width float32) [][]fyne.CanvasObject {
	var out [][]fyne.CanvasObject
	var line []fyne.CanvasObject
	used := float32(0)
	gap := theme.Padding()
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		need := max(w.preferred(o), o.MinSize().Width)
		if len(line) > 0 && width > 0 && used+gap+need > width {
			out = append(out, line)
			line, used = nil, 0
		}
		if len(line) > 0 {
			used += gap
		}
		line = append(line, o)
		used += need
	}
	if len(line) > 0 {
		out = append(out, line)
	}
	return out
}

func (w *wrapRow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	gap := theme.Padding()
	for i, line := range w.lines(objects, w.width) {
		h := float32(0)
		for _, o := range line {
			m := o.MinSize()
			s.Width = max(s.Width, m.Width)
			h = max(h, m.Height)
		}
		if i > 0 {
			s.Height += gap
		}
		s.Height += h
	}
	return s
}

func (w *wrapRow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	w.width = size.Width
	gap := theme.Padding()
	y := float32(0)
	for _, line := range w.lines(objects, size.Width) {
		h, want := float32(0), float32(0)
		for _, o := range line {
			h = max(h, o.MinSize().Height)
			want += max(w.preferred(o), o.MinSize().Width)
		}
		spare := size.Width - want - gap*float32(len(line)-1)
		x := float32(0)
		for _, o := range line {
			ow := max(w.preferred(o), o.MinSize().Width) + spare/float32(len(line))
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(max(0, ow), h))
			x += ow + gap
		}
		y += h + gap
	}
}

// selectWidth is the width a drop-down needs to show its choice in full.
func selectWidth(o fyne.CanvasObject) float32 {
	s, ok := o.(*widget.Select)
	if !ok {
		return o.MinSize().Width
	}
	pad := theme.Size(theme.SizeNameInnerPadding)
	text := fyne.MeasureText(s.Selected, theme.Size(theme.SizeNameText), fyne.TextStyle{}).Width
	return text + pad*4 + theme.Size(theme.SizeNameInlineIcon)
}
