package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// ImageFile is one image of an article, as ingest read it: Src is the address exactly as the
// article's Markdown writes it (an ast.Image's Destination), Data the original bytes.
type ImageFile struct {
	Src           string
	Mime          string
	Width, Height int
	Data          []byte
}

// ImageInfo describes a stored image without its bytes.
type ImageInfo struct {
	Hash          string // hex SHA-256 of the bytes
	Mime          string
	Width, Height int
	Size          int64 // bytes
}

// ImageHash is the key an image is stored under: the hex SHA-256 of its bytes.
func ImageHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// AddArticleImages stores images of an article in one transaction. An image already in the
// archive (the same bytes, from any article) is not stored again; a Src the article already
// has an image for now shows the new one. A missing article is ErrNotFound.
func (db *DB) AddArticleImages(ctx context.Context, articleID int64, files []ImageFile) error {
	if len(files) == 0 {
		return nil
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, articleID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("article %d: %w", articleID, ErrNotFound)
		}
		if err != nil {
			return err
		}
		addImage, err := tx.PrepareContext(ctx, `INSERT INTO images(hash, mime, width, height, data)
			VALUES (?,?,?,?,?) ON CONFLICT(hash) DO NOTHING`)
		if err != nil {
			return err
		}
		defer addImage.Close()
		link, err := tx.PrepareContext(ctx, `INSERT INTO article_images(article_id, src, hash) VALUES (?,?,?)
			ON CONFLICT(article_id, src) DO UPDATE SET hash = excluded.hash`)
		if err != nil {
			return err
		}
		defer link.Close()
		for _, f := range files {
			if f.Src == "" || len(f.Data) == 0 {
				return fmt.Errorf("add images of article %d: an image without an address or bytes", articleID)
			}
			hash := ImageHash(f.Data)
			if _, err := addImage.ExecContext(ctx, hash, f.Mime, f.Width, f.Height, f.Data); err != nil {
				return fmt.Errorf("add image %s of article %d: %w", f.Src, articleID, err)
			}
			if _, err := link.ExecContext(ctx, articleID, f.Src, hash); err != nil {
				return fmt.Errorf("add image %s of article %d: %w", f.Src, articleID, err)
			}
		}
		return nil
	})
}

// ArticleImages maps each image address of the article's Markdown that has a stored image to
// that image's hash (for Image). An article without images (or unknown) gives an empty map.
func (db *DB) ArticleImages(ctx context.Context, articleID int64) (map[string]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT src, hash FROM article_images WHERE article_id = ?`, articleID)
	if err != nil {
		return nil, fmt.Errorf("images of article %d: %w", articleID, describe(err))
	}
	defer rows.Close()
	images := map[string]string{}
	for rows.Next() {
		var src, hash string
		if err := rows.Scan(&src, &hash); err != nil {
			return nil, err
		}
		images[src] = hash
	}
	return images, rows.Err()
}

// ArticleImageInfo maps each image address of the article to what is stored for it, without
// the bytes.
func (db *DB) ArticleImageInfo(ctx context.Context, articleID int64) (map[string]ImageInfo, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT ai.src, i.hash, i.mime, i.width, i.height, length(i.data)
		FROM article_images ai JOIN images i ON i.hash = ai.hash WHERE ai.article_id = ?`, articleID)
	if err != nil {
		return nil, fmt.Errorf("images of article %d: %w", articleID, describe(err))
	}
	defer rows.Close()
	images := map[string]ImageInfo{}
	for rows.Next() {
		var src string
		var info ImageInfo
		if err := rows.Scan(&src, &info.Hash, &info.Mime, &info.Width, &info.Height, &info.Size); err != nil {
			return nil, err
		}
		images[src] = info
	}
	return images, rows.Err()
}

// Image returns a stored image's bytes and MIME type; an unknown hash is ErrNotFound.
func (db *DB) Image(ctx context.Context, hash string) (data []byte, mime string, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT data, mime FROM images WHERE hash = ?`, hash).Scan(&data, &mime)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("image %s: %w", hash, ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("image %s: %w", hash, describe(err))
	}
	return data, mime, nil
}

// ArticlesWithoutImages lists, in id order, the articles whose Markdown shows images (it
// holds "![") but that have none stored: imported before images were kept, or whose images
// all failed. Placeholders without text (a link not fetched yet) are left out.
func (db *DB) ArticlesWithoutImages(ctx context.Context) ([]int64, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id FROM articles a
		WHERE instr(markdown, '![') > 0 AND fetch_error = ''
		  AND NOT EXISTS (SELECT 1 FROM article_images ai WHERE ai.article_id = a.id)
		ORDER BY id`)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CountImages returns how many distinct images the archive holds and their total size.
func (db *DB) CountImages(ctx context.Context) (n int, bytes int64, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(length(data)), 0) FROM images`).Scan(&n, &bytes)
	return n, bytes, describe(err)
}
