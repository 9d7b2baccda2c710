package search

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"lectern/app/search/archivegen"
)

// misspelt is word as someone may type it: whole, cut short, its first letter dropped,
// changed or doubled, its first two letters swapped, or its letters in order with some left out.
func misspelt(word string, r *rand.Rand) string {
	if m := misspell([]rune(word), r); utf8.RuneCountInString(m) >= shortTermRunes {
		return m
	}
	return word
}

func misspell(w []rune, r *rand.Rand) string {
	switch r.IntN(7) {
	case 1:
		return string(w[:3+r.IntN(len(w)-2)])
	case 2:
		return string(w[1:])
	case 3:
		return "x" + string(w[1:])
	case 4:
		return string(w[:1]) + string(w)
	case 5:
		return string(w[1]) + string(w[0]) + string(w[2:])
	case 6:
		out := w[:1]
		for _, c := range w[1:] {
			if r.IntN(2) == 0 {
				out = append(out, c)
			}
		}
		return string(out)
	}
	return string(w)
}

// spreadOver is the first letters of some words of title, with the next letter now and then.
func spreadOver(title string, r *rand.Rand) string {
	var out []rune
	eachWord(fold(title), func(w string, _ int) {
		if r.IntN(3) > 0 {
			rs := []rune(w)
			out = append(out, rs[:min(len(rs), 1+r.IntN(2))]...)
		}
	})
	if len(out) < shortTermRunes {
		return "zanzi"
	}
	return string(out)
}

// The one-shot search that asks SQLite which notes and highlights may match (askedRows) ranks
// as the whole index does: for words of notes and highlights found whole, by their beginning,
// inside a longer word, by letters in order, with a typo (in the first letter too), and for
// letters spread over the title of a standalone note.
func TestAskedSearchRanksAsTheIndex(t *testing.T) {
	ctx := context.Background()
	db, _, _ := generatedArchive(t, archivegen.Sizes{Articles: 120, Notes: 900, Highlights: 400}, 11)
	for _, body := range []string{"# Reading list for Zanzibar\nbooks", "Oscar's caravan of migrants\nnotes",
		"Quixotic questions\n" + strings.Repeat("more words ", 40),
		strings.Repeat("filler text ", 30) + "the caravan crossed the guatemalan border"} {
		if _, err := db.AddNote(ctx, 0, body); err != nil {
			t.Fatal(err)
		}
	}
	notes, err := db.SearchNotes(ctx, noteHeadRunes)
	if err != nil {
		t.Fatal(err)
	}
	highlights, err := db.SearchHighlights(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := New(db)
	t.Cleanup(e.Close)
	idx, err := e.index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"guatemalam", "guatemalam caravam", "rdlst", "zanzibar", "rlfz", "carmig", "qxq", "quixtic", "uixotic", "qiuxotic", "zqxvbnm xylo"}
	r := rand.New(rand.NewPCG(5, 5))
	for len(queries) < 240 {
		text := highlights[r.IntN(len(highlights))].Quote
		if r.IntN(3) > 0 {
			n := notes[r.IntN(len(notes))]
			if text = n.Head; n.ArticleID == 0 && r.IntN(2) == 0 {
				queries = append(queries, spreadOver(noteTitle(n.Head), r))
				continue
			}
		}
		var words []string
		eachWord(fold(text), func(w string, _ int) {
			if utf8.RuneCountInString(w) >= 4 {
				words = append(words, w)
			}
		})
		if len(words) > 0 {
			queries = append(queries, misspelt(words[r.IntN(len(words))], r))
		}
	}
	for _, q := range queries {
		if _, _, ok, err := askedRows(ctx, db, ParseQuery(q)); !ok || err != nil {
			t.Fatalf("%q is not asked: %v", q, err)
		}
		for _, limit := range []int{3, 20} {
			want, err := e.searchIn(ctx, idx, ParseQuery(q), limit, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Once(ctx, db, q, limit)
			if err != nil {
				t.Fatal(err)
			}
			if !sameResults(want, got) {
				t.Errorf("%q (limit %d):\n  index: %s\n  asked: %s", q, limit, describeAll(want), describeAll(got))
			}
		}
	}
}
