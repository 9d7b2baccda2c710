package search

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"lectern/store"
)

// noteHeadRunes is how much of each note search keeps in memory; the rest is found through the
// trigram index.
const noteHeadRunes = 240

// field is one searchable string of an item, kept as stored and folded.
type field struct {
	name   string // as Result.Field reports it
	text   string
	folded string // fold(text): same runes, so offsets carry over
	mask   uint64
	weight float32 // how much a match here counts (a title more than a body)
	// prose is matched word by word (highlights, note text): a subsequence spread over a
	// paragraph means nothing. Short fields (titles, names, tags) are matched as subsequences.
	prose bool
}

func newField(name, text string, prose bool) field {
	f := fold(text)
	return field{name: name, text: text, folded: f, mask: maskOf(f), weight: fieldWeights[name], prose: prose}
}

// fieldWeights rank a title hit above a note or highlight hit, above a body hit.
var fieldWeights = map[string]float32{
	fieldTitle: 1, fieldTag: 0.85, fieldNote: 0.8, fieldHighlight: 0.8, fieldComment: 0.75,
	fieldByline: 0.7, fieldSite: 0.7, fieldBody: 0.4,
}

// doc is one searchable item: an article, a note or a highlight.
type doc struct {
	kind      Kind
	id        int64
	articleID int64
	title     string
	fields    []field
	// longText: the item has text beyond its fields (an article's body, the rest of a long note)
	// that only the trigram index can search.
	longText bool
	// The article's status, tags and site (a note's or highlight's article), for filters.
	status store.Status
	tags   []string // folded
	site   string   // folded
	when   time.Time
	opens  int
	// prior is what recency and frequent opening add to a match's score: enough to break ties,
	// too little to lift a worse match over a better one.
	prior float32
}

// index is an immutable snapshot of everything search keeps in memory.
type index struct {
	docs     []doc
	articles map[int64]int32 // article id -> position in docs
	notes    map[int64]int32
	// longNotes counts the notes with text beyond what is in memory.
	longNotes int
	longText  longTextCache
}

func loadIndex(ctx context.Context, db *store.DB) (*index, error) {
	var (
		articles   []store.SearchArticle
		notes      []store.SearchNote
		highlights []store.SearchHighlight
	)
	// Three connections read at once: the loading is mostly SQLite's work, which runs in C
	// outside Go's scheduler.
	var wg sync.WaitGroup
	var errs [3]error
	wg.Go(func() { articles, errs[0] = db.SearchArticles(ctx) })
	wg.Go(func() { notes, errs[1] = db.SearchNotes(ctx, noteHeadRunes) })
	wg.Go(func() { highlights, errs[2] = db.SearchHighlights(ctx) })
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	idx := &index{
		docs:     make([]doc, 0, len(articles)+len(notes)+len(highlights)),
		articles: make(map[int64]int32, len(articles)),
		notes:    make(map[int64]int32, len(notes)),
	}
	for _, a := range articles {
		idx.articles[a.ID] = int32(len(idx.docs))
		idx.docs = append(idx.docs, articleDoc(a))
	}
	for _, n := range notes {
		d := doc{kind: KindNote, id: n.ID, articleID: n.ArticleID, when: n.Updated, longText: n.Long}
		d.title = firstLine(n.Head)
		d.fields = []field{newField(fieldNote, n.Head, true)}
		idx.inheritArticle(&d)
		if n.ArticleID == 0 {
			d.fields = append(d.fields, newField(fieldTitle, d.title, false))
		}
		if n.Long {
			idx.longNotes++
		}
		idx.notes[n.ID] = int32(len(idx.docs))
		idx.docs = append(idx.docs, d)
	}
	for _, h := range highlights {
		d := doc{kind: KindHighlight, id: h.ID, articleID: h.ArticleID, when: h.Updated}
		d.fields = []field{newField(fieldHighlight, h.Quote, true)}
		if h.Comment != "" {
			d.fields = append(d.fields, newField(fieldComment, h.Comment, true))
		}
		idx.inheritArticle(&d)
		idx.docs = append(idx.docs, d)
	}
	now := time.Now()
	for i := range idx.docs {
		idx.docs[i].prior = prior(now, idx.docs[i].when, idx.docs[i].opens)
	}
	return idx, nil
}

// prior decays with age (half after a month) and grows with opens (up to twenty).
func prior(now, when time.Time, opens int) float32 {
	const month = 30 * 24 * time.Hour
	age := max(now.Sub(when), 0)
	recency := 1 / (1 + float32(age)/float32(month))
	return 0.04*recency + 0.02*float32(min(opens, 20))/20
}

func articleDoc(a store.SearchArticle) doc {
	d := doc{kind: KindArticle, id: a.ID, articleID: a.ID, title: a.Title, longText: true,
		status: a.Status, site: fold(a.Site), when: a.Imported, opens: a.OpenCount}
	if a.Opened.After(d.when) {
		d.when = a.Opened
	}
	d.fields = append(d.fields, newField(fieldTitle, a.Title, false))
	if a.Byline != "" {
		d.fields = append(d.fields, newField(fieldByline, a.Byline, false))
	}
	if a.Site != "" {
		d.fields = append(d.fields, newField(fieldSite, a.Site, false))
	}
	for _, t := range a.Tags {
		tag := newField(fieldTag, t, false)
		d.fields = append(d.fields, tag)
		d.tags = append(d.tags, tag.folded)
	}
	return d
}

// inheritArticle gives a note or highlight its article's title and filter values.
func (idx *index) inheritArticle(d *doc) {
	i, ok := idx.articles[d.articleID]
	if !ok {
		return
	}
	a := &idx.docs[i]
	d.title, d.status, d.tags, d.site = a.title, a.status, a.tags, a.site
}

// firstLine is a note's first non-blank line without Markdown heading marks.
func firstLine(text string) string {
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
		if line != "" {
			return line
		}
	}
	return ""
}
