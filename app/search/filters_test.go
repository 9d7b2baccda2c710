package search

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"lectern/internal/testutil"
	"lectern/store"
)

// tag:NAME finds the notes tagged so (front matter or #tags, a nested tag by its parent), and
// links:TITLE the notes and comments that link to TITLE, by the index and by a one-shot search.
func TestNoteTagsAndLinksFilters(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	caravan, err := db.AddArticle(ctx, &store.Article{Title: "Caravan of migrants", Body: "Thousands walked north.", Tags: []string{"news"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := db.AddArticle(ctx, &store.Article{Title: "Growing tomatoes", Body: "Tomatoes need sun."})
	if err != nil {
		t.Fatal(err)
	}
	addNote := func(articleID int64, body string) int64 {
		n, err := db.AddNote(ctx, articleID, body)
		if err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	list := addNote(0, "# Reading list\nBooks about walking, #projects/reading")
	tagged := addNote(other, "Soil and sun #garden")
	linking := addNote(0, "Walking notes: see [[caravan of migrants]] and [[Reading list]]")
	unlinked := addNote(0, "Walking without links")
	h, err := db.AddHighlight(ctx, store.Highlight{ArticleID: other, Quote: "Tomatoes need sun",
		Comment: "as the walkers in [[Caravan of migrants]]", Start: 0, End: 17})
	if err != nil {
		t.Fatal(err)
	}
	toHighlight := addNote(0, "Walking to [[Growing tomatoes#^lectern-h"+strconv.FormatInt(h.ID, 10)+"]]")

	e := New(db)
	t.Cleanup(e.Close)
	type item struct {
		kind Kind
		id   int64
	}
	for _, how := range []string{"once", "index"} {
		find := func(query string) []item {
			t.Helper()
			var results []Result
			var err error
			if how == "once" {
				results, err = Once(ctx, db, query, 50)
			} else {
				results, err = e.Search(ctx, query, 50)
			}
			if err != nil {
				t.Fatalf("%s %q: %v", how, query, err)
			}
			var items []item
			for _, r := range results {
				items = append(items, item{r.Kind, r.ID})
			}
			slices.SortFunc(items, func(a, b item) int { return int(a.id - b.id) })
			return items
		}
		for _, c := range []struct {
			query string
			want  []item
		}{
			{"tag:projects", []item{{KindNote, list}}},
			{"tag:projects/reading walking", []item{{KindNote, list}}},
			{"tag:garden", []item{{KindNote, tagged}}},
			{"tag:news", []item{{KindArticle, caravan}}},
			{`links:"Caravan of migrants"`, []item{{KindHighlight, h.ID}, {KindNote, linking}}},
			{`links:"caravan of MIGRANTS" walking`, []item{{KindNote, linking}}},
			{`links:"Caravan of migrants" in:highlights`, []item{{KindHighlight, h.ID}}},
			{`links:"[[Reading list]]"`, []item{{KindNote, linking}}},
			{`links:"Growing tomatoes#^lectern-h` + strconv.FormatInt(h.ID, 10) + `"`, []item{{KindNote, toHighlight}}},
			{`links:"Nothing of the kind"`, nil},
		} {
			if got := find(c.query); !slices.Equal(got, c.want) {
				t.Errorf("%s %q = %v, want %v", how, c.query, got, c.want)
			}
		}
		if got := find("walking"); !slices.Contains(got, item{KindNote, unlinked}) {
			t.Errorf("%s: walking = %v, without the note that has no link", how, got)
		}
		if _, err := e.index(ctx); err != nil {
			t.Fatal(err)
		}
	}
}
