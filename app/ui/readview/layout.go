package readview

import (
	"sort"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
)

// Typography is how the text is set.
type Typography struct {
	Size       float32 // body text size, in Fyne units
	LineHeight float32 // line height as a multiple of Size
	Measure    func(text string, size float32, style fyne.TextStyle) float32
	// ImageSize gives an image's natural size in pixels; ok is false while it is unknown.
	ImageSize func(src string) (w, h float32, ok bool)
	// tokens, when set, keeps each text's measured words for the next layout of the same doc
	// (they do not depend on the width: a resize only breaks lines again).
	tokens map[tokenKey][]token
}

type tokenKey struct {
	text  *Text
	size  float32
	extra Style
}

// Frag is a piece of a line in one style, drawn as one canvas.Text.
type Frag struct {
	X, W  float32
	Text  string
	Style Style
	Link  string
	Size  float32
	Rise  float32 // how far the baseline moves up (superscript) or down (negative)
	First int     // rune index in its box
	Runes int
	cuts  []cut // where each word or space of the frag starts
}

// cut is where a token starts in its frag: its rune and byte there, and its x (as the line
// breaker summed it, so that hit-testing agrees with where the line put the words).
type cut struct {
	rune, byte int32
	x          float32
}

// Line is one line of a box.
type Line struct {
	Y, H  float32 // relative to the layout's top
	Frags []Frag
	First int // rune index in the box of the line's first rune
	Runes int // runes on the line, including a space or line break it ends with
}

// Box is laid-out text: a paragraph, a heading, a table cell.
type Box struct {
	X, Y, W, H float32
	Block      int
	Text       *Text
	Runes      int
	Lines      []Line
	Muted      bool // the byline under the title
	Code       bool // a code block, shaded as a whole
}

// Start is the box's rune offset in the body, -1 when it has none.
func (b *Box) Start() int { return b.Text.Start }

// DecorKind is what a decoration rectangle shows.
type DecorKind uint8

const (
	DecorCode DecorKind = iota
	DecorQuoteBar
	DecorRule
	DecorTableLine
	DecorTableHeader
	DecorInlineCode
)

// Decor is a rectangle drawn behind the text.
type Decor struct {
	Kind       DecorKind
	X, Y, W, H float32
}

// Marker is a list bullet or number.
type Marker struct {
	X, Y, W, H float32
	Text       string
	Size       float32
}

// ImageBox is where an image goes.
type ImageBox struct {
	X, Y, W, H float32
	Src, Alt   string
	Link       string
	Known      bool // its size is known; otherwise H is a placeholder
}

// Layout is a Doc laid out at one width.
type Layout struct {
	Width, Height float32
	Boxes         []Box
	Decors        []Decor
	Markers       []Marker
	Images        []ImageBox
	typo          Typography
	anchored      []int // the boxes found in the body, in order; made on first need
}

type measureKey struct {
	text  string
	size  float32
	style fyne.TextStyle
}

// Spacing, as multiples of the text size.
const (
	paragraphGap = 0.9
	listGap      = 0.3
	indentStep   = 1.6
	quoteStep    = 1.3
	codePad      = 0.6
	cellPad      = 0.45
)

// Lay lays d out in a column of width w.
func Lay(d *Doc, w float32, typo Typography) *Layout {
	l := &Layout{Width: w, typo: typo}
	size := typo.Size
	y := float32(0)
	prevList := false
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if i > 0 {
			switch {
			case b.Kind == Heading:
				y += size * 1.4
			case b.ListItem && prevList:
				y += size * listGap
			case b.Kind == Meta:
				y += size * 0.3
			default:
				y += size * paragraphGap
			}
		}
		prevList = b.ListItem
		x := float32(b.Indent)*size*indentStep + float32(b.Quote)*size*quoteStep
		width := max(w-x, size*4)
		top := y
		switch b.Kind {
		case Rule:
			l.Decors = append(l.Decors, Decor{Kind: DecorRule, X: x, Y: y + size*0.5, W: width, H: 1})
			y += size
		case Image:
			y += l.image(b, x, y, width)
		case Table:
			y += l.table(b, i, x, y, width)
		case CodeBlock:
			pad := size * codePad
			box := l.box(i, &b.Text, x+pad, y+pad, width-2*pad, size, 0, true)
			box.Code = true
			l.Decors = append(l.Decors, Decor{Kind: DecorCode, X: x, Y: y, W: width, H: box.H + 2*pad})
			y += box.H + 2*pad
		default:
			textSize, style := size, Style(0)
			switch b.Kind {
			case Title:
				textSize, style = size*1.75, Bold
			case Heading:
				textSize, style = size*headingScale(b.Level), Bold
			case Meta:
				textSize = size * 0.9
			}
			box := l.box(i, &b.Text, x, y, width, textSize, style, false)
			box.Muted = b.Kind == Meta
			if b.Marker != "" {
				mw := l.measure(b.Marker, size, fyne.TextStyle{})
				lh := size * typo.LineHeight
				if len(box.Lines) > 0 {
					lh = box.Lines[0].H
				}
				l.Markers = append(l.Markers, Marker{X: x - mw - size*0.5, Y: y, W: mw, H: lh, Text: b.Marker, Size: size})
			}
			y += box.H
			if b.Kind == Heading && b.Level <= 2 {
				y += size * 0.2
			}
		}
		for q := range b.Quote {
			qx := float32(b.Indent)*size*indentStep + float32(q)*size*quoteStep
			l.Decors = append(l.Decors, Decor{Kind: DecorQuoteBar, X: qx, Y: top, W: 3, H: y - top})
		}
	}
	l.Height = y
	return l
}

func headingScale(level int) float32 {
	switch level {
	case 1:
		return 1.5
	case 2:
		return 1.3
	case 3:
		return 1.15
	}
	return 1.0
}

// image places an image box and returns its height.
func (l *Layout) image(b *Block, x, y, width float32) float32 {
	size := l.typo.Size
	ib := ImageBox{X: x, Y: y, Src: b.Src, Alt: b.Alt, Link: b.Link}
	var w, h float32
	var ok bool
	if l.typo.ImageSize != nil {
		w, h, ok = l.typo.ImageSize(b.Src)
	}
	if ok && w > 0 && h > 0 {
		// Scaled to the column, never more than twice its own size.
		scale := min(width/w, 2)
		ib.W, ib.H, ib.Known = w*scale, h*scale, true
	} else {
		// Not stored: a line that says what the image was.
		ib.W, ib.H = width, size*l.typo.LineHeight*1.4
	}
	l.Images = append(l.Images, ib)
	return ib.H
}

// table lays a table out as a grid and returns its height. Columns share the width by how
// much text they hold; a cell wraps within its column.
func (l *Layout) table(b *Block, block int, x, y, width float32) float32 {
	size := l.typo.Size
	pad := size * cellPad
	cols := 0
	for _, row := range b.Rows {
		cols = max(cols, len(row))
	}
	natural := make([]float32, cols)
	least := make([]float32, cols)
	for _, row := range b.Rows {
		for j := range row {
			n, m := l.textWidths(&row[j], size)
			natural[j] = max(natural[j], n+2*pad)
			least[j] = max(least[j], min(m, size*12)+2*pad)
		}
	}
	widths := shareWidth(natural, least, width)
	top := y
	for r := range b.Rows {
		rowTop := y
		rowH := float32(0)
		cx := x
		for j := range cols {
			if j < len(b.Rows[r]) {
				style := Style(0)
				if r == 0 {
					style = Bold
				}
				box := l.box(block, &b.Rows[r][j], cx+pad, y+pad, widths[j]-2*pad, size, style, false)
				rowH = max(rowH, box.H+2*pad)
			}
			cx += widths[j]
		}
		if r == 0 {
			l.Decors = append(l.Decors, Decor{Kind: DecorTableHeader, X: x, Y: rowTop, W: cx - x, H: rowH})
		}
		l.Decors = append(l.Decors, Decor{Kind: DecorTableLine, X: x, Y: rowTop, W: cx - x, H: 1})
		y += rowH
	}
	total := float32(0)
	for _, w := range widths {
		total += w
	}
	l.Decors = append(l.Decors, Decor{Kind: DecorTableLine, X: x, Y: y, W: total, H: 1})
	cx := x
	for j := 0; j <= cols; j++ {
		l.Decors = append(l.Decors, Decor{Kind: DecorTableLine, X: cx, Y: top, W: 1, H: y - top})
		if j < cols {
			cx += widths[j]
		}
	}
	return y - top + 1
}

// shareWidth gives each column its natural width when all fit, else at least its least width
// and the rest in proportion to what it lacks.
func shareWidth(natural, least []float32, width float32) []float32 {
	out := make([]float32, len(natural))
	var sumN, sumL float32
	for i := range natural {
		sumN += natural[i]
		sumL += least[i]
	}
	switch {
	case sumN <= width:
		copy(out, natural)
	case sumL >= width:
		for i := range least {
			out[i] = least[i] * width / sumL
		}
	default:
		extra := width - sumL
		for i := range natural {
			out[i] = least[i] + (natural[i]-least[i])*extra/(sumN-sumL)
		}
	}
	return out
}

// textWidths returns t's width on one line and the width of its longest word.
func (l *Layout) textWidths(t *Text, size float32) (natural, longest float32) {
	for _, s := range t.Spans {
		for _, w := range strings.Fields(s.Text) {
			m := l.measure(w, size, fontStyle(s.Style))
			longest = max(longest, m)
			natural += m + l.measure(" ", size, fontStyle(s.Style))
		}
	}
	return natural, longest
}

func fontStyle(s Style) fyne.TextStyle {
	return fyne.TextStyle{Bold: s&Bold != 0, Italic: s&Italic != 0, Monospace: s&Code != 0}
}

func (l *Layout) measure(text string, size float32, style fyne.TextStyle) float32 {
	return l.typo.Measure(text, size, style)
}

// Measurer remembers the widths it measured, so that laying the same words out again (a
// resize, a new text size) measures nothing twice.
type Measurer struct {
	Measure func(text string, size float32, style fyne.TextStyle) float32
	widths  map[measureKey]float32
}

// Width is the width of text, measured once.
func (m *Measurer) Width(text string, size float32, style fyne.TextStyle) float32 {
	k := measureKey{text, size, style}
	if w, ok := m.widths[k]; ok {
		return w
	}
	if m.widths == nil || len(m.widths) > 1<<18 {
		m.widths = make(map[measureKey]float32, 4096)
	}
	w := m.Measure(text, size, style)
	m.widths[k] = w
	return w
}

// token is a word, a space or a line break of a text, with its width.
type token struct {
	text  string
	span  int
	off   int // byte offset of text in its span's text
	first int // rune index in the text
	runes int
	w     float32
	space bool // a break may follow
	brk   bool // a line break
	style Style
}

// box breaks t into lines of at most width and adds the box.
func (l *Layout) box(block int, t *Text, x, y, width, size float32, extra Style, code bool) *Box {
	lineH := size * l.typo.LineHeight
	if code {
		lineH = size * 1.35
	}
	toks := l.tokens(t, size, extra)
	box := Box{X: x, Y: y, W: width, Block: block, Text: t}
	var line []token
	lineW := float32(0)
	runeAt := 0
	emit := func() {
		box.Lines = append(box.Lines, l.line(t, line, y+box.H, lineH, size, extra, runeAt))
		for _, tk := range line {
			runeAt += tk.runes
		}
		box.H += lineH
		line, lineW = line[:0], 0
	}
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		if tk.brk {
			line = append(line, tk)
			emit()
			continue
		}
		if tk.space {
			line = append(line, tk)
			lineW += tk.w
			continue
		}
		// A word, with the words glued to it (a link ending in a full stop).
		j, wordW := i, float32(0)
		for j < len(toks) && !toks[j].space && !toks[j].brk {
			wordW += toks[j].w
			j++
		}
		if lineW+wordW > width && len(line) > 0 {
			emit()
		}
		if wordW > width {
			// Longer than a line: broken between letters.
			for _, tk := range toks[i:j] {
				for _, piece := range l.splitToken(tk, width-lineW, width, size) {
					if lineW+piece.w > width && len(line) > 0 {
						emit()
					}
					line = append(line, piece)
					lineW += piece.w
				}
			}
		} else {
			line = append(line, toks[i:j]...)
			lineW += wordW
		}
		i = j - 1
	}
	if len(line) > 0 || len(box.Lines) == 0 {
		emit()
	}
	box.Runes = runeAt
	l.Boxes = append(l.Boxes, box)
	return &l.Boxes[len(l.Boxes)-1]
}

// splitToken cuts a word into pieces that fit: the first in room, the others in width.
func (l *Layout) splitToken(tk token, room, width, size float32) []token {
	var out []token
	size *= scriptScale(tk.style)
	style := fontStyle(tk.style)
	runes := []rune(tk.text)
	start := 0
	limit := room
	if limit < size {
		limit = width
	}
	for start < len(runes) {
		end := start + 1
		for end < len(runes) && l.typo.Measure(string(runes[start:end+1]), size, style) <= limit {
			end++
		}
		piece := string(runes[start:end])
		out = append(out, token{text: piece, span: tk.span, off: tk.off + len(string(runes[:start])), first: tk.first + start, runes: end - start, w: l.typo.Measure(piece, size, style), style: tk.style})
		start = end
		limit = width
	}
	return out
}

// tokens are the measured words, spaces and line breaks of t, from the view's cache when
// it has them.
func (l *Layout) tokens(t *Text, size float32, extra Style) []token {
	key := tokenKey{t, size, extra}
	if toks, ok := l.typo.tokens[key]; ok {
		return toks
	}
	toks := l.measureTokens(t, size, extra)
	if l.typo.tokens != nil {
		l.typo.tokens[key] = toks
	}
	return toks
}

// measureTokens splits t into words, spaces and line breaks, and measures them.
func (l *Layout) measureTokens(t *Text, size float32, extra Style) []token {
	toks := make([]token, 0, 2*len(t.Spans)+8)
	rune0 := 0
	for si, s := range t.Spans {
		style := s.Style | extra
		ts := size * scriptScale(style)
		fs := fontStyle(style)
		text := s.Text
		for len(text) > 0 {
			var piece string
			tk := token{span: si, off: len(s.Text) - len(text), first: rune0, style: style}
			switch {
			case text[0] == '\n':
				piece, tk.brk = "\n", true
			case text[0] == ' ':
				piece, tk.space = " ", true
				tk.w = l.measure(" ", ts, fs)
			default:
				end := strings.IndexAny(text, " \n")
				if end < 0 {
					end = len(text)
				}
				piece = text[:end]
				tk.w = l.measure(piece, ts, fs)
			}
			tk.text = piece
			tk.runes = utf8.RuneCountInString(piece)
			rune0 += tk.runes
			text = text[len(piece):]
			toks = append(toks, tk)
		}
	}
	return toks
}

func scriptScale(s Style) float32 {
	if s&(Sup|Sub) != 0 {
		return 0.72
	}
	return 1
}

// line turns a line's tokens into frags: neighbours of one span merge into one.
func (l *Layout) line(t *Text, toks []token, y, h, size float32, extra Style, first int) Line {
	ln := Line{Y: y, H: h, First: first}
	x := float32(0)
	fragOff := 0 // where the current frag starts in its span's text
	for i, tk := range toks {
		ln.Runes += tk.runes
		if tk.brk {
			continue
		}
		span := t.Spans[tk.span]
		style := span.Style | extra
		if n := len(ln.Frags); n > 0 && i > 0 && toks[i-1].span == tk.span && !toks[i-1].brk {
			// Tokens of one span are neighbours in its text: the frag's text is a slice of it.
			f := &ln.Frags[n-1]
			f.cuts = append(f.cuts, cut{rune: int32(f.Runes), byte: int32(len(f.Text)), x: f.W})
			f.Text = span.Text[fragOff : tk.off+len(tk.text)]
			f.W += tk.w
			f.Runes += tk.runes
		} else {
			fragOff = tk.off
			f := Frag{X: x, W: tk.w, Text: tk.text, Style: style, Link: span.Link, Size: size * scriptScale(style), First: tk.first, Runes: tk.runes,
				cuts: []cut{{}}}
			switch {
			case style&Sup != 0:
				f.Rise = size * 0.35
			case style&Sub != 0:
				f.Rise = -size * 0.2
			}
			ln.Frags = append(ln.Frags, f)
		}
		x += tk.w
	}
	// A trailing space does not count towards where the line ends visually.
	return ln
}

// runeX is the x of rune index i (in the box) on the line, relative to the box.
func (l *Layout) runeX(ln *Line, i int) float32 {
	for fi := range ln.Frags {
		f := &ln.Frags[fi]
		if i < f.First {
			return f.X
		}
		if i <= f.First+f.Runes {
			return f.X + l.advance(f, i-f.First)
		}
	}
	if n := len(ln.Frags); n > 0 {
		f := &ln.Frags[n-1]
		return f.X + f.W
	}
	return 0
}

// advance is the width of the first n runes of f: where the line breaker put the word that
// holds rune n, plus the part of that word before it.
func (l *Layout) advance(f *Frag, n int) float32 {
	if n <= 0 {
		return 0
	}
	if n >= f.Runes {
		return f.W
	}
	i := sort.Search(len(f.cuts), func(i int) bool { return int(f.cuts[i].rune) > n }) - 1
	c := f.cuts[max(i, 0)]
	if int(c.rune) == n {
		return c.x
	}
	b := int(c.byte)
	for k := int(c.rune); k < n && b < len(f.Text); k++ {
		_, size := utf8.DecodeRuneInString(f.Text[b:])
		b += size
	}
	return c.x + l.measure(f.Text[c.byte:b], f.Size, fontStyle(f.Style))
}
