package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The daily review (app/review schedules it) keeps, per card, a memory state (review_cards),
// one row per grade (review_log), and each day's list of cards (review_days). A card is a
// highlight, or a note marked for review (tagged "review"); CardKey names it.
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

// CardKind is what a card of the review is.
type CardKind string

// The kinds of cards.
const (
	HighlightCard CardKind = "highlight"
	NoteCard      CardKind = "note" // a note tagged "review"
)

// CardKey names a card: its kind and the highlight's or the note's id.
type CardKey struct {
	Kind CardKind
	ID   int64
}

// HighlightKey is highlight id's card.
func HighlightKey(id int64) CardKey { return CardKey{HighlightCard, id} }

// NoteKey is note id's card.
func NoteKey(id int64) CardKey { return CardKey{NoteCard, id} }

func (k CardKey) String() string { return fmt.Sprintf("%s %d", k.Kind, k.ID) }

// ReviewTag is the tag that makes a note a card of the review.
const ReviewTag = "review"

// ReviewCard is one card of a day's review: the highlight or the note, its article (if any)
// and its state.
type ReviewCard struct {
	Position  int // in the day's list, from 0
	Key       CardKey
	Highlight Highlight // a highlight's card
	Note      Note      // a note's card
	Title     string    // the article's ("" for a note without one)
	Byline    string
	State     ReviewState

	status string // the article's
	tagged bool   // a note's: still tagged "review" (a highlight's: true)
}

// ReviewGrade is one grade given, as the history keeps it.
type ReviewGrade struct {
	Key         CardKey
	HighlightID int64  // Key.ID for a highlight's card
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

// noteEligible is what keeps a note in the review: tagged "review", not in the trash, its
// article (if any) not archived. n names the note.
const noteEligible = `n.deleted IS NULL
	AND n.id IN (SELECT nt.note_id FROM note_tags nt JOIN tags t ON t.id = nt.tag_id WHERE t.name = '` + ReviewTag + `')
	AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = n.article_id AND a.status = 'archived')`

// ReviewDay returns the day's list of cards, at most limit, in a stable order. The list is
// made the first time a day is asked for and kept, so the same day gives the same cards in the
// same order: first the cards due (by due day, then kind and id; a card graded "again" is due
// the same day), then new cards, alternately the most recent and the oldest not yet reviewed
// (see newCards), highlights and notes marked for review alike. A later call with a higher
// limit appends cards; one with a lower limit returns the first limit. Cards that left the
// review since (discarded, snoozed, trashed, archived, a note's "review" tag taken off) are
// left out, and not replaced. A read-only database returns the list it would make.
func (db *DB) ReviewDay(ctx context.Context, day string, limit int) ([]ReviewCard, error) {
	if err := checkDay(day); err != nil || limit <= 0 {
		return nil, err
	}
	if err := db.derivePending(ctx); err != nil { // notes' tags
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
			keys, err := pickCards(ctx, tx, day, limit-n)
			if err != nil {
				return err
			}
			for i, k := range keys {
				if _, err := tx.ExecContext(ctx, `INSERT INTO review_days (day, position, kind, item_id)
					VALUES (?, ?, ?, ?)`, day, n+i, string(k.Kind), k.ID); err != nil {
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

// reviewCandidate is a card that may join a day's list, with what orders it: its due day (due
// cards) or its creation (new cards).
type reviewCandidate struct {
	order any // string due day, or int64 creation time
	key   CardKey
}

func cardLess(a, b reviewCandidate) bool {
	switch x := a.order.(type) {
	case string:
		if y := b.order.(string); x != y {
			return x < y
		}
	case int64:
		if y := b.order.(int64); x != y {
			return x < y
		}
	}
	if a.key.Kind != b.key.Kind {
		return a.key.Kind < b.key.Kind
	}
	return a.key.ID < b.key.ID
}

// pickCards chooses up to n cards for day that are not in its list yet: the due ones, then
// new ones.
func pickCards(ctx context.Context, q querier, day string, n int) ([]CardKey, error) {
	// CROSS JOIN keeps the tables in this order: SQLite walks the cards by the due index and
	// stops at the limit instead of sorting every eligible highlight.
	dueH, err := queryCandidates(ctx, q, HighlightCard, `SELECT c.item_id, c.due
		FROM review_cards c CROSS JOIN highlights h CROSS JOIN articles a
		WHERE c.discarded IS NULL AND c.due <= ? AND c.kind = 'highlight'
		  AND h.id = c.item_id AND a.id = h.article_id AND `+eligible+`
		  AND c.item_id NOT IN (SELECT item_id FROM review_days WHERE day = ? AND kind = 'highlight')
		ORDER BY c.due, c.item_id LIMIT ?`, day, day, n)
	if err != nil {
		return nil, err
	}
	dueN, err := queryCandidates(ctx, q, NoteCard, `SELECT c.item_id, c.due
		FROM review_cards c CROSS JOIN notes n
		WHERE c.discarded IS NULL AND c.due <= ? AND c.kind = 'note' AND n.id = c.item_id AND `+noteEligible+`
		  AND c.item_id NOT IN (SELECT item_id FROM review_days WHERE day = ? AND kind = 'note')
		ORDER BY c.due, c.item_id LIMIT ?`, day, day, n)
	if err != nil {
		return nil, err
	}
	due := merge(dueH, dueN, n, false)
	out := make([]CardKey, len(due))
	for i, c := range due {
		out[i] = c.key
	}
	if len(out) == n {
		return out, nil
	}
	fresh, err := newCards(ctx, q, day, n-len(out))
	return append(out, fresh...), err
}

// merge returns the first n of two sorted lists (descending when desc).
func merge(a, b []reviewCandidate, n int, desc bool) []reviewCandidate {
	out := make([]reviewCandidate, 0, min(n, len(a)+len(b)))
	for len(out) < n && (len(a) > 0 || len(b) > 0) {
		takeA := len(b) == 0 || len(a) > 0 && cardLess(a[0], b[0]) != desc
		if takeA {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// newCards chooses up to n cards never reviewed, alternately the most recent and the oldest.
// The most recent come first because memory fades fastest just after reading, so a first
// review soon after gains most; the oldest alternate with them so that a large archive
// imported or highlighted long ago drains steadily instead of waiting behind every new
// highlight (oldest first alone would keep the week's reading out of the review for months).
// A highlight's id grows with its creation, so highlights are walked by id; notes by their
// creation; the two are merged by creation.
func newCards(ctx context.Context, q querier, day string, n int) ([]CardKey, error) {
	hQuery := `SELECT h.id, coalesce(h.created, 0) FROM highlights h CROSS JOIN articles a
		WHERE a.id = h.article_id AND ` + eligible + `
		  AND h.id NOT IN (SELECT c.item_id FROM review_cards c WHERE c.kind = 'highlight'
		                   AND (c.due IS NOT NULL OR c.discarded IS NOT NULL))
		  AND h.id NOT IN (SELECT item_id FROM review_days WHERE day = ? AND kind = 'highlight')
		ORDER BY h.id %s LIMIT ?`
	nQuery := `SELECT n.id, coalesce(n.created, 0) FROM notes n
		WHERE ` + noteEligible + `
		  AND NOT EXISTS (SELECT 1 FROM review_cards c WHERE c.kind = 'note' AND c.item_id = n.id
		                  AND (c.due IS NOT NULL OR c.discarded IS NOT NULL))
		  AND n.id NOT IN (SELECT item_id FROM review_days WHERE day = ? AND kind = 'note')
		ORDER BY n.created %[1]s, n.id %[1]s LIMIT ?`
	pick := func(order string, k int) ([]reviewCandidate, error) {
		if k == 0 {
			return nil, nil
		}
		hs, err := queryCandidates(ctx, q, HighlightCard, fmt.Sprintf(hQuery, order), day, k)
		if err != nil {
			return nil, err
		}
		ns, err := queryCandidates(ctx, q, NoteCard, fmt.Sprintf(nQuery, order), day, k)
		if err != nil {
			return nil, err
		}
		return merge(hs, ns, k, order == "DESC"), nil
	}
	newest, err := pick("DESC", (n+1)/2)
	if err != nil {
		return nil, err
	}
	out := make([]CardKey, 0, n)
	if len(newest) < (n+1)/2 { // all of them
		for _, c := range newest {
			out = append(out, c.key)
		}
		return out, nil
	}
	oldest, err := pick("ASC", n/2)
	if err != nil {
		return nil, err
	}
	taken := map[CardKey]bool{}
	for _, c := range newest {
		taken[c.key] = true
	}
	for i := 0; len(out) < n && (i < len(newest) || i < len(oldest)); i++ {
		if i < len(newest) {
			out = append(out, newest[i].key)
		}
		if i < len(oldest) && len(out) < n && !taken[oldest[i].key] {
			taken[oldest[i].key] = true
			out = append(out, oldest[i].key)
		}
	}
	return out, nil
}

// queryCandidates runs a query of an id and what orders it, for cards of kind.
func queryCandidates(ctx context.Context, q querier, kind CardKind, query string, args ...any) ([]reviewCandidate, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reviewCandidate
	for rows.Next() {
		var id int64
		var order any
		if err := rows.Scan(&id, &order); err != nil {
			return nil, err
		}
		if b, ok := order.([]byte); ok {
			order = string(b)
		}
		out = append(out, reviewCandidate{order, CardKey{kind, id}})
	}
	return out, rows.Err()
}

const reviewStateColumns = `c.stability, c.difficulty, c.reps, c.lapses, c.last_day, c.due, c.discarded`

const reviewCardColumns = `h.id, h.article_id, h.quote, h.prefix, h.suffix, h.start, h.end, h.comment,
	h.color, h.created, h.updated, h.deleted, a.title, a.byline, a.status, ` + reviewStateColumns

type stateScan struct {
	stability, difficulty sql.NullFloat64
	reps, lapses          sql.NullInt64
	lastDay, due          sql.NullString
	discarded             sql.NullInt64
}

func (s *stateScan) dest() []any {
	return []any{&s.stability, &s.difficulty, &s.reps, &s.lapses, &s.lastDay, &s.due, &s.discarded}
}

func (s *stateScan) state() ReviewState {
	return ReviewState{Stability: s.stability.Float64, Difficulty: s.difficulty.Float64,
		Reps: int(s.reps.Int64), Lapses: int(s.lapses.Int64), LastDay: s.lastDay.String, Due: s.due.String,
		Discarded: s.discarded.Valid}
}

// scanReviewCard scans reviewCardColumns (a highlight's card).
func scanReviewCard(rows *sql.Rows) (ReviewCard, error) {
	var c ReviewCard
	h := &c.Highlight
	var created, updated, deleted sql.NullInt64
	var st stateScan
	err := rows.Scan(append([]any{&h.ID, &h.ArticleID, &h.Quote, &h.Prefix, &h.Suffix, &h.Start,
		&h.End, &h.Comment, &h.Color, &created, &updated, &deleted, &c.Title, &c.Byline, &c.status},
		st.dest()...)...)
	h.Created, h.Updated, h.Deleted = fromMillis(created), fromMillis(updated), fromMillis(deleted)
	c.Key, c.State, c.tagged = HighlightKey(h.ID), st.state(), true
	return c, err
}

const noteCardColumns = `n.id, coalesce(n.article_id, 0), n.body, n.created, n.updated, n.deleted, n.title,
	n.path, n.source, n.front_matter, coalesce(a.title, ''), coalesce(a.byline, ''), coalesce(a.status, ''),
	EXISTS (SELECT 1 FROM note_tags nt JOIN tags t ON t.id = nt.tag_id WHERE nt.note_id = n.id AND t.name = '` + ReviewTag + `'),
	` + reviewStateColumns

func scanNoteCard(rows *sql.Rows) (ReviewCard, error) {
	var c ReviewCard
	n := &c.Note
	var created, updated, deleted sql.NullInt64
	var st stateScan
	err := rows.Scan(append([]any{&n.ID, &n.ArticleID, &n.Body, &created, &updated, &deleted, &n.Title,
		&n.Path, &n.Source, &n.FrontMatter, &c.Title, &c.Byline, &c.status, &c.tagged}, st.dest()...)...)
	n.Created, n.Updated, n.Deleted = fromMillis(created), fromMillis(updated), fromMillis(deleted)
	c.Key, c.State = NoteKey(n.ID), st.state()
	return c, err
}

// inReview reports whether a card of day's list is still in it.
func inReview(c ReviewCard, day string) bool {
	switch {
	case !c.Highlight.Deleted.IsZero() || !c.Note.Deleted.IsZero() || !c.tagged:
		return false
	case c.status == string(Archived) || c.State.Discarded:
		return false
	case c.State.Due > day && c.State.LastDay != day: // snoozed, not graded that day
		return false
	}
	return true
}

func (db *DB) readReviewDay(ctx context.Context, day string, limit int) ([]ReviewCard, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT position, kind, item_id FROM review_days
		WHERE day = ? ORDER BY position LIMIT ?`, day, limit)
	if err != nil {
		return nil, describe(err)
	}
	var keys []CardKey
	var positions []int
	for rows.Next() {
		var pos int
		var k CardKey
		if err := rows.Scan(&pos, &k.Kind, &k.ID); err != nil {
			rows.Close()
			return nil, err
		}
		keys, positions = append(keys, k), append(positions, pos)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, describe(err)
	}
	cs, err := db.reviewCards(ctx, keys)
	if err != nil {
		return nil, err
	}
	var out []ReviewCard
	for i, c := range cs {
		if c.Key.ID == 0 { // deleted meanwhile
			continue
		}
		c.Position = positions[i]
		if inReview(c, day) {
			out = append(out, c)
		}
	}
	return out, nil
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
	keys, err := pickCards(ctx, db.sql, day, limit-n)
	if err != nil {
		return nil, describe(err)
	}
	more, err := db.reviewCards(ctx, keys)
	for i := range more {
		more[i].Position = n + i
	}
	return append(kept, more...), err
}

// reviewCards reads the cards keys, in that order; a card whose item is gone is the zero
// ReviewCard.
func (db *DB) reviewCards(ctx context.Context, keys []CardKey) ([]ReviewCard, error) {
	byKey := map[CardKey]ReviewCard{}
	for _, kind := range []CardKind{HighlightCard, NoteCard} {
		var args []any
		for _, k := range keys {
			if k.Kind == kind {
				args = append(args, k.ID)
			}
		}
		if len(args) == 0 {
			continue
		}
		query := `SELECT ` + reviewCardColumns + `
			FROM highlights h JOIN articles a ON a.id = h.article_id
			LEFT JOIN review_cards c ON c.kind = 'highlight' AND c.item_id = h.id
			WHERE h.id IN (` + placeholders(len(args)) + `)`
		scan := scanReviewCard
		if kind == NoteCard {
			query = `SELECT ` + noteCardColumns + `
			FROM notes n LEFT JOIN articles a ON a.id = n.article_id
			LEFT JOIN review_cards c ON c.kind = 'note' AND c.item_id = n.id
			WHERE n.id IN (` + placeholders(len(args)) + `)`
			scan = scanNoteCard
		}
		rows, err := db.sql.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, describe(err)
		}
		for rows.Next() {
			c, err := scan(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			byKey[c.Key] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, describe(err)
		}
	}
	out := make([]ReviewCard, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out, nil
}

// ReviewCardOf returns highlight id's card, whether or not it is in a day's review; a missing
// highlight is ErrNotFound.
func (db *DB) ReviewCardOf(ctx context.Context, id int64) (ReviewCard, error) {
	return db.ReviewCardByKey(ctx, HighlightKey(id))
}

// ReviewCardByKey returns card k, whether or not it is in a day's review; a missing highlight
// or note is ErrNotFound.
func (db *DB) ReviewCardByKey(ctx context.Context, k CardKey) (ReviewCard, error) {
	if err := db.derivePending(ctx); err != nil {
		return ReviewCard{}, err
	}
	cs, err := db.reviewCards(ctx, []CardKey{k})
	if err != nil {
		return ReviewCard{}, err
	}
	if cs[0].Key.ID == 0 {
		return ReviewCard{}, fmt.Errorf("%s: %w", k, ErrNotFound)
	}
	return cs[0], nil
}

// GradeReview records a grade of highlight id given on day (GradeCard).
func (db *DB) GradeReview(ctx context.Context, id int64, day string,
	next func(ReviewState) (ReviewState, ReviewGrade, error)) (ReviewState, error) {
	return db.GradeCard(ctx, HighlightKey(id), day, next)
}

// GradeCard records a grade of card k given on day: next receives the card's state
// (the zero ReviewState for a new card) and returns the state the grade leaves and the
// grade's history row (its Key, Day and Reviewed are filled in here); both are
// written in one transaction, so two programs grading together cannot lose a grade. A
// trashed highlight or note is ErrNotFound; a discarded card ErrDiscarded.
func (db *DB) GradeCard(ctx context.Context, k CardKey, day string,
	next func(ReviewState) (ReviewState, ReviewGrade, error)) (ReviewState, error) {
	var state ReviewState
	if err := checkDay(day); err != nil {
		return state, err
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		deleted, err := itemDeleted(ctx, tx, k)
		switch {
		case err != nil:
			return err
		case deleted:
			return fmt.Errorf("%s: %w", k, ErrNotFound)
		}
		var st stateScan
		err = tx.QueryRowContext(ctx, `SELECT `+reviewStateColumns+` FROM review_cards c
			WHERE c.kind = ? AND c.item_id = ?`, string(k.Kind), k.ID).Scan(st.dest()...)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		state = st.state()
		if state.Discarded {
			return fmt.Errorf("%s: %w", k, ErrDiscarded)
		}
		newState, g, err := next(state)
		if err != nil {
			return err
		}
		state = newState
		g.Key, g.Day, g.Reviewed = k, day, time.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_log (kind, item_id, grade, day, reviewed,
				elapsed_days, stability, difficulty, due) VALUES (?,?,?,?,?,?,?,?,?)`,
			string(k.Kind), k.ID, g.Grade, day, millis(g.Reviewed), g.ElapsedDays, g.Stability, g.Difficulty, g.Due); err != nil {
			return err
		}
		return putState(ctx, tx, k, state)
	})
	return state, err
}

func putState(ctx context.Context, tx *sql.Tx, k CardKey, s ReviewState) error {
	var discarded any
	if s.Discarded {
		discarded = millis(time.Now())
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO review_cards
			(kind, item_id, stability, difficulty, reps, lapses, last_day, due, discarded)
		VALUES (?,?,?,?,?,?,?,?,?)
		ON CONFLICT (kind, item_id) DO UPDATE SET stability = excluded.stability,
			difficulty = excluded.difficulty, reps = excluded.reps, lapses = excluded.lapses,
			last_day = excluded.last_day, due = excluded.due,
			discarded = coalesce(review_cards.discarded, excluded.discarded)`,
		string(k.Kind), k.ID, s.Stability, s.Difficulty, s.Reps, s.Lapses, nullString(s.LastDay), nullString(s.Due), discarded)
	return err
}

// itemDeleted reports whether card k's highlight or note is in the trash; one that does not
// exist is ErrNotFound.
func itemDeleted(ctx context.Context, tx *sql.Tx, k CardKey) (bool, error) {
	table := "highlights"
	switch k.Kind {
	case HighlightCard:
	case NoteCard:
		table = "notes"
	default:
		return false, fmt.Errorf("review: no kind of card %q", k.Kind)
	}
	var deleted sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT deleted FROM `+table+` WHERE id = ?`, k.ID).Scan(&deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("%s: %w", k, ErrNotFound)
	}
	return deleted.Valid, err
}

// SnoozeReview takes highlight id out of the review until day until (SnoozeCard).
func (db *DB) SnoozeReview(ctx context.Context, id int64, until string) error {
	return db.SnoozeCard(ctx, HighlightKey(id), until)
}

// SnoozeCard takes card k out of the review until day until (YYYY-MM-DD), without
// counting it as reviewed: it leaves the lists of the days before, and comes back due then.
func (db *DB) SnoozeCard(ctx context.Context, k CardKey, until string) error {
	if err := checkDay(until); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := itemDeleted(ctx, tx, k); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO review_cards (kind, item_id, due) VALUES (?, ?, ?)
			ON CONFLICT (kind, item_id) DO UPDATE SET due = excluded.due`, string(k.Kind), k.ID, until)
		return err
	})
}

// DiscardReview takes highlight id out of the review for good (DiscardCard).
func (db *DB) DiscardReview(ctx context.Context, id int64) error {
	return db.DiscardCard(ctx, HighlightKey(id))
}

// DiscardCard takes card k out of the review for good (the highlight or note stays);
// RestoreCard undoes it.
func (db *DB) DiscardCard(ctx context.Context, k CardKey) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := itemDeleted(ctx, tx, k); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO review_cards (kind, item_id, discarded) VALUES (?, ?, ?)
			ON CONFLICT (kind, item_id) DO UPDATE SET discarded = excluded.discarded`,
			string(k.Kind), k.ID, millis(time.Now()))
		return err
	})
}

// RestoreReview brings a discarded highlight back into the review (RestoreCard).
func (db *DB) RestoreReview(ctx context.Context, id int64) error {
	return db.RestoreCard(ctx, HighlightKey(id))
}

// RestoreCard brings a discarded card back into the review, with its history.
func (db *DB) RestoreCard(ctx context.Context, k CardKey) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := itemDeleted(ctx, tx, k); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE review_cards SET discarded = NULL WHERE kind = ? AND item_id = ?`,
			string(k.Kind), k.ID)
		return err
	})
}

// ReviewHistory returns the grades given to highlight id, oldest first.
func (db *DB) ReviewHistory(ctx context.Context, id int64) ([]ReviewGrade, error) {
	return db.CardHistory(ctx, HighlightKey(id))
}

// CardHistory returns the grades given to card k, oldest first.
func (db *DB) CardHistory(ctx context.Context, k CardKey) ([]ReviewGrade, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT kind, item_id, grade, day, reviewed, elapsed_days,
		stability, difficulty, due FROM review_log WHERE kind = ? AND item_id = ? ORDER BY id`, string(k.Kind), k.ID)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []ReviewGrade
	for rows.Next() {
		var g ReviewGrade
		var reviewed sql.NullInt64
		if err := rows.Scan(&g.Key.Kind, &g.Key.ID, &g.Grade, &g.Day, &reviewed, &g.ElapsedDays,
			&g.Stability, &g.Difficulty, &g.Due); err != nil {
			return nil, err
		}
		if g.Key.Kind == HighlightCard {
			g.HighlightID = g.Key.ID
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
// the review, highlights and notes, the new ones aside: what the library shows beside the review.
func (db *DB) CountDue(ctx context.Context, day string) (int, error) {
	if err := checkDay(day); err != nil {
		return 0, err
	}
	if err := db.derivePending(ctx); err != nil {
		return 0, err
	}
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM review_cards c CROSS JOIN highlights h CROSS JOIN articles a
		WHERE c.discarded IS NULL AND c.due <= ? AND c.kind = 'highlight'
		  AND h.id = c.item_id AND a.id = h.article_id AND `+eligible+`)
		+ (SELECT count(*) FROM review_cards c CROSS JOIN notes n
		WHERE c.discarded IS NULL AND c.due <= ? AND c.kind = 'note' AND n.id = c.item_id AND `+noteEligible+`)`,
		day, day).Scan(&n)
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
	rows, err := db.sql.QueryContext(ctx, `SELECT c.item_id, `+reviewStateColumns+`
		FROM highlights h JOIN review_cards c ON c.kind = 'highlight' AND c.item_id = h.id `+where, args...)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	out := map[int64]ReviewState{}
	for rows.Next() {
		var id int64
		var st stateScan
		if err := rows.Scan(append([]any{&id}, st.dest()...)...); err != nil {
			return nil, err
		}
		out[id] = st.state()
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

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
