package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// ImportedHighlight is a highlight brought from another app: its quote as that app kept it,
// the user's comment, a colour (one of HighlightColors, or empty for the default) and when it
// was made (zero: now).
type ImportedHighlight struct {
	Quote   string
	Comment string
	Color   string
	Created time.Time
}

// Additions is what another app's export knew about an article besides its text: tags, an
// archived status, highlights and notes (Markdown).
type Additions struct {
	Tags       []string
	Archived   bool
	Highlights []ImportedHighlight
	Notes      []string
}

// Merged counts what an import added to an article.
type Merged struct {
	Tags       int  // tags the article did not have
	Highlights int  // highlights added (Placed of them found in the text)
	Placed     int  //
	Comments   int  // comments given to highlights that had none
	Notes      int  // notes added
	Archived   bool // the article was archived
	Text       bool // the article, stored without text, received it
}

// Any reports whether anything was added.
func (m Merged) Any() bool {
	return m.Tags+m.Highlights+m.Comments+m.Notes > 0 || m.Archived || m.Text
}

// Add sums o into m.
func (m *Merged) Add(o Merged) {
	m.Tags += o.Tags
	m.Highlights += o.Highlights
	m.Placed += o.Placed
	m.Comments += o.Comments
	m.Notes += o.Notes
	m.Archived = m.Archived || o.Archived
	m.Text = m.Text || o.Text
}

// ImportItem is one article of another app's export to store or merge: Article is stored
// unless the archive has it already (the same SourceKey, or the same text), and then the
// Additions go to whichever article it is. With Article nil, the Additions go to article ID.
type ImportItem struct {
	Article   *Article
	ID        int64
	Additions Additions
}

// ImportOutcome is what became of one ImportItem.
type ImportOutcome struct {
	ID      int64
	Existed bool   // the article was in the archive already
	Title   string // of the article stored or found
	Merged  Merged
	Err     error // this item failed; the others of the batch were stored
}

// BookKey is the SourceKey of a book known by its title and authors only (a Kindle or
// Readwise export): case, punctuation, a subtitle after a colon and the order of the
// authors' names ("Doe, Jane" or "Jane Doe") do not count.
func BookKey(title, authors string) string {
	if i := strings.IndexAny(title, ":"); i > 0 {
		title = title[:i]
	}
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	t := words(title)
	if len(t) == 0 {
		return ""
	}
	a := words(authors)
	slices.Sort(a)
	a = slices.Compact(a)
	return "book:" + strings.Join(t, " ") + "/" + strings.Join(a, " ")
}

// ImportArticles stores or merges each item, all in one transaction (each item in a
// savepoint of its own, so one that fails leaves the others). The error is for the batch
// (the database could not be written); an item's own failure is in its outcome.
func (db *DB) ImportArticles(ctx context.Context, items []ImportItem) ([]ImportOutcome, error) {
	out := make([]ImportOutcome, len(items))
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for i := range items {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT import_item`); err != nil {
				return err
			}
			o, err := importItem(ctx, tx, items[i])
			if err != nil {
				if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO import_item`); rerr != nil {
					return rerr
				}
				if errors.Is(describe(err), ErrDiskFull) || errors.Is(describe(err), ErrReadOnly) || ctx.Err() != nil {
					return err
				}
				o = ImportOutcome{Err: describe(err)}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE import_item`); err != nil {
				return err
			}
			out[i] = o
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ImportArticle is ImportArticles for one item.
func (db *DB) ImportArticle(ctx context.Context, item ImportItem) (ImportOutcome, error) {
	out, err := db.ImportArticles(ctx, []ImportItem{item})
	if err != nil {
		return ImportOutcome{}, err
	}
	return out[0], out[0].Err
}

func importItem(ctx context.Context, tx *sql.Tx, item ImportItem) (ImportOutcome, error) {
	var o ImportOutcome
	if a := item.Article; a != nil {
		if a.Hash == "" {
			a.Hash = ContentHash(a.Body)
			if strings.TrimSpace(a.Body) == "" && a.SourceKey != "" {
				a.Hash = ContentHash("url:" + a.SourceKey)
			}
		}
		dup, err := findDuplicate(ctx, tx, a.Hash, a.SourceKey)
		if err != nil {
			return o, err
		}
		if dup != nil {
			o.ID, o.Existed, o.Title = dup.ExistingID, true, dup.Title
			if strings.TrimSpace(a.Body) != "" {
				filled, err := fillText(ctx, tx, dup.ExistingID, a)
				if err != nil {
					return o, err
				}
				o.Merged.Text = filled
			}
		} else {
			if err := insertArticle(ctx, tx, a); err != nil {
				return o, err
			}
			o.ID, o.Title = a.ID, a.Title
		}
	} else {
		o.ID, o.Existed = item.ID, true
		if err := tx.QueryRowContext(ctx, `SELECT title FROM articles WHERE id=?`, item.ID).Scan(&o.Title); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return o, fmt.Errorf("article %d: %w", item.ID, ErrNotFound)
			}
			return o, err
		}
	}
	m, err := addTo(ctx, tx, o.ID, item.Additions, !o.Existed)
	if err != nil {
		return o, err
	}
	o.Merged.Add(m)
	return o, nil
}

func insertArticle(ctx context.Context, tx *sql.Tx, a *Article) error {
	if a.Imported.IsZero() {
		a.Imported = time.Now()
	}
	if a.Status == "" {
		a.Status = Unread
	}
	if a.Words == 0 {
		a.Words = CountWords(a.Body)
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
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return setTags(ctx, tx, a.ID, a.Tags)
}

// fillText gives an article stored without text (a book, a link not fetched) the text a
// later import brought, and places its highlights in it; an article with text keeps it.
func fillText(ctx context.Context, tx *sql.Tx, id int64, a *Article) (bool, error) {
	var body string
	if err := tx.QueryRowContext(ctx, `SELECT body FROM articles WHERE id=?`, id).Scan(&body); err != nil {
		return false, err
	}
	if strings.TrimSpace(body) != "" {
		return false, nil
	}
	hash := ContentHash(a.Body)
	var other int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE hash=? AND id<>?`, hash, id).Scan(&other)
	if err == nil {
		return false, nil // the text is another article's
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET body=?, markdown=?, words=?, hash=?, fetch_error='',
		byline=CASE WHEN byline='' THEN ? ELSE byline END, site=CASE WHEN site='' THEN ? ELSE site END,
		lang=CASE WHEN lang='' THEN ? ELSE lang END, excerpt=CASE WHEN excerpt='' THEN ? ELSE excerpt END
		WHERE id=?`, a.Body, a.Markdown, CountWords(a.Body), hash, a.Byline, a.Site, a.Lang, a.Excerpt, id); err != nil {
		return false, err
	}
	return true, reanchorHighlights(ctx, tx, id, a.Body)
}

// highlightColor maps another app's colour names to Lectern's.
func highlightColor(c string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	switch c {
	case "red", "pink", "magenta", "rose":
		return "pink"
	case "blue", "cyan", "teal":
		return "blue"
	case "green", "olive", "lime":
		return "green"
	case "purple", "violet":
		return "purple"
	}
	return "yellow"
}

// foldQuote is the form in which two quotes are the same highlight: case, white space,
// curly quotes and dashes do not count.
func foldQuote(s string) string {
	f, _ := fold([]rune(s))
	return string(trimSpace(f))
}

// addTo adds tags, the archived status, highlights and notes to article id, leaving out what
// it has: a highlight is there already when the article has one (in the trash too: the user
// deleted it) with the same quote, or on the same passage; a note with the same text.
func addTo(ctx context.Context, tx *sql.Tx, id int64, add Additions, created bool) (Merged, error) {
	var m Merged
	if len(add.Tags) > 0 {
		tags := map[string]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT t.name FROM article_tags at JOIN tags t ON t.id=at.tag_id WHERE at.article_id=?`, id)
		if err != nil {
			return m, err
		}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return m, err
			}
			tags[strings.ToLower(name)] = true
		}
		rows.Close()
		var missing []string
		for _, t := range NormalizeTags(add.Tags) {
			if !tags[strings.ToLower(t)] {
				missing = append(missing, t)
			}
		}
		if err := setTags(ctx, tx, id, missing); err != nil {
			return m, err
		}
		if !created {
			m.Tags = len(missing)
		}
	}
	if add.Archived {
		res, err := tx.ExecContext(ctx, `UPDATE articles SET status='archived' WHERE id=? AND status='unread'`, id)
		if err != nil {
			return m, err
		}
		if n, _ := res.RowsAffected(); n > 0 && !created {
			m.Archived = true
		}
	}
	if len(add.Highlights) > 0 {
		if err := addHighlights(ctx, tx, id, add.Highlights, &m); err != nil {
			return m, err
		}
	}
	for _, note := range add.Notes {
		if strings.TrimSpace(note) == "" {
			continue
		}
		var existing int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM notes WHERE article_id=? AND body=? LIMIT 1`, id, note).Scan(&existing)
		if err == nil {
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return m, err
		}
		now := millis(time.Now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO notes(article_id, body, created, updated) VALUES (?,?,?,?)`, id, note, now, now); err != nil {
			return m, fmt.Errorf("add note: %w", err)
		}
		m.Notes++
	}
	return m, nil
}

func addHighlights(ctx context.Context, tx *sql.Tx, id int64, hs []ImportedHighlight, m *Merged) error {
	var body string
	if err := tx.QueryRowContext(ctx, `SELECT body FROM articles WHERE id=?`, id).Scan(&body); err != nil {
		return err
	}
	type known struct {
		id         int64
		start, end int
		comment    string
	}
	byQuote := map[string]*known{}
	bySpan := map[[2]int]*known{}
	rows, err := tx.QueryContext(ctx, `SELECT id, quote, start, end, comment FROM highlights WHERE article_id=?`, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k known
		var quote string
		if err := rows.Scan(&k.id, &quote, &k.start, &k.end, &k.comment); err != nil {
			rows.Close()
			return err
		}
		byQuote[foldQuote(quote)] = &k
		if k.start >= 0 {
			bySpan[[2]int{k.start, k.end}] = &k
		}
	}
	rows.Close()
	var anchorer *Anchorer
	if strings.TrimSpace(body) != "" {
		anchorer = NewAnchorer(body)
	}
	for _, h := range hs {
		quote := strings.TrimSpace(h.Quote)
		if quote == "" {
			continue
		}
		folded := foldQuote(quote)
		k := byQuote[folded]
		stored := Highlight{ArticleID: id, Quote: quote, Start: -1, End: -1, Comment: strings.TrimSpace(h.Comment)}
		if k == nil && anchorer != nil {
			if start, end := anchorer.Anchor(Highlight{Quote: quote, Start: -1, End: -1}); start >= 0 {
				k = bySpan[[2]int{start, end}]
				stored.Quote, stored.Prefix, stored.Suffix = Selectors(body, start, end)
				stored.Start, stored.End = start, end
			}
		}
		if k != nil {
			// The same highlight: only a comment it lacked is added.
			if k.comment == "" && stored.Comment != "" {
				if _, err := tx.ExecContext(ctx, `UPDATE highlights SET comment=?, updated=? WHERE id=?`,
					stored.Comment, millis(time.Now()), k.id); err != nil {
					return err
				}
				k.comment = stored.Comment
				m.Comments++
			}
			continue
		}
		created := h.Created
		if created.IsZero() {
			created = time.Now()
		}
		color := ""
		if h.Color != "" {
			color = highlightColor(h.Color)
		}
		if color == "" {
			color = HighlightColors[0]
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO highlights
			(article_id, quote, prefix, suffix, start, end, comment, color, created, updated)
			VALUES (?,?,?,?,?,?,?,?,?,?)`,
			id, stored.Quote, stored.Prefix, stored.Suffix, stored.Start, stored.End, stored.Comment,
			color, millis(created), millis(created))
		if err != nil {
			return fmt.Errorf("add highlight: %w", err)
		}
		nk := &known{start: stored.Start, end: stored.End, comment: stored.Comment}
		if nk.id, err = res.LastInsertId(); err != nil {
			return err
		}
		byQuote[folded] = nk
		byQuote[foldQuote(stored.Quote)] = nk
		if stored.Start >= 0 {
			bySpan[[2]int{stored.Start, stored.End}] = nk
			m.Placed++
		}
		m.Highlights++
	}
	return nil
}

// FindBook returns the article stored as the book with this title and authors (BookKey),
// or 0, and whether it has its text yet.
func (db *DB) FindBook(ctx context.Context, title, authors string) (id int64, hasText bool, err error) {
	key := BookKey(title, authors)
	if key == "" {
		return 0, false, nil
	}
	err = db.sql.QueryRowContext(ctx, `SELECT id, body <> '' FROM articles WHERE source_key = ? AND source_key <> '' LIMIT 1`, key).Scan(&id, &hasText)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, hasText, describe(err)
}
