package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

var benchWords = strings.Fields(`caravan migrants cross guatemalan border their way united states asylum seekers walk
	weeks river dawn noon count later climate policy carbon markets explained reading list notes vault
	obsidian linking thinking memory spaced repetition review highlights archive search fuzzy engine
	index trigram sqlite database performance benchmark window editor preview markdown export import
	garden history science physics biology chemistry economics politics elections europe africa asia
	america ocean forest mountain desert city village farmer teacher doctor engineer writer painter
	music film theatre novel poetry essay letter diary journal morning evening winter summer spring
	autumn coffee bread market harbour bridge railway station airport school hospital library museum
	language translation grammar dictionary meaning silence attention habit practice craft tools`)

func benchTitle(r *rand.Rand) string {
	n := 3 + r.IntN(8)
	words := make([]string, n)
	for i := range words {
		words[i] = benchWords[r.IntN(len(benchWords))]
	}
	words[0] = strings.ToUpper(words[0][:1]) + words[0][1:]
	return strings.Join(words, " ")
}

// BenchmarkBacklinks: the backlinks of an article that 1,000 notes link to, among 20,000 notes.
func BenchmarkBacklinks(b *testing.B) {
	ctx := context.Background()
	db := MustOpen(b)
	const title = "Caravan of migrants cross Guatemalan border on their way to the U.S."
	id, err := db.AddArticle(ctx, &Article{Title: title, Body: "They walked."})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for batch := 0; batch < 20; batch++ {
		err := db.Bulk(ctx, func(bt *Batch) error {
			for i := 0; i < 1000; i++ {
				body := "# " + benchTitle(r) + "\n\nSome thoughts on " + benchTitle(r) + ". See [[" + benchTitle(r) + "]]."
				if i%20 == 0 {
					body = "# " + benchTitle(r) + "\n\nA first sentence. Then [[" + title + "]] came up, " +
						"which matters. " + benchTitle(r) + "."
				}
				if _, err := bt.AddNote(0, body); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	took, err := db.IndexLinks(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("indexed 20,000 notes in %v", took)
	links, err := db.Backlinks(ctx, id)
	if err != nil || len(links) != 1000 {
		b.Fatalf("%d backlinks, %v", len(links), err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.Backlinks(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLinkCompletion: [[ completion over 10,000 articles and 50,000 notes (a tenth of
// them with an alias), each keystroke of 300 queries (abbreviations like "crvn gtml", word
// beginnings, whole words); it reports the 95th percentile of one keystroke.
func BenchmarkLinkCompletion(b *testing.B) {
	ctx := context.Background()
	db := MustOpen(b)
	r := rand.New(rand.NewPCG(3, 4))
	var titles []string
	for batch := 0; batch < 10; batch++ {
		err := db.Bulk(ctx, func(bt *Batch) error {
			for i := 0; i < 1000; i++ {
				t := benchTitle(r)
				titles = append(titles, t)
				if _, err := bt.AddArticle(&Article{Title: t, Body: fmt.Sprintf("%s %d", t, len(titles))}); err != nil {
					return err
				}
			}
			for i := 0; i < 5000; i++ {
				t := benchTitle(r)
				titles = append(titles, t)
				if _, err := bt.AddNote(0, "# "+t+"\n\nText."); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE notes SET front_matter = '---'||char(10)||'aliases: [Alias '||id||']'||char(10)||'---'||char(10) WHERE id % 10 = 0`); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	names, err := db.LoadLinkNames(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d names loaded in %v (deriving 50,000 notes included)", names.Len(), time.Since(start))
	start = time.Now()
	if names, err = db.LoadLinkNames(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded again in %v", time.Since(start))

	var queries []string
	for i := 0; i < 300; i++ {
		words := strings.Fields(titles[r.IntN(len(titles))])
		switch i % 3 {
		case 0: // an abbreviation of two words: consonants
			var q []string
			for _, w := range words[:min(2, len(words))] {
				q = append(q, strings.Map(func(c rune) rune {
					if strings.ContainsRune("aeiou", c) {
						return -1
					}
					return c
				}, strings.ToLower(w)))
			}
			queries = append(queries, strings.Join(q, " "))
		case 1: // the beginnings of two words
			q := strings.ToLower(words[0][:min(3, len(words[0]))])
			if len(words) > 1 {
				q += " " + words[1][:min(3, len(words[1]))]
			}
			queries = append(queries, q)
		default: // a whole word
			queries = append(queries, words[len(words)-1])
		}
	}
	var times []time.Duration
	b.ResetTimer()
	for b.Loop() {
		for _, q := range queries {
			// Each keystroke of the query, as it is typed.
			for n := 1; n <= len(q); n++ {
				t0 := time.Now()
				names.Complete(q[:n], 10)
				times = append(times, time.Since(t0))
			}
		}
	}
	b.StopTimer()
	slices.Sort(times)
	p := func(q float64) time.Duration { return times[int(q*float64(len(times)-1))] }
	b.ReportMetric(float64(p(0.5).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p(0.95).Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(p(1).Microseconds())/1000, "max-ms")
	got := names.Complete(queries[0], 5)
	if len(got) == 0 {
		b.Errorf("%q found nothing", queries[0])
	}
}
