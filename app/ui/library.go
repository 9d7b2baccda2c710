package ui

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/app/review"
	"lectern/app/search"
	"lectern/store"
)

// library is the left pane: a search box over a list of articles, newest first.
type library struct {
	ui       *window
	query    *filterEntry
	list     *libraryList
	sortBy   *widget.Select
	statusBy *widget.Select
	tagBy    *widget.Select

	all       []store.ArticleSummary // every article, newest first
	shown     []store.ArticleSummary // what the list shows (all, or the search's matches)
	selected  int64
	lastIndex int // where the open article was in the list, when it has left it

	search latestSearch
	empty  *widget.Label // "No results" and a hint, when the search and filters leave nothing

	due    int // cards due in the daily review today
	dueSeq int // the last count asked for wins

	noteTagged map[int64]bool // the articles with a note tagged with the chosen tag
	tagSeq     int
}

func newLibrary(ui *window) *library {
	l := &library{ui: ui, search: latestSearch{ui: ui}}
	l.query = newFilterEntry(l)
	l.query.SetPlaceHolder("Filter the library…")
	l.query.OnChanged = l.filter
	l.query.OnSubmitted = func(string) { l.step(0) }
	l.list = &libraryList{}
	l.list.onDelete = func() {
		if l.selected != 0 {
			ui.trashArticle(l.selected)
		}
	}
	l.list.List = widget.List{
		Length:     func() int { return len(l.shown) },
		CreateItem: newLibraryRow,
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*libraryRow).set(l.shown[i])
		},
		OnSelected: func(i widget.ListItemID) {
			if i < len(l.shown) {
				l.ui.leaveReview() // an article chosen is read, not the review or the stats
				l.ui.openArticle(l.shown[i].ID)
			}
		},
	}
	l.list.ExtendBaseWidget(l.list)
	l.empty = widget.NewLabel("")
	l.empty.Wrapping = fyne.TextWrapWord
	l.empty.Hide()
	// Callbacks are set after the initial selections, which would otherwise fire them.
	prefs := ui.app.Preferences()
	l.sortBy = widget.NewSelect(sortOrders, nil)
	l.sortBy.SetSelected(prefs.StringWithFallback(prefLibrarySort, sortOrders[0]))
	l.sortBy.OnChanged = func(s string) {
		prefs.SetString(prefLibrarySort, s)
		l.filter(l.query.Text)
	}
	l.statusBy = widget.NewSelect(statusFilters, nil)
	l.statusBy.SetSelected(statusFilters[0])
	l.statusBy.OnChanged = func(string) { l.filter(l.query.Text) }
	l.tagBy = widget.NewSelect([]string{allTags}, nil)
	l.tagBy.SetSelected(allTags)
	l.tagBy.OnChanged = func(string) { l.loadNoteTagged(func() { l.filter(l.query.Text) }) }
	return l
}

// Library sort orders and filters.
const (
	prefLibrarySort = "library.sort"
	allTags         = "All tags"
)

var (
	sortOrders    = []string{"Recently added", "Recently opened", "Title", "Progress"}
	statusFilters = []string{"Not archived", "Unread", "Reading", "Done", "Archived", "All"}
)

func (l *library) content() fyne.CanvasObject {
	// The drop-downs sit on one line when the library is wide enough and wrap when it is not,
	// so they never hold the library wide (each shortens its choice with "…" at worst).
	for _, s := range []*widget.Select{l.sortBy, l.statusBy, l.tagBy} {
		s.PlaceHolder = " " // a Select is at least as wide as its placeholder
	}
	filters := container.New(&wrapRow{preferred: selectWidth}, l.sortBy, l.statusBy, l.tagBy)
	list := container.NewStack(l.list, container.NewVBox(l.empty))
	return container.NewBorder(container.NewVBox(container.NewPadded(l.query), filters), nil, nil, nil, list)
}

// reloadTags refreshes the tag filter's choices: the articles' tags and the notes' (front
// matter and inline #tags), which an import or another program may have added.
func (l *library) reloadTags() {
	l.ui.background(func() {
		ctx := context.Background()
		tags, err := l.ui.db.AllTags(ctx)
		var noteTags []string
		if err == nil {
			noteTags, err = l.ui.db.AllNoteTagNames(ctx)
		}
		if err != nil {
			return
		}
		l.ui.do(func() { l.tagBy.SetOptions(append([]string{allTags}, mergeTags(tags, noteTags)...)) })
	})
}

// mergeTags is a and b in one sorted list, each tag once whatever its case.
func mergeTags(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range append(slices.Clone(a), b...) {
		if k := strings.ToLower(t); !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
	return out
}

// loadNoteTagged reads which articles have a note with the chosen tag (a tag of notes finds
// the articles they are on), then calls done.
func (l *library) loadNoteTagged(done func()) {
	l.tagSeq++
	seq, tag := l.tagSeq, l.tagBy.Selected
	if tag == allTags || tag == "" {
		l.noteTagged = nil
		done()
		return
	}
	l.ui.background(func() {
		notes, err := l.ui.db.NotesTagged(context.Background(), tag)
		l.ui.do(func() {
			if seq != l.tagSeq {
				return
			}
			l.noteTagged = map[int64]bool{}
			if err == nil {
				for _, n := range notes {
					l.noteTagged[n.ArticleID] = true
				}
			}
			done()
		})
	})
}

// visible applies the status and tag filters and the sort order to list.
func (l *library) visible(list []store.ArticleSummary, sorted bool) []store.ArticleSummary {
	status, tag := l.statusBy.Selected, l.tagBy.Selected
	out := make([]store.ArticleSummary, 0, len(list))
	for _, a := range list {
		switch status {
		case "Not archived":
			if a.Status == store.Archived {
				continue
			}
		case "All":
		default:
			if !strings.EqualFold(string(a.Status), status) {
				continue
			}
		}
		if tag != allTags && tag != "" && !hasTag(a.Tags, tag) && !l.noteTagged[a.ID] {
			continue
		}
		out = append(out, a)
	}
	if !sorted {
		return out // search results keep their ranking
	}
	switch l.sortBy.Selected {
	case "Recently opened":
		sort.SliceStable(out, func(i, j int) bool { return out[i].Opened.After(out[j].Opened) })
	case "Title":
		sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Title) < strings.ToLower(out[j].Title) })
	case "Progress":
		sort.SliceStable(out, func(i, j int) bool { return out[i].Progress > out[j].Progress })
	}
	return out
}

func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// reload reads the article list from the store, then calls done on the UI goroutine.
func (l *library) reload(done func()) {
	l.ui.namesChanged() // an article added, renamed or deleted: [[ completes to it
	l.ui.background(func() {
		list, err := l.ui.db.Articles(context.Background())
		l.ui.do(func() {
			if err != nil {
				l.ui.showError("Could not read the library", err)
				return
			}
			l.all = list
			l.filter(l.query.Text) // which shows the count when the list shows
			l.refreshDue()
			// An import or another program may have brought tags and standalone notes.
			l.reloadTags()
			l.ui.refreshNoteList()
			if done != nil {
				done()
			}
		})
	})
}

// refreshCounts re-reads the list so counts of notes and highlights stay true.
func (l *library) refreshCounts() { l.reload(nil) }

// filter shows the articles that match query, in the order of the search's ranking.
func (l *library) filter(query string) {
	if strings.TrimSpace(query) == "" {
		l.search.stop()
		l.show(l.visible(l.all, true))
		return
	}
	l.search.run(query, 500, func(results []search.Result, err error) {
		if err != nil {
			l.ui.status.set("Search failed: " + err.Error())
		}
		byID := make(map[int64]store.ArticleSummary, len(l.all))
		for _, a := range l.all {
			byID[a.ID] = a
		}
		var matches []store.ArticleSummary
		seen := map[int64]bool{}
		for _, r := range results {
			if a, ok := byID[r.ArticleID]; ok && !seen[a.ID] {
				seen[a.ID] = true
				matches = append(matches, a)
			}
		}
		l.show(l.visible(matches, false))
	})
}

func (l *library) show(list []store.ArticleSummary) {
	l.shown = list
	l.showCount()
	var narrowed []string
	if s := l.statusBy.Selected; s != "All" && s != "" {
		narrowed = append(narrowed, "status "+strings.ToLower(s))
	}
	if t := l.tagBy.Selected; t != allTags && t != "" {
		narrowed = append(narrowed, "tag "+t)
	}
	l.ui.showNoResults(l.empty, l.query.Text, len(list) == 0 && len(l.all) > 0, strings.Join(narrowed, ", "))
	l.list.UnselectAll()
	l.list.Refresh()
	for i, a := range l.shown {
		if a.ID == l.selected {
			l.selectQuietly(i)
		}
	}
}

// showCount says how many articles the library holds, and how many of them the search and
// filters leave in the list.
func (l *library) showCount() {
	total := fmt.Sprintf("%d %s", len(l.all), plural(len(l.all), "article", "articles"))
	if len(l.shown) != len(l.all) {
		total = fmt.Sprintf("%d of %s", len(l.shown), total)
	}
	if l.due > 0 {
		total += fmt.Sprintf(" · %d due for review", l.due)
	}
	l.ui.status.counts.SetText(total)
}

// refreshDue counts again the cards due in today's review (off the UI goroutine) and shows
// the count beside the library's.
func (l *library) refreshDue() {
	l.dueSeq++
	seq := l.dueSeq
	day := today()
	l.ui.background(func() {
		n, err := review.CountDue(context.Background(), l.ui.db, day)
		l.ui.do(func() {
			if err != nil || seq != l.dueSeq {
				return
			}
			l.due = n
			l.showCount()
		})
	})
}

// selectQuietly marks row i as selected without opening it again.
func (l *library) selectQuietly(i int) {
	onSelected := l.list.OnSelected
	l.list.OnSelected = nil
	l.list.Select(i)
	l.list.OnSelected = onSelected
}

func (l *library) selectFirst() {
	if len(l.shown) > 0 {
		l.list.Select(0)
	}
}

// markSelected keeps the list's selection on the open article (0: none).
func (l *library) markSelected(id int64) {
	l.selected = id
	if id == 0 {
		l.list.UnselectAll()
		return
	}
	for i, a := range l.shown {
		if a.ID == id {
			l.selectQuietly(i)
			l.list.ScrollTo(i)
			return
		}
	}
}

// step opens the previous (delta -1) or next (+1) article in the list. When the open
// article has left the list (archived under a status filter), the neighbours of where it was
// are next and previous.
func (l *library) step(delta int) {
	at := -1
	for i, a := range l.shown {
		if a.ID == l.selected {
			at = i
			break
		}
	}
	j := at + delta
	if delta == 0 && at < 0 {
		j = 0 // Enter in the filter: the best match
	} else if at < 0 {
		j = l.lastIndex
		if delta < 0 {
			j--
		}
	}
	if j >= 0 && j < len(l.shown) {
		l.list.Select(j)
	}
}

// forget remembers where article id stands in the list, for step, before it may leave it.
func (l *library) forget(id int64) {
	for i, a := range l.shown {
		if a.ID == id {
			l.lastIndex = i
		}
	}
}

// libraryRow shows one article: its title, then site, length and counts.
type libraryRow struct {
	widget.BaseWidget
	title *widget.Label
	meta  *widget.Label
}

func newLibraryRow() fyne.CanvasObject {
	r := &libraryRow{title: widget.NewLabel(""), meta: widget.NewLabel("")}
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.meta.Truncation = fyne.TextTruncateEllipsis
	r.meta.SizeName = theme.SizeNameCaptionText
	r.ExtendBaseWidget(r)
	return r
}

func (r *libraryRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(&tightVBox{}, r.title, r.meta))
}

func (r *libraryRow) set(a store.ArticleSummary) {
	title := a.Title
	if title == "" {
		title = "Untitled"
	}
	r.title.SetText(title)
	r.meta.SetText(articleMeta(a))
}

func articleMeta(a store.ArticleSummary) string {
	s := ""
	if a.Site != "" {
		s = a.Site + " · "
	}
	s += fmt.Sprintf("%d min", (a.Words+229)/230)
	if a.Notes > 0 {
		s += fmt.Sprintf(" · %d %s", a.Notes, plural(a.Notes, "note", "notes"))
	}
	if a.Highlights > 0 {
		s += fmt.Sprintf(" · %d %s", a.Highlights, plural(a.Highlights, "highlight", "highlights"))
	}
	for _, t := range a.Tags {
		s += " · #" + t
	}
	switch {
	case a.Status == store.Reading && a.Progress > 0:
		s += fmt.Sprintf(" · %d%% read", int(a.Progress*100+0.5))
	case a.Status != store.Unread:
		s += " · " + string(a.Status)
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// watchChanges reloads the library, and the open article's notes and highlights, when another
// program (the command line importing, another window's notes) writes to the database while
// the window is open. It stops when ctx ends.
func (l *library) watchChanges(ctx context.Context) {
	go func() {
		w, err := l.ui.db.WatchChanges(ctx)
		if err != nil {
			return // the window still works; it just will not notice other programs' writes
		}
		defer w.Close()
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		day := today()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if d := today(); d != day {
					day = d
					l.ui.do(l.refreshDue) // a new day: other cards are due
				}
				if changed, err := w.ChangedElsewhere(ctx); err == nil && changed {
					l.ui.engine.Invalidate()
					l.ui.do(func() {
						l.reload(nil)
						l.ui.notes.reload()
					})
				}
			}
		}
	}()
}

// libraryList is the article list: the Delete key moves the selected article to the Trash.
type libraryList struct {
	widget.List
	onDelete func()
}

func (l *libraryList) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyDelete {
		l.onDelete()
		return
	}
	l.List.TypedKey(k)
}

// filterEntry is the library's filter box: Down and Up open the next and previous article
// in the list, Enter the first match, so the list can be walked without leaving the keyboard.
type filterEntry struct {
	widget.Entry
	l *library
}

func newFilterEntry(l *library) *filterEntry {
	e := &filterEntry{l: l}
	e.ExtendBaseWidget(e)
	return e
}

func (e *filterEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		e.l.step(1)
	case fyne.KeyUp:
		e.l.step(-1)
	default:
		e.Entry.TypedKey(k)
	}
}
