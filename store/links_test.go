package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseWikilinks(t *testing.T) {
	text := "See [[Caravan of migrants]] and [[Reading list|my list]].\n" +
		"A heading: [[Projects/Reading list#Next up]]; a block: [[Caravan#^lectern-h12]].\n" +
		"`[[not a link]]` and ![[photo.png]] and [[Table\\|shown]].\n" +
		"```\n[[in code]]\n```\n" +
		"[[]] [[unclosed"
	got := ParseWikilinks(text)
	want := []Wikilink{
		{Target: "Caravan of migrants"},
		{Target: "Reading list", Shown: "my list"},
		{Target: "Projects/Reading list", Heading: "Next up"},
		{Target: "Caravan", Block: "lectern-h12"},
		{Target: "photo.png", Embed: true},
		{Target: "Table", Shown: "shown"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d links: %+v", len(got), got)
	}
	for i := range want {
		g := got[i]
		if g.Target != want[i].Target || g.Heading != want[i].Heading || g.Block != want[i].Block ||
			g.Shown != want[i].Shown || g.Embed != want[i].Embed {
			t.Errorf("link %d: got %+v, want %+v", i, g, want[i])
		}
		inner := text[g.Start:g.End]
		if !strings.HasPrefix(strings.TrimPrefix(inner, "!"), "[[") || !strings.HasSuffix(inner, "]]") {
			t.Errorf("link %d: offsets cover %q", i, inner)
		}
	}
	if got[3].HighlightID() != 12 || got[0].HighlightID() != 0 {
		t.Errorf("highlight ids: %d %d", got[3].HighlightID(), got[0].HighlightID())
	}
}

func TestInlineTags(t *testing.T) {
	text := "# Heading\nIdeas #reading and #Projects/lectern, not#this, not #123, [[Page#Heading]]\n" +
		"`#code` http://x.org/#frag\n```\n#fenced\n```\n#last-one"
	got := InlineTags(text)
	want := []string{"reading", "Projects/lectern", "last-one"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSplitFrontMatter(t *testing.T) {
	for _, c := range []struct{ file, block string }{
		{"---\ntags: [a]\n---\nBody\n", "---\ntags: [a]\n---\n"},
		{"---\r\ntags: a\r\n---\r\n\r\nBody", "---\r\ntags: a\r\n---\r\n"},
		{"\uFEFF---\nx: 1\n...\nBody", "\uFEFF---\nx: 1\n...\n"},
		{"---\nx: 1\n---", "---\nx: 1\n---"},
		{"---\nnot closed\n", ""},
		{"No front matter\n---\n", ""},
	} {
		block, body := SplitFrontMatter(c.file)
		if block != c.block || block+body != c.file {
			t.Errorf("%q: block %q body %q", c.file, block, body)
		}
	}
	fields := FrontMatterFields("---\ntags: [\"#one\", two]\naliases: Uno, First\n---\n")
	if got := FrontMatterTags(fields); !reflect.DeepEqual(got, []string{"one", "two"}) {
		t.Errorf("tags %q", got)
	}
	if got := FrontMatterAliases(fields); !reflect.DeepEqual(got, []string{"Uno", "First"}) {
		t.Errorf("aliases %q", got)
	}
	if got := FrontMatterTags(FrontMatterFields("---\ntags: \"#a b, c\"\n---\n")); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("string tags %q", got)
	}
	block, id := StripLecternKeys("---\ntitle: x\nlectern_note_id: 7\n---\n")
	if block != "---\ntitle: x\n---\n" || id != 7 {
		t.Errorf("strip: %q %d", block, id)
	}
	if block, id := StripLecternKeys("---\nlectern_note_id: 9\n---\n"); block != "" || id != 9 {
		t.Errorf("strip added block: %q %d", block, id)
	}
}

func TestSentenceAround(t *testing.T) {
	text := "First sentence. The second links [[Caravan. Of migrants]] here! Third."
	l := ParseWikilinks(text)[0]
	if got := sentenceAround(text, l.Start, l.End); got != "The second links [[Caravan. Of migrants]] here!" {
		t.Errorf("got %q", got)
	}
}

func TestBacklinksAndResolution(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a := &Article{Title: "Caravan of migrants cross Guatemalan border", Body: "They walked. Then they rested."}
	articleID, err := db.AddArticle(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	h, err := db.AddHighlight(ctx, Highlight{ArticleID: articleID, Quote: "They walked.", Start: 0, End: 12})
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := db.SaveVaultNote(ctx, VaultNote{Source: "/v/Projects/Reading list.md", Path: "Projects/Reading list.md",
		Title: "Reading list", FrontMatter: "---\naliases: [To read]\ntags: project\n---\n",
		Body: "Start with [[caravan of migrants cross guatemalan border]]. #reading\n"})
	if err != nil {
		t.Fatal(err)
	}
	daily, err := db.AddNote(ctx, 0, "Daily note. See [[To read|the list]] and [[Caravan of migrants cross Guatemalan border#^lectern-h"+
		fmt.Sprint(h.ID)+"]]. Also [[Nowhere]].")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateHighlightComment(ctx, h.ID, "Compare [[Projects/Reading list#Next]]"); err != nil {
		t.Fatal(err)
	}

	back, err := db.Backlinks(ctx, articleID)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back[0].NoteID != list || back[1].NoteID != daily.ID || back[1].ToHighlight != h.ID {
		t.Fatalf("article backlinks: %+v", back)
	}
	if back[0].From != "Reading list" || back[0].Context != "Start with [[caravan of migrants cross guatemalan border]]." {
		t.Errorf("backlink 0: %+v", back[0])
	}
	back, err = db.NoteBacklinks(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back[0].NoteID != daily.ID || back[0].Shown != "the list" || back[1].HighlightID != h.ID || back[1].From != a.Title {
		t.Fatalf("note backlinks: %+v", back)
	}

	for _, c := range []struct {
		link string
		kind string
		id   int64
	}{
		{"[[Reading list]]", "note", list},
		{"[[to READ]]", "note", list},
		{"[[Projects/Reading list.md]]", "note", list},
		{"[[Caravan of migrants cross Guatemalan border]]", "article", articleID},
		{fmt.Sprintf("[[x#^lectern-h%d]]", h.ID), "highlight", h.ID},
		{"[[Daily note. See]]", "", 0},
		{"[[Nowhere]]", "", 0},
	} {
		target, ok, err := db.ResolveLink(ctx, ParseWikilinks(c.link)[0])
		if err != nil {
			t.Fatal(err)
		}
		if c.kind == "" && ok || c.kind != "" && (target.Kind != c.kind || target.ID != c.id) {
			t.Errorf("%s: %+v %v", c.link, target, ok)
		}
	}
	tags, err := db.NoteTags(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tags, []string{"project", "reading"}) {
		t.Errorf("tags %q", tags)
	}
	tagged, err := db.NotesTagged(ctx, "#Reading")
	if err != nil || len(tagged) != 1 || tagged[0].ID != list {
		t.Errorf("notes tagged: %+v %v", tagged, err)
	}

	// Links follow edits and the trash.
	if err := db.UpdateNote(ctx, daily.ID, "Nothing now."); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashNote(ctx, list); err != nil {
		t.Fatal(err)
	}
	back, err = db.Backlinks(ctx, articleID)
	if err != nil || len(back) != 0 {
		t.Errorf("after edit and trash: %+v %v", back, err)
	}
}

// Notes written by a bulk write (without the store's deriving) are indexed before the next read.
func TestPendingNotesAreIndexedBeforeReads(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	err := db.Bulk(ctx, func(b *Batch) error {
		_, err := b.AddNote(0, "# Target page")
		if err != nil {
			return err
		}
		_, err = b.AddNote(0, "Links to [[target page]] #bulk")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	notes, _ := db.AllNotes(ctx)
	back, err := db.NoteBacklinks(ctx, notes[0].ID)
	if err != nil || len(back) != 1 || back[0].NoteID != notes[1].ID {
		t.Fatalf("%+v %v", back, err)
	}
}

func TestCompleteLinkNames(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	for _, title := range []string{"Caravan of migrants cross Guatemalan border on their way to the U.S.",
		"Carbon markets explained", "Guatemala travel notes"} {
		if _, err := db.AddArticle(ctx, &Article{Title: title, Body: title + " body"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := db.SaveVaultNote(ctx, VaultNote{Source: "/v/Reading list.md", Path: "Reading list.md", Title: "Reading list",
		FrontMatter: "---\naliases: [Books to read]\n---\n", Body: "x"}); err != nil {
		t.Fatal(err)
	}
	names, err := db.LoadLinkNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := names.Complete("crvn gtml", 5)
	if len(got) == 0 || !strings.HasPrefix(got[0].Title, "Caravan of migrants") || got[0].Insert != got[0].Title {
		t.Fatalf("crvn gtml: %+v", got)
	}
	got = names.Complete("books", 5)
	if len(got) != 1 || got[0].Insert != "Reading list|Books to read" || got[0].Kind != "note" {
		t.Fatalf("alias: %+v", got)
	}
	got = names.Complete("reading", 5)
	if len(got) != 1 || got[0].Alias != "" {
		t.Fatalf("title and alias count once: %+v", got)
	}
	if got := names.Complete("", 10); len(got) != 4 {
		t.Errorf("empty query: %+v", got)
	}
}

func TestTrashAndRestoreArticle(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	id, err := db.AddArticle(ctx, &Article{Title: "To delete", Body: "Some text here."})
	if err != nil {
		t.Fatal(err)
	}
	keep, _ := db.AddArticle(ctx, &Article{Title: "To keep", Body: "Other text."})
	n1, _ := db.AddNote(ctx, id, "a note")
	n2, _ := db.AddNote(ctx, id, "trashed before")
	h1, _ := db.AddHighlight(ctx, Highlight{ArticleID: id, Quote: "Some", Start: 0, End: 4})
	if err := db.TrashNote(ctx, n2.ID); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond) // the note's trash time differs from the article's
	if err := db.TrashArticles(ctx, id); err != nil {
		t.Fatal(err)
	}
	list, _ := db.Articles(ctx)
	if len(list) != 1 || list[0].ID != keep {
		t.Errorf("articles after trash: %+v", list)
	}
	if n, _ := db.CountArticles(ctx); n != 1 {
		t.Errorf("count %d", n)
	}
	if notes, _ := db.AllNotes(ctx); len(notes) != 0 {
		t.Errorf("notes of a trashed article listed: %+v", notes)
	}
	if hs, _ := db.AllHighlights(ctx); len(hs) != 0 {
		t.Errorf("highlights of a trashed article listed: %+v", hs)
	}
	if ids, err := db.TrashedArticleIDs(ctx); err != nil || len(ids) != 1 || !ids[id] {
		t.Errorf("trashed ids %v %v", ids, err)
	}
	trashed, err := db.TrashedArticles(ctx)
	if err != nil || len(trashed) != 1 || trashed[0].ID != id || trashed[0].Notes != 1 || trashed[0].Highlights != 1 {
		t.Fatalf("trashed: %+v %v", trashed, err)
	}
	if c, _ := db.CountTrash(ctx); c != (TrashCount{Articles: 1}) {
		t.Errorf("count trash %+v", c)
	}
	if tn, _ := db.TrashedNotes(ctx); len(tn) != 0 {
		t.Errorf("notes trashed with their article listed on their own: %+v", tn)
	}
	if err := db.TrashArticles(ctx, 999); err == nil {
		t.Error("trashing an unknown article")
	}

	if err := db.RestoreArticles(ctx, id); err != nil {
		t.Fatal(err)
	}
	notes, _ := db.Notes(ctx, id)
	hs, _ := db.Highlights(ctx, id)
	if len(notes) != 1 || notes[0].ID != n1.ID || len(hs) != 1 || hs[0].ID != h1.ID {
		t.Errorf("restored notes %+v highlights %+v", notes, hs)
	}
	if n, _ := db.Note(ctx, n2.ID); n.Deleted.IsZero() {
		t.Error("a note trashed before its article came back with it")
	}

	if err := db.TrashArticles(ctx, id); err != nil {
		t.Fatal(err)
	}
	c, err := db.EmptyTrash(ctx)
	if err != nil || c != (TrashCount{Articles: 1}) {
		t.Fatalf("empty: %+v %v", c, err)
	}
	if _, err := db.Article(ctx, id); err == nil {
		t.Error("article still there after emptying the Trash")
	}
	if _, err := db.Note(ctx, n2.ID); err == nil {
		t.Error("note still there after emptying the Trash")
	}
}

func TestSaveVaultNoteUpdatesByPath(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	v := VaultNote{Source: "/vault/Daily/2024-03-02.md", Path: "Daily/2024-03-02.md", Title: "2024-03-02",
		Body: "Went [[Reading list|reading]].\n", Attachments: []Attachment{{Path: "img/a.png", Mime: "image/png", Data: []byte("png")}}}
	id, outcome, err := db.SaveVaultNote(ctx, v)
	if err != nil || outcome != VaultAdded {
		t.Fatal(outcome, err)
	}
	if _, outcome, _ := db.SaveVaultNote(ctx, v); outcome != VaultUnchanged {
		t.Errorf("same file again: %v", outcome)
	}
	v.Body = "Changed.\n"
	id2, outcome, err := db.SaveVaultNote(ctx, v)
	if err != nil || outcome != VaultUpdated || id2 != id {
		t.Errorf("changed: %d %v %v", id2, outcome, err)
	}
	n, _ := db.Note(ctx, id)
	if n.Body != v.Body || n.Path != v.Path || n.Title != v.Title {
		t.Errorf("note %+v", n)
	}
	atts, err := db.NoteAttachments(ctx, id)
	if err != nil || len(atts) != 1 || atts[0].Path != "img/a.png" {
		t.Fatalf("attachments %+v %v", atts, err)
	}
	data, mime, err := db.AttachmentData(ctx, atts[0].Hash)
	if err != nil || string(data) != "png" || mime != "image/png" {
		t.Errorf("attachment %q %q %v", data, mime, err)
	}
	all, _ := db.AllNotes(ctx)
	if len(all) != 1 {
		t.Errorf("%d notes", len(all))
	}
	// The export's lectern_note_id finds the note wherever the file now is.
	v.Source, v.KnownID = "/export/Daily/2024-03-02.md", id
	if id3, outcome, _ := db.SaveVaultNote(ctx, v); id3 != id || outcome != VaultUnchanged {
		t.Errorf("by known id: %d %v", id3, outcome)
	}
	if names := slices.Collect(func(yield func(string) bool) {
		title, aliases, _ := db.NoteNames(ctx, id)
		yield(title)
		for _, a := range aliases {
			yield(a)
		}
	}); !reflect.DeepEqual(names, []string{"2024-03-02"}) {
		t.Errorf("names %q", names)
	}
}
