package export

import (
	"context"
	"testing"
	"time"

	"lectern/store"
)

func addArticle(tb testing.TB, db *store.DB, a store.Article) int64 {
	tb.Helper()
	if a.Imported.IsZero() {
		a.Imported = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	}
	if a.Body == "" {
		a.Body = "Body of " + a.Title
	}
	id, err := db.AddArticle(context.Background(), &a)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func addNote(tb testing.TB, db *store.DB, articleID int64, body string) store.Note {
	tb.Helper()
	n, err := db.AddNote(context.Background(), articleID, body)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func addHighlight(tb testing.TB, db *store.DB, articleID int64, quote, comment string, start int) store.Highlight {
	tb.Helper()
	h, err := db.AddHighlight(context.Background(), store.Highlight{ArticleID: articleID,
		Quote: quote, Comment: comment, Start: start, End: start + len([]rune(quote))})
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

func run(tb testing.TB, db *store.DB, opt Options) Summary {
	tb.Helper()
	sum, err := Run(context.Background(), db, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return sum
}
