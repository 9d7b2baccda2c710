package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Highlight is a quoted passage of an article. It carries both W3C Web Annotation selectors:
// TextQuote (Quote with Prefix and Suffix) finds the passage again when offsets drift;
// TextPosition (Start, End: rune offsets in the article's Body) places it fast. Start is -1
// when the passage could not be found in the current text ("unplaced").
type Highlight struct {
	ID        int64
	ArticleID int64
	Quote     string
	Prefix    string
	Suffix    string
	Start     int
	End       int
	Comment   string
	Color     string
	Created   time.Time
	Updated   time.Time
	Deleted   time.Time
}

// Placed reports whether the highlight is anchored to a passage.
func (h Highlight) Placed() bool { return h.Start >= 0 && h.End > h.Start }

const highlightColumns = `id, article_id, quote, prefix, suffix, start, end, comment, color, created, updated, deleted`

func scanHighlight(row interface{ Scan(...any) error }) (Highlight, error) {
	var h Highlight
	var created, updated, deleted sql.NullInt64
	err := row.Scan(&h.ID, &h.ArticleID, &h.Quote, &h.Prefix, &h.Suffix, &h.Start, &h.End,
		&h.Comment, &h.Color, &created, &updated, &deleted)
	h.Created, h.Updated, h.Deleted = fromMillis(created), fromMillis(updated), fromMillis(deleted)
	return h, err
}

// AddHighlight stores a new highlight.
func (db *DB) AddHighlight(ctx context.Context, h Highlight) (Highlight, error) {
	if h.Quote == "" {
		return h, errors.New("add highlight: the quote is empty")
	}
	if h.Color == "" {
		h.Color = "yellow"
	}
	now := time.Now()
	h.Created, h.Updated = now.UTC(), now.UTC()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO highlights
			(article_id, quote, prefix, suffix, start, end, comment, color, created, updated)
			VALUES (?,?,?,?,?,?,?,?,?,?)`,
			h.ArticleID, h.Quote, h.Prefix, h.Suffix, h.Start, h.End, h.Comment, h.Color,
			millis(now), millis(now))
		if err != nil {
			if isForeignKey(err) {
				return fmt.Errorf("add highlight: article %d: %w", h.ArticleID, ErrNotFound)
			}
			return fmt.Errorf("add highlight: %w", err)
		}
		h.ID, err = res.LastInsertId()
		return err
	})
	return h, err
}

// UpdateHighlightComment replaces a highlight's comment.
func (db *DB) UpdateHighlightComment(ctx context.Context, id int64, comment string) error {
	return db.exec1(ctx, "highlight", id, `UPDATE highlights SET comment=?, updated=? WHERE id=?`,
		comment, millis(time.Now()), id)
}

// HighlightColors are the colours a highlight can have, the first the default.
var HighlightColors = []string{"yellow", "green", "blue", "pink", "purple"}

// SetHighlightColor changes a highlight's colour (one of HighlightColors).
func (db *DB) SetHighlightColor(ctx context.Context, id int64, color string) error {
	if !slices.Contains(HighlightColors, color) {
		return fmt.Errorf("highlight %d: no colour %q (want one of %v)", id, color, HighlightColors)
	}
	return db.exec1(ctx, "highlight", id, `UPDATE highlights SET color=?, updated=? WHERE id=?`,
		color, millis(time.Now()), id)
}

// MoveHighlight records where a highlight's passage now is (start -1: unplaced).
func (db *DB) MoveHighlight(ctx context.Context, id int64, start, end int) error {
	return db.exec1(ctx, "highlight", id, `UPDATE highlights SET start=?, end=? WHERE id=?`, start, end, id)
}

// TrashHighlight moves a highlight to the trash.
func (db *DB) TrashHighlight(ctx context.Context, id int64) error {
	return db.exec1(ctx, "highlight", id, `UPDATE highlights SET deleted=? WHERE id=?`, millis(time.Now()), id)
}

// RestoreHighlight takes a highlight out of the trash.
func (db *DB) RestoreHighlight(ctx context.Context, id int64) error {
	return db.exec1(ctx, "highlight", id, `UPDATE highlights SET deleted=NULL WHERE id=?`, id)
}

// Highlight returns highlight id (one in the trash too); a missing one is ErrNotFound.
func (db *DB) Highlight(ctx context.Context, id int64) (Highlight, error) {
	hs, err := db.queryHighlights(ctx, `SELECT `+highlightColumns+` FROM highlights WHERE id=?`, id)
	if err != nil {
		return Highlight{}, err
	}
	if len(hs) == 0 {
		return Highlight{}, fmt.Errorf("highlight %d: %w", id, ErrNotFound)
	}
	return hs[0], nil
}

// Highlights lists an article's highlights in reading order (unplaced ones last).
func (db *DB) Highlights(ctx context.Context, articleID int64) ([]Highlight, error) {
	return db.queryHighlights(ctx, `SELECT `+highlightColumns+` FROM highlights
		WHERE article_id=? AND deleted IS NULL ORDER BY start < 0, start, id`, articleID)
}

// AllHighlights lists every highlight not in the trash, in id order.
func (db *DB) AllHighlights(ctx context.Context) ([]Highlight, error) {
	return db.queryHighlights(ctx, `SELECT `+highlightColumns+` FROM highlights WHERE deleted IS NULL ORDER BY id`)
}

// TrashedHighlights lists the highlights in the trash, most recently deleted first.
func (db *DB) TrashedHighlights(ctx context.Context) ([]Highlight, error) {
	return db.queryHighlights(ctx, `SELECT `+highlightColumns+` FROM highlights WHERE deleted IS NOT NULL ORDER BY deleted DESC`)
}

func (db *DB) queryHighlights(ctx context.Context, query string, args ...any) ([]Highlight, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []Highlight
	for rows.Next() {
		h, err := scanHighlight(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
