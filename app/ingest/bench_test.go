package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lectern/internal/testutil"
)

// Run with: go test -tags sqlite_fts5 -run '^$' -bench Import -benchtime 1x ./app/ingest/

var benchWords = strings.Fields(`the of and to in a is that for it as was with be by on not he this are or his from at which
but have an they you were her she there been one all we their has would when if so no will more about can out up time
reading archive lantern paper margin chapter morning river window garden letter winter summer market harbour station`)

// benchParagraph is a paragraph of pseudo-random words, different for every seed.
func benchParagraph(r *rand.Rand, words int) string {
	var b strings.Builder
	for i := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(benchWords[r.IntN(len(benchWords))])
	}
	b.WriteByte('.')
	return b.String()
}

// benchPage is a web page of about 8 KB: navigation, an article of eight paragraphs, a footer.
func benchPage(i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 1))
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Generated article %d</title>
<meta name="author" content="Writer %d"><script>var tracking = %d;</script><style>body{margin:0}</style></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/about">About</a></li></ul></nav>
<main><article><h1>Generated article %d</h1><p class="byline">By Writer %d</p>`, i, i, i, i, i)
	for p := range 8 {
		fmt.Fprintf(&b, "<p>%s <a href=\"/link/%d\">a link</a> <em>%s</em></p>\n", benchParagraph(r, 80), p, benchParagraph(r, 8))
		if p == 3 {
			fmt.Fprintf(&b, "<h2>Section %d</h2><ul><li>%s</li><li>%s</li></ul>\n", i, benchParagraph(r, 10), benchParagraph(r, 10))
		}
	}
	b.WriteString(`</article><aside><h3>Related</h3><ul><li><a href="/r1">One</a></li><li><a href="/r2">Two</a></li></ul></aside></main>
<footer><p>Copyright. All rights reserved.</p></footer></body></html>`)
	return b.String()
}

func benchmarkImportFolder(b *testing.B, n int, name string, content func(int) string) {
	dir := b.TempDir()
	for i := range n {
		writeFile(b, filepath.Join(dir, fmt.Sprintf("%03d", i/100), fmt.Sprintf(name, i)), content(i))
	}
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		db := testutil.OpenDB(b)
		b.StartTimer()
		start := time.Now()
		sum, err := Import(context.Background(), db, []string{dir}, Options{})
		elapsed += time.Since(start)
		if err != nil || sum.Imported != n {
			b.Fatalf("imported %d of %d: %v", sum.Imported, n, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "files/s")
}

// BenchmarkImportHTML imports 1,000 generated web pages from a folder (target: 50 a second).
func BenchmarkImportHTML(b *testing.B) {
	benchmarkImportFolder(b, 1000, "page-%d.html", benchPage)
}

// BenchmarkImportText imports 10,000 plain-text files from a folder (target: 500 a second).
func BenchmarkImportText(b *testing.B) {
	benchmarkImportFolder(b, 10000, "note-%d.txt", func(i int) string {
		r := rand.New(rand.NewPCG(uint64(i), 2))
		return fmt.Sprintf("Note %d\n\n%s\n\n%s\n", i, benchParagraph(r, 60), benchParagraph(r, 40))
	})
}
