package review

import (
	"context"
	"testing"

	"lectern/internal/testutil"
	"lectern/store"
)

func TestParseKey(t *testing.T) {
	for s, want := range map[string]Key{"12": store.HighlightKey(12), "highlight:3": store.HighlightKey(3), "note:7": store.NoteKey(7)} {
		if k, err := ParseKey(s); err != nil || k != want {
			t.Errorf("ParseKey(%q) = %v, %v", s, k, err)
		}
	}
	for _, s := range []string{"", "0", "note:", "note:x", "card:3", "-2"} {
		if _, err := ParseKey(s); err == nil {
			t.Errorf("ParseKey(%q) accepted", s)
		}
	}
}

// A note tagged "review" is a card: in the day's review with its text, graded, snoozed,
// discarded and counted like a highlight's.
func TestNoteCards(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	aid, hs := highlights(t, db, "Memory", 1)
	n, err := db.AddNote(ctx, aid, "Recall beats rereading. #review")
	if err != nil {
		t.Fatal(err)
	}
	d := day(t, "2026-05-01")
	cards, err := Today(ctx, db, d, 10)
	if err != nil || len(cards) != 2 {
		t.Fatalf("today = %+v, %v", cards, err)
	}
	c := cards[0]
	if c.Kind != NoteCard || c.NoteID != n.ID || c.HighlightID != 0 || c.Key != store.NoteKey(n.ID) ||
		c.Quote != n.Body || c.Title != "Memory" || c.ArticleID != aid || !c.New {
		t.Fatalf("note card = %+v", c)
	}
	if cards[1].Kind != HighlightCard || cards[1].HighlightID != hs[0] {
		t.Fatalf("highlight card = %+v", cards[1])
	}
	res, err := GradeCard(ctx, db, c.Key, Good, d)
	if err != nil || res.Key != c.Key || res.HighlightID != 0 || res.Days < 1 {
		t.Fatalf("grade = %+v, %v", res, err)
	}
	cards, _ = Today(ctx, db, d, 10)
	if !cards[0].Done || Remaining(cards) != 1 {
		t.Fatalf("after the grade: %+v", cards)
	}
	if n, err := CountDue(ctx, db, res.Due); err != nil || n != 1 {
		t.Errorf("due on %s = %d, %v", res.Due, n, err)
	}
	if err := SnoozeCard(ctx, db, c.Key, res.Due, 2); err != nil {
		t.Fatal(err)
	}
	if n, _ := CountDue(ctx, db, res.Due); n != 0 {
		t.Errorf("due after a snooze = %d", n)
	}
	if err := DiscardCard(ctx, db, c.Key); err != nil {
		t.Fatal(err)
	}
	if _, err := GradeCard(ctx, db, c.Key, Good, res.Due.Add(2)); err == nil {
		t.Error("a discarded note was graded")
	}
	if err := RestoreCard(ctx, db, c.Key); err != nil {
		t.Fatal(err)
	}
	if n, _ := CountDue(ctx, db, res.Due.Add(2)); n != 1 {
		t.Errorf("due after restoring = %d", n)
	}
	if s, err := Streak(ctx, db, d); err != nil || s != 1 {
		t.Errorf("streak = %d, %v", s, err)
	}
}
