package store

import (
	"context"
	"errors"
	"testing"
)

func TestBulkAddsInOneTransaction(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	var article int64
	err := db.Bulk(ctx, func(b *Batch) error {
		var err error
		if article, err = b.AddArticle(&Article{Title: "One", Body: "the body", Tags: []string{"x"}}); err != nil {
			return err
		}
		if err := b.MarkOpened(article); err != nil {
			return err
		}
		if _, err := b.AddNote(article, "a note"); err != nil {
			return err
		}
		_, err = b.AddHighlight(Highlight{ArticleID: article, Quote: "body", Start: 4, End: 8})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Article(ctx, article)
	if err != nil || a.OpenCount != 1 || len(a.Tags) != 1 {
		t.Fatalf("article %+v, %v", a, err)
	}
	// A failing batch leaves nothing behind.
	failed := errors.New("stop")
	err = db.Bulk(ctx, func(b *Batch) error {
		if _, err := b.AddArticle(&Article{Title: "Two", Body: "other"}); err != nil {
			return err
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("err = %v", err)
	}
	if ids, err := db.Containing(ctx, ArticleText, []string{"other"}, true); err != nil || len(ids) != 0 {
		t.Fatalf("rolled back article found: %v %v", ids, err)
	}
	var dup *DuplicateError
	if err := db.Bulk(ctx, func(b *Batch) error { _, err := b.AddArticle(&Article{Title: "Again", Body: "the body"}); return err }); !errors.As(err, &dup) {
		t.Fatalf("duplicate: %v", err)
	}
}
