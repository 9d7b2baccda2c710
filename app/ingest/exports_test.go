package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lectern/internal/testutil"
	"lectern/store"
)

// exportFile is a sample export in testdata/exports.
func exportFile(name string) string { return filepath.Join("testdata", "exports", name) }

// importExport imports files without fetching or images and fails the test on an error.
func importExport(t *testing.T, db *store.DB, files ...string) Summary {
	t.Helper()
	sum, err := Import(context.Background(), db, files, Options{NoFetch: true, NoImages: true})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// library is the archive as the tests check it: each article by title with its
// highlights, notes and tags.
type libraryArticle struct {
	*store.Article
	highlights []store.Highlight
	notes      []string
}

func library(t *testing.T, db *store.DB) map[string]*libraryArticle {
	t.Helper()
	ctx := context.Background()
	out := map[string]*libraryArticle{}
	err := db.EachArticle(ctx, func(a *store.Article) error {
		la := &libraryArticle{Article: a}
		hs, err := db.Highlights(ctx, a.ID)
		if err != nil {
			return err
		}
		la.highlights = hs
		ns, err := db.Notes(ctx, a.ID)
		if err != nil {
			return err
		}
		for _, n := range ns {
			la.notes = append(la.notes, n.Body)
		}
		if _, dup := out[a.Title]; dup {
			return fmt.Errorf("two articles titled %q", a.Title)
		}
		out[a.Title] = la
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func quotes(hs []store.Highlight) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Quote)
	}
	slices.Sort(out)
	return out
}

func (la *libraryArticle) highlight(t *testing.T, prefix string) store.Highlight {
	t.Helper()
	for _, h := range la.highlights {
		if strings.HasPrefix(h.Quote, prefix) {
			return h
		}
	}
	t.Fatalf("%q: no highlight starting %q in %q", la.Title, prefix, quotes(la.highlights))
	return store.Highlight{}
}

// checkReimport imports the files again: nothing may be added.
func checkReimport(t *testing.T, db *store.DB, files ...string) {
	t.Helper()
	before := library(t, db)
	again := importExport(t, db, files...)
	if again.Imported != 0 || again.Merged != 0 || again.Added.Any() {
		t.Errorf("re-import added: %+v", again)
	}
	after := library(t, db)
	if len(after) != len(before) {
		t.Errorf("re-import: %d articles, then %d", len(before), len(after))
	}
	for title, a := range after {
		b := before[title]
		if b == nil || len(a.highlights) != len(b.highlights) || len(a.notes) != len(b.notes) || !slices.Equal(a.Tags, b.Tags) {
			t.Errorf("re-import changed %q", title)
		}
	}
}

func failures(sum Summary) []string {
	var out []string
	for _, r := range sum.Results {
		if r.Outcome == Failed {
			out = append(out, fmt.Sprintf("%s: %v", r.Source, r.Err))
		}
	}
	return out
}

func TestImportKindleClippings(t *testing.T) {
	db := testutil.OpenDB(t)
	// Recognised by its content, whatever its name.
	file := filepath.Join(t.TempDir(), "clippings-backup")
	data, err := os.ReadFile(exportFile("My Clippings.txt"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, file, string(data))
	sum := importExport(t, db, file)
	if sum.Imported != 3 || sum.Failed != 1 || sum.Added.Highlights != 4 || sum.Added.Placed != 0 {
		t.Errorf("summary %+v", sum)
	}
	if f := failures(sum); len(f) != 1 || !strings.Contains(f[0], "line 47: not a clipping") {
		t.Errorf("failures %q, want line 47", f)
	}
	lib := library(t, db)
	almanac := lib["The Lighthouse Keeper's Almanac"]
	if almanac == nil || almanac.Byline != "Marlowe, Edith" || almanac.Body != "" || almanac.FetchError != "" {
		t.Fatalf("almanac %+v", almanac)
	}
	// The extended highlight replaced the first; the note is its comment; the bookmark is gone.
	want := []string{
		"Every tide brings back something the last one took, though never the same thing.",
		"The lamp does not care who is watching; it turns because turning is what it was built to do. On foggy nights I envy it.",
	}
	if got := quotes(almanac.highlights); !slices.Equal(got, want) {
		t.Errorf("almanac highlights %q, want %q", got, want)
	}
	lamp := almanac.highlight(t, "The lamp")
	if lamp.Comment != "Compare with the clockmaker chapter." || lamp.Start != -1 || lamp.End != -1 || lamp.Prefix != "" {
		t.Errorf("lamp %+v", lamp)
	}
	if lamp.Created.Year() != 2020 || lamp.Created.Month() != 6 || lamp.Created.Day() != 4 {
		t.Errorf("lamp made %v, want 4 June 2020", lamp.Created)
	}
	spanish := lib["Cartografía del silencio"]
	if spanish == nil || spanish.Byline != "Ruiz, Tomás" || len(spanish.highlights) != 1 ||
		spanish.highlights[0].Quote != "Los mapas más fieles son los que admiten sus zonas en blanco." ||
		spanish.highlights[0].Comment != "Idea para el taller de marzo." {
		t.Errorf("spanish %+v", spanish)
	}
	essays := lib["Small Engines of Thought: Essays"]
	if essays == nil || len(essays.highlights) != 1 ||
		essays.highlights[0].Quote != "A habit is a decision you made once and then stopped paying for.\nThe bill arrives later." ||
		!slices.Equal(essays.notes, []string{"A note made on no highlight."}) {
		t.Errorf("essays %+v", essays)
	}
	checkReimport(t, db, file)

	// The book's EPUB gives it its text, and the highlights are placed in it.
	opf := strings.Replace(strings.Replace(testOPF, "<dc:title>A Small Book</dc:title>", "<dc:title>The Lighthouse Keeper’s Almanac</dc:title>", 1),
		"<dc:creator>Ann Author</dc:creator><dc:creator>Bo Second</dc:creator>", "<dc:creator>Edith Marlowe</dc:creator>", 1)
	book := makeEPUB(t, "META-INF/container.xml", testContainer, "OEBPS/content.opf", opf,
		"OEBPS/text/chapter 1.xhtml", chapter("One", "The lamp does not care who is watching; it turns because turning is what it "+
			"was built to do. On foggy nights I envy it. The keeper wrote that down in <em>March</em>."),
		"OEBPS/text/a-second.xhtml", chapter("Two", "Every tide brings back something the last one took, though never the same thing."))
	epub := filepath.Join(t.TempDir(), "almanac.epub")
	writeFile(t, epub, string(book))
	sum = importExport(t, db, epub)
	if sum.Imported != 1 || sum.Results[0].ID != almanac.ID || !sum.Results[0].Merged.Text || sum.Results[0].Merged.Placed != 2 {
		t.Fatalf("EPUB import %+v", sum)
	}
	lib = library(t, db)
	almanac = lib["The Lighthouse Keeper's Almanac"]
	if almanac == nil || len(lib) != 3 || almanac.Body == "" {
		t.Fatalf("after the EPUB: %d articles, almanac %+v", len(lib), almanac)
	}
	runes := []rune(almanac.Body)
	for _, h := range almanac.highlights {
		if !h.Placed() || string(runes[h.Start:h.End]) != h.Quote {
			t.Errorf("highlight %q not placed (%d-%d)", h.Quote, h.Start, h.End)
		}
	}
	// Clippings imported after the book merge into it.
	checkReimport(t, db, file, epub)
}

func TestParseKindleDetails(t *testing.T) {
	if title, author := splitKindleTitle("\uFEFFNotes (Vol. 2) (Doe, Jane (ed.))"); title != "Notes (Vol. 2)" || author != "Doe, Jane (ed.)" {
		t.Errorf("split: %q, %q", title, author)
	}
	kind, from, to, added := kindleMeta("- Highlight Loc. 1203-05  | Added on Monday, March 3, 2025, 07:45 PM")
	if kind != clipHighlight || from != 1203 || to != 1205 {
		t.Errorf("old format: %d %d-%d %v", kind, from, to, added)
	}
	kind, from, to, _ = kindleMeta("- Tu marcador en la página 3 | posición 40 | Añadido el lunes, 1 de enero de 2024 10:00:00")
	if kind != clipBookmark || from != 40 || to != 40 {
		t.Errorf("spanish bookmark: %d %d-%d", kind, from, to)
	}
	if !isKindleClippings([]byte("\uFEFFT (A)\r\n- Your Highlight on page 1 | Location 2 | Added on x\r\n\r\nText\r\n==========\r\n")) ||
		isKindleClippings([]byte("Title\n\nSome ==========\nText")) {
		t.Error("detection")
	}
}

func TestImportOmnivore(t *testing.T) {
	db := testutil.OpenDB(t)
	file := exportFile("omnivore-export.zip")
	sum := importExport(t, db, file)
	if sum.Imported != 3 || sum.Failed != 0 || sum.Added.Highlights != 5 || sum.Added.Placed != 4 {
		t.Errorf("summary %+v; failures %q", sum, failures(sum))
	}
	lib := library(t, db)
	tides := lib["The Quiet Arithmetic of Tides"]
	if tides == nil {
		t.Fatalf("no tides article in %v", lib)
	}
	if tides.FetchError != "" || !strings.Contains(tides.Body, "Slack water lasts only minutes") ||
		tides.SourceKey != "https://tides.example.org/essays/quiet-arithmetic" || tides.Byline != "Nell Ashdown" ||
		!slices.Equal(tides.Tags, []string{"longform", "Oceans"}) || tides.Status != store.Unread || tides.Imported.Year() != 2024 {
		t.Errorf("tides %+v", tides.Article)
	}
	runes := []rune(tides.Body)
	// Across inline markup and entities, curly quotes and a dash, and one misspelt word.
	for _, want := range []struct{ prefix, body, comment string }{
		{"The fishermen", "The fishermen’s wives read the second clock better than any almanac, and they never once called it arithmetic.", "They knew by smell, my grandmother said."},
		{"A tide table", "A tide table is a promise written in pencil. It says “high water at 6:42” and means roughly then, unless the wind disagrees.", ""},
		{"Slack water", "Slack water lasts only minutes, yet whole lives were arranged around it — weddings, funerals, the day’s only ferry.", ""},
	} {
		h := tides.highlight(t, want.prefix)
		if !h.Placed() || string(runes[h.Start:h.End]) != h.Quote || h.Quote != want.body || h.Comment != want.comment {
			t.Errorf("highlight %+v, want %q placed, comment %q", h, want.body, want.comment)
			continue
		}
		if q, p, s := store.Selectors(tides.Body, h.Start, h.End); q != h.Quote || p != h.Prefix || s != h.Suffix {
			t.Errorf("selectors of %q: prefix %q suffix %q, want %q %q", h.Quote, h.Prefix, h.Suffix, p, s)
		}
	}
	// A quote the text does not hold is kept, unplaced.
	if h := tides.highlight(t, "A sentence the article never had"); h.Placed() || h.Start != -1 || h.Prefix != "" {
		t.Errorf("unmatched highlight %+v", h)
	}
	kitchen := lib["Notes on a Slow Kitchen"]
	if kitchen == nil || kitchen.Status != store.Archived || len(kitchen.highlights) != 1 || !kitchen.highlights[0].Placed() ||
		kitchen.Progress != 1 || !slices.Equal(kitchen.Tags, []string{"cooking"}) {
		t.Errorf("kitchen %+v", kitchen)
	}
	link := lib["A Link Without Content"]
	if link == nil || link.Body != "" || link.FetchError == "" || link.Source != "https://elsewhere.example.com/post/17" {
		t.Errorf("link without content %+v", link)
	}
	checkReimport(t, db, file)
}

func TestOmnivoreHighlightsMarkdown(t *testing.T) {
	got := parseOmnivoreHighlights("> First line\n> second line [⤴️](https://omnivore.app/me/x#1)\n\nA note\non two lines\n\n> Bare quote\n")
	if len(got) != 2 || got[0].Quote != "First line\nsecond line" || got[0].Comment != "A note\non two lines" ||
		got[1].Quote != "Bare quote" || got[1].Comment != "" {
		t.Errorf("%+v", got)
	}
}
