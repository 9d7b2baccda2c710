package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func cardKeys(cs []ReviewCard) []CardKey {
	var out []CardKey
	for _, c := range cs {
		out = append(out, c.Key)
	}
	return out
}

// A note tagged "review" is a card beside the highlights: in the day's list, graded, snoozed,
// discarded and counted due like them, and gone when it leaves the review.
func TestReviewNoteCards(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	aids, h := reviewFixture(t, db, 1, 2)
	marked, err := db.AddNote(ctx, aids[0], "Spaced repetition works\n\n#review")
	if err != nil {
		t.Fatal(err)
	}
	front, err := db.AddNote(ctx, 0, "A standalone note #memory #Review")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddNote(ctx, aids[0], "Not for review #other"); err != nil {
		t.Fatal(err)
	}
	day := "2026-03-01"
	cards, err := db.ReviewDay(ctx, day, 10)
	if err != nil {
		t.Fatal(err)
	}
	// New cards by creation, the most recent first (all of them: fewer than the limit).
	want := []CardKey{NoteKey(front.ID), NoteKey(marked.ID), HighlightKey(h[1]), HighlightKey(h[0])}
	if got := cardKeys(cards); !slices.Equal(got, want) {
		t.Fatalf("review = %v, want %v", got, want)
	}
	if c := cards[0]; c.Note.Body == "" || c.Title != "" || c.Highlight.ID != 0 {
		t.Errorf("standalone note card = %+v", c)
	}
	if c := cards[1]; c.Title != "Article 0" || c.Note.ArticleID != aids[0] {
		t.Errorf("note card of an article: title %q, article %d", c.Title, c.Note.ArticleID)
	}
	// The limit counts both kinds.
	if cards, _ := db.ReviewDay(ctx, day, 2); len(cards) != 2 {
		t.Fatalf("limit 2: %v", cardKeys(cards))
	}

	gradeKey := func(k CardKey, day, due string) error {
		_, err := db.GradeCard(ctx, k, day, func(s ReviewState) (ReviewState, ReviewGrade, error) {
			s.Reps++
			s.Stability, s.Difficulty, s.LastDay, s.Due = 3, 5, day, due
			return s, ReviewGrade{Grade: 3, Stability: 3, Difficulty: 5, Due: due}, nil
		})
		return err
	}
	if err := gradeKey(NoteKey(marked.ID), day, "2026-03-03"); err != nil {
		t.Fatal(err)
	}
	hist, err := db.CardHistory(ctx, NoteKey(marked.ID))
	if err != nil || len(hist) != 1 || hist[0].Key != NoteKey(marked.ID) || hist[0].HighlightID != 0 {
		t.Fatalf("history = %+v, %v", hist, err)
	}
	if h, _ := db.ReviewHistory(ctx, marked.ID); len(h) != 0 {
		t.Errorf("the note's grade shows as highlight %d's: %+v", marked.ID, h)
	}
	if n, err := db.CountDue(ctx, "2026-03-03"); err != nil || n != 1 {
		t.Errorf("due on 03-03 = %d, %v", n, err)
	}
	due, err := db.ReviewDay(ctx, "2026-03-03", 1)
	if err != nil || !slices.Equal(cardKeys(due), []CardKey{NoteKey(marked.ID)}) {
		t.Fatalf("03-03 = %v, %v", cardKeys(due), err)
	}
	a, err := db.Activity(ctx, time.Time{}, "")
	if err != nil || a.Reviews[day] != 1 {
		t.Errorf("stats: reviews %v, %v", a.Reviews, err)
	}

	// Snooze, discard, restore.
	if err := db.SnoozeCard(ctx, NoteKey(front.ID), "2026-03-05"); err != nil {
		t.Fatal(err)
	}
	if err := db.DiscardCard(ctx, NoteKey(marked.ID)); err != nil {
		t.Fatal(err)
	}
	if cards, _ := db.ReviewDay(ctx, day, 10); !slices.Equal(cardKeys(cards), []CardKey{HighlightKey(h[1]), HighlightKey(h[0])}) {
		t.Fatalf("after snooze and discard = %v", cardKeys(cards))
	}
	if err := gradeKey(NoteKey(marked.ID), "2026-03-04", "2026-03-09"); !errors.Is(err, ErrDiscarded) {
		t.Errorf("grading a discarded note: %v", err)
	}
	if n, _ := db.CountDue(ctx, "2026-03-05"); n != 1 {
		t.Errorf("due on 03-05 = %d, want the snoozed note", n)
	}
	if err := db.RestoreCard(ctx, NoteKey(marked.ID)); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountDue(ctx, "2026-03-05"); n != 2 {
		t.Errorf("due on 03-05 after restoring = %d", n)
	}

	// Taking the tag off, trashing the note or archiving its article takes it out.
	if err := db.UpdateNote(ctx, front.ID, "A standalone note, no longer marked"); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountDue(ctx, "2026-03-05"); n != 1 {
		t.Errorf("due after the tag was taken off = %d", n)
	}
	if err := db.SetStatus(ctx, aids[0], Archived); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountDue(ctx, "2026-03-05"); n != 0 {
		t.Errorf("due after archiving = %d", n)
	}
	if err := db.SetStatus(ctx, aids[0], Done); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashNote(ctx, marked.ID); err != nil {
		t.Fatal(err)
	}
	if cards, _ := db.ReviewDay(ctx, "2026-03-05", 10); slices.Contains(cardKeys(cards), NoteKey(marked.ID)) {
		t.Errorf("a trashed note in the review: %v", cardKeys(cards))
	}
	if err := gradeKey(NoteKey(marked.ID), "2026-03-05", "2026-03-09"); !errors.Is(err, ErrNotFound) {
		t.Errorf("grading a trashed note: %v", err)
	}
	if err := db.DiscardCard(ctx, NoteKey(999)); !errors.Is(err, ErrNotFound) {
		t.Errorf("discarding a missing note: %v", err)
	}

	// Deleted for good: its card, history and places in days' lists go with it.
	if _, err := db.EmptyTrash(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	db.sql.QueryRow(`SELECT (SELECT count(*) FROM review_cards WHERE kind = 'note' AND item_id = ?)
		+ (SELECT count(*) FROM review_log WHERE kind = 'note' AND item_id = ?)
		+ (SELECT count(*) FROM review_days WHERE kind = 'note' AND item_id = ?)`, marked.ID, marked.ID, marked.ID).Scan(&n)
	if n != 0 {
		t.Errorf("%d review rows left of a note deleted for good", n)
	}
}

// Schema v9 carries the review of a v8 database over, keyed by kind and id.
func TestReviewMigrationKeepsHighlightCards(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v8.db")
	db := MustOpenAt(t, path)
	_, h := reviewFixture(t, db, 1, 2)
	grade(t, db, h[0], "2026-03-01", "2026-03-04")
	if _, err := db.ReviewDay(ctx, "2026-03-01", 10); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Back to v8's tables, with the rows v8 would have.
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	v5, err := migrationFiles.ReadFile("migrations/005_review.sql")
	if err != nil {
		t.Fatal(err)
	}
	v5Review, _, _ := strings.Cut(string(v5), "-- When articles were finished")
	for _, stmt := range []string{
		`CREATE TEMP TABLE c AS SELECT * FROM review_cards`, `CREATE TEMP TABLE l AS SELECT * FROM review_log`,
		`CREATE TEMP TABLE d AS SELECT * FROM review_days`,
		`DROP TRIGGER review_highlight_ad`, `DROP TRIGGER review_note_ad`,
		`DROP TABLE review_cards`, `DROP TABLE review_log`, `DROP TABLE review_days`, v5Review,
		`INSERT INTO review_cards SELECT item_id, stability, difficulty, reps, lapses, last_day, due, discarded FROM c`,
		`INSERT INTO review_log SELECT id, item_id, grade, day, reviewed, elapsed_days, stability, difficulty, due FROM l`,
		`INSERT INTO review_days SELECT day, position, item_id FROM d`,
		`PRAGMA user_version = 8`} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("%.40s: %v", stmt, err)
		}
	}
	raw.Close()
	db = MustOpenAt(t, path)
	defer db.Close()
	cards, err := db.ReviewDay(ctx, "2026-03-01", 10)
	if err != nil || !slices.Equal(cardKeys(cards), []CardKey{HighlightKey(h[1])}) {
		t.Fatalf("review after the migration = %v, %v", cardKeys(cards), err)
	}
	if c, err := db.ReviewCardOf(ctx, h[0]); err != nil || c.State.Due != "2026-03-04" || c.State.Reps != 1 {
		t.Errorf("state after the migration = %+v, %v", c.State, err)
	}
	if n, _ := db.CountDue(ctx, "2026-03-04"); n != 1 {
		t.Errorf("due after the migration = %d", n)
	}
	if hist, err := db.ReviewHistory(ctx, h[0]); err != nil || len(hist) != 1 {
		t.Errorf("history after the migration = %+v, %v", hist, err)
	}
	// A highlight deleted for good takes its card with it, as the foreign key did.
	if _, err := db.sql.Exec(`DELETE FROM highlights WHERE id = ?`, h[0]); err != nil {
		t.Fatal(err)
	}
	var n int
	db.sql.QueryRow(`SELECT count(*) FROM review_cards`).Scan(&n)
	if n != 0 {
		t.Errorf("%d cards left after their highlight was deleted", n)
	}
}
