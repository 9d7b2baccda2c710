package search

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"lectern/app/search/archivegen"
	"lectern/internal/testutil"
	"lectern/store"
)

// target is an item a query should find, with the query and how it was made.
type target struct {
	kind  Kind
	id    int64
	query string
	how   string
}

// TestQualityOnFixtures imports the readability fixtures as articles, adds generated notes and
// highlights, derives queries from known items the way users misremember them, and requires
// the item in the top 3 for at least 95% of them.
func TestQualityOnFixtures(t *testing.T) {
	fixtures := readFixtures(t)
	ctx := context.Background()
	db := testutil.OpenDB(t)
	r := rand.New(rand.NewPCG(3, 3))
	corpus := archivegen.NewCorpus(fixtures)
	// Generated articles, notes and highlights first: distractors that share the fixtures' words.
	if err := archivegen.Fill(ctx, db, corpus, archivegen.Sizes{Articles: 60, Notes: 300, Highlights: 100}, 5, ""); err != nil {
		t.Fatal(err)
	}
	df := documentFrequencies(ctx, t, db)

	var targets []target
	for _, f := range fixtures {
		id, ok := addFixture(t, db, f)
		if !ok {
			continue
		}
		words := distinctive(f.Title, df)
		if len(words) == 0 {
			continue
		}
		add := func(how, query string) { targets = append(targets, target{KindArticle, id, query, how}) }
		add("title word", words[0])
		add("abbreviation", withoutVowels(words[0]))
		add("prefixes", prefixes(words, 4))
		if typo := oneTypo(r, words[0]); typo != "" {
			add("one typo", typo)
		}
		if len(words) >= 2 {
			add("out of order", words[1]+" "+words[0])
			add("abbreviations", withoutVowels(words[0])+" "+withoutVowels(words[1]))
		}
		if body := distinctive(firstSentence(f.Text), df); len(body) >= 2 {
			add("body words", body[0]+" "+body[1])
		}
	}
	for i := range 40 {
		text := corpus.Text(r, 20+r.IntN(60))
		note, err := db.AddNote(ctx, 0, text)
		if err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(text)
		start := r.IntN(max(1, len(words)-3))
		phrase := strings.Join(words[start:min(len(words), start+3)], " ")
		if i%2 == 0 {
			phrase = `"` + strings.Trim(phrase, `.,;:!?"`) + `"`
		}
		targets = append(targets, target{KindNote, note.ID, phrase, "note phrase"})
	}
	highlights, err := db.AllHighlights(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range highlights[:min(30, len(highlights))] {
		if words := distinctive(h.Quote, df); len(words) >= 2 {
			targets = append(targets, target{KindHighlight, h.ID, words[0] + " " + words[1], "highlight words"})
		}
	}

	e := New(db)
	// The whole index, loaded as the window keeps it, with the words of the long texts, so that
	// it looks terms up in the word indexes; the one-shot search (Once, what the command does)
	// uses the trigram indexes, and must rank the same.
	idx, err := e.index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if loading := e.bodyWords.ensure(ctx, db, idx.textVersion); loading != nil {
		<-loading
	}
	if !e.bodyWords.words().current(idx) {
		t.Fatal("the words of the long texts did not load")
	}
	inTop3, reciprocal, differ := 0, 0.0, 0
	for _, tg := range targets {
		results, err := e.Search(ctx, tg.query, 20)
		if err != nil {
			t.Fatalf("%q: %v", tg.query, err)
		}
		once, err := Once(ctx, db, tg.query, 20)
		if err != nil {
			t.Fatalf("%q once: %v", tg.query, err)
		}
		if !sameResults(results, once) {
			differ++
			t.Logf("one-shot differs for %q:\n  index: %s\n  once:  %s", tg.query, describeAll(results), describeAll(once))
		}
		rank := slices.IndexFunc(results, func(r Result) bool { return r.Kind == tg.kind && r.ID == tg.id })
		if rank >= 0 {
			reciprocal += 1 / float64(rank+1)
		}
		if rank >= 0 && rank < 3 {
			inTop3++
			continue
		}
		t.Logf("miss (%s): %q for %s %d ranked %d; first: %s", tg.how, tg.query, tg.kind, tg.id, rank+1, describe(results))
	}
	if differ > 0 {
		t.Errorf("the one-shot search ranked %d of %d queries differently from the index", differ, len(targets))
	}
	rate := float64(inTop3) / float64(len(targets))
	t.Logf("%d queries: %.1f%% found in the top 3, mean reciprocal rank %.3f", len(targets), 100*rate, reciprocal/float64(len(targets)))
	if len(targets) < 200 || rate < 0.95 {
		t.Errorf("top-3 rate %.1f%% over %d queries, want at least 95%% over 200 or more", 100*rate, len(targets))
	}
}

func describe(results []Result) string {
	if len(results) == 0 {
		return "nothing"
	}
	r := results[0]
	return fmt.Sprintf("%s %d in %s %q", r.Kind, r.ID, r.Field, r.Snippet)
}

// documentFrequencies counts in how many items' text each folded word occurs.
func documentFrequencies(ctx context.Context, t *testing.T, db *store.DB) map[string]int {
	df := map[string]int{}
	count := func(text string) {
		seen := map[string]bool{}
		eachWord(fold(text), func(w string, _ int) {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		})
	}
	err := db.EachArticle(ctx, func(a *store.Article) error {
		count(a.Title + " " + a.Body)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	notes, err := db.AllNotes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		count(n.Body)
	}
	return df
}

// distinctive returns the words of text a user would remember it by: letters only, five or
// more of them, rarest in the archive first.
func distinctive(text string, df map[string]int) []string {
	var words []string
	eachWord(fold(text), func(w string, _ int) {
		if utf8.RuneCountInString(w) >= 5 && !strings.ContainsFunc(w, func(r rune) bool { return r >= '0' && r <= '9' }) && !slices.Contains(words, w) {
			words = append(words, w)
		}
	})
	slices.SortStableFunc(words, func(a, b string) int { return df[a] - df[b] })
	return words
}

func firstSentence(text string) string {
	if i := strings.Index(text, ". "); i > 0 {
		return text[:i]
	}
	return text
}

func withoutVowels(w string) string {
	runes := []rune(w)
	out := runes[:1:1]
	for _, c := range runes[1:] {
		if !strings.ContainsRune("aeiouy", c) {
			out = append(out, c)
		}
	}
	return string(out)
}

func prefixes(words []string, n int) string {
	var out []string
	for _, w := range words[:min(2, len(words))] {
		out = append(out, string([]rune(w)[:min(n, utf8.RuneCountInString(w))]))
	}
	return strings.Join(out, " ")
}

// oneTypo makes one of the four kinds of typo inside a word of six letters or more.
func oneTypo(r *rand.Rand, w string) string {
	runes := []rune(w)
	if len(runes) < 6 {
		return ""
	}
	i := 1 + r.IntN(len(runes)-3)
	switch r.IntN(4) {
	case 0: // swapped
		runes[i], runes[i+1] = runes[i+1], runes[i]
	case 1: // missing
		runes = slices.Delete(runes, i, i+1)
	case 2: // extra
		runes = slices.Insert(runes, i, runes[i])
	default: // wrong
		runes[i] = 'a' + (runes[i]-'a'+1)%26
	}
	return string(runes)
}

// sameResults reports whether two searches listed the same items with the same scores, up to
// the order of items whose scores tie (the recency priors of two indexes built a moment apart
// may break a tie differently) and to which of tied items make the last places.
func sameResults(a, b []Result) bool {
	if len(a) != len(b) {
		return false
	}
	const tie = 1e-4
	for i := range a {
		if math.Abs(a[i].Score-b[i].Score) > tie {
			return false
		}
	}
	for i := range a {
		if math.Abs(a[i].Score-a[len(a)-1].Score) <= tie {
			continue // tied with the last: another tied item may take its place
		}
		if !slices.ContainsFunc(b, func(r Result) bool {
			return r.Kind == a[i].Kind && r.ID == a[i].ID && r.Field == a[i].Field && math.Abs(r.Score-a[i].Score) <= tie
		}) {
			return false
		}
	}
	return true
}

func describeAll(results []Result) string {
	var b strings.Builder
	for _, r := range results {
		fmt.Fprintf(&b, "%s %d %s %.5f; ", r.Kind, r.ID, r.Field, r.Score)
	}
	return b.String()
}
