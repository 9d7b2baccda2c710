package search

import (
	"context"
	"sync"

	"lectern/store"
)

// The filters that read more than the index holds: a note's own tags (tag:NAME finds the
// notes tagged so, besides the items of articles tagged so) and the notes and comments that
// link to a page (links:TITLE). The index is not built with them: they load when a query asks.

// resolveFilters loads or resolves what q's filters need beyond idx.
func (idx *index) resolveFilters(ctx context.Context, db *store.DB, q *Query) error {
	if len(q.Statuses) > 0 {
		if err := idx.loadStatuses(ctx, db); err != nil {
			return err
		}
	}
	if len(q.Tags) > 0 {
		if err := idx.loadNoteTags(ctx, db); err != nil {
			return err
		}
	}
	if len(q.Links) > 0 && len(q.linked) == 0 {
		for _, page := range q.Links {
			l, err := linkersOf(ctx, db, page)
			if err != nil {
				return err
			}
			q.linked = append(q.linked, l)
		}
	}
	return nil
}

// noteTagTable holds the notes' own tags, folded, which load on the first tag: filter.
type noteTagTable struct {
	once sync.Once
	of   map[int64][]string
	err  error
}

func (idx *index) loadNoteTags(ctx context.Context, db *store.DB) error {
	// Not cancelled with the search that happens to load them: the result is kept.
	ctx = context.WithoutCancel(ctx)
	idx.noteTags.once.Do(func() {
		var all map[int64][]string
		if all, idx.noteTags.err = db.AllNoteTags(ctx); idx.noteTags.err != nil {
			return
		}
		for id, tags := range all {
			for i, t := range tags {
				tags[i] = fold(t)
			}
			all[id] = tags
		}
		idx.noteTags.of = all
	})
	return idx.noteTags.err
}

// linkers are the notes and highlights (by their comments) that link to one page.
type linkers struct{ notes, highlights map[int64]bool }

func (l linkers) has(d *doc) bool {
	switch d.kind {
	case KindNote:
		return l.notes[d.id]
	case KindHighlight:
		return l.highlights[d.id]
	}
	return false
}

// linkersOf finds the notes and comments that link to page, a link's target as written
// (Title, Title#^lectern-hN for a highlight), resolved as the window resolves links: a note by
// its title, alias or path, else an article by its title, whatever the case. A page that
// resolves to nothing has no linkers.
func linkersOf(ctx context.Context, db *store.DB, page string) (linkers, error) {
	l := linkers{notes: map[int64]bool{}, highlights: map[int64]bool{}}
	links := store.ParseWikilinks("[[" + page + "]]")
	if len(links) == 0 {
		return l, nil
	}
	target, ok, err := db.ResolveLink(ctx, links[0])
	if err != nil || !ok {
		return l, err
	}
	var backlinks []store.Backlink
	if target.Kind == "note" {
		backlinks, err = db.NoteBacklinks(ctx, target.ID)
	} else {
		backlinks, err = db.Backlinks(ctx, target.ArticleID)
	}
	if err != nil {
		return l, err
	}
	for _, b := range backlinks {
		if target.Kind == "highlight" && b.ToHighlight != target.ID {
			continue // another highlight of the article, or the article itself
		}
		if b.NoteID != 0 {
			l.notes[b.NoteID] = true
		} else {
			l.highlights[b.HighlightID] = true
		}
	}
	return l, nil
}
