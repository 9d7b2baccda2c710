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
	if a.FetchError != "" {
		objects = append([]fyne.CanvasObject{r.fetchBanner(a)}, objects...)
	}
	r.column.Objects = objects
	r.column.Refresh()
	r.scroll.ScrollToTop()
	r.markHighlights(nil)
	r.progress = a.Progress
	if a.Progress > 0 && a.Progress < 1 {
		// Wrapped labels know their height only once laid out; restore the position after that.
		r.ui.background(func() {
			time.Sleep(150 * time.Millisecond)
			r.ui.do(func() {
				if r.article == a {
					r.scrollToFraction(a.Progress)
				}
			})
		})
	}
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
	r.blocks, r.labels, r.marks = nil, nil, nil
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
// false when nothing is selected.
func (r *reader) selection() (blockIndex int, text string, ok bool) {
	for i := len(r.labels) - 1; i >= 0; i-- {
		if t := r.labels[i].SelectedText(); strings.TrimSpace(t) != "" {
			return i, t, true
		}
	}
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
	if i < 0 || i >= len(r.column.Objects) {
		return
	}
	y := r.column.Objects[i].Position().Y
	r.scroll.Offset = fyne.NewPos(0, y)
	r.scroll.Refresh()
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
