package ingest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"lectern/internal/testutil"
	"lectern/store"
)

// TestImportReadabilityPagesByURL serves every fixture page over HTTP and imports them by URL.
func TestImportReadabilityPagesByURL(t *testing.T) {
	t.Parallel()
	cases := readabilityCases(t)
	var requests atomic.Int64
	mux := http.NewServeMux()
	for _, c := range cases {
		mux.HandleFunc("/"+c.name+"/", func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			w.Header().Set("Content-Type", "text/html")
			w.Write(c.source)
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx := context.Background()
	opt := Options{HTTPClient: localOnly(srv)}
	urls := make([]string, len(cases))
	for i, c := range cases {
		urls[i] = srv.URL + "/" + c.name + "/"
	}
	db := testutil.OpenDB(t)
	sum, err := Import(ctx, db, urls, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Imported+sum.Duplicates != len(cases) {
		for _, r := range sum.Results {
			t.Logf("%s: %s %v", r.Source, r.Outcome, r.Err)
		}
		t.Fatalf("%d imported, %d duplicates of %d pages", sum.Imported, sum.Duplicates, len(cases))
	}
	titles, recallSum := 0, 0.0
	for i, r := range sum.Results {
		c := cases[i]
		a, err := db.Article(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Outcome == Duplicate {
			// Some test pages share their text; the page itself must have that same text.
			existing := a
			if a, err = Fetch(ctx, urls[i], opt); err != nil {
				t.Fatal(err)
			}
			if store.ContentHash(a.Body) != existing.Hash {
				t.Errorf("%s: reported as a duplicate of %q but its text differs", c.name, existing.Title)
			}
		}
		if sameTitle(a.Title, c.meta.Title) {
			titles++
		} else {
			t.Logf("%s: title %q, want %q", c.name, a.Title, c.meta.Title)
		}
		recall := wordRecall(c.expected, a.Body)
		if recall < 0.9 {
			t.Logf("%s: recall %.2f", c.name, recall)
		}
		recallSum += recall
		if a.SourceKey != NormalizeURL(urls[i]) || !strings.HasPrefix(a.Source, "http") {
			t.Errorf("%s: source %q, key %q", c.name, a.Source, a.SourceKey)
		}
	}
	meanRecall := recallSum / float64(len(cases))
	t.Logf("by URL: titles %d/%d, mean recall %.3f", titles, len(cases), meanRecall)
	if titles*100 < len(cases)*95 {
		t.Errorf("%d of %d titles match, want at least 95%%", titles, len(cases))
	}
	if meanRecall < 0.9 {
		t.Errorf("mean recall %.3f, want at least 0.9", meanRecall)
	}

	// An interrupted or repeated import fetches nothing again: every URL is a duplicate.
	requests.Store(0)
	again, err := Import(ctx, db, urls, opt)
	if err != nil || again.Duplicates != len(cases) {
		t.Errorf("second import: %d duplicates of %d, err %v", again.Duplicates, len(cases), err)
	}
	if n := requests.Load(); n != int64(sum.Duplicates) {
		// Only the pages not stored (duplicates of another page's text) are fetched again.
		t.Errorf("second import made %d requests, want %d", n, sum.Duplicates)
	}
}

func TestFetch(t *testing.T) {
	article := "<html><head><title>Café</title><link rel=canonical href=\"/canonical/article?b=2&a=1&utm_source=feed\"></head><body><article><p>" +
		strings.Repeat("Le café est très chaud. ", 40) + "</p></article></body></html>"
	latin1, _ := charmap.ISO8859_1.NewEncoder().String(article)
	mux := http.NewServeMux()
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
		w.Write([]byte(latin1))
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/latin1", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/home-canonical/post", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Replace(article, "/canonical/article?b=2&a=1&utm_source=feed", "/", 1)))
	})
	mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=windows-1252")
		w.Write([]byte("Caf\xe9\n\nTr\xe8s chaud."))
	})
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4"))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html><body><p>" + strings.Repeat("x", 5000)))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	opt := Options{HTTPClient: srv.Client()}
	ctx := context.Background()

	a, err := Fetch(ctx, srv.URL+"/moved#section", opt)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Café" || !strings.Contains(a.Body, "très chaud") {
		t.Errorf("title %q body %.40q", a.Title, a.Body)
	}
	if want := srv.URL + "/canonical/article?b=2&a=1&utm_source=feed"; a.Source != want {
		t.Errorf("source %q, want the canonical URL %q", a.Source, want)
	}
	if want := srv.URL + "/moved"; a.SourceKey != want {
		t.Errorf("source key %q, want %q", a.SourceKey, want)
	}

	if a, err := Fetch(ctx, srv.URL+"/home-canonical/post", opt); err != nil || a.Source != srv.URL+"/home-canonical/post" {
		t.Errorf("a home page named as canonical should be ignored: %v %v", a, err)
	}
	if a, err := Fetch(ctx, srv.URL+"/plain", opt); err != nil || a.Title != "Café" {
		t.Errorf("plain text in windows-1252: %v %v", a, err)
	}

	short := Options{HTTPClient: &http.Client{Timeout: 100 * time.Millisecond}, MaxBytes: 1000}
	for path, want := range map[string]string{
		"/missing": "404 Not Found",
		"/pdf":     "not a web page",
		"/slow":    "did not answer in time",
		"/huge":    "too large",
	} {
		_, err := Fetch(ctx, srv.URL+path, short)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), srv.URL+path) {
			t.Errorf("%s: error %v, want one saying %q", path, err, want)
		}
	}
	if _, err := Fetch(ctx, "ftp://example.com/x", opt); err == nil {
		t.Error("an ftp URL was accepted")
	}
}

func TestNormalizeURL(t *testing.T) {
	tests := map[string]string{
		"HTTPS://Example.COM:443/a/b?utm_source=x&z=1&a=2&fbclid=y#frag": "https://example.com/a/b?a=2&z=1",
		"http://example.com":                       "http://example.com/",
		"http://example.com:8080/x?gclid=1":        "http://example.com:8080/x",
		"  https://example.com/Path?UTM_Medium=a ": "https://example.com/Path",
		"https://example.com./x?":                  "https://example.com/x",
		"not a url":                                "not a url",
	}
	for in, want := range tests {
		if got := NormalizeURL(in); got != want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", in, got, want)
		}
	}
}
