package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lectern/internal/testutil"
	"lectern/store"
)

// mixedFolder makes a folder of good, duplicate, bad and non-article files.
func mixedFolder(t *testing.T) string {
	dir := t.TempDir()
	page, err := os.ReadFile(filepath.Join(testutil.Fixtures(t), "readability", "001", "source.html"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "a.txt"), "Alpha\n\nThe alpha article's text.")
	writeFile(t, filepath.Join(dir, "copy of a.txt"), "Alpha\n\nThe  ALPHA article's text.\n")
	writeFile(t, filepath.Join(dir, "b.md"), "# Beta\n\nThe beta article.")
	writeFile(t, filepath.Join(dir, "c.html"), string(page))
	writeFile(t, filepath.Join(dir, "sub", "deeper", "d.TXT"), "Delta\n\nIn a subfolder.")
	writeFile(t, filepath.Join(dir, "empty.txt"), "")
	writeFile(t, filepath.Join(dir, "binary.txt"), "\x00\x01\x02binary")
	writeFile(t, filepath.Join(dir, "big.md"), strings.Repeat("big text ", 1<<17))
	writeFile(t, filepath.Join(dir, "photo.png"), "\x89PNG\r\n")
	writeFile(t, filepath.Join(dir, ".hidden.txt"), "Hidden\n\ntext")
	writeFile(t, filepath.Join(dir, ".git", "notes.txt"), "Git\n\ninternals")
	return dir
}

func TestImportMixedFolder(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	dir := mixedFolder(t)
	missing := filepath.Join(dir, "missing.txt")

	var results []Result
	var last Progress
	opt := Options{
		MaxBytes:   1 << 20,
		OnResult:   func(r Result) { results = append(results, r) },
		OnProgress: func(p Progress) { last = p },
	}
	sum, err := Import(ctx, db, []string{dir, missing}, opt)
	if err != nil {
		t.Fatal(err)
	}
	check := func(sum Summary, imported, dups, failed, skipped int) {
		t.Helper()
		if sum.Imported != imported || sum.Duplicates != dups || sum.Failed != failed || sum.Skipped != skipped {
			for _, r := range sum.Results {
				t.Logf("%s: %s %v", r.Source, r.Outcome, r.Err)
			}
			t.Fatalf("summary %d imported, %d duplicates, %d failed, %d skipped; want %d, %d, %d, %d",
				sum.Imported, sum.Duplicates, sum.Failed, sum.Skipped, imported, dups, failed, skipped)
		}
	}
	check(sum, 4, 1, 4, 2)
	if len(results) != len(sum.Results) || last.Done != last.Total || last.Total != len(sum.Results) {
		t.Errorf("%d results reported, progress %+v, summary has %d", len(results), last, len(sum.Results))
	}
	for _, r := range sum.Results {
		switch {
		case r.Outcome != Imported && r.Err == nil:
			t.Errorf("%s: %s without a reason", r.Source, r.Outcome)
		case r.Outcome == Imported && (r.ID == 0 || r.Title == ""):
			t.Errorf("%s: imported without id or title: %+v", r.Source, r)
		case r.Outcome == Duplicate && !strings.Contains(r.Source, "a.txt"):
			t.Errorf("%s: unexpected duplicate", r.Source)
		}
		var dup *store.DuplicateError
		if r.Outcome == Duplicate && (!errors.As(r.Err, &dup) || r.ID == 0) {
			t.Errorf("%s: duplicate error %v, id %d", r.Source, r.Err, r.ID)
		}
	}
	if n, _ := db.CountArticles(ctx); n != 4 {
		t.Errorf("%d articles stored, want 4", n)
	}

	// Imported again, every article is a duplicate and nothing more is stored.
	again, err := Import(ctx, db, []string{dir, missing}, opt)
	if err != nil {
		t.Fatal(err)
	}
	check(again, 0, 5, 4, 2)
	if n, _ := db.CountArticles(ctx); n != 4 {
		t.Errorf("%d articles stored after the second import, want 4", n)
	}
}

func TestImportStoresAbsoluteSource(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "Alpha\n\nText.")
	t.Chdir(dir)
	sum, err := Import(ctx, db, []string{"a.txt"}, Options{})
	if err != nil || sum.Imported != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	a, err := db.Article(ctx, sum.Results[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "a.txt"); a.Source != want || sum.Results[0].Source != "a.txt" {
		t.Errorf("article source %q (want %q), result source %q", a.Source, want, sum.Results[0].Source)
	}
}

func TestImportCancelled(t *testing.T) {
	db := testutil.OpenDB(t)
	dir := t.TempDir()
	for i := range 60 {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("%02d.txt", i)), fmt.Sprintf("Article %d\n\nText number %d.", i, i))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, err := Import(ctx, db, []string{dir}, Options{Workers: 2, OnResult: func(r Result) {
		if r.Outcome == Imported {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	n, _ := db.CountArticles(context.Background())
	if sum.Imported == 0 || sum.Imported >= 60 || n != sum.Imported || len(sum.Results) != sum.Imported {
		t.Errorf("summary %+v, %d stored", sum, n)
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Imported: "imported", Duplicate: "duplicate", Failed: "failed", Skipped: "skipped"} {
		if o.String() != want {
			t.Errorf("%d: %q", o, o.String())
		}
	}
}
