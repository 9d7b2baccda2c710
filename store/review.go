package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The daily review (app/review schedules it) keeps, per highlight, a memory state
// (review_cards), one row per grade (review_log), and each day's list of cards (review_days).
// Days are calendar dates written YYYY-MM-DD, chosen by the caller (the user's local date),
// so that they compare as text.

// ReviewState is a highlight's place in the review. The zero ReviewState is a new card.
type ReviewState struct {
	Stability  float64 // FSRS; 0 for a card never graded
	Difficulty float64
	Reps       int    // grades given
	Lapses     int    // "again" on a card learnt on an earlier day
	LastDay    string // the day of the last grade; "" if never graded
	Due        string // the day it is due; "" for a new card
	Discarded  bool   // left the review for good
}

// ReviewCard is one card of a day's review: the highlight, its article and its state.
type ReviewCard struct {
	Position  int // in the day's list, from 0
	Highlight Highlight
	Title     string // the article's
	Byline    string
	State     ReviewState
}

// ReviewGrade is one grade given, as the history keeps it.
type ReviewGrade struct {
	HighlightID int64
	Grade       int    // 1 again, 2 hard, 3 good, 4 easy
	Day         string // the review day it counted for
	Reviewed    time.Time
	ElapsedDays int
	Stability   float64
	Difficulty  float64
	Due         string
}

// ErrDiscarded is returned by GradeReview for a card that left the review.
var ErrDiscarded = errors.New("discarded from the review")

// eligible is what keeps a highlight in the review: not in the trash, its article not
// archived. h and a name the highlight and its article.
const eligible = `h.deleted IS NULL AND a.status <> 'archived'`

// ReviewDay returns the day's list of cards, at most limit, in a stable order. The list is
// made the first time a day is asked for and kept, so the same day gives the same cards in the
// same order: first the cards due (by due day, then id; a card graded "again" is due the same
// day), then new highlights, alternately the most recent and the oldest not yet reviewed (see
// newCards). A later call with a higher limit appends cards; one with a lower limit returns the
// first limit. Cards that left the review since (discarded, snoozed, trashed, archived) are
// left out, and not replaced. A read-only database returns the list it would make.
func (db *DB) ReviewDay(ctx context.Context, day string, limit int) ([]ReviewCard, error) {
	if err := checkDay(day); err != nil || limit <= 0 {
		return nil, err
	}
	n, err := countDay(ctx, db.sql, day)
	if err != nil {
		return nil, describe(err)
	}
	if n < limit {
		if db.readOnly {
			return db.unsavedReviewDay(ctx, day, limit)
		}
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			n, err := countDay(ctx, tx, day) // another program may have made it meanwhile
			if err != nil || n >= limit {
				return err
			}
			ids, err := pickCards(ctx, tx, day, limit-n)
			if err != nil {
				return err
			}
			for i, id := range ids {
				if _, err := tx.ExecContext(ctx, `INSERT INTO review_days (day, position, highlight_id)
					VALUES (?, ?, ?)`, day, n+i, id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("review of %s: %w", day, err)
		}
	}
	return db.readReviewDay(ctx, day, limit)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func countDay(ctx context.Context, q querier, day string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM review_days WHERE day = ?`, day).Scan(&n)
	return n, err
}

// pickCards chooses up to n cards for day that are not in its list yet: the due ones, then
// new ones.
func pickCards(ctx context.Context, q querier, day string, n int) ([]int64, error) {
	// CROSS JOIN keeps the tables in this order: SQLite walks the cards by the due index and
	// stops at the limit instead of sorting every eligible highlight.
	due, err := queryIDs(ctx, q, `SELECT c.highlight_id
		FROM review_cards c CROSS JOIN highlights h CROSS JOIN articles a
		WHERE c.discarded IS NULL AND c.due <= ? AND h.id = c.highlight_id AND a.id = h.article_id
		  AND `+eligible+`
		  AND c.highlight_id NOT IN (SELECT highlight_id FROM review_days WHERE day = ?)
		ORDER BY c.due, c.highlight_id LIMIT ?`, day, day, n)
	if err != nil || len(due) == n {
		return due, err
	}
	fresh, err := newCards(ctx, q, day, n-len(due))
	return append(due, fresh...), err
}

// newCards chooses up to n highlights never reviewed, alternately the most recent and the
// oldest. The most recent come first because memory fades fastest just after reading, so a
// first review soon after gains most; the oldest alternate with them so that a large archive
// imported or highlighted long ago drains steadily instead of waiting behind every new
// highlight (oldest first alone would keep the week's reading out of the review for months).
// Ids stand for age: a highlight's id grows with its creation.
func newCards(ctx context.Context, q querier, day string, n int) ([]int64, error) {
	query := `SELECT h.id FROM highlights h CROSS JOIN articles a
		WHERE a.id = h.article_id AND ` + eligible + `
		  AND NOT EXISTS (SELECT 1 FROM review_cards c WHERE c.highlight_id = h.id
		                  AND (c.due IS NOT NULL OR c.discarded IS NOT NULL))
		  AND h.id NOT IN (SELECT highlight_id FROM review_days WHERE day = ?)
		ORDER BY h.id %s LIMIT ?`
	newest, err := queryIDs(ctx, q, fmt.Sprintf(query, "DESC"), day, (n+1)/2)
	if err != nil {
		return nil, err
	}
	if len(newest) < (n+1)/2 { // all of them
		return newest, nil
	}
	oldest, err := queryIDs(ctx, q, fmt.Sprintf(query, "ASC"), day, n/2)
	if err != nil {
		return nil, err
	}
	out := make([]int64, 0, n)
	for i := 0; len(out) < n && (i < len(newest) || i < len(oldest)); i++ {
		if i < len(newest) {
			out = append(out, newest[i])
		}
		if i < len(oldest) && len(out) < n && (len(newest) == 0 || oldest[i] < newest[len(newest)-1]) {
			out = append(out, oldest[i])
		}
	}
	return out, nil
}

func queryIDs(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

const reviewCardColumns = `h.id, h.article_id, h.quote, h.prefix, h.suffix, h.start, h.end, h.comment,
	h.color, h.created, h.updated, h.deleted, a.title, a.byline, a.status,
	c.stability, c.difficulty, c.reps, c.lapses, c.last_day, c.due, c.discarded`

// scanReviewCard scans reviewCardColumns after the columns that first point to; it returns
// the article's status besides.
func scanReviewCard(rows *sql.Rows, first ...any) (ReviewCard, string, error) {
	var c ReviewCard
	h := &c.Highlight
	var created, updated, deleted, discarded sql.NullInt64
	var stability, difficulty sql.NullFloat64
	var reps, lapses sql.NullInt64
	var lastDay, due sql.NullString
	var status string
	err := rows.Scan(append(first, &h.ID, &h.ArticleID, &h.Quote, &h.Prefix, &h.Suffix, &h.Start,
		&h.End, &h.Comment, &h.Color, &created, &updated, &deleted, &c.Title, &c.Byline, &status,
		&stability, &difficulty, &reps, &lapses, &lastDay, &due, &discarded)...)
	h.Created, h.Updated, h.Deleted = fromMillis(created), fromMillis(updated), fromMillis(deleted)
	c.State = ReviewState{Stability: stability.Float64, Difficulty: difficulty.Float64,
		Reps: int(reps.Int64), Lapses: int(lapses.Int64), LastDay: lastDay.String, Due: due.String,
		Discarded: discarded.Valid}
	return c, status, err
}

// inReview reports whether a card of day's list is still in it.
func inReview(c ReviewCard, status, day string) bool {
	switch {
	case !c.Highlight.Deleted.IsZero() || status == string(Archived) || c.State.Discarded:
		return false
	case c.State.Due > day && c.State.LastDay != day: // snoozed, not graded that day
		return false
	}
	return true
}

func (db *DB) readReviewDay(ctx context.Context, day string, limit int) ([]ReviewCard, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT d.position, `+reviewCardColumns+`
		FROM review_days d JOIN highlights h ON h.id = d.highlight_id
		JOIN articles a ON a.id = h.article_id
		LEFT JOIN review_cards c ON c.highlight_id = h.id
		WHERE d.day = ? ORDER BY d.position LIMIT ?`, day, limit)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []ReviewCard
	for rows.Next() {
		var pos int
		c, status, err := scanReviewCard(rows, &pos)
		if err != nil {
			return nil, err
		}
		c.Position = pos
		if inReview(c, status, day) {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// unsavedReviewDay is ReviewDay on a database it cannot write: the list kept for day, and
// what would be appended to it.
func (db *DB) unsavedReviewDay(ctx context.Context, day string, limit int) ([]ReviewCard, error) {
	kept, err := db.readReviewDay(ctx, day, limit)
	if err != nil {
		return nil, err
	}
	n, err := countDay(ctx, db.sql, day)
	if err != nil {
		return nil, describe(err)
	}
	ids, err := pickCards(ctx, db.sql, day, limit-n)
	if err != nil {
		return nil, describe(err)
	}
	more, err := db.reviewCards(ctx, ids)
	for i := range more {
		more[i].Position = n + i
	}
	return append(kept, more...), err
}

// reviewCards reads the cards of highlights ids, in that order.
func (db *DB) reviewCards(ctx context.Context, ids []int64) ([]ReviewCard, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+reviewCardColumns+`
		FROM highlights h JOIN articles a ON a.id = h.article_id
		LEFT JOIN review_cards c ON c.highlight_id = h.id
		WHERE h.id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	byID := map[int64]ReviewCard{}
	for rows.Next() {
		c, _, err := scanReviewCard(rows)
		if err != nil {
			return nil, err
		}
		byID[c.Highlight.ID] = c
	}
	out := make([]ReviewCard, 0, len(ids))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// ReviewCardOf returns highlight id's card, whether or not it is in a day's review; a missing
// highlight is ErrNotFound.
func (db *DB) ReviewCardOf(ctx context.Context, id int64) (ReviewCard, error) {
	cs, err := db.reviewCards(ctx, []int64{id})
	if err != nil {
		return ReviewCard{}, err
	}
	if len(cs) == 0 {
		return ReviewCard{}, fmt.Errorf("highlight %d: %w", id, ErrNotFound)
	}
	return cs[0], nil
}

// GradeReview records a grade of highlight id given on day: next receives the card's state
// (the zero ReviewState for a new card) and returns the state the grade leaves and the
// grade's history row (its HighlightID, Day and Reviewed are filled in here); both are
// written in one transaction, so two programs grading together cannot lose a grade. A
// trashed highlight is ErrNotFound; a discarded card ErrDiscarded.
func (db *DB) GradeReview(ctx context.Context, id int64, day string,
	next func(ReviewState) (ReviewState, ReviewGrade, error)) (ReviewState, error) {
	var state ReviewState
	if err := checkDay(day); err != nil {
		return state, err
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var deleted, discarded sql.NullInt64
		var lastDay, due sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT h.deleted, c.stability, c.difficulty, c.reps, c.lapses,
				c.last_day, c.due, c.discarded
			FROM highlights h LEFT JOIN review_cards c ON c.highlight_id = h.id WHERE h.id = ?`, id).
			Scan(&deleted, nullFloat{&state.Stability}, nullFloat{&state.Difficulty},
				nullInt{&state.Reps}, nullInt{&state.Lapses}, &lastDay, &due, &discarded)
		switch {
		case errors.Is(err, sql.ErrNoRows) || err == nil && deleted.Valid:
			return fmt.Errorf("highlight %d: %w", id, ErrNotFound)
		case err != nil:
			return err
		case discarded.Valid:
			return fmt.Errorf("highlight %d: %w", id, ErrDiscarded)
		}
		state.LastDay, state.Due = lastDay.String, due.String
		newState, g, err := next(state)
		if err != nil {
			return err
		}
		state = newState
		g.HighlightID, g.Day, g.Reviewed = id, day, time.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_log (highlight_id, grade, day, reviewed,
				elapsed_days, stability, difficulty, due) VALUES (?,?,?,?,?,?,?,?)`,
			id, g.Grade, day, millis(g.Reviewed), g.ElapsedDays, g.Stability, g.Difficulty, g.Due); err != nil {
			return err
		}
		return putState(ctx, tx, id, state)
	})
	return state, err
}

func putState(ctx context.Context, tx *sql.Tx, id int64, s ReviewState) error {
	var discarded any
	if s.Discarded {
		discarded = millis(time.Now())
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO review_cards
			(highlight_id, stability, difficulty, reps, lapses, last_day, due, discarded)
		VALUES (?,?,?,?,?,?,?,?)
		ON CONFLICT (highlight_id) DO UPDATE SET stability = excluded.stability,
			difficulty = excluded.difficulty, reps = excluded.reps, lapses = excluded.lapses,
			last_day = excluded.last_day, due = excluded.due,
			discarded = coalesce(review_cards.discarded, excluded.discarded)`,
		id, s.Stability, s.Difficulty, s.Reps, s.Lapses, nullString(s.LastDay), nullString(s.Due), discarded)
	return err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

type nullFloat struct{ p *float64 }

func (n nullFloat) Scan(v any) error {
	var f sql.NullFloat64
	err := f.Scan(v)
	*n.p = f.Float64
	return err
}

type nullInt struct{ p *int }

func (n nullInt) Scan(v any) error {
	var i sql.NullInt64
	err := i.Scan(v)
	*n.p = int(i.Int64)
	return err
}

// SnoozeReview takes highlight id out of the review until day until (YYYY-MM-DD), without
// counting it as reviewed: it leaves the lists of the days before, and comes back due then.
func (db *DB) SnoozeReview(ctx context.Context, id int64, until string) error {
	if err := checkDay(until); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := highlightExists(ctx, tx, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO review_cards (highlight_id, due) VALUES (?, ?)
			ON CONFLICT (highlight_id) DO UPDATE SET due = excluded.due`, id, until)
		return err
	})
}

// DiscardReview takes highlight id out of the review for good (the highlight stays);
// RestoreReview undoes it.
func (db *DB) DiscardReview(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := highlightExists(ctx, tx, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO review_cards (highlight_id, discarded) VALUES (?, ?)
			ON CONFLICT (highlight_id) DO UPDATE SET discarded = excluded.discarded`, id, millis(time.Now()))
		return err
	})
}

// RestoreReview brings a discarded highlight back into the review, with its history.
func (db *DB) RestoreReview(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := highlightExists(ctx, tx, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE review_cards SET discarded = NULL WHERE highlight_id = ?`, id)
		return err
	})
}

func highlightExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM highlights WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("highlight %d: %w", id, ErrNotFound)
	}
	return err
}

// ReviewHistory returns the grades given to highlight id, oldest first.
func (db *DB) ReviewHistory(ctx context.Context, id int64) ([]ReviewGrade, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT highlight_id, grade, day, reviewed, elapsed_days,
		stability, difficulty, due FROM review_log WHERE highlight_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []ReviewGrade
	for rows.Next() {
		var g ReviewGrade
		var reviewed sql.NullInt64
		if err := rows.Scan(&g.HighlightID, &g.Grade, &g.Day, &reviewed, &g.ElapsedDays,
			&g.Stability, &g.Difficulty, &g.Due); err != nil {
			return nil, err
		}
		g.Reviewed = fromMillis(reviewed)
		out = append(out, g)
	}
	return out, rows.Err()
}

// ReviewedDays returns the days on which at least one grade was given, the latest first.
func (db *DB) ReviewedDays(ctx context.Context) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT day FROM review_log ORDER BY day DESC`)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// CountDue counts the cards due on day (a card graded "again" that day too) that are still in
// the review, the new highlights aside: what the library shows beside the review.
func (db *DB) CountDue(ctx context.Context, day string) (int, error) {
	if err := checkDay(day); err != nil {
		return 0, err
	}
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*)
		FROM review_cards c CROSS JOIN highlights h CROSS JOIN articles a
		WHERE c.discarded IS NULL AND c.due <= ? AND h.id = c.highlight_id AND a.id = h.article_id
		  AND `+eligible, day).Scan(&n)
	return n, describe(err)
}

// ArticleReviewStates returns the review state of article id's highlights that have one
// (graded, snoozed or discarded), by highlight id.
func (db *DB) ArticleReviewStates(ctx context.Context, articleID int64) (map[int64]ReviewState, error) {
	return db.reviewStates(ctx, `WHERE h.article_id = ? AND h.deleted IS NULL`, articleID)
}

// AllReviewStates returns the review state of every highlight not in the trash that has one,
// by highlight id (for the export).
func (db *DB) AllReviewStates(ctx context.Context) (map[int64]ReviewState, error) {
	return db.reviewStates(ctx, `WHERE h.deleted IS NULL`)
}

func (db *DB) reviewStates(ctx context.Context, where string, args ...any) (map[int64]ReviewState, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT c.highlight_id, c.stability, c.difficulty, c.reps,
			c.lapses, c.last_day, c.due, c.discarded
		FROM highlights h JOIN review_cards c ON c.highlight_id = h.id `+where, args...)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	out := map[int64]ReviewState{}
	for rows.Next() {
		var id int64
		var s ReviewState
		var lastDay, due sql.NullString
		var discarded sql.NullInt64
		if err := rows.Scan(&id, &s.Stability, &s.Difficulty, &s.Reps, &s.Lapses, &lastDay, &due,
			&discarded); err != nil {
			return nil, err
		}
		s.LastDay, s.Due, s.Discarded = lastDay.String, due.String, discarded.Valid
		out[id] = s
	}
	return out, rows.Err()
}

// checkDay refuses a day not written YYYY-MM-DD, which would not compare with the others.
func checkDay(day string) error {
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return fmt.Errorf("review: %q is not a day (YYYY-MM-DD)", day)
	}
	return nil
}
