package ui

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/store"
)

// readingWidth keeps lines at about 70 characters, which is comfortable to read; it grows
// with the reader's text size.
func readingWidth() float32 { return theme.Size(sizeReadingText) * 42 }

// reader is the middle pane: the open article's title, byline and text. Each block is a
// wrapping, selectable label, so the user can select a passage to highlight.
type reader struct {
	ui       *window
	title    *widget.Label
	meta     *widget.Label
	column   *fyne.Container
	scroll   *container.Scroll
	article  *store.Article
	blocks   []block
	labels   []*widget.Label
	marks    []*canvas.Rectangle // a bar beside each block that holds a highlight
	rows     []fyne.CanvasObject // each block as laid out: its label, mark and links
	progress float64             // how far down the user has scrolled, 0..1
}

func newReader(ui *window) *reader {
	r := &reader{ui: ui}
	r.title = widget.NewLabel("")
	r.title.Wrapping = fyne.TextWrapWord
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.title.SizeName = sizeReadingTitle
	r.meta = widget.NewLabel("")
	r.meta.Wrapping = fyne.TextWrapWord
	r.meta.Importance = widget.LowImportance
	r.column = container.NewVBox()
	page := container.New(&readingColumn{maxWidth: readingWidth}, container.NewVBox(r.title, r.meta, widget.NewSeparator(), r.column))
	r.scroll = container.NewVScroll(container.NewPadded(page))
	r.scroll.OnScrolled = func(fyne.Position) { r.trackProgress() }
	return r
}

func (r *reader) content() fyne.CanvasObject { return r.scroll }

// show renders article a from the top.
func (r *reader) show(a *store.Article) {
	r.article = a
	r.title.SetText(a.Title)
	r.meta.SetText(articleByline(a))
	r.blocks = articleBlocks(a.Markdown, a.Body)
	if len(r.blocks) > 0 && r.blocks[0].Kind == blockHeading && strings.EqualFold(r.blocks[0].Text, strings.TrimSpace(a.Title)) {
		r.blocks = r.blocks[1:] // the title is shown above already
	}
	r.labels = r.labels[:0]
	r.marks = r.marks[:0]
	objects := make([]fyne.CanvasObject, 0, len(r.blocks))
	for _, b := range r.blocks {
		label := blockLabel(b)
		mark := canvas.NewRectangle(theme.Color(theme.ColorNameWarning))
		mark.SetMinSize(fyne.NewSize(4, 0))
		mark.Hide()
		r.labels = append(r.labels, label)
		r.marks = append(r.marks, mark)
		objects = append(objects, container.NewBorder(nil, blockLinks(b.Links), mark, nil, label))
	}
	r.rows = objects
	if a.FetchError != "" {
		objects = append([]fyne.CanvasObject{r.fetchBanner(a)}, objects...)
	}
	r.column.Objects = objects
	r.column.Refresh()
	r.scroll.ScrollToTop()
	r.markHighlights(nil)
	r.progress = a.Progress
	if a.Progress > 0 && a.Progress < 1 {
		r.restorePosition(a)
	}
}

// restorePosition scrolls to where the user stopped reading a. Wrapped labels know their
// height only once laid out, so it waits for the layout, and gives up if the user scrolls
// first.
func (r *reader) restorePosition(a *store.Article) {
	r.ui.background(func() {
		for range 20 {
			time.Sleep(50 * time.Millisecond)
			restored := make(chan bool, 1)
			r.ui.do(func() {
				switch {
				case r.article != a || r.scroll.Offset.Y != 0:
					restored <- true // another article, or the user scrolled: leave it
				case r.scrollable() > 0:
					r.scrollToFraction(a.Progress)
					restored <- true
				default:
					restored <- false
				}
			})
			if <-restored {
				return
			}
		}
	})
}

// fetchBanner says why a saved link has no text yet, with a button to fetch it again.
func (r *reader) fetchBanner(a *store.Article) fyne.CanvasObject {
	msg := widget.NewLabel("Lectern could not fetch this page when it was imported: " + a.FetchError)
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = widget.WarningImportance
	retry := widget.NewButtonWithIcon("Fetch again", theme.ViewRefreshIcon(), func() { r.ui.refetch(a) })
	return container.NewBorder(nil, nil, nil, container.NewVBox(retry), msg)
}

// showPlaceholder shows a title and a line of text instead of an article.
func (r *reader) showPlaceholder(title, text string) {
	r.article = nil
	r.blocks, r.labels, r.marks, r.rows = nil, nil, nil, nil
	r.title.SetText(title)
	r.meta.SetText("")
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	label.SizeName = sizeReadingText
	r.column.Objects = []fyne.CanvasObject{label}
	r.column.Refresh()
	r.scroll.ScrollToTop()
}

// scrollable is how far the article can scroll, in pixels.
func (r *reader) scrollable() float32 {
	return r.scroll.Content.MinSize().Height - r.scroll.Size().Height
}

func (r *reader) scrollToFraction(f float64) {
	if h := r.scrollable(); h > 0 {
		r.scroll.Offset = fyne.NewPos(0, float32(f)*h)
		r.scroll.Refresh()
	}
}

// trackProgress follows the scroll position; it is written when the article closes.
func (r *reader) trackProgress() {
	if h := r.scrollable(); h > 0 {
		r.progress = max(0, min(1, float64(r.scroll.Offset.Y/h)))
	}
}

func articleByline(a *store.Article) string {
	var parts []string
	for _, p := range []string{a.Byline, a.Site} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if !a.Published.IsZero() {
		parts = append(parts, a.Published.Format("2 January 2006"))
	}
	if a.Words > 0 {
		parts = append(parts, itoaMinutes(a.Words))
	}
	if a.Status != store.Unread {
		parts = append(parts, string(a.Status))
	}
	for _, t := range a.Tags {
		parts = append(parts, "#"+t)
	}
	return strings.Join(parts, " · ")
}

func itoaMinutes(words int) string {
	m := (words + 229) / 230
	if m == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", m)
}

// blockLinks shows a block's links as a line of hyperlinks under it (nil when it has none);
// they open in the browser.
func blockLinks(links []link) fyne.CanvasObject {
	if len(links) == 0 {
		return nil
	}
	var segs []widget.RichTextSegment
	for i, l := range links {
		u, err := url.Parse(l.URL)
		if err != nil {
			continue
		}
		if i > 0 {
			segs = append(segs, &widget.TextSegment{Text: "  ·  ", Style: widget.RichTextStyleInline})
		}
		segs = append(segs, &widget.HyperlinkSegment{Text: l.Text, URL: u})
	}
	row := widget.NewRichText(segs...)
	row.Wrapping = fyne.TextWrapWord
	return row
}

func blockLabel(b block) *widget.Label {
	text := b.Text
	if b.Marker != "" {
		text = b.Marker + " " + text
	}
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Selectable = true
	l.SizeName = sizeReadingText
	switch b.Kind {
	case blockHeading:
		l.TextStyle = fyne.TextStyle{Bold: true}
		if b.Level <= 2 {
			l.SizeName = sizeReadingHeading
		}
	case blockQuote:
		l.TextStyle = fyne.TextStyle{Italic: true}
	case blockCode:
		l.TextStyle = fyne.TextStyle{Monospace: true}
	}
	return l
}

// markHighlights shows a bar beside each block that holds one of hs.
func (r *reader) markHighlights(hs []store.Highlight) {
	for i, b := range r.blocks {
		marked := false
		end := b.Start + utf8.RuneCountInString(b.Text)
		for _, h := range hs {
			if h.Placed() && b.Start >= 0 && h.Start < end && h.End > b.Start {
				marked = true
				break
			}
		}
		if marked {
			r.marks[i].Show()
		} else {
			r.marks[i].Hide()
		}
	}
}

// selection returns the passage the user selected: which block, and the selected text. ok is
// false when nothing is selected. A label keeps its selection, hidden, after the user selects
// in another one, so the label with the keyboard focus wins; when none has it (the Highlight
// button took it) and several hold a selection, which one the user sees is unknown.
func (r *reader) selection() (blockIndex int, text string, ok bool) {
	var selected []int
	for i, l := range r.labels {
		if strings.TrimSpace(l.SelectedText()) != "" {
			selected = append(selected, i)
		}
	}
	if len(selected) == 0 {
		return 0, "", false
	}
	if focused, isObject := r.ui.win.Canvas().Focused().(fyne.CanvasObject); isObject {
		driver := fyne.CurrentApp().Driver()
		at := driver.AbsolutePositionForObject(focused)
		for _, i := range selected {
			if driver.AbsolutePositionForObject(r.labels[i]) == at {
				return i, r.labels[i].SelectedText(), true
			}
		}
	}
	if len(selected) == 1 {
		return selected[0], r.labels[selected[0]].SelectedText(), true
	}
	r.clearSelection()
	return 0, "", false
}

// clearSelection drops every selection (resetting a label's text clears its selection).
func (r *reader) clearSelection() {
	for _, l := range r.labels {
		if l.SelectedText() != "" {
			l.SetText(l.Text)
		}
	}
}

// scrollToBlock brings block i into view.
func (r *reader) scrollToBlock(i int) {
	if i < 0 || i >= len(r.rows) {
		return
	}
	driver := fyne.CurrentApp().Driver()
	y := driver.AbsolutePositionForObject(r.rows[i]).Y - driver.AbsolutePositionForObject(r.scroll.Content).Y
	r.scroll.ScrollToOffset(fyne.NewPos(0, max(0, y-theme.Padding()*4)))
}

// blockAt returns the index of the block that holds rune offset pos of the body, or -1.
func (r *reader) blockAt(pos int) int {
	for i, b := range r.blocks {
		if b.Start >= 0 && pos >= b.Start && pos < b.Start+utf8.RuneCountInString(b.Text) {
			return i
		}
	}
	return -1
}

// saveProgress records, in the background, where the user is in the article, so it reopens
// there.
func (r *reader) saveProgress() {
	if id, progress, changed := r.progressChange(); changed {
		r.ui.background(func() {
			if err := r.ui.db.SetProgress(context.Background(), id, progress); err == nil {
				r.ui.do(r.ui.library.refreshCounts)
			}
		})
	}
}

// saveProgressNow records it before the window closes.
func (r *reader) saveProgressNow() {
	if id, progress, changed := r.progressChange(); changed {
		r.ui.db.SetProgress(context.Background(), id, progress)
	}
}

func (r *reader) progressChange() (id int64, progress float64, changed bool) {
	a := r.article
	if a == nil || r.progress == a.Progress {
		return 0, 0, false
	}
	a.Progress = r.progress
	return a.ID, r.progress, true
}
