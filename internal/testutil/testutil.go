// Package testutil holds what the packages' tests share: a fresh database, and the real-world
// fixtures in the repository's testdata/fixtures.
package testutil

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"lectern/store"
)

// OpenDB opens a fresh database in a temporary folder, closed when the test ends.
func OpenDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "lectern.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Fixtures finds testdata/fixtures at the repository root (the folder with go.mod). They are
// part of the repository, so a missing folder fails the test rather than skipping it.
func Fixtures(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the test's folder")
		}
		dir = parent
	}
	fixtures := filepath.Join(dir, "testdata", "fixtures")
	if _, err := os.Stat(fixtures); err != nil {
		tb.Fatalf("fixtures missing (testdata/fixtures at the repository root): %v", err)
	}
	return fixtures
}
