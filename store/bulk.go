package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Batch adds articles, notes and highlights inside one transaction: a bulk import or a
// generated archive pays one commit (and one journal sync) per batch instead of one per item,
// ten to fifty times faster. Use it through DB.Bulk. (app/ingest may take it for imports.)
type Batch struct {
	ctx context.Context
	tx  *sql.Tx
}

// Bulk runs fn with a Batch in one transaction, committed only if fn returns nil. Keep
// batches to a few thousand items: the writer is held for the whole batch.
func (db *DB) Bulk(ctx context.Context, fn func(b *Batch) error) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return fn(&Batch{ctx: ctx, tx: tx}) })
}

// AddArticle is DB.AddArticle inside the batch.
func (b *Batch) AddArticle(a *Article) (int64, error) {
	if a.Hash == "" {
		a.Hash = ContentHash(a.Body)
	}
	if a.Imported.IsZero() {
		a.Imported = time.Now()
	}
	if a.Status == "" {
		a.Status = Unread
	}
	if a.Words == 0 {
		a.Words = CountWords(a.Body)
	}
	if dup, err := findDuplicate(b.ctx, b.tx, a.Hash, a.SourceKey); err != nil {
		return 0, err
	} else if dup != nil {
		return 0, dup
	}
	res, err := b.tx.ExecContext(b.ctx, `INSERT INTO articles
		(title, byline, site, source, source_key, lang, excerpt, published, imported,
		 body, markdown, words, progress, status, fetch_error, hash)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		a.Title, a.Byline, a.Site, a.Source, a.SourceKey, a.Lang, a.Excerpt,
		nullMillis(a.Published), millis(a.Imported), a.Body, a.Markdown, a.Words,
		a.Progress, string(a.Status), a.FetchError, a.Hash)
	if err != nil {
		return 0, fmt.Errorf("add article %q: %w", a.Title, err)
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	return a.ID, setTags(b.ctx, b.tx, a.ID, a.Tags)
}

// MarkOpened is DB.MarkOpened inside the batch.
func (b *Batch) MarkOpened(id int64) error {
	_, err := b.tx.ExecContext(b.ctx, `UPDATE articles SET opened=?, open_count=open_count+1 WHERE id=?`,
		millis(time.Now()), id)
	return err
}

// AddNote is DB.AddNote inside the batch.
func (b *Batch) AddNote(articleID int64, body string) (Note, error) {
	now := time.Now()
	n := Note{ArticleID: articleID, Body: body, Created: now.UTC(), Updated: now.UTC()}
	var article any
	if articleID != 0 {
		article = articleID
	}
	res, err := b.tx.ExecContext(b.ctx, `INSERT INTO notes(article_id, body, created, updated) VALUES (?,?,?,?)`,
		article, body, millis(now), millis(now))
	if err != nil {
		return n, fmt.Errorf("add note: %w", err)
	}
	n.ID, err = res.LastInsertId()
	return n, err
}

// AddHighlight is DB.AddHighlight inside the batch.
func (b *Batch) AddHighlight(h Highlight) (Highlight, error) {
	if h.Quote == "" {
		return h, errors.New("add highlight: the quote is empty")
	}
	if h.Color == "" {
		h.Color = "yellow"
	}
	now := time.Now()
	h.Created, h.Updated = now.UTC(), now.UTC()
	res, err := b.tx.ExecContext(b.ctx, `INSERT INTO highlights
		(article_id, quote, prefix, suffix, start, end, comment, color, created, updated)
		VALUES (?,?,?,?,?,?,?,?,?,?)`,
		h.ArticleID, h.Quote, h.Prefix, h.Suffix, h.Start, h.End, h.Comment, h.Color, millis(now), millis(now))
	if err != nil {
		return h, fmt.Errorf("add highlight: %w", err)
	}
	h.ID, err = res.LastInsertId()
	return h, err
}
