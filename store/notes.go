package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
)

// Note is a Markdown note, on an article or standalone (ArticleID 0).
type Note struct {
	ID        int64
	ArticleID int64
	Body      string // the Markdown text; for a vault note, the file after its front matter, byte for byte
	Created   time.Time
	Updated   time.Time
	Deleted   time.Time // zero unless the note is in the trash

	// A note imported from a folder of Markdown files (an Obsidian vault) keeps what its file
	// had; a note written in Lectern has none of these (NoteTitleOf names it).
	Title       string // the file's name without .md
	Path        string // its path inside the folder, '/'-separated, with .md: "Projects/Reading list.md"
	Source      string // the file it was imported from (absolute); a re-import updates the note found by it
	FrontMatter string // the front matter block exactly as written, "---" lines included; "" when none
}

const noteColumns = `id, coalesce(article_id, 0), body, created, updated, deleted, title, path, source, front_matter`

func scanNote(row interface{ Scan(...any) error }) (Note, error) {
	var n Note
	var created, updated, deleted sql.NullInt64
	err := row.Scan(&n.ID, &n.ArticleID, &n.Body, &created, &updated, &deleted, &n.Title, &n.Path, &n.Source, &n.FrontMatter)
	n.Created, n.Updated, n.Deleted = fromMillis(created), fromMillis(updated), fromMillis(deleted)
	return n, err
}

// AddNote stores a new note; articleID 0 makes a standalone note.
func (db *DB) AddNote(ctx context.Context, articleID int64, body string) (Note, error) {
	now := time.Now()
	n := Note{ArticleID: articleID, Body: body, Created: now.UTC(), Updated: now.UTC()}
	var article any
	if articleID != 0 {
		article = articleID
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO notes(article_id, body, created, updated) VALUES (?,?,?,?)`,
			article, body, millis(now), millis(now))
		if err != nil {
			if articleID != 0 && isForeignKey(err) {
				return fmt.Errorf("add note: article %d: %w", articleID, ErrNotFound)
			}
			return fmt.Errorf("add note: %w", err)
		}
		if n.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return deriveNote(ctx, tx, n.ID)
	})
	return n, err
}

// UpdateNote replaces a note's text; its links, tags and names are derived again.
func (db *DB) UpdateNote(ctx context.Context, id int64, body string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notes SET body=?, updated=? WHERE id=?`, body, millis(time.Now()), id)
		if err != nil {
			return fmt.Errorf("update note %d: %w", id, err)
		}
		if err := mustAffect(res, "note", id); err != nil {
			return err
		}
		return deriveNote(ctx, tx, id)
	})
}

// RenameNote gives a note another title. A vault note's title is its file name: the title
// changes, and its path's file name with it (it cannot hold a slash). A note written in Lectern
// is called by its first line of text (NoteTitleOf): that line's text is replaced
// (RetitleBody). Its links, tags and names are derived again; the [[links]] to its old names
// are the caller's to rewrite (app/links.Rename), after asking the user.
func (db *DB) RenameNote(ctx context.Context, id int64, title string) error {
	title = strings.TrimSpace(title)
	if title == "" || strings.ContainsAny(title, "\n\r") {
		return fmt.Errorf("rename note %d: a title is one line of text", id)
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		n, err := scanNote(tx.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notes WHERE id=?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("note %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if n.Title != "" || n.Path != "" {
			if strings.ContainsAny(title, `/\`) {
				return fmt.Errorf("rename note %d: a file name cannot hold “/” or “\\”", id)
			}
			n.Title = title
			if n.Path != "" {
				dir, ext := path.Dir(n.Path), path.Ext(n.Path)
				n.Path = path.Join(dir, title+ext)
			}
		} else {
			n.Body = RetitleBody(n.Body, title)
		}
		_, err = tx.ExecContext(ctx, `UPDATE notes SET title=?, path=?, body=?, updated=? WHERE id=?`,
			n.Title, n.Path, n.Body, millis(time.Now()), id)
		if err != nil {
			return fmt.Errorf("rename note %d: %w", id, err)
		}
		return deriveNote(ctx, tx, id)
	})
}

// RetitleBody is body with its first line of text (what NoteTitleOf names a note without a
// title by) replaced by title, its Markdown markers ("# ", "> ", "- ") kept; a body with no
// text gets "# title" as its first line.
func RetitleBody(body, title string) string {
	at := 0
	for _, line := range strings.SplitAfter(body, "\n") {
		text := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#>-*+ \t"))
		if text != "" {
			start := at + strings.Index(line, text)
			return body[:start] + title + body[start+len(text):]
		}
		at += len(line)
	}
	return "# " + title + "\n\n" + strings.TrimLeft(body, " \t\r\n")
}

// TrashNote moves a note to the trash; RestoreNote brings it back.
func (db *DB) TrashNote(ctx context.Context, id int64) error {
	return db.exec1(ctx, "note", id, `UPDATE notes SET deleted=? WHERE id=?`, millis(time.Now()), id)
}

// RestoreNote takes a note out of the trash.
func (db *DB) RestoreNote(ctx context.Context, id int64) error {
	return db.exec1(ctx, "note", id, `UPDATE notes SET deleted=NULL WHERE id=?`, id)
}

// Note returns one note, trashed or not.
func (db *DB) Note(ctx context.Context, id int64) (Note, error) {
	n, err := scanNote(db.sql.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notes WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return n, fmt.Errorf("note %d: %w", id, ErrNotFound)
	}
	return n, describe(err)
}

// Notes lists an article's notes (articleID 0: the standalone notes) in creation order,
// leaving out those in the trash.
func (db *DB) Notes(ctx context.Context, articleID int64) ([]Note, error) {
	return db.queryNotes(ctx, `SELECT `+noteColumns+` FROM notes
		WHERE coalesce(article_id, 0) = ? AND deleted IS NULL ORDER BY created, id`, articleID)
}

// AllNotes lists every note not in the trash, in id order.
func (db *DB) AllNotes(ctx context.Context) ([]Note, error) {
	return db.queryNotes(ctx, `SELECT `+noteColumns+` FROM notes WHERE deleted IS NULL ORDER BY id`)
}

// TrashedNotes lists the notes in the trash, most recently deleted first, leaving out those
// of an article in the Trash (TrashedArticles counts them; restoring the article restores
// them).
func (db *DB) TrashedNotes(ctx context.Context) ([]Note, error) {
	return db.queryNotes(ctx, `SELECT `+noteColumns+` FROM notes n WHERE deleted IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = n.article_id AND a.deleted IS NOT NULL)
		ORDER BY deleted DESC`)
}

func (db *DB) queryNotes(ctx context.Context, query string, args ...any) ([]Note, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		n, err := scanNote(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// FindNote returns the id of a note of the article (0: standalone) with exactly this text,
// or 0.
func (db *DB) FindNote(ctx context.Context, articleID int64, body string) (int64, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx, `SELECT id FROM notes WHERE coalesce(article_id, 0) = ?
		AND body = ? AND deleted IS NULL LIMIT 1`, articleID, body).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, describe(err)
}

// AddNoteOnce stores a new note unless the article (0: standalone) already has one, not in
// the trash, with exactly this text; existed says which. The look and the write are one
// transaction, so two programs adding the same note at once store it once.
func (db *DB) AddNoteOnce(ctx context.Context, articleID int64, body string) (id int64, existed bool, err error) {
	now := time.Now()
	var article any
	if articleID != 0 {
		article = articleID
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM notes WHERE coalesce(article_id, 0) = ?
			AND body = ? AND deleted IS NULL LIMIT 1`, articleID, body).Scan(&id)
		if err == nil {
			existed = true
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("find note: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO notes(article_id, body, created, updated) VALUES (?,?,?,?)`,
			article, body, millis(now), millis(now))
		if err != nil {
			if articleID != 0 && isForeignKey(err) {
				return fmt.Errorf("add note: article %d: %w", articleID, ErrNotFound)
			}
			return fmt.Errorf("add note: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		return deriveNote(ctx, tx, id)
	})
	if err != nil {
		return 0, false, err
	}
	return id, existed, nil
}
