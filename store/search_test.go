package store

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestContainingQuotesUserInput(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a, err := db.AddArticle(ctx, &Article{Title: "One", Body: `The "quoted" café and a half-baked NEAR(idea)`})
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.AddArticle(ctx, &Article{Title: "Two", Body: "Nothing in common with the first."})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		substrings []string
		anyOf      bool
		want       []int64
	}{
		{[]string{"cafe"}, false, []int64{a}}, // accents do not count
		{[]string{"QUOTED"}, false, []int64{a}},
		{[]string{`"quoted"`}, false, []int64{a}},
		{[]string{"half-baked"}, false, []int64{a}},
		{[]string{"near(idea)"}, false, []int64{a}},
		{[]string{"the", "first"}, false, []int64{b}},
		{[]string{"cafe", "first"}, true, []int64{a, b}},
		{[]string{"*"}, false, nil},
		{[]string{"ab"}, false, nil}, // too short for trigrams
	}
	for _, tt := range tests {
		got, err := db.Containing(ctx, ArticleText, tt.substrings, tt.anyOf)
		if err != nil {
			t.Errorf("%q: %v", tt.substrings, err)
			continue
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q (any %v) = %v, want %v", tt.substrings, tt.anyOf, got, tt.want)
		}
	}
}

func TestSearchLoaders(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	id, err := db.AddArticle(ctx, &Article{Title: "T", Byline: "B", Site: "s.org", Body: "body", Tags: []string{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, id, Done); err != nil {
		t.Fatal(err)
	}
	articles, err := db.SearchArticles(ctx)
	if err != nil || len(articles) != 1 || articles[0].Title != "T" || articles[0].Tags[0] != "x" {
		t.Fatalf("SearchArticles = %+v, %v", articles, err)
	}
	statuses, err := db.ArticleStatuses(ctx)
	if err != nil || statuses[id] != Done {
		t.Fatalf("ArticleStatuses = %v, %v", statuses, err)
	}
	long, _ := db.AddNote(ctx, id, strings.Repeat("é", 30))
	short, _ := db.AddNote(ctx, 0, "short")
	trashed, _ := db.AddNote(ctx, 0, "gone")
	db.TrashNote(ctx, trashed.ID)
	notes, err := db.SearchNotes(ctx, 20)
	if err != nil || len(notes) != 2 {
		t.Fatalf("SearchNotes = %+v, %v", notes, err)
	}
	if notes[0].ID != long.ID || notes[0].Head != strings.Repeat("é", 20) || !notes[0].Long || notes[1].ID != short.ID || notes[1].Long {
		t.Errorf("SearchNotes = %+v", notes)
	}
	texts, err := db.NoteTexts(ctx, []int64{long.ID})
	if err != nil || texts[long.ID] != strings.Repeat("é", 30) {
		t.Errorf("NoteTexts = %v, %v", texts, err)
	}
	var count int
	if err := db.EachLongText(ctx, func(string) { count++ }); err != nil || count != 3 {
		t.Errorf("EachLongText saw %d texts, %v; want 3 (an article, two notes)", count, err)
	}
}

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
