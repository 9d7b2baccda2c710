package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Status is where the user is with an article.
type Status string

const (
	Unread   Status = "unread"
	Reading  Status = "reading"
	Done     Status = "done"
	Archived Status = "archived"
)

// Statuses lists every status in display order.
var Statuses = []Status{Unread, Reading, Done, Archived}

// Article is one piece of reading in the archive.
type Article struct {
	ID         int64
	Title      string
	Byline     string
	Site       string
	Source     string // URL or file path the article came from
	SourceKey  string // normalised URL used to recognise duplicates; empty for files
	Lang       string
	Excerpt    string
	Published  time.Time // zero when unknown
	Imported   time.Time
	Opened     time.Time // zero when never opened
	OpenCount  int
	Body       string // plain text, paragraphs separated by blank lines; highlights anchor here
	Markdown   string // rendition for display
	Words      int
	Progress   float64
	Status     Status
	FetchError string // why a URL could not be fetched; empty when the article has its text
	Hash       string
	Tags       []string
	Deleted    time.Time // zero unless the article is in the Trash
}

// ArticleSummary is an article without its text, for lists.
type ArticleSummary struct {
	ID         int64
	Title      string
	Byline     string
	Site       string
	Source     string
	Words      int
	Progress   float64
	Status     Status
	Imported   time.Time
	Opened     time.Time
	Published  time.Time
	OpenCount  int
	Notes      int
	Highlights int
	Tags       []string
}

// ContentHash is the hash that recognises the same text imported twice: whitespace and
// case do not count.
func ContentHash(body string) string {
	h := sha256.New()
	inSpace := false
	for _, r := range body {
		if unicode.IsSpace(r) {
			inSpace = true
			continue
		}
		if inSpace {
			h.Write([]byte{' '})
			inSpace = false
		}
		h.Write(utf8.AppendRune(nil, unicode.ToLower(r)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// CountWords counts whitespace-separated words.
func CountWords(s string) int { return len(strings.Fields(s)) }

// AddArticle stores a new article with its tags and returns its id. An article whose text
// (or normalised URL) is already in the archive is refused with a *DuplicateError.
func (db *DB) AddArticle(ctx context.Context, a *Article) (int64, error) {
	if a.Hash == "" {
		a.Hash = ContentHash(a.Body)
		if strings.TrimSpace(a.Body) == "" && a.SourceKey != "" {
			// A placeholder without text (a URL to fetch later) is unique by its URL.
			a.Hash = ContentHash("url:" + a.SourceKey)
		}
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
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if dup, err := findDuplicate(ctx, tx, a.Hash, a.SourceKey); err != nil {
			return err
		} else if dup != nil {
			return dup
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO articles
			(title, byline, site, source, source_key, lang, excerpt, published, imported,
			 body, markdown, words, progress, status, fetch_error, hash)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			a.Title, a.Byline, a.Site, a.Source, a.SourceKey, a.Lang, a.Excerpt,
			nullMillis(a.Published), millis(a.Imported), a.Body, a.Markdown, a.Words,
			a.Progress, string(a.Status), a.FetchError, a.Hash)
		if err != nil {
			return fmt.Errorf("add article %q: %w", a.Title, err)
		}
		a.ID, err = res.LastInsertId()
		if err != nil {
			return err
		}
		return setTags(ctx, tx, a.ID, a.Tags)
	})
	if err != nil {
		return 0, err
	}
	return a.ID, nil
}

// findDuplicate's query is written so SQLite can use both the hash index and the partial
// source_key index; testing the parameter for emptiness instead makes SQLite scan the table.
func findDuplicate(ctx context.Context, tx *sql.Tx, hash, sourceKey string) (*DuplicateError, error) {
	var dup DuplicateError
	err := tx.QueryRowContext(ctx,
		`SELECT id, title FROM articles WHERE hash = ? OR (source_key = ? AND source_key <> '') LIMIT 1`,
		hash, sourceKey).Scan(&dup.ExistingID, &dup.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &dup, nil
}

// FindBySource returns the id of the article with this normalised URL, or 0.
func (db *DB) FindBySource(ctx context.Context, sourceKey string) (int64, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx, `SELECT id FROM articles WHERE source_key = ? AND source_key <> '' LIMIT 1`, sourceKey).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

const articleColumns = `id, title, byline, site, source, source_key, lang, excerpt, published,
	imported, opened, open_count, body, markdown, words, progress, status, fetch_error, hash, deleted`

func scanArticle(row interface{ Scan(...any) error }) (*Article, error) {
	var a Article
	var published, imported, opened, deleted sql.NullInt64
	var status string
	err := row.Scan(&a.ID, &a.Title, &a.Byline, &a.Site, &a.Source, &a.SourceKey, &a.Lang,
		&a.Excerpt, &published, &imported, &opened, &a.OpenCount, &a.Body, &a.Markdown,
		&a.Words, &a.Progress, &status, &a.FetchError, &a.Hash, &deleted)
	if err != nil {
		return nil, err
	}
	a.Published, a.Imported, a.Opened = fromMillis(published), fromMillis(imported), fromMillis(opened)
	a.Deleted = fromMillis(deleted)
	a.Status = Status(status)
	return &a, nil
}

// Article returns one article with its text and tags (one in the Trash too: see Deleted).
func (db *DB) Article(ctx context.Context, id int64) (*Article, error) {
	a, err := scanArticle(db.sql.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("article %d: %w", id, describe(err))
	}
	tags, err := db.tagsOf(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	a.Tags = tags[id]
	return a, nil
}

// EachArticle calls fn for every article not in the Trash, with its text and tags, in id order.
// It stops at the first error fn returns.
func (db *DB) EachArticle(ctx context.Context, fn func(*Article) error) error {
	tags, err := db.tagsOf(ctx, nil)
	if err != nil {
		return err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE deleted IS NULL ORDER BY id`)
	if err != nil {
		return describe(err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return err
		}
		a.Tags = tags[a.ID]
		if err := fn(a); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Articles lists every article not in the Trash, newest import first, with counts of its notes and highlights.
func (db *DB) Articles(ctx context.Context) ([]ArticleSummary, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT a.id, a.title, a.byline, a.site, a.source, a.words, a.progress, a.status,
		       a.imported, a.opened, a.published, a.open_count,
		       (SELECT count(*) FROM notes n WHERE n.article_id = a.id AND n.deleted IS NULL),
		       (SELECT count(*) FROM highlights h WHERE h.article_id = a.id AND h.deleted IS NULL)
		FROM articles a WHERE a.deleted IS NULL ORDER BY a.imported DESC, a.id DESC`)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var list []ArticleSummary
	for rows.Next() {
		var s ArticleSummary
		var imported, opened, published sql.NullInt64
		var status string
		if err := rows.Scan(&s.ID, &s.Title, &s.Byline, &s.Site, &s.Source, &s.Words, &s.Progress,
			&status, &imported, &opened, &published, &s.OpenCount, &s.Notes, &s.Highlights); err != nil {
			return nil, err
		}
		s.Status = Status(status)
		s.Imported, s.Opened, s.Published = fromMillis(imported), fromMillis(opened), fromMillis(published)
		list = append(list, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	tags, err := db.tagsOf(ctx, nil)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Tags = tags[list[i].ID]
	}
	return list, nil
}

// CountArticles returns how many articles the archive holds, leaving out the Trash.
func (db *DB) CountArticles(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE deleted IS NULL`).Scan(&n)
	return n, describe(err)
}

// UpdateArticleText replaces an article's text (a re-import or a retried fetch).
func (db *DB) UpdateArticleText(ctx context.Context, a *Article) error {
	a.Hash = ContentHash(a.Body)
	a.Words = CountWords(a.Body)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var dup DuplicateError
		err := tx.QueryRowContext(ctx, `SELECT id, title FROM articles WHERE hash = ? AND id <> ?`, a.Hash, a.ID).
			Scan(&dup.ExistingID, &dup.Title)
		if err == nil {
			return &dup
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE articles SET title=?, byline=?, site=?, lang=?, excerpt=?,
			published=?, body=?, markdown=?, words=?, fetch_error=?, hash=? WHERE id=?`,
			a.Title, a.Byline, a.Site, a.Lang, a.Excerpt, nullMillis(a.Published), a.Body,
			a.Markdown, a.Words, a.FetchError, a.Hash, a.ID)
		if err != nil {
			return fmt.Errorf("update article %d: %w", a.ID, err)
		}
		if err := mustAffect(res, "article", a.ID); err != nil {
			return err
		}
		return reanchorHighlights(ctx, tx, a.ID, a.Body)
	})
}

// reanchorHighlights places every highlight of the article in its new text; one that cannot
// be found is kept, unplaced, with its quote. A highlight is never dropped.
func reanchorHighlights(ctx context.Context, tx *sql.Tx, articleID int64, body string) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+highlightColumns+` FROM highlights WHERE article_id=?`, articleID)
	if err != nil {
		return err
	}
	var hs []Highlight
	for rows.Next() {
		h, err := scanHighlight(rows)
		if err != nil {
			rows.Close()
			return err
		}
		hs = append(hs, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	anchorer := NewAnchorer(body) // the text prepared once for all its highlights
	for _, h := range hs {
		start, end := anchorer.Anchor(h)
		if start == h.Start && end == h.End {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE highlights SET start=?, end=? WHERE id=?`, start, end, h.ID); err != nil {
			return err
		}
	}
	return nil
}

// RenameArticle changes an article's title. The [[links]] to its old title are the caller's
// to rewrite (app/links.Rename), after asking the user.
func (db *DB) RenameArticle(ctx context.Context, id int64, title string) error {
	title = strings.TrimSpace(title)
	if title == "" {
		return fmt.Errorf("rename article %d: the title is empty", id)
	}
	return db.exec1(ctx, "article", id, `UPDATE articles SET title=? WHERE id=?`, title, id)
}

// SetStatus changes an article's status.
func (db *DB) SetStatus(ctx context.Context, id int64, status Status) error {
	return db.exec1(ctx, "article", id, `UPDATE articles SET status=? WHERE id=?`, string(status), id)
}

// SetProgress records how far the user has read (0..1); an unread article becomes "reading".
func (db *DB) SetProgress(ctx context.Context, id int64, progress float64) error {
	return db.exec1(ctx, "article", id, `UPDATE articles SET progress=?,
		status = CASE WHEN status='unread' AND ? > 0 THEN 'reading' ELSE status END WHERE id=?`,
		progress, progress, id)
}

// MarkOpened records that the user opened the article now.
func (db *DB) MarkOpened(ctx context.Context, id int64) error {
	return db.exec1(ctx, "article", id,
		`UPDATE articles SET opened=?, open_count=open_count+1 WHERE id=?`, millis(time.Now()), id)
}

// DeleteArticle removes an article with its notes and highlights for good, at once (the
// window and the CLI move articles to the Trash instead: TrashArticles).
func (db *DB) DeleteArticle(ctx context.Context, id int64) error {
	return db.exec1(ctx, "article", id, `DELETE FROM articles WHERE id=?`, id)
}

func (db *DB) exec1(ctx context.Context, what string, id int64, query string, args ...any) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("update %s %d: %w", what, id, err)
		}
		return mustAffect(res, what, id)
	})
}

func mustAffect(res sql.Result, what string, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s %d: %w", what, id, ErrNotFound)
	}
	return nil
}
