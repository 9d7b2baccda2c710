package search

import (
	"context"
	"testing"
)

// An article in the Trash is found neither by its fields nor by its body, nor are its notes
// and highlights, by the index or by a one-shot search; restored, it is found again.
func TestTrashedArticlesAreNotFound(t *testing.T) {
	ctx := context.Background()
	a, e := loadedEngine(t)
	found := func(how string, query string) bool {
		t.Helper()
		var results []Result
		var err error
		if how == "once" {
			results, err = Once(ctx, a.db, query, 50)
		} else {
			results, err = e.Search(ctx, query, 50)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range results {
			if r.ArticleID == a.caravan {
				return true
			}
		}
		return false
	}
	queries := []string{"caravan", "guatemalan", "thousands", "asylum", "verza", "migration"}
	for _, how := range []string{"index", "once"} {
		for _, q := range queries {
			if !found(how, q) {
				t.Fatalf("%s: %q does not find the article before it is trashed", how, q)
			}
		}
	}
	if err := a.db.TrashArticles(ctx, a.caravan); err != nil {
		t.Fatal(err)
	}
	e.Invalidate()
	for _, how := range []string{"index", "once", "index"} {
		for _, q := range queries {
			if found(how, q) {
				t.Errorf("%s: %q finds the article in the Trash", how, q)
			}
		}
	}
	if err := a.db.RestoreArticles(ctx, a.caravan); err != nil {
		t.Fatal(err)
	}
	e.Invalidate()
	for _, how := range []string{"index", "once", "index"} {
		for _, q := range queries {
			if !found(how, q) {
				t.Errorf("%s: %q does not find the restored article", how, q)
			}
		}
	}
}
