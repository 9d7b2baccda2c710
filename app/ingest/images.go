package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/image/webp"

	"lectern/store"
)

// Limits on the images of one article, kept unless Options say otherwise.
const (
	DefaultMaxImageBytes   = 10 << 20         // one image's bytes
	DefaultMaxImages       = 100              // images per article
	DefaultImageTimeout    = 15 * time.Second // to fetch or read one image
	DefaultImageBudget     = 60 * time.Second // for all the images of one article
	MaxImagePixels         = 50_000_000       // width × height, checked before any decoding
	maxArticleImageBytes   = 100 << 20        // all the images one article keeps, held in memory until stored
	imageFetchesPerArticle = 4
)

// Why an image was skipped: a few words each, counted by ImageReport.
const (
	skipTooLarge     = "larger than the size limit"
	skipTooMany      = "more images than the article limit"
	skipPixel        = "tracking pixel"
	skipPixels       = "too many pixels"
	skipSVG          = "SVG (not kept)"
	skipFormat       = "not a supported image"
	skipBroken       = "damaged image"
	skipUnreachable  = "could not be fetched"
	skipMissing      = "file not found"
	skipNotFile      = "not a regular file"
	skipTime         = "out of time"
	skipAddress      = "unsupported address"
	skipRemoteInBook = "outside the book"
	skipAllBytes     = "the article's images are too large together"
	skipStore        = "could not be stored"
	skipCancelled    = "cancelled"
	skipPrivate      = "on a private or local address"
)

// ImageReport counts what happened to an article's images: Kept images are stored in the
// archive, Skipped ones are not, each for one of Reasons (reason → count).
type ImageReport struct {
	Kept, Skipped int
	Reasons       map[string]int
}

func (r *ImageReport) skip(reason string, n int) {
	if n <= 0 {
		return
	}
	if r.Reasons == nil {
		r.Reasons = map[string]int{}
	}
	r.Skipped += n
	r.Reasons[reason] += n
}

// Add adds another report's counts to r.
func (r *ImageReport) Add(o ImageReport) {
	r.Kept += o.Kept
	for reason, n := range o.Reasons {
		r.skip(reason, n)
	}
}

// String says it in a few words: "3 images kept, 2 skipped (1 tracking pixel, 1 SVG (not
// kept))"; empty when there were no images.
func (r ImageReport) String() string {
	if r.Kept == 0 && r.Skipped == 0 {
		return ""
	}
	s := fmt.Sprintf("%d %s kept", r.Kept, plural(r.Kept, "image", "images"))
	if r.Skipped == 0 {
		return s
	}
	reasons := slices.Sorted(maps.Keys(r.Reasons))
	sort.SliceStable(reasons, func(i, j int) bool { return r.Reasons[reasons[i]] > r.Reasons[reasons[j]] })
	parts := make([]string, len(reasons))
	for i, reason := range reasons {
		parts[i] = fmt.Sprintf("%d %s", r.Reasons[reason], reason)
	}
	return fmt.Sprintf("%s, %d skipped (%s)", s, r.Skipped, strings.Join(parts, ", "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// imageError is why one image was skipped.
type imageError struct {
	reason string
	err    error
}

func (e *imageError) Error() string {
	if e.err == nil {
		return e.reason
	}
	return e.reason + ": " + e.err.Error()
}

func (e *imageError) Unwrap() error { return e.err }

func skipped(reason string, err error) error { return &imageError{reason: reason, err: err} }

func reasonOf(err error) string {
	var ie *imageError
	if errors.As(err, &ie) {
		return ie.reason
	}
	return skipUnreachable
}

// imageSources returns the distinct image addresses of a Markdown text in the order they
// appear, exactly as written (an ast.Image's Destination, which is also what a reader that
// parses the same Markdown with goldmark looks up). Images inside code are text, not images.
func imageSources(md string) []string {
	if !strings.Contains(md, "![") {
		return nil
	}
	source := []byte(md)
	doc := markdownEngine.Parser().Parse(text.NewReader(source))
	var srcs []string
	seen := map[string]bool{}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			src := string(img.Destination)
			if strings.TrimSpace(src) != "" && !seen[src] {
				seen[src] = true
				srcs = append(srcs, src)
			}
		}
		return ast.WalkContinue, nil
	})
	return srcs
}

// imageOrigin is where an article's images are read from: the web (relative addresses
// resolved against the page), the folder of a file on disk, or the files of an EPUB book.
type imageOrigin struct {
	page    *url.URL    // the page's address, for a fetched page
	dir     string      // the folder of a file on disk
	book    *zip.Reader // an EPUB's files; addresses are paths inside it
	network bool        // http(s) images may be fetched (the user asked for a page or a document)
}

// originOf picks where the images of an article read from source (a URL or a file path)
// come from; data is the file's bytes (needed for an EPUB, whose images are inside it).
func originOf(source string, data []byte) *imageOrigin {
	if u := webURL(source); u != nil {
		return &imageOrigin{page: u, network: true}
	}
	f := formatByName(source)
	if f == formatUnknown && data != nil {
		f = sniffFormat(data)
	}
	if f == formatEPUB {
		if data == nil {
			return nil
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil
		}
		return &imageOrigin{book: zr}
	}
	abs, err := filepath.Abs(source)
	if err != nil {
		return nil
	}
	return &imageOrigin{dir: filepath.Dir(abs), network: true}
}

// location is one image to read: a URL, a file, a file in the book, or a data: URI.
type location struct {
	kind   string // "web", "file", "book", "data"
	target string
}

// locate resolves an image address (as the Markdown writes it) against the origin.
func (o *imageOrigin) locate(src string) (location, error) {
	raw := strings.TrimSpace(src)
	// The Markdown may escape punctuation (\_) or write entities (&amp;) in an address.
	raw = string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations([]byte(raw)))))
	if len(raw) >= 5 && strings.EqualFold(raw[:5], "data:") {
		return location{kind: "data", target: raw}, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		u = &url.URL{Path: raw} // a file name with a stray % or the like
	}
	switch {
	case o.page != nil:
		abs := o.page.ResolveReference(u)
		if !isWebURL(abs.String()) || abs.Host == "" {
			return location{}, skipped(skipAddress, fmt.Errorf("%.80s", raw))
		}
		abs.Fragment = ""
		return location{kind: "web", target: abs.String()}, nil
	case u.Scheme == "http" || u.Scheme == "https":
		if o.book != nil || !o.network {
			return location{}, skipped(skipRemoteInBook, fmt.Errorf("%.80s", raw))
		}
		if u.Host == "" {
			return location{}, skipped(skipAddress, fmt.Errorf("%.80s", raw))
		}
		u.Fragment = ""
		return location{kind: "web", target: u.String()}, nil
	case o.book != nil:
		if u.Scheme != "" || u.Host != "" || u.Path == "" {
			return location{}, skipped(skipAddress, fmt.Errorf("%.80s", raw))
		}
		return location{kind: "book", target: path.Clean(strings.TrimPrefix(u.Path, "/"))}, nil
	case o.dir != "":
		p := u.Path
		if u.Scheme == "file" {
			if u.Host != "" && u.Host != "localhost" {
				return location{}, skipped(skipAddress, fmt.Errorf("%.80s", raw))
			}
		} else if u.Scheme != "" || u.Host != "" {
			// mailto:, javascript:, //host/path (no scheme to fetch it with)...
			return location{}, skipped(skipAddress, fmt.Errorf("%.80s", raw))
		}
		if p == "" {
			return location{}, skipped(skipAddress, fmt.Errorf("%.80s", raw))
		}
		p = filepath.FromSlash(p)
		if !filepath.IsAbs(p) {
			p = filepath.Join(o.dir, p)
		}
		return location{kind: "file", target: filepath.Clean(p)}, nil
	}
	return location{}, skipped(skipAddress, fmt.Errorf("%.80s", raw))
}

// imageLimits are an import's limits on images, Options' with their defaults.
type imageLimits struct {
	maxBytes int64
	maxCount int
	timeout  time.Duration
	budget   time.Duration
	client   *http.Client
}

func (opt Options) imageLimits() imageLimits {
	l := imageLimits{maxBytes: opt.MaxImageBytes, maxCount: opt.MaxImages, timeout: opt.ImageTimeout,
		budget: opt.ImageBudget, client: opt.HTTPClient}
	if l.maxBytes <= 0 {
		l.maxBytes = DefaultMaxImageBytes
	}
	if l.maxCount <= 0 {
		l.maxCount = DefaultMaxImages
	}
	if l.timeout <= 0 {
		l.timeout = DefaultImageTimeout
	}
	if l.budget <= 0 {
		l.budget = DefaultImageBudget
	}
	if l.client == nil {
		l.client = defaultHTTPClient
	}
	return l
}

// loadImages reads or fetches the images of an article's Markdown, each distinct image once,
// within the limits; the ones that fail are skipped and counted. Only srcs in want (when not
// nil) are loaded. It never fails: the worst is every image skipped.
func loadImages(ctx context.Context, md string, origin *imageOrigin, opt Options, want func(src string) bool) ([]store.ImageFile, ImageReport) {
	var report ImageReport
	srcs := imageSources(md)
	if want != nil {
		srcs = slices.DeleteFunc(srcs, func(s string) bool { return !want(s) })
	}
	if len(srcs) == 0 {
		return nil, report
	}
	if origin == nil {
		report.skip(skipAddress, len(srcs))
		return nil, report
	}
	lim := opt.imageLimits()

	// Group the addresses by what they point at, so that "a.png" and "./a.png" are read once.
	type job struct {
		loc  location
		srcs []string
	}
	var jobs []*job
	byTarget := map[location]*job{}
	for _, src := range srcs {
		loc, err := origin.locate(src)
		if err != nil {
			report.skip(reasonOf(err), 1)
			continue
		}
		if j := byTarget[loc]; j != nil {
			j.srcs = append(j.srcs, src)
			continue
		}
		j := &job{loc: loc, srcs: []string{src}}
		byTarget[loc] = j
		jobs = append(jobs, j)
	}
	if len(jobs) > lim.maxCount {
		report.skip(skipTooMany, len(jobs)-lim.maxCount)
		jobs = jobs[:lim.maxCount]
	}

	ctx, cancel := context.WithTimeout(ctx, lim.budget)
	defer cancel()
	type outcome struct {
		file store.ImageFile
		err  error
	}
	outcomes := make([]outcome, len(jobs))
	var (
		mu        sync.Mutex
		heldBytes int64
	)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(imageFetchesPerArticle, len(jobs)) {
		wg.Go(func() {
			for i := range next {
				if err := ctx.Err(); err != nil {
					outcomes[i].err = budgetError(err)
					continue
				}
				file, err := loadImage(ctx, origin, jobs[i].loc, lim)
				if err == nil {
					mu.Lock()
					if heldBytes+int64(len(file.Data)) > maxArticleImageBytes {
						err = skipped(skipAllBytes, nil)
					} else {
						heldBytes += int64(len(file.Data))
					}
					mu.Unlock()
				}
				outcomes[i] = outcome{file: file, err: err}
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()

	var files []store.ImageFile
	for i, o := range outcomes {
		if o.err != nil {
			report.skip(reasonOf(o.err), 1)
			continue
		}
		report.Kept++
		for _, src := range jobs[i].srcs {
			f := o.file
			f.Src = src
			files = append(files, f)
		}
	}
	return files, report
}

// budgetError names why the article's images ran out of time: its budget, or a cancel.
func budgetError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return skipped(skipTime, err)
	}
	return skipped(skipCancelled, err)
}

// loadImage reads one image within the per-image time and size limits and checks it.
func loadImage(ctx context.Context, origin *imageOrigin, loc location, lim imageLimits) (store.ImageFile, error) {
	ctx, cancel := context.WithTimeout(ctx, lim.timeout)
	defer cancel()
	var (
		data []byte
		err  error
	)
	if isSVGName(loc) {
		// Not even read: see checkImage.
		return store.ImageFile{}, skipped(skipSVG, nil)
	}
	switch loc.kind {
	case "data":
		data, err = decodeDataURI(loc.target, lim.maxBytes)
	case "web":
		data, err = fetchImage(ctx, lim.client, loc.target, lim.maxBytes)
	case "file":
		data, err = readImageFile(ctx, loc.target, lim.maxBytes)
	case "book":
		data, err = readBookImage(origin.book, loc.target, lim.maxBytes)
	default:
		err = skipped(skipAddress, nil)
	}
	if err != nil {
		return store.ImageFile{}, err
	}
	if ctx.Err() != nil {
		return store.ImageFile{}, budgetError(ctx.Err())
	}
	mimeType, w, h, err := checkImage(data)
	if err != nil {
		return store.ImageFile{}, err
	}
	return store.ImageFile{Mime: mimeType, Width: w, Height: h, Data: data}, nil
}

// isSVGName reports whether the address says the image is an SVG.
func isSVGName(loc location) bool {
	if loc.kind == "data" {
		head := strings.ToLower(loc.target[:min(len(loc.target), 40)])
		return strings.HasPrefix(head, "data:image/svg")
	}
	name := loc.target
	if loc.kind == "web" {
		if u, err := url.Parse(name); err == nil {
			name = u.Path
		}
	}
	ext := strings.ToLower(path.Ext(name))
	return ext == ".svg" || ext == ".svgz"
}

// fetchImage downloads one image with the import's HTTP client (the one pages are fetched
// with), reading no more than maxBytes+1 bytes.
func fetchImage(ctx context.Context, client *http.Client, u string, maxBytes int64) ([]byte, error) {
	resp, err := httpGet(ctx, client, u, "image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1")
	if err != nil {
		if pe := privateAddress(err); pe != nil {
			return nil, skipped(skipPrivate, pe)
		}
		if ctx.Err() != nil {
			return nil, budgetError(ctx.Err())
		}
		return nil, skipped(skipUnreachable, describeFetchError(ctx, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, skipped(skipUnreachable, fmt.Errorf("the server answered %s", resp.Status))
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); strings.HasPrefix(mt, "image/svg") {
		return nil, skipped(skipSVG, nil)
	}
	if resp.ContentLength > maxBytes {
		return nil, skipped(skipTooLarge, tooLarge(resp.ContentLength, maxBytes))
	}
	data, err := readCapped(resp.Body, maxBytes)
	if err != nil && ctx.Err() != nil {
		return nil, budgetError(ctx.Err())
	}
	return data, err
}

// readCapped reads r to its end, refusing (after reading at most maxBytes+1 bytes) more than
// maxBytes.
func readCapped(r io.Reader, maxBytes int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, skipped(skipUnreachable, err)
	}
	if int64(len(data)) > maxBytes {
		return nil, skipped(skipTooLarge, fmt.Errorf("more than %s", humanBytes(maxBytes)))
	}
	return data, nil
}

// readImageFile reads a regular file (not a FIFO, a device or a folder, which could block or
// never end), no larger than maxBytes.
func readImageFile(ctx context.Context, name string, maxBytes int64) ([]byte, error) {
	// Stat, then open with O_NONBLOCK (which keeps the open of a FIFO swapped in meanwhile
	// from blocking) and check the open file again.
	info, err := os.Stat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, skipped(skipMissing, err)
	}
	if err != nil {
		return nil, skipped(skipUnreachable, err)
	}
	if !info.Mode().IsRegular() {
		return nil, skipped(skipNotFile, fmt.Errorf("%s", filepath.Base(name)))
	}
	if info.Size() > maxBytes {
		return nil, skipped(skipTooLarge, tooLarge(info.Size(), maxBytes))
	}
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, skipped(skipUnreachable, err)
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, skipped(skipNotFile, fmt.Errorf("%s", filepath.Base(name)))
	}
	if err := ctx.Err(); err != nil {
		return nil, budgetError(err)
	}
	return readCapped(f, maxBytes)
}

// readBookImage reads one file of an EPUB, no larger than maxBytes once unpacked.
func readBookImage(book *zip.Reader, name string, maxBytes int64) ([]byte, error) {
	f, err := book.Open(name)
	if err != nil {
		return nil, skipped(skipMissing, err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, skipped(skipNotFile, fmt.Errorf("%s", name))
	}
	data, err := readCapped(f, maxBytes)
	var ie *imageError
	if err != nil && !errors.As(err, &ie) {
		return nil, skipped(skipBroken, err)
	}
	return data, err
}

// decodeDataURI returns the bytes of a data: URI (RFC 2397), base64 or percent-encoded,
// refusing more than maxBytes (a base64 one before decoding it).
func decodeDataURI(uri string, maxBytes int64) ([]byte, error) {
	if len(uri) < 5 || !strings.EqualFold(uri[:5], "data:") {
		return nil, skipped(skipAddress, errors.New("not a data: URI"))
	}
	meta, payload, ok := strings.Cut(uri[5:], ",")
	if !ok {
		return nil, skipped(skipBroken, errors.New("a data: URI without a comma"))
	}
	isBase64 := strings.HasSuffix(strings.ToLower(strings.TrimSpace(meta)), ";base64")
	if !isBase64 {
		data, err := url.PathUnescape(payload)
		if err != nil {
			return nil, skipped(skipBroken, err)
		}
		if int64(len(data)) > maxBytes {
			return nil, skipped(skipTooLarge, tooLarge(int64(len(data)), maxBytes))
		}
		return []byte(data), nil
	}
	payload = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, payload)
	if size := int64(base64.StdEncoding.DecodedLen(len(payload))); size > maxBytes+2 {
		return nil, skipped(skipTooLarge, tooLarge(size, maxBytes))
	}
	enc := base64.StdEncoding
	if strings.ContainsAny(payload, "-_") {
		enc = base64.URLEncoding
	}
	if !strings.HasSuffix(payload, "=") {
		enc = enc.WithPadding(base64.NoPadding)
	}
	data, err := enc.DecodeString(payload)
	if err != nil {
		return nil, skipped(skipBroken, err)
	}
	if int64(len(data)) > maxBytes {
		return nil, skipped(skipTooLarge, tooLarge(int64(len(data)), maxBytes))
	}
	return data, nil
}

// imageMimes are the formats kept, by the name image.DecodeConfig gives them. Others
// registered by whatever else the program links (BMP, TIFF...) are not: the reader draws
// these four.
var imageMimes = map[string]string{
	"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
}

// imageDecoders decode one image (a GIF's first frame only).
var imageDecoders = map[string]func(io.Reader) (image.Image, error){
	"png": png.Decode, "jpeg": jpeg.Decode, "gif": gif.Decode, "webp": webp.Decode,
}

// decodeSlots bounds how many images are decoded at once, each up to MaxImagePixels (200 MB
// of pixels).
var decodeSlots = make(chan struct{}, 2)

// checkImage tells what an image is and whether to keep it. SVG is never kept: drawing one
// means running a renderer (Fyne's oksvg) on arbitrary XML with no limit on nesting, path
// count or canvas size, so a small file can hang or exhaust the reader; checking one safely
// would take a renderer of our own. Everything else is checked by its header first
// (image.DecodeConfig: format, width, height) and refused when too large in pixels or a
// tracking pixel, and only then decoded once, to refuse damaged bytes (a GIF: its first frame
// only, however many it has).
func checkImage(data []byte) (mimeType string, width, height int, err error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		if looksLikeSVG(data) {
			return "", 0, 0, skipped(skipSVG, nil)
		}
		if errors.Is(err, image.ErrFormat) {
			return "", 0, 0, skipped(skipFormat, nil)
		}
		return "", 0, 0, skipped(skipBroken, err)
	}
	mimeType, ok := imageMimes[format]
	if !ok {
		return "", 0, 0, skipped(skipFormat, fmt.Errorf("%s", format))
	}
	w, h := cfg.Width, cfg.Height
	switch {
	case w <= 0 || h <= 0:
		return "", 0, 0, skipped(skipBroken, fmt.Errorf("%d×%d", w, h))
	case int64(w)*int64(h) > MaxImagePixels:
		return "", 0, 0, skipped(skipPixels, fmt.Errorf("%d×%d", w, h))
	case w <= 2 && h <= 2:
		return "", 0, 0, skipped(skipPixel, nil)
	}
	decodeSlots <- struct{}{}
	img, err := decodeGuarded(imageDecoders[format], data)
	<-decodeSlots
	if err != nil {
		return "", 0, 0, skipped(skipBroken, err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		return "", 0, 0, skipped(skipBroken, fmt.Errorf("%d×%d in its header, %d×%d decoded", w, h, b.Dx(), b.Dy()))
	}
	return mimeType, w, h, nil
}

// decodeGuarded decodes, turning a decoder's panic on hostile bytes into an error.
func decodeGuarded(decode func(io.Reader) (image.Image, error), data []byte) (img image.Image, err error) {
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, fmt.Errorf("the decoder failed: %v", p)
		}
	}()
	return decode(bytes.NewReader(data))
}

func looksLikeSVG(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	head = bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	return bytes.HasPrefix(head, []byte("<svg")) || bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(head, []byte("<svg")) ||
		bytes.HasPrefix(head, []byte("<!doctype svg")) || bytes.HasPrefix(head, []byte("\x1f\x8b")) // svgz
}

// storeImages stores an imported article's images and completes the report; an image that
// cannot be stored is counted as skipped, never failing the article.
func storeImages(ctx context.Context, db *store.DB, id int64, files []store.ImageFile, report *ImageReport) {
	if len(files) == 0 {
		return
	}
	if err := db.AddArticleImages(ctx, id, files); err != nil {
		report.skip(skipStore, report.Kept)
		report.Kept = 0
	}
}

// RefetchImages fetches or reads again the images of an article already in the archive
// (imported before images were kept, or whose images failed), from its Source (the page's
// address, or the file it was imported from), and stores them. Addresses that already have
// an image are left as they are. kept and skipped count distinct images.
func RefetchImages(ctx context.Context, db *store.DB, articleID int64, opt Options) (kept, skipped int, err error) {
	r, err := RefetchImagesReport(ctx, db, articleID, opt)
	return r.Kept, r.Skipped, err
}

// RefetchImagesReport is RefetchImages with the reasons images were skipped.
func RefetchImagesReport(ctx context.Context, db *store.DB, articleID int64, opt Options) (ImageReport, error) {
	opt = opt.withDefaults()
	a, err := db.Article(ctx, articleID)
	if err != nil {
		return ImageReport{}, err
	}
	have, err := db.ArticleImages(ctx, articleID)
	if err != nil {
		return ImageReport{}, err
	}
	want := func(src string) bool { _, ok := have[src]; return !ok }
	var data []byte
	if webURL(a.Source) == nil {
		// A book's images are inside it: read it again (only a regular file, within the cap).
		f := formatByName(a.Source)
		if f == formatEPUB || f == formatUnknown {
			if info, err := os.Stat(a.Source); err != nil || !info.Mode().IsRegular() {
				return ImageReport{}, fmt.Errorf("images of article %d: %s is not a file that can be read", articleID, a.Source)
			}
			if data, err = readFileCapped(a.Source, opt.MaxBytes); err != nil {
				return ImageReport{}, fmt.Errorf("images of article %d: %w", articleID, err)
			}
		}
	}
	// The address the user gave (SourceKey; Source may be the page's own canonical claim)
	// may be private, and its images with it.
	files, report := loadImages(allowHost(ctx, hostOf(a.SourceKey)), a.Markdown, originOf(a.Source, data), opt, want)
	storeImages(ctx, db, articleID, files, &report)
	if err := ctx.Err(); err != nil {
		return report, err
	}
	return report, nil
}
