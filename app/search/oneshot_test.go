package search

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"lectern/app/search/archivegen"
	"lectern/internal/testutil"
	"lectern/store"
)

// scanWords must split and fold exactly as eachWord(fold(text)) does: the one-shot search
// keeps a row by the words the index would hold.
func TestScanWordsMatchesEachWordOfFold(t *testing.T) {
	for _, text := range []string{
		"", "a", "Hello, World!", "Café au LAIT — naïve résumé", "don’t stop", "x1y2 3.14 ÆØÅ æøå",
		"łódź Straße ΣΊΣΥΦΟΣ İstanbul", "tabs\tand\nnew lines", "bad \xff utf8 \xe2\x82", "日本語のテキスト",
		"combining e\u0301 mark", "a-b_c'd", "  trailing  ",
	} {
		var want []string
		eachWord(fold(text), func(w string, _ int) { want = append(want, w) })
		var got []string
		var masks []uint64
		scanWords(text, nil, 0, func(w string, m uint64) bool {
			got = append(got, strings.Clone(w))
			masks = append(masks, m)
			return false
		})
		if !slices.Equal(got, want) {
			t.Errorf("%q: scanWords %q, eachWord(fold) %q", text, got, want)
			continue
		}
		for i, w := range want {
			if masks[i] != maskOf(w) {
				t.Errorf("%q: mask of %q %x, want %x", text, w, masks[i], maskOf(w))
			}
		}
	}
}

// A fresh engine's first search is one-shot; it must find what the loaded index finds.
func TestOneShotMatchesIndex(t *testing.T) {
	a := newSmallArchive(t)
	ctx := context.Background()
	loaded := New(a.db)
	if _, err := loaded.index(ctx); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"guatemalan", "gtml", "guatemlan", "cafe", "tomatoes patience", `"secret ingredient"`,
		"photosynthesis", "reading list", "asylum", "xylophones", "brun", "tag:paris coffee", "is:done cafe", "zz"} {
		want, err := loaded.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Once(ctx, a.db, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !sameResults(want, got) {
			t.Errorf("%q: one-shot %s, index %s", q, describeAll(got), describeAll(want))
		}
	}
}

// No word that wordQuality matches is shorter than minWordLen.
func TestMinWordLenKeepsEveryMatch(t *testing.T) {
	words := []string{"a", "an", "to", "the", "real", "realize", "realise", "realized", "unrealized", "rlz",
		"guatemalan", "gtml", "guatemlan", "gaut", "café", "cafe", "caf", "naïve", "naive", "résumé", "resume",
		"über", "uber", "ber", "straße", "strase", "x", "xy", "xyz", "abc", "acb", "bac"}
	for _, tw := range words {
		term := []term{{text: fold(tw), mask: maskOf(fold(tw)), runes: utf8.RuneCountInString(tw)}}
		n := minWordLen(term)
		for _, w := range words {
			w = fold(w)
			if wordQuality(&term[0], w, maskOf(w)) > 0 && len(w) < n {
				t.Errorf("term %q matches %q (%d bytes) but minWordLen is %d", tw, w, len(w), n)
			}
		}
	}
}

// After Invalidate, a write that changed no text in memory patches the index (same vocabulary,
// new dates and statuses); one that changed text does not, and its text is found.
func TestInvalidatePatchesWhenNoTextChanged(t *testing.T) {
	a := newSmallArchive(t)
	ctx := context.Background()
	e := New(a.db)
	if _, err := e.index(ctx); err != nil {
		t.Fatal(err)
	}
	loaded := e.idx

	// Opening an article and finishing it change dates, counts and statuses only.
	if err := a.db.MarkOpened(ctx, a.gardening); err != nil {
		t.Fatal(err)
	}
	if err := a.db.SetStatus(ctx, a.gardening, store.Done); err != nil {
		t.Fatal(err)
	}
	e.Invalidate()
	results := search(t, e, "is:done tomatoes")
	if len(results) == 0 || results[0].ID != a.gardening {
		t.Fatalf("is:done tomatoes after the status change: %+v", results)
	}
	e.mu.Lock()
	patched := e.idx
	e.mu.Unlock()
	if patched == nil || patched == loaded || len(patched.vocabulary.words) == 0 ||
		&patched.vocabulary.words[0] != &loaded.vocabulary.words[0] {
		t.Fatalf("the index was not patched: %p from %p", patched, loaded)
	}
	d := &patched.docs[patched.articles[a.gardening]]
	if d.opens != 1 || !d.when.After(loaded.docs[loaded.articles[a.gardening]].when) {
		t.Errorf("patched article: opens %d, when %v", d.opens, d.when)
	}

	// Editing a note's text patches its doc and words: the new text must be found, the old
	// not, and the other words' postings are still shared.
	if err := a.db.UpdateNote(ctx, a.standaloneNote, "# Reading list\nbooks about marmalade"); err != nil {
		t.Fatal(err)
	}
	e.Invalidate()
	if results := search(t, e, "marmalade"); len(results) != 1 || results[0].ID != a.standaloneNote {
		t.Errorf("marmalade after the edit: %+v", results)
	}
	if results := search(t, e, "photosynthesis"); len(results) != 0 {
		t.Errorf("photosynthesis after the edit: %+v", results)
	}
	e.mu.Lock()
	edited := e.idx
	e.mu.Unlock()
	id := loaded.vocabulary.ids["tomatoes"]
	if edited == nil || &edited.vocabulary.postings[id][0] != &loaded.vocabulary.postings[id][0] {
		t.Error("the note's edit was not patched into the index")
	}
	// A trashed note disappears.
	if err := a.db.TrashNote(ctx, a.standaloneNote); err != nil {
		t.Fatal(err)
	}
	e.Invalidate()
	if results := search(t, e, "marmalade"); len(results) != 0 {
		t.Errorf("marmalade after trashing: %+v", results)
	}
}

// After the writes pause, an Engine that has searched reloads its index by itself, with the
// words of the long texts as they now are, so that the next search need not wait.
func TestInvalidateReloadsInTheBackground(t *testing.T) {
	a := newSmallArchive(t)
	ctx := context.Background()
	e := New(a.db)
	if _, err := e.index(ctx); err != nil {
		t.Fatal(err)
	}
	// A long note, whose last word is found only through the long-text indexes.
	long := strings.Repeat("filler words to pass the head of the note ", 8) + "zeppelinology"
	if _, err := a.db.AddNote(ctx, a.cafe, long); err != nil {
		t.Fatal(err)
	}
	e.Invalidate()
	waitForIndex(t, e, func(idx *index) bool {
		long := e.bodyWords.words()
		return long.current(idx) && slices.Contains(long.words, "zeppelinology")
	})
	if results := search(t, e, "eppelinolog"); len(results) != 1 || results[0].Kind != KindNote {
		t.Errorf("eppelinolog: %+v", results)
	}
}

// A patched index ranks exactly as one built from scratch on the same rows, through any
// number of edits of notes, comments and highlights, with words coming and going.
func TestPatchedTextsRankAsARebuild(t *testing.T) {
	ctx := context.Background()
	db, corpus, _ := generatedArchive(t, archivegen.Sizes{Articles: 40, Notes: 200, Highlights: 80}, 9)
	rows, err := readRows(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	idx := buildIndex(rows, nil)
	r := rand.New(rand.NewPCG(4, 4))
	// longest is the longest word of text: a word the edit takes away or brings.
	longest := func(text string) string {
		best := ""
		eachWord(fold(text), func(w string, _ int) {
			if len(w) > len(best) {
				best = w
			}
		})
		return best
	}
	for round := range 12 {
		queries := []string{"zebracorn", "quokka", "the", "a", "web brwser", "mozilla", "performance", "notes about"}
		// A few edits: new words (zebracorn, quokka), words removed, long notes made short.
		for range 1 + r.IntN(4) {
			if r.IntN(3) > 0 {
				n := rows.notes[r.IntN(len(rows.notes))]
				text := corpus.Text(r, 5+r.IntN(60))
				if r.IntN(2) == 0 {
					text = "zebracorn " + text
				}
				if err := db.UpdateNote(ctx, n.ID, text); err != nil {
					t.Fatal(err)
				}
				queries = append(queries, longest(n.Head), longest(text))
			} else {
				h := rows.highlights[r.IntN(len(rows.highlights))]
				comment := "quokka " + corpus.Sentence(r, 8)
				if err := db.UpdateHighlightComment(ctx, h.ID, comment); err != nil {
					t.Fatal(err)
				}
				queries = append(queries, longest(h.Comment), longest(comment))
			}
		}
		// The index patched must stay as it was: searches may still be using it.
		var before [][]Result
		for _, q := range queries {
			before = append(before, searchIndex(t, db, idx, q))
		}
		if rows, err = readRows(ctx, db); err != nil {
			t.Fatal(err)
		}
		patched := idx.patched(rows)
		for i, q := range queries {
			if after := searchIndex(t, db, idx, q); !sameResults(after, before[i]) {
				t.Errorf("round %d, %q: patching changed the old index:\n  before: %s\n  after:  %s", round, q, describeAll(before[i]), describeAll(after))
			}
		}
		if patched == nil {
			t.Fatalf("round %d: no patch", round)
		}
		fresh := buildIndex(rows, nil)
		for _, q := range queries {
			got, want := searchIndex(t, db, patched, q), searchIndex(t, db, fresh, q)
			if !sameResults(got, want) {
				t.Errorf("round %d, %q:\n  patched: %s\n  rebuilt: %s", round, q, describeAll(got), describeAll(want))
			}
		}
		if patched.longNotes != fresh.longNotes {
			t.Errorf("round %d: %d long notes, want %d", round, patched.longNotes, fresh.longNotes)
		}
		idx = patched
	}
}

// searchIndex searches idx as the Engine does, without the long texts' words.
func searchIndex(t *testing.T, db *store.DB, idx *index, query string) []Result {
	t.Helper()
	e := New(db)
	results, err := e.searchIn(context.Background(), idx, ParseQuery(query), 20, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	return results
}

// A word an edit takes out of its only note is gone from a patched index too: it is no
// correction to offer, as in a rebuilt index.
func TestPatchForgetsAWordTheEditRemoved(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	for _, art := range []*store.Article{{Title: "Recent events in Venice", Body: "gondolas and canals"},
		{Title: "Zzz", Body: "we did not recieve the parcel"}} {
		if _, err := db.AddArticle(ctx, art); err != nil {
			t.Fatal(err)
		}
	}
	note, err := db.AddNote(ctx, 0, "I recieve mail daily")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := readRows(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	idx := buildIndex(rows, nil)
	if err := db.UpdateNote(ctx, note.ID, "I get mail daily"); err != nil {
		t.Fatal(err)
	}
	if rows, err = readRows(ctx, db); err != nil {
		t.Fatal(err)
	}
	patched := idx.patched(rows)
	if patched == nil {
		t.Fatal("no patch")
	}
	got, want := searchIndex(t, db, patched, "receive"), searchIndex(t, db, buildIndex(rows, nil), "receive")
	if !sameResults(got, want) {
		t.Errorf("receive:\n  patched: %s\n  rebuilt: %s", describeAll(got), describeAll(want))
	}
}
