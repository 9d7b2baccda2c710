package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"slices"
	"unicode"

	"lectern/app/search"
	"lectern/app/ui/readview"
)

// palette is the search-everything popup (Ctrl+K): results update on every keystroke,
// Up/Down move, Enter opens, Esc closes.
type palette struct {
	ui      *window
	entry   *paletteEntry
	list    *widget.List
	popup   *widget.PopUp
	results []search.Result
	current int

	search latestSearch
	moving bool          // the palette itself is moving the selection (keys, new results)
	empty  *widget.Label // "No results" and a hint, when a query finds nothing
}

func (ui *window) openPalette() {
	if ui.palette == nil {
		ui.palette = newPalette(ui)
	}
	ui.palette.show()
}

func newPalette(ui *window) *palette {
	p := &palette{ui: ui, search: latestSearch{ui: ui}}
	p.entry = newPaletteEntry(p)
	p.list = &widget.List{
		Length:     func() int { return len(p.results) },
		CreateItem: newResultRow,
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { o.(*resultRow).set(p.results[i]) },
		OnSelected: func(i widget.ListItemID) {
			p.current = i
			if !p.moving {
				p.openCurrent() // a click on a result
			}
		},
	}
	p.list.ExtendBaseWidget(p.list)
	hint := widget.NewLabel("Up/Down to move · Enter to open · Esc to close · filters: tag: in: is: site: \"phrase\"")
	hint.SizeName = theme.SizeNameCaptionText
	p.empty = widget.NewLabel("")
	p.empty.Wrapping = fyne.TextWrapWord
	p.empty.Hide()
	body := container.NewBorder(p.entry, hint, nil, nil, container.NewStack(p.list, container.NewVBox(p.empty)))
	p.popup = widget.NewModalPopUp(body, ui.win.Canvas())
	return p
}

func (p *palette) show() {
	size := p.ui.win.Canvas().Size()
	p.popup.Resize(fyne.NewSize(min(760, size.Width*0.9), min(520, size.Height*0.8)))
	p.popup.Show()
	p.ui.win.Canvas().Focus(p.entry)
	p.entry.SetText("")
	p.query("")
}

func (p *palette) hide() {
	p.search.stop()
	p.popup.Hide()
}

// query searches as the user types; a newer keystroke cancels the older search.
func (p *palette) query(q string) {
	p.search.run(q, 50, func(results []search.Result, err error) {
		if err != nil {
			p.ui.status.set("Search failed: " + err.Error())
		}
		p.results = results
		p.current = 0
		p.list.Refresh()
		p.ui.showNoResults(p.empty, q, len(results) == 0 && err == nil, "")
		if len(results) > 0 {
			p.selectQuietly(0)
			p.list.ScrollToTop()
		}
	})
}

func (p *palette) move(delta int) {
	if len(p.results) == 0 {
		return
	}
	p.current = max(0, min(len(p.results)-1, p.current+delta))
	p.selectQuietly(p.current)
	p.list.ScrollTo(p.current)
	p.ui.win.Canvas().Focus(p.entry)
}

// selectQuietly moves the highlighted result without opening it.
func (p *palette) selectQuietly(i int) {
	p.moving = true
	p.list.Select(i)
	p.moving = false
}

func (p *palette) openCurrent() {
	if p.current >= len(p.results) {
		return
	}
	r := p.results[p.current]
	p.hide()
	p.ui.openResult(r)
}

// openResult opens the article of a search result and shows the matching note or highlight.
func (ui *window) openResult(r search.Result) {
	ui.leaveReview() // what the user asked for replaces the review or the stats
	if r.ArticleID == 0 {
		ui.openStandaloneNotesThen(func() { ui.notes.focusNote(r.ID) })
		return
	}
	ui.openArticleThen(r.ArticleID, func() {
		switch r.Kind {
		case search.KindHighlight:
			for _, h := range ui.notes.highlights {
				if h.ID == r.ID {
					ui.reader.showPassage(h.Start, h.End)
				}
			}
		case search.KindNote:
			ui.notes.focusNote(r.ID)
		default:
			if r.Field == "body" && ui.article != nil && ui.article.ID == r.ArticleID {
				if start, end := locateMatch(ui.article.Body, r.Snippet, r.Matches); start >= 0 {
					ui.reader.showPassage(start, end)
				}
			}
		}
	})
}

// locateMatch finds a search result's snippet in the article's body and returns the body
// offsets of its matched letters (from the first to the last), or -1.
func locateMatch(body, snippet string, matches []int) (int, int) {
	runes := []rune(snippet)
	lo, hi := 0, len(runes)
	for lo < hi && (runes[lo] == '…' || unicode.IsSpace(runes[lo])) {
		lo++
	}
	for hi > lo && (runes[hi-1] == '…' || unicode.IsSpace(runes[hi-1])) {
		hi--
	}
	first, last := lo, lo
	if len(matches) > 0 {
		first, last = max(lo, slices.Min(matches)), min(hi-1, slices.Max(matches))
	}
	at, ok := readview.Locate(body, string(runes[lo:hi]), first-lo, last+1-lo)
	if !ok {
		return -1, -1
	}
	return at[0], at[1]
}

// paletteEntry is the palette's query box; it steers the result list from the keyboard.
type paletteEntry struct {
	widget.Entry
	p *palette
}

func newPaletteEntry(p *palette) *paletteEntry {
	e := &paletteEntry{p: p}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder("Search articles, notes and highlights…")
	e.OnChanged = p.query
	e.OnSubmitted = func(string) { p.openCurrent() }
	return e
}

func (e *paletteEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		e.p.move(1)
	case fyne.KeyUp:
		e.p.move(-1)
	case fyne.KeyPageDown:
		e.p.move(8)
	case fyne.KeyPageUp:
		e.p.move(-8)
	case fyne.KeyEscape:
		e.p.hide()
	default:
		e.Entry.TypedKey(k)
	}
}

// resultRow shows one search result: its kind, its title and the snippet with the matched
// characters in bold.
type resultRow struct {
	widget.BaseWidget
	icon    *widget.Icon
	title   *widget.Label
	snippet *widget.RichText
}

func newResultRow() fyne.CanvasObject {
	r := &resultRow{icon: widget.NewIcon(theme.DocumentIcon()), title: widget.NewLabel(""), snippet: widget.NewRichText()}
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.snippet.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

func (r *resultRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, r.icon, nil,
		container.New(&tightVBox{}, r.title, r.snippet)))
}

func (r *resultRow) set(res search.Result) {
	switch res.Kind {
	case search.KindNote:
		r.icon.SetResource(theme.DocumentCreateIcon())
	case search.KindHighlight:
		r.icon.SetResource(theme.ColorPaletteIcon())
	default:
		r.icon.SetResource(theme.DocumentIcon())
	}
	r.title.SetText(res.Title)
	r.snippet.Segments = emphasisSegments(res.Snippet, res.Matches)
	r.snippet.Refresh()
}

// emphasisSegments splits text into runs, the matched runes in bold.
func emphasisSegments(text string, matches []int) []widget.RichTextSegment {
	matched := make(map[int]bool, len(matches))
	for _, m := range matches {
		matched[m] = true
	}
	var segs []widget.RichTextSegment
	var run []rune
	bold := false
	flush := func() {
		if len(run) == 0 {
			return
		}
		style := widget.RichTextStyleInline
		if bold {
			style = widget.RichTextStyleStrong
			style.ColorName = theme.ColorNamePrimary
		}
		segs = append(segs, &widget.TextSegment{Text: string(run), Style: style})
		run = run[:0]
	}
	i := 0
	for _, c := range text {
		if matched[i] != bold {
			flush()
			bold = matched[i]
		}
		if c == '\n' {
			c = ' '
		}
		run = append(run, c)
		i++
	}
	flush()
	return segs
}
