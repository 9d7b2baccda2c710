package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"lectern/app/search"
	"lectern/app/ui/readview"
	"lectern/store"
)

// longArticle adds an article of many numbered paragraphs and returns its id and body.
func longArticle(t *testing.T, ui *window, title string) (int64, string) {
	t.Helper()
	var paras []string
	for i := range 120 {
		paras = append(paras, fmt.Sprintf("Paragraph %d tells of rivers, deltas and the sea, long enough to wrap over a couple of lines in the reader.", i))
		if i == 0 {
			paras[0] = title + ": " + paras[0]
		}
	}
	body := strings.Join(paras, "\n\n")
	id, err := ui.db.AddArticle(context.Background(), &store.Article{Title: title, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return id, body
}

// onScreen says whether body offset off is inside the reader's viewport.
func onScreen(ui *window, off int) bool {
	v := ui.reader.view
	p, ok := v.Layout().BodyPos(off)
	if !ok {
		return false
	}
	at := v.PointOf(p)
	return at.Y >= 0 && at.Y <= v.Size().Height
}

func TestHighlightFromPaletteWhileAnotherArticleIsOpenLandsOnThePassage(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	id, body := longArticle(t, ui, "Long")
	quote := "Paragraph 97 tells of rivers"
	start := strings.Index(body, quote)
	h, err := ui.db.AddHighlight(ctx, store.Highlight{ArticleID: id, Quote: quote, Start: start, End: start + len(quote)})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := longArticle(t, ui, "Other")
	ui.openArticle(other)
	settle(ui)
	if onScreen(ui, start) {
		t.Fatal("the test needs the passage off screen first")
	}
	ui.openResult(search.Result{Kind: search.KindHighlight, ID: h.ID, ArticleID: id})
	settle(ui)
	if ui.article.ID != id || !onScreen(ui, start) {
		t.Fatalf("after opening the highlight, its passage (offset %d) is not on screen (offset %v)", start, ui.reader.view.Offset())
	}
	if p := ui.reader.progress; p < 0.5 {
		t.Errorf("the jump is not the reading position: progress %.2f", p)
	}
}

func TestBodyMatchFromPaletteLandsOnTheMatch(t *testing.T) {
	ui := newTestWindow(t)
	id, body := longArticle(t, ui, "Long")
	snippet := "…deltas and the sea, long enough to wrap. Paragraph 88 tells of rivers…"
	snippet = strings.Replace(snippet, "wrap.", "wrap over a couple of lines in the reader.", 1)
	i := strings.Index(snippet, "88")
	ui.openResult(search.Result{Kind: search.KindArticle, ID: id, ArticleID: id, Field: "body", Snippet: snippet,
		Matches: []int{len([]rune(snippet[:i])), len([]rune(snippet[:i])) + 1}})
	settle(ui)
	want := strings.Index(body, "88")
	if !onScreen(ui, want) {
		t.Fatalf("the body match at %d is not on screen", want)
	}
	if s, e := locateMatch(body, snippet, []int{len([]rune(snippet[:i])), len([]rune(snippet[:i])) + 1}); body[s:e] != "88" {
		t.Fatalf("located %q", body[s:e])
	}
}

func TestKeysOneToFiveRecolourTheNewHighlight(t *testing.T) {
	ui := newTestWindow(t)
	dragIn(ui, 3)
	ui.highlightSelection()
	settle(ui)
	ui.reader.view.TypedRune('4')
	settle(ui)
	hs, _ := ui.db.Highlights(context.Background(), ui.article.ID)
	if len(hs) != 1 || hs[0].Color != "pink" {
		t.Fatalf("highlights %+v, want one pink", hs)
	}
	if got := ui.highlightColor(); got != "pink" {
		t.Errorf("the next Ctrl+H would use %q, not the last colour chosen", got)
	}
	// Later, 1–5 are keys again, not colours.
	ui.justHighlightedAt = time.Now().Add(-recolourTime - time.Second)
	if ui.colourKey('1') {
		t.Error("1 recoloured a highlight made long ago")
	}
}

func TestHighlightAcrossParagraphsIsOne(t *testing.T) {
	ui := newTestWindow(t)
	id, body := longArticle(t, ui, "Long")
	ui.openArticle(id)
	settle(ui)
	lay := ui.reader.view.Layout()
	// From the last words of paragraph 0 into the first of paragraph 1 (after the title and
	// the byline).
	b := 0
	for lay.Boxes[b].Start() != 0 {
		b++
	}
	dragBetween(ui, readview.Pos{Box: b, Rune: lay.Boxes[b].Runes - 10}, readview.Pos{Box: b + 1, Rune: 9})
	ui.highlightSelection()
	settle(ui)
	hs, _ := ui.db.Highlights(context.Background(), id)
	if len(hs) != 1 {
		t.Fatalf("%d highlights, want one", len(hs))
	}
	h := hs[0]
	if !strings.Contains(h.Quote, "reader.\n\nParagraph") || string([]rune(body)[h.Start:h.End]) != h.Quote {
		t.Fatalf("quote %q at %d..%d does not hold both paragraphs as the body has them", h.Quote, h.Start, h.End)
	}
}

func TestFindInArticle(t *testing.T) {
	ui := newTestWindow(t)
	id, body := longArticle(t, ui, "Long")
	ui.openArticle(id)
	settle(ui)
	f := ui.reader.find
	f.open()
	f.entry.SetText("paragraph 11")
	// "Paragraph 11" and "Paragraph 110" to "Paragraph 119": 11 matches.
	if len(f.matches) != 11 || f.count.Text != "1 of 11" {
		t.Fatalf("%d matches, %q", len(f.matches), f.count.Text)
	}
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.current != 1 || !onScreen(ui, f.matches[1].Start) {
		t.Fatalf("Enter: current %d, on screen %v", f.current, onScreen(ui, f.matches[1].Start))
	}
	if got := body[f.matches[1].Start:f.matches[1].End]; !strings.EqualFold(got, "paragraph 11") {
		t.Fatalf("match %q", got)
	}
	f.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.bar.Visible() || len(f.matches) != 0 {
		t.Fatal("Esc leaves the find bar open")
	}
}

func TestReadingKeysScroll(t *testing.T) {
	ui := newTestWindow(t)
	id, _ := longArticle(t, ui, "Long")
	ui.openArticle(id)
	settle(ui)
	v := ui.reader.view
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	page := v.Offset()
	if page < v.Size().Height/2 {
		t.Fatalf("Page Down moved %v of a %v view", page, v.Size().Height)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if v.Offset() <= page {
		t.Fatal("Down did not move")
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	if v.Progress() < 0.999 {
		t.Fatalf("End: progress %v", v.Progress())
	}
	v.TypedRune('g')
	if v.Offset() != 0 {
		t.Fatal("g did not go to the top")
	}
	v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -25)})
	if v.Offset() < 50 {
		t.Fatalf("a wheel notch scrolled %v px", v.Offset())
	}
}

func TestTextSizeKeepsThePlace(t *testing.T) {
	ui := newTestWindow(t)
	id, body := longArticle(t, ui, "Long")
	ui.openArticle(id)
	settle(ui)
	target := strings.Index(body, "Paragraph 60 ")
	ui.reader.view.ScrollToBody(target)
	ui.zoom(0.3)
	if !onScreen(ui, target) {
		t.Fatal("after a larger text size, the paragraph read is no longer on screen")
	}
	ui.zoom(0)
}

func TestFontAndLineWidthKeepThePlace(t *testing.T) {
	ui := newTestWindow(t)
	id, body := longArticle(t, ui, "Long")
	ui.openArticle(id)
	settle(ui)
	target := strings.Index(body, "Paragraph 70 ")
	ui.reader.view.ScrollToBody(target)
	width := ui.reader.view.Layout().Width
	ui.setReadingFont("serif")
	if !onScreen(ui, target) {
		t.Fatal("after switching to serif, the paragraph read is no longer on screen")
	}
	ui.setReadingMeasure(readingMeasures[0].measure)
	if !onScreen(ui, target) || ui.reader.view.Layout().Width >= width {
		t.Fatalf("a narrow line width: column %v (was %v), paragraph on screen %v", ui.reader.view.Layout().Width, width, onScreen(ui, target))
	}
	ui.setReadingFont("sans")
	ui.setReadingMeasure(readingMeasure)
}

func TestDeepLinkToAHighlightLandsOnItsPassage(t *testing.T) {
	ui := newTestWindow(t)
	id, body := longArticle(t, ui, "Long")
	quote := "Paragraph 101 tells"
	start := strings.Index(body, quote)
	h, err := ui.db.AddHighlight(context.Background(), store.Highlight{ArticleID: id, Quote: quote, Start: start, End: start + len(quote)})
	if err != nil {
		t.Fatal(err)
	}
	ui.openDeepLink(fmt.Sprintf("lectern://highlight/%d", h.ID))
	settle(ui)
	if ui.article == nil || ui.article.ID != id || !onScreen(ui, start) {
		t.Fatal("the link did not open the highlight's passage")
	}
	ui.openDeepLink("lectern://article/999")
	settle(ui)
	ui.openDeepLink("file:///etc/passwd")
	if !strings.Contains(ui.status.text.Text, "Not a Lectern link") {
		t.Fatalf("status %q", ui.status.text.Text)
	}
}

func TestOpeningFromSearchOrALinkLeavesTheReview(t *testing.T) {
	ui := newTestWindow(t)
	id, body := longArticle(t, ui, "Long")
	start := strings.Index(body, "Paragraph 50 ")
	h, err := ui.db.AddHighlight(context.Background(), store.Highlight{ArticleID: id, Quote: "Paragraph 50", Start: start, End: start + 12})
	if err != nil {
		t.Fatal(err)
	}
	ui.showReview()
	settle(ui)
	if ui.panes.middle() == nil {
		t.Fatal("the review is not shown")
	}
	ui.openResult(search.Result{Kind: search.KindHighlight, ID: h.ID, ArticleID: id})
	settle(ui)
	if ui.panes.middle() != nil || ui.article == nil || ui.article.ID != id {
		t.Fatal("a result opened from Ctrl+K stays behind the review")
	}
	ui.showReview()
	settle(ui)
	ui.openDeepLink(fmt.Sprintf("lectern://article/%d", id))
	settle(ui)
	if ui.panes.middle() != nil {
		t.Fatal("a lectern:// link opened behind the review")
	}
}
