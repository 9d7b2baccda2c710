package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"lectern/app/review"
	"lectern/store"
)

const reviewBody = "The river rose in March. Farmers moved their cattle to the hills before the rain came. " +
	"Nobody in the valley had seen such a flood since 1953.\n\n" +
	"The engineers opened the spillway at dawn. The water fell by a metre in a day. " +
	"By April the fields were green again, and the cattle came down."

// reviewArticle adds an article with three highlights, placed in its text, and returns their
// ids in the order they were made.
func reviewArticle(t *testing.T, ui *window) (int64, []int64) {
	t.Helper()
	ctx := context.Background()
	id, err := ui.db.AddArticle(ctx, &store.Article{Title: "The Flood", Byline: "Ada Reporter", Body: reviewBody, Tags: []string{"rivers"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, quote := range []string{"Farmers moved their cattle to the hills", "The engineers opened the spillway at dawn.", "the fields were green again"} {
		start := len([]rune(reviewBody[:strings.Index(reviewBody, quote)]))
		h, err := ui.db.AddHighlight(ctx, store.Highlight{ArticleID: id, Quote: quote, Start: start, End: start + len([]rune(quote)), Comment: "comment on " + quote})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, h.ID)
	}
	ui.library.reload(nil)
	settle(ui)
	return id, ids
}

// menuShortcut runs the main-menu item whose shortcut is Ctrl(+Shift)+key, as the driver does.
func menuShortcut(t *testing.T, ui *window, key fyne.KeyName, shift bool) {
	t.Helper()
	mod := fyne.KeyModifierShortcutDefault
	if shift {
		mod |= fyne.KeyModifierShift
	}
	for _, m := range ui.mainMenu().Items {
		for _, item := range m.Items {
			if s, ok := item.Shortcut.(*desktop.CustomShortcut); ok && s.KeyName == key && s.Modifier == mod {
				item.Action()
				settle(ui)
				return
			}
		}
	}
	t.Fatalf("no menu item has the shortcut %v+%s", mod, key)
}

func reviewShown(t *testing.T, ui *window) *reviewView {
	t.Helper()
	r, ok := ui.panes.middle().(*reviewView)
	if !ok {
		t.Fatalf("the middle pane shows %T, want the daily review", ui.panes.middle())
	}
	return r
}

func TestDailyReviewFromTheKeyboard(t *testing.T) {
	ui := newTestWindow(t)
	_, ids := reviewArticle(t, ui)
	ctx := context.Background()

	menuShortcut(t, ui, fyne.KeyR, false) // Ctrl+R
	r := reviewShown(t, ui)
	if ui.win.Canvas().Focused() != r {
		t.Fatal("the review does not have the keys")
	}
	if r.card.HighlightID == 0 || !r.cardBox.Visible() || r.summaryBox.Visible() {
		t.Fatalf("no card shown: %+v", r.card)
	}
	if !strings.Contains(r.quote.Text, r.card.Quote) || r.progress.Text != "1 of 3 · new" {
		t.Errorf("quote %q, progress %q", r.quote.Text, r.progress.Text)
	}
	if r.source.Text != "The Flood" || r.byline.String() != "Ada Reporter" || r.tags.String() != "#rivers" {
		t.Errorf("source %q, byline %q, tags %q", r.source.Text, r.byline.String(), r.tags.String())
	}
	if !strings.HasPrefix(r.comment.Text, "comment on ") {
		t.Errorf("comment %q", r.comment.Text)
	}
	first := r.card.HighlightID

	r.TypedRune('3')
	settle(ui)
	cards, err := review.Today(ctx, ui.db, today(), review.DefaultLimit)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cards {
		if c.HighlightID == first && !c.Done {
			t.Errorf("the card graded good is not done: %+v", c)
		}
	}
	if r.card.HighlightID == first || r.card.HighlightID == 0 || r.progress.Text != "2 of 3 · new" {
		t.Fatalf("after 3: card %d, progress %q", r.card.HighlightID, r.progress.Text)
	}
	if !strings.Contains(ui.status.text.Text, "Good: the card comes back") {
		t.Errorf("status %q", ui.status.text.Text)
	}

	r.TypedRune('4')
	settle(ui)
	r.TypedKey(&fyne.KeyEvent{Name: "KP_2"})
	settle(ui)
	if r.card.HighlightID != 0 || !r.summaryBox.Visible() || r.cardBox.Visible() {
		t.Fatalf("after three grades the review shows card %d", r.card.HighlightID)
	}
	if !strings.Contains(r.summary.Text, "3 cards reviewed") || !strings.Contains(r.summary.Text, "Streak: 1 day in a row") {
		t.Errorf("summary %q", r.summary.Text)
	}
	for _, id := range ids {
		if h, err := ui.db.ReviewHistory(ctx, id); err != nil || len(h) != 1 {
			t.Errorf("highlight %d history %+v, %v", id, h, err)
		}
	}

	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ui.panes.middle() != nil || ui.win.Canvas().Focused() != ui.reader.view {
		t.Fatalf("Esc left %T in the middle, focus on %T", ui.panes.middle(), ui.win.Canvas().Focused())
	}
	if !ui.reader.content().Visible() || ui.reader.content().Size().Width == 0 {
		t.Error("the reader is not shown again")
	}
}

func TestReviewShowsContext(t *testing.T) {
	ui := newTestWindow(t)
	reviewArticle(t, ui)
	ui.showReview()
	settle(ui)
	r := reviewShown(t, ui)
	// The newest highlight comes first: "the fields were green again", inside its sentence.
	if r.card.Quote != "the fields were green again" {
		t.Fatalf("first card %q", r.card.Quote)
	}
	if r.before.String() != "The water fell by a metre in a day. By April" {
		t.Errorf("before = %q", r.before.String())
	}
	if r.quote.Text != "“the fields were green again”," || r.after.String() != "and the cattle came down." {
		t.Errorf("quote = %q", r.quote.Text)
		t.Errorf("after = %q", r.after.String())
	}
}

func TestPassageContext(t *testing.T) {
	a := &store.Article{Body: reviewBody}
	cases := []struct{ quote, before, after string }{
		// A whole sentence, first of its paragraph: the last of the paragraph before, and the one after.
		{"The engineers opened the spillway at dawn.", "Nobody in the valley had seen such a flood since 1953.", "The water fell by a metre in a day."},
		// Inside a sentence: completed on both sides, with the sentence before.
		{"Farmers moved their cattle", "The river rose in March.", "to the hills before the rain came. Nobody in the valley had seen such a flood since 1953."},
		{"Nobody in the valley", "Farmers moved their cattle to the hills before the rain came.", "had seen such a flood since 1953."},
	}
	for _, c := range cases {
		start := len([]rune(reviewBody[:strings.Index(reviewBody, c.quote)]))
		h := store.Highlight{Quote: c.quote, Start: start, End: start + len([]rune(c.quote))}
		before, after := passageContext(a, h)
		if before != c.before || after != c.after {
			t.Errorf("%q: before %q, after %q; want %q, %q", c.quote, before, after, c.before, c.after)
		}
	}
	// Unplaced: the text the highlight kept around its quote.
	before, after := passageContext(nil, store.Highlight{Quote: "x", Start: -1, End: -1, Prefix: "One. Two and", Suffix: " three. Four."})
	if before != "One. Two and" || after != "three. Four." {
		t.Errorf("unplaced: %q, %q", before, after)
	}
	long := strings.Repeat("word ", 200)
	if b := clip(long, true); !strings.HasPrefix(b, "…") || len([]rune(b)) > 321 {
		t.Errorf("clip before: %q", b)
	}
}

func TestReviewHiddenCommentSnoozeDiscard(t *testing.T) {
	ui := newTestWindow(t)
	ui.app.Preferences().SetBool(prefReviewHideComment, true)
	_, ids := reviewArticle(t, ui)
	ui.showReview()
	settle(ui)
	r := reviewShown(t, ui)
	if strings.Contains(r.comment.Text, "comment on") {
		t.Fatalf("the comment shows before Space: %q", r.comment.Text)
	}
	r.TypedRune(' ')
	if !strings.HasPrefix(r.comment.Text, "comment on ") {
		t.Fatalf("Space did not reveal the comment: %q", r.comment.Text)
	}

	snoozed := r.card.HighlightID
	r.TypedRune('s')
	settle(ui)
	if r.card.HighlightID == snoozed || len(r.cards) != 2 || r.progress.Text != "1 of 2 · new" {
		t.Fatalf("after S: card %d of %d, progress %q", r.card.HighlightID, len(r.cards), r.progress.Text)
	}
	if strings.Contains(r.comment.Text, "comment on") {
		t.Error("the next card shows its hidden comment")
	}

	discarded := r.card.HighlightID
	r.TypedRune('d')
	settle(ui)
	if r.card.HighlightID == discarded || len(r.cards) != 1 || !ui.status.undo.Visible() {
		t.Fatalf("after D: card %d, %d cards, undo shown %v", r.card.HighlightID, len(r.cards), ui.status.undo.Visible())
	}
	ui.status.undo.OnTapped()
	settle(ui)
	if len(r.cards) != 2 {
		t.Errorf("after Undo the review holds %d cards, want 2", len(r.cards))
	}
	if st, _ := ui.db.ArticleReviewStates(context.Background(), r.card.ArticleID); st[discarded].Discarded || st[snoozed].Due == "" {
		t.Errorf("states after snooze and undone discard: %+v (ids %v)", st, ids)
	}
}

func TestReviewOpensAndEdits(t *testing.T) {
	ui := newTestWindow(t)
	articleID, _ := reviewArticle(t, ui)
	ui.showReview()
	settle(ui)
	r := reviewShown(t, ui)
	id := r.card.HighlightID

	r.TypedRune('e')
	settle(ui)
	focused, ok := ui.win.Canvas().Focused().(*commentEntry)
	if !ok || focused.id != id {
		t.Fatalf("E focused %T, want the card's comment", ui.win.Canvas().Focused())
	}
	if reviewShown(t, ui) != r {
		t.Fatal("editing the comment left the review")
	}
	focused.SetText("a better comment")
	ui.showReview() // Ctrl+R: back to the card
	settle(ui)
	if r.comment.Text != "a better comment" || ui.win.Canvas().Focused() != r {
		t.Errorf("back in the review: comment %q, focus %T", r.comment.Text, ui.win.Canvas().Focused())
	}

	r.TypedRune('o')
	settle(ui)
	if ui.panes.middle() != nil || ui.article == nil || ui.article.ID != articleID {
		t.Fatalf("O: middle %T, article %+v", ui.panes.middle(), ui.article)
	}
}

func TestReviewKeysWithNothingFocused(t *testing.T) {
	ui := newTestWindow(t)
	reviewArticle(t, ui)
	ui.showReview()
	settle(ui)
	ui.win.Canvas().Unfocus()
	ui.windowKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if ui.win.Canvas().Focused() != reviewShown(t, ui) {
		t.Error("a key with nothing focused did not give the review the keys back")
	}
	ui.win.Canvas().Unfocus()
	ui.windowKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ui.panes.middle() != nil {
		t.Error("Esc with nothing focused did not leave the review")
	}
}

func TestReviewChoosingAnArticleLeavesIt(t *testing.T) {
	ui := newTestWindow(t)
	reviewArticle(t, ui)
	ui.showReview()
	settle(ui)
	reviewShown(t, ui)
	ui.library.list.Select(0)
	settle(ui)
	if ui.panes.middle() != nil {
		t.Error("choosing an article in the library left the review in the middle")
	}
}

func TestEmptyReview(t *testing.T) {
	ui := newTestWindow(t)
	ui.showReview()
	settle(ui)
	r := reviewShown(t, ui)
	if !r.summaryBox.Visible() || !strings.Contains(r.summary.Text, "Nothing to review today") {
		t.Errorf("summary %q", r.summary.Text)
	}
}

func TestReviewLimit(t *testing.T) {
	ui := newTestWindow(t)
	reviewArticle(t, ui)
	ui.showReview()
	settle(ui)
	r := reviewShown(t, ui)
	r.limit.SetSelected(limitLabel(5))
	settle(ui)
	if ui.reviewLimit() != 5 || ui.win.Canvas().Focused() != r {
		t.Errorf("limit %d, focus %T", ui.reviewLimit(), ui.win.Canvas().Focused())
	}
}

func TestLibraryShowsCardsDue(t *testing.T) {
	ui := newTestWindow(t)
	_, ids := reviewArticle(t, ui)
	ctx := context.Background()
	if strings.Contains(ui.status.counts.Text, "due") {
		t.Fatalf("counts %q before any card is due", ui.status.counts.Text)
	}
	// Graded "again" yesterday: due today.
	for _, id := range ids[:2] {
		if _, err := review.Grade(ctx, ui.db, id, review.Again, today().Add(-1)); err != nil {
			t.Fatal(err)
		}
	}
	ui.library.reload(nil)
	settle(ui)
	if !strings.Contains(ui.status.counts.Text, "2 due for review") {
		t.Fatalf("counts %q, want 2 due", ui.status.counts.Text)
	}
	ui.showReview()
	settle(ui)
	r := reviewShown(t, ui)
	if r.card.New || r.card.Due.IsZero() {
		t.Errorf("the first card is not a due one: %+v", r.card)
	}
	r.TypedRune('3')
	settle(ui)
	if !strings.Contains(ui.status.counts.Text, "1 due for review") {
		t.Errorf("after a grade, counts %q, want 1 due", ui.status.counts.Text)
	}
}

func TestStatsView(t *testing.T) {
	ui := newTestWindow(t)
	aid, ids := reviewArticle(t, ui)
	if _, err := review.Grade(context.Background(), ui.db, ids[0], review.Good, today()); err != nil {
		t.Fatal(err)
	}
	if err := ui.db.AddReadingTime(context.Background(), []store.ReadingTime{{Day: today().String(), ArticleID: aid, Seconds: 750}}); err != nil {
		t.Fatal(err)
	}
	menuShortcut(t, ui, fyne.KeyR, true) // Ctrl+Shift+R
	s, ok := ui.panes.middle().(*statsView)
	if !ok {
		t.Fatalf("the middle shows %T, want the stats", ui.panes.middle())
	}
	if len(s.stats.Weeks) != statsWeeks || s.stats.Streak != 1 {
		t.Errorf("stats: %d weeks, streak %d", len(s.stats.Weeks), s.stats.Streak)
	}
	var bars, maps int
	var highlights, minutes int
	walkObjects(s.body, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *barChart:
			bars++
			if x.title == "Highlights per week" {
				highlights = x.values[len(x.values)-1]
			}
			if x.title == "Minutes read per week" {
				minutes = x.values[len(x.values)-1]
			}
		case *heatMap:
			maps++
		}
	})
	if bars != 5 || maps != 1 || highlights != 3 || minutes != 13 {
		t.Errorf("%d bar charts, %d heat maps, %d highlights and %d minutes read this week", bars, maps, highlights, minutes)
	}
	if !hasText(s.body, "13 min") || !hasText(s.body, "The Flood") {
		t.Error("the article read longest is not listed")
	}
	if !hasText(s.body, "Review streak: 1 day in a row.") {
		t.Error("the streak is not shown")
	}
	s.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if ui.panes.middle() != nil {
		t.Error("Esc did not leave the stats")
	}
}

func TestHeatLevel(t *testing.T) {
	for _, c := range []struct{ v, most, want int }{{0, 5, 0}, {1, 5, 1}, {5, 5, 4}, {3, 8, 2}, {1, 1, 1}, {2, 0, 0}} {
		if got := heatLevel(c.v, c.most); got != c.want {
			t.Errorf("heatLevel(%d, %d) = %d, want %d", c.v, c.most, got, c.want)
		}
	}
}
