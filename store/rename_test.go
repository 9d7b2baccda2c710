package store

import (
	"context"
	"testing"
)

func TestRenameNoteAndArticle(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	// A vault note: its title and its file name change, its text does not.
	id, _, err := db.SaveVaultNote(ctx, VaultNote{Source: "/v/Projects/Reading list.md", Path: "Projects/Reading list.md",
		Title: "Reading list", Body: "Books.\n"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RenameNote(ctx, id, "To read"); err != nil {
		t.Fatal(err)
	}
	n, _ := db.Note(ctx, id)
	if n.Title != "To read" || n.Path != "Projects/To read.md" || n.Body != "Books.\n" {
		t.Errorf("vault note renamed to %+v", n)
	}
	if tgt, ok, _ := db.ResolveLink(ctx, Wikilink{Target: "Projects/To read"}); !ok || tgt.ID != id {
		t.Errorf("the new path does not lead to the note: %+v", tgt)
	}
	if _, ok, _ := db.ResolveLink(ctx, Wikilink{Target: "Reading list"}); ok {
		t.Error("the old title still leads somewhere")
	}
	if err := db.RenameNote(ctx, id, "a/b"); err == nil {
		t.Error("a vault note took a name with a slash")
	}
	// A note written here is called by its first line, which changes.
	m, _ := db.AddNote(ctx, 0, "\n## Old plan  \nthe text")
	if err := db.RenameNote(ctx, m.ID, "New plan"); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.Note(ctx, m.ID); n.Body != "\n## New plan  \nthe text" || NoteTitleOf(n) != "New plan" {
		t.Errorf("renamed body %q", n.Body)
	}
	for body, want := range map[string]string{"": "# T\n\n", "  \n": "# T\n\n", "- item #tag": "- T", "plain": "T"} {
		if got := RetitleBody(body, "T"); got != want {
			t.Errorf("RetitleBody(%q) = %q, want %q", body, got, want)
		}
	}
	// An article.
	a, err := db.AddArticle(ctx, &Article{Title: "Old", Body: "Text."})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RenameArticle(ctx, a, " New "); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Article(ctx, a); got.Title != "New" {
		t.Errorf("article title %q", got.Title)
	}
	if err := db.RenameArticle(ctx, a, " "); err == nil {
		t.Error("an empty title was taken")
	}
}
