package ui

import (
	"context"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/app/review"
)

// View → Stats stands in the reader's place, like the daily review: what was read, highlighted
// and written per week, a heat map of the days, and the review's streak, as small charts drawn
// on Fyne's canvas in the theme's colours (so they read in light, dark and sepia).

// statsWeeks is how far back the stats look: about five months.
const statsWeeks = 20

// statsView shows the reading stats; it takes the keys (Esc) while it is shown.
type statsView struct {
	widget.BaseWidget
	ui    *window
	stats review.Stats
	body  *fyne.Container
	root  fyne.CanvasObject
}

var (
	_ fyne.Focusable = (*statsView)(nil)
	_ fyne.Tappable  = (*statsView)(nil)
)

func newStatsView(ui *window) *statsView {
	s := &statsView{ui: ui}
	title := widget.NewLabel("Reading Stats")
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.SizeName = theme.SizeNameSubHeadingText
	back := widget.NewButton("Back to the reader (Esc)", ui.leaveReview)
	back.Importance = widget.LowImportance
	s.body = container.NewVBox(widget.NewLabel("Counting…"))
	head := container.NewBorder(nil, nil, nil, back, title)
	s.root = container.NewVScroll(container.New(&columnLayout{max: 760}, container.NewVBox(head, widget.NewSeparator(), s.body)))
	s.ExtendBaseWidget(s)
	return s
}

func (s *statsView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(s.root) }

// showStats shows the reading stats in the reader's place (View → Stats, Ctrl+Shift+R).
func (ui *window) showStats() {
	s, ok := ui.panes.middle().(*statsView)
	if !ok {
		s = newStatsView(ui)
		ui.panes.showInMiddle(s)
	}
	ui.win.Canvas().Focus(s)
	ui.background(func() {
		st, err := review.ReadingStats(context.Background(), ui.db, today(), statsWeeks, time.Local)
		ui.do(func() {
			if err != nil {
				s.body.Objects = []fyne.CanvasObject{widget.NewLabel("The stats could not be read: " + err.Error())}
				s.body.Refresh()
				return
			}
			s.show(st)
		})
	})
}

// show fills the view with st.
func (s *statsView) show(st review.Stats) {
	s.stats = st
	var finished, highlights, notes, reviews, minutes []int
	var total review.Counts
	for _, w := range st.Weeks {
		minutes = append(minutes, int(w.Reading.Round(time.Minute)/time.Minute))
		total.Reading += w.Reading
		finished = append(finished, w.Finished)
		highlights = append(highlights, w.Highlights)
		notes = append(notes, w.Notes)
		reviews = append(reviews, w.Reviews)
		total.Finished += w.Finished
		total.Highlights += w.Highlights
		total.Notes += w.Notes
		total.Reviews += w.Reviews
	}
	streak := "No review streak yet: Ctrl+R starts today's review."
	if st.Streak > 0 {
		streak = fmt.Sprintf("Review streak: %d %s in a row.", st.Streak, plural(st.Streak, "day", "days"))
	}
	todayLine := fmt.Sprintf("Today: %d %s reviewed, %d due.", st.ReviewedToday, plural(st.ReviewedToday, "card", "cards"), st.DueToday)
	summary := widget.NewLabel(streak + " " + todayLine + fmt.Sprintf("\nIn the last %d weeks: %d %s finished, %d %s, %d %s, %d %s.",
		len(st.Weeks), total.Finished, plural(total.Finished, "article", "articles"),
		total.Highlights, plural(total.Highlights, "highlight", "highlights"),
		total.Notes, plural(total.Notes, "note", "notes"), total.Reviews, plural(total.Reviews, "review", "reviews")))
	summary.Wrapping = fyne.TextWrapWord
	first, last := "", ""
	if len(st.Weeks) > 0 {
		first, last = st.Weeks[0].Start.Time(time.Local).Format("2 Jan"), "this week"
	}
	chart := func(title string, values []int) fyne.CanvasObject {
		return newBarChart(title, values, first, last)
	}
	s.body.Objects = []fyne.CanvasObject{
		summary,
		heading("Days"),
		newHeatMap(st.Days),
		container.NewGridWithColumns(2,
			chart("Minutes read per week", minutes),
			chart("Articles finished per week", finished),
			chart("Highlights per week", highlights),
			chart("Notes per week", notes),
			chart("Cards reviewed per week", reviews)),
		heading("Read longest"),
		mostRead(st.MostRead, total.Reading),
	}
	s.body.Refresh()
}

// mostRead lists the articles read longest, or says how time is counted when none was.
func mostRead(as []review.ArticleTime, total time.Duration) fyne.CanvasObject {
	if len(as) == 0 {
		l := widget.NewLabel("No reading time yet: time counts while the window has the focus and you scroll or select in an article (for two minutes after each).")
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	rows := container.NewVBox()
	for _, a := range as {
		d := widget.NewLabel(readingDuration(a.Reading))
		d.Alignment = fyne.TextAlignTrailing
		t := widget.NewLabel(a.Title)
		t.Truncation = fyne.TextTruncateEllipsis
		rows.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(90, d.MinSize().Height), d), nil, t))
	}
	rows.Add(widget.NewLabel(fmt.Sprintf("%s read in all.", readingDuration(total))))
	return rows
}

// readingDuration writes a reading time: 1 h 05 min, 12 min, under a minute.
func readingDuration(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m == 0:
		return "under a minute"
	case m >= 60:
		return fmt.Sprintf("%d h %02d min", m/60, m%60)
	}
	return fmt.Sprintf("%d min", m)
}

func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

// FocusGained is part of fyne.Focusable.
func (s *statsView) FocusGained() {}

// FocusLost is part of fyne.Focusable.
func (s *statsView) FocusLost() {}

// TypedRune is part of fyne.Focusable.
func (s *statsView) TypedRune(rune) {}

// TypedKey leaves the stats on Esc.
func (s *statsView) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		s.ui.leaveReview()
	}
}

// Tapped takes the keys to the stats.
func (s *statsView) Tapped(*fyne.PointEvent) { s.ui.win.Canvas().Focus(s) }

// barChart draws one bar per week, the tallest the highest count, with the count above it.
type barChart struct {
	widget.BaseWidget
	title       string
	values      []int
	first, last string // the labels under the first and the last bar
}

const barChartHeight = 90

func newBarChart(title string, values []int, first, last string) *barChart {
	c := &barChart{title: title, values: values, first: first, last: last}
	c.ExtendBaseWidget(c)
	return c
}

func (c *barChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barChartRenderer{c: c}
	r.title = canvas.NewText(c.title, nil)
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.top = canvas.NewText("", nil)
	r.first = canvas.NewText(c.first, nil)
	r.last = canvas.NewText(c.last, nil)
	r.last.Alignment = fyne.TextAlignTrailing
	r.base = canvas.NewRectangle(color.Transparent)
	for range c.values {
		r.bars = append(r.bars, canvas.NewRectangle(color.Transparent))
	}
	r.Refresh()
	return r
}

type barChartRenderer struct {
	c                       *barChart
	title, top, first, last *canvas.Text
	base                    *canvas.Rectangle
	bars                    []*canvas.Rectangle
}

func (r *barChartRenderer) textSize() float32 { return theme.Size(theme.SizeNameCaptionText) }

func (r *barChartRenderer) MinSize() fyne.Size {
	line := fyne.MeasureText("Ag", r.textSize(), fyne.TextStyle{}).Height
	w := fyne.MeasureText(r.c.title, r.textSize(), fyne.TextStyle{Bold: true}).Width
	return fyne.NewSize(max(w, float32(len(r.c.values))*4), 3*line+barChartHeight+theme.Padding()*2)
}

func (r *barChartRenderer) Layout(size fyne.Size) {
	size.Width = max(0, size.Width-3*theme.Padding()) // room between charts side by side
	line := fyne.MeasureText("Ag", r.textSize(), fyne.TextStyle{}).Height
	r.title.Move(fyne.NewPos(0, 0))
	r.title.Resize(fyne.NewSize(size.Width, line))
	r.top.Move(fyne.NewPos(0, line))
	r.top.Resize(fyne.NewSize(size.Width, line))
	baseY := 2*line + barChartHeight + theme.Padding()
	r.base.Move(fyne.NewPos(0, baseY))
	r.base.Resize(fyne.NewSize(size.Width, 1))
	r.first.Move(fyne.NewPos(0, baseY+2))
	r.first.Resize(fyne.NewSize(size.Width/2, line))
	r.last.Move(fyne.NewPos(size.Width/2, baseY+2))
	r.last.Resize(fyne.NewSize(size.Width/2, line))
	n := len(r.bars)
	if n == 0 {
		return
	}
	most := 0
	for _, v := range r.c.values {
		most = max(most, v)
	}
	slot := size.Width / float32(n)
	gap := max(1, min(4, slot/4))
	for i, b := range r.bars {
		h := float32(0)
		if most > 0 {
			h = barChartHeight * float32(r.c.values[i]) / float32(most)
		}
		if r.c.values[i] > 0 {
			h = max(h, 2) // one is seen
		}
		b.Move(fyne.NewPos(float32(i)*slot+gap/2, baseY-h))
		b.Resize(fyne.NewSize(slot-gap, h))
	}
}

func (r *barChartRenderer) Refresh() {
	fg := theme.Color(theme.ColorNameForeground)
	dim := theme.Color(theme.ColorNamePlaceHolder)
	bar := theme.Color(theme.ColorNamePrimary)
	size := r.textSize()
	for _, t := range []*canvas.Text{r.title, r.top, r.first, r.last} {
		t.TextSize = size
		t.Color = dim
	}
	r.title.Color = fg
	most := 0
	for _, v := range r.c.values {
		most = max(most, v)
	}
	r.top.Text = fmt.Sprintf("most: %d", most)
	r.base.FillColor = theme.Color(theme.ColorNameSeparator)
	for _, b := range r.bars {
		b.FillColor = bar
	}
	r.Layout(r.c.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

func (r *barChartRenderer) Objects() []fyne.CanvasObject {
	out := []fyne.CanvasObject{r.title, r.top, r.base, r.first, r.last}
	for _, b := range r.bars {
		out = append(out, b)
	}
	return out
}

func (r *barChartRenderer) Destroy() {}

// heatMap draws a square per day, a column per week (Monday at the top), darker for the days
// with more done: highlights, notes, articles finished and cards reviewed.
type heatMap struct {
	widget.BaseWidget
	days []review.DayStats
}

const (
	heatCell = 13
	heatGap  = 3
)

func newHeatMap(days []review.DayStats) *heatMap {
	h := &heatMap{days: days}
	h.ExtendBaseWidget(h)
	return h
}

// activity is what a day counts for in the heat map.
func activity(c review.Counts) int { return c.Highlights + c.Notes + c.Finished + c.Reviews }

// heatLevel is how dark a day of activity v is, 0 (nothing) to 4, in a map whose busiest day
// did most.
func heatLevel(v, most int) int {
	if v <= 0 || most <= 0 {
		return 0
	}
	return min(4, 1+(v-1)*4/most)
}

func (h *heatMap) CreateRenderer() fyne.WidgetRenderer {
	r := &heatMapRenderer{h: h}
	for _, name := range []string{"Mon", "Wed", "Fri"} {
		r.labels = append(r.labels, canvas.NewText(name, nil))
	}
	for range h.days {
		r.cells = append(r.cells, canvas.NewRectangle(color.Transparent))
	}
	r.less = canvas.NewText("less", nil)
	r.more = canvas.NewText("more", nil)
	for range 5 {
		r.legend = append(r.legend, canvas.NewRectangle(color.Transparent))
	}
	r.Refresh()
	return r
}

type heatMapRenderer struct {
	h          *heatMap
	labels     []*canvas.Text
	cells      []*canvas.Rectangle
	less, more *canvas.Text
	legend     []*canvas.Rectangle
}

func (r *heatMapRenderer) labelWidth() float32 {
	return fyne.MeasureText("Wed", theme.Size(theme.SizeNameCaptionText), fyne.TextStyle{}).Width + theme.Padding()
}

func (r *heatMapRenderer) MinSize() fyne.Size {
	weeks := (len(r.h.days) + offsetOf(r.h.days) + 6) / 7
	return fyne.NewSize(r.labelWidth()+float32(weeks)*(heatCell+heatGap), 8*(heatCell+heatGap)+theme.Padding())
}

// offsetOf is the weekday of the first day, Monday 0.
func offsetOf(days []review.DayStats) int {
	if len(days) == 0 {
		return 0
	}
	return (int(days[0].Day.Time(time.UTC).Weekday()) + 6) % 7
}

func (r *heatMapRenderer) Layout(fyne.Size) {
	step := float32(heatCell + heatGap)
	x0 := r.labelWidth()
	for i, l := range r.labels { // Mon, Wed, Fri: rows 0, 2, 4
		l.Move(fyne.NewPos(0, float32(2*i)*step+(heatCell-l.MinSize().Height)/2))
		l.Resize(l.MinSize())
	}
	off := offsetOf(r.h.days)
	for i, c := range r.cells {
		k := i + off
		c.Move(fyne.NewPos(x0+float32(k/7)*step, float32(k%7)*step))
		c.Resize(fyne.NewSize(heatCell, heatCell))
	}
	y := 7*step + theme.Padding()
	r.less.Move(fyne.NewPos(x0, y+(heatCell-r.less.MinSize().Height)/2))
	r.less.Resize(r.less.MinSize())
	r.more.Resize(r.more.MinSize())
	x := x0 + r.less.MinSize().Width + theme.Padding()
	for _, c := range r.legend {
		c.Move(fyne.NewPos(x, y))
		c.Resize(fyne.NewSize(heatCell, heatCell))
		x += step
	}
	r.more.Move(fyne.NewPos(x+theme.Padding()-heatGap, y+(heatCell-r.more.MinSize().Height)/2))
}

// heatColor is the colour of level 0–4: the empty field, then the theme's accent, ever
// more opaque.
func heatColor(level int) color.Color {
	if level == 0 { // a faint square of the text's colour: seen on every background
		r, g, b, _ := theme.Color(theme.ColorNameForeground).RGBA()
		return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x16}
	}
	r, g, b, _ := theme.Color(theme.ColorNamePrimary).RGBA()
	alpha := []uint8{0, 0x50, 0x88, 0xc0, 0xff}[level]
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: alpha}
}

func (r *heatMapRenderer) Refresh() {
	size := theme.Size(theme.SizeNameCaptionText)
	dim := theme.Color(theme.ColorNamePlaceHolder)
	for _, t := range append(r.labels, r.less, r.more) {
		t.TextSize = size
		t.Color = dim
	}
	most := 0
	for _, d := range r.h.days {
		most = max(most, activity(d.Counts))
	}
	for i, c := range r.cells {
		c.FillColor = heatColor(heatLevel(activity(r.h.days[i].Counts), most))
		c.CornerRadius = 2
	}
	for i, c := range r.legend {
		c.FillColor = heatColor(i)
		c.CornerRadius = 2
	}
	r.Layout(r.h.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

func (r *heatMapRenderer) Objects() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, l := range r.labels {
		out = append(out, l)
	}
	for _, c := range r.cells {
		out = append(out, c)
	}
	out = append(out, r.less, r.more)
	for _, c := range r.legend {
		out = append(out, c)
	}
	return out
}

func (r *heatMapRenderer) Destroy() {}
