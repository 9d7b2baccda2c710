package search

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"lectern/app/search/archivegen"
	"lectern/internal/testutil"
	"lectern/store"
)

// The word indexes (with the words of the long texts) must find exactly the texts the trigram
// indexes find, for every term they serve: whole words, word starts, pieces inside words,
// several at once (typo corrections), in any case and with or without accents.
func TestWordLookupsAgreeWithTrigramLookups(t *testing.T) {
	ctx := context.Background()
	db, _, fixtures := generatedArchive(t, archivegen.Sizes{Articles: 20, Notes: 200, Highlights: 10}, 7)
	for _, f := range fixtures {
		var dup *store.DuplicateError
		if _, err := db.AddArticle(ctx, &store.Article{Title: f.Title, Body: f.Text}); err != nil && !errors.As(err, &dup) {
			t.Fatal(err)
		}
	}
	// Two indexes, so that neither answers from the other's remembered lookups.
	byTrigrams, err := loadIndex(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	byWords, err := loadIndex(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	long, err := loadBodyWords(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if !long.current(byWords) || len(long.words) < 1000 {
		t.Fatalf("%d words of the long texts, current %v", len(long.words), long.current(byWords))
	}

	r := rand.New(rand.NewPCG(1, 2))
	var queries [][]string
	for range 400 {
		w := []rune(long.words[r.IntN(len(long.words))])
		from := r.IntN(max(1, len(w)-3))
		to := from + 3 + r.IntN(len(w)-from-2)
		piece := fold(string(w[from:to]))
		queries = append(queries, []string{piece})
		if r.IntN(4) == 0 {
			queries = append(queries, []string{fold(string(w)), fold(long.words[r.IntN(len(long.words))])})
		}
	}
	queries = append(queries, []string{"café"}, []string{"CAFE"}, []string{"half-baked"}, []string{"don't"}, []string{"ing"})

	served := 0
	for _, q := range queries {
		if _, ok := long.wordPrefixes(q); ok {
			served++
		}
		want, err := byTrigrams.lookUpSubstrings(ctx, db, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := byWords.lookUpSubstrings(ctx, db, q, long)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: the word indexes found %d texts, the trigram indexes %d", q, count(got), count(want))
		}
	}
	// Most of these terms are one word inside few others: the word indexes must serve them,
	// or this test compares the trigram index with itself.
	if served < len(queries)*3/4 {
		t.Errorf("the word indexes served %d of %d lookups", served, len(queries))
	}
	t.Logf("%d lookups, %d served by the word indexes", len(queries), served)
}

func count(marks docSet) int { return marks.len() }

// loadIndex reads the rows and builds the whole index of them.
func loadIndex(ctx context.Context, db *store.DB) (*index, error) {
	r, err := readRows(ctx, db)
	if err != nil {
		return nil, err
	}
	return buildIndex(r, nil), nil
}

// fold must fold every letter as SQLite's word tokenizer does: the words of the long texts
// come from its vocabularies and are compared with folded terms.
func TestFoldAgreesWithTheTokenizer(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	var want []string
	var body strings.Builder
	for r := rune(0x80); r < 0x30000; r++ {
		if !unicode.IsLetter(r) || !store.OneWord("x"+string(r)+"y") {
			continue
		}
		w := "x" + string(r) + "y"
		body.WriteString(w + " ")
		want = append(want, fold(w))
		if body.Len() > 200_000 {
			if _, err := db.AddArticle(ctx, &store.Article{Title: "letters", Body: body.String()}); err != nil {
				t.Fatal(err)
			}
			body.Reset()
		}
	}
	if _, err := db.AddArticle(ctx, &store.Article{Title: "letters", Body: body.String()}); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	if err := db.LongTextWords(ctx, func(w string) { got[w] = true }); err != nil {
		t.Fatal(err)
	}
	bad := 0
	for _, w := range want {
		if !got[w] {
			if bad++; bad <= 10 {
				t.Errorf("fold gives %q (%U), which is no word of the index", w, []rune(w)[1])
			}
		}
	}
}
