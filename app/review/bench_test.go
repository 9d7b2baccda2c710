package review

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"lectern/store"
)

// benchDB makes an archive of 50,000 highlights: 2,500 articles of 20 highlights, one article
// in ten archived, one highlight in fifty in the trash; reviewed of them, a review state due
// on one of 121 days from dueFrom days after 2026-06-01 (one in thirty discarded). It is written with
// plain SQL in one transaction: adding 50,000 highlights one by one would take minutes.
func benchDB(b *testing.B, reviewed, dueFrom int) *store.DB {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "lectern.db")
	db, err := store.Open(ctx, path) // the schema
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const articles, perArticle = 2500, 20
	base := int64(1_700_000_000_000)
	for a := 1; a <= articles; a++ {
		status := "done"
		if a%10 == 0 {
			status = "archived"
		}
		if _, err := tx.Exec(`INSERT INTO articles (id, title, byline, imported, body, status, hash)
			VALUES (?, ?, 'A. Writer', ?, ?, ?, ?)`, a, fmt.Sprintf("Article %d", a), base, fmt.Sprintf("Body %d", a),
			status, fmt.Sprintf("h%d", a)); err != nil {
			b.Fatal(err)
		}
		for j := range perArticle {
			var deleted any
			if rng.IntN(50) == 0 {
				deleted = base
			}
			if _, err := tx.Exec(`INSERT INTO highlights (article_id, quote, prefix, suffix, start, end,
				comment, created, updated, deleted) VALUES (?, ?, 'the words before ', ' the words after', 10, 80, ?, ?, ?, ?)`,
				a, fmt.Sprintf("A passage of about a sentence worth keeping, number %d of article %d.", j, a),
				"", base+int64(a*perArticle+j), base, deleted); err != nil {
				b.Fatal(err)
			}
		}
	}
	day0 := day(b, "2026-06-01")
	for _, id := range rng.Perm(articles * perArticle)[:reviewed] {
		var discarded any
		if rng.IntN(30) == 0 {
			discarded = base
		}
		due := day0.Add(dueFrom + rng.IntN(121))
		if _, err := tx.Exec(`INSERT INTO review_cards (kind, item_id, stability, difficulty, reps, lapses,
			last_day, due, discarded) VALUES ('highlight', ?, 10, 5, 3, 0, ?, ?, ?)`, id+1, due.Add(-10).String(), due.String(), discarded); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := raw.Exec(`SELECT 1`); err != nil {
		b.Fatal(err)
	}
	raw.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkToday builds a day's review (a day never asked for before, so the list is chosen
// and kept) over 50,000 highlights, 10,000 of them reviewed before.
func BenchmarkToday(b *testing.B) {
	benchToday(b, 10_000, -60, DefaultLimit)
}

// BenchmarkTodayAllReviewed is the same when every highlight has been reviewed: no new card
// is left, so the search for new ones finds nothing.
func BenchmarkTodayAllReviewed(b *testing.B) {
	benchToday(b, 50_000, -60, DefaultLimit)
}

// BenchmarkTodayNothingLeft is the worst case: every highlight reviewed and none due for
// months, so both searches go through every card and find nothing.
func BenchmarkTodayNothingLeft(b *testing.B) {
	benchToday(b, 50_000, 1000, 0)
}

func benchToday(b *testing.B, reviewed, dueFrom, want int) {
	db := benchDB(b, reviewed, dueFrom)
	ctx := context.Background()
	d := day(b, "2026-06-01")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		cards, err := Today(ctx, db, d.Add(i), DefaultLimit)
		if err != nil {
			b.Fatal(err)
		}
		if len(cards) != want {
			b.Fatalf("%d cards", len(cards))
		}
	}
}

// BenchmarkTodayAgain reads a day's review already made (opening the review a second time).
func BenchmarkTodayAgain(b *testing.B) {
	db := benchDB(b, 10_000, -60)
	ctx := context.Background()
	d := day(b, "2026-06-01")
	if _, err := Today(ctx, db, d, DefaultLimit); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Today(ctx, db, d, DefaultLimit); err != nil {
			b.Fatal(err)
		}
	}
}
