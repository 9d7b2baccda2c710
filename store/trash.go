package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// An article moved to the Trash takes its notes and highlights with it: they are trashed at
// the same moment (the same deleted time), so that RestoreArticles brings back exactly those,
// and the notes and highlights the user had trashed before stay in the Trash. Lists, search,
// the review and the export leave out what is in the Trash; EmptyTrash deletes it for good.

// TrashArticles moves articles, with their notes and highlights, to the Trash, in one
// transaction. An unknown id is ErrNotFound (and nothing is moved); one already in the Trash
// stays as it is.
func (db *DB) TrashArticles(ctx context.Context, ids ...int64) error {
	now := millis(time.Now())
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			var deleted sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT deleted FROM articles WHERE id = ?`, id).Scan(&deleted)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("article %d: %w", id, ErrNotFound)
			}
			if err != nil {
				return err
			}
			if deleted.Valid {
				continue
			}
			for _, q := range []string{
				`UPDATE articles SET deleted = ? WHERE id = ?`,
				`UPDATE notes SET deleted = ? WHERE article_id = ? AND deleted IS NULL`,
				`UPDATE highlights SET deleted = ? WHERE article_id = ? AND deleted IS NULL`,
			} {
				if _, err := tx.ExecContext(ctx, q, now, id); err != nil {
					return fmt.Errorf("move article %d to the Trash: %w", id, err)
				}
			}
		}
		return nil
	})
}

// RestoreArticles takes articles out of the Trash with the notes and highlights that went
// there with them. An unknown id is ErrNotFound; one not in the Trash is left as it is.
func (db *DB) RestoreArticles(ctx context.Context, ids ...int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			var deleted sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT deleted FROM articles WHERE id = ?`, id).Scan(&deleted)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("article %d: %w", id, ErrNotFound)
			}
			if err != nil {
				return err
			}
			if !deleted.Valid {
				continue
			}
			for _, q := range []string{
				`UPDATE notes SET deleted = NULL WHERE article_id = ? AND deleted = ?`,
				`UPDATE highlights SET deleted = NULL WHERE article_id = ? AND deleted = ?`,
				`UPDATE articles SET deleted = NULL WHERE id = ? AND deleted = ?`,
			} {
				if _, err := tx.ExecContext(ctx, q, id, deleted.Int64); err != nil {
					return fmt.Errorf("restore article %d: %w", id, err)
				}
			}
		}
		return nil
	})
}

// TrashedArticle is an article in the Trash; Notes and Highlights count those that went to
// the Trash with it (and come back with it).
type TrashedArticle struct {
	ArticleSummary
	Deleted time.Time
}

// TrashedArticles lists the articles in the Trash, most recently deleted first.
func (db *DB) TrashedArticles(ctx context.Context) ([]TrashedArticle, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT a.id, a.title, a.byline, a.site, a.source, a.words, a.progress, a.status,
		       a.imported, a.opened, a.published, a.open_count, a.deleted,
		       (SELECT count(*) FROM notes n WHERE n.article_id = a.id AND n.deleted = a.deleted),
		       (SELECT count(*) FROM highlights h WHERE h.article_id = a.id AND h.deleted = a.deleted)
		FROM articles a WHERE a.deleted IS NOT NULL ORDER BY a.deleted DESC, a.id DESC`)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var list []TrashedArticle
	var ids []int64
	for rows.Next() {
		var t TrashedArticle
		var imported, opened, published, deleted sql.NullInt64
		var status string
		if err := rows.Scan(&t.ID, &t.Title, &t.Byline, &t.Site, &t.Source, &t.Words, &t.Progress,
			&status, &imported, &opened, &published, &t.OpenCount, &deleted, &t.Notes, &t.Highlights); err != nil {
			return nil, err
		}
		t.Status = Status(status)
		t.Imported, t.Opened, t.Published = fromMillis(imported), fromMillis(opened), fromMillis(published)
		t.Deleted = fromMillis(deleted)
		list = append(list, t)
		ids = append(ids, t.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return list, nil
	}
	tags, err := db.tagsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Tags = tags[list[i].ID]
	}
	return list, nil
}

// TrashCount counts what is in the Trash (or what EmptyTrash deleted): articles, and the notes
// and highlights trashed on their own (not with their article).
type TrashCount struct {
	Articles, Notes, Highlights int
}

// CountTrash counts what the Trash holds.
func (db *DB) CountTrash(ctx context.Context) (TrashCount, error) {
	var c TrashCount
	err := db.sql.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles WHERE deleted IS NOT NULL),
		(SELECT count(*) FROM notes n WHERE deleted IS NOT NULL AND NOT EXISTS
			(SELECT 1 FROM articles a WHERE a.id = n.article_id AND a.deleted IS NOT NULL)),
		(SELECT count(*) FROM highlights h WHERE deleted IS NOT NULL AND NOT EXISTS
			(SELECT 1 FROM articles a WHERE a.id = h.article_id AND a.deleted IS NOT NULL))`).
		Scan(&c.Articles, &c.Notes, &c.Highlights)
	return c, describe(err)
}

// EmptyTrash deletes for good, in one transaction, everything in the Trash: the articles
// (with all their notes, highlights, images and review history) and the notes and highlights
// trashed on their own. It returns what it deleted.
func (db *DB) EmptyTrash(ctx context.Context) (TrashCount, error) {
	var c TrashCount
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		// Counted inside the transaction: what is deleted is what was counted.
		err := tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM articles WHERE deleted IS NOT NULL),
			(SELECT count(*) FROM notes n WHERE deleted IS NOT NULL AND NOT EXISTS
				(SELECT 1 FROM articles a WHERE a.id = n.article_id AND a.deleted IS NOT NULL)),
			(SELECT count(*) FROM highlights h WHERE deleted IS NOT NULL AND NOT EXISTS
				(SELECT 1 FROM articles a WHERE a.id = h.article_id AND a.deleted IS NOT NULL))`).
			Scan(&c.Articles, &c.Notes, &c.Highlights)
		if err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM articles WHERE deleted IS NOT NULL`,
			`DELETE FROM notes WHERE deleted IS NOT NULL`,
			`DELETE FROM highlights WHERE deleted IS NOT NULL`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("empty the Trash: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return TrashCount{}, err
	}
	return c, nil
}

// TrashedArticleIDs is the set of articles in the Trash, read by the partial index
// articles_deleted (a few rows, however large the archive): search loads the articles by a
// covering index that has no deleted column, and leaves these out.
func (db *DB) TrashedArticleIDs(ctx context.Context) (map[int64]bool, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id FROM articles INDEXED BY articles_deleted WHERE deleted IS NOT NULL`)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	ids := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}
