package search

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

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

	// Editing a note's text is not a patch: the new text must be found, the old not.
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
	deadline := time.Now().Add(10 * time.Second)
	for {
		e.mu.Lock()
		idx := e.idx
		e.mu.Unlock()
		if idx != nil && e.bodyWords.words().current(idx) && slices.Contains(e.bodyWords.words().words, "zeppelinology") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no index or no current words 10 s after Invalidate (index %v)", idx != nil)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if results := search(t, e, "eppelinolog"); len(results) != 1 || results[0].Kind != KindNote {
		t.Errorf("eppelinolog: %+v", results)
	}
}
