package readview

import (
	"image"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Tint colours the text between two body offsets: a highlight, a match of a search.
type Tint struct {
	Start, End int
	Color      color.Color
	ID         int64 // what it is, for the caller (a highlight's id); 0 for none
}

// ImageSource gives the view its images. Size answers at once; Load may take its time and
// calls done on the UI goroutine (nil when the image cannot be had).
type ImageSource interface {
	Size(src string) (w, h float32, ok bool)
	Load(src string, done func(image.Image))
}

// View shows a Doc and scrolls it by itself, so that only the lines near the viewport become
// canvas objects. It is selectable by mouse and keyboard.
type View struct {
	widget.BaseWidget

	// OnLink is called when a link is clicked; OnHover when the pointer enters a link ("" when
	// it leaves one); OnScroll after the view scrolled; OnSelect when the selection changed.
	OnLink   func(url string)
	OnHover  func(url string)
	OnScroll func()
	OnSelect func()
	// OnEscape is called when Esc is pressed with nothing selected.
	OnEscape func()
	// OnTintTapped is called when a tint with an ID is clicked, with where (in the window).
	OnTintTapped func(t Tint, at fyne.Position)
	// OnHoverTint is called when the pointer enters a tint with an ID (ok) or leaves it.
	OnHoverTint func(t Tint, ok bool)
	// OnRune is offered typed runes first; it returns whether it took one.
	OnRune func(r rune) bool

	Images ImageSource
	// Do runs f on the UI goroutine (fyne.Do unless set).
	Do func(f func())

	doc      *Doc
	size     float32 // text size
	measure  float32 // the column's largest width, in text sizes
	lay      *Layout
	width    float32 // the view's width the layout was made for
	offset   float32 // scrolled, in pixels from the top of the content
	pending  float64 // a scroll fraction to apply once laid out; -1 for none
	anchor   Pos     // where the selection started
	caret    Pos     // where it ends
	selected bool
	tints    []Tint
	marks    []Tint
	current  int // the current mark, -1 for none
	flash    *Tint

	pressed       bool
	dragAt        fyne.Position // where a drag last was
	autoScrolling bool
	caretSet      bool // the user placed the caret (a click, caret keys)
	caretMode     bool // F7: arrows move a visible caret
	pressedAt     time.Time
	pressPoint    fyne.Position
	clicks        int
	dragged       bool
	pressLink     string
	onScrollbar   bool
	hover         string
	hoverTint     int64 // the tint under the pointer, 0 for none
	shift, ctrl   bool
	focused       bool
	measurer      Measurer
	tokens        map[tokenKey][]token               // the doc's measured words, kept across layouts
	fontName      string                             // names fonts, "" for the theme's
	fonts         func(fyne.TextStyle) fyne.Resource // nil for the theme's
	decoded       map[string]image.Image
	loading       map[string]bool
}

// NewView returns an empty view.
func NewView() *View {
	v := &View{size: theme.TextSize(), measure: 36, pending: -1, current: -1,
		measurer: Measurer{Measure: measureText},
		decoded:  map[string]image.Image{}, loading: map[string]bool{}}
	v.ExtendBaseWidget(v)
	return v
}

// SetDoc shows d from the top, or at fraction progress of its length when progress > 0.
func (v *View) SetDoc(d *Doc, progress float64) {
	v.doc = d
	v.tokens = map[tokenKey][]token{}
	v.lay = nil
	v.offset = 0
	v.pending = progress
	v.selected = false
	v.tints, v.marks, v.current, v.flash = nil, nil, -1, nil
	v.decoded = map[string]image.Image{}
	v.loading = map[string]bool{}
	v.Refresh()
}

// UpdateDoc shows d in place of the doc shown, which it changes little (a byline), keeping
// the place and the selection.
func (v *View) UpdateDoc(d *Doc) {
	v.doc = d
	v.tokens = map[tokenKey][]token{}
	v.relayout()
}

// Doc is the document shown.
func (v *View) Doc() *Doc { return v.doc }

// SetTypography sets the text size and the column's largest width (in text sizes); the text
// at the top of the view stays there.
func (v *View) SetTypography(size, measure float32) {
	if size == v.size && measure == v.measure {
		return
	}
	v.size, v.measure = size, measure
	v.relayout()
}

// SetFonts sets the font of each style (name "" and nil: the theme's), keeping the place.
func (v *View) SetFonts(name string, fonts func(fyne.TextStyle) fyne.Resource) {
	if name == v.fontName {
		return
	}
	v.fontName, v.fonts = name, fonts
	v.measurer = Measurer{Measure: measureText}
	v.tokens = map[tokenKey][]token{}
	if fonts != nil {
		v.measurer.Measure = func(text string, size float32, style fyne.TextStyle) float32 {
			s, _ := fyne.CurrentApp().Driver().RenderedTextSize(text, size, style, fonts(style))
			return s.Width
		}
	}
	v.relayout()
}

// font is the font of a style, nil for the theme's.
func (v *View) font(style fyne.TextStyle) fyne.Resource {
	if v.fonts == nil {
		return nil
	}
	return v.fonts(style)
}

// ImagesChanged lays the text out again once images' sizes are known, keeping the place, and
// asks again for the images that could not be had before.
func (v *View) ImagesChanged() {
	for src, img := range v.decoded {
		if img == nil {
			delete(v.decoded, src)
		}
	}
	v.relayout()
}

func (v *View) relayout() {
	if v.lay == nil {
		v.Refresh()
		return
	}
	top, dy := v.topPos()
	var selA, selC Pos = v.anchor, v.caret
	v.lay = nil
	v.ensureLayout(v.Size().Width)
	if v.lay != nil && top.Box < len(v.lay.Boxes) {
		y, _ := v.lay.PosY(top)
		v.scrollTo(y + v.pad() + dy)
	}
	v.anchor, v.caret = selA, selC
	v.Refresh()
}

// topPos is the position at the top of the viewport and how far below its line's top the
// viewport starts.
func (v *View) topPos() (Pos, float32) {
	if v.lay == nil {
		return Pos{}, 0
	}
	y := v.offset - v.pad()
	p, ok := v.lay.Hit(0, max(y, 0))
	if !ok {
		return Pos{}, 0
	}
	ly, _ := v.lay.PosY(p)
	return p, y - ly
}

func (v *View) pad() float32 { return v.size * 1.5 }

// columnX is where the column starts in the view.
func (v *View) columnX() float32 {
	if v.lay == nil {
		return 0
	}
	return max(v.size, (v.Size().Width-v.lay.Width)/2)
}

// ensureLayout lays the doc out for a view of width w, when it is not already.
func (v *View) ensureLayout(w float32) {
	if v.doc == nil || w <= 0 {
		return
	}
	col := max(min(w-2*v.size, v.size*v.measure), v.size*6)
	if v.lay != nil && (v.width == w || v.lay.Width == col) {
		v.width = w // a wider window, the same column: nothing moves
		return
	}
	v.width = w
	v.lay = Lay(v.doc, col, Typography{
		Size: v.size, LineHeight: 1.55, Measure: v.measurer.Width, ImageSize: v.imageSize, tokens: v.tokens,
	})
	if v.pending >= 0 && v.Size().Height > 0 {
		v.offset = float32(v.pending) * v.maxOffset()
		v.pending = -1
	}
	v.offset = max(0, min(v.offset, v.maxOffset()))
}

func (v *View) imageSize(src string) (float32, float32, bool) {
	if v.Images == nil {
		return 0, 0, false
	}
	return v.Images.Size(src)
}

// measureText is the width of text as Fyne draws it.
func measureText(text string, size float32, style fyne.TextStyle) float32 {
	return fyne.MeasureText(text, size, style).Width
}

func (v *View) contentHeight() float32 {
	if v.lay == nil {
		return 0
	}
	return v.lay.Height + 2*v.pad() + v.Size().Height/3
}

func (v *View) maxOffset() float32 { return max(0, v.contentHeight()-v.Size().Height) }

// Progress is how far down the article the view is, 0..1.
func (v *View) Progress() float64 {
	if m := v.maxOffset(); m > 0 {
		return float64(v.offset / m)
	}
	if v.pending >= 0 {
		return v.pending
	}
	return 0
}

// SetProgress scrolls to fraction f of the article.
func (v *View) SetProgress(f float64) {
	v.ensureLayout(v.Size().Width)
	if v.lay == nil || v.Size().Height == 0 {
		v.pending = f
		return
	}
	v.scrollTo(float32(f) * v.maxOffset())
}

// PointOf is where position p is drawn, in the view's coordinates: the left of its rune, at
// the middle of its line.
func (v *View) PointOf(p Pos) fyne.Position {
	if v.lay == nil || p.Box < 0 || p.Box >= len(v.lay.Boxes) {
		return fyne.Position{}
	}
	b := &v.lay.Boxes[p.Box]
	ln := &b.Lines[b.lineOf(p.Rune)]
	return fyne.NewPos(v.columnX()+b.X+v.lay.runeX(ln, p.Rune), v.pad()-v.offset+ln.Y+ln.H/2)
}

// Offset is the scroll offset in pixels.
func (v *View) Offset() float32 { return v.offset }

// Layout is the current layout (nil before the view has a size).
func (v *View) Layout() *Layout { return v.lay }

// ScrollBy scrolls by dy pixels.
func (v *View) ScrollBy(dy float32) { v.scrollTo(v.offset + dy) }

func (v *View) scrollTo(y float32) {
	y = max(0, min(y, v.maxOffset()))
	if y == v.offset {
		return
	}
	v.offset = y
	v.Refresh()
	if v.OnScroll != nil {
		v.OnScroll()
	}
}

// ScrollToBody brings body offset off into view, a quarter of the view from the top.
func (v *View) ScrollToBody(off int) {
	v.ensureLayout(v.Size().Width)
	if v.lay == nil {
		return
	}
	if p, ok := v.lay.BodyPos(off); ok {
		y, _ := v.lay.PosY(p)
		v.scrollTo(y + v.pad() - v.Size().Height/4)
	}
}

// Flash marks a passage for a moment, to show where a jump landed.
func (v *View) Flash(t Tint, d time.Duration) {
	v.flash = &t
	v.Refresh()
	do := v.Do
	if do == nil {
		do = fyne.Do
	}
	time.AfterFunc(d, func() {
		do(func() {
			if v.flash != nil && *v.flash == t {
				v.flash = nil
				v.Refresh()
			}
		})
	})
}

// SetTints sets the highlights drawn behind the text.
func (v *View) SetTints(t []Tint) { v.tints = t; v.Refresh() }

// SetMarks sets the matches of a find; current is the one to bring into view (-1 for none).
func (v *View) SetMarks(m []Tint, current int) {
	v.marks, v.current = m, current
	if current >= 0 && current < len(m) {
		v.ensureLayout(v.Size().Width)
		if v.lay != nil {
			if p, ok := v.lay.BodyPos(m[current].Start); ok {
				y, h := v.lay.PosY(p)
				y += v.pad()
				if y < v.offset || y+h > v.offset+v.Size().Height {
					v.scrollTo(y - v.Size().Height/3)
				}
			}
		}
	}
	v.Refresh()
}

// Selection is the selected passage: its body offsets and its text as shown. ok is false
// when nothing is selected.
func (v *View) Selection() (start, end int, text string, ok bool) {
	if !v.selected || v.lay == nil || v.anchor == v.caret {
		return 0, 0, "", false
	}
	from, to := v.anchor, v.caret
	if to.Less(from) {
		from, to = to, from
	}
	start = v.lay.BodyOffset(from, true)
	end = v.lay.BodyOffset(to, false)
	return start, end, v.lay.Between(from, to), true
}

// SelectedMarkdown is the selection as Markdown: emphasis, links, headings, lists, quotes.
func (v *View) SelectedMarkdown() string {
	if !v.selected || v.lay == nil || v.anchor == v.caret {
		return ""
	}
	return v.lay.Markdown(v.doc, v.anchor, v.caret)
}

// SelectedText is the selected text, "" when none.
func (v *View) SelectedText() string {
	_, _, t, _ := v.Selection()
	return t
}

// Select selects body offsets [start, end).
func (v *View) Select(start, end int) {
	v.ensureLayout(v.Size().Width)
	if v.lay == nil {
		return
	}
	a, ok1 := v.lay.BodyPos(start)
	c, ok2 := v.lay.BodyPos(end)
	if ok1 && ok2 {
		v.anchor, v.caret, v.selected = a, c, true
		v.selectionChanged()
	}
}

// ClearSelection drops the selection.
func (v *View) ClearSelection() {
	if v.selected {
		v.selected = false
		v.selectionChanged()
	}
}

func (v *View) selectionChanged() {
	v.Refresh()
	if v.OnSelect != nil {
		v.OnSelect()
	}
}

// lineHeight is one line of body text.
func (v *View) lineHeight() float32 { return v.size * 1.55 }

// CreateRenderer is part of fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	return newRenderer(v)
}

// MinSize is small: the view scrolls.
func (v *View) MinSize() fyne.Size {
	return fyne.NewSize(v.size*8, v.size*4)
}

var _ desktop.Cursorable = (*View)(nil)
