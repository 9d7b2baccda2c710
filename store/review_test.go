package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// reviewFixture makes articles with n highlights each, returning the articles' ids and the
// highlights' ids in creation order.
func reviewFixture(t testing.TB, db *DB, articles, n int) (aids, hids []int64) {
	t.Helper()
	ctx := context.Background()
	had, err := db.CountArticles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range articles {
		aid, err := db.AddArticle(ctx, &Article{Title: fmt.Sprintf("Article %d", had+i), Body: fmt.Sprintf("body %d", had+i)})
		if err != nil {
			t.Fatal(err)
		}
		aids = append(aids, aid)
		for j := range n {
			h, err := db.AddHighlight(ctx, Highlight{ArticleID: aid, Quote: fmt.Sprintf("quote %d.%d", i, j), Start: -1, End: -1})
			if err != nil {
				t.Fatal(err)
			}
			hids = append(hids, h.ID)
		}
	}
	return aids, hids
}

func cardIDs(cs []ReviewCard) []int64 {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.Highlight.ID)
	}
	return ids
}

// grade records a grade with a fixed outcome: due on due.
func grade(t *testing.T, db *DB, id int64, day, due string) {
	t.Helper()
	_, err := db.GradeReview(context.Background(), id, day, func(s ReviewState) (ReviewState, ReviewGrade, error) {
		s.Reps++
		s.Stability, s.Difficulty, s.LastDay, s.Due = 3, 5, day, due
		return s, ReviewGrade{Grade: 3, Stability: 3, Difficulty: 5, Due: due}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReviewDayNewCardsAndStability(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	_, h := reviewFixture(t, db, 3, 4) // ids 1..12

	cards, err := db.ReviewDay(ctx, "2026-03-01", 5)
	if err != nil {
		t.Fatal(err)
	}
	// New cards alternate the most recent and the oldest.
	want := []int64{h[11], h[0], h[10], h[1], h[9]}
	if got := cardIDs(cards); !slices.Equal(got, want) {
		t.Fatalf("first review = %v, want %v", got, want)
	}
	if cards[0].Title != "Article 2" || cards[0].Highlight.Quote != "quote 2.3" || cards[0].Position != 0 {
		t.Errorf("card = %+v", cards[0])
	}

	// The same day gives the same list, even after new highlights and a grade.
	reviewFixture(t, db, 1, 2)
	grade(t, db, h[11], "2026-03-01", "2026-03-04")
	again, err := db.ReviewDay(ctx, "2026-03-01", 5)
	if err != nil || !slices.Equal(cardIDs(again), want) {
		t.Fatalf("same day again = %v, %v; want %v", cardIDs(again), err, want)
	}
	if again[0].State.Due != "2026-03-04" || again[0].State.Reps != 1 {
		t.Errorf("graded card's state = %+v", again[0].State)
	}
	// A lower limit gives the first cards; a higher one appends.
	if fewer, _ := db.ReviewDay(ctx, "2026-03-01", 2); !slices.Equal(cardIDs(fewer), want[:2]) {
		t.Errorf("limit 2 = %v", cardIDs(fewer))
	}
	more, _ := db.ReviewDay(ctx, "2026-03-01", 7)
	if got := cardIDs(more); len(got) != 7 || !slices.Equal(got[:5], want) {
		t.Errorf("limit 7 = %v", got)
	}
	// Never more than the limit, and never a card twice, when few are left.
	all, _ := db.ReviewDay(ctx, "2026-03-01", 100)
	seen := map[int64]bool{}
	for _, id := range cardIDs(all) {
		if seen[id] {
			t.Fatalf("card %d twice in %v", id, cardIDs(all))
		}
		seen[id] = true
	}
	if len(all) != 14 {
		t.Errorf("with a limit of 100, %d cards of 14 highlights", len(all))
	}
}

func TestReviewDayDueFirst(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	_, h := reviewFixture(t, db, 2, 5)
	grade(t, db, h[3], "2026-03-01", "2026-03-05")
	grade(t, db, h[7], "2026-03-01", "2026-03-03")
	grade(t, db, h[1], "2026-03-01", "2026-03-09")

	cards, err := db.ReviewDay(ctx, "2026-03-06", 4)
	if err != nil {
		t.Fatal(err)
	}
	// Due first, most overdue first; then new ones (h[9] newest, h[0] oldest). h[1] is not due.
	want := []int64{h[7], h[3], h[9], h[0]}
	if got := cardIDs(cards); !slices.Equal(got, want) {
		t.Fatalf("review = %v, want %v", got, want)
	}
	if n, err := db.CountDue(ctx, "2026-03-06"); err != nil || n != 2 {
		t.Errorf("CountDue = %d, %v; want 2", n, err)
	}
	// Only due cards when there are more than the limit.
	if cards, _ := db.ReviewDay(ctx, "2026-03-10", 2); !slices.Equal(cardIDs(cards), []int64{h[7], h[3]}) {
		t.Errorf("limit 2 with 3 due = %v", cardIDs(cards))
	}
}

func TestReviewLeaves(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	aids, h := reviewFixture(t, db, 3, 2) // article i has h[2i], h[2i+1]
	day := "2026-03-01"
	if err := db.SetStatus(ctx, aids[0], Archived); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashHighlight(ctx, h[2]); err != nil {
		t.Fatal(err)
	}
	if err := db.DiscardReview(ctx, h[3]); err != nil {
		t.Fatal(err)
	}
	cards, err := db.ReviewDay(ctx, day, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := cardIDs(cards); !slices.Equal(got, []int64{h[5], h[4]}) {
		t.Fatalf("review = %v, want only article 3's highlights", got)
	}
	// Leaving after the list was made: gone from it, not replaced.
	if err := db.SnoozeReview(ctx, h[5], "2026-03-04"); err != nil {
		t.Fatal(err)
	}
	if cards, _ := db.ReviewDay(ctx, day, 10); !slices.Equal(cardIDs(cards), []int64{h[4]}) {
		t.Fatalf("after a snooze = %v", cardIDs(cards))
	}
	if err := db.SetStatus(ctx, aids[2], Archived); err != nil {
		t.Fatal(err)
	}
	if cards, _ := db.ReviewDay(ctx, day, 10); len(cards) != 0 {
		t.Fatalf("after archiving = %v", cardIDs(cards))
	}
	// Back from the archive and due again after the snooze.
	if err := db.SetStatus(ctx, aids[2], Done); err != nil {
		t.Fatal(err)
	}
	if cards, _ := db.ReviewDay(ctx, "2026-03-04", 1); !slices.Equal(cardIDs(cards), []int64{h[5]}) {
		t.Fatalf("after the snooze = %v", cardIDs(cards))
	}
	// Grading a discarded or trashed card is refused; restoring brings it back.
	_, err = db.GradeReview(ctx, h[3], day, func(s ReviewState) (ReviewState, ReviewGrade, error) {
		return s, ReviewGrade{Grade: 3, Due: day}, nil
	})
	if !errors.Is(err, ErrDiscarded) {
		t.Errorf("grading a discarded card: %v", err)
	}
	if err := db.RestoreReview(ctx, h[3]); err != nil {
		t.Fatal(err)
	}
	grade(t, db, h[3], day, "2026-03-02")
	_, err = db.GradeReview(ctx, h[2], day, func(s ReviewState) (ReviewState, ReviewGrade, error) {
		return s, ReviewGrade{Grade: 3, Due: day}, nil
	})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("grading a trashed highlight: %v", err)
	}
	if err := db.DiscardReview(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("discarding a missing highlight: %v", err)
	}
	if _, err := db.ReviewDay(ctx, "01/03/2026", 10); err == nil {
		t.Error("a day not written YYYY-MM-DD was accepted")
	}
}

func TestReviewHistory(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	_, h := reviewFixture(t, db, 1, 2)
	grade(t, db, h[0], "2026-03-01", "2026-03-03")
	grade(t, db, h[0], "2026-03-03", "2026-03-10")
	grade(t, db, h[1], "2026-03-03", "2026-03-05")
	hist, err := db.ReviewHistory(ctx, h[0])
	if err != nil || len(hist) != 2 || hist[0].Day != "2026-03-01" || hist[1].Due != "2026-03-10" || hist[1].Grade != 3 {
		t.Fatalf("history = %+v, %v", hist, err)
	}
	days, err := db.ReviewedDays(ctx)
	if err != nil || !slices.Equal(days, []string{"2026-03-03", "2026-03-01"}) {
		t.Errorf("ReviewedDays = %v, %v", days, err)
	}
	states, err := db.ArticleReviewStates(ctx, 1)
	if err != nil || len(states) != 2 || states[h[0]].Reps != 2 || states[h[0]].Due != "2026-03-10" {
		t.Errorf("ArticleReviewStates = %+v, %v", states, err)
	}
	if all, err := db.AllReviewStates(ctx); err != nil || len(all) != 2 || all[h[1]].Due != "2026-03-05" {
		t.Errorf("AllReviewStates = %+v, %v", all, err)
	}
	c, err := db.ReviewCardOf(ctx, h[1])
	if err != nil || c.State.Due != "2026-03-05" || c.Title != "Article 0" {
		t.Errorf("ReviewCardOf = %+v, %v", c, err)
	}
	// Deleting the article takes its cards and history with it.
	if err := db.DeleteArticle(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if days, _ := db.ReviewedDays(ctx); len(days) != 0 {
		t.Errorf("history left after the article's deletion: %v", days)
	}
}

func TestArticlesFinished(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	aids, _ := reviewFixture(t, db, 2, 0)
	count := func() int {
		var n int
		db.sql.QueryRow(`SELECT count(*) FROM articles_finished`).Scan(&n)
		return n
	}
	db.SetStatus(ctx, aids[0], Done)
	db.SetStatus(ctx, aids[0], Archived) // archiving a finished article is not a second finish
	db.SetStatus(ctx, aids[0], Done)
	if n := count(); n != 1 {
		t.Errorf("%d finishes recorded, want 1", n)
	}
	db.SetStatus(ctx, aids[1], Done)
	db.SetStatus(ctx, aids[1], Reading) // undone
	if n := count(); n != 1 {
		t.Errorf("%d finishes after an undo, want 1", n)
	}
}
