package readview

import (
	"sort"
	"strings"
	"unicode"
)

// Pos is a place in the laid-out text: a box and a rune index in it (0..Runes).
type Pos struct {
	Box, Rune int
}

// Less orders positions in reading order.
func (p Pos) Less(q Pos) bool {
	return p.Box < q.Box || p.Box == q.Box && p.Rune < q.Rune
}

// Hit returns the position nearest to the point (x, y) of the layout: inside a box, the
// rune boundary nearest to x on the line under y; between boxes, the start of the next one.
func (l *Layout) Hit(x, y float32) (Pos, bool) {
	if len(l.Boxes) == 0 {
		return Pos{}, false
	}
	// Boxes are in reading order, their tops never decreasing (a table row's cells share one).
	next := sort.Search(len(l.Boxes), func(i int) bool { return l.Boxes[i].Y > y })
	best, bestDist := -1, float32(0)
	for i := next - 1; i >= 0; i-- {
		b := &l.Boxes[i]
		if b.Y+b.H < y {
			if best >= 0 || i < next-64 {
				break
			}
			continue
		}
		d := float32(0)
		switch {
		case x < b.X:
			d = b.X - x
		case x > b.X+b.W:
			d = x - b.X - b.W
		}
		if best < 0 || d < bestDist {
			best, bestDist = i, d
		}
	}
	if best < 0 {
		// In a gap: the end of the box above, if any; the start of the one below.
		if next > 0 && (next == len(l.Boxes) || y-(l.Boxes[next-1].Y+l.Boxes[next-1].H) < l.Boxes[next].Y-y) {
			return Pos{next - 1, l.Boxes[next-1].Runes}, true
		}
		if next == len(l.Boxes) {
			next--
		}
		return Pos{next, 0}, true
	}
	b := &l.Boxes[best]
	li := sort.Search(len(b.Lines), func(i int) bool { return b.Lines[i].Y+b.Lines[i].H > y })
	if li == len(b.Lines) {
		li--
	}
	return Pos{best, l.lineRune(b, li, x-b.X)}, true
}

// lineRune is the rune boundary of line li nearest to x (relative to the box).
func (l *Layout) lineRune(b *Box, li int, x float32) int {
	ln := &b.Lines[li]
	end := ln.First + ln.Runes
	if li < len(b.Lines)-1 && end > ln.First {
		end-- // the space or line break the line ends with belongs to no column
	}
	for fi := range ln.Frags {
		f := &ln.Frags[fi]
		if x >= f.X+f.W && fi < len(ln.Frags)-1 {
			continue
		}
		if x <= f.X {
			return max(ln.First, min(f.First, end))
		}
		// Binary search over the frag's rune boundaries.
		lo, hi := 0, f.Runes
		for lo < hi {
			mid := (lo + hi) / 2
			if l.advance(f, mid)+(l.advance(f, mid+1)-l.advance(f, mid))/2 < x-f.X {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return min(f.First+lo, end)
	}
	return end
}

// PosY is the top and height of the line that holds p.
func (l *Layout) PosY(p Pos) (y, h float32) {
	if p.Box < 0 || p.Box >= len(l.Boxes) {
		return 0, 0
	}
	b := &l.Boxes[p.Box]
	ln := &b.Lines[b.lineOf(p.Rune)]
	return ln.Y, ln.H
}

// lineOf is the index of the line that holds rune i.
func (b *Box) lineOf(i int) int {
	li := sort.Search(len(b.Lines), func(j int) bool { return b.Lines[j].First+b.Lines[j].Runes > i })
	return min(li, len(b.Lines)-1)
}

// Span is the part [from, to) of each line between two positions, as rectangles relative to
// the layout: what a selection or a highlight covers.
func (l *Layout) Rects(from, to Pos, visit func(x, y, w, h float32)) {
	if !from.Less(to) {
		return
	}
	for bi := from.Box; bi <= to.Box && bi < len(l.Boxes); bi++ {
		b := &l.Boxes[bi]
		first, last := 0, b.Runes
		if bi == from.Box {
			first = from.Rune
		}
		if bi == to.Box {
			last = to.Rune
		}
		l.boxRects(b, first, last, visit)
	}
}

// boxRects visits the rectangles covering runes [first, last) of b.
func (l *Layout) boxRects(b *Box, first, last int, visit func(x, y, w, h float32)) {
	if first >= last {
		return
	}
	for li := b.lineOf(first); li < len(b.Lines); li++ {
		ln := &b.Lines[li]
		if ln.First >= last {
			break
		}
		x0 := l.runeX(ln, max(first, ln.First))
		x1 := l.runeX(ln, min(last, ln.First+ln.Runes))
		if x1 > x0 {
			visit(b.X+x0, ln.Y, x1-x0, ln.H)
		}
	}
}

// Between is the text from one position to another as it reads: blocks apart by a blank
// line, a table's cells by tabs and its rows by line breaks.
func (l *Layout) Between(from, to Pos) string {
	if to.Less(from) {
		from, to = to, from
	}
	var sb strings.Builder
	for bi := from.Box; bi <= to.Box && bi < len(l.Boxes); bi++ {
		b := &l.Boxes[bi]
		runes := []rune(b.Text.String())
		first, last := 0, len(runes)
		if bi == from.Box {
			first = min(from.Rune, len(runes))
		}
		if bi == to.Box {
			last = min(to.Rune, len(runes))
		}
		if bi > from.Box {
			prev := &l.Boxes[bi-1]
			switch {
			case prev.Block != b.Block:
				sb.WriteString("\n\n")
			case prev.Y == b.Y:
				sb.WriteString("\t")
			default:
				sb.WriteString("\n")
			}
		}
		if first < last {
			sb.WriteString(string(runes[first:last]))
		}
	}
	return sb.String()
}

// Word is the word around p: letters and digits, or a single other character.
func (l *Layout) Word(p Pos) (Pos, Pos) {
	runes := []rune(l.Boxes[p.Box].Text.String())
	isWord := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-' || r == '_'
	}
	i := min(p.Rune, len(runes))
	if i == len(runes) && i > 0 {
		i--
	}
	if i >= len(runes) || !isWord(runes[i]) {
		return p, Pos{p.Box, min(i+1, len(runes))}
	}
	start, end := i, i
	for start > 0 && isWord(runes[start-1]) {
		start--
	}
	for end < len(runes) && isWord(runes[end]) {
		end++
	}
	return Pos{p.Box, start}, Pos{p.Box, end}
}

// BodyPos is the box position of body offset off: the box that holds it (or the next one).
func (l *Layout) BodyPos(off int) (Pos, bool) {
	if l.anchored == nil {
		// The boxes found in the body, in body order (the reading order).
		l.anchored = make([]int, 0, len(l.Boxes))
		for i := range l.Boxes {
			if l.Boxes[i].Start() >= 0 {
				l.anchored = append(l.anchored, i)
			}
		}
	}
	// The first box that ends at or after off.
	k := sort.Search(len(l.anchored), func(k int) bool {
		b := &l.Boxes[l.anchored[k]]
		return b.Start()+b.Runes >= off
	})
	if k == len(l.anchored) {
		return Pos{}, false
	}
	i := l.anchored[k]
	b := &l.Boxes[i]
	if off < b.Start() {
		return Pos{i, 0}, true
	}
	return Pos{i, off - b.Start()}, true
}

// BodyOffset is the body offset of p; for a box that is not in the body, that of the nearest
// box after it (or, at the end, before it) that is.
func (l *Layout) BodyOffset(p Pos, forward bool) int {
	if p.Box < 0 || p.Box >= len(l.Boxes) {
		return -1
	}
	if b := &l.Boxes[p.Box]; b.Start() >= 0 {
		return b.Start() + p.Rune
	}
	if forward {
		for i := p.Box + 1; i < len(l.Boxes); i++ {
			if s := l.Boxes[i].Start(); s >= 0 {
				return s
			}
		}
	} else {
		for i := p.Box - 1; i >= 0; i-- {
			if s := l.Boxes[i].Start(); s >= 0 {
				return s + l.Boxes[i].Runes
			}
		}
	}
	return -1
}

// LinkAt is the link under the point, if any.
func (l *Layout) LinkAt(x, y float32) string {
	for i := range l.Images {
		im := &l.Images[i]
		if im.Link != "" && x >= im.X && x < im.X+im.W && y >= im.Y && y < im.Y+im.H {
			return im.Link
		}
	}
	next := sort.Search(len(l.Boxes), func(i int) bool { return l.Boxes[i].Y > y })
	for i := next - 1; i >= 0 && i >= next-64; i-- {
		b := &l.Boxes[i]
		if y >= b.Y+b.H || x < b.X || x > b.X+b.W {
			continue
		}
		li := sort.Search(len(b.Lines), func(j int) bool { return b.Lines[j].Y+b.Lines[j].H > y })
		if li == len(b.Lines) {
			continue
		}
		for _, f := range b.Lines[li].Frags {
			if f.Link != "" && x-b.X >= f.X && x-b.X < f.X+f.W {
				return f.Link
			}
		}
	}
	return ""
}
