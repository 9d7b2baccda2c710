package ui

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // stored images are decoded by the formats ingest keeps
	_ "image/jpeg"
	_ "image/png"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/draw"

	"lectern/app/ui/readview"
	"lectern/resources"
	"lectern/store"
)

// readingMeasure is the column's largest width in text sizes: about 70 characters a line.
const readingMeasure = 36

// reader is the middle pane: the open article on Lectern's reading surface (readview), with
// a find bar above it and, for a link that could not be fetched, a banner.
type reader struct {
	ui       *window
	view     *readview.View
	find     *findBar
	banner   *fyne.Container
	box      *fyne.Container
	article  *store.Article
	images   *articleImages
	progress float64       // how far down the user has scrolled, 0..1
	timer    *readingTimer // time spent reading (readingtime.go)
}

func newReader(ui *window) *reader {
	r := &reader{ui: ui, view: readview.NewView()}
	r.timer = newReadingTimer(time.Now, time.Local, func() bool { return ui.panes == nil || ui.panes.middle() == nil })
	r.watchReadingTime()
	r.view.Do = ui.do
	r.view.OnScroll = func() {
		r.trackProgress()
		r.timer.activity()
	}
	r.view.OnSelect = func() { r.timer.activity() }
	r.view.OnLink = r.openLink
	r.view.OnHover = func(link string) { ui.status.set(link) }
	r.view.OnEscape = func() { ui.escape() }
	r.view.OnRune = ui.colourKey
	r.view.OnTintTapped = ui.tintTapped
	r.view.OnHoverTint = ui.tintHovered
	r.find = newFindBar(r)
	r.setTypography()
	r.banner = container.NewVBox()
	r.box = container.NewBorder(container.NewVBox(r.banner, r.find.content()), nil, nil, nil, r.view)
	return r
}

func (r *reader) content() fyne.CanvasObject { return r.box }

// show renders article a where the user stopped reading it.
func (r *reader) show(a *store.Article) {
	r.article = a
	r.timer.open(a.ID)
	r.images = newArticleImages(r.ui, a.ID)
	r.view.Images = r.images
	r.find.close()
	r.banner.Objects = nil
	if a.FetchError != "" {
		r.banner.Objects = []fyne.CanvasObject{r.fetchBanner(a)}
	}
	r.banner.Refresh()
	r.progress = a.Progress
	progress := a.Progress
	if progress >= 1 {
		progress = 0 // read to the end: open at the top
	}
	r.view.SetDoc(r.document(a), progress)
	r.images.load(r.view)
}

// document is article a as the reading surface shows it.
func (r *reader) document(a *store.Article) *readview.Doc {
	return readview.FromMarkdown(a.Title, articleByline(a), a.Markdown, a.Body)
}

// refreshMeta shows the byline again after the article's status or tags changed.
func (r *reader) refreshMeta() {
	if r.article != nil {
		r.view.UpdateDoc(r.document(r.article))
	}
}

// setTypography follows the user's text size, font and line width, keeping the place.
func (r *reader) setTypography() {
	if r.ui.app.Preferences().StringWithFallback(prefReaderFont, "sans") == "serif" {
		r.view.SetFonts("serif", serifFont)
	} else {
		r.view.SetFonts("", nil)
	}
	r.view.SetTypography(theme.Size(sizeReadingText), r.measure())
}

// measure is the line width the user chose, in text sizes.
func (r *reader) measure() float32 {
	return float32(r.ui.app.Preferences().FloatWithFallback(prefReaderWidth, readingMeasure))
}

// serifFont is the reader's serif face for a style; code keeps the theme's monospace.
func serifFont(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace:
		return nil
	case s.Bold && s.Italic:
		return resources.SerifBoldItalic
	case s.Bold:
		return resources.SerifBold
	case s.Italic:
		return resources.SerifItalic
	}
	return resources.SerifRegular
}

// openLink opens a web link of the article in the browser.
func (r *reader) openLink(link string) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") {
		if r.article != nil && u != nil && u.Scheme == "" && strings.HasPrefix(link, "#") {
			return // an in-page anchor: nothing to open
		}
		r.ui.status.set("Not opened (only web and mail links open): " + link)
		return
	}
	if err := r.ui.app.OpenURL(u); err != nil {
		r.ui.status.set("Could not open " + link + ": " + err.Error())
		return
	}
	r.ui.status.set("Opened " + link)
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
	r.timer.open(0)
	r.find.close()
	r.banner.Objects = nil
	r.banner.Refresh()
	r.view.Images = nil
	r.view.SetDoc(readview.FromMarkdown(title, "", "", text), 0)
}

// trackProgress follows the scroll position; it is written when the article closes.
func (r *reader) trackProgress() {
	if r.article != nil {
		r.progress = max(0, min(1, r.view.Progress()))
	}
}

func articleByline(a *store.Article) string {
	var parts []string
	for _, p := range []string{a.Byline, a.Site} {
		if p = strings.TrimSpace(p); p != "" && !containsFold(parts, p) {
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

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func itoaMinutes(words int) string {
	m := (words + 229) / 230
	if m == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", m)
}

// Highlight colours: translucent, so the words stay readable in every theme.
var highlightColors = map[string]color.NRGBA{
	"yellow": {R: 0xf5, G: 0xc8, B: 0x1b, A: 0x66},
	"green":  {R: 0x4c, G: 0xc3, B: 0x5a, A: 0x55},
	"blue":   {R: 0x3d, G: 0x9b, B: 0xf0, A: 0x55},
	"pink":   {R: 0xf0, G: 0x5c, B: 0xa8, A: 0x55},
	"purple": {R: 0x9b, G: 0x6b, B: 0xe8, A: 0x55},
}

func highlightColor(name string) color.Color {
	if c, ok := highlightColors[name]; ok {
		return c
	}
	return highlightColors["yellow"]
}

// markHighlights tints the words of each placed highlight.
func (r *reader) markHighlights(hs []store.Highlight) {
	var tints []readview.Tint
	for _, h := range hs {
		if h.Placed() {
			tints = append(tints, readview.Tint{Start: h.Start, End: h.End, Color: highlightColor(h.Color), ID: h.ID})
		}
	}
	r.view.SetTints(tints)
}

// showPassage scrolls to body offsets [start, end), marks them for a moment and keeps the place
// as where the user is.
func (r *reader) showPassage(start, end int) {
	if start < 0 {
		return
	}
	r.view.ScrollToBody(start)
	r.view.Flash(readview.Tint{Start: start, End: end, Color: theme.Color(theme.ColorNameSelection)}, flashTime)
	r.trackProgress()
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

// articleImages gives the reading surface the article's stored images: their sizes once the
// list is read, their pixels decoded in the background.
type articleImages struct {
	ui    *window
	id    int64
	mu    sync.Mutex
	infos map[string]store.ImageInfo
}

func newArticleImages(ui *window, id int64) *articleImages {
	return &articleImages{ui: ui, id: id}
}

// load reads which images the article has, then lays the view out again with their sizes.
func (ai *articleImages) load(v *readview.View) {
	ai.ui.background(func() {
		infos, err := ai.ui.db.ArticleImageInfo(context.Background(), ai.id)
		if err != nil || len(infos) == 0 {
			return
		}
		ai.mu.Lock()
		ai.infos = infos
		ai.mu.Unlock()
		ai.ui.do(func() {
			if v.Images == ai {
				v.ImagesChanged()
			}
		})
	})
}

// Size is part of readview.ImageSource.
func (ai *articleImages) Size(src string) (float32, float32, bool) {
	ai.mu.Lock()
	defer ai.mu.Unlock()
	info, ok := ai.infos[src]
	if !ok || info.Width <= 0 || info.Height <= 0 || !decodable(info.Mime) {
		return 0, 0, false
	}
	return float32(info.Width), float32(info.Height), true
}

func decodable(mime string) bool {
	switch mime {
	case "image/png", "image/jpeg", "image/gif":
		return true
	}
	return false
}

// maxImageWidth is the widest an image is kept decoded: twice a wide column, enough for a
// sharp picture on a HiDPI screen without holding a camera's full resolution.
const maxImageWidth = 1600

// Load is part of readview.ImageSource.
func (ai *articleImages) Load(src string, done func(image.Image)) {
	ai.mu.Lock()
	info, ok := ai.infos[src]
	ai.mu.Unlock()
	if !ok || !decodable(info.Mime) {
		done(nil)
		return
	}
	ai.ui.background(func() {
		var img image.Image
		if data, _, err := ai.ui.db.Image(context.Background(), info.Hash); err == nil {
			if decoded, _, err := image.Decode(bytes.NewReader(data)); err == nil {
				img = shrink(decoded, maxImageWidth)
			}
		}
		ai.ui.do(func() { done(img) })
	})
}

// shrink scales img down to at most width pixels wide.
func shrink(img image.Image, width int) image.Image {
	b := img.Bounds()
	if b.Dx() <= width {
		return img
	}
	h := b.Dy() * width / b.Dx()
	out := image.NewNRGBA(image.Rect(0, 0, width, max(h, 1)))
	draw.ApproxBiLinear.Scale(out, out.Bounds(), img, b, draw.Src, nil)
	return out
}
