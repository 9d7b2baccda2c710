package cli

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(0, 0, color.White)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// import reports the images kept and skipped, per article and in the summary; --no-images
// keeps none and import --images fetches them later.
func TestImportReportsImages(t *testing.T) {
	var hits atomic.Int64
	photo, pixel := testPNG(t, 16, 9), testPNG(t, 1, 1)
	paragraphs := strings.Repeat("<p>A paragraph long enough for the reader to keep it as the text of the article, with more words.</p>\n", 5)
	mux := http.NewServeMux()
	mux.HandleFunc("/photo.png", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.Write(photo) })
	mux.HandleFunc("/pixel.png", func(w http.ResponseWriter, r *http.Request) { w.Write(pixel) })
	for _, name := range []string{"a", "b"} {
		mux.HandleFunc("/"+name, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><title>Page %s</title></head><body><article><h1>Page %s</h1>%s<p><img src="/photo.png" alt="photo"><img src="/pixel.png"></p></article></body></html>`,
				name, name, strings.ReplaceAll(paragraphs, "paragraph", "paragraph of page "+name))
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "lectern.db")

	code, out, stderr := run(t, db, "", "import", srv.URL+"/a")
	if code != 0 || !strings.Contains(out, "Page a") {
		t.Fatalf("import: code %d\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(stderr, "1: 1 image kept, 1 skipped (1 tracking pixel)") ||
		!strings.Contains(stderr, "imported 1, duplicates 0, skipped 0, failed 0; 1 image kept, 1 skipped (1 tracking pixel)") {
		t.Errorf("import's report of images:\n%s", stderr)
	}

	code, _, stderr = run(t, db, "", "import", "--no-images", srv.URL+"/b")
	if code != 0 || hits.Load() != 1 || strings.Contains(stderr, "kept") {
		t.Fatalf("import --no-images: code %d, %d fetches\n%s", code, hits.Load(), stderr)
	}
	code, out, stderr = run(t, db, "", "import", "--images")
	if code != 0 || out != "2\t1 image kept, 1 skipped (1 tracking pixel)\n" || !strings.Contains(stderr, "articles 1, failed 0; images kept 1, skipped 1 (1 tracking pixel)") {
		t.Errorf("import --images: code %d\n%q\n%s", code, out, stderr)
	}
	// Article 1 has its photo: only the pixel is tried again, and skipped again.
	code, out, _ = run(t, db, "", "import", "--images", "1")
	if code != 0 || out != "1\t0 images kept, 1 skipped (1 tracking pixel)\n" || hits.Load() != 2 {
		t.Errorf("import --images 1: code %d, %q", code, out)
	}
	if code, _, _ = run(t, db, "", "import", "--images", "99"); code != 1 {
		t.Errorf("import --images of a missing article: code %d", code)
	}
	if code, _, _ = run(t, db, "", "import", "--images", "x"); code != 2 {
		t.Errorf("import --images x: code %d", code)
	}
}
