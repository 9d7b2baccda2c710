package store

import (
	"context"
	"testing"
)

func TestChangeWatcherSeesEveryConnectionsWrites(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	w, err := db.WatchChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if changed, err := w.Changed(ctx); err != nil || changed {
		t.Fatalf("Changed before any write = %v, %v", changed, err)
	}
	if _, err := db.AddNote(ctx, 0, "x"); err != nil {
		t.Fatal(err)
	}
	if changed, err := w.Changed(ctx); err != nil || !changed {
		t.Fatalf("Changed after a write = %v, %v", changed, err)
	}
	if changed, _ := w.Changed(ctx); changed {
		t.Error("Changed twice for one write")
	}
}

func TestChangedElsewhereIgnoresOwnWrites(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	w, err := db.WatchChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db.AddArticle(ctx, &Article{Title: "mine", Body: "mine"})
	if changed, err := w.ChangedElsewhere(ctx); err != nil || changed {
		t.Fatalf("own write reported as another program's: %v, %v", changed, err)
	}
	other := MustOpenAt(t, db.Path())
	other.AddArticle(ctx, &Article{Title: "theirs", Body: "theirs"})
	if changed, err := w.ChangedElsewhere(ctx); err != nil || !changed {
		t.Fatalf("another connection's write not seen: %v, %v", changed, err)
	}
}
