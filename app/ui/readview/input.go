package readview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// The view reads the mouse, the wheel and the keyboard itself.
var (
	_ fyne.Scrollable        = (*View)(nil)
	_ fyne.Draggable         = (*View)(nil)
	_ desktop.Mouseable      = (*View)(nil)
	_ desktop.Hoverable      = (*View)(nil)
	_ desktop.Keyable        = (*View)(nil)
	_ fyne.Focusable         = (*View)(nil)
	_ fyne.Shortcutable      = (*View)(nil)
	_ fyne.Tappable          = (*View)(nil)
	_ fyne.SecondaryTappable = (*View)(nil)
)

// wheelScale makes a notch of the wheel move about three lines, as browsers do.
const wheelScale = 2.5

const scrollbarZone = 12 // px at the right edge where the scroll bar takes the mouse

// Scrolled follows the wheel and the touchpad.
func (v *View) Scrolled(ev *fyne.ScrollEvent) {
	v.ScrollBy(-ev.Scrolled.DY * wheelScale)
}

// point is p in layout coordinates.
func (v *View) point(p fyne.Position) (float32, float32) {
	return p.X - v.columnX(), p.Y + v.offset - v.pad()
}

func (v *View) hit(p fyne.Position) (Pos, bool) {
	if v.lay == nil {
		return Pos{}, false
	}
	x, y := v.point(p)
	return v.lay.Hit(x, y)
}

// MouseDown starts a selection: one click places it, two select a word, three the paragraph;
// Shift+click extends it.
func (v *View) MouseDown(ev *desktop.MouseEvent) {
	v.requestFocus()
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	v.pressed, v.dragged = true, false
	v.onScrollbar = ev.Position.X >= v.Size().Width-scrollbarZone && v.maxOffset() > 0
	if v.onScrollbar {
		v.scrollbarTo(ev.Position.Y)
		return
	}
	now := time.Now()
	d := ev.Position.Subtract(v.pressPoint)
	if now.Sub(v.pressedAt) < 450*time.Millisecond && d.X*d.X+d.Y*d.Y < 36 {
		v.clicks++
	} else {
		v.clicks = 1
	}
	v.pressedAt, v.pressPoint = now, ev.Position
	x, y := v.point(ev.Position)
	v.pressLink = ""
	if v.lay != nil {
		v.pressLink = v.lay.LinkAt(x, y)
	}
	p, ok := v.hit(ev.Position)
	if !ok {
		return
	}
	switch {
	case v.clicks == 1 && ev.Modifier&fyne.KeyModifierShift == 0:
		v.anchor, v.caret, v.caretSet = p, p, true
		v.selected = false
	case v.clicks == 2:
		v.anchor, v.caret = v.lay.Word(p)
		v.selected = true
	case v.clicks >= 3:
		v.anchor, v.caret = Pos{p.Box, 0}, Pos{p.Box, v.lay.Boxes[p.Box].Runes}
		v.selected = true
	case ev.Modifier&fyne.KeyModifierShift != 0:
		if !v.selected && !v.caretSet {
			v.anchor = p
		}
		v.caret, v.selected = p, true
	}
	v.selectionChanged()
}

// MouseUp opens a link that was clicked without dragging.
func (v *View) MouseUp(ev *desktop.MouseEvent) {
	pressed := v.pressed
	v.pressed = false
	if !pressed || v.dragged || v.onScrollbar || v.clicks != 1 {
		return
	}
	x, y := v.point(ev.Position)
	if v.pressLink != "" && v.lay != nil && v.lay.LinkAt(x, y) == v.pressLink && v.OnLink != nil {
		v.OnLink(v.pressLink)
		return
	}
	if t, ok := v.tintAt(ev.Position); ok && v.OnTintTapped != nil {
		v.OnTintTapped(t, ev.AbsolutePosition)
	}
}

// tintAt is the tint with an ID under the point of the view, if any.
func (v *View) tintAt(at fyne.Position) (Tint, bool) {
	if v.lay == nil || len(v.tints) == 0 {
		return Tint{}, false
	}
	p, ok := v.hit(at)
	if !ok {
		return Tint{}, false
	}
	// Hit gives the nearest boundary: the rune under the pointer is the one it starts.
	x, y := v.point(at)
	if b := &v.lay.Boxes[p.Box]; x < b.X || x > b.X+b.W || y < b.Y || y > b.Y+b.H {
		return Tint{}, false
	}
	off := v.lay.BodyOffset(p, true)
	for _, t := range v.tints {
		if t.ID != 0 && off >= t.Start && off < t.End {
			return t, true
		}
	}
	return Tint{}, false
}

// Tapped is needed for the driver to send the view clicks; MouseDown does the work.
func (v *View) Tapped(*fyne.PointEvent) {}

// TappedSecondary keeps a right click from dropping the selection.
func (v *View) TappedSecondary(*fyne.PointEvent) {}

// Dragged extends the selection to the pointer, scrolling when it is past an edge.
func (v *View) Dragged(ev *fyne.DragEvent) {
	if !v.pressed {
		return
	}
	v.dragged = true
	if v.onScrollbar {
		v.scrollbarTo(ev.Position.Y)
		return
	}
	v.dragAt = ev.Position
	if h := v.Size().Height; ev.Position.Y < 0 || ev.Position.Y > h {
		v.startAutoScroll()
	}
	v.dragTo(ev.Position)
}

// dragTo extends the selection to the point p of the view.
func (v *View) dragTo(at fyne.Position) {
	if p, ok := v.hit(at); ok {
		if v.clicks == 2 {
			// Dragging after a double click extends by words.
			a, c := v.lay.Word(p)
			if p.Less(v.anchor) {
				v.caret = a
			} else {
				v.caret = c
			}
		} else {
			v.caret = p
		}
		v.selected = v.anchor != v.caret
		v.selectionChanged()
	}
}

// DragEnd ends a drag.
func (v *View) DragEnd() { v.pressed = false }

// startAutoScroll scrolls while a drag holds the pointer above or below the view, as browsers
// do, faster the farther it is, until the pointer comes back or the button is let go.
func (v *View) startAutoScroll() {
	if v.autoScrolling {
		return
	}
	v.autoScrolling = true
	do := v.Do
	if do == nil {
		do = fyne.Do
	}
	go func() {
		tick := time.NewTicker(30 * time.Millisecond)
		defer tick.Stop()
		for range tick.C {
			more := make(chan bool, 1)
			do(func() {
				h := v.Size().Height
				y := v.dragAt.Y
				if !v.pressed || (y >= 0 && y <= h) {
					v.autoScrolling = false
					more <- false
					return
				}
				if y < 0 {
					v.ScrollBy(max(y, -h) / 3)
				} else {
					v.ScrollBy(min(y-h, h) / 3)
				}
				v.dragTo(v.dragAt)
				more <- true
			})
			if !<-more {
				return
			}
		}
	}()
}

func (v *View) scrollbarTo(y float32) {
	h := v.Size().Height
	v.scrollTo(y / h * v.contentHeight())
	v.ScrollBy(-h / 2)
}

// MouseIn is part of desktop.Hoverable.
func (v *View) MouseIn(ev *desktop.MouseEvent) { v.MouseMoved(ev) }

// MouseMoved tells OnHover about the link under the pointer.
func (v *View) MouseMoved(ev *desktop.MouseEvent) {
	link := ""
	if v.lay != nil {
		link = v.lay.LinkAt(v.point(ev.Position))
	}
	if link != v.hover {
		v.hover = link
		if v.OnHover != nil {
			v.OnHover(link)
		}
	}
	if v.OnHoverTint != nil {
		t, ok := v.tintAt(ev.Position)
		if ok != (v.hoverTint != 0) || t.ID != v.hoverTint {
			v.hoverTint = t.ID
			v.OnHoverTint(t, ok)
		}
	}
}

// MouseOut is part of desktop.Hoverable.
func (v *View) MouseOut() {
	if v.hover != "" {
		v.hover = ""
		if v.OnHover != nil {
			v.OnHover("")
		}
	}
}

// Cursor is a pointing hand over links and an I-beam over text.
func (v *View) Cursor() desktop.Cursor {
	if v.hover != "" {
		return desktop.PointerCursor
	}
	return desktop.TextCursor
}

func (v *View) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && c.Focused() != v {
		c.Focus(v)
	}
}

// FocusGained is part of fyne.Focusable.
func (v *View) FocusGained() { v.focused = true }

// FocusLost is part of fyne.Focusable.
func (v *View) FocusLost() { v.focused = false; v.shift, v.ctrl = false, false }

// KeyDown follows Shift and Ctrl, which change what keys do.
func (v *View) KeyDown(ev *fyne.KeyEvent) {
	switch ev.Name {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		v.shift = true
	case desktop.KeyControlLeft, desktop.KeyControlRight:
		v.ctrl = true
	}
}

// KeyUp is part of desktop.Keyable.
func (v *View) KeyUp(ev *fyne.KeyEvent) {
	switch ev.Name {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		v.shift = false
	case desktop.KeyControlLeft, desktop.KeyControlRight:
		v.ctrl = false
	}
}

// TypedKey scrolls: Space and Page Down by a screen, arrows by a line, Home and End to the
// ends. With Shift, arrows extend the selection.
func (v *View) TypedKey(ev *fyne.KeyEvent) {
	page := v.Size().Height - 2*v.lineHeight()
	if ev.Name == fyne.KeyF7 {
		v.caretMode = !v.caretMode
		if v.caretMode && !v.caretOnScreen() {
			p, _ := v.topPos()
			v.anchor, v.caret, v.caretSet = p, p, true
		}
		v.Refresh()
		return
	}
	if v.shift || v.caretMode {
		switch ev.Name {
		case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd:
			v.extend(ev.Name, v.shift)
			return
		}
	}
	switch ev.Name {
	case fyne.KeySpace:
		if v.shift {
			v.ScrollBy(-page)
		} else {
			v.ScrollBy(page)
		}
	case fyne.KeyPageDown:
		v.ScrollBy(page)
	case fyne.KeyPageUp:
		v.ScrollBy(-page)
	case fyne.KeyDown:
		v.ScrollBy(v.lineHeight() * 1.5)
	case fyne.KeyUp:
		v.ScrollBy(-v.lineHeight() * 1.5)
	case fyne.KeyHome:
		v.scrollTo(0)
	case fyne.KeyEnd:
		v.scrollTo(v.maxOffset())
	case fyne.KeyEscape:
		if v.selected && v.anchor != v.caret {
			v.ClearSelection()
		} else if v.OnEscape != nil {
			v.OnEscape()
		}
	}
}

// TypedRune follows the keys of pagers: j and k by a line, g and G to the ends.
func (v *View) TypedRune(r rune) {
	if v.OnRune != nil && v.OnRune(r) {
		return
	}
	switch r {
	case 'j':
		v.ScrollBy(v.lineHeight() * 1.5)
	case 'k':
		v.ScrollBy(-v.lineHeight() * 1.5)
	case 'g':
		v.scrollTo(0)
	case 'G':
		v.scrollTo(v.maxOffset())
	}
}

// TypedShortcut copies the selection (Ctrl+C) and selects everything (Ctrl+A).
func (v *View) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *fyne.ShortcutCopy:
		if text := v.SelectedText(); text != "" && sc.Clipboard != nil {
			sc.Clipboard.SetContent(text)
		} else if text != "" {
			fyne.CurrentApp().Clipboard().SetContent(text)
		}
	case *desktop.CustomShortcut:
		if sc.KeyName == fyne.KeyC && sc.Modifier == fyne.KeyModifierShortcutDefault|fyne.KeyModifierShift {
			if md := v.SelectedMarkdown(); md != "" {
				fyne.CurrentApp().Clipboard().SetContent(md)
			}
		}
	case *fyne.ShortcutSelectAll:
		if v.lay != nil && len(v.lay.Boxes) > 0 {
			last := len(v.lay.Boxes) - 1
			v.anchor, v.caret, v.selected = Pos{0, 0}, Pos{last, v.lay.Boxes[last].Runes}, true
			v.selectionChanged()
		}
	}
}

// extend moves the caret by a letter (a word with Ctrl), a line, or to an end of the
// paragraph; with selecting, the selection follows it. Without a caret on screen, it starts at
// the top of the view.
func (v *View) extend(key fyne.KeyName, selecting bool) {
	if v.lay == nil || len(v.lay.Boxes) == 0 {
		return
	}
	if !v.selected && !v.caretOnScreen() {
		p, _ := v.topPos()
		if key == fyne.KeyLeft || key == fyne.KeyUp {
			// Selecting backwards starts at the bottom of the view instead.
			if q, ok := v.lay.Hit(v.lay.Width, v.offset-v.pad()+v.Size().Height-v.lineHeight()); ok {
				p = q
			}
		}
		v.anchor, v.caret = p, p
	}
	c := v.caret
	switch key {
	case fyne.KeyRight:
		c = v.step(c, 1)
		if v.ctrl {
			for c.Rune < v.lay.Boxes[c.Box].Runes && !v.atWordEnd(c) {
				c = v.step(c, 1)
			}
		}
	case fyne.KeyLeft:
		c = v.step(c, -1)
		if v.ctrl {
			for c.Rune > 0 && !v.atWordStart(c) {
				c = v.step(c, -1)
			}
		}
	case fyne.KeyDown, fyne.KeyUp:
		b := &v.lay.Boxes[c.Box]
		li := b.lineOf(c.Rune)
		x := b.X + v.lay.runeX(&b.Lines[li], c.Rune)
		y := b.Lines[li].Y + b.Lines[li].H*1.5
		if key == fyne.KeyUp {
			y = b.Lines[li].Y - b.Lines[li].H*0.5
		}
		if p, ok := v.lay.Hit(x, y); ok {
			c = p
		}
	case fyne.KeyEnd:
		c = Pos{c.Box, v.lay.Boxes[c.Box].Runes}
	case fyne.KeyHome:
		c = Pos{c.Box, 0}
	}
	v.caret, v.caretSet = c, true
	if selecting {
		v.selected = v.anchor != v.caret
	} else {
		v.anchor, v.selected = c, false
	}
	v.keepInView(c)
	v.selectionChanged()
}

// caretOnScreen says whether the caret was placed and is in the viewport.
func (v *View) caretOnScreen() bool {
	if !v.caretSet || v.lay == nil || v.caret.Box >= len(v.lay.Boxes) {
		return false
	}
	y, h := v.lay.PosY(v.caret)
	y += v.pad()
	return y+h > v.offset && y < v.offset+v.Size().Height
}

// step moves p by one rune, across boxes.
func (v *View) step(p Pos, d int) Pos {
	p.Rune += d
	switch {
	case p.Rune < 0 && p.Box > 0:
		p.Box--
		p.Rune = v.lay.Boxes[p.Box].Runes
	case p.Rune < 0:
		p.Rune = 0
	case p.Rune > v.lay.Boxes[p.Box].Runes && p.Box < len(v.lay.Boxes)-1:
		p.Box++
		p.Rune = 0
	case p.Rune > v.lay.Boxes[p.Box].Runes:
		p.Rune = v.lay.Boxes[p.Box].Runes
	}
	return p
}

func (v *View) atWordEnd(p Pos) bool {
	_, end := v.lay.Word(Pos{p.Box, max(p.Rune-1, 0)})
	return end.Rune == p.Rune
}

func (v *View) atWordStart(p Pos) bool {
	start, _ := v.lay.Word(p)
	return start.Rune == p.Rune
}

// keepInView scrolls so that p is on screen.
func (v *View) keepInView(p Pos) {
	y, h := v.lay.PosY(p)
	y += v.pad()
	switch {
	case y < v.offset:
		v.scrollTo(y - v.lineHeight())
	case y+h > v.offset+v.Size().Height:
		v.scrollTo(y + h - v.Size().Height + v.lineHeight())
	}
}
