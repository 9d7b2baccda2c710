package store

import (
	"context"
	"testing"
)

func TestReadingTimeAddsUp(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	aids, _ := reviewFixture(t, db, 2, 0)
	add := func(es ...ReadingTime) {
		t.Helper()
		if err := db.AddReadingTime(ctx, es); err != nil {
			t.Fatal(err)
		}
	}
	add(ReadingTime{Day: "2026-03-02", ArticleID: aids[0], Seconds: 60},
		ReadingTime{Day: "2026-03-02", ArticleID: aids[1], Seconds: 30})
	add(ReadingTime{Day: "2026-03-02", ArticleID: aids[0], Seconds: 15.5},
		ReadingTime{Day: "2026-03-03", ArticleID: aids[0], Seconds: 10},
		ReadingTime{Day: "2026-03-03", ArticleID: 9999, Seconds: 10}) // no such article: dropped
	if err := db.AddReadingTime(ctx, []ReadingTime{{Day: "March", ArticleID: aids[0], Seconds: 1}}); err == nil {
		t.Error("a day not written YYYY-MM-DD was recorded")
	}
	got, err := db.ReadingTimes(ctx, "2026-03-02", "2026-03-02")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ArticleID != aids[0] || got[0].Seconds != 75.5 || got[0].Title == "" ||
		got[1].ArticleID != aids[1] || got[1].Seconds != 30 {
		t.Errorf("2 March: %+v", got)
	}
	all, err := db.ReadingTimes(ctx, "", "")
	if err != nil || len(all) != 3 {
		t.Errorf("every day: %+v, %v", all, err)
	}
}
