package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.sql.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The same image in two articles is stored once, and goes when the last article showing it
// goes.
func TestImagesStoredOnceAndRemovedWithTheirLastArticle(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a, _ := db.AddArticle(ctx, &Article{Title: "A", Body: "a", Markdown: "![x](pic.png)"})
	b, _ := db.AddArticle(ctx, &Article{Title: "B", Body: "b", Markdown: "![y](https://e.com/pic.png)"})
	shared := []byte("\x89PNG shared bytes")
	own := []byte("GIF89a only in A")
	if err := db.AddArticleImages(ctx, a, []ImageFile{
		{Src: "pic.png", Mime: "image/png", Width: 3, Height: 4, Data: shared},
		{Src: "other.gif", Mime: "image/gif", Width: 5, Height: 6, Data: own},
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddArticleImages(ctx, b, []ImageFile{{Src: "https://e.com/pic.png", Mime: "image/png", Width: 3, Height: 4, Data: shared}}); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, db, "images"); n != 2 {
		t.Fatalf("images stored: %d, want 2 (the shared one once)", n)
	}
	srcs, err := db.ArticleImages(ctx, b)
	if err != nil || len(srcs) != 1 || srcs["https://e.com/pic.png"] != ImageHash(shared) {
		t.Fatalf("ArticleImages(b) = %v, %v", srcs, err)
	}
	data, mime, err := db.Image(ctx, srcs["https://e.com/pic.png"])
	if err != nil || mime != "image/png" || !bytes.Equal(data, shared) {
		t.Fatalf("Image = %q, %q, %v", data, mime, err)
	}
	info, err := db.ArticleImageInfo(ctx, a)
	if err != nil || info["other.gif"].Width != 5 || info["other.gif"].Height != 6 || info["other.gif"].Size != int64(len(own)) {
		t.Fatalf("ArticleImageInfo(a) = %+v, %v", info, err)
	}

	if err := db.DeleteArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Image(ctx, ImageHash(own)); !errors.Is(err, ErrNotFound) {
		t.Errorf("A's own image after A was deleted: %v, want ErrNotFound", err)
	}
	if _, _, err := db.Image(ctx, ImageHash(shared)); err != nil {
		t.Errorf("the shared image went with A though B shows it: %v", err)
	}
	if err := db.DeleteArticle(ctx, b); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, db, "images"); n != 0 {
		t.Errorf("images left after every article went: %d", n)
	}
}

// Storing an address again replaces its image, and the image nobody shows any more goes.
func TestImageReplacedForTheSameAddress(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a, _ := db.AddArticle(ctx, &Article{Title: "A", Body: "a"})
	old, fresh := []byte("old bytes"), []byte("new bytes")
	for _, data := range [][]byte{old, fresh} {
		if err := db.AddArticleImages(ctx, a, []ImageFile{{Src: "p.png", Mime: "image/png", Width: 1, Height: 1, Data: data}}); err != nil {
			t.Fatal(err)
		}
	}
	srcs, _ := db.ArticleImages(ctx, a)
	if srcs["p.png"] != ImageHash(fresh) || countRows(t, db, "images") != 1 {
		t.Errorf("after replacing: %v, %d images", srcs, countRows(t, db, "images"))
	}
}

func TestImagesOfMissingArticleAndMissingImage(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	err := db.AddArticleImages(ctx, 99, []ImageFile{{Src: "p.png", Mime: "image/png", Data: []byte("x")}})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("images of a missing article: %v, want ErrNotFound", err)
	}
	if n := countRows(t, db, "images"); n != 0 {
		t.Errorf("%d images stored for a missing article", n)
	}
	if _, _, err := db.Image(ctx, "feed"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Image(missing) = %v, want ErrNotFound", err)
	}
	if m, err := db.ArticleImages(ctx, 99); err != nil || len(m) != 0 {
		t.Errorf("ArticleImages(missing) = %v, %v", m, err)
	}
}

func TestArticlesWithoutImages(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	plain, _ := db.AddArticle(ctx, &Article{Title: "Plain", Body: "plain", Markdown: "plain"})
	withImg, _ := db.AddArticle(ctx, &Article{Title: "Img", Body: "img", Markdown: "![a](a.png)"})
	stored, _ := db.AddArticle(ctx, &Article{Title: "Stored", Body: "stored", Markdown: "![b](b.png)"})
	if err := db.AddArticleImages(ctx, stored, []ImageFile{{Src: "b.png", Mime: "image/png", Data: []byte("b")}}); err != nil {
		t.Fatal(err)
	}
	ids, err := db.ArticlesWithoutImages(ctx)
	if err != nil || !slices.Equal(ids, []int64{withImg}) {
		t.Errorf("ArticlesWithoutImages = %v, %v; want [%d] (not %d nor %d)", ids, err, withImg, plain, stored)
	}
}

// A database of schema v3 (before images) migrates, keeping its articles, which can then get
// images.
func TestV3DatabaseGetsImages(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v3.db")
	raw, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := migrationNames()
	for _, name := range names[:3] {
		script, err := migrationFiles.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(script)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for _, stmt := range []string{"PRAGMA user_version = 3",
		`INSERT INTO articles(id, title, imported, body, markdown, hash) VALUES (7, 'Old', 1000, 'old body', '![p](p.png)', 'h7')`} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("%.40s: %v", stmt, err)
		}
	}
	raw.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if ids, err := db.ArticlesWithoutImages(ctx); err != nil || !slices.Equal(ids, []int64{7}) {
		t.Fatalf("ArticlesWithoutImages after the upgrade = %v, %v", ids, err)
	}
	if err := db.AddArticleImages(ctx, 7, []ImageFile{{Src: "p.png", Mime: "image/png", Width: 2, Height: 2, Data: []byte("p")}}); err != nil {
		t.Fatal(err)
	}
	if m, err := db.ArticleImages(ctx, 7); err != nil || m["p.png"] != ImageHash([]byte("p")) {
		t.Errorf("ArticleImages = %v, %v", m, err)
	}
}
