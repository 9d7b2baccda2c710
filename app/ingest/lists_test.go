package ingest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lectern/internal/testutil"
	"lectern/store"
)

func articleServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/article/", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/article/")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><head><title>Article " + name + "</title></head><body><article><p>" +
			strings.Repeat("The text of article "+name+". ", 30) + "</p></article></body></html>"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestImportReadingLists(t *testing.T) {
	srv := articleServer(t)
	dir := t.TempDir()
	// Named unlike Pocket's ril_export.html: recognised by its content.
	writeFile(t, filepath.Join(dir, "saved.html"), `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Pocket Export</title></head><body>
<h1>Unread</h1>
<ul>
<li><a href="`+srv.URL+`/article/one?utm_source=pocket" time_added="1500000000" tags="go,Reading">One</a></li>
<li><a href="`+srv.URL+`/gone" time_added="1500000100" tags="">Gone but kept</a></li>
</ul>
<h1>Read Archive</h1>
<ul>
<li><a href="`+srv.URL+`/article/two" time_added="1400000000" tags="old">Two</a></li>
<li><a href="mailto:x@example.com" time_added="1">not a web link</a></li>
</ul></body></html>`)
	instapaper := filepath.Join(t.TempDir(), "instapaper.csv")
	writeFile(t, instapaper, "URL,Title,Selection,Folder,Timestamp,Tags\n"+
		srv.URL+"/article/three,Three,\"A chosen, quoted passage\",Unread,1600000000,\"[\"\"news\"\"]\"\n"+
		srv.URL+"/article/one,One again,,Archive,1600000001,\n"+
		srv.URL+"/missing,\"Missing, with comma\",,Science,1600000002,\n")
	writeFile(t, filepath.Join(dir, "numbers.csv"), "a,b\n1,2\n")

	ctx := context.Background()
	db := testutil.OpenDB(t)
	opt := Options{HTTPClient: srv.Client()}
	pocket, err := Import(ctx, db, []string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	// one, gone (stored without text), two; numbers.csv is not an article.
	if pocket.Imported != 3 || pocket.Duplicates != 0 || pocket.Failed != 0 || pocket.Skipped != 1 {
		t.Fatalf("summary %+v", pocket)
	}
	for _, r := range pocket.Results {
		if strings.HasSuffix(r.Source, "/gone") && (r.Outcome != Imported || r.Err == nil || r.ID == 0) {
			t.Errorf("unfetchable link: %+v, want imported with the fetch error", r)
		}
	}
	// three, missing (stored without text); one again is a duplicate (of Pocket's).
	insta, err := Import(ctx, db, []string{instapaper}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if insta.Imported != 2 || insta.Duplicates != 1 || insta.Failed != 0 || insta.Skipped != 0 {
		t.Fatalf("summary %+v", insta)
	}
	byTitle := map[string]*store.Article{}
	err = db.EachArticle(ctx, func(a *store.Article) error {
		byTitle[a.Title] = a
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	one := byTitle["Article one"]
	if one == nil || strings.Join(one.Tags, ",") != "go,Reading" || !one.Imported.Equal(time.Unix(1500000000, 0)) ||
		one.SourceKey != srv.URL+"/article/one" || one.FetchError != "" {
		t.Errorf("one = %+v", one)
	}
	if two := byTitle["Article two"]; two == nil || two.Status != store.Archived {
		t.Errorf("two (archived in Pocket) = %+v", two)
	}
	if three := byTitle["Article three"]; three == nil || strings.Join(three.Tags, ",") != "news" {
		t.Errorf("three = %+v", three)
	}
	gone := byTitle["Gone but kept"]
	if gone == nil || gone.Body != "" || gone.Source != srv.URL+"/gone" || gone.SourceKey != srv.URL+"/gone" ||
		!strings.Contains(gone.FetchError, "404") {
		t.Errorf("placeholder = %+v", gone)
	}
	missing := byTitle["Missing, with comma"]
	if missing == nil || strings.Join(missing.Tags, ",") != "Science" || missing.FetchError == "" {
		t.Errorf("placeholder = %+v", missing)
	}

	// Importing the lists again stores nothing and fetches nothing.
	again, err := Import(ctx, db, []string{dir, instapaper}, opt)
	if err != nil || again.Imported != 0 || again.Duplicates != 6 {
		t.Errorf("second import %+v, %v", again, err)
	}
}

func TestReadingListDetection(t *testing.T) {
	tests := []struct {
		name string
		data string
		kind string
		n    int
	}{
		{"pocket", `<html><body><ul><li><a href="https://a.example/x" time_added="1">x</a></li></ul></body></html>`, "Pocket export", 1},
		{"instapaper with BOM, no tags column", "\uFEFFURL,Title,Selection,Folder,Timestamp\nhttps://a.example/x,X,,Unread,1\n", "Instapaper export", 1},
		{"pocket csv", "title,url,time_added,cursor,tags,status\nA,\"https://a.example/x,y\",1728576752,7187623980,open source|with space,archive\nB,https://b.example/,1,2,,unread\n", "Pocket export", 2},
		{"ordinary page", `<html><body><p><a href="https://a.example/">link</a></p></body></html>`, "", 0},
		{"ordinary csv", "url,title\nhttps://a.example/,x\n", "", 0},
		{"csv without urls", "name,folder\nx,y\n", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, kind, ok, err := readingList([]byte(tt.data))
			if err != nil || kind != tt.kind || ok != (tt.kind != "") || len(entries) != tt.n {
				t.Errorf("got %d entries, kind %q, ok %v, err %v", len(entries), kind, ok, err)
			}
		})
	}
}

func TestParsePocketCSV(t *testing.T) {
	entries, err := parseCSVList([]byte("title,url,time_added,cursor,tags,status\n"+
		"\"Title, with comma\",\"https://a.example/with,commas\",1728576752,7187623980,opensource|withÄumlaut|with space,archive\n"), "Pocket export")
	if err != nil || len(entries) != 1 {
		t.Fatalf("%d entries, %v", len(entries), err)
	}
	e := entries[0]
	if e.url != "https://a.example/with,commas" || e.title != "Title, with comma" || e.status != store.Archived ||
		strings.Join(e.tags, ",") != "opensource,withÄumlaut,with space" || e.added.Unix() != 1728576752 {
		t.Errorf("entry %+v", e)
	}
}
