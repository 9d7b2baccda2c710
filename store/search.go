package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// mappedRows are rows read on a connection with memory-mapped I/O.
type mappedRows struct {
	*sql.Rows
	conn *sql.Conn
}

func (r mappedRows) Close() error { return errors.Join(r.Rows.Close(), r.conn.Close()) }

// mapped runs a query that reads much of the file on a connection that maps it into memory:
// SQLite then reads pages in place instead of copying each into its cache, which costs the
// loads of search less than half the system time. The setting stays with the pooled
// connection, for the next such read.
func (db *DB) mapped(ctx context.Context, query string, args ...any) (mappedRows, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return mappedRows{}, err
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA mmap_size = `+strconv.Itoa(mmapSize)); err != nil {
		conn.Close()
		return mappedRows{}, err
	}
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		conn.Close()
		return mappedRows{}, err
	}
	return mappedRows{rows, conn}, nil
}

const mmapSize = 1 << 30

// mappedRow is mapped for a query of one row.
func (db *DB) mappedRow(ctx context.Context, query string, args ...any) rowScanner {
	rows, err := db.mapped(ctx, query, args...)
	return rowScanner{rows, err}
}

// rowScanner scans the first row of mapped rows, as sql.Row does.
type rowScanner struct {
	rows mappedRows
	err  error
}

func (r rowScanner) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	return r.rows.Scan(dest...)
}

// roomFor estimates how many rows of table have after < id <= upTo, from its highest id (ids
// are dense unless many rows were deleted), to make room for them at once: growing a list of
// tens of thousands of rows copies it again and again, into fresh memory that a short-lived
// command pays page faults for. (A count would read the whole index it counts.)
func (db *DB) roomFor(ctx context.Context, table string, after, upTo int64) int {
	var last sql.NullInt64
	if db.sql.QueryRowContext(ctx, `SELECT max(id) FROM `+table).Scan(&last) != nil {
		return 0
	}
	// Capped: deleted rows leave gaps, and past the cap the list grows as it needs.
	return int(max(0, min(min(upTo, last.Int64)-max(after, 0), 1<<17)))
}

// SearchArticle is what search keeps in memory for an article: its short fields, not its text.
type SearchArticle struct {
	ID        int64
	Title     string
	Byline    string
	Site      string
	Tags      []string
	Imported  time.Time
	Opened    time.Time // zero when never opened
	OpenCount int
}

// SearchArticles lists the short fields of every article not in the Trash, in id order. It
// leaves out the status: stored after the text, it costs reading the whole table (see
// ArticleStatuses).
func (db *DB) SearchArticles(ctx context.Context) ([]SearchArticle, error) {
	var tags map[int64][]string
	var tagsErr error
	var wg sync.WaitGroup
	wg.Go(func() { tags, tagsErr = db.searchTags(ctx) })
	// The Trash is left out here, not by a WHERE on deleted, which would make SQLite read the
	// table instead of its covering index. Search finds nothing of a trashed article then: its
	// notes and highlights are trashed with it, and the ids its body gives in the text indexes
	// name no doc.
	trashed, err := db.TrashedArticleIDs(ctx)
	if err != nil {
		wg.Wait()
		return nil, err
	}
	// SQLite reads the covering index articles_search (schema v2), not the table, whose rows
	// spread over a page each, and joins the rows into one (see articleRecords): ten thousand
	// rows cost more to cross from C to Go one by one than SQLite spends reading them.
	var list sql.NullString
	err = db.mappedRow(ctx, searchArticlesQuery).Scan(&list)
	wg.Wait()
	if err != nil {
		return nil, describe(err)
	}
	if tagsErr != nil {
		return nil, tagsErr
	}
	out, ok := articleRecords(list.String)
	if !ok {
		return nil, errors.New("read the articles for search: a malformed list")
	}
	// In id order as the index is read; sorted here (when it is not) rather than by SQLite,
	// which would sort whether or not it has to.
	if !slices.IsSortedFunc(out, func(a, b SearchArticle) int { return cmp.Compare(a.ID, b.ID) }) {
		slices.SortFunc(out, func(a, b SearchArticle) int { return cmp.Compare(a.ID, b.ID) })
	}
	kept := out[:0]
	for _, a := range out {
		if !trashed[a.ID] {
			a.Tags = tags[a.ID]
			kept = append(kept, a)
		}
	}
	return kept, nil
}

const searchArticlesQuery = `SELECT group_concat(id || ',' || imported || ',' || coalesce(opened, '') || ',' ||
	open_count || ',' || length(CAST(title AS BLOB)) || ',' || length(CAST(byline AS BLOB)) || ',' ||
	length(CAST(site AS BLOB)) || ',' || title || byline || site, ';') FROM articles`

// articleRecords parses SearchArticles's list: for each article, its id, imported and opened
// times (milliseconds; opened empty when never), open count and the byte lengths of its title,
// byline and site, separated by commas, then the three strings back to back, and ';' before
// the next.
func articleRecords(list string) ([]SearchArticle, bool) {
	out := make([]SearchArticle, 0, strings.Count(list, ";")+1)
	for list != "" {
		var n [7]int64
		opened := false
		for i := range n {
			end := strings.IndexByte(list, ',')
			if end < 0 {
				return nil, false
			}
			if end > 0 || i != 2 { // opened is empty when never
				opened = opened || i == 2
				v, err := strconv.ParseInt(list[:end], 10, 64)
				if err != nil {
					return nil, false
				}
				n[i] = v
			}
			list = list[end+1:]
		}
		title, byline, site := int(n[4]), int(n[5]), int(n[6])
		if title < 0 || byline < 0 || site < 0 || title+byline+site > len(list) {
			return nil, false
		}
		a := SearchArticle{ID: n[0], Imported: fromMillis(sql.NullInt64{Int64: n[1], Valid: true}),
			Opened: fromMillis(sql.NullInt64{Int64: n[2], Valid: opened}), OpenCount: int(n[3]),
			Title: list[:title], Byline: list[title : title+byline], Site: list[title+byline : title+byline+site]}
		out = append(out, a)
		list = list[title+byline+site:]
		if list != "" {
			if list[0] != ';' {
				return nil, false
			}
			list = list[1:]
		}
	}
	return out, true
}

// searchTags maps every article to its tags, sorted as AllTags sorts them: the pairs of ids
// in one row, the names once each.
func (db *DB) searchTags(ctx context.Context) (map[int64][]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, name FROM tags ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	names := map[int64]string{}
	rank := map[int64]int{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id], rank[id] = name, len(rank)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var pairs sql.NullString
	if err := db.sql.QueryRowContext(ctx, `SELECT group_concat(article_id || ',' || tag_id) FROM article_tags`).Scan(&pairs); err != nil {
		return nil, describe(err)
	}
	ids := parseIDs(pairs.String)
	byArticle := map[int64][]int64{}
	for i := 0; i+1 < len(ids); i += 2 {
		byArticle[ids[i]] = append(byArticle[ids[i]], ids[i+1])
	}
	out := make(map[int64][]string, len(byArticle))
	for article, tagIDs := range byArticle {
		slices.SortFunc(tagIDs, func(a, b int64) int { return rank[a] - rank[b] })
		tags := make([]string, len(tagIDs))
		for i, id := range tagIDs {
			tags[i] = names[id]
		}
		out[article] = tags
	}
	return out, nil
}

// ArticleStatuses maps every article that is not unread to its status.
func (db *DB) ArticleStatuses(ctx context.Context) (map[int64]Status, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, status FROM articles WHERE status <> 'unread'`)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	out := map[int64]Status{}
	for rows.Next() {
		var id int64
		var status string
		if err := rows.Scan(&id, &status); err != nil {
			return nil, err
		}
		out[id] = Status(status)
	}
	return out, rows.Err()
}

// SearchNote is what search keeps in memory for a note: the start of its text.
type SearchNote struct {
	ID        int64
	ArticleID int64  // 0 for a standalone note
	Head      string // the first characters of the text
	Long      bool   // the text goes on after Head
	Updated   time.Time
}

// SearchNotes lists every note not in the trash with the first headChars characters of its text.
func (db *DB) SearchNotes(ctx context.Context, headChars int) ([]SearchNote, error) {
	return db.SearchNotesBetween(ctx, headChars, math.MinInt64, math.MaxInt64)
}

// LastNoteID is the highest note id (0 with no notes), to split SearchNotesBetween's work.
func (db *DB) LastNoteID(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	if err := db.sql.QueryRowContext(ctx, `SELECT max(id) FROM notes`).Scan(&id); err != nil {
		return 0, describe(err)
	}
	return id.Int64, nil
}

// SearchNotesBetween is SearchNotes for the notes with after < id <= upTo.
func (db *DB) SearchNotesBetween(ctx context.Context, headChars int, after, upTo int64) ([]SearchNote, error) {
	// The head length is written into the SQL, not bound: SQLite reads the covering index
	// notes_search (schema v2) only for the very expressions it holds.
	n := strconv.Itoa(max(headChars, 0))
	rows, err := db.mapped(ctx, `SELECT id, coalesce(article_id, 0), substr(body, 1, `+n+`), length(body) > `+n+`, updated
		FROM notes WHERE deleted IS NULL AND id > ? AND id <= ? ORDER BY id`, after, upTo)
	if err != nil {
		return nil, describe(err)
	}
	return scanSearchNotes(rows, db.roomFor(ctx, "notes", after, upTo))
}

// searchRows are *sql.Rows or mappedRows.
type searchRows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}

// scanSearchNotes reads rows of SearchNotes's columns, and closes them.
func scanSearchNotes(rows searchRows, room int) ([]SearchNote, error) {
	defer rows.Close()
	out := make([]SearchNote, 0, room)
	for rows.Next() {
		var n SearchNote
		var updated int64
		if err := rows.Scan(&n.ID, &n.ArticleID, &n.Head, &n.Long, &updated); err != nil {
			return nil, err
		}
		n.Updated = time.UnixMilli(updated).UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// SearchHighlight is what search keeps in memory for a highlight.
type SearchHighlight struct {
	ID        int64
	ArticleID int64
	Quote     string
	Comment   string
	Updated   time.Time
}

// SearchHighlights lists every highlight not in the trash.
func (db *DB) SearchHighlights(ctx context.Context) ([]SearchHighlight, error) {
	rows, err := db.mapped(ctx, `SELECT id, article_id, quote, comment, updated
		FROM highlights WHERE deleted IS NULL ORDER BY id`)
	if err != nil {
		return nil, describe(err)
	}
	return scanSearchHighlights(rows, db.roomFor(ctx, "highlights", 0, math.MaxInt64))
}

// scanSearchHighlights reads rows of SearchHighlights's columns, and closes them.
func scanSearchHighlights(rows searchRows, room int) ([]SearchHighlight, error) {
	defer rows.Close()
	out := make([]SearchHighlight, 0, room)
	for rows.Next() {
		var h SearchHighlight
		var updated int64
		if err := rows.Scan(&h.ID, &h.ArticleID, &h.Quote, &h.Comment, &updated); err != nil {
			return nil, err
		}
		h.Updated = time.UnixMilli(updated).UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// Text is where Containing and ContainingWords look.
type Text string

const (
	ArticleText   Text = "articles_fts"
	NoteText      Text = "notes_fts"      // trashed notes too: callers know which notes are trashed
	HighlightText Text = "highlights_fts" // quotes and comments (schema v7), trashed ones too; Containing only
)

// textColumns are the columns of each trigram index that Containing looks in.
var textColumns = map[Text]string{ArticleText: "body", NoteText: "body", HighlightText: "{quote comment}"}

// Containing returns the ids of the articles or notes whose text contains all of substrings,
// or with anyOf, one of them. Case and accents do not count.
// Substrings shorter than 3 characters cannot use the trigram index and match nothing.
func (db *DB) Containing(ctx context.Context, text Text, substrings []string, anyOf bool) ([]int64, error) {
	columns := textColumns[text]
	if len(substrings) == 0 || columns == "" {
		return nil, nil
	}
	op := " AND "
	if anyOf {
		op = " OR "
	}
	table := string(text)
	match := columns + ` : (` + quotedPhrases(substrings, op) + `)`
	// One aggregated row instead of one row per match: a common word matches thousands of rows,
	// and each row costs more to cross from C to Go than SQLite spends finding it.
	var ids sql.NullString
	err := db.sql.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM `+table+` WHERE `+table+` MATCH ?`,
		match).Scan(&ids)
	if err != nil {
		return nil, fmt.Errorf("search %s for %q: %w", text, substrings, describe(err))
	}
	return parseIDs(ids.String), nil
}

// quotedPhrases joins substrings with op, each a quoted phrase, so user input is never FTS5
// syntax.
func quotedPhrases(substrings []string, op string) string {
	phrases := make([]string, len(substrings))
	for i, s := range substrings {
		phrases[i] = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return strings.Join(phrases, op)
}

func parseIDs(list string) []int64 {
	if list == "" {
		return nil
	}
	out := make([]int64, 0, strings.Count(list, ",")+1)
	for field := range strings.SplitSeq(list, ",") {
		if id, err := strconv.ParseInt(field, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// ArticleTexts returns the text of the given articles, by id.
func (db *DB) ArticleTexts(ctx context.Context, ids []int64) (map[int64]string, error) {
	return db.texts(ctx, `SELECT id, body FROM articles WHERE id IN `, ids)
}

// NoteTexts returns the text of the given notes, by id.
func (db *DB) NoteTexts(ctx context.Context, ids []int64) (map[int64]string, error) {
	return db.texts(ctx, `SELECT id, body FROM notes WHERE id IN `, ids)
}

func (db *DB) texts(ctx context.Context, query string, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.sql.QueryContext(ctx, query+`(`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		out[id] = text
	}
	return out, rows.Err()
}

// LongTextVersion counts the changes to article bodies and note texts (schema v3): the words
// LongTextWords gave are current while it stays the same.
func (db *DB) LongTextVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := db.sql.QueryRowContext(ctx, `SELECT version FROM long_text_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read the text version: %w", describe(err))
	}
	return v, nil
}

// LongTextWords calls fn with each distinct word of the article bodies and note texts, folded
// as the word indexes fold them (lower case, no accents), in order. Trashed notes count.
func (db *DB) LongTextWords(ctx context.Context, fn func(word string)) error {
	// The two vocabularies are read at once, on two connections, and merged: fts5vocab counts
	// the texts of every word as it lists them, which is most of the cost.
	var articles, notes []string
	var articlesErr, notesErr error
	var wg sync.WaitGroup
	wg.Go(func() { articles, articlesErr = db.vocabulary(ctx, "articles_words_vocab") })
	wg.Go(func() { notes, notesErr = db.vocabulary(ctx, "notes_words_vocab") })
	wg.Wait()
	if err := errors.Join(articlesErr, notesErr); err != nil {
		return err
	}
	for len(articles) > 0 || len(notes) > 0 {
		switch {
		case len(notes) == 0 || len(articles) > 0 && articles[0] < notes[0]:
			fn(articles[0])
			articles = articles[1:]
		case len(articles) == 0 || notes[0] < articles[0]:
			fn(notes[0])
			notes = notes[1:]
		default: // in both
			fn(articles[0])
			articles, notes = articles[1:], notes[1:]
		}
	}
	return nil
}

// LongTextWordsAmong returns those of words (folded) that are words of an article body or a
// note text: a look-up of each, much cheaper than listing them all when they are few.
func (db *DB) LongTextWordsAmong(ctx context.Context, words []string) ([]string, error) {
	// Only words the tokenizer keeps whole can be in the vocabularies.
	words = slices.DeleteFunc(slices.Clone(words), func(w string) bool { return !OneWord(w) })
	if len(words) == 0 {
		return nil, nil
	}
	var articles, notes []string
	var articlesErr, notesErr error
	var wg sync.WaitGroup
	wg.Go(func() { articles, articlesErr = db.wordsAmong(ctx, "articles_words", words) })
	wg.Go(func() { notes, notesErr = db.wordsAmong(ctx, "notes_words", words) })
	wg.Wait()
	if err := errors.Join(articlesErr, notesErr); err != nil {
		return nil, err
	}
	found := append(articles, notes...)
	slices.Sort(found)
	return slices.Compact(found), nil
}

// wordsAmong returns those of words (each OneWord) that the word index table holds. One MATCH
// of them all first tells whether any is there at all, at a quarter of the cost of looking
// each up in the vocabulary: most often none is (the term is no typo of a long text's word).
func (db *DB) wordsAmong(ctx context.Context, table string, words []string) ([]string, error) {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `"` + w + `"`
	}
	var any int
	err := db.mappedRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+` WHERE `+table+` MATCH ?)`,
		strings.Join(quoted, " OR ")).Scan(&any)
	if err != nil || any == 0 {
		return nil, describe(err)
	}
	// In batches: a statement takes at most 32,766 variables.
	var found []string
	for batch := range slices.Chunk(words, 1000) {
		words, err := db.vocabulary(ctx, table+"_vocab", batch...)
		if err != nil {
			return nil, err
		}
		found = append(found, words...)
	}
	return found, nil
}

// vocabulary lists the words of one word index, in order (as SQLite compares them, byte by
// byte, as Go does); only those among, when it is given.
func (db *DB) vocabulary(ctx context.Context, table string, among ...string) ([]string, error) {
	query := `SELECT term FROM ` + table
	args := make([]any, len(among))
	if len(among) > 0 {
		query += ` WHERE term IN (` + placeholders(len(among)) + `)`
		for i, w := range among {
			args[i] = w
		}
	}
	rows, err := db.mapped(ctx, query+` ORDER BY term`, args...)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var words []string
	for rows.Next() {
		var word string
		if err := rows.Scan(&word); err != nil {
			return nil, err
		}
		words = append(words, word)
	}
	return words, rows.Err()
}

// OneWord reports whether the word indexes can look s up: it is made of letters and digits
// only, which their tokenizer keeps together in one word.
func OneWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) || unicode.Is(tokenSeparators, r) {
			return false
		}
	}
	return true
}

// tokenSeparators are the letters (to Go) that SQLite's tokenizer, built on older Unicode
// tables in which they were marks, takes for separators (TestOneWordAgreesWithTheTokenizer
// finds them all).
var tokenSeparators = &unicode.RangeTable{R16: []unicode.Range16{
	{Lo: 0x19b0, Hi: 0x19c9, Stride: 1}, // New Tai Lue vowel signs
	{Lo: 0x1cf2, Hi: 0x1cf3, Stride: 1}, // Vedic signs ardhavisarga
}}

// ContainingWords returns the ids of the articles or notes (trashed ones too) whose text has a
// word that starts with one of prefixes, each of which must be OneWord (others are left out).
// Case and accents do not count.
func (db *DB) ContainingWords(ctx context.Context, text Text, prefixes []string) ([]int64, error) {
	return db.containingWords(ctx, text, prefixes, "*")
}

// ContainingWholeWords is ContainingWords for texts that have one of words as a whole word.
func (db *DB) ContainingWholeWords(ctx context.Context, text Text, words []string) ([]int64, error) {
	return db.containingWords(ctx, text, words, "")
}

func (db *DB) containingWords(ctx context.Context, text Text, prefixes []string, star string) ([]int64, error) {
	table := map[Text]string{ArticleText: "articles_words", NoteText: "notes_words"}[text]
	var match []string
	for _, p := range prefixes {
		if OneWord(p) {
			match = append(match, `"`+p+`"`+star)
		}
	}
	if table == "" || len(match) == 0 {
		return nil, nil
	}
	var ids sql.NullString
	err := db.sql.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM `+table+` WHERE `+table+` MATCH ?`,
		strings.Join(match, " OR ")).Scan(&ids)
	if err != nil {
		return nil, fmt.Errorf("search the words of %s for %q: %w", table, prefixes, describe(err))
	}
	return parseIDs(ids.String), nil
}
