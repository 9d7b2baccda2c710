package ingest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lectern/internal/testutil"
	"lectern/store"
)

// Each sample export alone: what it holds, and the rows it cannot import with their place.
func TestImportEachExport(t *testing.T) {
	tests := []struct {
		file                 string
		imported, highlights int
		failed               []string
		titles               []string
	}{
		{"koreader-highlights.json", 2, 3, nil, []string{"Field Notes on Moss", "The Lighthouse Keeper's Almanac"}},
		{"readwise-export.csv", 2, 3, []string{"line 6: the row has no highlight"}, []string{"Small Engines of Thought", "The Lighthouse Keeper's Almanac"}},
		{"pocket-export.zip", 4, 1, []string{"part_000001.csv, line 3: \"not a link\" is not a web address"},
			[]string{"A Map of Quiet Rooms", "Bread, Salt and Borders", "The Quiet Arithmetic of Tides", "https://plain.example.com/untitled-save"}},
		{"karakeep-export.json", 3, 0, []string{"line 47: a \"asset\" bookmark is not imported"},
			[]string{"Bread, Salt and Borders", "Shopping list for the cabin", "https://rooms.example.org/map"}},
		{"instapaper-export.csv", 3, 1, nil, []string{"No Selection Here", "Notes on a Slow Kitchen", "The Quiet Arithmetic of Tides"}},
		{"readeck-export.zip", 2, 1, nil, []string{"A Map of Quiet Rooms", "Notes on a Slow Kitchen"}},
		{"readeck-export.csv", 2, 0, []string{"line 4: the row has no URL"}, []string{"A Map of Quiet Rooms", "A Talk on Tides"}},
		{"links.txt", 3, 0, []string{"line 6: \"not a link at all\" is not a web address"},
			[]string{"https://list.example.net/one", "https://list.example.net/two?utm_source=share", "https://plain.example.com/untitled-save"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			db := testutil.OpenDB(t)
			sum := importExport(t, db, exportFile(tt.file))
			f := failures(sum)
			if sum.Imported != tt.imported || sum.Added.Highlights != tt.highlights || len(f) != len(tt.failed) {
				t.Errorf("imported %d, highlights %d, failed %q; want %d, %d, %q", sum.Imported, sum.Added.Highlights, f, tt.imported, tt.highlights, tt.failed)
			}
			for i := range min(len(f), len(tt.failed)) {
				if !strings.Contains(f[i], tt.failed[i]) {
					t.Errorf("failure %q, want %q", f[i], tt.failed[i])
				}
			}
			var titles []string
			for title := range library(t, db) {
				titles = append(titles, title)
			}
			slices.Sort(titles)
			if !slices.Equal(titles, tt.titles) {
				t.Errorf("titles %q, want %q", titles, tt.titles)
			}
			checkReimport(t, db, exportFile(tt.file))
		})
	}
}

// Books from Kindle, Readwise and KOReader are one article each, their highlights together,
// and the EPUB places them.
func TestBooksMergeAcrossApps(t *testing.T) {
	db := testutil.OpenDB(t)
	files := []string{exportFile("My Clippings.txt"), exportFile("readwise-export.csv"), exportFile("koreader-highlights.json")}
	for _, f := range files {
		importExport(t, db, f)
	}
	lib := library(t, db)
	if len(lib) != 4 {
		t.Errorf("%d articles, want 4 (almanac, cartografía, small engines, moss)", len(lib))
	}
	almanac := lib["The Lighthouse Keeper's Almanac"]
	want := []string{
		"A keeper who trims the wick at dusk has already decided to stay awake.",
		"Every tide brings back something the last one took, though never the same thing.",
		"Keepers write \"all clear\" in the log\nwhether or not it is.",
		"The lamp does not care who is watching; it turns because turning is what it was built to do. On foggy nights I envy it.",
	}
	if almanac == nil || !slices.Equal(quotes(almanac.highlights), want) || !slices.Equal(almanac.Tags, []string{"memoir", "sea"}) {
		t.Fatalf("almanac %+v: %q", almanac, quotes(almanac.highlights))
	}
	if h := almanac.highlight(t, "Keepers write"); h.Comment != "Irony?\n\n#favorite" || h.Color != "blue" {
		t.Errorf("readwise highlight %+v", h)
	}
	if h := almanac.highlight(t, "A keeper who"); h.Comment != "True of night shifts too." || h.Color != "blue" {
		t.Errorf("koreader highlight %+v", h)
	}
	if h := almanac.highlight(t, "The lamp"); h.Comment != "Compare with the clockmaker chapter." {
		t.Errorf("kindle highlight %+v", h)
	}
	engines := lib["Small Engines of Thought: Essays"]
	if engines == nil || len(engines.highlights) != 2 {
		t.Errorf("small engines (Kindle's title has a subtitle, Readwise's not) %+v", engines)
	}
	if moss := lib["Field Notes on Moss"]; moss == nil || moss.Byline != "Ines Kowalczyk, Bartholomew Reyes" || moss.highlights[0].Color != "green" {
		t.Errorf("moss %+v", moss)
	}
	checkReimport(t, db, files...)
}

// Saved links from Omnivore, Pocket, Instapaper, Karakeep and Readeck merge by URL: tags,
// highlights, notes and the archived status are added, text fills an article without it.
func TestLinksMergeAcrossApps(t *testing.T) {
	db := testutil.OpenDB(t)
	files := []string{"omnivore-export.zip", "pocket-export.zip", "instapaper-export.csv", "karakeep-export.json",
		"readeck-export.zip", "readeck-export.csv", "links.txt"}
	for i, f := range files {
		files[i] = exportFile(f)
		importExport(t, db, files[i])
	}
	lib := library(t, db)
	var titles []string
	for title := range lib {
		titles = append(titles, title)
	}
	slices.Sort(titles)
	want := []string{"A Link Without Content", "A Map of Quiet Rooms", "A Talk on Tides", "Bread, Salt and Borders",
		"No Selection Here", "Notes on a Slow Kitchen", "Shopping list for the cabin", "The Quiet Arithmetic of Tides",
		"https://list.example.net/one", "https://list.example.net/two?utm_source=share", "https://plain.example.com/untitled-save"}
	if !slices.Equal(titles, want) {
		t.Fatalf("titles %q\nwant %q", titles, want)
	}
	tides := lib["The Quiet Arithmetic of Tides"]
	if !slices.Equal(tides.Tags, []string{"longform", "Oceans", "reading-list", "sea", "Starred"}) || tides.Status != store.Archived ||
		len(tides.highlights) != 5 {
		t.Errorf("tides: tags %q, status %s, %d highlights", tides.Tags, tides.Status, len(tides.highlights))
	}
	// Instapaper's selection, placed in the text Omnivore had.
	sel := tides.highlight(t, "A tide table is a promise written in pencil.")
	if runes := []rune(tides.Body); !sel.Placed() || string(runes[sel.Start:sel.End]) != sel.Quote {
		t.Errorf("selection %+v", sel)
	}
	for _, h := range tides.highlights {
		if h.Quote == "A tide table is a promise written in pencil." {
			sel = h
		}
	}
	if sel.Quote != "A tide table is a promise written in pencil." || !sel.Placed() {
		t.Errorf("the selection is not its own highlight: %q", quotes(tides.highlights))
	}
	bread := lib["Bread, Salt and Borders"]
	if !slices.Equal(bread.Tags, []string{"food", "politics", "Travel"}) || !slices.Equal(bread.notes, []string{"Send to Mara."}) ||
		len(bread.highlights) != 1 || bread.highlights[0].Placed() {
		t.Errorf("bread %+v", bread)
	}
	// Pocket stored the map without text; Readeck's zip had it, and its highlight is placed.
	rooms := lib["A Map of Quiet Rooms"]
	if rooms.FetchError != "" || !strings.Contains(rooms.Body, "does not ask you to be anyone") || rooms.Status != store.Archived ||
		!slices.Equal(rooms.Tags, []string{"architecture", "calm", "design", "favourite", "Travel"}) ||
		len(rooms.highlights) != 1 || !rooms.highlights[0].Placed() || rooms.highlights[0].Comment != "Library reading room" {
		t.Errorf("rooms %+v %+v", rooms.Article, rooms.highlights)
	}
	kitchen := lib["Notes on a Slow Kitchen"]
	if !slices.Equal(kitchen.Tags, []string{"cooking", "sunday"}) || kitchen.Status != store.Archived {
		t.Errorf("kitchen %+v", kitchen)
	}
	if cabin := lib["Shopping list for the cabin"]; cabin.Status != store.Archived || !strings.Contains(cabin.Body, "Lamp oil") {
		t.Errorf("cabin %+v", cabin)
	}
	checkReimport(t, db, files...)
}

// Instapaper's Selection is placed in the page once it is fetched.
func TestInstapaperSelectionPlacedWhenFetched(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/essay", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><head><title>An Essay</title></head><body><article><p>` + strings.Repeat("Filler words about tides and harbours. ", 20) +
			`The <em>chosen</em> passage is here, in the middle.</p><p>` + strings.Repeat("More words after it. ", 20) + `</p></article></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	list := filepath.Join(t.TempDir(), "instapaper.csv")
	writeFile(t, list, "URL,Title,Selection,Folder,Timestamp,Tags\n"+srv.URL+"/essay,An Essay,The chosen passage is here,Unread,1600000000,[]\n")
	db := testutil.OpenDB(t)
	sum, err := Import(context.Background(), db, []string{list}, Options{HTTPClient: srv.Client(), NoImages: true})
	if err != nil || sum.Imported != 1 {
		t.Fatalf("%+v, %v", sum, err)
	}
	hs, _ := db.Highlights(context.Background(), sum.Results[0].ID)
	a, _ := db.Article(context.Background(), sum.Results[0].ID)
	if len(hs) != 1 || !hs[0].Placed() || string([]rune(a.Body)[hs[0].Start:hs[0].End]) != "The chosen passage is here" {
		t.Errorf("highlights %+v", hs)
	}
}
