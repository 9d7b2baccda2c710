package search

import (
	"context"
	"errors"
	"testing"
	"time"

	"lectern/app/search/archivegen"
	"lectern/internal/testutil"
	"lectern/store"
)

// readFixtures reads the readability fixtures (testdata/fixtures); without them the tests that use
// them cannot say anything.
func readFixtures(tb testing.TB) []archivegen.Fixture {
	tb.Helper()
	dir, err := archivegen.FixturesDir()
	if err != nil {
		tb.Fatal(err)
	}
	fixtures, err := archivegen.ReadFixtures(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return fixtures
}

// generatedArchive opens a new database with generated articles, notes and highlights, written
// from a corpus of the fixtures' words, which it returns with the fixtures.
func generatedArchive(tb testing.TB, sizes archivegen.Sizes, seed uint64) (*store.DB, *archivegen.Corpus, []archivegen.Fixture) {
	tb.Helper()
	fixtures := readFixtures(tb)
	corpus := archivegen.NewCorpus(fixtures)
	db := testutil.OpenDB(tb)
	if err := archivegen.Fill(context.Background(), db, corpus, sizes, seed, ""); err != nil {
		tb.Fatal(err)
	}
	return db, corpus, fixtures
}

// waitForIndex waits until the Engine holds an index for which ready is true.
func waitForIndex(t *testing.T, e *Engine, ready func(*index) bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		e.mu.Lock()
		idx := e.idx
		e.mu.Unlock()
		if idx != nil && ready(idx) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s: index %v, words of the long texts %v", idx != nil, e.bodyWords.words() != nil)
		}
	}
}

// loadedEngine is an Engine over a new small archive, its index loaded.
func loadedEngine(t *testing.T) (*smallArchive, *Engine) {
	t.Helper()
	a := newSmallArchive(t)
	e := New(a.db)
	t.Cleanup(e.Close)
	if _, err := e.index(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a, e
}

// addFixture adds a readability fixture as an article and returns its id; ok is false when
// the archive already holds its text (two fixtures of one page).
func addFixture(t *testing.T, db *store.DB, f archivegen.Fixture) (id int64, ok bool) {
	t.Helper()
	id, err := db.AddArticle(context.Background(), &store.Article{Title: f.Title, Byline: f.Byline, Site: f.Site, Lang: f.Lang, Body: f.Text})
	var dup *store.DuplicateError
	if errors.As(err, &dup) {
		return 0, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return id, true
}
