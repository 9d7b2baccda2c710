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
