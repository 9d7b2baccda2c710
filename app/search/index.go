package search

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"lectern/store"
)

// noteHeadRunes is how much of each note search keeps in memory; the rest is found through the
// full-text indexes.
const noteHeadRunes = 240

// field is one searchable string of an item, kept as stored and folded.
type field struct {
	name   string // as Result.Field reports it
	text   string
	folded string // fold(text): same runes, so offsets carry over
	mask   uint64
	kind   uint8   // its position in fieldKinds
	weight float32 // fieldKinds[kind].weight
	// prose is matched word by word (highlights, note text): a subsequence spread over a
	// paragraph means nothing. Short fields (titles, names, tags) are matched as subsequences.
	prose bool
}

func newField(name, text string, prose bool) field {
	f := fold(text)
	kind := kindOf(name)
	return field{name: name, text: text, folded: f, mask: maskOf(f), kind: kind, weight: fieldKinds[kind].weight, prose: prose}
}

// doc is one searchable item: an article, a note or a highlight.
type doc struct {
	kind      Kind
	id        int64
	articleID int64
	title     string
	fields    []field
	// article is the position in docs of the article (the doc itself, or a note's or
	// highlight's article), -1 for a standalone note.
	article int32
	// The article's tags and site, for filters.
	tags  []string // folded
	site  string   // folded
	when  time.Time
	opens int
	// shortFrom and shortTo delimit the doc's short fields in index.short.
	shortFrom, shortTo int32
}

// docFacts are the facts about a doc that every search reads, kept apart from the rest in
// one compact array so that going through all docs streams little memory.
type docFacts struct {
	// prior is what recency and frequent opening add to a match's score: enough to break ties,
	// too little to lift a worse match over a better one.
	prior float32
	// longText: the item has text beyond its fields (an article's body, the rest of a long note)
	// that only the text indexes can search.
	longText bool
	// shortMask joins the masks of the doc's short fields, and shortWeight is their highest
	// weight: a term whose letters are not all in shortMask is in no short field.
	shortMask   uint64
	shortWeight float32
}

// index is an immutable snapshot of everything search keeps in memory.
type index struct {
	docs     []doc
	facts    []docFacts      // one per doc
	articles map[int64]int32 // article id -> position in docs
	notes    int             // the notes' docs, in id order, follow the articles' (highlights' follow them)
	ids      []int64         // each doc's id, compact, to find ids in (see positions)
	// longNotes counts the notes with text beyond what is in memory.
	longNotes  int
	longText   longTextCache
	vocabulary vocabulary
	// textVersion is the store's long-text version when the rows were read (see bodyWords).
	textVersion int64
	statuses    statusTable
	noteTags    noteTagTable
	// short copies every short field (title, byline, site, tag) into one compact table, doc
	// after doc: checking them for subsequences runs through contiguous memory.
	short   []shortField
	scratch scratch
	// rows are what the index was built from, to tell what a write changed (see patch.go).
	rows *archiveRows
	// someLongNotes: see archiveRows; correctionsAsked is set when the long texts were asked
	// for corrections, which may have named notes the index has not.
	someLongNotes    bool
	correctionsAsked atomic.Bool
}

type shortField struct {
	folded string
	mask   uint64
	weight float32
	field  int8 // its index in the doc's fields
}

// archiveRows are the rows search reads to build an index, each list in id order.
type archiveRows struct {
	articles    []store.SearchArticle
	notes       []store.SearchNote
	highlights  []store.SearchHighlight
	textVersion int64 // read before the rows
	// someLongNotes: of the notes with a long text, only those read (askedRows); the
	// corrections looked up in the long texts may name others.
	someLongNotes bool
}

func readRows(ctx context.Context, db *store.DB) (*archiveRows, error) {
	r := &archiveRows{}
	var err error
	if r.textVersion, err = db.LongTextVersion(ctx); err != nil {
		return nil, err
	}
	// Three connections read at once: the loading is mostly SQLite's work, which runs in C
	// outside Go's scheduler.
	var wg sync.WaitGroup
	var errs [3]error
	wg.Go(func() { r.articles, errs[0] = db.SearchArticles(ctx) })
	wg.Go(func() { r.notes, errs[1] = db.SearchNotes(ctx, noteHeadRunes) })
	wg.Go(func() { r.highlights, errs[2] = db.SearchHighlights(ctx) })
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return r, nil
}

// buildIndex builds the index of the rows. With keep it builds the index of one search (see
// oneshot.go): the kept rows as usual; of the others (nothing in whose fields can match), the
// articles and the notes with a long text bare, without fields, for the text indexes to find;
// the rest not at all. It is the same index for the docs it has, and the others cannot match.
func buildIndex(r *archiveRows, keep *keptRows) *index {
	articles, notes, highlights := r.articles, r.notes, r.highlights
	idx := &index{
		docs:     make([]doc, 0, len(articles)+len(notes)+len(highlights)),
		articles: make(map[int64]int32, len(articles)),
	}
	for i, a := range articles {
		d := articleDoc(a, keep.bare(KindArticle, i))
		d.article = int32(len(idx.docs))
		idx.articles[a.ID] = d.article
		idx.docs = append(idx.docs, d)
	}
	long := make([]bool, len(idx.docs), cap(idx.docs)) // the docs with a long text
	for i := range long {
		long[i] = true
	}
	for i, n := range notes {
		bare := keep.bare(KindNote, i)
		if bare && !n.Long {
			continue
		}
		if n.Long {
			idx.longNotes++
		}
		idx.notes++
		idx.docs, long = append(idx.docs, idx.noteDoc(n, bare)), append(long, n.Long)
	}
	for i, h := range highlights {
		if !keep.bare(KindHighlight, i) {
			idx.docs = append(idx.docs, idx.highlightDoc(h))
		}
	}
	idx.ids = make([]int64, len(idx.docs))
	for i := range idx.docs {
		idx.ids[i] = idx.docs[i].id
	}
	idx.vocabulary = buildVocabulary(idx.docs)
	for i := range idx.docs {
		idx.addShortFields(&idx.docs[i])
	}

	idx.textVersion, idx.someLongNotes = r.textVersion, r.someLongNotes
	now := time.Now()
	idx.facts = make([]docFacts, len(idx.docs))
	for i, d := range idx.docs {
		idx.facts[i] = idx.factsOf(&d, now, i < len(long) && long[i])
	}
	if keep == nil {
		idx.rows = r // only a whole index is patched (see patch.go)
	}
	return idx
}

// noteDoc is the doc of a note, whose article's doc is already in idx.
func (idx *index) noteDoc(n store.SearchNote, bare bool) doc {
	d := doc{kind: KindNote, id: n.ID, articleID: n.ArticleID, when: n.Updated}
	idx.inheritArticle(&d)
	first := ""
	if d.article < 0 { // a standalone note's title is its first line
		first = firstLine(n.Head)
		d.title = shorten(first, maxTitleRunes)
	}
	if bare {
		return d
	}
	d.fields = []field{newField(fieldNote, n.Head, true)}
	if n.ArticleID == 0 && utf8.RuneCountInString(first) <= maxTitleRunes {
		// A short first line is the note's title; a long one is a paragraph, matched as prose.
		d.fields = append(d.fields, newField(fieldTitle, first, false))
	}
	return d
}

// highlightDoc is the doc of a highlight, whose article's doc is already in idx.
func (idx *index) highlightDoc(h store.SearchHighlight) doc {
	d := doc{kind: KindHighlight, id: h.ID, articleID: h.ArticleID, when: h.Updated}
	d.fields = []field{newField(fieldHighlight, h.Quote, true)}
	if h.Comment != "" {
		d.fields = append(d.fields, newField(fieldComment, h.Comment, true))
	}
	idx.inheritArticle(&d)
	return d
}

// addShortFields copies the doc's short fields to the end of idx.short.
func (idx *index) addShortFields(d *doc) {
	d.shortFrom = int32(len(idx.short))
	for fi, f := range d.fields {
		if !f.prose && fi <= math.MaxInt8 {
			idx.short = append(idx.short, shortField{folded: f.folded, mask: f.mask, weight: f.weight, field: int8(fi)})
		}
	}
	d.shortTo = int32(len(idx.short))
}

func (idx *index) factsOf(d *doc, now time.Time, longText bool) docFacts {
	f := docFacts{prior: prior(now, d.when, d.opens), longText: longText}
	for _, s := range idx.short[d.shortFrom:d.shortTo] {
		f.shortMask |= s.mask
		f.shortWeight = max(f.shortWeight, s.weight)
	}
	return f
}

// statusTable holds the articles' statuses, which load on the first is: filter: SQLite keeps
// them after the text, so reading them reads the whole table.
type statusTable struct {
	once sync.Once
	of   map[int64]store.Status // articles not unread
	err  error
}

func (idx *index) loadStatuses(ctx context.Context, db *store.DB) error {
	// Not cancelled with the search that happens to load them: the result is kept.
	ctx = context.WithoutCancel(ctx)
	idx.statuses.once.Do(func() { idx.statuses.of, idx.statuses.err = db.ArticleStatuses(ctx) })
	return idx.statuses.err
}

// status is the status of d's article ("" for a standalone note). Call loadStatuses first.
func (idx *index) status(d *doc) store.Status {
	if d.article < 0 {
		return ""
	}
	if s, ok := idx.statuses.of[idx.docs[d.article].id]; ok {
		return s
	}
	return store.Unread
}

const (
	maxRecencyPrior = 0.04
	maxOpensPrior   = 0.02
	maxPrior        = maxRecencyPrior + maxOpensPrior
)

// prior decays with age (half after a month) and grows with opens (up to twenty).
func prior(now, when time.Time, opens int) float32 {
	const month = 30 * 24 * time.Hour
	age := max(now.Sub(when), 0)
	recency := 1 / (1 + float32(age)/float32(month))
	return maxRecencyPrior*recency + maxOpensPrior*float32(min(opens, 20))/20
}

// articleDoc is the doc of an article; a bare one has no fields, only what filters read.
func articleDoc(a store.SearchArticle, bare bool) doc {
	d := doc{kind: KindArticle, id: a.ID, articleID: a.ID, title: a.Title,
		site: fold(a.Site), when: a.Imported, opens: a.OpenCount}
	if a.Opened.After(d.when) {
		d.when = a.Opened
	}
	if bare {
		for _, t := range a.Tags {
			d.tags = append(d.tags, fold(t))
		}
		return d
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
		d.article = -1
		return
	}
	a := &idx.docs[i]
	d.article, d.title, d.tags, d.site = i, a.title, a.tags, a.site
}

// maxTitleRunes is the longest first line of a note that is taken for its title.
const maxTitleRunes = 100

// shorten cuts s to at most n runes, at a space when there is one, and marks the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s // no more runes than bytes
	}
	end, runes := 0, 0
	for end < len(s) && runes < n-1 {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
		runes++
	}
	if end == len(s) || utf8.RuneCountInString(s[end:]) <= 1 {
		return s
	}
	cut := s[:end]
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + "…"
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
