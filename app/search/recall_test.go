package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"lectern/app/search/archivegen"
	"lectern/internal/testutil"
	"lectern/store"
)

// item is what the recall tests know of an item: its kind, id and every text search sees.
type item struct {
	kind  Kind
	id    int64
	texts []string
}

type itemKey struct {
	kind Kind
	id   int64
}

// fixtureArchive imports the first n readability fixtures (by name) as articles and returns
// the database, the items, and each fixture's article id by name.
func fixtureArchive(t *testing.T, n int) (*store.DB, []item, map[string]int64) {
	t.Helper()
	db := testutil.OpenDB(t)
	ids := map[string]int64{}
	var items []item
	fixtures := readFixtures(t)
	for _, f := range fixtures[:min(n, len(fixtures))] {
		id, ok := addFixture(t, db, f)
		if !ok {
			continue
		}
		ids[f.Name] = id
		items = append(items, item{KindArticle, id, []string{f.Title, f.Byline, f.Site, f.Text}})
	}
	return db, items, ids
}

// isStrictMatch reports whether every word of query is a whole word or a word's beginning in
// one of texts, as folding and word splitting see them.
func isStrictMatch(texts []string, query string) bool {
	for _, w := range ParseQuery(query).Words {
		found := false
		for _, text := range texts {
			eachWord(fold(text), func(word string, _ int) { found = found || strings.HasPrefix(word, w) })
		}
		if !found {
			return false
		}
	}
	return true
}

// checkRecall requires every item that holds the query's words as words or word beginnings
// among results (limit permitting), ranked above every item that does not.
func checkRecall(t *testing.T, items []item, query string, results []Result, limit int, how string) {
	t.Helper()
	strict := map[itemKey]bool{}
	for _, it := range items {
		if isStrictMatch(it.texts, query) {
			strict[itemKey{it.kind, it.id}] = true
		}
	}
	seen, loose := 0, -1
	for i, r := range results {
		if !strict[itemKey{r.Kind, r.ID}] {
			if loose < 0 {
				loose = i
			}
			continue
		}
		seen++
		if loose >= 0 {
			t.Errorf("%s %q: %s %d (a word match) ranks %d, below %s %d (a looser match) at %d",
				how, query, r.Kind, r.ID, i+1, results[loose].Kind, results[loose].ID, loose+1)
			return
		}
	}
	if seen < min(len(strict), limit) {
		var missing []string
		for k := range strict {
			if !slices.ContainsFunc(results, func(r Result) bool { return r.Kind == k.kind && r.ID == k.id }) {
				missing = append(missing, fmt.Sprintf("%s %d", k.kind, k.id))
			}
		}
		slices.Sort(missing)
		t.Errorf("%s %q: %d of %d word matches found (limit %d); missing %v", how, query, seen, len(strict), limit, missing)
	}
}

// searchBothWays searches with e (a new Engine when nil) and once, as the command line does.
func searchBothWays(t *testing.T, db *store.DB, e *Engine, query string, limit int) (indexed, once []Result) {
	t.Helper()
	ctx := context.Background()
	if e == nil {
		e = New(db)
		defer e.Close()
	}
	indexed, err := e.Search(ctx, query, limit)
	if err != nil {
		t.Fatal(err)
	}
	if once, err = Once(ctx, db, query, limit); err != nil {
		t.Fatal(err)
	}
	return indexed, once
}

// TestChaosStaysFoundWithNotes is issue 13's case: notes holding a word must not make an
// article whose body holds it disappear, nor let a scattered-letter title match outrank it.
func TestChaosStaysFoundWithNotes(t *testing.T) {
	ctx := context.Background()
	db, items, ids := fixtureArchive(t, 40)
	gitlab, ok := ids["gitlab-blog"]
	if !ok {
		t.Fatal("no gitlab-blog fixture")
	}
	for notes := range 4 {
		if notes > 0 {
			text := fmt.Sprintf("some chaos in the plan, note %d", notes)
			n, err := db.AddNote(ctx, ids["001"], text)
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, item{KindNote, n.ID, []string{text}})
		}
		for _, limit := range []int{20, 100} {
			indexed, once := searchBothWays(t, db, nil, "chaos", limit)
			for how, results := range map[string][]Result{"index": indexed, "once": once} {
				if !slices.ContainsFunc(results, func(r Result) bool { return r.Kind == KindArticle && r.ID == gitlab }) {
					t.Fatalf("%s, %d notes, limit %d: the GitLab article is not found: %s", how, notes, limit, describeAll(results))
				}
				checkRecall(t, items, "chaos", results, limit, how)
			}
		}
	}
}

// TestWordMatchesComeFirst checks the recall property over the fixtures with notes and
// highlights added, for many words: rare and common, whole and cut short, one to three.
func TestWordMatchesComeFirst(t *testing.T) {
	ctx := context.Background()
	db, items, _ := fixtureArchive(t, 44)
	r := rand.New(rand.NewPCG(13, 13))
	corpus := archivegen.NewCorpus(readFixtures(t))
	articles := len(items)
	for i := range 60 {
		text := corpus.Text(r, 5+r.IntN(120)) // some longer than what memory keeps
		var article int64
		if i%3 != 0 {
			article = items[r.IntN(articles)].id
		}
		n, err := db.AddNote(ctx, article, text)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, item{KindNote, n.ID, []string{text}})
	}
	for range 30 {
		a := items[r.IntN(articles)]
		quote, comment := corpus.Sentence(r, 12), corpus.Sentence(r, 6)
		h, err := db.AddHighlight(ctx, store.Highlight{ArticleID: a.id, Quote: quote, Comment: comment})
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, item{KindHighlight, h.ID, []string{quote, comment}})
	}
	var words []string
	seen := map[string]bool{}
	for _, it := range items {
		for _, text := range it.texts {
			eachWord(fold(text), func(w string, _ int) {
				if len(w) >= 3 && !seen[w] {
					seen[w] = true
					words = append(words, w)
				}
			})
		}
	}
	slices.Sort(words)
	var queries []string
	for i := 0; i < len(words); i += len(words) / 50 {
		w := words[i]
		switch i % 4 {
		case 1:
			w = w[:max(3, len(w)*2/3)] // cut short
		case 2:
			w += " " + words[r.IntN(len(words))]
		}
		queries = append(queries, w)
	}
	queries = append(queries, "the", "and", "chaos", "border", "software development")
	e := New(db)
	defer e.Close()
	for _, q := range queries {
		indexed, once := searchBothWays(t, db, e, q, 1000)
		checkRecall(t, items, q, indexed, 1000, "index")
		checkRecall(t, items, q, once, 1000, "once")
	}
}

// TestWholeWordRanksAboveInnerLetters: "border" in a body ranks above "/worldborder".
func TestWholeWordRanksAboveInnerLetters(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	inner, err := db.AddArticle(ctx, &store.Article{Title: "Minecraft server commands",
		Body: "Set the size of the world with /worldborder set 1000, then restart."})
	if err != nil {
		t.Fatal(err)
	}
	whole, err := db.AddArticle(ctx, &store.Article{Title: "A walk in the hills",
		Body: "We crossed the border at dawn and walked on."})
	if err != nil {
		t.Fatal(err)
	}
	indexed, once := searchBothWays(t, db, nil, "border", 10)
	for how, results := range map[string][]Result{"index": indexed, "once": once} {
		if len(results) != 2 || results[0].ID != whole || results[1].ID != inner {
			t.Errorf("%s: border: %s; want article %d then %d", how, describeAll(results), whole, inner)
		}
	}
}

// TestAlignmentPrefersWordStarts: "carmig" finds "Oscar's caravan of migrants", whose first
// c is inside a word.
func TestAlignmentPrefersWordStarts(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	id, err := db.AddArticle(ctx, &store.Article{Title: "Oscar's caravan of migrants", Body: "Text."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddArticle(ctx, &store.Article{Title: "Unrelated", Body: "Nothing here."}); err != nil {
		t.Fatal(err)
	}
	indexed, once := searchBothWays(t, db, nil, "carmig", 10)
	for how, results := range map[string][]Result{"index": indexed, "once": once} {
		if len(results) != 1 || results[0].ID != id {
			t.Fatalf("%s: carmig: %s", how, describeAll(results))
		}
		if got, want := results[0].Matches, []int{8, 9, 10, 19, 20, 21}; !slices.Equal(got, want) {
			t.Errorf("%s: carmig marks %v in %q, want %v", how, got, results[0].Snippet, want)
		}
	}
	if q, offsets := subsequenceOf("oscar's caravan of migrants", "carmig"); q == 0 || !slices.Equal(offsets, []int{8, 9, 10, 19, 20, 21}) {
		t.Errorf("subsequenceOf: %v %v", q, offsets)
	}
}

func TestNoResultsHint(t *testing.T) {
	a := newSmallArchive(t)
	e := New(a.db)
	defer e.Close()
	e.Warm()
	waitForIndex(t, e, func(*index) bool { return true })
	if got := search(t, e, "guatamalan zzz"); len(got) != 0 {
		t.Fatalf("found %v", got)
	}
	if got, want := e.NoResultsHint("guatamalan tag:news"), `Did you mean "guatemalan"? Searching only tag:news.`; got != want {
		t.Errorf("hint = %q, want %q", got, want)
	}
	if got := e.NoResultsHint("caravan"); got != "" {
		t.Errorf("hint for a word in memory = %q", got)
	}
}
