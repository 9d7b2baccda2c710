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
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/template"

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
	// and the page's title, and once at the end with done == total.
	OnProgress func(done, total int, current string)
}

// Summary says what an export did. Paths are inside Options.Out.
type Summary struct {
	Written   int // files created or updated
	Unchanged int // files already up to date, left untouched
	// Conflicts counts files the user edited since Lectern wrote them: they are left alone
	// and Lectern's version is written beside each as "… (lectern).md".
	Conflicts     int
	Files         []string // files written
	ConflictFiles []string // the "… (lectern).md" versions beside edited files
}

// Run exports to opt.Out: with opt.IDs those articles, otherwise every article with notes or
// highlights (every article with opt.All) and every standalone note. Nothing is written if
// the template is invalid. Files already up to date are not touched.
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
	if len(sum.Files)+len(sum.ConflictFiles) > 0 {
		err = errors.Join(err, man.save(opt.Out), syncDir(opt.Out))
	}
	if err == nil && opt.OnProgress != nil {
		opt.OnProgress(len(pages), len(pages), "")
	}
	return sum, err
}

func writePages(ctx context.Context, db *store.DB, opt Options, tmpl *template.Template,
	man *manifest, pages []Page, sum *Summary) error {
	var buf bytes.Buffer
	for i := range pages {
		p := &pages[i]
		if err := ctx.Err(); err != nil {
			return err
		}
		if opt.OnProgress != nil {
			opt.OnProgress(i, len(pages), p.Title)
		}
		if opt.FullText && p.Kind == KindArticle {
			a, err := db.Article(ctx, p.ID)
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			p.FullText = a.Markdown
		}
		buf.Reset()
		if err := tmpl.Execute(&buf, p); err != nil {
			return fmt.Errorf("export %s %d: %w", p.Kind, p.ID, err)
		}
		key := pageKey(p.Kind, p.ID)
		name, err := man.nameFor(opt.Out, key, p.Title)
		if err != nil {
			return err
		}
		if err := writePage(opt.Out, name, buf.Bytes(), man, key, sum); err != nil {
			return err
		}
	}
	return nil
}

// writePage writes data as dir/name unless the file already holds it. A file whose content
// is neither what Lectern last wrote nor data was edited by the user: it stays, and data
// goes beside it as "name (lectern).md".
func writePage(dir, name string, data []byte, man *manifest, key string, sum *Summary) error {
	entry := man.Files[key]
	onDisk, err := os.ReadFile(filepath.Join(dir, name))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("export: %w", err)
	case bytes.Equal(onDisk, data):
		// Also the case after a crash between writing files and saving the manifest.
		entry.SHA256 = hashOf(data)
		man.Files[key] = entry
		sum.Unchanged++
		return nil
	case entry.SHA256 == "" || hashOf(onDisk) != entry.SHA256:
		return writeConflict(dir, name, data, sum)
	}
	if err := writeAtomic(dir, name, data); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	entry.SHA256 = hashOf(data)
	man.Files[key] = entry
	sum.Written++
	sum.Files = append(sum.Files, filepath.Join(dir, name))
	return nil
}

func writeConflict(dir, name string, data []byte, sum *Summary) error {
	copyName := nameWithSuffix(strings.TrimSuffix(name, ext), conflictSuffix)
	path := filepath.Join(dir, copyName)
	sum.Conflicts++
	sum.ConflictFiles = append(sum.ConflictFiles, path)
	if onDisk, err := os.ReadFile(path); err == nil && bytes.Equal(onDisk, data) {
		return nil
	}
	if err := writeAtomic(dir, copyName, data); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
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
	return b.String(), nil
}

// collect loads the pages to export, articles then standalone notes, each in id order so
// that names given on collision do not depend on the order of the store's lists.
func collect(ctx context.Context, db *store.DB, opt Options) ([]Page, error) {
	articles, err := db.Articles(ctx)
	if err != nil {
		return nil, err
	}
	notes, err := db.AllNotes(ctx)
	if err != nil {
		return nil, err
	}
	highlights, err := db.AllHighlights(ctx)
	if err != nil {
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
	var pages []Page
	for _, a := range articles {
		include := wanted[a.ID]
		if len(opt.IDs) == 0 {
			include = opt.All || len(notesOf[a.ID]) > 0 || len(highlightsOf[a.ID]) > 0
		}
		if include {
			pages = append(pages, articlePage(a, notesOf[a.ID], highlightsOf[a.ID]))
			delete(wanted, a.ID)
		}
	}
	if len(wanted) > 0 {
		missing := slices.Sorted(maps.Keys(wanted))
		return nil, fmt.Errorf("article %d: %w", missing[0], store.ErrNotFound)
	}
	if len(opt.IDs) == 0 {
		for _, n := range notesOf[0] {
			pages = append(pages, notePage(n))
		}
	}
	return pages, nil
}

func articlePage(a store.ArticleSummary, notes []store.Note, highlights []store.Highlight) Page {
	p := Page{Kind: KindArticle, ID: a.ID, Title: a.Title, Author: a.Byline, Site: a.Site,
		Source: a.Source, Published: a.Published, Imported: a.Imported, Tags: a.Tags}
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
			Color: h.Color, BlockID: fmt.Sprintf("lectern-h%d", h.ID), Created: h.Created})
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
	return Page{Kind: KindNote, ID: n.ID, Title: noteTitle(n), Imported: n.Created,
		Notes: []Note{{ID: n.ID, Body: n.Body, Created: n.Created, Updated: n.Updated}}}
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
