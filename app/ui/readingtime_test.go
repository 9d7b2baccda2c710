package ui

import (
	"context"
	"testing"
	"time"

	"lectern/store"
)

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func seconds(rows []store.ReadingTime) map[string]float64 {
	out := map[string]float64{}
	for _, r := range rows {
		out[r.Day] += r.Seconds
	}
	return out
}

func TestReadingTimerCountsActiveReadingOnly(t *testing.T) {
	clock := &fakeClock{time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	shown := true
	rt := newReadingTimer(clock.now, time.UTC, func() bool { return shown })

	clock.advance(time.Minute) // no article open
	rt.open(7)
	clock.advance(time.Minute) // open, but neither scrolled nor selected
	if rows := rt.take(); len(rows) != 0 {
		t.Errorf("counted without activity: %+v", rows)
	}
	rt.activity()
	clock.advance(30 * time.Second)
	rt.activity()
	clock.advance(5 * time.Minute) // counts 2 minutes after the last scroll, no more
	if got := seconds(rt.take()); got["2026-03-02"] != 150 {
		t.Errorf("read %v, want 150 s", got)
	}

	rt.activity()
	clock.advance(30 * time.Second)
	rt.setFocused(false) // another window has the focus
	clock.advance(time.Minute)
	rt.setFocused(true)
	clock.advance(30 * time.Second) // still within two minutes of the scroll
	if got := seconds(rt.take()); got["2026-03-02"] != 60 {
		t.Errorf("with the focus away for a minute: %v, want 60 s", got)
	}

	rt.activity()
	shown = false // the daily review stands in the reader's place
	clock.advance(3 * time.Minute)
	if rows := rt.take(); len(rows) != 0 {
		t.Errorf("counted while the reader did not show: %+v", rows)
	}
	shown = true

	// Across midnight, each day gets its part; another article its own.
	clock.t = time.Date(2026, 3, 2, 23, 59, 0, 0, time.UTC)
	rt.activity()
	clock.advance(90 * time.Second)
	rt.open(8)
	rt.activity()
	clock.advance(10 * time.Second)
	rows := rt.take()
	if len(rows) != 3 || rows[0] != (store.ReadingTime{Day: "2026-03-02", ArticleID: 7, Seconds: 60}) ||
		rows[1] != (store.ReadingTime{Day: "2026-03-03", ArticleID: 7, Seconds: 30}) ||
		rows[2] != (store.ReadingTime{Day: "2026-03-03", ArticleID: 8, Seconds: 10}) {
		t.Errorf("across midnight: %+v", rows)
	}
}

func TestReadingTimeIsSaved(t *testing.T) {
	ui := newTestWindow(t)
	ctx := context.Background()
	id, _ := reviewArticle(t, ui)
	clock := &fakeClock{time.Now()}
	r := ui.reader
	r.timer = newReadingTimer(clock.now, time.Local, func() bool { return ui.panes.middle() == nil })
	ui.openArticle(id)
	settle(ui)
	if r.article == nil || r.article.ID != id {
		t.Fatal("the article did not open")
	}
	r.view.OnScroll() // as a scroll does
	clock.advance(40 * time.Second)
	r.view.OnSelect() // as a selection does
	clock.advance(20 * time.Second)
	r.saveReadingTime() // what the ticker does every minute
	settle(ui)
	got, err := ui.db.ReadingTimes(ctx, "", "")
	if err != nil || len(got) != 1 || got[0].ArticleID != id || got[0].Seconds != 60 {
		t.Fatalf("after a minute: %+v, %v", got, err)
	}
	clock.advance(10 * time.Second)
	r.saveReadingTimeNow() // what finalSave does when the window closes
	got, err = ui.db.ReadingTimes(ctx, "", "")
	if err != nil || len(got) != 1 || got[0].Seconds != 70 {
		t.Errorf("after the window closed: %+v, %v", got, err)
	}
}
