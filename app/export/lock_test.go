package export

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"lectern/store"
)

// Two exports into one folder at once both succeed: the second waits for the first instead
// of removing its temporary files.
func TestConcurrentExportsIntoOneFolder(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "lectern.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 300 {
		id := addArticle(t, db, store.Article{Title: fmt.Sprint("Article ", i)})
		addNote(t, db, id, fmt.Sprint("A note on article ", i))
	}
	out := t.TempDir()
	for round := range 3 {
		for i := range 300 {
			addNote(t, db, int64(i+1), fmt.Sprint("Round ", round))
		}
		errs := make([]error, 2)
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, errs[0] = Run(ctx, db, Options{Out: out, All: true})
		}()
		// The second starts while the first has temporary files in the folder.
		for {
			if tmps, _ := filepath.Glob(filepath.Join(out, tempPattern)); len(tmps) > 0 {
				break
			}
			select {
			case <-done:
			default:
				time.Sleep(100 * time.Microsecond)
				continue
			}
			break
		}
		_, errs[1] = Run(ctx, db, Options{Out: out, All: true})
		<-done
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, export %d: %v", round, i, err)
			}
		}
		if n := len(fileNames(t, out)); n != 301 {
			t.Fatalf("round %d: %d files, want 300 pages and the manifest", round, n)
		}
	}
}
