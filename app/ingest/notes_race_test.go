package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"lectern/store"
)

// Two imports of one notes folder at once (two programs, each with its own connection) store
// each note once.
func TestConcurrentNotesImportsStoreEachNoteOnce(t *testing.T) {
	ctx := context.Background()
	vault := t.TempDir()
	const files = 40
	for i := range files {
		writeFile(t, filepath.Join(vault, fmt.Sprintf("note%02d.md", i)), fmt.Sprintf("# Note %d\n\n%s", i, strings.Repeat("A thought. ", 10)))
	}
	path := filepath.Join(t.TempDir(), "lectern.db")
	var dbs []*store.DB
	for range 2 {
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs = append(dbs, db)
	}
	var wg sync.WaitGroup
	for _, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := Import(ctx, db, []string{vault}, Options{MarkdownAsNotes: true}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	notes, err := dbs[0].AllNotes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != files {
		t.Errorf("%d notes stored from %d files", len(notes), files)
	}
}
