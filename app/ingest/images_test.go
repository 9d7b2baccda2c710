package ingest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"lectern/internal/testutil"
	"lectern/store"
)

// pngImage encodes a w×h PNG whose colour depends on seed, so that different seeds give
// different bytes.
func pngImage(t testing.TB, w, h int, seed int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(seed), uint8(seed >> 8), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngClaiming is a small PNG whose header claims w×h pixels (its checksum fixed up).
func pngClaiming(t testing.TB, w, h uint32) []byte {
	data := pngImage(t, 4, 4, 1)
	// Signature (8), then the IHDR chunk: length (4), "IHDR" (4), width, height...
	binary.BigEndian.PutUint32(data[16:], w)
	binary.BigEndian.PutUint32(data[20:], h)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

// manyFrameGIF is a GIF of frames w×h, repeated n times: its bytes stay small (each frame
// compresses to little) but decoding every frame would allocate n×w×h bytes.
func manyFrameGIF(t testing.TB, w, h, n int) []byte {
	frame := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White})
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &gif.GIF{Image: []*image.Paletted{frame}, Delay: []int{1}}); err != nil {
		t.Fatal(err)
	}
	one := buf.Bytes()
	// Header and logical screen (13 bytes; no global colour table), the frame, the trailer.
	head, body := one[:13], one[13:len(one)-1]
	out := append([]byte{}, head...)
	for range n {
		out = append(out, body...)
	}
	return append(out, 0x3b)
}

// svgBomb is the "billion laughs" in an SVG: a few hundred bytes that expand to gigabytes.
const svgBomb = `<?xml version="1.0"?>
<!DOCTYPE svg [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><text>&h;</text></svg>`

// page is an HTML article with enough text for readability and the given images.
func page(title string, srcs ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><title>%s</title></head><body><article><h1>%s</h1>\n", title, title)
	for i := range 6 {
		fmt.Fprintf(&b, "<p>Paragraph %d of %s, long enough to read as the text of an article about images kept offline, with commas, clauses, and more words.</p>\n", i, title)
	}
	for i, src := range srcs {
		fmt.Fprintf(&b, "<p>Figure %d follows.<img src=\"%s\" alt=\"figure %d\"></p>\n", i, src, i)
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

// imageServer serves pages and images.
type imageServer struct {
	*httptest.Server
	mux *http.ServeMux
}

func newImageServer(t *testing.T) *imageServer {
	s := &imageServer{mux: http.NewServeMux()}
	s.Server = httptest.NewServer(s.mux)
	t.Cleanup(s.Close)
	return s
}

func (s *imageServer) file(path, contentType string, data []byte) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(data)
	})
}

// localOnly is srv's client, refusing every other host: the fixture pages link to images
// on the web, which the tests must not fetch.
func localOnly(srv *httptest.Server) *http.Client {
	c := *srv.Client()
	tr := c.Transport.(*http.Transport).Clone()
	addr := srv.Listener.Addr().String()
	tr.DialContext = func(ctx context.Context, network, a string) (net.Conn, error) {
		if a != addr {
			return nil, fmt.Errorf("the tests do not go to %s", a)
		}
		var d net.Dialer
		return d.DialContext(ctx, network, a)
	}
	c.Transport = tr
	return &c
}

func importOne(t *testing.T, db *store.DB, source string, opt Options) Result {
	t.Helper()
	sum, err := Import(context.Background(), db, []string{source}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Results) != 1 || sum.Results[0].Outcome != Imported {
		t.Fatalf("import %s: %+v", source, sum.Results)
	}
	if sum.Images.Kept != sum.Results[0].Images.Kept || sum.Images.Skipped != sum.Results[0].Images.Skipped {
		t.Errorf("summary's images %+v, the article's %+v", sum.Images, sum.Results[0].Images)
	}
	return sum.Results[0]
}

func wantReport(t *testing.T, got ImageReport, kept int, skipped map[string]int) {
	t.Helper()
	total := 0
	for reason, n := range skipped {
		total += n
		if got.Reasons[reason] != n {
			t.Errorf("skipped for %q: %d, want %d (report: %s)", reason, got.Reasons[reason], n, got)
		}
	}
	if got.Kept != kept || got.Skipped != total {
		t.Errorf("report %s; want %d kept, %d skipped", got, kept, total)
	}
}

// A page's images are fetched once and still there after the server is gone; the same image
// in two articles is stored once.
func TestPageImagesKeptOfflineAndStoredOnce(t *testing.T) {
	ctx := context.Background()
	srv := newImageServer(t)
	photo := pngImage(t, 40, 30, 7)
	var photoHits atomic.Int64
	srv.mux.HandleFunc("/img/photo.png", func(w http.ResponseWriter, r *http.Request) {
		photoHits.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Write(photo)
	})
	srv.file("/one.html", "text/html", []byte(page("One", "img/photo.png", "/img/photo.png")))
	srv.file("/two.html", "text/html", []byte(page("Two", srv.URL+"/img/photo.png")))
	db := testutil.OpenDB(t)
	opt := Options{HTTPClient: srv.Client()}
	one := importOne(t, db, srv.URL+"/one.html", opt)
	two := importOne(t, db, srv.URL+"/two.html", opt)
	wantReport(t, one.Images, 1, nil)
	wantReport(t, two.Images, 1, nil)
	if n := photoHits.Load(); n != 2 {
		t.Errorf("the image was fetched %d times, want once per article", n)
	}
	srv.Close()

	if n, size, err := db.CountImages(ctx); err != nil || n != 1 || size != int64(len(photo)) {
		t.Errorf("images stored: %d (%d bytes), %v; want the one image once", n, size, err)
	}
	a, err := db.Article(ctx, one.ID)
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := db.ArticleImages(ctx, one.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range imageSources(a.Markdown) {
		data, mime, err := db.Image(ctx, srcs[src])
		if err != nil || mime != "image/png" || !bytes.Equal(data, photo) {
			t.Errorf("after the server closed, image %q: %d bytes, %q, %v", src, len(data), mime, err)
		}
	}
	if len(srcs) == 0 {
		t.Errorf("no image addresses stored for %q", a.Markdown)
	}
	info, _ := db.ArticleImageInfo(ctx, two.ID)
	for _, i := range info {
		if i.Width != 40 || i.Height != 30 || i.Mime != "image/png" {
			t.Errorf("image info %+v", i)
		}
	}
}

// Every kind of bad image is skipped with its reason, and the article is imported.
func TestBadImagesSkipped(t *testing.T) {
	srv := newImageServer(t)
	good := pngImage(t, 10, 10, 1)
	srv.file("/good.png", "image/png", good)
	srv.file("/pixel.gif", "image/gif", pngImage(t, 1, 1, 2)) // a lying Content-Type is ignored
	srv.file("/huge.png", "image/png", pngClaiming(t, 20000, 20000))
	srv.file("/truncated.png", "image/png", pngImage(t, 64, 64, 3)[:60])
	srv.file("/noise.png", "image/png", bytes.Repeat([]byte("not an image "), 50))
	srv.file("/bomb.svg", "image/svg+xml", []byte(svgBomb))
	srv.file("/bomb-in-disguise.png", "image/png", []byte(svgBomb))
	srv.file("/frames.gif", "image/gif", manyFrameGIF(t, 400, 400, 10000))
	srv.file("/gone.png", "image/png", nil)
	srv.mux.HandleFunc("/missing.png", http.NotFound)
	var streamed atomic.Int64
	srv.mux.HandleFunc("/big.png", func(w http.ResponseWriter, r *http.Request) {
		// 50 MB, without a Content-Length: the reader must stop at the cap.
		w.Header().Set("Content-Type", "image/png")
		w.Write(good[:16])
		chunk := make([]byte, 64<<10)
		for range 50 << 20 / len(chunk) {
			n, err := w.Write(chunk)
			streamed.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	srv.mux.HandleFunc("/declared-big.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(50<<20))
		w.Write(good)
	})
	srv.file("/article.html", "text/html", []byte(page("Bad images", "good.png", "pixel.gif", "huge.png",
		"truncated.png", "noise.png", "bomb.svg", "bomb-in-disguise.png", "frames.gif", "gone.png",
		"missing.png", "big.png", "declared-big.png", "mailto:someone@example.com")))
	db := testutil.OpenDB(t)
	start := time.Now()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	r := importOne(t, db, srv.URL+"/article.html", Options{HTTPClient: srv.Client()})
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the import took %v", d)
	}
	wantReport(t, r.Images, 2, map[string]int{ // good.png and frames.gif (its first frame)
		skipPixel: 1, skipPixels: 1, skipBroken: 1, skipFormat: 2, skipSVG: 2, skipUnreachable: 1,
		skipTooLarge: 2, skipAddress: 1,
	})
	if n := streamed.Load(); n > 30<<20 {
		t.Errorf("%d MB of 50 streamed for a 10 MB cap: the reader did not stop", n>>20)
	}
	// Decoding the GIF's 10,000 frames would allocate 1.6 GB.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<30 {
		t.Errorf("the import allocated %d MB", grew>>20)
	}
}

// An image address that never answers costs its timeout, and the article's images together
// no more than the budget.
func TestImageThatNeverAnswers(t *testing.T) {
	srv := newImageServer(t)
	release := make(chan struct{})
	defer close(release)
	srv.mux.HandleFunc("/hang/", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	srv.file("/ok.png", "image/png", pngImage(t, 8, 8, 1))
	var srcs []string
	for i := range 30 {
		srcs = append(srcs, fmt.Sprintf("hang/%d.png", i))
	}
	srv.file("/slow.html", "text/html", []byte(page("Slow", append([]string{"ok.png"}, srcs...)...)))
	db := testutil.OpenDB(t)
	start := time.Now()
	r := importOne(t, db, srv.URL+"/slow.html", Options{HTTPClient: srv.Client(),
		ImageTimeout: 300 * time.Millisecond, ImageBudget: time.Second})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the import took %v with a one-second budget", d)
	}
	wantReport(t, r.Images, 1, map[string]int{skipTime: 30})
}

// A page with 500 images keeps the first 100 and reports the rest.
func TestPageWithFiveHundredImages(t *testing.T) {
	srv := newImageServer(t)
	var srcs []string
	for i := range 500 {
		name := fmt.Sprintf("/i/%d.png", i)
		srv.file(name, "image/png", pngImage(t, 4, 3, i))
		srcs = append(srcs, name)
	}
	srv.file("/many.html", "text/html", []byte(page("Many", srcs...)))
	db := testutil.OpenDB(t)
	r := importOne(t, db, srv.URL+"/many.html", Options{HTTPClient: srv.Client()})
	wantReport(t, r.Images, DefaultMaxImages, map[string]int{skipTooMany: 500 - DefaultMaxImages})
	if n, _, _ := db.CountImages(context.Background()); n != DefaultMaxImages {
		t.Errorf("%d images stored", n)
	}
}

// An HTML file's relative images are read from its folder: only regular files (a FIFO
// would block a read forever), and remote ones are fetched.
func TestFileImagesRelativeToTheFile(t *testing.T) {
	ctx := context.Background()
	srv := newImageServer(t)
	remote := pngImage(t, 6, 6, 9)
	srv.file("/remote.png", "image/png", remote)
	dir := t.TempDir()
	local := pngImage(t, 5, 7, 3)
	if err := os.MkdirAll(filepath.Join(dir, "pics", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "pics", "a b.png"), local, 0o644)
	os.WriteFile(filepath.Join(dir, "up.png"), pngImage(t, 3, 3, 4), 0o644)
	srcs := []string{"pics/a%20b.png", "./pics/a b.png", "up.png", "pics/nothing.png", "pics/sub", srv.URL + "/remote.png"}
	if runtime.GOOS != "windows" {
		if err := syscall.Mkfifo(filepath.Join(dir, "pics", "fifo.png"), 0o644); err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, "pics/fifo.png")
	}
	html := filepath.Join(dir, "article.html")
	writeFile(t, html, page("Local", srcs...))
	d := testutil.OpenDB(t)
	done := make(chan Result, 1)
	go func() { done <- importOne(t, d, html, Options{HTTPClient: srv.Client()}) }()
	var r Result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the import hangs (on the FIFO?)")
	}
	notFile := 1
	if runtime.GOOS != "windows" {
		notFile = 2
	}
	// "pics/a%20b.png" and "./pics/a b.png" are the same file: read once, kept once.
	wantReport(t, r.Images, 3, map[string]int{skipMissing: 1, skipNotFile: notFile})
	srcsStored, err := d.ArticleImages(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var fromDisk int
	for _, hash := range srcsStored {
		if hash == store.ImageHash(local) {
			fromDisk++
		}
	}
	if fromDisk != 2 {
		t.Errorf("the file beside the page is stored for %d addresses, want 2: %v", fromDisk, srcsStored)
	}
}

// A book's images are read from inside it, relative to their chapter.
func TestEPUBImages(t *testing.T) {
	ctx := context.Background()
	cover := pngImage(t, 12, 16, 5)
	figure := pngImage(t, 9, 9, 6)
	opf := strings.Replace(testOPF, `<item id="cover" href="cover.jpg" media-type="image/jpeg"/>`,
		`<item id="cover" href="images/cover.png" media-type="image/png"/>`, 1)
	chapterWith := func(title, img string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><h1>` + title +
			`</h1><p>Text of ` + title + `.</p>` + img + `</body></html>`
	}
	book := makeEPUB(t,
		"META-INF/container.xml", testContainer,
		"OEBPS/content.opf", opf,
		"OEBPS/text/chapter 1.xhtml", chapterWith("One", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="../images/cover.png"/></svg>`),
		"OEBPS/text/a-second.xhtml", chapterWith("Two", `<img src="fig%201.png" alt="fig"/><img src="../images/cover.png"/><img src="https://example.com/x.png"/><img src="missing.png"/>`),
		"OEBPS/images/cover.png", string(cover),
		"OEBPS/text/fig 1.png", string(figure),
	)
	path := filepath.Join(t.TempDir(), "book.epub")
	if err := os.WriteFile(path, book, 0o644); err != nil {
		t.Fatal(err)
	}
	d := testutil.OpenDB(t)
	r := importOne(t, d, path, Options{})
	wantReport(t, r.Images, 2, map[string]int{skipRemoteInBook: 1, skipMissing: 1})
	srcs, err := d.ArticleImages(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if srcs["OEBPS/images/cover.png"] != store.ImageHash(cover) || srcs["OEBPS/text/fig%201.png"] != store.ImageHash(figure) {
		t.Errorf("book images %v", srcs)
	}
}

// data: images are decoded with the same checks. (Importing strips data: addresses from
// pages and Markdown files today, as unsafe; this is what happens to one that gets through.)
func TestDataURIImages(t *testing.T) {
	dot := pngImage(t, 4, 4, 8)
	md := "# Inline\n\nAn inline image: ![dot](data:image/png;base64," + base64.StdEncoding.EncodeToString(dot) + ")\n\n" +
		"A pixel: ![px](data:image/png;base64," + base64.StdEncoding.EncodeToString(pngImage(t, 1, 1, 1)) + ")\n\n" +
		"An SVG: ![svg](data:image/svg+xml,%3Csvg%3E%3C/svg%3E)\n\n" +
		"Broken: ![b](data:image/png;base64,%%%%)\n\n" +
		"    ![in code](not-an-image.png)\n"
	origin := originOf(filepath.Join(t.TempDir(), "inline.md"), nil)
	files, report := loadImages(context.Background(), md, origin, Options{}, nil)
	wantReport(t, report, 1, map[string]int{skipPixel: 1, skipSVG: 1, skipBroken: 1})
	if len(files) != 1 || files[0].Src != imageSources(md)[0] || !bytes.Equal(files[0].Data, dot) || files[0].Width != 4 {
		t.Errorf("files %+v", files)
	}
	// Too large, refused before decoding.
	if _, err := decodeDataURI("data:image/png;base64,"+strings.Repeat("AAAA", 1000), 100); reasonOf(err) != skipTooLarge {
		t.Errorf("large data: URI: %v", err)
	}
}

// Images of articles imported without them are fetched again; network off when asked.
func TestRefetchImages(t *testing.T) {
	ctx := context.Background()
	srv := newImageServer(t)
	var hits atomic.Int64
	photo := pngImage(t, 20, 10, 2)
	srv.mux.HandleFunc("/p.png", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write(photo)
	})
	srv.file("/a.html", "text/html", []byte(page("Later", "p.png")))
	d := testutil.OpenDB(t)
	r := importOne(t, d, srv.URL+"/a.html", Options{HTTPClient: srv.Client(), NoImages: true})
	if hits.Load() != 0 || r.Images.Kept != 0 {
		t.Fatalf("NoImages fetched %d images", hits.Load())
	}
	if ids, _ := d.ArticlesWithoutImages(ctx); len(ids) != 1 || ids[0] != r.ID {
		t.Fatalf("ArticlesWithoutImages = %v", ids)
	}
	kept, skippedN, err := RefetchImages(ctx, d, r.ID, Options{HTTPClient: srv.Client()})
	if err != nil || kept != 1 || skippedN != 0 {
		t.Fatalf("RefetchImages = %d, %d, %v", kept, skippedN, err)
	}
	// Again: nothing is missing, nothing is fetched.
	kept, _, err = RefetchImages(ctx, d, r.ID, Options{HTTPClient: srv.Client()})
	if err != nil || kept != 0 || hits.Load() != 1 {
		t.Errorf("second RefetchImages = %d, %v, %d fetches", kept, err, hits.Load())
	}
}

func TestImageReportString(t *testing.T) {
	var r ImageReport
	if r.String() != "" {
		t.Errorf("empty report %q", r)
	}
	r.Kept = 1
	r.skip(skipPixel, 2)
	r.skip(skipSVG, 1)
	if got, want := r.String(), "1 image kept, 3 skipped (2 tracking pixel, 1 SVG (not kept))"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestImageSourcesIgnoreCode(t *testing.T) {
	got := imageSources("![a](x.png) `![b](y.png)`\n\n```\n![c](z.png)\n```\n\n![d][ref] ![a again](x.png)\n\n[ref]: <r e.png>\n")
	want := []string{"x.png", "r e.png"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("imageSources = %q, want %q", got, want)
	}
}
