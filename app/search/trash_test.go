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
	// expect checks every query by the index and by a one-shot search; the index again after
	// the one-shot search, which may have replaced it.
	expect := func(want bool, when string) {
		t.Helper()
		for _, how := range []string{"index", "once", "index"} {
			for _, q := range queries {
				if found(how, q) != want {
					t.Errorf("%s, %s: %q finds the article: %v", when, how, q, !want)
				}
			}
		}
	}
	expect(true, "before the Trash")
	if err := a.db.TrashArticles(ctx, a.caravan); err != nil {
		t.Fatal(err)
	}
	e.Invalidate()
	expect(false, "in the Trash")
	if err := a.db.RestoreArticles(ctx, a.caravan); err != nil {
		t.Fatal(err)
	}
	e.Invalidate()
	expect(true, "restored")
}
