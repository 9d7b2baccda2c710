package ingest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"lectern/internal/testutil"
)

const guardPage = `<html><head><title>%s</title></head><body><article><h1>%s</h1><p>` +
	`A paragraph long enough for the reader to keep it as the text of the article, and more words after it.</p>` +
	`<p>A second paragraph makes sure the readable text is long enough to count as an article at all.</p>%s</article></body></html>`

// A redirect into a loopback, private or link-local address is refused (the page typed by
// the user may be on one: that address is allowed, and only that one).
func TestRedirectsIntoPrivateAddressesRefused(t *testing.T) {
	ctx := context.Background()
	var secretHits int
	secret := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secretHits++
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(strings.ReplaceAll(guardPage, "%s", "Internal secret")))
	}))
	defer secret.Close()
	// The same server by another name: a different host than the one the user gave.
	secretByName := strings.Replace(secret.URL, "127.0.0.1", "localhost", 1)
	mux := http.NewServeMux()
	mux.Handle("/to-secret", http.RedirectHandler(secretByName+"/", http.StatusFound))
	mux.Handle("/to-metadata", http.RedirectHandler("http://169.254.169.254/latest/meta-data/", http.StatusFound))
	mux.Handle("/to-self", http.RedirectHandler("/page", http.StatusFound))
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(strings.ReplaceAll(guardPage, "%s", "Own page")))
	})
	site := httptest.NewServer(mux)
	defer site.Close()

	for _, path := range []string{"/to-secret", "/to-metadata"} {
		_, err := Fetch(ctx, site.URL+path, Options{})
		if err == nil || !strings.Contains(err.Error(), "private network") {
			t.Errorf("%s: %v; want the redirect refused", path, err)
		}
	}
	if secretHits != 0 {
		t.Errorf("the private server was asked %d times", secretHits)
	}
	// What the user gives is fetched, and a redirect within that host is followed.
	for _, u := range []string{site.URL + "/to-self", secret.URL + "/", secretByName + "/"} {
		if a, err := Fetch(ctx, u, Options{}); err != nil {
			t.Errorf("%s: %v", u, err)
		} else if a.Title == "" {
			t.Errorf("%s: no title", u)
		}
	}
}

// A page's images come from the page's own host when that is private, never from another
// private address; a file's images never from a private address.
func TestImagesFromPrivateAddressesRefused(t *testing.T) {
	photo := pngImage(t, 40, 30, 7)
	other := newImageServer(t)
	other.file("/other.png", "image/png", photo)
	otherByName := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	site := newImageServer(t)
	site.file("/own.png", "image/png", pngImage(t, 41, 30, 8))
	site.file("/page.html", "text/html", []byte(page("Images", "/own.png", otherByName+"/other.png")))
	db := testutil.OpenDB(t)
	r := importOne(t, db, site.URL+"/page.html", Options{})
	wantReport(t, r.Images, 1, map[string]int{skipPrivate: 1})

	file := filepath.Join(t.TempDir(), "note.md")
	writeFile(t, file, "# A note\n\n"+strings.Repeat("Words of the note. ", 20)+"\n\n![a photo]("+other.URL+"/other.png)\n")
	r = importOne(t, db, file, Options{})
	wantReport(t, r.Images, 0, map[string]int{skipPrivate: 1})
}
