package export

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"lectern/store"
)

const benchArticles = 10_000

var (
	benchOnce sync.Once
	benchDir  string // removed by TestMain
	benchDB   *store.DB
)

// sharedBenchArchive is filled once per test binary: through the store's API, one
// transaction per article, note and highlight, it takes 20 to 50 s on the 2-core machine.
func sharedBenchArchive(b *testing.B) *store.DB {
	benchOnce.Do(func() {
		var err error
		if benchDir, err = os.MkdirTemp("", "lectern-export-bench-"); err != nil {
			b.Fatal(err)
		}
		if benchDB, err = store.Open(context.Background(), filepath.Join(benchDir, "lectern.db")); err != nil {
			b.Fatal(err)
		}
		fillArchive(b, benchDB, benchArticles)
	})
	if benchDB == nil {
		b.Fatal("the benchmark archive could not be built")
	}
	return benchDB
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDB != nil {
		benchDB.Close()
	}
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// fillArchive adds n articles, each with three highlights and two notes. Bodies are short:
// the default export leaves them out, and the store's trigram index makes long ones slow to
// add.
func fillArchive(tb testing.TB, db *store.DB, n int) {
	tb.Helper()
	paragraph := strings.Repeat("The caravan moved north along the highway at dawn. ", 4)
	for i := range n {
		id := addArticle(tb, db, store.Article{
			Title: fmt.Sprintf("Report %d: the caravan, day %d", i, i%40), Byline: "Maria Verza",
			Site: "AP News", Source: fmt.Sprintf("https://example.com/article/%d", i),
			Body: fmt.Sprintf("Article %d.\n\n%s", i, paragraph), Tags: []string{"news", fmt.Sprintf("topic-%d", i%25)},
		})
		for h := range 3 {
			addHighlight(tb, db, id, "The caravan moved north", fmt.Sprintf("Comment %d", h), 20+h*60)
		}
		addNote(tb, db, id, fmt.Sprintf("## Thoughts on %d\n\nThey walked **far**, and kept going.", i))
		addNote(tb, db, id, "- one\n- two\n- three")
	}
}

// BenchmarkExport measures a first export of benchArticles articles into an empty folder.
func BenchmarkExport(b *testing.B) {
	db := sharedBenchArchive(b)
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

// BenchmarkReexport measures exporting again when nothing changed: every file is read and
// compared, none written.
func BenchmarkReexport(b *testing.B) {
	db := sharedBenchArchive(b)
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
