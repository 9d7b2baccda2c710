package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/app/review"
	"lectern/store"
)

// The daily review (View → Daily Review, Ctrl+R) stands in the reader's place: one card at a
// time, the quote large with a sentence of context around it, graded from the keyboard. The
// scheduling and the day's list are app/review's; this is only their window.

// Preferences of the daily review (UI settings).
const (
	prefReviewLimit       = "review.limit"       // cards a day
	prefReviewHideComment = "review.hideComment" // the comment shows after Space (recall practice)
)

// reviewLimits are the daily limits the review offers.
var reviewLimits = []int{5, 10, 15, 20, 30, 50}

// reviewLimit is the daily limit the user chose.
func (ui *window) reviewLimit() int {
	if n := ui.app.Preferences().IntWithFallback(prefReviewLimit, review.DefaultLimit); n > 0 {
		return n
	}
	return review.DefaultLimit
}

// today is the user's date: the review's day.
func today() review.Day { return review.DayOf(time.Now()) }

// reviewView shows the day's review, one card at a time; it takes the keys while it is shown.
type reviewView struct {
	widget.BaseWidget
	ui *window

	day      review.Day
	cards    []review.Card
	card     review.Card    // the card shown; Key.ID 0 when the summary shows
	article  *store.Article // the card's
	revealed bool           // the hidden comment was revealed (Space)
	reviewed int            // grades given in this review
	streak   int
	busy     bool // a grade or a load is in flight: keys wait for it
	seq      int  // the last load asked for wins
	editing  bool // the user went to edit the card's comment (E)
	err      error

	mu       sync.Mutex
	articles map[int64]*store.Article // read off the UI goroutine, guarded by mu

	progress    *widget.Label
	source      *widget.Label
	byline      *widget.RichText
	before      *widget.RichText
	quote       *widget.Label
	after       *widget.RichText
	comment     *widget.Label
	tags        *widget.RichText
	summary     *widget.Label
	limit       *widget.Select
	hideComment *widget.Check
	cardBox     *fyne.Container
	summaryBox  *fyne.Container
	root        fyne.CanvasObject
}

var (
	_ fyne.Focusable = (*reviewView)(nil)
	_ fyne.Tappable  = (*reviewView)(nil)
)

func newReviewView(ui *window) *reviewView {
	r := &reviewView{ui: ui, articles: map[int64]*store.Article{}}
	title := widget.NewLabel("Daily Review")
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.SizeName = theme.SizeNameSubHeadingText
	r.progress = widget.NewLabel("")
	r.source = widget.NewLabel("")
	r.source.TextStyle = fyne.TextStyle{Bold: true}
	r.source.Wrapping = fyne.TextWrapWord
	r.byline = dimText(theme.SizeNameText)
	r.before = dimText(sizeReadingText)
	r.quote = widget.NewLabel("")
	r.quote.Wrapping = fyne.TextWrapWord
	r.quote.SizeName = sizeReadingTitle
	r.after = dimText(sizeReadingText)
	r.comment = widget.NewLabel("")
	r.comment.Wrapping = fyne.TextWrapWord
	r.comment.SizeName = sizeReadingText
	r.tags = dimText(theme.SizeNameText)
	r.summary = widget.NewLabel("")
	r.summary.Wrapping = fyne.TextWrapWord
	r.summary.SizeName = sizeReadingText

	prefs := ui.app.Preferences()
	var labels []string
	for _, n := range reviewLimits {
		labels = append(labels, limitLabel(n))
	}
	if !containsInt(reviewLimits, ui.reviewLimit()) {
		labels = append(labels, limitLabel(ui.reviewLimit()))
	}
	r.limit = widget.NewSelect(labels, nil)
	r.limit.SetSelected(limitLabel(ui.reviewLimit()))
	r.limit.OnChanged = func(s string) {
		var n int
		if _, err := fmt.Sscanf(s, "%d", &n); err == nil && n > 0 {
			prefs.SetInt(prefReviewLimit, n)
			r.load(nil)
		}
		r.focus()
	}
	r.hideComment = widget.NewCheck("Hide the comment until Space", nil)
	r.hideComment.SetChecked(prefs.Bool(prefReviewHideComment))
	r.hideComment.OnChanged = func(on bool) {
		prefs.SetBool(prefReviewHideComment, on)
		r.revealed = false
		r.showCard()
		r.focus()
	}

	grade := func(label string, g review.Rating) *widget.Button {
		return widget.NewButton(label, func() { r.grade(g) })
	}
	good := grade("3  Good", review.Good)
	good.Importance = widget.HighImportance
	grades := container.NewGridWithColumns(4, grade("1  Again", review.Again), grade("2  Hard", review.Hard), good, grade("4  Easy", review.Easy))
	small := func(label string, f func()) *widget.Button {
		b := widget.NewButton(label, f)
		b.Importance = widget.LowImportance
		return b
	}
	actions := container.NewHBox(
		small("Open (O)", r.open), small("Edit comment (E)", r.edit),
		small("Snooze (S)", r.snooze), small("Discard (D)", r.discard), small("Back (Esc)", ui.leaveReview))
	r.cardBox = container.NewVBox(r.source, r.byline, widget.NewSeparator(), r.before, r.quote, r.after,
		widget.NewSeparator(), r.comment, r.tags, reviewGap(), grades, actions)
	r.summaryBox = container.NewVBox(r.summary, container.NewHBox(small("Back to the reader (Esc)", ui.leaveReview)))
	r.summaryBox.Hide()
	r.cardBox.Hide()
	head := container.NewBorder(nil, nil, nil, container.NewHBox(r.hideComment, r.limit), container.NewHBox(title, r.progress))
	column := container.NewVBox(head, widget.NewSeparator(), r.cardBox, r.summaryBox)
	r.root = container.NewVScroll(container.New(&columnLayout{max: 760}, column))
	r.ExtendBaseWidget(r)
	return r
}

// dimText is wrapped text in the placeholder's colour: there, but quieter than the quote
// (a Label's low importance is the disabled colour, too faint to read in some themes).
func dimText(size fyne.ThemeSizeName) *widget.RichText {
	t := widget.NewRichText(&widget.TextSegment{Style: widget.RichTextStyle{
		ColorName: theme.ColorNamePlaceHolder, SizeName: size, Inline: true}})
	t.Wrapping = fyne.TextWrapWord
	return t
}

// setDim shows s in t, made by dimText; it is hidden when s is empty.
func setDim(t *widget.RichText, s string) {
	t.Segments[0].(*widget.TextSegment).Text = s
	showIf(t, s != "")
	t.Refresh()
}

// reviewGap is a little room between the card and its buttons.
func reviewGap() fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(1, theme.Padding()*2))
}

func limitLabel(n int) string { return fmt.Sprintf("%d a day", n) }

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

func (r *reviewView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.root) }

// showReview shows the daily review in the reader's place (View → Daily Review, Ctrl+R); when
// it shows already, it takes the keys again, with the card read again (its comment edited).
func (ui *window) showReview() {
	if r, ok := ui.panes.middle().(*reviewView); ok {
		r.focus()
		r.load(nil)
		return
	}
	r := newReviewView(ui)
	ui.panes.showInMiddle(r)
	r.focus()
	r.load(nil)
}

// leaveReview shows the reader again in place of the review or the stats (Esc).
func (ui *window) leaveReview() {
	m := ui.panes.middle()
	if m == nil {
		return
	}
	if r, ok := m.(*reviewView); ok {
		r.seq++ // what is still being read is not shown
	}
	if v, ok := m.(*noteView); ok {
		v.seq++
		if v.editor != nil {
			v.editor.complete.close()
			ui.flushSoon(ui.saver)
			ui.notes.reload() // the side panel shows what was typed in the wide editor
		}
	}
	ui.panes.showInMiddle(nil)
	ui.win.Canvas().Focus(ui.reader.view)
}

func (r *reviewView) focus() { r.ui.win.Canvas().Focus(r) }

// load reads the day's review again, after first running between (off the UI goroutine; a
// grade, a snooze…), and shows the next card, or the summary when none is left.
func (r *reviewView) load(between func(ctx context.Context, day review.Day) error) {
	r.seq++
	seq := r.seq
	r.busy = true
	day := today()
	if r.card.Key.ID != 0 && between != nil {
		day = r.day // a grade counts for the day of the card shown
	}
	limit := r.ui.reviewLimit()
	ui := r.ui
	ui.background(func() {
		ctx := context.Background()
		ui.commentSaver.Flush() // a comment just edited is read with its card
		var (
			cards   []review.Card
			next    review.Card
			article *store.Article
			streak  int
			err     error
		)
		if between != nil {
			err = between(ctx, day)
		}
		if err == nil {
			day = today() // past midnight, the next card is tomorrow's
			cards, err = review.Today(ctx, ui.db, day, limit)
		}
		var ok bool
		if err == nil {
			if next, ok = review.NextCard(cards); ok && next.ArticleID != 0 {
				article, err = r.readArticle(ctx, next.ArticleID)
			} else {
				streak, err = review.Streak(ctx, ui.db, day)
			}
		}
		ui.do(func() {
			if seq != r.seq {
				return
			}
			r.busy = false
			r.err = err
			if err != nil {
				r.showCard()
				return
			}
			if next.Key != r.card.Key {
				r.revealed = false
			}
			r.day, r.cards, r.card, r.article, r.streak = day, cards, next, article, streak
			r.showCard()
		})
	})
}

// readArticle reads article id (its text for the context, its tags), once per review.
func (r *reviewView) readArticle(ctx context.Context, id int64) (*store.Article, error) {
	r.mu.Lock()
	a, ok := r.articles[id]
	r.mu.Unlock()
	if ok {
		return a, nil
	}
	a, err := r.ui.db.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.articles[id] = a
	r.mu.Unlock()
	return a, nil
}

// showCard shows the card, or the summary when the day's review is done.
func (r *reviewView) showCard() {
	if r.err != nil {
		r.cardBox.Hide()
		r.summary.SetText("The review could not be read: " + r.err.Error())
		r.summaryBox.Show()
		r.progress.SetText("")
		return
	}
	c := r.card
	if c.Key.ID == 0 {
		r.cardBox.Hide()
		r.summary.SetText(r.summaryText())
		r.summaryBox.Show()
		r.progress.SetText(r.progressText())
		r.Refresh()
		return
	}
	r.summaryBox.Hide()
	r.progress.SetText(r.progressText())
	title := c.Title
	if title == "" {
		title = "Untitled"
	}
	if c.Kind == review.NoteCard {
		title = "Note: " + store.NoteTitleOf(c.Note)
		if c.Title != "" {
			title += " · " + c.Title
		}
	}
	r.source.SetText(title)
	byline := strings.TrimSpace(c.Byline)
	if byline == "" && r.article != nil {
		byline = r.article.Site
	}
	setDim(r.byline, byline)
	if c.Kind == review.NoteCard {
		r.showNoteCard(c)
		return
	}
	before, after := passageContext(r.article, c.Highlight)
	setDim(r.before, before)
	// Punctuation right after the passage follows the closing quotation mark, not the context.
	punct := strings.IndexFunc(after, func(r rune) bool { return !strings.ContainsRune(".,;:!?…", r) })
	if punct < 0 {
		punct = len(after)
	}
	r.quote.SetText("“" + strings.TrimSpace(c.Quote) + "”" + after[:punct])
	setDim(r.after, strings.TrimSpace(after[punct:]))
	comment := c.Comment
	if pending, ok := r.ui.commentSaver.PendingText(c.HighlightID); ok {
		comment = pending
	}
	comment = strings.TrimSpace(comment)
	switch {
	case comment == "":
		r.comment.SetText("No comment. E adds one.")
		r.comment.TextStyle = fyne.TextStyle{Italic: true}
	case r.hideComment.Checked && !r.revealed:
		r.comment.SetText("The comment is hidden: recall it, then press Space.")
		r.comment.TextStyle = fyne.TextStyle{Italic: true}
	default:
		r.comment.SetText(comment)
		r.comment.TextStyle = fyne.TextStyle{}
	}
	r.comment.Refresh()
	var tags []string
	if r.article != nil {
		for _, t := range r.article.Tags {
			tags = append(tags, "#"+t)
		}
	}
	setDim(r.tags, strings.Join(tags, "  "))
	r.cardBox.Show()
	r.Refresh()
}

// showNoteCard shows a note's card: its text large, no passage around it; E edits the note.
func (r *reviewView) showNoteCard(c review.Card) {
	setDim(r.before, "")
	setDim(r.after, "")
	text := c.Quote
	if pending, ok := r.ui.saver.PendingText(r.ui.drafts.keyOf(c.NoteID)); ok {
		text = pending
	}
	r.quote.SetText(strings.TrimSpace(text))
	r.comment.SetText("A note marked for review (#review). E edits it.")
	r.comment.TextStyle = fyne.TextStyle{Italic: true}
	r.comment.Refresh()
	var tags []string
	if r.article != nil {
		for _, t := range r.article.Tags {
			tags = append(tags, "#"+t)
		}
	}
	setDim(r.tags, strings.Join(tags, "  "))
	r.cardBox.Show()
	r.Refresh()
}

func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

// progressText is "3 of 10": where the card shown stands in the day's review.
func (r *reviewView) progressText() string {
	total := len(r.cards)
	done := total - review.Remaining(r.cards)
	if r.card.Key.ID == 0 {
		if total == 0 {
			return ""
		}
		return fmt.Sprintf("%d of %d, done", done, total)
	}
	s := fmt.Sprintf("%d of %d", done+1, total)
	switch {
	case r.card.Again:
		s += " · again"
	case r.card.New:
		s += " · new"
	}
	return s
}

// summaryText says what the day's review came to.
func (r *reviewView) summaryText() string {
	done := len(r.cards) - review.Remaining(r.cards)
	var b strings.Builder
	switch {
	case len(r.cards) == 0:
		b.WriteString("Nothing to review today.\n\nHighlight passages as you read (select them, then Ctrl+H): each becomes a card, brought back here a few at a time before it is forgotten. A note tagged #review becomes one too.")
	case r.reviewed > 0:
		fmt.Fprintf(&b, "Done for today: %d %s reviewed", r.reviewed, plural(r.reviewed, "card", "cards"))
		if done > r.reviewed {
			fmt.Fprintf(&b, " (%d today in all)", done)
		}
		b.WriteString(".")
	default:
		fmt.Fprintf(&b, "Today's review is done: %d %s reviewed.", done, plural(done, "card", "cards"))
	}
	if r.streak > 0 {
		fmt.Fprintf(&b, "\n\nStreak: %d %s in a row.", r.streak, plural(r.streak, "day", "days"))
	}
	if len(r.cards) > 0 {
		b.WriteString("\n\nThe next cards come tomorrow; a higher daily limit (above) brings more today.")
	}
	return b.String()
}

// grade grades the card shown and shows the next.
func (r *reviewView) grade(g review.Rating) {
	if r.busy || r.card.Key.ID == 0 {
		return
	}
	id := r.card.Key
	var res review.Result
	r.load(func(ctx context.Context, day review.Day) error {
		var err error
		res, err = review.GradeCard(ctx, r.ui.db, id, g, day)
		if err == nil {
			r.ui.do(func() {
				r.reviewed++
				r.ui.library.refreshDue()
				r.ui.status.set(gradeSaid(g, res.Days))
			})
		}
		return err
	})
}

// gradeSaid tells when a card graded g comes back.
func gradeSaid(g review.Rating, days int) string {
	name := map[review.Rating]string{review.Again: "Again", review.Hard: "Hard", review.Good: "Good", review.Easy: "Easy"}[g]
	switch days {
	case 0:
		return name + ": the card comes back later today."
	case 1:
		return name + ": the card comes back tomorrow."
	}
	return fmt.Sprintf("%s: the card comes back in %d days.", name, days)
}

// snooze takes the card out of the review for a few days.
func (r *reviewView) snooze() {
	if r.busy || r.card.Key.ID == 0 {
		return
	}
	id := r.card.Key
	r.load(func(ctx context.Context, day review.Day) error {
		err := review.SnoozeCard(ctx, r.ui.db, id, day, review.DefaultSnooze)
		if err == nil {
			r.ui.do(func() {
				r.ui.library.refreshDue()
				r.ui.status.set(fmt.Sprintf("Snoozed: the card comes back in %d days.", review.DefaultSnooze))
			})
		}
		return err
	})
}

// discard takes the card out of the review for good, with Undo.
func (r *reviewView) discard() {
	if r.busy || r.card.Key.ID == 0 {
		return
	}
	id := r.card.Key
	ui := r.ui
	r.load(func(ctx context.Context, day review.Day) error {
		err := review.DiscardCard(ctx, ui.db, id)
		if err == nil {
			ui.do(func() {
				ui.library.refreshDue()
				ui.status.offerUndo(fmt.Sprintf("Discarded the card from the review (the %s stays).", id.Kind), func() {
					ui.background(func() {
						err := review.RestoreCard(context.Background(), ui.db, id)
						ui.do(func() {
							if err != nil {
								ui.showError("Could not bring the card back", err)
								return
							}
							ui.status.set("The card is back in the review.")
							ui.library.refreshDue()
							if m, ok := ui.panes.middle().(*reviewView); ok {
								m.load(nil)
							}
						})
					})
				})
			})
		}
		return err
	})
}

// open leaves the review for the card's article, at its passage.
func (r *reviewView) open() {
	if r.card.Key.ID == 0 {
		return
	}
	if r.card.Kind == review.NoteCard {
		if r.card.ArticleID != 0 {
			id := r.card.ArticleID
			r.ui.leaveReview()
			r.ui.openArticleThen(id, func() {})
		}
		return
	}
	h := r.card.Highlight
	r.ui.leaveReview()
	r.ui.openArticleThen(h.ArticleID, func() { r.ui.reader.showPassage(h.Start, h.End) })
}

// edit puts the cursor in the card's comment in the notes panel; back in the review (a click,
// Ctrl+R), the card shows what was written.
func (r *reviewView) edit() {
	if r.card.Key.ID == 0 {
		return
	}
	if r.card.Kind == review.NoteCard { // the note, in the wide editor
		r.editing = true
		r.ui.openNote(r.card.NoteID)
		r.ui.status.set("Editing the note. Ctrl+R goes back to the review.")
		return
	}
	id, article := r.card.HighlightID, r.card.ArticleID
	r.editing = true
	r.ui.openArticleThen(article, func() {
		r.ui.focusComment(id)
		r.ui.status.set("Editing the comment. Ctrl+R or a click on the card goes back to the review.")
	})
}

// reveal shows the hidden comment (Space).
func (r *reviewView) reveal() {
	if r.card.Key.ID != 0 && !r.revealed {
		r.revealed = true
		r.showCard()
	}
}

// FocusGained is part of fyne.Focusable: back from editing a comment, the card is read again.
func (r *reviewView) FocusGained() {
	if r.editing {
		r.editing = false
		r.load(nil)
	}
}

// FocusLost is part of fyne.Focusable.
func (r *reviewView) FocusLost() {}

// Tapped takes the keys back to the review.
func (r *reviewView) Tapped(*fyne.PointEvent) { r.focus() }

// TypedRune grades and acts: 1–4 grade, Space reveals, O opens, E edits, S snoozes, D discards.
func (r *reviewView) TypedRune(c rune) {
	switch unicode.ToLower(c) {
	case '1':
		r.grade(review.Again)
	case '2':
		r.grade(review.Hard)
	case '3':
		r.grade(review.Good)
	case '4':
		r.grade(review.Easy)
	case ' ':
		r.reveal()
	case 'o':
		r.open()
	case 'e':
		r.edit()
	case 's':
		r.snooze()
	case 'd':
		r.discard()
	}
}

// TypedKey leaves the review on Esc; the keypad's digits grade.
func (r *reviewView) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		r.ui.leaveReview()
	case "KP_1", "KP_2", "KP_3", "KP_4":
		r.TypedRune(rune(k.Name[3]))
	}
}

// passageContext is a sentence of the article's text before the highlight and one after it
// (each completing the highlight's own sentence when it starts or ends inside one). Without the
// article, or for an unplaced highlight, it is the text the highlight stored around its quote.
func passageContext(a *store.Article, h store.Highlight) (before, after string) {
	ends := endsSentence([]rune(strings.TrimSpace(h.Quote)))
	if a != nil && h.Placed() {
		body := []rune(a.Body)
		if h.End <= len(body) {
			before = sentenceBefore(string(body[max(0, h.Start-contextRunes):h.Start]))
			after = sentenceAfter(string(body[h.End:min(len(body), h.End+contextRunes)]), ends)
			return clip(before, true), clip(after, false)
		}
	}
	return clip(sentenceBefore(h.Prefix), true), clip(sentenceAfter(h.Suffix, ends), false)
}

// contextRunes is how far around the quote the context is looked for; clip keeps less.
const contextRunes = 800

// sentenceBefore is the end of text: the sentence before its end (the last of the paragraph
// before, for a quote that starts one), or the start of the sentence that the end is inside
// plus the sentence before it, never past that paragraph's start.
func sentenceBefore(text string) string {
	r := []rune(text)
	end := len(r)
	trimmed := len([]rune(strings.TrimRightFunc(text, unicode.IsSpace)))
	// Sentence starts (after ". " or a line break) before the end, latest last.
	var starts []int
	paragraph := -1
	for i := 1; i < trimmed; i++ {
		if r[i-1] == '\n' {
			starts = append(starts, i)
			paragraph = i
			continue
		}
		if unicode.IsSpace(r[i-1]) && i >= 2 && endsSentence(r[:i-1]) {
			starts = append(starts, i)
		}
	}
	need := 1 // the quote starts a sentence: the one before it
	if trimmed > 0 && !endsSentence(r[:trimmed]) && r[trimmed-1] != '\n' {
		need = 2 // inside a sentence: its start, and the one before
	}
	from := 0
	if len(starts) >= need {
		from = starts[len(starts)-need]
	}
	from = max(from, paragraph)
	return strings.TrimSpace(string(r[from:end]))
}

// sentenceAfter is the start of text: the sentence after the quote when the quote ends one
// (quoteEnds; the first of the next paragraph, for a quote that ends one), or else the rest of
// the quote's sentence and the sentence after it, never past that paragraph's end.
func sentenceAfter(text string, quoteEnds bool) string {
	r := []rune(text)
	lead := len(r) - len([]rune(strings.TrimLeftFunc(text, unicode.IsSpace)))
	need := 2
	if quoteEnds || strings.ContainsRune(string(r[:lead]), '\n') {
		need = 1
	}
	for i := lead; i < len(r); i++ {
		if r[i] == '\n' {
			return strings.TrimSpace(string(r[:i]))
		}
		if endsSentence(r[:i+1]) && (i+1 == len(r) || unicode.IsSpace(r[i+1])) {
			if need--; need == 0 {
				return strings.TrimSpace(string(r[:i+1]))
			}
		}
	}
	return strings.TrimSpace(text)
}

// endsSentence is whether r ends with a sentence's end: . ! ? or …, then perhaps a closing
// quote or bracket.
func endsSentence(r []rune) bool {
	i := len(r) - 1
	for i >= 0 && strings.ContainsRune(`"'”’)]»`, r[i]) {
		i--
	}
	return i >= 0 && strings.ContainsRune(".!?…", r[i])
}

// clip keeps context short: at most maxContext runes, cut at a word, with "…" where it was cut.
func clip(s string, before bool) string {
	const maxContext = 320
	r := []rune(s)
	if len(r) <= maxContext {
		return s
	}
	if before {
		cut := string(r[len(r)-maxContext:])
		if i := strings.IndexFunc(cut, unicode.IsSpace); i >= 0 {
			cut = cut[i+1:]
		}
		return "…" + cut
	}
	cut := string(r[:maxContext])
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i >= 0 {
		cut = cut[:i]
	}
	return cut + "…"
}

// columnLayout centres one object at most max pixels wide, with padding around it.
type columnLayout struct{ max float32 }

func (c *columnLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding() * 4
	var s fyne.Size
	for _, o := range objects {
		m := o.MinSize()
		s = fyne.NewSize(max(s.Width, m.Width+2*pad), max(s.Height, m.Height+2*pad))
	}
	return s
}

func (c *columnLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding() * 4
	w := min(c.max, size.Width-2*pad)
	for _, o := range objects {
		o.Move(fyne.NewPos((size.Width-w)/2, pad))
		o.Resize(fyne.NewSize(w, max(o.MinSize().Height, size.Height-2*pad)))
	}
}
