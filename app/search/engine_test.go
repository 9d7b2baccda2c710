package search

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"lectern/app/search/archivegen"
	"lectern/internal/testutil"
	"lectern/store"
)

// smallArchive holds a few articles, notes and highlights with known words.
type smallArchive struct {
	db                          *store.DB
	caravan, cafe, gardening    int64
	standaloneNote, trashedNote int64
	highlight                   int64
}

func newSmallArchive(t *testing.T) *smallArchive {
	t.Helper()
	ctx := context.Background()
	a := &smallArchive{db: testutil.OpenDB(t)}
	daysAgo := 10
	add := func(art *store.Article) int64 {
		art.Imported = time.Now().AddDate(0, 0, -daysAgo)
		daysAgo--
		id, err := a.db.AddArticle(ctx, art)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a.caravan = add(&store.Article{Title: "Caravan of migrants reaches the Guatemalan border",
		Byline: "Maria Verza", Site: "apnews.com", Tags: []string{"migration", "news"},
		Body: "Thousands of people walked north on Sunday. The group seeks asylum in the United States."})
	a.cafe = add(&store.Article{Title: "The last Café in Montmartre", Byline: "Élodie Brun", Site: "lemonde.fr",
		Tags: []string{"paris"}, Body: "Coffee has been served here since 1907, through two wars.", Status: store.Done})
	a.gardening = add(&store.Article{Title: "Growing tomatoes on a balcony", Byline: "Sam Green", Site: "example.org",
		Body: "Tomatoes need sun. The secret ingredient is patience, and a deep pot for the roots."})
	note, err := a.db.AddNote(ctx, 0, "# Reading list ideas\nLook for books about photosynthesis and soil.")
	if err != nil {
		t.Fatal(err)
	}
	a.standaloneNote = note.ID
	trashed, err := a.db.AddNote(ctx, a.gardening, "a forgotten thought about xylophones")
	if err != nil {
		t.Fatal(err)
	}
	a.trashedNote = trashed.ID
	if err := a.db.TrashNote(ctx, trashed.ID); err != nil {
		t.Fatal(err)
	}
	h, err := a.db.AddHighlight(ctx, store.Highlight{ArticleID: a.caravan, Quote: "The group seeks asylum",
		Comment: "compare with the 2018 exodus", Start: 42, End: 64})
	if err != nil {
		t.Fatal(err)
	}
	a.highlight = h.ID
	return a
}

func search(t *testing.T, e *Engine, query string) []Result {
	t.Helper()
	results, err := e.Search(context.Background(), query, 10)
	if err != nil {
		t.Fatalf("Search(%q): %v", query, err)
	}
	return results
}

func TestSearchFindsEachKindAndField(t *testing.T) {
	a := newSmallArchive(t)
	e := New(a.db)
	tests := []struct {
		query string
		kind  Kind
		id    int64
		field string
	}{
		{"crvn gtml", KindArticle, a.caravan, fieldTitle},
		{"guatemalan caravan", KindArticle, a.caravan, fieldTitle},
		{"cafe", KindArticle, a.cafe, fieldTitle},
		{"CAFÉ montmartre", KindArticle, a.cafe, fieldTitle},
		{"elodie", KindArticle, a.cafe, fieldByline},
		{"lemonde", KindArticle, a.cafe, fieldSite},
		{"migration", KindArticle, a.caravan, fieldTag},
		{"secret ingredient", KindArticle, a.gardening, fieldBody},
		{"photosynthesis", KindNote, a.standaloneNote, fieldNote},
		{"exodus", KindHighlight, a.highlight, fieldComment},
		{"guatamalan", KindArticle, a.caravan, fieldTitle},     // a wrong letter
		{"asylmu", KindHighlight, a.highlight, fieldHighlight}, // swapped letters
		{"thousnds", KindArticle, a.caravan, fieldBody},        // a missing letter, in a body only
		{"ingrediennt patience", KindArticle, a.gardening, fieldBody},
		{"tag:migr carvan", KindArticle, a.caravan, fieldTitle},
		{"in:highlights asylum", KindHighlight, a.highlight, fieldHighlight},
		{"is:done coffee", KindArticle, a.cafe, fieldBody},
		{"site:lemonde wars", KindArticle, a.cafe, fieldBody},
		{`"two wars"`, KindArticle, a.cafe, fieldBody},
	}
	for _, tt := range tests {
		results := search(t, e, tt.query)
		if len(results) == 0 {
			t.Errorf("%q: no results", tt.query)
			continue
		}
		got := results[0]
		if got.Kind != tt.kind || got.ID != tt.id || got.Field != tt.field {
			t.Errorf("%q: first result %s %d in %s, want %s %d in %s (all: %+v)",
				tt.query, got.Kind, got.ID, got.Field, tt.kind, tt.id, tt.field, results)
		}
	}
}

func TestTypoRanksBelowExactMatch(t *testing.T) {
	a := newSmallArchive(t)
	ctx := context.Background()
	misspelt, err := a.db.AddArticle(ctx, &store.Article{Title: "Guatamalan coffee, as the menu spells it", Body: "x"})
	if err != nil {
		t.Fatal(err)
	}
	results := search(t, New(a.db), "guatamalan")
	if len(results) < 2 || results[0].ID != misspelt || results[1].ID != a.caravan {
		t.Errorf("results = %+v, want the exact match, then the typo", results)
	}
}

// A typo of a word found only in an article's text is corrected before the words of the long
// texts are loaded (the command line never loads them): by looking up the words one edit away.
func TestTypoOfABodyWordBeforeItsWordsLoad(t *testing.T) {
	a := newSmallArchive(t)
	ctx := context.Background()
	for _, query := range []string{"thuosands", "patiense", "ingrediet"} {
		e := New(a.db)
		results := search(t, e, query)
		if e.bodyWords.words() != nil {
			t.Fatalf("%q: the words of the long texts loaded already", query)
		}
		once, err := Once(ctx, a.db, query, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range [][]Result{results, once} {
			if len(r) != 1 || r[0].Field != fieldBody {
				t.Errorf("%q: %+v, want the one article whose text has the word", query, r)
			}
		}
	}
}

func TestSearchIsSafeForConcurrentUseAndCancellable(t *testing.T) {
	a := newSmallArchive(t)
	e := New(a.db)
	var wg sync.WaitGroup
	for _, q := range []string{"c", "ca", "car", "cara", "carav", "caravan", "guat", "asylum", "coffee"} {
		wg.Go(func() {
			if _, err := e.Search(context.Background(), q, 5); err != nil {
				t.Errorf("%q: %v", q, err)
			}
		})
		wg.Go(func() { e.Invalidate() })
	}
	wg.Wait()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Search(ctx, "caravan", 5); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search: err = %v", err)
	}
}

func TestSearchSnippetMarksTheMatch(t *testing.T) {
	a := newSmallArchive(t)
	results := search(t, New(a.db), "ingredient")
	if len(results) == 0 {
		t.Fatal("no results")
	}
	r := results[0]
	runes := []rune(r.Snippet)
	var marked strings.Builder
	for _, m := range r.Matches {
		marked.WriteRune(runes[m])
	}
	if marked.String() != "ingredient" {
		t.Errorf("snippet %q marks %q, want %q", r.Snippet, marked.String(), "ingredient")
	}
	if r.ArticleID != a.gardening || r.Title != "Growing tomatoes on a balcony" {
		t.Errorf("result = %+v", r)
	}
}

func TestSearchSkipsTrash(t *testing.T) {
	a := newSmallArchive(t)
	if results := search(t, New(a.db), "xylophones"); len(results) != 0 {
		t.Errorf("found trashed note: %+v", results)
	}
}

func TestSearchSeesNewWrites(t *testing.T) {
	a := newSmallArchive(t)
	e := New(a.db)
	if results := search(t, e, "zeppelin"); len(results) != 0 {
		t.Fatalf("unexpected: %+v", results)
	}
	// Another connection's write is seen through data_version, without Invalidate.
	if _, err := a.db.AddNote(context.Background(), 0, "zeppelin flights over the Alps"); err != nil {
		t.Fatal(err)
	}
	if results := search(t, e, "zeppelin"); len(results) != 1 {
		t.Errorf("after adding a note: %+v", results)
	}
	e.Invalidate()
	if results := search(t, e, "zeppelin"); len(results) != 1 {
		t.Errorf("after Invalidate: %+v", results)
	}
}

func TestRecentListsArticlesAndNotesNewestFirst(t *testing.T) {
	a := newSmallArchive(t)
	e := New(a.db)
	recent, err := e.Recent(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(recent) != 4 || recent[0].Kind != KindNote || recent[0].ID != a.standaloneNote ||
		recent[1].ID != a.gardening || recent[3].ID != a.caravan {
		t.Fatalf("recent = %+v", recent)
	}
	blank := search(t, e, "   ")
	if len(blank) != len(recent) {
		t.Errorf("blank query gave %d results, Recent %d", len(blank), len(recent))
	}
}

func TestHostileQueriesNeverFail(t *testing.T) {
	a := newSmallArchive(t)
	e := New(a.db)
	for _, q := range []string{`"`, `-`, `*`, `NEAR(`, `caravan NEAR(a b)`, `"unterminated phrase`,
		`'; DROP TABLE articles; --`, `title:x OR body:y`, "\xff\xfe caravan", strings.Repeat("a", 10000),
		strings.Repeat("crvn ", 2000), `tag:`, `in:`, `is:nothing`, `foo:bar`, `{title}: caravan`, `^car`,
		"thousᦰnds", "asylum\u1cf2", "thousands\u0301", "ｔｈｏｕｓａｎｄｓ", "𞤀𞤁𞤂𞤃𞤄"} {
		if _, err := e.Search(context.Background(), q, 10); err != nil {
			t.Errorf("Search(%.40q): %v", q, err)
		}
		if _, err := Once(context.Background(), a.db, q, 10); err != nil {
			t.Errorf("Once(%.40q): %v", q, err)
		}
	}
	// Again with the long texts' words loaded: terms then go to the word indexes.
	idx, err := e.index(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if loading := e.bodyWords.ensure(context.Background(), a.db, idx.textVersion); loading != nil {
		<-loading
	}
	for _, q := range []string{"thousᦰnds", "ousᦰnd", "asylum\u1cf2", "thouands", "\"quoted\" words*"} {
		if _, err := e.Search(context.Background(), q, 10); err != nil {
			t.Errorf("Search(%.40q) with the words loaded: %v", q, err)
		}
	}
}

// Warm loads the index and then the long texts' words without a search.
func TestWarmLoadsTheIndexAndWords(t *testing.T) {
	a := newSmallArchive(t)
	e := New(a.db)
	e.Warm()
	waitForIndex(t, e, func(idx *index) bool { return e.bodyWords.words().current(idx) })
	if results := search(t, e, "thousnds"); len(results) != 1 || results[0].ID != a.caravan {
		t.Errorf("thousnds after Warm: %+v", results)
	}
}

// A query of many long words neither fails nor takes long looking up typo variants.
func TestLongQueryOfTyposStaysCheap(t *testing.T) {
	a := newSmallArchive(t)
	query := "thuosands"
	for i := range 12 {
		query += " " + strings.Repeat(string(rune('a'+i)), 64)
	}
	// Tens of thousands of variants once went into one statement: "too many SQL variables".
	if _, err := Once(context.Background(), a.db, query, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := New(a.db).Search(context.Background(), query, 10); err != nil {
		t.Fatal(err)
	}
}

// A word that is one word to SQLite but holds an emoji is found the same before and after the
// long texts' words load (they would send it to the word index, which cannot take it).
func TestWordWithAnEmojiIsFoundEitherWay(t *testing.T) {
	a := newSmallArchive(t)
	ctx := context.Background()
	if _, err := a.db.AddArticle(ctx, &store.Article{Title: "Mail", Body: "All done🥰thanks for the help."}); err != nil {
		t.Fatal(err)
	}
	e := New(a.db)
	before := search(t, e, "anks")
	e.Warm()
	waitForIndex(t, e, func(idx *index) bool { return e.bodyWords.words().current(idx) })
	e.Invalidate() // a new index, whose lookups are asked again
	waitForIndex(t, e, func(idx *index) bool { return e.bodyWords.words().current(idx) })
	if after := search(t, e, "anks"); len(after) != len(before) || len(after) == 0 {
		t.Errorf("anks: %d results before the words loaded, %d after", len(before), len(after))
	}
}

// A fresh engine's first search is one-shot; it must find what the loaded index finds.
func TestOneShotMatchesIndex(t *testing.T) {
	a, loaded := loadedEngine(t)
	ctx := context.Background()
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

// After Invalidate, a write that changed no text in memory patches the index (same vocabulary,
// new dates and statuses); one that changed text does not, and its text is found.
func TestInvalidatePatchesWhenNoTextChanged(t *testing.T) {
	a, e := loadedEngine(t)
	ctx := context.Background()
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
	a, e := loadedEngine(t)
	ctx := context.Background()
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
