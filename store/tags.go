package store

import (
	"context"
	"database/sql"
	"sort"
	"strings"
)

// NormalizeTags trims, drops empties and duplicates (ignoring case), and sorts.
func NormalizeTags(tags []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range tags {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "#"))
		key := strings.ToLower(t)
		if t == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
	return out
}

// SetTags replaces an article's tags.
func (db *DB) SetTags(ctx context.Context, articleID int64, tags []string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_tags WHERE article_id=?`, articleID); err != nil {
			return err
		}
		return setTags(ctx, tx, articleID, tags)
	})
}

func setTags(ctx context.Context, tx *sql.Tx, articleID int64, tags []string) error {
	for _, name := range NormalizeTags(tags) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING`, name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO article_tags(article_id, tag_id)
			SELECT ?, id FROM tags WHERE name = ?`, articleID, name); err != nil {
			return err
		}
	}
	return nil
}

// AllTags lists every tag in use, sorted.
func (db *DB) AllTags(ctx context.Context) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT name FROM tags t WHERE EXISTS
		(SELECT 1 FROM article_tags at WHERE at.tag_id = t.id) ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// tagsOf maps article ids to their tags; ids nil means every article.
func (db *DB) tagsOf(ctx context.Context, ids []int64) (map[int64][]string, error) {
	query := `SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id`
	var args []any
	if ids != nil {
		query += ` WHERE at.article_id IN (` + placeholders(len(ids)) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	query += ` ORDER BY t.name COLLATE NOCASE`
	rows, err := db.sql.QueryContext(ctx, query, args...)
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
