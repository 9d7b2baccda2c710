package ui

import (
	"context"
	"sort"
	"sync"
	"time"

	"lectern/app/review"
	"lectern/store"
)

// Time spent reading counts active reading only: while the window has the focus, the reader
// shows an article, and the user scrolled it or made a selection within the last
// activeReading. What is counted waits in memory and is added to the database in the
// background every readingFlushEvery, and when the window closes (finalSave).
const (
	activeReading     = 2 * time.Minute
	readingFlushEvery = time.Minute
)

type readingKey struct {
	day     string
	article int64
}

// readingTimer counts time spent reading. Its clock is injected (tests); it is safe to call
// from any goroutine, but visible, which says whether the reader shows, is called with the
// calls and must be safe where they are made (the UI goroutine, or after the event loop).
type readingTimer struct {
	mu       sync.Mutex
	now      func() time.Time
	loc      *time.Location
	visible  func() bool // whether the reader is what the middle pane shows; nil: always
	focused  bool
	article  int64     // the article open, 0 when none
	from     time.Time // counted up to here
	activeTo time.Time // the last scroll or selection, plus activeReading
	pending  map[readingKey]time.Duration
}

func newReadingTimer(now func() time.Time, loc *time.Location, visible func() bool) *readingTimer {
	return &readingTimer{now: now, loc: loc, visible: visible, focused: true, from: now(),
		pending: map[readingKey]time.Duration{}}
}

// count adds the active reading from t.from to now, split at midnights, and moves t.from to now.
func (t *readingTimer) count(now time.Time) {
	from := t.from
	t.from = now
	if !t.focused || t.article == 0 || (t.visible != nil && !t.visible()) {
		return
	}
	end := now
	if t.activeTo.Before(end) {
		end = t.activeTo
	}
	for from.Before(end) {
		local := from.In(t.loc)
		y, m, d := local.Date()
		midnight := time.Date(y, m, d+1, 0, 0, 0, 0, t.loc)
		seg := end
		if midnight.Before(seg) {
			seg = midnight
		}
		t.pending[readingKey{review.DayOf(local).String(), t.article}] += seg.Sub(from)
		from = seg
	}
}

// activity records a scroll or a selection in the reader: the next activeReading count.
func (t *readingTimer) activity() {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.count(now)
	t.activeTo = now.Add(activeReading)
}

// setFocused follows the window's focus.
func (t *readingTimer) setFocused(focused bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.count(t.now())
	t.focused = focused
}

// open follows the article the reader shows (0: none); opening is not yet reading it.
func (t *readingTimer) open(id int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.count(t.now())
	if id != t.article {
		t.article, t.activeTo = id, time.Time{}
	}
}

// take counts up to now and returns what was counted and not taken yet, whole seconds or
// more, by day and article.
func (t *readingTimer) take() []store.ReadingTime {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.count(t.now())
	var out []store.ReadingTime
	for k, d := range t.pending {
		if d > 0 {
			out = append(out, store.ReadingTime{Day: k.day, ArticleID: k.article, Seconds: d.Seconds()})
		}
		delete(t.pending, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].ArticleID < out[j].ArticleID
	})
	return out
}

// watchReadingTime follows the window's focus and saves the time counted every
// readingFlushEvery until the window's context ends.
func (r *reader) watchReadingTime() {
	lc := r.ui.app.Lifecycle()
	lc.SetOnEnteredForeground(func() { r.timer.setFocused(true) })
	lc.SetOnExitedForeground(func() { r.timer.setFocused(false) })
	go func() {
		tick := time.NewTicker(readingFlushEvery)
		defer tick.Stop()
		for {
			select {
			case <-r.ui.ctx.Done():
				return
			case <-tick.C:
				r.ui.do(r.saveReadingTime)
			}
		}
	}()
}

// saveReadingTime adds the time counted to the database, in the background.
func (r *reader) saveReadingTime() {
	if rows := r.timer.take(); len(rows) > 0 {
		r.ui.background(func() { r.ui.db.AddReadingTime(context.Background(), rows) })
	}
}

// saveReadingTimeNow adds it before the window closes (finalSave).
func (r *reader) saveReadingTimeNow() {
	if rows := r.timer.take(); len(rows) > 0 {
		r.ui.db.AddReadingTime(context.Background(), rows)
	}
}
