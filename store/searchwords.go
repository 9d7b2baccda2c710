package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A search with nothing in memory (the command line's) asks SQLite which notes and highlights
// may match (schema v7) instead of reading them all: the words of their beginnings, by their
// first letters (ShortWords), the texts that hold some of them (ShortTextsWith), those that
// hold a piece of a word (Containing), and then reads only those (SearchNotesByID,
// SearchHighlightsByID), with the list of the long notes the text indexes may name (LongNotes).

// ShortTextRunes is how much of a note search keeps in memory, and short_words holds.
const ShortTextRunes = 240

// ShortWords lists the distinct words (folded) of the notes' beginnings and the highlights
// from <= word < to, compared byte by byte, in order. Trashed ones count.
func (db *DB) ShortWords(ctx context.Context, from, to string) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT term FROM short_words_vocab WHERE term >= ? AND term < ? ORDER BY term`, from, to)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var words []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		words = append(words, w)
	}
	return words, rows.Err()
}

// WordPattern is a word looked for in the notes' beginnings and the highlights: that word, or
// with Prefix every word that starts with it. Word must be OneWord.
type WordPattern struct {
	Word   string
	Prefix bool
}

// ShortTextsWith returns the notes and the highlights (trashed ones too), in id order, whose
// beginning (ShortTextRunes characters of a note; a highlight's quote and comment) holds for
// each group a word of the group. A pattern that is not OneWord is an error: it cannot be
// asked, and leaving it out would leave out texts that hold it.
func (db *DB) ShortTextsWith(ctx context.Context, groups ...[]WordPattern) (notes, highlights []int64, err error) {
	var all []string
	for _, g := range groups {
		var any []string
		for _, p := range g {
			if !OneWord(p.Word) {
				return nil, nil, fmt.Errorf("look up %q in the short texts: not one word", p.Word)
			}
			q := `"` + p.Word + `"`
			if p.Prefix {
				q += "*"
			}
			any = append(any, q)
		}
		if len(any) == 0 {
			return nil, nil, nil
		}
		all = append(all, `(`+strings.Join(any, " OR ")+`)`)
	}
	if len(all) == 0 {
		return nil, nil, nil
	}
	var ids sql.NullString
	err = db.sql.QueryRowContext(ctx, `SELECT group_concat(rowid) FROM short_words WHERE short_words MATCH ?`,
		strings.Join(all, " AND ")).Scan(&ids)
	if err != nil {
		return nil, nil, fmt.Errorf("look up words in the short texts: %w", describe(err))
	}
	for _, id := range parseIDs(ids.String) {
		if id%2 == 0 {
			notes = append(notes, id/2)
		} else {
			highlights = append(highlights, id/2)
		}
	}
	return notes, highlights, nil
}

// LongNotes lists the notes not in the trash whose text goes on past ShortTextRunes
// characters, without their text (Head is ""), in id order.
func (db *DB) LongNotes(ctx context.Context) ([]SearchNote, error) {
	// One aggregated row of the partial index notes_long (schema v7): tens of thousands of rows
	// cost more to cross from C to Go one by one than SQLite spends reading them.
	var list sql.NullString
	err := db.sql.QueryRowContext(ctx, longNotesQuery).Scan(&list)
	if err != nil {
		return nil, fmt.Errorf("list the long notes: %w", describe(err))
	}
	numbers := parseIDs(list.String)
	out := make([]SearchNote, 0, len(numbers)/3)
	for i := 0; i+2 < len(numbers); i += 3 {
		out = append(out, SearchNote{ID: numbers[i], ArticleID: numbers[i+1], Long: true,
			Updated: time.UnixMilli(numbers[i+2]).UTC()})
	}
	return out, nil
}

var longNotesQuery = `SELECT group_concat(id || ',' || coalesce(article_id, 0) || ',' || updated)
	FROM notes INDEXED BY notes_long WHERE deleted IS NULL AND length(body) > ` + strconv.Itoa(ShortTextRunes)

// SearchNotesByID is SearchNotes for the notes of ids (those not in the trash; with
// standalone, only the standalone ones), in id order.
func (db *DB) SearchNotesByID(ctx context.Context, headChars int, ids []int64, standalone bool) ([]SearchNote, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	n := strconv.Itoa(max(headChars, 0))
	rows, err := db.sql.QueryContext(ctx, `SELECT id, coalesce(article_id, 0), substr(body, 1, `+n+`), length(body) > `+n+`, updated
		FROM notes WHERE deleted IS NULL AND id IN (SELECT value FROM json_each(?)) AND (article_id IS NULL OR NOT ?)
		ORDER BY id`, jsonIDs(ids), standalone)
	if err != nil {
		return nil, describe(err)
	}
	return scanSearchNotes(rows, len(ids))
}

// SearchHighlightsByID is SearchHighlights for the highlights of ids, in id order.
func (db *DB) SearchHighlightsByID(ctx context.Context, ids []int64) ([]SearchHighlight, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, article_id, quote, comment, updated
		FROM highlights WHERE deleted IS NULL AND id IN (SELECT value FROM json_each(?)) ORDER BY id`, jsonIDs(ids))
	if err != nil {
		return nil, describe(err)
	}
	return scanSearchHighlights(rows, len(ids))
}

// jsonIDs writes ids as a JSON array, for json_each: one argument however many they are.
func jsonIDs(ids []int64) string {
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// AnyContaining reports whether the text of an article or a note (trashed ones too) contains
// one of substrings, as Containing would find it; it stops at the first.
func (db *DB) AnyContaining(ctx context.Context, text Text, substrings []string) (bool, error) {
	columns := textColumns[text]
	if len(substrings) == 0 || columns == "" {
		return false, nil
	}
	var any bool
	err := db.sql.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+string(text)+` WHERE `+string(text)+` MATCH ?)`,
		columns+` : (`+quotedPhrases(substrings, " OR ")+`)`).Scan(&any)
	if err != nil {
		return false, fmt.Errorf("search %s for %q: %w", text, substrings, describe(err))
	}
	return any, nil
}
