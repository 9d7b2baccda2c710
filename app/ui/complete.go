package ui

import (
	"context"
	"strings"
	"sync"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/app/links"
	"lectern/store"
)

// [[ completion: typing "[[" in a note or a comment opens a list under the caret of the pages
// the link may lead to (articles, notes and their aliases), narrowed as the user types by
// store.LinkNames.Complete (letters in order: "crvn gtml" finds "Caravan … Guatemalan").
// Up and Down choose, Enter or Tab insert "[[Full Title]]", Esc closes. The list is not a
// pop-up (an overlay takes the keyboard from the editor): it floats in a layer above the
// window's content, and the editor keeps the focus and hands it the keys it needs.

const completionLimit = 8

// linkNamesCache holds the names [[ completes to, loaded off the UI goroutine and loaded
// again after a write (stale), the old ones answering meanwhile.
type linkNamesCache struct {
	mu      sync.Mutex
	names   *store.LinkNames
	stale   bool
	loading bool
	waiting []func() // run on the UI goroutine once a load ends
}

// linkNames returns the names to complete from (nil before the first load) and loads them
// (again) when they are missing or stale; then runs on the UI goroutine after that load.
func (ui *window) linkNames(then func()) *store.LinkNames {
	c := &ui.names
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.names != nil && !c.stale {
		return c.names
	}
	if then != nil {
		c.waiting = append(c.waiting, then)
	}
	if !c.loading {
		c.loading = true
		c.stale = false
		ui.background(func() {
			names, err := ui.db.LoadLinkNames(context.Background())
			c.mu.Lock()
			c.loading = false
			if err == nil {
				c.names = names
			}
			waiting := c.waiting
			c.waiting = nil
			c.mu.Unlock()
			if len(waiting) > 0 {
				ui.do(func() {
					for _, f := range waiting {
						f()
					}
				})
			}
		})
	}
	return c.names
}

// namesChanged marks the names stale: a note or an article was added, renamed or deleted.
func (ui *window) namesChanged() {
	ui.names.mu.Lock()
	ui.names.stale = true
	ui.names.mu.Unlock()
}

// completer is the [[ completion of one editor.
type completer struct {
	ui        *window
	entry     *widget.Entry     // the editor's entry
	owner     fyne.CanvasObject // the editor itself, to place the list under its caret
	open      bool
	start     int // byte offset of the "[[" being completed
	caret     int // byte offset of the caret
	query     string
	items     []store.LinkCandidate
	selected  int
	inserting bool
}

func newCompleter(ui *window, entry *widget.Entry, owner fyne.CanvasObject) *completer {
	return &completer{ui: ui, entry: entry, owner: owner}
}

// update opens, narrows or closes the list after the text or the caret changed.
func (c *completer) update() {
	if c.inserting {
		return
	}
	text := c.entry.Text
	caret := runeToByte(text, c.entry.CursorTextOffset())
	query, start, ok := links.Completing(text, caret)
	if !ok {
		c.close()
		return
	}
	c.start, c.caret, c.query = start, caret, query
	names := c.ui.linkNames(func() {
		if c.open && c.entry.Text == text {
			c.refresh()
		}
	})
	c.open = true
	if names == nil {
		c.items = nil
		c.ui.completion.show(c, "Loading the titles…")
		return
	}
	c.refresh()
}

// refresh asks the names again for the query and shows the answer.
func (c *completer) refresh() {
	names := c.ui.linkNames(nil)
	c.items = names.Complete(c.query, completionLimit)
	c.selected = 0
	hint := ""
	if len(c.items) == 0 {
		hint = "No page called so: the link will be unresolved (its preview can create the note)."
	}
	c.ui.completion.show(c, hint)
}

// close hides the list.
func (c *completer) close() {
	if !c.open {
		return
	}
	c.open = false
	c.items = nil
	c.ui.completion.hide(c)
}

// typedKey handles the keys the list takes while it is open; it reports whether it took k.
func (c *completer) typedKey(k *fyne.KeyEvent) bool {
	if !c.open {
		return false
	}
	switch k.Name {
	case fyne.KeyEscape:
		c.close()
		return true
	case fyne.KeyUp, fyne.KeyDown:
		if len(c.items) == 0 {
			return false
		}
		step := 1
		if k.Name == fyne.KeyUp {
			step = -1
		}
		c.selected = (c.selected + step + len(c.items)) % len(c.items)
		c.ui.completion.show(c, "")
		return true
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyTab:
		text := c.entry.Text
		caret := runeToByte(text, c.entry.CursorTextOffset())
		if _, start, ok := links.Completing(text, caret); !ok || start != c.start {
			c.close() // the caret left the link (a click elsewhere)
			return false
		}
		c.caret = caret
		if len(c.items) == 0 {
			c.close()
			return k.Name == fyne.KeyTab
		}
		c.insert(c.items[c.selected])
		return true
	}
	return false
}

// insert replaces the link being typed by "[[Full Title]]", as typing would: the editor's
// Undo takes it back.
func (c *completer) insert(cand store.LinkCandidate) {
	text := c.entry.Text
	if c.start+2 > c.caret || c.caret > len(text) || text[c.start:c.start+2] != "[[" {
		c.close()
		return
	}
	want, _ := links.Insert(text, c.start, c.caret, cand)
	c.inserting = true
	for n := utf8.RuneCountInString(text[c.start+2 : c.caret]); n > 0; n-- {
		c.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	}
	closed := strings.HasPrefix(text[c.caret:], "]]")
	insert := cand.Insert
	if !closed {
		insert += "]]"
	}
	c.entry.TypedShortcut(&fyne.ShortcutPaste{Clipboard: fixedClipboard(insert)})
	if closed {
		c.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
		c.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	}
	if c.entry.Text != want {
		c.entry.SetText(want) // should not happen; the text is what matters
	}
	c.inserting = false
	c.close()
}

// fixedClipboard is a clipboard holding one text, to paste into an entry without touching
// the user's clipboard.
type fixedClipboard string

func (f fixedClipboard) Content() string   { return string(f) }
func (f fixedClipboard) SetContent(string) {}

// completionList is the list on screen, in the window's floating layer; one completer owns it
// at a time.
type completionList struct {
	ui    *window
	layer *fyne.Container // the floating layer above the window's content
	owner *completer
	bg    *canvas.Rectangle
	rows  *fyne.Container
	box   *fyne.Container
}

func newCompletionList(ui *window) *completionList {
	l := &completionList{ui: ui}
	l.bg = canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	l.bg.StrokeColor = theme.Color(theme.ColorNameShadow)
	l.bg.StrokeWidth = 1
	l.bg.CornerRadius = theme.InputRadiusSize()
	l.rows = container.NewVBox()
	l.box = container.NewStack(l.bg, container.NewPadded(l.rows))
	l.box.Hide()
	l.layer = container.NewWithoutLayout(l.box)
	return l
}

// show shows c's candidates (or hint) under c's caret.
func (l *completionList) show(c *completer, hint string) {
	if l.owner != nil && l.owner != c {
		l.owner.open = false
	}
	l.owner = c
	l.bg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	l.bg.StrokeColor = theme.Color(theme.ColorNameShadow)
	var rows []fyne.CanvasObject
	for i, cand := range c.items {
		rows = append(rows, newCompletionRow(cand, i == c.selected, func() { c.insert(cand) }))
	}
	if hint != "" {
		h := widget.NewLabel(hint)
		h.Wrapping = fyne.TextWrapWord
		h.Importance = widget.LowImportance
		rows = append(rows, h)
	}
	l.rows.Objects = rows
	l.rows.Refresh()
	l.place(c)
	l.box.Show()
	l.box.Refresh()
}

// place puts the list under c's caret, inside the window.
func (l *completionList) place(c *completer) {
	width := float32(440)
	height := l.box.MinSize().Height
	width = max(width, l.box.MinSize().Width)
	var at fyne.Position
	if d := fyne.CurrentApp().Driver(); d != nil {
		at = d.AbsolutePositionForObject(c.owner).Subtract(d.AbsolutePositionForObject(l.layer))
	}
	caret := c.entry.CursorPosition()
	caret.Y = min(caret.Y, c.owner.Size().Height-theme.TextSize())
	line := theme.TextSize() + 2*theme.InnerPadding()
	x, y := at.X+caret.X, at.Y+caret.Y+line
	size := l.layer.Size()
	if size.Width > 0 {
		width = min(width, size.Width)
		x = max(0, min(x, size.Width-width))
		if y+height > size.Height && at.Y+caret.Y-height > 0 {
			y = at.Y + caret.Y - height // above the caret, near the bottom of the window
		}
	}
	l.box.Move(fyne.NewPos(x, y))
	l.box.Resize(fyne.NewSize(width, height))
}

// hide hides the list if c owns it.
func (l *completionList) hide(c *completer) {
	if l.owner != c {
		return
	}
	l.owner = nil
	l.box.Hide()
	l.rows.Objects = nil
}

// shown reports whether the list is on screen.
func (l *completionList) shown() bool { return l.box.Visible() }

// completionRow is one candidate: its title, the letters that matched in bold, and its kind.
type completionRow struct {
	widget.BaseWidget
	cand     store.LinkCandidate
	selected bool
	tapped   func()
}

func newCompletionRow(cand store.LinkCandidate, selected bool, tapped func()) *completionRow {
	r := &completionRow{cand: cand, selected: selected, tapped: tapped}
	r.ExtendBaseWidget(r)
	return r
}

func (r *completionRow) Tapped(*fyne.PointEvent) { r.tapped() }

func (r *completionRow) CreateRenderer() fyne.WidgetRenderer {
	name := r.cand.Title
	if r.cand.Alias != "" {
		name = r.cand.Alias
	}
	text := widget.NewRichText(matchedSegments(name, r.cand.Matched)...)
	text.Truncation = fyne.TextTruncateEllipsis
	kind := r.cand.Kind
	if r.cand.Alias != "" {
		kind = "alias of " + r.cand.Title
	}
	label := widget.NewLabel(kind)
	label.SizeName = theme.SizeNameCaptionText
	label.Importance = widget.LowImportance
	label.Truncation = fyne.TextTruncateEllipsis
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	bg.CornerRadius = theme.InputRadiusSize()
	if !r.selected {
		bg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	}
	return widget.NewSimpleRenderer(container.NewStack(bg, container.NewBorder(nil, nil, nil, label, text)))
}

// matchedSegments is s with the bytes at matched in bold.
func matchedSegments(s string, matched []int) []widget.RichTextSegment {
	bold := map[int]bool{}
	for _, i := range matched {
		bold[i] = true
	}
	var segs []widget.RichTextSegment
	var run strings.Builder
	runBold := false
	flush := func() {
		if run.Len() == 0 {
			return
		}
		style := widget.RichTextStyleInline
		if runBold {
			style = widget.RichTextStyleStrong
		}
		segs = append(segs, &widget.TextSegment{Text: run.String(), Style: style})
		run.Reset()
	}
	for i, r := range s {
		if bold[i] != runBold {
			flush()
			runBold = bold[i]
		}
		run.WriteRune(r)
	}
	flush()
	return segs
}
