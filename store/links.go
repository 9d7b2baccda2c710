package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// What a note's text says about it (its [[links]], its #tags and front matter tags, the
// names it is linked by) is derived when the store saves the note, and kept in the tables
// links, note_tags and note_keys. Triggers put every note or comment written otherwise (a bulk
// write, another program's older Lectern) in links_pending, and the reads below derive those
// first.

// deriveNote derives a note's links, tags and names, in the transaction that saved it.
func deriveNote(ctx context.Context, tx *sql.Tx, id int64) error {
	var n Note
	err := tx.QueryRowContext(ctx, `SELECT id, coalesce(article_id, 0), body, title, path, front_matter
		FROM notes WHERE id = ?`, id).Scan(&n.ID, &n.ArticleID, &n.Body, &n.Title, &n.Path, &n.FrontMatter)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, `DELETE FROM links_pending WHERE kind = 'note' AND id = ?`, id)
		return err
	}
	if err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM links WHERE note_id = ?`, `DELETE FROM note_tags WHERE note_id = ?`,
		`DELETE FROM note_keys WHERE note_id = ?`, `DELETE FROM links_pending WHERE kind = 'note' AND id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	if err := insertLinks(ctx, tx, "note_id", id, n.Body); err != nil {
		return err
	}
	fields := FrontMatterFields(n.FrontMatter)
	tags := NormalizeTags(append(FrontMatterTags(fields), InlineTags(n.Body)...))
	for _, name := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING`, name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO note_tags(note_id, tag_id)
			SELECT ?, id FROM tags WHERE name = ?`, id, name); err != nil {
			return err
		}
	}
	addKey := func(kind, name string) error {
		if strings.TrimSpace(name) == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO note_keys(note_id, kind, name, key) VALUES (?,?,?,?)`,
			id, kind, name, LinkKey(name))
		return err
	}
	if err := addKey("title", NoteTitleOf(n)); err != nil {
		return err
	}
	for _, alias := range FrontMatterAliases(fields) {
		if err := addKey("alias", alias); err != nil {
			return err
		}
	}
	if p := strings.TrimSuffix(n.Path, ".md"); strings.Contains(p, "/") {
		return addKey("path", p)
	}
	return nil
}

// deriveHighlight indexes the links of a highlight's comment.
func deriveHighlight(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, q := range []string{`DELETE FROM links WHERE highlight_id = ?`, `DELETE FROM links_pending WHERE kind = 'highlight' AND id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	var comment string
	err := tx.QueryRowContext(ctx, `SELECT comment FROM highlights WHERE id = ?`, id).Scan(&comment)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return insertLinks(ctx, tx, "highlight_id", id, comment)
}

func insertLinks(ctx context.Context, tx *sql.Tx, column string, id int64, text string) error {
	links := ParseWikilinks(text)
	if len(links) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO links(`+column+`, target, target_key, heading, block,
		block_highlight, shown, start, end, context) VALUES (?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, l := range links {
		var block any
		if h := l.HighlightID(); h != 0 {
			block = h
		}
		if _, err := stmt.ExecContext(ctx, id, l.Target, LinkKey(l.Target), l.Heading, l.Block, block, l.Shown,
			l.Start, l.End, sentenceAround(text, l.Start, l.End)); err != nil {
			return err
		}
	}
	return nil
}

// derivePending derives what links_pending lists, a few hundred per transaction. A read-only
// database is read as it is.
func (db *DB) derivePending(ctx context.Context) error {
	if db.readOnly {
		return nil
	}
	for {
		var n int
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM links_pending LIMIT 1)`).Scan(&n); err != nil {
			return describe(err)
		}
		if n == 0 {
			return nil
		}
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT kind, id FROM links_pending LIMIT 500`)
			if err != nil {
				return err
			}
			type pending struct {
				kind string
				id   int64
			}
			var batch []pending
			for rows.Next() {
				var p pending
				if err := rows.Scan(&p.kind, &p.id); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, p)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, p := range batch {
				var err error
				if p.kind == "note" {
					err = deriveNote(ctx, tx, p.id)
				} else {
					err = deriveHighlight(ctx, tx, p.id)
				}
				if err != nil {
					return fmt.Errorf("index the links of %s %d: %w", p.kind, p.id, err)
				}
			}
			return nil
		})
		if err != nil {
			if errors.Is(err, ErrReadOnly) {
				return nil
			}
			return err
		}
	}
}

// Backlink is a note, or a highlight's comment, that links to a page.
type Backlink struct {
	LinkID      int64
	NoteID      int64  // the linking note; 0 for a comment
	HighlightID int64  // the highlight whose comment links; 0 for a note
	ArticleID   int64  // the article of the linking note or highlight; 0 for a standalone note
	From        string // the linking note's title (NoteTitleOf), or the highlight's article's title
	Context     string // the sentence around the link, on one line
	Target      string // the link as written: [[Target#Heading|Shown]] or [[Target#^Block]]
	Heading     string
	Block       string
	Shown       string
	ToHighlight int64 // the highlight linked to (#^lectern-hN), or 0
}

const backlinkSelect = `SELECT l.id, coalesce(l.note_id, 0), coalesce(l.highlight_id, 0),
	coalesce(n.article_id, h.article_id, 0), coalesce(n.title, ''), CASE WHEN n.title = '' THEN substr(n.body, 1, 400) ELSE '' END,
	a.title, l.context, l.target, l.heading, l.block, l.shown, coalesce(l.block_highlight, 0)
	FROM links l
	LEFT JOIN notes n ON n.id = l.note_id
	LEFT JOIN highlights h ON h.id = l.highlight_id
	LEFT JOIN articles a ON a.id = coalesce(n.article_id, h.article_id)
	WHERE coalesce(n.deleted, h.deleted) IS NULL AND (n.id IS NOT NULL OR h.id IS NOT NULL) AND `

// Backlinks lists the notes and comments that link to an article: by its title ([[Title]],
// whatever the case, unless a note is called so too: notes come first, as in Obsidian) or to
// one of its highlights ([[Title#^lectern-hN]]), in the order they were written. Those in the
// Trash are left out.
func (db *DB) Backlinks(ctx context.Context, articleID int64) ([]Backlink, error) {
	if err := db.derivePending(ctx); err != nil {
		return nil, err
	}
	var title string
	err := db.sql.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ?`, articleID).Scan(&title)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %d: %w", articleID, ErrNotFound)
	}
	if err != nil {
		return nil, describe(err)
	}
	key := LinkKey(title)
	var claimed int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM note_keys k JOIN notes n ON n.id = k.note_id
		WHERE k.key = ? AND n.deleted IS NULL`, key).Scan(&claimed); err != nil {
		return nil, describe(err)
	}
	query := backlinkSelect + `l.block_highlight IN (SELECT id FROM highlights WHERE article_id = ?)`
	args := []any{articleID}
	if claimed == 0 && key != "" {
		query = backlinkSelect + `l.target_key = ? UNION ALL ` + query
		args = append([]any{key}, args...)
	}
	return db.queryBacklinks(ctx, query+` ORDER BY 1`, args...)
}

// NoteBacklinks lists the notes and comments that link to a note: by its title, one of its
// aliases or its path (without .md), whatever the case.
func (db *DB) NoteBacklinks(ctx context.Context, noteID int64) ([]Backlink, error) {
	if err := db.derivePending(ctx); err != nil {
		return nil, err
	}
	if _, err := db.Note(ctx, noteID); err != nil {
		return nil, err
	}
	return db.queryBacklinks(ctx, backlinkSelect+`l.target_key IN (SELECT key FROM note_keys WHERE note_id = ?)
		AND coalesce(l.note_id, 0) <> ? ORDER BY l.id`, noteID, noteID)
}

func (db *DB) queryBacklinks(ctx context.Context, query string, args ...any) ([]Backlink, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []Backlink
	seen := map[int64]bool{} // a link found both by its page and by its block
	for rows.Next() {
		var b Backlink
		var noteTitle, noteHead string
		var articleTitle sql.NullString
		if err := rows.Scan(&b.LinkID, &b.NoteID, &b.HighlightID, &b.ArticleID, &noteTitle, &noteHead,
			&articleTitle, &b.Context, &b.Target, &b.Heading, &b.Block, &b.Shown, &b.ToHighlight); err != nil {
			return nil, err
		}
		if seen[b.LinkID] {
			continue
		}
		seen[b.LinkID] = true
		if b.NoteID != 0 {
			b.From = NoteTitleOf(Note{ID: b.NoteID, Title: noteTitle, Body: noteHead})
		} else {
			b.From = articleTitle.String
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// LinkTarget is what a [[link]] leads to.
type LinkTarget struct {
	Kind      string // "article", "note" or "highlight"
	ID        int64  // the article's, note's or highlight's id
	ArticleID int64  // a highlight's article (an article's own id; 0 for a standalone note)
	Title     string // the article's title or the note's (NoteTitleOf)
}

// ResolveLink finds what a link leads to: a highlight for #^lectern-hN (not in the Trash),
// else a note by title, alias or path, else an article by title, whatever the case. ok is
// false for a link to nothing (an unresolved link, which the window can offer to create).
func (db *DB) ResolveLink(ctx context.Context, l Wikilink) (target LinkTarget, ok bool, err error) {
	if err := db.derivePending(ctx); err != nil {
		return target, false, err
	}
	if h := l.HighlightID(); h != 0 {
		err := db.sql.QueryRowContext(ctx, `SELECT h.id, h.article_id, a.title FROM highlights h
			JOIN articles a ON a.id = h.article_id WHERE h.id = ? AND h.deleted IS NULL`, h).
			Scan(&target.ID, &target.ArticleID, &target.Title)
		if err == nil {
			target.Kind = "highlight"
			return target, true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return target, false, describe(err)
		}
	}
	key := LinkKey(l.Target)
	if key == "" {
		return target, false, nil
	}
	var title, body string
	// Title first, then alias, then path; the oldest note of those.
	err = db.sql.QueryRowContext(ctx, `SELECT n.id, coalesce(n.article_id, 0), n.title, substr(n.body, 1, 400)
		FROM note_keys k JOIN notes n ON n.id = k.note_id WHERE k.key = ? AND n.deleted IS NULL
		ORDER BY CASE k.kind WHEN 'title' THEN 0 WHEN 'alias' THEN 1 ELSE 2 END, n.id LIMIT 1`, key).
		Scan(&target.ID, &target.ArticleID, &title, &body)
	if err == nil {
		target.Kind, target.Title = "note", NoteTitleOf(Note{ID: target.ID, Title: title, Body: body})
		return target, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return target, false, describe(err)
	}
	err = db.sql.QueryRowContext(ctx, `SELECT id, title FROM articles WHERE title = ? COLLATE NOCASE
		AND deleted IS NULL ORDER BY id LIMIT 1`, strings.TrimSpace(l.Target)).Scan(&target.ID, &target.Title)
	if errors.Is(err, sql.ErrNoRows) {
		// Spaces or letters outside ASCII written otherwise: compare folded.
		target, err = db.articleByKey(ctx, key)
	}
	if err == nil {
		target.Kind, target.ArticleID = "article", target.ID
		return target, true, nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return LinkTarget{}, false, nil
	}
	return target, false, describe(err)
}

// articleByKey finds the oldest article (not in the Trash) whose folded title is key.
func (db *DB) articleByKey(ctx context.Context, key string) (LinkTarget, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, title FROM articles WHERE deleted IS NULL
		AND title LIKE ? ESCAPE '\' ORDER BY id`, likePrefix(key, 16))
	if err != nil {
		return LinkTarget{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var t LinkTarget
		if err := rows.Scan(&t.ID, &t.Title); err != nil {
			return LinkTarget{}, err
		}
		if LinkKey(t.Title) == key {
			return t, nil
		}
	}
	if err := rows.Err(); err != nil {
		return LinkTarget{}, err
	}
	return LinkTarget{}, sql.ErrNoRows
}

// likePrefix is a LIKE pattern for the first n ASCII bytes of s, escaped.
func likePrefix(s string, n int) string {
	var b strings.Builder
	for i := 0; i < len(s) && i < n && s[i] < 0x80 && s[i] != ' '; i++ {
		if s[i] == '%' || s[i] == '_' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String() + "%"
}

// NoteTags returns a note's tags, sorted: those of its front matter and its #tags.
func (db *DB) NoteTags(ctx context.Context, noteID int64) ([]string, error) {
	all, err := db.noteTags(ctx, `WHERE nt.note_id = ?`, noteID)
	return all[noteID], err
}

// AllNoteTags maps every note that has tags (trashed ones too) to its tags, sorted.
func (db *DB) AllNoteTags(ctx context.Context) (map[int64][]string, error) {
	return db.noteTags(ctx, ``)
}

func (db *DB) noteTags(ctx context.Context, where string, args ...any) (map[int64][]string, error) {
	if err := db.derivePending(ctx); err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT nt.note_id, t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id `+
		where+` ORDER BY t.name COLLATE NOCASE`, args...)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = append(out[id], name)
	}
	return out, rows.Err()
}

// NotesTagged lists the notes (not in the trash) with a tag, whatever its case, in id order.
// A nested tag's parent finds it too: "projects" finds #projects/reading.
func (db *DB) NotesTagged(ctx context.Context, tag string) ([]Note, error) {
	if err := db.derivePending(ctx); err != nil {
		return nil, err
	}
	tag = strings.TrimPrefix(strings.TrimSpace(tag), "#")
	return db.queryNotes(ctx, `SELECT `+noteColumns+` FROM notes WHERE deleted IS NULL AND id IN
		(SELECT nt.note_id FROM note_tags nt JOIN tags t ON t.id = nt.tag_id
		 WHERE t.name = ? COLLATE NOCASE OR t.name LIKE ? ESCAPE '\') ORDER BY id`,
		tag, strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(tag)+"/%")
}

// AllNoteTagNames lists every tag some note (not in the trash) has, sorted.
func (db *DB) AllNoteTagNames(ctx context.Context) ([]string, error) {
	if err := db.derivePending(ctx); err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT DISTINCT t.name FROM note_tags nt JOIN tags t ON t.id = nt.tag_id
		JOIN notes n ON n.id = nt.note_id WHERE n.deleted IS NULL ORDER BY t.name COLLATE NOCASE`)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

// NoteNames returns the names a note is linked by: its title, aliases and path.
func (db *DB) NoteNames(ctx context.Context, noteID int64) (title string, aliases []string, err error) {
	if err := db.derivePending(ctx); err != nil {
		return "", nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT kind, name FROM note_keys WHERE note_id = ? ORDER BY kind, name`, noteID)
	if err != nil {
		return "", nil, describe(err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, name string
		if err := rows.Scan(&kind, &name); err != nil {
			return "", nil, err
		}
		switch kind {
		case "title":
			title = name
		case "alias":
			aliases = append(aliases, name)
		}
	}
	sort.Strings(aliases)
	return title, aliases, rows.Err()
}

// IndexLinks derives at once what is waiting (see links_pending): the first read of links,
// tags or names does it otherwise. It returns how long it took.
func (db *DB) IndexLinks(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	err := db.derivePending(ctx)
	return time.Since(start), err
}
