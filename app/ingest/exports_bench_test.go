package ingest

import (
	"archive/zip"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lectern/internal/testutil"
)

// Run with: go test -tags sqlite_fts5 -run '^$' -bench 'PocketZip|KindleClippings' -benchtime 1x ./app/ingest/

func benchmarkImportExport(b *testing.B, file string, wantArticles, wantHighlights int) {
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		db := testutil.OpenDB(b)
		b.StartTimer()
		start := time.Now()
		sum, err := Import(context.Background(), db, []string{file}, Options{NoFetch: true, NoImages: true})
		elapsed += time.Since(start)
		if err != nil || sum.Imported != wantArticles || sum.Added.Highlights != wantHighlights || sum.Failed != 0 {
			b.Fatalf("imported %d articles (want %d), %d highlights (want %d), failed %d: %v",
				sum.Imported, wantArticles, sum.Added.Highlights, wantHighlights, sum.Failed, err)
		}
	}
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/import")
}

// BenchmarkImportPocketZip imports a Pocket export of 10,000 saves in 10 part files, the
// links stored without being fetched (target: 10 s).
func BenchmarkImportPocketZip(b *testing.B) {
	file := filepath.Join(b.TempDir(), "pocket.zip")
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	zw := zip.NewWriter(f)
	r := rand.New(rand.NewPCG(1, 1))
	for part := range 10 {
		w, err := zw.Create(fmt.Sprintf("part_%06d.csv", part))
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintln(w, "title,url,time_added,tags,status")
		for i := range 1000 {
			n := part*1000 + i
			status := "unread"
			if n%3 == 0 {
				status = "archive"
			}
			fmt.Fprintf(w, "\"%s\",https://site%d.example.com/%d/%s,%d,%s|tag%d,%s\n",
				strings.TrimSuffix(benchParagraph(r, 6), "."), n%97, n, benchWords[n%len(benchWords)], 1500000000+n, benchWords[n%7], n%13, status)
		}
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	benchmarkImportExport(b, file, 10000, 0)
}

// BenchmarkImportKindleClippings imports a My Clippings.txt of 5,000 clippings (4,000
// highlights, 500 notes on them, 500 bookmarks) from 50 books (target: 3 s).
func BenchmarkImportKindleClippings(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	var s strings.Builder
	s.WriteString("\uFEFF")
	for i := range 5000 {
		book := i / 10 % 50 // ten clippings in a row from one book
		loc := 100 + i*10
		fmt.Fprintf(&s, "Generated Book %d (Writer, Number %d)\r\n", book, book)
		switch {
		case i%10 == 8:
			fmt.Fprintf(&s, "- Your Note on page %d | Location %d | Added on Thursday, 4 June 2020 12:18:46\r\n\r\n%s\r\n", loc/20, loc-10+2, benchParagraph(r, 12))
		case i%10 == 9:
			fmt.Fprintf(&s, "- Your Bookmark on page %d | Location %d | Added on Thursday, 4 June 2020 12:18:46\r\n\r\n\r\n", loc/20, loc)
		default:
			fmt.Fprintf(&s, "- Your Highlight on page %d | Location %d-%d | Added on Thursday, 4 June 2020 12:18:46\r\n\r\nClipping %d: %s\r\n", loc/20, loc, loc+3, i, benchParagraph(r, 30))
		}
		s.WriteString("==========\r\n")
	}
	file := filepath.Join(b.TempDir(), "My Clippings.txt")
	writeFile(b, file, s.String())
	benchmarkImportExport(b, file, 50, 4000)
}
