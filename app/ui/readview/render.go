package readview

import (
	"image"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// renderer draws the lines near the viewport. A line's texts are made once and kept while
// they stay near it, so scrolling only moves them (a new canvas.Text costs a texture).
type renderer struct {
	v       *View
	lay     *Layout // the layout the kept objects belong to
	texts   map[fragKey]*canvas.Text
	images  map[int]*canvas.Image
	alts    map[int]*canvas.Text
	rects   []*canvas.Rectangle // reused each frame
	objects []fyne.CanvasObject
	fg      color.Color // the theme's text colour the kept texts were made in
}

type fragKey struct {
	box, line, frag int32
}

func newRenderer(v *View) *renderer {
	return &renderer{v: v, texts: map[fragKey]*canvas.Text{}, images: map[int]*canvas.Image{}, alts: map[int]*canvas.Text{}}
}

func (r *renderer) Destroy() {}

func (r *renderer) MinSize() fyne.Size { return r.v.MinSize() }

func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *renderer) Layout(size fyne.Size) {
	r.v.ensureLayout(size.Width)
	r.v.offset = max(0, min(r.v.offset, r.v.maxOffset()))
	r.build()
}

func (r *renderer) Refresh() {
	r.v.ensureLayout(r.v.Size().Width)
	r.build()
	canvas.Refresh(r.v)
}

func (r *renderer) color(name fyne.ThemeColorName) color.Color {
	return theme.ColorForWidget(name, r.v)
}

// rect returns the i-th reusable rectangle.
func (r *renderer) rect(i int) *canvas.Rectangle {
	for len(r.rects) <= i {
		r.rects = append(r.rects, canvas.NewRectangle(color.Transparent))
	}
	return r.rects[i]
}

// build makes the objects for what is within a screen of the viewport.
func (r *renderer) build() {
	v := r.v
	lay := v.lay
	// The slice is reused: what the last frame drew past this one's end must not stay
	// reachable (a decoded image would live on).
	defer func() { clear(r.objects[len(r.objects):cap(r.objects)]) }()
	r.objects = r.objects[:0]
	if lay == nil {
		return
	}
	fg := r.color(theme.ColorNameForeground)
	if lay != r.lay || fg != r.fg {
		r.lay, r.fg = lay, fg
		clear(r.texts)
		clear(r.images)
		clear(r.alts)
	}
	size := v.Size()
	ox, oy := v.columnX(), v.pad()-v.offset
	top, bottom := v.offset-v.pad()-size.Height/2, v.offset-v.pad()+size.Height*1.5
	nr := 0
	addRect := func(x, y, w, h float32, c color.Color) {
		rc := r.rect(nr)
		nr++
		rc.FillColor = c
		rc.CornerRadius = 0
		rc.Move(fyne.NewPos(ox+x, oy+y))
		rc.Resize(fyne.NewSize(w, h))
		r.objects = append(r.objects, rc)
	}

	// Backgrounds: code blocks, table headers; then rules and lines.
	for _, d := range lay.Decors {
		if d.Y+d.H < top || d.Y > bottom {
			continue
		}
		var c color.Color
		switch d.Kind {
		case DecorCode, DecorTableHeader:
			c = r.color(theme.ColorNameInputBackground)
		case DecorQuoteBar:
			c = r.color(theme.ColorNamePrimary)
		default:
			c = r.color(theme.ColorNameSeparator)
		}
		addRect(d.X, d.Y, d.W, d.H, c)
	}

	first := lay.firstBoxTo(top)
	last := lay.boxesAbove(bottom)
	visible := func(fn func(b *Box, bi int)) {
		for bi := first; bi < last && bi < len(lay.Boxes); bi++ {
			fn(&lay.Boxes[bi], bi)
		}
	}

	// Tints, find marks, the flash and the selection, behind the text.
	inView := func(t Tint) (Pos, Pos, bool) {
		a, ok1 := lay.BodyPos(t.Start)
		b, ok2 := lay.BodyPos(t.End)
		if !ok1 || !ok2 || b.Box < first || a.Box >= last {
			return a, b, false
		}
		return a, b, true
	}
	paint := func(t Tint) {
		if a, b, ok := inView(t); ok {
			lay.Rects(a, b, func(x, y, w, h float32) { addRect(x, y+h*0.08, w, h*0.84, t.Color) })
		}
	}
	for _, t := range v.tints {
		paint(t)
	}
	for i, t := range v.marks {
		if i == v.current {
			t.Color = r.color(theme.ColorNameWarning)
		}
		paint(t)
	}
	if v.flash != nil {
		paint(*v.flash)
	}
	if v.selected && v.anchor != v.caret {
		a, b := v.anchor, v.caret
		if b.Less(a) {
			a, b = b, a
		}
		lay.Rects(a, b, func(x, y, w, h float32) { addRect(x, y, w, h, r.color(theme.ColorNameSelection)) })
	}

	// The caret, in caret browsing.
	if v.caretMode && v.caret.Box < len(lay.Boxes) {
		b := &lay.Boxes[v.caret.Box]
		ln := &b.Lines[b.lineOf(v.caret.Rune)]
		addRect(b.X+lay.runeX(ln, v.caret.Rune)-1, ln.Y+ln.H*0.1, 2, ln.H*0.8, r.color(theme.ColorNamePrimary))
	}

	// Text.
	muted := r.color(theme.ColorNamePlaceHolder)
	link := r.color(theme.ColorNameHyperlink)
	codeBg := r.color(theme.ColorNameInputBackground)
	seen := make(map[fragKey]bool, 256)
	visible(func(b *Box, bi int) {
		for li := range b.Lines {
			ln := &b.Lines[li]
			if ln.Y+ln.H < top || ln.Y > bottom {
				continue
			}
			for fi := range ln.Frags {
				f := &ln.Frags[fi]
				if f.Style&Code != 0 && !b.Code {
					// Inline code is shaded, as code blocks are.
					addRect(b.X+f.X-2, ln.Y+ln.H*0.14, f.W+4, ln.H*0.72, codeBg)
				}
				key := fragKey{int32(bi), int32(li), int32(fi)}
				seen[key] = true
				t := r.texts[key]
				if t == nil {
					c := fg
					switch {
					case f.Link != "":
						c = link
					case b.Muted:
						c = muted
					}
					t = canvas.NewText(f.Text, c)
					t.TextSize = f.Size
					t.TextStyle = fontStyle(f.Style)
					t.FontSource = v.font(t.TextStyle)
					r.texts[key] = t
				}
				th := t.MinSize().Height
				y := ln.Y + (ln.H-th)/2 - f.Rise
				t.Move(fyne.NewPos(ox+b.X+f.X, oy+y))
				t.Resize(fyne.NewSize(f.W, th))
				r.objects = append(r.objects, t)
				if f.Link != "" || f.Style&Strike != 0 {
					// Lines under or through the words, not the space a line ends with.
					w := lay.advance(f, f.Runes-(len(f.Text)-len(strings.TrimRight(f.Text, " "))))
					if f.Link != "" {
						addRect(b.X+f.X, y+th*0.92, w, 1, link)
					}
					if f.Style&Strike != 0 {
						addRect(b.X+f.X, y+th*0.55, w, 1, t.Color)
					}
				}
			}
		}
	})
	for k := range r.texts {
		if !seen[k] {
			delete(r.texts, k)
		}
	}

	// List markers.
	for i, m := range lay.Markers {
		if m.Y+m.H < top || m.Y > bottom {
			continue
		}
		key := fragKey{-1, int32(i), 0}
		t := r.texts[key]
		if t == nil {
			t = canvas.NewText(m.Text, muted)
			t.TextSize = m.Size
			r.texts[key] = t
		}
		th := t.MinSize().Height
		t.Move(fyne.NewPos(ox+m.X, oy+m.Y+(m.H-th)/2))
		t.Resize(fyne.NewSize(m.W, th))
		r.objects = append(r.objects, t)
	}

	// Images: drawn when decoded, asked for when near; a line of alt text otherwise.
	for i, im := range lay.Images {
		if im.Y+im.H < top || im.Y > bottom {
			if _, ok := v.decoded[im.Src]; ok && (im.Y+im.H < top-size.Height*2 || im.Y > bottom+size.Height*2) {
				delete(v.decoded, im.Src) // far away: let it go
				delete(r.images, i)
			}
			continue
		}
		if img, ok := v.decoded[im.Src]; ok && img != nil {
			ci := r.images[i]
			if ci == nil {
				ci = canvas.NewImageFromImage(img)
				ci.FillMode = canvas.ImageFillContain
				ci.ScaleMode = canvas.ImageScaleSmooth
				r.images[i] = ci
			}
			ci.Move(fyne.NewPos(ox+im.X, oy+im.Y))
			ci.Resize(fyne.NewSize(im.W, im.H))
			r.objects = append(r.objects, ci)
			continue
		}
		r.requestImage(im.Src)
		addRect(im.X, im.Y, im.W, im.H, codeBg)
		t := r.alts[i]
		if t == nil {
			label := "Image"
			if im.Alt != "" {
				label = "Image: " + im.Alt
			}
			if _, loading := v.loading[im.Src]; loading && im.Known {
				label = ""
			}
			t = canvas.NewText(label, muted)
			t.TextSize = v.size * 0.9
			t.TextStyle = fyne.TextStyle{Italic: true}
			r.alts[i] = t
		}
		th := t.MinSize().Height
		t.Move(fyne.NewPos(ox+im.X+v.size*0.6, oy+im.Y+(im.H-th)/2))
		t.Resize(fyne.NewSize(im.W-v.size*1.2, th))
		r.objects = append(r.objects, t)
	}

	// The scroll bar.
	if m := v.maxOffset(); m > 0 {
		total := v.contentHeight()
		h := max(size.Height*size.Height/total, 24)
		y := v.offset / m * (size.Height - h)
		rc := r.rect(nr)
		nr++
		rc.FillColor = r.color(theme.ColorNameScrollBar)
		rc.CornerRadius = 3
		rc.Move(fyne.NewPos(size.Width-8, y))
		rc.Resize(fyne.NewSize(6, h))
		r.objects = append(r.objects, rc)
	}
}

// requestImage asks the view's source for an image once.
func (r *renderer) requestImage(src string) {
	v := r.v
	if v.Images == nil || v.loading[src] {
		return
	}
	if _, ok := v.decoded[src]; ok {
		return
	}
	v.loading[src] = true
	v.Images.Load(src, func(img image.Image) {
		delete(v.loading, src)
		v.decoded[src] = img
		if img == nil {
			return
		}
		if _, _, known := v.imageSize(src); !known {
			v.ImagesChanged()
			return
		}
		v.Refresh()
	})
}

// firstBoxTo is the index of the first box that reaches down to y or below.
func (l *Layout) firstBoxTo(y float32) int {
	i := sort.Search(len(l.Boxes), func(i int) bool { return l.Boxes[i].Y > y })
	first := i
	// Boxes' tops are in order, their bottoms not quite (a table row's cells): look back a little.
	for j := i - 1; j >= 0 && j >= i-64; j-- {
		if l.Boxes[j].Y+l.Boxes[j].H >= y {
			first = j
		}
	}
	return first
}

// boxesAbove is the number of boxes whose top is at or above y.
func (l *Layout) boxesAbove(y float32) int {
	return sort.Search(len(l.Boxes), func(i int) bool { return l.Boxes[i].Y > y })
}
