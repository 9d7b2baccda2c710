// Package export writes articles' highlights and notes, and standalone notes, as Markdown
// files with YAML front matter that Obsidian and Logseq read: one file per page, names that
// stay the same from one export to the next, and files the user edited never overwritten.
package export

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/template"

	"lectern/app/deeplink"
	"lectern/store"
)

// Options say what to export and where.
type Options struct {
	Out      string  // folder (created if missing)
	IDs      []int64 // only these articles (empty: all that have notes or highlights)
	All      bool    // every article, even without notes/highlights
	FullText bool    // include the article's full text (Markdown rendition)
	Template string  // path to a user text/template file; empty = default
	// OnProgress, if set, is called before each page with the pages done so far, the total
	// and the page's title, and after a successful export once more with done == total.
	OnProgress func(done, total int, current string)
}

// Summary says what an export did. Paths are inside Options.Out.
type Summary struct {
	Written int // files created or updated
	// Unchanged counts files left untouched: up to date, or edited by the user while Lectern
	// had nothing new for them.
	Unchanged int
	// Conflicts counts files the user edited since Lectern wrote them while Lectern had
	// something new for them: they are left alone, and Lectern's version is written beside
	// each, "Name.md" getting "Name (lectern).md".
	Conflicts     int
	Files         []string // files written
	ConflictFiles []string // the edited files, left alone
}

// Run exports to opt.Out: with opt.IDs those articles (opt.All is then ignored), otherwise
// every article with notes or highlights (every article with opt.All) and every standalone
// note. Nothing is written if the template is invalid or an id unknown. Files already up to
// date are not touched; after an error or a cancel, the files already written stay.
func Run(ctx context.Context, db *store.DB, opt Options) (Summary, error) {
	var sum Summary
	if opt.Out == "" {
		return sum, errors.New("export: no folder given")
	}
	tmpl, err := loadTemplate(opt.Template)
	if err != nil {
		return sum, err
	}
	if err := os.MkdirAll(opt.Out, 0o755); err != nil {
		return sum, fmt.Errorf("export: create folder: %w", err)
	}
	// One export at a time in a folder: another's temporary files are not leftovers, and
	// its manifest is read only once it is saved.
	unlock, err := lockFolder(ctx, opt.Out)
	if err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	defer unlock()
	if err := removeTempFiles(opt.Out); err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	man, err := loadManifest(opt.Out)
	if err != nil {
		return sum, err
	}
	pages, err := collect(ctx, db, opt)
	if err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	err = writePages(ctx, db, opt, tmpl, man, pages, &sum)
	// The manifest is saved even after an error, so that files already written keep their
	// names and are recognised next time.
	err = errors.Join(err, man.save(opt.Out))
	if err == nil && opt.OnProgress != nil {
		opt.OnProgress(len(pages), len(pages), "")
	}
	return sum, err
}

// renderChunk is how many pages are rendered, on all cores, before they are written in order.
const renderChunk = 256

func writePages(ctx context.Context, db *store.DB, opt Options, tmpl *template.Template,
	man *manifest, pages []Page, sum *Summary) error {
	w := &pageWriter{dir: opt.Out, man: man, sum: sum, batch: batch{dir: opt.Out}}
	images := &assetWriter{dir: opt.Out, done: map[string]bool{}}
	attachments := &attachmentWriter{dir: opt.Out, done: map[string]bool{}}
	for start := 0; start < len(pages); start += renderChunk {
		chunk := pages[start:min(start+renderChunk, len(pages))]
		files, assets, errs := renderAll(ctx, db, opt, tmpl, chunk)
		for i := range chunk {
			p := &chunk[i]
			if opt.OnProgress != nil {
				opt.OnProgress(start+i, len(pages), p.Title)
			}
			err := cmp.Or(ctx.Err(), errs[i])
			if err == nil {
				// The images first, so that a page never links to one not yet there.
				err = images.write(ctx, db, assets[i])
			}
			name := ""
			if err == nil && p.vault != nil {
				err = attachments.write(ctx, db, p.ID)
				name = man.vaultNameFor(opt.Out, *p.vault)
			} else if err == nil {
				name = man.nameFor(opt.Out, p.Kind, p.ID, p.Title)
			}
			if err == nil {
				err = w.put(p.Kind, p.ID, name, files[i])
			}
			if err != nil {
				// Pages done before an error or a cancel are still written.
				return errors.Join(err, w.flush())
			}
		}
	}
	return w.flush()
}

// renderAll renders pages in parallel: text/template spends most of an export's processor
// time in reflection.
func renderAll(ctx context.Context, db *store.DB, opt Options, tmpl *template.Template,
	pages []Page) ([][]byte, [][]asset, []error) {
	files := make([][]byte, len(pages))
	assets := make([][]asset, len(pages))
	errs := make([]error, len(pages))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := range next {
				files[i], assets[i], errs[i] = render(ctx, db, opt, tmpl, &pages[i], &buf)
			}
		})
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	return files, assets, errs
}

// render executes the template for p and returns the file's bytes and the images it links
// to. With the full text, the article's stored images are linked in the assets folder.
func render(ctx context.Context, db *store.DB, opt Options, tmpl *template.Template, p *Page,
	buf *bytes.Buffer) ([]byte, []asset, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if p.vault != nil {
		return vaultFile(*p.vault), nil, nil
	}
	var assets []asset
	if opt.FullText && p.Kind == KindArticle {
		a, err := db.Article(ctx, p.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("export: %w", err)
		}
		images, err := db.ArticleImageInfo(ctx, p.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("export: %w", err)
		}
		// A copy, so that the archive's full texts are not all held until the end.
		withText := *p
		withText.FullText, assets = localImages(a.Markdown, images)
		p = &withText
	}
	buf.Reset()
	if err := tmpl.Execute(buf, p); err != nil {
		return nil, nil, fmt.Errorf("export %s %d: %w", p.Kind, p.ID, err)
	}
	// Obsidian and Logseq read UTF-8 only; a stray byte in an imported title must not make
	// the whole file unreadable.
	return bytes.ToValidUTF8(buf.Bytes(), []byte("\uFFFD")), assets, nil
}

// ArticleMarkdown renders one article's notes and highlights as Markdown, without front
// matter (for "Copy as Markdown").
func ArticleMarkdown(ctx context.Context, db *store.DB, id int64) (string, error) {
	a, err := db.Article(ctx, id)
	if err != nil {
		return "", fmt.Errorf("copy as Markdown: %w", err)
	}
	notes, err := db.Notes(ctx, id)
	if err != nil {
		return "", fmt.Errorf("copy as Markdown: article %d: %w", id, err)
	}
	highlights, err := db.Highlights(ctx, id)
	if err != nil {
		return "", fmt.Errorf("copy as Markdown: article %d: %w", id, err)
	}
	p := articlePage(store.ArticleSummary{ID: a.ID, Title: a.Title, Byline: a.Byline, Site: a.Site,
		Source: a.Source, Published: a.Published, Imported: a.Imported, Tags: a.Tags}, notes, highlights)
	var b strings.Builder
	if err := defaultTemplate.ExecuteTemplate(&b, "body", p); err != nil {
		return "", fmt.Errorf("copy as Markdown: article %d: %w", id, err)
	}
	return strings.ToValidUTF8(b.String(), "\uFFFD"), nil
}

// collect loads the pages to export, articles then standalone notes, each in id order so
// that names given on collision do not depend on the order of the store's lists.
func collect(ctx context.Context, db *store.DB, opt Options) ([]Page, error) {
	var (
		articles   []store.ArticleSummary
		notes      []store.Note
		highlights []store.Highlight
		reviews    map[int64]store.ReviewState
		noteTags   map[int64][]string
		errs       [5]error
		wg         sync.WaitGroup
	)
	// Four connections read at once: SQLite's WAL mode lets readers run side by side.
	wg.Go(func() { articles, errs[0] = db.Articles(ctx) })
	wg.Go(func() { notes, errs[1] = db.AllNotes(ctx) })
	wg.Go(func() { highlights, errs[2] = db.AllHighlights(ctx) })
	wg.Go(func() { reviews, errs[3] = db.AllReviewStates(ctx) })
	wg.Go(func() { noteTags, errs[4] = db.AllNoteTags(ctx) })
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	notesOf := map[int64][]store.Note{}
	for _, n := range notes {
		notesOf[n.ArticleID] = append(notesOf[n.ArticleID], n)
	}
	highlightsOf := map[int64][]store.Highlight{}
	for _, h := range highlights {
		highlightsOf[h.ArticleID] = append(highlightsOf[h.ArticleID], h)
	}

	wanted := map[int64]bool{}
	for _, id := range opt.IDs {
		wanted[id] = true
	}
	slices.SortFunc(articles, func(a, b store.ArticleSummary) int { return cmp.Compare(a.ID, b.ID) })
	pages := make([]Page, 0, len(articles)+len(notesOf[0]))
	for _, a := range articles {
		include := wanted[a.ID]
		if len(opt.IDs) == 0 {
			include = opt.All || len(notesOf[a.ID]) > 0 || len(highlightsOf[a.ID]) > 0
		}
		if include {
			p := articlePage(a, notesOf[a.ID], highlightsOf[a.ID])
			p.Review = articleReview(highlightsOf[a.ID], reviews)
			pages = append(pages, p)
			delete(wanted, a.ID)
		}
	}
	if len(wanted) > 0 {
		missing := slices.Sorted(maps.Keys(wanted))
		return nil, fmt.Errorf("article %d: %w", missing[0], store.ErrNotFound)
	}
	if len(opt.IDs) == 0 {
		for _, n := range notesOf[0] {
			p := notePage(n)
			p.Tags = noteTags[n.ID]
			pages = append(pages, p)
		}
	}
	return pages, nil
}

func articlePage(a store.ArticleSummary, notes []store.Note, highlights []store.Highlight) Page {
	p := Page{Kind: KindArticle, ID: a.ID, Title: a.Title, Author: a.Byline, Site: a.Site,
		Source: a.Source, Published: a.Published, Imported: a.Imported, Tags: a.Tags,
		Link: deeplink.Article(a.ID)}
	// The store's per-article lists come in this order; the bulk lists come in id order.
	slices.SortStableFunc(notes, func(x, y store.Note) int {
		return cmp.Or(x.Created.Compare(y.Created), cmp.Compare(x.ID, y.ID))
	})
	for _, n := range notes {
		p.Notes = append(p.Notes, Note{ID: n.ID, Body: n.Body, Created: n.Created, Updated: n.Updated})
	}
	slices.SortStableFunc(highlights, func(x, y store.Highlight) int {
		return cmp.Or(cmpBool(x.Start < 0, y.Start < 0), cmp.Compare(x.Start, y.Start), cmp.Compare(x.ID, y.ID))
	})
	for _, h := range highlights {
		p.Highlights = append(p.Highlights, Highlight{ID: h.ID, Quote: h.Quote, Comment: h.Comment,
			Color: h.Color, BlockID: fmt.Sprintf("lectern-h%d", h.ID), Link: deeplink.Highlight(h.ID),
			Created: h.Created})
	}
	return p
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func notePage(n store.Note) Page {
	p := Page{Kind: KindNote, ID: n.ID, Title: noteTitle(n), Imported: n.Created,
		Notes: []Note{{ID: n.ID, Body: n.Body, Created: n.Created, Updated: n.Updated}}}
	if n.Path != "" {
		p.Title, p.Path, p.Source, p.vault = store.NoteTitleOf(n), n.Path, n.Source, &n
	}
	return p
}

// noteTitle is a standalone note's first line of text, without Markdown markers.
func noteTitle(n store.Note) string {
	for _, line := range strings.Split(n.Body, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#>-*+ \t"))
		if line != "" {
			return line
		}
	}
	return fmt.Sprintf("Note %d", n.ID)
}
