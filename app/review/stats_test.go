package review

import (
	"context"
	"testing"
	"time"

	"lectern/internal/testutil"
	"lectern/store"
)

func TestReadingStats(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	aid, h := highlights(t, db, "Read", 3)
	if _, err := db.AddNote(ctx, aid, "a thought"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, aid, store.Done); err != nil {
		t.Fatal(err)
	}
	today := DayOf(time.Now())
	yesterday := today.Add(-1)
	for _, id := range h[:2] {
		if _, err := Grade(ctx, db, id, Good, yesterday); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Grade(ctx, db, h[2], Again, today); err != nil {
		t.Fatal(err)
	}
	st, err := ReadingStats(ctx, db, today, 4, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Weeks) != 4 || st.Weeks[3].Start.t.After(today.t) || today.Sub(st.Weeks[3].Start) > 6 ||
		st.Weeks[3].Start.t.Weekday() != time.Monday {
		t.Fatalf("weeks = %+v", st.Weeks)
	}
	last := st.Days[len(st.Days)-1]
	if last.Day != today || last.Highlights != 3 || last.Notes != 1 || last.Finished != 1 || last.Reviews != 1 {
		t.Errorf("today = %+v", last)
	}
	total := Counts{}
	for _, w := range st.Weeks {
		total.Highlights += w.Highlights
		total.Reviews += w.Reviews
	}
	if total.Highlights != 3 || total.Reviews != 3 {
		t.Errorf("weeks total %+v", total)
	}
	if st.Streak != 2 || st.ReviewedToday != 1 || st.DueToday != 1 {
		t.Errorf("streak %d, reviewed today %d, due today %d; want 2, 1, 1", st.Streak, st.ReviewedToday, st.DueToday)
	}
	// A day in the past counts nothing made after it.
	past, err := ReadingStats(ctx, db, today.Add(-30), 2, time.Local)
	if err != nil || len(past.Days) < 8 || past.Weeks[1].Highlights != 0 {
		t.Errorf("a month ago: %+v, %v", past.Weeks, err)
	}
	if d := day(t, "2026-02-11"); d.Add(-((int(d.t.Weekday()) + 6) % 7)).String() != "2026-02-09" {
		t.Error("monday")
	}
	st, _ = ReadingStats(ctx, db, day(t, "2026-02-11"), 1, time.UTC)
	if st.Weeks[0].ISO != "2026-W07" || len(st.Days) != 3 {
		t.Errorf("week of 2026-02-11: %s, %d days", st.Weeks[0].ISO, len(st.Days))
	}
}

func TestReadingTimeInStats(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	a, _ := highlights(t, db, "Long read", 0)
	b, _ := highlights(t, db, "Short read", 0)
	if err := db.AddReadingTime(ctx, []store.ReadingTime{
		{Day: "2026-02-09", ArticleID: a, Seconds: 600}, // Monday of 2026-W07
		{Day: "2026-02-11", ArticleID: a, Seconds: 300},
		{Day: "2026-02-11", ArticleID: b, Seconds: 120},
		{Day: "2026-02-04", ArticleID: b, Seconds: 60},  // the week before
		{Day: "2026-02-12", ArticleID: b, Seconds: 999}, // after the day asked for
	}); err != nil {
		t.Fatal(err)
	}
	st, err := ReadingStats(ctx, db, day(t, "2026-02-11"), 2, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if st.Weeks[0].Reading != time.Minute || st.Weeks[1].Reading != 17*time.Minute {
		t.Errorf("per week: %v, %v; want 1m, 17m", st.Weeks[0].Reading, st.Weeks[1].Reading)
	}
	if d := st.Days[len(st.Days)-1]; d.Reading != 7*time.Minute {
		t.Errorf("on 11 February: %v, want 7m", d.Reading)
	}
	if len(st.MostRead) != 2 || st.MostRead[0].ArticleID != a || st.MostRead[0].Reading != 15*time.Minute ||
		st.MostRead[0].Title != "Long read" || st.MostRead[1].Reading != 3*time.Minute {
		t.Errorf("most read: %+v", st.MostRead)
	}
}
