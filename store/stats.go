package store

import (
	"context"
	"database/sql"
	"time"
)

// Activity is what reading stats are counted from: when things happened, as the archive
// knows it.
type Activity struct {
	Highlights []time.Time    // when each highlight not in the trash was made
	Notes      []time.Time    // when each note not in the trash was written
	Finished   []time.Time    // when articles were marked done (schema v5 on; older ones: last opened)
	Reviews    map[string]int // grades given, by review day (YYYY-MM-DD)
	Reading    []ReadingTime  // time spent reading, by day (YYYY-MM-DD) and article
}

// Activity reads the times of everything made or finished since since (the zero time: ever),
// and the grades given and the time spent reading on days from sinceDay (YYYY-MM-DD; "": ever).
func (db *DB) Activity(ctx context.Context, since time.Time, sinceDay string) (Activity, error) {
	var a Activity
	var err error
	from := millis(since)
	if since.IsZero() {
		from = 0
	}
	if a.Highlights, err = db.times(ctx, `SELECT created FROM highlights WHERE deleted IS NULL AND created >= ?`, from); err != nil {
		return a, err
	}
	if a.Notes, err = db.times(ctx, `SELECT created FROM notes WHERE deleted IS NULL AND created >= ?`, from); err != nil {
		return a, err
	}
	if a.Finished, err = db.times(ctx, `SELECT finished FROM articles_finished WHERE finished >= ?`, from); err != nil {
		return a, err
	}
	if a.Reading, err = db.ReadingTimes(ctx, sinceDay, ""); err != nil {
		return a, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT day, count(*) FROM review_log WHERE day >= ? GROUP BY day`, sinceDay)
	if err != nil {
		return a, describe(err)
	}
	defer rows.Close()
	a.Reviews = map[string]int{}
	for rows.Next() {
		var day string
		var n int
		if err := rows.Scan(&day, &n); err != nil {
			return a, err
		}
		a.Reviews[day] = n
	}
	return a, rows.Err()
}

func (db *DB) times(ctx context.Context, query string, args ...any) ([]time.Time, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var ms sql.NullInt64
		if err := rows.Scan(&ms); err != nil {
			return nil, err
		}
		out = append(out, fromMillis(ms))
	}
	return out, rows.Err()
}
