package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A backup interrupted part-way leaves nothing at the target (no valid-looking empty
// database) and no temporary file.
func TestBackupInterruptedLeavesNothing(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	// Some megabytes, so that the copy takes long enough to be interrupted.
	body := strings.Repeat("Words that fill the archive with text to copy. ", 400)
	for i := range 400 {
		if _, err := db.AddArticle(ctx, &Article{Title: fmt.Sprint("Article ", i), Body: fmt.Sprint(i, body)}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "copy.db")
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// Cancel as soon as the copy has started writing.
		for cctx.Err() == nil {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if info, err := e.Info(); err == nil && info.Size() > 0 {
					cancel()
					return
				}
			}
			time.Sleep(time.Millisecond)
		}
	}()
	err := db.Backup(cctx, target)
	entries, _ := os.ReadDir(dir)
	if err == nil {
		t.Skip("the backup finished before it could be interrupted")
	}
	if len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("an interrupted backup (%v) left %v", err, names)
	}
	// A retry is not refused.
	if err := db.Backup(ctx, target); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if n, _ := MustOpenAt(t, target).CountArticles(ctx); n != 400 {
		t.Errorf("the backup has %d articles", n)
	}
}

// The target is a file name, never a SQLite URI: "file:x.db?mode=memory" is written as a file
// of that name.
func TestBackupTargetIsAPath(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	db.AddArticle(ctx, &Article{Title: "Backed up", Body: "body"})
	dir := t.TempDir()
	t.Chdir(dir)
	name := "file:x.db?mode=memory"
	if err := db.Backup(ctx, name); err != nil {
		t.Fatal(err)
	}
	copyDB := MustOpenAt(t, filepath.Join(dir, name))
	if n, _ := copyDB.CountArticles(ctx); n != 1 {
		t.Errorf("the backup has %d articles", n)
	}
	// A folder that does not exist is said so.
	if err := db.Backup(ctx, "file:/nowhere/x.db"); err == nil || !errors.Is(err, os.ErrNotExist) && !strings.Contains(err.Error(), "folder") {
		t.Errorf("backup into a missing folder: %v", err)
	}
}
