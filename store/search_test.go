package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestContainingQuotesUserInput(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a, err := db.AddArticle(ctx, &Article{Title: "One", Body: `The "quoted" café and a half-baked NEAR(idea)`})
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.AddArticle(ctx, &Article{Title: "Two", Body: "Nothing in common with the first."})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		substrings []string
		anyOf      bool
		want       []int64
	}{
		{[]string{"cafe"}, false, []int64{a}}, // accents do not count
		{[]string{"QUOTED"}, false, []int64{a}},
		{[]string{`"quoted"`}, false, []int64{a}},
		{[]string{"half-baked"}, false, []int64{a}},
		{[]string{"near(idea)"}, false, []int64{a}},
		{[]string{"the", "first"}, false, []int64{b}},
		{[]string{"cafe", "first"}, true, []int64{a, b}},
		{[]string{"*"}, false, nil},
		{[]string{"ab"}, false, nil}, // too short for trigrams
	}
	for _, tt := range tests {
		got, err := db.Containing(ctx, ArticleText, tt.substrings, tt.anyOf)
		if err != nil {
			t.Errorf("%q: %v", tt.substrings, err)
			continue
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q (any %v) = %v, want %v", tt.substrings, tt.anyOf, got, tt.want)
		}
	}
}

func TestSearchLoaders(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	id, err := db.AddArticle(ctx, &Article{Title: "T", Byline: "B", Site: "s.org", Body: "body", Tags: []string{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetStatus(ctx, id, Done); err != nil {
		t.Fatal(err)
	}
	articles, err := db.SearchArticles(ctx)
	if err != nil || len(articles) != 1 || articles[0].Title != "T" || articles[0].Tags[0] != "x" {
		t.Fatalf("SearchArticles = %+v, %v", articles, err)
	}
	statuses, err := db.ArticleStatuses(ctx)
	if err != nil || statuses[id] != Done {
		t.Fatalf("ArticleStatuses = %v, %v", statuses, err)
	}
	long, _ := db.AddNote(ctx, id, strings.Repeat("é", 30))
	short, _ := db.AddNote(ctx, 0, "short")
	trashed, _ := db.AddNote(ctx, 0, "gone")
	db.TrashNote(ctx, trashed.ID)
	notes, err := db.SearchNotes(ctx, 20)
	if err != nil || len(notes) != 2 {
		t.Fatalf("SearchNotes = %+v, %v", notes, err)
	}
	if notes[0].ID != long.ID || notes[0].Head != strings.Repeat("é", 20) || !notes[0].Long || notes[1].ID != short.ID || notes[1].Long {
		t.Errorf("SearchNotes = %+v", notes)
	}
	texts, err := db.NoteTexts(ctx, []int64{long.ID})
	if err != nil || texts[long.ID] != strings.Repeat("é", 30) {
		t.Errorf("NoteTexts = %v, %v", texts, err)
	}
}

func TestSearchLoadersLeaveOutTheTrash(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	kept, err := db.AddArticle(ctx, &Article{Title: "Kept", Body: "kept body"})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := db.AddArticle(ctx, &Article{Title: "Gone", Body: "gone body"})
	if err != nil {
		t.Fatal(err)
	}
	db.AddNote(ctx, gone, "a note of the trashed article")
	if _, err := db.AddHighlight(ctx, Highlight{ArticleID: gone, Quote: "gone", Start: 0, End: 4}); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashArticles(ctx, gone); err != nil {
		t.Fatal(err)
	}
	articles, err := db.SearchArticles(ctx)
	if err != nil || len(articles) != 1 || articles[0].ID != kept {
		t.Fatalf("SearchArticles with an article in the Trash = %+v, %v", articles, err)
	}
	notes, _ := db.SearchNotes(ctx, 240)
	highlights, _ := db.SearchHighlights(ctx)
	if len(notes) != 0 || len(highlights) != 0 {
		t.Fatalf("the trashed article's notes %+v and highlights %+v are searched", notes, highlights)
	}
	if err := db.RestoreArticles(ctx, gone); err != nil {
		t.Fatal(err)
	}
	articles, _ = db.SearchArticles(ctx)
	notes, _ = db.SearchNotes(ctx, 240)
	highlights, _ = db.SearchHighlights(ctx)
	if len(articles) != 2 || len(notes) != 1 || len(highlights) != 1 {
		t.Fatalf("after the restore: %d articles, %d notes, %d highlights", len(articles), len(notes), len(highlights))
	}
}

func TestWordIndexes(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	version := func() int64 {
		t.Helper()
		v, err := db.LongTextVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	lookUp := func(text Text, prefixes ...string) []int64 {
		t.Helper()
		ids, err := db.ContainingWords(ctx, text, prefixes)
		if err != nil {
			t.Fatalf("ContainingWords(%q): %v", prefixes, err)
		}
		slices.Sort(ids)
		return ids
	}
	v0 := version()
	a, err := db.AddArticle(ctx, &Article{Title: "Not indexed here", Body: "The CAFÉ served half-baked ideas in 2024."})
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.AddArticle(ctx, &Article{Title: "Two", Body: "Capacitors and caps."})
	if err != nil {
		t.Fatal(err)
	}
	if v := version(); v <= v0 {
		t.Errorf("version %d after adding articles, was %d", v, v0)
	}
	tests := []struct {
		prefixes []string
		want     []int64
	}{
		{[]string{"cafe"}, []int64{a}},  // case and accents do not count
		{[]string{"Café"}, []int64{a}},  // in the query either
		{[]string{"cap"}, []int64{b}},   // word starts
		{[]string{"apacitor"}, nil},     // not inside words
		{[]string{"baked"}, []int64{a}}, // "half-baked" is two words
		{[]string{"2024", "caps"}, []int64{a, b}},
		{[]string{"not"}, nil},            // titles are not in the word index
		{[]string{"half-baked"}, nil},     // not one word: left out
		{[]string{`"`, "*", "NEAR"}, nil}, // never FTS5 syntax
	}
	for _, tt := range tests {
		if got := lookUp(ArticleText, tt.prefixes...); !slices.Equal(got, tt.want) {
			t.Errorf("ContainingWords(%q) = %v, want %v", tt.prefixes, got, tt.want)
		}
	}

	// The indexes follow edits and deletions, and each changes the version.
	v1 := version()
	if err := db.SetStatus(ctx, a, Done); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v1 {
		t.Errorf("a status change moved the version from %d to %d", v1, v)
	}
	note, err := db.AddNote(ctx, 0, "zeppelins over Zürich")
	if err != nil {
		t.Fatal(err)
	}
	if got := lookUp(NoteText, "zuri"); !slices.Equal(got, []int64{note.ID}) {
		t.Errorf("notes with zuri* = %v", got)
	}
	if err := db.UpdateNote(ctx, note.ID, "airships over Basel"); err != nil {
		t.Fatal(err)
	}
	if got := lookUp(NoteText, "zuri"); got != nil {
		t.Errorf("notes with zuri* after the edit = %v", got)
	}
	if got := lookUp(NoteText, "airship"); !slices.Equal(got, []int64{note.ID}) {
		t.Errorf("notes with airship* after the edit = %v", got)
	}
	if v := version(); v <= v1 {
		t.Errorf("version %d after a note and its edit, was %d", v, v1)
	}
	if err := db.DeleteArticle(ctx, b); err != nil {
		t.Fatal(err)
	}
	if got := lookUp(ArticleText, "cap"); got != nil {
		t.Errorf("articles with cap* after deleting the one = %v", got)
	}
	var words []string
	if err := db.LongTextWords(ctx, func(w string) { words = append(words, w) }); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"cafe", "airships", "2024"} {
		if !slices.Contains(words, w) {
			t.Errorf("LongTextWords lacks %q: %q", w, words)
		}
	}
	if slices.Contains(words, "zeppelins") || slices.Contains(words, "capacitors") || slices.Contains(words, "not") {
		t.Errorf("LongTextWords has words of no text: %q", words)
	}
	among, err := db.LongTextWordsAmong(ctx, []string{"airships", "zeppelins", "cafe", "café", "basel", "nowhere"})
	if err != nil || !slices.Equal(among, []string{"airships", "basel", "cafe"}) {
		t.Errorf("LongTextWordsAmong = %q, %v", among, err)
	}
}

func TestOneWord(t *testing.T) {
	for s, want := range map[string]bool{"cafe": true, "Café": true, "2024": true, "naïve1": true,
		"": false, "half-baked": false, "a b": false, `"`: false, "*": false, "don't": false} {
		if got := OneWord(s); got != want {
			t.Errorf("OneWord(%q) = %v", s, got)
		}
	}
}

// Every string OneWord accepts must be one word to the word indexes' tokenizer: a string it
// splits is a phrase, which they cannot look up (an error). Go's and SQLite's Unicode tables
// differ; this goes through every letter and digit.
func TestOneWordAgreesWithTheTokenizer(t *testing.T) {
	if testing.Short() {
		t.Skip("goes through every letter")
	}
	ctx := context.Background()
	db := MustOpen(t)
	if _, err := db.AddArticle(ctx, &Article{Title: "x", Body: "words"}); err != nil {
		t.Fatal(err)
	}
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if w := "x" + string(r) + "y"; OneWord(w) {
			if _, err := db.ContainingWords(ctx, ArticleText, []string{w}); err != nil {
				t.Errorf("%U: %v", r, err)
			}
		}
	}
}

// A database of schema v1 (before the search indexes) migrates to the current version, and the
// search loaders then read the covering indexes alone.
func TestV1DatabaseMigratesAndSearchReadsIndexes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	v1, err := migrationFiles.ReadFile("migrations/001_initial.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{string(v1), "PRAGMA user_version = 1",
		`INSERT INTO articles(id, title, imported, body, hash) VALUES (7, 'Old title', 1000, 'old body text', 'h7')`,
		`INSERT INTO notes(id, article_id, body, created, updated) VALUES (3, 7, 'a note from v1', 1000, 2000)`,
		`INSERT INTO highlights(id, article_id, quote, created, updated) VALUES (5, 7, 'body', 1000, 3000)`} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("%.40s: %v", stmt, err)
		}
	}
	raw.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	db.sql.QueryRow("PRAGMA user_version").Scan(&v)
	if v != SchemaVersion() || v < 2 {
		t.Fatalf("user_version = %d, want %d", v, SchemaVersion())
	}
	articles, err := db.SearchArticles(ctx)
	if err != nil || len(articles) != 1 || articles[0].Title != "Old title" {
		t.Errorf("SearchArticles = %+v, %v", articles, err)
	}
	notes, err := db.SearchNotes(ctx, 5)
	if err != nil || len(notes) != 1 || notes[0].Head != "a not" || !notes[0].Long || notes[0].ArticleID != 7 {
		t.Errorf("SearchNotes = %+v, %v", notes, err)
	}
	highlights, err := db.SearchHighlights(ctx)
	if err != nil || len(highlights) != 1 || highlights[0].Quote != "body" {
		t.Errorf("SearchHighlights = %+v, %v", highlights, err)
	}
	// Schema v3 indexed the words of the texts already there.
	if ids, err := db.ContainingWords(ctx, ArticleText, []string{"bod"}); err != nil || !slices.Equal(ids, []int64{7}) {
		t.Errorf("ContainingWords(articles, bod) after the upgrade = %v, %v", ids, err)
	}
	if ids, err := db.ContainingWords(ctx, NoteText, []string{"from"}); err != nil || !slices.Equal(ids, []int64{3}) {
		t.Errorf("ContainingWords(notes, from) after the upgrade = %v, %v", ids, err)
	}
	// Schema v7 put the words of the notes and highlights there in short_words, and the
	// highlights in highlights_fts.
	if notes, highlights, err := db.ShortTextsWith(ctx, []WordPattern{{Word: "fro", Prefix: true}, {Word: "body"}}); err != nil ||
		!slices.Equal(notes, []int64{3}) || !slices.Equal(highlights, []int64{5}) {
		t.Errorf("ShortTextsWith after the upgrade = %v, %v, %v", notes, highlights, err)
	}
	if ids, err := db.Containing(ctx, HighlightText, []string{"od"}, true); err != nil || len(ids) != 0 {
		t.Errorf("Containing(highlights, od) = %v, %v: a trigram index finds three letters or more", ids, err)
	}
	if ids, err := db.Containing(ctx, HighlightText, []string{"ody"}, true); err != nil || !slices.Equal(ids, []int64{5}) {
		t.Errorf("Containing(highlights, ody) after the upgrade = %v, %v", ids, err)
	}
	for _, q := range []string{
		searchArticlesQuery,
		longNotesQuery,
		`SELECT id, coalesce(article_id, 0), substr(body, 1, 240), length(body) > 240, updated FROM notes WHERE deleted IS NULL ORDER BY id`,
		`SELECT id, article_id, quote, comment, updated FROM highlights WHERE deleted IS NULL ORDER BY id`,
	} {
		var plan []string
		rows, err := db.sql.Query("EXPLAIN QUERY PLAN " + q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, parent, notUsed int
			var detail string
			rows.Scan(&id, &parent, &notUsed, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); !strings.Contains(p, "COVERING INDEX") || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s: plan %q, want a covering index in id order", q, p)
		}
	}
}

// SearchNotesBetween splits SearchNotes by id.
func TestSearchNotesBetween(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	var ids []int64
	for _, body := range []string{"one", "two", "three"} {
		n, err := db.AddNote(ctx, 0, body)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, n.ID)
	}
	last, err := db.LastNoteID(ctx)
	if err != nil || last != ids[2] {
		t.Fatalf("LastNoteID = %d, %v; want %d", last, err, ids[2])
	}
	low, err := db.SearchNotesBetween(ctx, 240, 0, ids[0])
	high, err2 := db.SearchNotesBetween(ctx, 240, ids[0], last)
	if err != nil || err2 != nil || len(low) != 1 || len(high) != 2 || low[0].Head != "one" || high[1].Head != "three" {
		t.Errorf("SearchNotesBetween: %+v %+v %v %v", low, high, err, err2)
	}
}
