package export

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"lectern/internal/testutil"
	"lectern/store"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// goldenArchive fills db with the pages the golden files show: an article with every field,
// highlights in colours (one unplaced, one spanning paragraphs), notes, an article with only a title,
// and a standalone note.
func goldenArchive(t *testing.T, db *store.DB) {
	full := addArticle(t, db, store.Article{
		Title: "The Caravan: what we know", Byline: "Maria Verza", Site: "AP News",
		Source:    "https://apnews.com/article/caravan",
		Published: time.Date(2018, 10, 15, 0, 0, 0, 0, time.UTC),
		Tags:      []string{"news", "migration"},
		Body:      "First paragraph.\n\nSecond paragraph.",
		Markdown:  "First paragraph.\n\nSecond *paragraph*.",
	})
	addHighlight(t, db, full, "Second paragraph.", "", 18)
	spans := addHighlight(t, db, full, "First paragraph.\n\nSecond", "Spans *two* paragraphs.", 0)
	lost := addHighlight(t, db, full, "A quote the text lost", "", -1)
	for id, color := range map[int64]string{spans.ID: "green", lost.ID: "purple"} {
		if err := db.SetHighlightColor(context.Background(), id, color); err != nil {
			t.Fatal(err)
		}
	}
	addNote(t, db, full, "# My take\n\nThey walked **far**.")
	addNote(t, db, full, "```go\nunclosed := true")
	addNote(t, db, full, "Last note.")

	bare := addArticle(t, db, store.Article{Title: ""})
	addNote(t, db, bare, "Only a note.")

	addNote(t, db, 0, "## Idea\n\nStandalone thought.")
}

func TestDefaultTemplateGolden(t *testing.T) {
	db := testutil.OpenDB(t)
	goldenArchive(t, db)
	out := t.TempDir()
	sum := run(t, db, Options{Out: out, FullText: true})
	if sum.Written != 3 {
		t.Fatalf("written = %d, want 3: %v", sum.Written, sum.Files)
	}
	for _, c := range []struct{ file, golden string }{
		{"The Caravan - what we know.md", "article.golden"},
		{"Untitled.md", "untitled.golden"},
		{"Idea.md", "note.golden"},
	} {
		got, err := os.ReadFile(filepath.Join(out, c.file))
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, c.golden, got)
	}

	clip, err := ArticleMarkdown(context.Background(), db, 1)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "clipboard.golden", []byte(clip))
}

// noteCreated masks the time a note was written: the store stamps notes with the clock.
var noteCreated = regexp.MustCompile(`(?m)^created: .*$`)

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	got = noteCreated.ReplaceAll(got, []byte("created: (time the note was written)"))
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (run with -update to accept):\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}
