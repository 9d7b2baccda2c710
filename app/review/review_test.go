package review

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"lectern/internal/testutil"
	"lectern/store"
)

func day(t testing.TB, s string) Day {
	t.Helper()
	d, err := ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// highlights makes an article with n highlights and returns their ids.
func highlights(t testing.TB, db *store.DB, title string, n int) (int64, []int64) {
	t.Helper()
	ctx := context.Background()
	aid, err := db.AddArticle(ctx, &store.Article{Title: title, Body: "The body of " + title})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := range n {
		h, err := db.AddHighlight(ctx, store.Highlight{ArticleID: aid, Quote: fmt.Sprintf("%s, passage %d", title, i), Start: -1, End: -1})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, h.ID)
	}
	return aid, ids
}

func ids(cards []Card) []int64 {
	var out []int64
	for _, c := range cards {
		out = append(out, c.HighlightID)
	}
	return out
}

func TestDay(t *testing.T) {
	d := day(t, "2024-02-28")
	if d.Add(1).String() != "2024-02-29" || d.Add(2).String() != "2024-03-01" || d.Add(-59).String() != "2023-12-31" {
		t.Errorf("Add: %s %s %s", d.Add(1), d.Add(2), d.Add(-59))
	}
	if n := day(t, "2025-03-30").Sub(day(t, "2024-03-30")); n != 365 {
		t.Errorf("Sub = %d", n)
	}
	if _, err := ParseDay("30/03/2025"); err == nil {
		t.Error("ParseDay accepted 30/03/2025")
	}
	if (Day{}).String() != "" || !(Day{}).IsZero() {
		t.Error("the zero Day")
	}
}

func TestDailyLimitAndSameDay(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	highlights(t, db, "First", 8)
	highlights(t, db, "Second", 8)
	d := day(t, "2026-05-04")
	cards, err := Today(ctx, db, d, DefaultLimit)
	if err != nil {
		t.Fatal(err)
	}
	if len(cards) != DefaultLimit {
		t.Fatalf("%d cards, want the limit, %d", len(cards), DefaultLimit)
	}
	for _, c := range cards {
		if !c.New || c.Done || c.Title == "" || c.Quote == "" {
			t.Errorf("card %+v", c)
		}
	}
	// Grading some, making more highlights: the same day gives the same list.
	highlights(t, db, "Third", 3)
	for _, id := range ids(cards)[:4] {
		if _, err := Grade(ctx, db, id, Good, d); err != nil {
			t.Fatal(err)
		}
	}
	again, err := Today(ctx, db, d, DefaultLimit)
	if err != nil || !slices.Equal(ids(again), ids(cards)) {
		t.Fatalf("the same day: %v, %v; want %v", ids(again), err, ids(cards))
	}
	if Remaining(again) != DefaultLimit-4 || !again[0].Done || again[4].Done {
		t.Errorf("remaining %d; done: %v %v", Remaining(again), again[0].Done, again[4].Done)
	}
	// The next day: none of those graded good (due in two days), never more than the limit.
	next, err := Today(ctx, db, d.Add(1), 3)
	if err != nil || len(next) != 3 {
		t.Fatalf("next day: %v, %v", ids(next), err)
	}
	for _, c := range next {
		if slices.Contains(ids(again)[:4], c.HighlightID) {
			t.Errorf("card %d graded good yesterday is back", c.HighlightID)
		}
	}
}

func TestAgainComesBackTheSameSession(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	_, h := highlights(t, db, "Article", 3)
	d := day(t, "2026-05-04")
	cards, _ := Today(ctx, db, d, 3)
	first, ok := NextCard(cards)
	if !ok || first.HighlightID != cards[0].HighlightID {
		t.Fatalf("NextCard = %+v, %v", first, ok)
	}
	res, err := Grade(ctx, db, first.HighlightID, Again, d)
	if err != nil || res.Due != d || res.Days != 0 {
		t.Fatalf("again: %+v, %v; want due the same day", res, err)
	}
	cards, _ = Today(ctx, db, d, 3)
	if Remaining(cards) != 3 || !cards[0].Again {
		t.Fatalf("after again: %d remaining, %+v", Remaining(cards), cards[0])
	}
	// The others first, then the one graded again.
	var order []int64
	for range 4 {
		c, ok := NextCard(cards)
		if !ok {
			break
		}
		order = append(order, c.HighlightID)
		if _, err := Grade(ctx, db, c.HighlightID, Good, d); err != nil {
			t.Fatal(err)
		}
		cards, _ = Today(ctx, db, d, 3)
	}
	if want := []int64{cards[1].HighlightID, cards[2].HighlightID, first.HighlightID}; !slices.Equal(order, want) {
		t.Errorf("order = %v, want %v", order, want)
	}
	if Remaining(cards) != 0 {
		t.Errorf("%d remaining after grading all", Remaining(cards))
	}
	c := cards[0]
	if c.Reps != 2 || c.Lapses != 0 || !c.Due.t.After(d.t) {
		t.Errorf("again then good the same day: %+v", c)
	}
	_ = h
}

func TestGradesScheduleFurther(t *testing.T) {
	ctx := context.Background()
	for _, history := range [][]Rating{nil, {Good}, {Good, Good}, {Again, Hard}, {Easy, Good, Hard}} {
		due := map[Rating]Day{}
		for _, g := range Ratings {
			db := testutil.OpenDB(t)
			_, h := highlights(t, db, "Article", 1)
			d := day(t, "2026-01-01")
			for _, prev := range history {
				res, err := Grade(ctx, db, h[0], prev, d)
				if err != nil {
					t.Fatal(err)
				}
				d = res.Due
			}
			res, err := Grade(ctx, db, h[0], g, d)
			if err != nil {
				t.Fatal(err)
			}
			due[g] = res.Due
			if g == Again && res.Due != d {
				t.Errorf("%v then again: due %s, want %s", history, res.Due, d)
			}
			if g >= Good && !res.Due.t.After(d.t) {
				t.Errorf("%v then %s: due %s, the same day", history, g, res.Due)
			}
			// It is not in the review of the same day any more, nor of the days before it is due.
			cards, _ := Today(ctx, db, d, 10)
			if g != Again && Remaining(cards) != 0 {
				t.Errorf("%v then %s: still to review on %s", history, g, d)
			}
		}
		if !(due[Again].t.Before(due[Hard].t) && due[Hard].t.Before(due[Good].t) && due[Good].t.Before(due[Easy].t)) {
			t.Errorf("%v: again %s, hard %s, good %s, easy %s: want each later", history, due[Again], due[Hard], due[Good], due[Easy])
		}
	}
}

func TestEveryCardComesDueInTime(t *testing.T) {
	// Thirty highlights, ten cards a day, each graded good or easy (one in five again, then
	// good): every highlight is reviewed within the first days, and no card due is left out of
	// a day's review while the due ones fit the limit.
	ctx := context.Background()
	db := testutil.OpenDB(t)
	highlights(t, db, "One", 15)
	highlights(t, db, "Two", 15)
	start := day(t, "2026-01-01")
	seen := map[int64]bool{}
	for i := range 120 {
		d := start.Add(i)
		cards, err := Today(ctx, db, d, DefaultLimit)
		if err != nil {
			t.Fatal(err)
		}
		due, err := CountDue(ctx, db, d)
		if err != nil {
			t.Fatal(err)
		}
		if due <= DefaultLimit {
			inList := 0
			for _, c := range cards {
				if !c.New {
					inList++
				}
			}
			if inList != due {
				t.Fatalf("day %s: %d due, %d of them in the review", d, due, inList)
			}
		}
		for n := 0; ; n++ {
			c, ok := NextCard(cards)
			if !ok {
				break
			}
			g := Good
			switch {
			case c.Again:
			case (int(c.HighlightID)+i)%5 == 0:
				g = Again
			case c.HighlightID%3 == 0:
				g = Easy
			}
			if _, err := Grade(ctx, db, c.HighlightID, g, d); err != nil {
				t.Fatal(err)
			}
			seen[c.HighlightID] = true
			if cards, err = Today(ctx, db, d, DefaultLimit); err != nil {
				t.Fatal(err)
			}
			if n > 30 {
				t.Fatalf("day %s: the review never ends", d)
			}
		}
		if i == 6 && len(seen) != 30 { // due cards come first: new ones fill what is left
			t.Errorf("after a week %d of 30 highlights were reviewed", len(seen))
		}
	}
	// Nothing is overdue at the end: every card came due and was reviewed.
	if cards, _ := Today(ctx, db, start.Add(120), 100); Remaining(cards) > DefaultLimit {
		t.Errorf("%d cards overdue at the end", Remaining(cards))
	}
}

func TestLeavingTheReview(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	archived, ha := highlights(t, db, "Archived", 2)
	_, hb := highlights(t, db, "Kept", 4)
	if err := db.SetStatus(ctx, archived, store.Archived); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashHighlight(ctx, hb[0]); err != nil {
		t.Fatal(err)
	}
	d := day(t, "2026-05-04")
	cards, err := Today(ctx, db, d, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cards {
		if slices.Contains(ha, c.HighlightID) || c.HighlightID == hb[0] {
			t.Errorf("card %d of an archived article or in the trash", c.HighlightID)
		}
	}
	if len(cards) != 3 {
		t.Fatalf("cards = %v", ids(cards))
	}
	if err := Discard(ctx, db, hb[1]); err != nil {
		t.Fatal(err)
	}
	if err := Snooze(ctx, db, hb[2], d, DefaultSnooze); err != nil {
		t.Fatal(err)
	}
	if cards, _ := Today(ctx, db, d, 10); !slices.Equal(ids(cards), []int64{hb[3]}) {
		t.Errorf("after discard and snooze: %v", ids(cards))
	}
	// The snoozed card is due after the snooze; the discarded one never again, until restored.
	later, _ := Today(ctx, db, d.Add(DefaultSnooze), 10)
	if !slices.Contains(ids(later), hb[2]) || slices.Contains(ids(later), hb[1]) {
		t.Errorf("after the snooze: %v", ids(later))
	}
	if err := Restore(ctx, db, hb[1]); err != nil {
		t.Fatal(err)
	}
	if cards, _ := Today(ctx, db, d.Add(10), 10); !slices.Contains(ids(cards), hb[1]) {
		t.Errorf("restored card missing: %v", ids(cards))
	}
	if _, err := Grade(ctx, db, ha[0], Good, d); err != nil {
		t.Errorf("grading a card of an archived article, by its id: %v", err)
	}
}

func TestGradeOnAnEarlierDay(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	_, h := highlights(t, db, "A", 1)
	if _, err := Grade(ctx, db, h[0], Good, day(t, "2026-05-04")); err != nil {
		t.Fatal(err)
	}
	if _, err := Grade(ctx, db, h[0], Good, day(t, "2026-05-03")); err == nil {
		t.Error("a grade on a day before the last was accepted")
	}
	if hist, _ := db.ReviewHistory(ctx, h[0]); len(hist) != 1 {
		t.Errorf("history = %+v", hist)
	}
}

func TestStreak(t *testing.T) {
	d := func(s string) Day { return day(t, s) }
	days := []string{"2026-05-10", "2026-05-09", "2026-05-08", "2026-05-06"}
	for _, c := range []struct {
		on   string
		want int
	}{
		{"2026-05-10", 3},
		{"2026-05-11", 3}, // not reviewed yet today
		{"2026-05-12", 0},
		{"2026-05-09", 2}, // a later day does not count
		{"2026-05-07", 1},
	} {
		if got := streak(days, d(c.on)); got != c.want {
			t.Errorf("streak on %s = %d, want %d", c.on, got, c.want)
		}
	}
	if streak(nil, d("2026-05-10")) != 0 {
		t.Error("streak without reviews")
	}
}
