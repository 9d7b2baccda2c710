package store

import (
	"context"
	"database/sql"
)

// ReadingTime is time spent reading an article on a day (YYYY-MM-DD, the user's local date).
type ReadingTime struct {
	Day       string
	ArticleID int64
	Title     string // the article's, when read back
	Seconds   float64
}

// AddReadingTime adds each entry's seconds to its article's time on its day, in one
// transaction. Entries of articles deleted for good meanwhile are dropped; a read-only
// database records nothing.
func (db *DB) AddReadingTime(ctx context.Context, entries []ReadingTime) error {
	if len(entries) == 0 || db.readOnly {
		return nil
	}
	for _, e := range entries {
		if err := checkDay(e.Day); err != nil {
			return err
		}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, e := range entries {
			if e.Seconds <= 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO reading_time (day, article_id, seconds)
				SELECT ?, id, ? FROM articles WHERE id = ?
				ON CONFLICT (day, article_id) DO UPDATE SET seconds = seconds + excluded.seconds`,
				e.Day, e.Seconds, e.ArticleID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ReadingTimes returns the time spent reading on days from sinceDay to untilDay (both
// included; "" leaves that end open), per day and article, with the articles' titles, the
// articles in the Trash included; by day, then article.
func (db *DB) ReadingTimes(ctx context.Context, sinceDay, untilDay string) ([]ReadingTime, error) {
	if untilDay == "" {
		untilDay = "9999-12-31"
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT r.day, r.article_id, a.title, r.seconds
		FROM reading_time r JOIN articles a ON a.id = r.article_id
		WHERE r.day >= ? AND r.day <= ? ORDER BY r.day, r.article_id`, sinceDay, untilDay)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []ReadingTime
	for rows.Next() {
		var r ReadingTime
		if err := rows.Scan(&r.Day, &r.ArticleID, &r.Title, &r.Seconds); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
