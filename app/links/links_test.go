package links

import (
	"context"
	"testing"

	"lectern/internal/testutil"
	"lectern/store"
)

func TestCompletingAndInsert(t *testing.T) {
	text := "See [[crvn gtml"
	q, start, ok := Completing(text, len(text))
	if !ok || q != "crvn gtml" || start != 4 {
		t.Fatalf("%q %d %v", q, start, ok)
	}
	got, caret := Insert(text+"]] later", start, len(text), store.LinkCandidate{Insert: "Caravan of migrants"})
	if got != "See [[Caravan of migrants]] later" || caret != len("See [[Caravan of migrants]]") {
		t.Errorf("%q %d", got, caret)
	}
	for _, s := range []string{"See [[done]] x", "no link", "[[Title#Head"} {
		if _, _, ok := Completing(s, len(s)); ok {
			t.Errorf("%q: completing", s)
		}
	}
}

func TestRename(t *testing.T) {
	text := "[[Old name]], [[old NAME#Part|shown]], ![[Old name]] and [[Other]] and `[[Old name]]`"
	got, changed := Rename(text, "Old name", "New name")
	want := "[[New name]], [[New name#Part|shown]], ![[New name]] and [[Other]] and `[[Old name]]`"
	if !changed || got != want {
		t.Errorf("got %q", got)
	}
}

func TestResolve(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	id, _ := db.AddArticle(ctx, &store.Article{Title: "Caravan", Body: "text"})
	got, err := Resolve(ctx, db, "[[caravan]] and [[Nothing]]")
	if err != nil || len(got) != 2 || !got[0].Resolved || got[0].Target.ID != id || got[1].Resolved {
		t.Errorf("%+v %v", got, err)
	}
}

func TestRewriteLinks(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	a, err := db.AddArticle(ctx, &store.Article{Title: "Old title", Body: "Some text here."})
	if err != nil {
		t.Fatal(err)
	}
	n1, _ := db.AddNote(ctx, 0, "See [[Old title]] and [[old title#Part|shown]].")
	n2, _ := db.AddNote(ctx, a, "Also [[Old title]].")
	h, err := db.AddHighlight(ctx, store.Highlight{ArticleID: a, Quote: "Some", Start: 0, End: 4, Comment: "cf [[Old title]]"})
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.Backlinks(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	renames := []Renaming{{Old: "Old title", New: "New title"}}
	if got := Renamed(list, renames); len(got) != 4 {
		t.Fatalf("renamed links %+v", got)
	}
	done, err := RewriteLinks(ctx, db, list, renames)
	if err != nil || len(done.Notes) != 2 || len(done.Comments) != 1 {
		t.Fatalf("%+v %v", done, err)
	}
	if n, _ := db.Note(ctx, n1.ID); n.Body != "See [[New title]] and [[New title#Part|shown]]." {
		t.Errorf("note 1: %q", n.Body)
	}
	if n, _ := db.Note(ctx, n2.ID); n.Body != "Also [[New title]]." {
		t.Errorf("note 2: %q", n.Body)
	}
	if got, _ := db.Highlight(ctx, h.ID); got.Comment != "cf [[New title]]" {
		t.Errorf("comment %q", got.Comment)
	}
}
