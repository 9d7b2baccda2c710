package search

import (
	"slices"
	"time"
)

// After Invalidate, most writes leave the text the index holds as it was: an article's status,
// progress or opening, a long note edited past its first characters, a highlight's colour. A
// search then reads the rows again (through the covering indexes, a tenth of a second on a
// large archive) and, when no text changed, patches the index's dates and counts instead of
// rebuilding it. When text changed, it is a one-shot search from the rows read, and the whole
// index loads in the background.

// patched returns a copy of idx with the dates and open counts of rows, or nil when rows
// differ from the rows idx was built from in anything else (an item added, removed or
// edited). The copy shares the vocabulary and fields; the long-text lookups and the statuses
// are asked again.
func (idx *index) patched(r *archiveRows) *index {
	if idx == nil || idx.partial != nil || !sameText(idx.rows, r) {
		return nil
	}
	p := &index{
		docs: slices.Clone(idx.docs), facts: slices.Clone(idx.facts), articles: idx.articles, notes: idx.notes,
		longNotes: idx.longNotes, vocabulary: idx.vocabulary, textVersion: r.textVersion, short: idx.short,
		total: idx.total, rows: r,
	}
	i := 0
	for _, a := range r.articles {
		d := &p.docs[i]
		d.when, d.opens = a.Imported, a.OpenCount
		if a.Opened.After(d.when) {
			d.when = a.Opened
		}
		i++
	}
	for _, n := range r.notes {
		p.docs[i].when = n.Updated
		i++
	}
	for _, h := range r.highlights {
		p.docs[i].when = h.Updated
		i++
	}
	now := time.Now()
	for i := range p.docs {
		p.facts[i].prior = prior(now, p.docs[i].when, p.docs[i].opens)
	}
	return p
}

// sameText reports whether two reads hold the same items with the same text in memory.
func sameText(a, b *archiveRows) bool {
	if a == nil || b == nil || len(a.articles) != len(b.articles) || len(a.notes) != len(b.notes) ||
		len(a.highlights) != len(b.highlights) {
		return false
	}
	for i := range a.articles {
		x, y := &a.articles[i], &b.articles[i]
		if x.ID != y.ID || x.Title != y.Title || x.Byline != y.Byline || x.Site != y.Site || !slices.Equal(x.Tags, y.Tags) {
			return false
		}
	}
	for i := range a.notes {
		x, y := &a.notes[i], &b.notes[i]
		if x.ID != y.ID || x.ArticleID != y.ArticleID || x.Head != y.Head || x.Long != y.Long {
			return false
		}
	}
	for i := range a.highlights {
		x, y := &a.highlights[i], &b.highlights[i]
		if x.ID != y.ID || x.ArticleID != y.ArticleID || x.Quote != y.Quote || x.Comment != y.Comment {
			return false
		}
	}
	return true
}
