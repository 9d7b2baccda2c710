package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"lectern/store"
)

// Outcome says what happened to one imported item.
type Outcome int

const (
	Imported  Outcome = iota // stored; Err is set when a saved link could not be fetched and was stored without text
	Duplicate                // already in the archive; Result.ID is the existing article
	Failed                   // could not be read, fetched or parsed; nothing stored
	Skipped                  // not an article (hidden file, image...); nothing stored
)

func (o Outcome) String() string {
	switch o {
	case Imported:
		return "imported"
	case Duplicate:
		return "duplicate"
	case Failed:
		return "failed"
	case Skipped:
		return "skipped"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Result is what happened to one file or URL. Err says why in words for Failed, Duplicate
// (a *store.DuplicateError) and Skipped.
type Result struct {
	Source  string
	Outcome Outcome
	ID      int64 // the article (for a duplicate: the one already stored)
	NoteID  int64 // with MarkdownAsNotes: the standalone note made from the file
	Title   string
	Err     error
	// Images counts the article's images kept in the archive and skipped (with why).
	Images ImageReport
	// Merged counts what an item of another app's export added (highlights, notes, tags...):
	// to the new article, or to the one already stored (Outcome Duplicate).
	Merged store.Merged
}

// Progress reports how far an import is; Current is the item just finished.
type Progress struct {
	Done, Total int
	Current     string
}

// Options tune an import. The zero value is ready to use.
type Options struct {
	MaxBytes int64 // largest file or page read; default DefaultMaxBytes
	Workers  int   // parallel parsers; default GOMAXPROCS (at least 8 when fetching URLs)
	// OnProgress and OnResult are called from one goroutine, one call at a time, as each item
	// finishes (in the order they finish).
	OnProgress func(Progress)
	OnResult   func(Result)
	HTTPClient *http.Client // for URLs; default one with FetchTimeout
	// MarkdownAsNotes stores Markdown files (an Obsidian vault, a folder of notes) as
	// standalone notes instead of articles.
	MarkdownAsNotes bool
	// NoFetch stores the links of reading lists and exports without fetching them, to be
	// fetched later (lectern import --retry, or Fetch Again in the window).
	NoFetch bool

	// Images: an article's images are fetched (from the web, for a page or a document that
	// links to them) or read (beside a file, inside a book) once, at import, and stored in
	// the archive. NoImages leaves them out. The limits default to DefaultMaxImageBytes per
	// image, DefaultMaxImages per article, DefaultImageTimeout per image and
	// DefaultImageBudget for all the images of one article.
	NoImages      bool
	MaxImageBytes int64
	MaxImages     int
	ImageTimeout  time.Duration
	ImageBudget   time.Duration
}

// Summary counts the outcomes of an import; Results are in the order of the sources (folders
// in file-name order).
type Summary struct {
	Imported, Duplicates, Failed, Skipped int
	// NotTried counts the items left untried when the import stopped early: cancelled, or
	// the database could not be written (read-only, the disk full).
	NotTried int
	Results  []Result
	Images   ImageReport // of every imported article
	// Merged counts the duplicates (among Duplicates) that received something: highlights,
	// notes, tags, an archived status, their text. Added sums what every item added.
	Merged int
	Added  store.Merged
}

func (s *Summary) add(r Result) {
	s.Images.Add(r.Images)
	s.Added.Add(r.Merged)
	if r.Outcome == Duplicate && r.Merged.Any() {
		s.Merged++
	}
	switch r.Outcome {
	case Imported:
		s.Imported++
	case Duplicate:
		s.Duplicates++
	case Failed:
		s.Failed++
	case Skipped:
		s.Skipped++
	}
}

// item is one thing to import: a file, or a URL given directly or read from a reading list.
type item struct {
	source  string // path as found, or URL
	isURL   bool
	entry   *listEntry // for a URL read from a reading list
	settled *Result    // set when the item was decided while collecting (skipped, unreadable)
}

// parsed is a worker's answer for items[index].
type parsed struct {
	index   int
	article *store.Article
	images  []store.ImageFile // the article's, to store with it
	result  Result            // final when article is nil; carries the image report
}

// Import imports files, folders (recursively) and http(s) URLs. Items are read and parsed in
// parallel workers and written by one writer, one transaction per article; a bad item never
// fails the batch. When ctx is cancelled, Import stops cleanly and returns what was done with
// ctx's error. The only other error is a database that cannot be written at all.
func Import(ctx context.Context, db *store.DB, sources []string, opt Options) (Summary, error) {
	if opt.MarkdownAsNotes {
		return importVault(ctx, db, sources, opt) // vault.go: each note kept as its file has it
	}
	workers := opt.Workers
	opt = opt.withDefaults()
	items := collect(ctx, sources, opt.MaxBytes)
	if ctx.Err() != nil {
		return Summary{}, context.Cause(ctx)
	}
	if workers <= 0 {
		workers = opt.Workers
		if slices.ContainsFunc(items, func(it item) bool { return it.isURL }) {
			workers = max(workers, minFetchWorkers) // fetching waits on the network, not the CPU
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan int)
	done := make(chan parsed, 64)
	go func() {
		defer close(todo)
		for i, it := range items {
			if it.settled != nil {
				continue
			}
			select {
			case todo <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range min(workers, max(len(items), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range todo {
				done <- load(ctx, db, i, items[i], opt)
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()

	// The writer: this goroutine alone stores articles and calls the callbacks.
	results := make([]*Result, len(items))
	finished := 0
	report := func(i int, r Result) {
		results[i] = &r
		finished++
		if opt.OnResult != nil {
			opt.OnResult(r)
		}
		if opt.OnProgress != nil {
			opt.OnProgress(Progress{Done: finished, Total: len(items), Current: r.Source})
		}
	}
	for i, it := range items {
		if it.settled != nil {
			report(i, *it.settled)
		}
	}
	var fatal error
	stop := func(err error) {
		// Every other item would fail the same way: stop at the first.
		fatal = err
		cancel()
	}
	// The items of reading lists and exports are written in batches, many to a transaction.
	var pending []parsed
	flush := func() {
		if len(pending) == 0 {
			return
		}
		batch := pending
		pending = nil
		if ctx.Err() != nil {
			return
		}
		importItems := make([]store.ImportItem, len(batch))
		for i, p := range batch {
			e := items[p.index].entry
			importItems[i] = store.ImportItem{Article: p.article, ID: p.result.ID, Additions: e.additions()}
		}
		outcomes, err := db.ImportArticles(ctx, importItems)
		for i, p := range batch {
			r := p.result
			if err != nil {
				r.Outcome, r.Err = Failed, fmt.Errorf("store %s: %w", r.Source, err)
				if fatal == nil && (errors.Is(err, store.ErrReadOnly) || errors.Is(err, store.ErrDiskFull)) {
					stop(err)
					report(p.index, r)
				} else if ctx.Err() == nil {
					report(p.index, r)
				}
				continue
			}
			o := outcomes[i]
			r.ID, r.Title, r.Merged = o.ID, o.Title, o.Merged
			switch {
			case o.Err != nil:
				r.Outcome, r.ID, r.Err = Failed, 0, fmt.Errorf("store %s: %w", r.Source, o.Err)
			case o.Existed:
				r.Outcome, r.Err, r.Images = Duplicate, &store.DuplicateError{ExistingID: o.ID, Title: o.Title}, ImageReport{}
			default:
				r.Outcome = Imported
				storeImages(ctx, db, r.ID, p.images, &r.Images)
			}
			report(p.index, r)
		}
	}
	for {
		var (
			p  parsed
			ok bool
		)
		select {
		case p, ok = <-done:
		default:
			flush() // nothing else ready: write what waits
			p, ok = <-done
		}
		if !ok {
			break
		}
		if ctx.Err() != nil {
			continue // cancelled: drain the workers without storing anything more
		}
		r := p.result
		if e := items[p.index].entry; e != nil && (p.article != nil || r.Outcome == Duplicate && r.ID != 0 && e.hasAdditions()) {
			pending = append(pending, p)
			if len(pending) >= maxBatch {
				flush()
			}
			continue
		}
		if p.article != nil {
			if opt.MarkdownAsNotes && formatByName(r.Source) == formatMarkdown {
				r = saveNote(ctx, db, p.article, r)
			} else {
				r = save(ctx, db, p.article, r)
				if r.Outcome == Imported {
					storeImages(ctx, db, r.ID, p.images, &r.Images)
				} else {
					r.Images = ImageReport{}
				}
			}
			if errors.Is(r.Err, store.ErrReadOnly) || errors.Is(r.Err, store.ErrDiskFull) {
				stop(r.Err)
				report(p.index, r)
				continue
			}
			if ctx.Err() != nil && r.Outcome == Failed {
				continue // the transaction was interrupted, not the item's fault
			}
		}
		report(p.index, r)
	}
	flush()

	var sum Summary
	for _, r := range results {
		if r != nil {
			sum.add(*r)
			sum.Results = append(sum.Results, *r)
		}
	}
	sum.NotTried = len(items) - finished
	if fatal != nil {
		return sum, fmt.Errorf("import stopped: %w; %d not tried", fatal, sum.NotTried)
	}
	return sum, context.Cause(ctx)
}

const minFetchWorkers = 8

// maxBatch is how many items of a reading list or an export are written in one transaction.
const maxBatch = 256

func (opt Options) withDefaults() Options {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = defaultHTTPClient
	}
	return opt
}

// save adds one article and turns the answer into a Result.
func save(ctx context.Context, db *store.DB, a *store.Article, r Result) Result {
	r.Title = a.Title
	if isBook(r.Source) && a.Byline != "" {
		// A book imported from Kindle, KOReader or Readwise, stored without its text, gets it
		// now, and its highlights are placed in it; later exports merge into it.
		if id, hasText, err := db.FindBook(ctx, a.Title, a.Byline); err == nil && id != 0 && !hasText {
			return fillBook(ctx, db, id, a, r)
		}
		if a.SourceKey == "" {
			a.SourceKey = store.BookKey(a.Title, a.Byline)
		}
	}
	id, err := db.AddArticle(ctx, a)
	var dup *store.DuplicateError
	switch {
	case errors.As(err, &dup):
		r.Outcome, r.ID, r.Err = Duplicate, dup.ExistingID, dup
	case err != nil:
		r.Outcome, r.Err = Failed, fmt.Errorf("store %s: %w", r.Source, err)
	default:
		r.Outcome, r.ID = Imported, id
	}
	return r
}

// isBook reports whether a file is a book (an EPUB).
func isBook(name string) bool {
	return !isWebURL(name) && formatByName(name) == formatEPUB
}

// fillBook gives the text of a book to the article stored (without text) for its
// highlights, which are placed in it.
func fillBook(ctx context.Context, db *store.DB, id int64, a *store.Article, r Result) Result {
	existing, err := db.Article(ctx, id)
	if err != nil {
		r.Outcome, r.Err = Failed, fmt.Errorf("store %s: %w", r.Source, err)
		return r
	}
	a.ID = id
	a.Title = existing.Title
	if err := db.UpdateArticleText(ctx, a); err != nil {
		var dup *store.DuplicateError
		if errors.As(err, &dup) {
			r.Outcome, r.ID, r.Err = Duplicate, dup.ExistingID, dup
		} else {
			r.Outcome, r.Err = Failed, fmt.Errorf("store %s: %w", r.Source, err)
		}
		return r
	}
	if len(a.Tags) > 0 {
		_ = db.SetTags(ctx, id, append(existing.Tags, a.Tags...))
	}
	r.Outcome, r.ID, r.Title = Imported, id, existing.Title
	r.Merged.Text = true
	if hs, err := db.Highlights(ctx, id); err == nil {
		for _, h := range hs {
			if h.Placed() {
				r.Merged.Placed++
			}
		}
	}
	return r
}

// saveNote adds a Markdown file as a standalone note, headed by its title, unless the same
// note is there already.
func saveNote(ctx context.Context, db *store.DB, a *store.Article, r Result) Result {
	r.Title = a.Title
	body := strings.TrimSpace(a.Markdown)
	if first, _, _ := strings.Cut(body, "\n"); a.Title != "" && !strings.Contains(first, a.Title) {
		body = "# " + a.Title + "\n\n" + body
	}
	id, existed, err := db.AddNoteOnce(ctx, 0, body)
	switch {
	case err != nil:
		r.Outcome, r.Err = Failed, fmt.Errorf("store %s: %w", r.Source, err)
	case existed:
		r.Outcome, r.NoteID, r.Err = Duplicate, id, fmt.Errorf("already a note (%d)", id)
	default:
		r.Outcome, r.NoteID = Imported, id
	}
	return r
}

// load reads or fetches and parses one item (in a worker).
func load(ctx context.Context, db *store.DB, index int, it item, opt Options) parsed {
	p := parsed{index: index, result: Result{Source: it.source, Outcome: Failed}}
	var (
		err  error
		data []byte // a file's bytes, for a book's images
	)
	switch {
	case it.entry != nil && it.entry.article != nil:
		// An export's item that holds its text (or a book without it): nothing to fetch.
		a := *it.entry.article
		a.Tags = slices.Clone(a.Tags)
		p.article = &a
		if !opt.NoImages && isWebURL(a.Source) && strings.Contains(a.Markdown, "![") {
			p.images, p.result.Images = loadImages(ctx, a.Markdown, originOf(a.Source, nil), opt, nil)
		}
		return p
	case it.isURL && it.entry != nil && opt.NoFetch:
		err = notFetched(ctx, db, it.source)
	case it.isURL:
		p.article, err = loadURL(ctx, db, it.source, opt)
	default:
		p.article, data, err = loadFile(ctx, db, it.source, opt.MaxBytes)
	}
	if err == nil && p.article != nil && !opt.NoImages && !(opt.MarkdownAsNotes && formatByName(it.source) == formatMarkdown) {
		source, imgCtx := it.source, ctx
		if it.isURL {
			source = p.article.Source // the page's final (or canonical) address
			// The page's images may come from the host the user gave, even a private one.
			imgCtx = allowHost(ctx, hostOf(it.source))
		}
		p.images, p.result.Images = loadImages(imgCtx, p.article.Markdown, originOf(source, data), opt, nil)
	}
	var dup *store.DuplicateError
	switch {
	case errors.As(err, &dup):
		p.result.Outcome, p.result.ID, p.result.Title = Duplicate, dup.ExistingID, dup.Title
	case it.entry != nil && err != nil && ctx.Err() == nil:
		// A saved link that cannot be fetched now is kept, without text, to retry later.
		p.article = it.entry.placeholder(err)
	case it.entry != nil && err == nil:
		it.entry.applyTo(p.article)
	}
	p.result.Err = err
	return p
}

// loadFile reads and parses one file; the article's Source is its absolute path. A file that
// Lectern itself exported from this archive is a duplicate, so importing an export folder
// back restores nothing twice.
func loadFile(ctx context.Context, db *store.DB, path string, maxBytes int64) (*store.Article, []byte, error) {
	data, err := readFileCapped(path, maxBytes)
	if err != nil {
		return nil, nil, err
	}
	if dup := exportedDuplicate(ctx, db, path, data); dup != nil {
		return nil, nil, dup
	}
	a, err := Parse(path, data)
	if err != nil {
		return nil, nil, fmt.Errorf("parse %s: %w", path, err)
	}
	if abs, err := filepath.Abs(path); err == nil && a.Source == path {
		a.Source = abs
	}
	return a, data, nil
}

// loadURL fetches one page, unless the archive already has its URL.
func loadURL(ctx context.Context, db *store.DB, rawURL string, opt Options) (*store.Article, error) {
	if dup := stored(ctx, db, rawURL); dup != nil {
		return nil, dup
	}
	return Fetch(ctx, rawURL, opt)
}

// notFetched is the error of a link not fetched (Options.NoFetch), unless the archive has
// it already.
func notFetched(ctx context.Context, db *store.DB, rawURL string) error {
	if dup := stored(ctx, db, rawURL); dup != nil {
		return dup
	}
	return errNotFetched
}

// stored says that the archive has the URL already, or returns nil.
func stored(ctx context.Context, db *store.DB, rawURL string) *store.DuplicateError {
	id, err := db.FindBySource(ctx, NormalizeURL(rawURL))
	if err != nil || id == 0 {
		return nil
	}
	dup := &store.DuplicateError{ExistingID: id, Title: rawURL}
	if existing, err := db.Article(ctx, id); err == nil {
		dup.Title = existing.Title
	}
	return dup
}

// collect expands the sources into items: folders are walked (hidden entries, files that are
// not articles and anything that is not a regular file, such as a named pipe, are settled as
// Skipped), reading lists become their links, and paths that cannot be read are settled as
// Failed. It stops early when ctx is cancelled.
func collect(ctx context.Context, sources []string, maxBytes int64) []item {
	var items []item
	settle := func(source string, outcome Outcome, err error) {
		items = append(items, item{source: source, settled: &Result{Source: source, Outcome: outcome, Err: err}})
	}
	// addFile adds a file, or the links of a reading list.
	addFile := func(path string, inFolder bool) {
		ext := strings.ToLower(filepath.Ext(path))
		mayBeList := slices.Contains([]string{".html", ".htm", ".csv", ".txt", ".json", ".zip"}, ext) ||
			!inFolder && formatByName(path) == formatUnknown
		if mayBeList {
			entries, kind, ok, err := readExport(path, maxBytes)
			switch {
			case err != nil:
				settle(path, Failed, err)
				return
			case ok && len(entries) == 0:
				settle(path, Skipped, fmt.Errorf("skipped: the %s has no links", kind))
				return
			case ok:
				for i := range entries {
					e := &entries[i]
					switch {
					case e.problem != "" && e.where != "":
						settle(fmt.Sprintf("%s, %s", path, e.where), Failed, errors.New(e.problem))
					case e.problem != "":
						settle(fmt.Sprintf("%s, line %d", path, e.line), Failed, errors.New(e.problem))
					case e.article != nil:
						source := e.url
						if source == "" {
							source = fmt.Sprintf("%s: %s", path, e.label)
						}
						items = append(items, item{source: source, entry: e})
					default:
						items = append(items, item{source: e.url, isURL: true, entry: e})
					}
				}
				return
			}
		}
		if inFolder && formatByName(path) == formatUnknown {
			settle(path, Skipped, fmt.Errorf("skipped: not an article (%s file)", describeExt(path)))
			return
		}
		items = append(items, item{source: path})
	}
	// notRegular settles what cannot be read as a file without waiting forever (a named
	// pipe, a device, a socket); it reports whether it did.
	notRegular := func(path string, info fs.FileInfo) bool {
		if info.Mode().IsRegular() {
			return false
		}
		settle(path, Skipped, fmt.Errorf("skipped: not a regular file (%s)", describeMode(info.Mode())))
		return true
	}
	for _, src := range sources {
		if ctx.Err() != nil {
			break
		}
		if isWebURL(src) {
			items = append(items, item{source: strings.TrimSpace(src), isURL: true})
			continue
		}
		info, err := os.Stat(src)
		if err != nil {
			settle(src, Failed, fmt.Errorf("import %s: %w", src, err))
			continue
		}
		if !info.IsDir() {
			if !notRegular(src, info) {
				addFile(src, false)
			}
			continue
		}
		err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				settle(path, Failed, fmt.Errorf("read folder %s: %w", path, err))
				return nil
			}
			hidden := path != src && strings.HasPrefix(d.Name(), ".")
			switch {
			case d.IsDir() && hidden:
				return filepath.SkipDir
			case d.IsDir():
				return nil
			case hidden:
				settle(path, Skipped, errors.New("skipped: hidden file"))
			default:
				// The entry's own type, or for a symbolic link its target's.
				info, err := os.Stat(path)
				if err != nil {
					settle(path, Failed, fmt.Errorf("read %s: %w", path, err))
				} else if !notRegular(path, info) {
					addFile(path, true)
				}
			}
			return nil
		})
		if err != nil && ctx.Err() == nil {
			settle(src, Failed, fmt.Errorf("read folder %s: %w", src, err))
		}
	}
	return items
}

// readReadingList reads the links of a Pocket or Instapaper export; ok is false (and only
// the start of the file read) for any other file.
func readReadingList(path string, maxBytes int64) (entries []listEntry, kind string, ok bool, err error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, "", false, err
	}
	head := make([]byte, 8<<10)
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, "", false, fmt.Errorf("read %s: %w", path, err)
	}
	if !isPocketExport(head[:n]) && csvListKind(head[:n]) == "" {
		return nil, "", false, nil
	}
	data, err := readFileCapped(path, maxBytes)
	if err != nil {
		return nil, "", true, err
	}
	entries, kind, _, err = readingList(data)
	if err != nil {
		return nil, kind, true, fmt.Errorf("import %s: %w", path, err)
	}
	return entries, kind, true, nil
}

// describeMode names the kind of a file that is not a regular file.
func describeMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a folder"
	}
	return "a special file"
}

func describeExt(path string) string {
	if ext := filepath.Ext(path); ext != "" {
		return strings.ToLower(ext)
	}
	return "extension-less"
}
