package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// short_words and highlights_fts follow every write of notes and highlights (triggers), and
// the loaders of a search that asks (searchwords.go) read what it names.
func TestShortWordsFollowWrites(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	article, err := db.AddArticle(ctx, &Article{Title: "An article", Body: "its text"})
	if err != nil {
		t.Fatal(err)
	}
	long, _ := db.AddNote(ctx, article, "Zanzibar "+strings.Repeat("é", ShortTextRunes)+" beyond")
	standalone, _ := db.AddNote(ctx, 0, "# Café crème\nwith Zebras")
	h, err := db.AddHighlight(ctx, Highlight{ArticleID: article, Quote: "its text", Comment: "a zealous remark", Start: 0, End: 8})
	if err != nil {
		t.Fatal(err)
	}
	with := func(patterns ...WordPattern) (notes, highlights []int64) {
		t.Helper()
		notes, highlights, err := db.ShortTextsWith(ctx, patterns)
		if err != nil {
			t.Fatal(err)
		}
		return notes, highlights
	}
	if words, err := db.ShortWords(ctx, "z", "{"); err != nil || !slices.Equal(words, []string{"zanzibar", "zealous", "zebras"}) {
		t.Errorf("ShortWords(z) = %v, %v", words, err)
	}
	if n, h2 := with(WordPattern{Word: "z", Prefix: true}); !slices.Equal(n, []int64{long.ID, standalone.ID}) || !slices.Equal(h2, []int64{h.ID}) {
		t.Errorf("z* = %v, %v", n, h2)
	}
	if n, _ := with(WordPattern{Word: "cafe"}); !slices.Equal(n, []int64{standalone.ID}) {
		t.Errorf("cafe (folded) = %v", n)
	}
	if n, _ := with(WordPattern{Word: "beyond"}); len(n) != 0 {
		t.Errorf("a word past the first %d characters is found: %v", ShortTextRunes, n)
	}
	if _, _, err := db.ShortTextsWith(ctx, []WordPattern{{Word: "two words"}}); err == nil {
		t.Error("ShortTextsWith takes a pattern that is not one word")
	}

	// Edits, the Trash and deletes.
	if err := db.UpdateNote(ctx, standalone.ID, "Tea instead"); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateHighlightComment(ctx, h.ID, "a quiet remark"); err != nil {
		t.Fatal(err)
	}
	if n, h2 := with(WordPattern{Word: "z", Prefix: true}); !slices.Equal(n, []int64{long.ID}) || len(h2) != 0 {
		t.Errorf("z* after the edits = %v, %v", n, h2)
	}
	if n, h2 := with(WordPattern{Word: "tea"}, WordPattern{Word: "quiet"}); !slices.Equal(n, []int64{standalone.ID}) || !slices.Equal(h2, []int64{h.ID}) {
		t.Errorf("tea or quiet = %v, %v", n, h2)
	}
	if ids, err := db.Containing(ctx, HighlightText, []string{"uie"}, true); err != nil || !slices.Equal(ids, []int64{h.ID}) {
		t.Errorf("Containing(highlights, uie) = %v, %v", ids, err)
	}
	if any, err := db.AnyContaining(ctx, NoteText, []string{"xyz", "nzi"}); err != nil || !any {
		t.Errorf("AnyContaining(notes, xyz nzi) = %v, %v", any, err)
	}
	if any, err := db.AnyContaining(ctx, ArticleText, []string{"nzi"}); err != nil || any {
		t.Errorf("AnyContaining(articles, nzi) = %v, %v", any, err)
	}
	longNotes, err := db.LongNotes(ctx)
	if err != nil || len(longNotes) != 1 || longNotes[0].ID != long.ID || longNotes[0].ArticleID != article || !longNotes[0].Long ||
		longNotes[0].Updated.Before(time.Now().Add(-time.Minute)) {
		t.Errorf("LongNotes = %+v, %v", longNotes, err)
	}
	read, err := db.SearchNotesByID(ctx, ShortTextRunes, []int64{long.ID, standalone.ID, 999}, false)
	if err != nil || len(read) != 2 || read[0].ID != long.ID || !read[0].Long || read[1].Head != "Tea instead" {
		t.Errorf("SearchNotesByID = %+v, %v", read, err)
	}
	if read, _ := db.SearchNotesByID(ctx, ShortTextRunes, []int64{long.ID, standalone.ID}, true); len(read) != 1 || read[0].ID != standalone.ID {
		t.Errorf("SearchNotesByID of the standalone notes = %+v", read)
	}
	if read, err := db.SearchHighlightsByID(ctx, []int64{h.ID}); err != nil || len(read) != 1 || read[0].Comment != "a quiet remark" {
		t.Errorf("SearchHighlightsByID = %+v, %v", read, err)
	}
	if err := db.TrashNote(ctx, standalone.ID); err != nil {
		t.Fatal(err)
	}
	if read, _ := db.SearchNotesByID(ctx, ShortTextRunes, []int64{standalone.ID}, false); len(read) != 0 {
		t.Errorf("SearchNotesByID reads a trashed note: %+v", read)
	}
	if _, err := db.EmptyTrash(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := with(WordPattern{Word: "tea"}); len(n) != 0 {
		t.Errorf("a note deleted for good is found: %v", n)
	}
}

// SearchArticles reads every field back as it was written, whatever its characters, in id
// order, with the tags sorted as AllTags sorts them.
func TestSearchArticlesReadsOddFields(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	want := []Article{
		{Title: "Commas, semicolons; and 1,2,3", Byline: "", Site: "a;b,c", Tags: []string{"beta", "Alpha", "gamma"}},
		{Title: "", Byline: "Ünïcödé 日本語 ,;", Site: ""},
		{Title: "Opened", Byline: "x", Site: "y.org"},
	}
	var ids []int64
	for i := range want {
		want[i].Body = "body " + string(rune('a'+i))
		id, err := db.AddArticle(ctx, &want[i])
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := db.MarkOpened(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	got, err := db.SearchArticles(ctx)
	if err != nil || len(got) != 3 {
		t.Fatalf("SearchArticles = %+v, %v", got, err)
	}
	for i, a := range got {
		w := want[i]
		if a.ID != ids[i] || a.Title != w.Title || a.Byline != w.Byline || a.Site != w.Site || a.Imported.IsZero() {
			t.Errorf("article %d = %+v, want %+v", i, a, w)
		}
	}
	if !slices.Equal(got[0].Tags, []string{"Alpha", "beta", "gamma"}) || got[1].Tags != nil {
		t.Errorf("tags = %q, %q", got[0].Tags, got[1].Tags)
	}
	if !got[0].Opened.IsZero() || got[2].Opened.IsZero() || got[2].OpenCount != 1 {
		t.Errorf("opened = %v, %v (%d)", got[0].Opened, got[2].Opened, got[2].OpenCount)
	}
	if _, ok := articleRecords("1,2,,0,5,0,0,abc"); ok {
		t.Error("articleRecords takes a list cut short")
	}
}
