package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// MustOpen opens a fresh database in a temporary folder, closed when the test ends.
func MustOpen(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "lectern.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestArticleNotesHighlightsRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a := &Article{Title: "Caravan", Byline: "AP", Body: "First paragraph.\n\nSecond paragraph.", Tags: []string{"news", " News", "#migration"}}
	id, err := db.AddArticle(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Caravan" || got.Words != 4 || got.Status != Unread {
		t.Errorf("article = %+v", got)
	}
	if len(got.Tags) != 2 || got.Tags[0] != "migration" || got.Tags[1] != "news" {
		t.Errorf("tags = %q, want [migration news]", got.Tags)
	}

	note, err := db.AddNote(ctx, id, "a thought")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateNote(ctx, note.ID, "a better thought"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddHighlight(ctx, Highlight{ArticleID: id, Quote: "Second", Start: 18, End: 24}); err != nil {
		t.Fatal(err)
	}
	list, err := db.Articles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Notes != 1 || list[0].Highlights != 1 {
		t.Fatalf("summary = %+v", list)
	}
	notes, _ := db.Notes(ctx, id)
	if len(notes) != 1 || notes[0].Body != "a better thought" {
		t.Errorf("notes = %+v", notes)
	}

	if err := db.TrashNote(ctx, note.ID); err != nil {
		t.Fatal(err)
	}
	if notes, _ := db.Notes(ctx, id); len(notes) != 0 {
		t.Errorf("trashed note still listed: %+v", notes)
	}
	if err := db.RestoreNote(ctx, note.ID); err != nil {
		t.Fatal(err)
	}
	if notes, _ := db.Notes(ctx, id); len(notes) != 1 {
		t.Errorf("restored note missing")
	}
}

func TestDuplicateRefused(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	if _, err := db.AddArticle(ctx, &Article{Title: "One", Body: "Same  text here."}); err != nil {
		t.Fatal(err)
	}
	_, err := db.AddArticle(ctx, &Article{Title: "Two", Body: "same text\nhere."})
	var dup *DuplicateError
	if !errors.As(err, &dup) || dup.Title != "One" {
		t.Fatalf("second import: err = %v, want a duplicate of One", err)
	}
	_, err = db.AddArticle(ctx, &Article{Title: "Other", Body: "different", SourceKey: "https://example.com/a"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.AddArticle(ctx, &Article{Title: "Again", Body: "changed since", SourceKey: "https://example.com/a"})
	if !errors.As(err, &dup) {
		t.Fatalf("same URL: err = %v, want duplicate", err)
	}
	if n, _ := db.CountArticles(ctx); n != 2 {
		t.Errorf("count = %d, want 2", n)
	}
}

func TestNoteOnMissingArticle(t *testing.T) {
	db := MustOpen(t)
	_, err := db.AddNote(context.Background(), 99, "x")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestReopenKeepsDataAndVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "lectern.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddArticle(ctx, &Article{Title: "Kept", Body: "text"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	db.sql.QueryRow("PRAGMA user_version").Scan(&v)
	if v != SchemaVersion() || v < 1 {
		t.Errorf("user_version = %d, want %d", v, SchemaVersion())
	}
	if n, _ := db.CountArticles(ctx); n != 1 {
		t.Errorf("count after reopen = %d", n)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lectern.db")
	db := MustOpenAt(t, path)
	db.sql.Exec("PRAGMA user_version = 999")
	db.Close()
	if _, err := Open(ctx, path); err == nil {
		t.Fatal("opening a newer database succeeded")
	}
}

func TestNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(path, []byte("this is not sqlite, just some text that is long enough to be a header........"), 0o644)
	_, err := Open(context.Background(), path)
	if err == nil {
		t.Fatal("opened a text file as a database")
	}
}

func TestReadOnlyDatabaseOpensForReading(t *testing.T) {
	if !asUnprivileged(t) {
		return
	}
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "lectern.db")
	db := MustOpenAt(t, path)
	db.AddArticle(ctx, &Article{Title: "Kept", Body: "text"})
	db.Close()
	os.Chmod(path, 0o444)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("a read-only database does not open for reading: %v", err)
	}
	defer db.Close()
	if !db.ReadOnly() {
		t.Error("ReadOnly() = false")
	}
	if n, err := db.CountArticles(ctx); n != 1 || err != nil {
		t.Errorf("count = %d, %v", n, err)
	}
	if _, err := db.AddArticle(ctx, &Article{Title: "x", Body: "y"}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("write to a read-only database: %v, want ErrReadOnly", err)
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	db.AddArticle(ctx, &Article{Title: "Backed up", Body: "body"})
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	copyDB := MustOpenAt(t, out)
	if n, _ := copyDB.CountArticles(ctx); n != 1 {
		t.Errorf("backup has %d articles", n)
	}
	if err := db.Backup(ctx, out); err == nil {
		t.Error("backup over an existing file succeeded")
	}
}

func MustOpenAt(tb testing.TB, path string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestConcurrentFirstOpensMigrateOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			db, err := Open(context.Background(), path)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent open: %v", err)
		}
	}
}

// BenchmarkArticles measures the library's list query on an archive of 10,000 articles with
// notes and highlights: the window runs it on start and after every import.
func BenchmarkArticles(b *testing.B) {
	ctx := context.Background()
	db := MustOpen(b)
	for i := range 10000 {
		id, err := db.AddArticle(ctx, &Article{Title: fmt.Sprintf("Article %d", i), Body: fmt.Sprintf("Body %d", i), Tags: []string{"news"}})
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 0 {
			db.AddNote(ctx, id, "a note")
			db.AddHighlight(ctx, Highlight{ArticleID: id, Quote: "Body", Start: 0, End: 4})
		}
	}
	b.ResetTimer()
	for b.Loop() {
		list, err := db.Articles(ctx)
		if err != nil || len(list) != 10000 {
			b.Fatal(len(list), err)
		}
	}
}

func TestSetHighlightColor(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	id, err := db.AddArticle(ctx, &Article{Title: "T", Body: "Some words to highlight."})
	if err != nil {
		t.Fatal(err)
	}
	h, err := db.AddHighlight(ctx, Highlight{ArticleID: id, Quote: "words", Start: 5, End: 10})
	if err != nil {
		t.Fatal(err)
	}
	if h.Color != "yellow" {
		t.Fatalf("default colour %q", h.Color)
	}
	if err := db.SetHighlightColor(ctx, h.ID, "purple"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetHighlightColor(ctx, h.ID, "chartreuse"); err == nil {
		t.Fatal("an unknown colour is refused")
	}
	hs, _ := db.Highlights(ctx, id)
	if len(hs) != 1 || hs[0].Color != "purple" {
		t.Fatalf("highlights %+v", hs)
	}
}
