package export

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"lectern/store"
)

const benchArticles = 10_000

// benchArchive fills db, through the store's API, with benchArticles articles of about 600
// words, each with three highlights and two notes.
func benchArchive(b *testing.B, db *store.DB) {
	b.Helper()
	paragraph := strings.Repeat("The caravan moved north along the highway at dawn. ", 12)
	for i := range benchArticles {
		body := fmt.Sprintf("Article %d.\n\n%s", i, strings.Repeat(paragraph+"\n\n", 5))
		id := addArticle(b, db, store.Article{
			Title: fmt.Sprintf("Report %d: the caravan, day %d", i, i%40), Byline: "Maria Verza",
			Site: "AP News", Source: fmt.Sprintf("https://example.com/article/%d", i),
			Body: body, Markdown: body, Tags: []string{"news", fmt.Sprintf("topic-%d", i%25)},
		})
		for h := range 3 {
			addHighlight(b, db, id, "The caravan moved north", fmt.Sprintf("Comment %d", h), 20+h*600)
		}
		addNote(b, db, id, fmt.Sprintf("## Thoughts on %d\n\nThey walked **far**, and kept going.", i))
		addNote(b, db, id, "- one\n- two\n- three")
	}
}

// BenchmarkExport measures a first export of benchArticles articles into an empty folder.
func BenchmarkExport(b *testing.B) {
	db := openDB(b)
	benchArchive(b, db)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		out := b.TempDir()
		b.StartTimer()
		sum, err := Run(ctx, db, Options{Out: out})
		if err != nil || sum.Written != benchArticles {
			b.Fatalf("written %d, err %v", sum.Written, err)
		}
	}
}

// BenchmarkReexport measures exporting again when nothing changed: every file is compared,
// none written.
func BenchmarkReexport(b *testing.B) {
	db := openDB(b)
	benchArchive(b, db)
	ctx := context.Background()
	out := b.TempDir()
	run(b, db, Options{Out: out})
	for b.Loop() {
		sum, err := Run(ctx, db, Options{Out: out})
		if err != nil || sum.Unchanged != benchArticles || sum.Written != 0 {
			b.Fatalf("unchanged %d, written %d, err %v", sum.Unchanged, sum.Written, err)
		}
	}
}
