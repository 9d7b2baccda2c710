package search

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"lectern/store"
)

// Engine searches one database. It is safe for concurrent use.
type Engine struct {
	db *store.DB

	mu       sync.Mutex
	watcher  *store.ChangeWatcher
	idx      *index   // nil until loaded, and after a change
	stale    *index   // the index before the change, which the next search may patch (patch.go)
	loading  *loading // the load in progress, if any
	gen      int      // counts invalidations, so a load that began before one is not kept
	previous previousSearch

	bodyWords bodyWordsLoader
	// once: the engine serves one search (Once) and loads nothing for later ones.
	once bool
	// onceTypos keeps, in an engine that serves one search, the corrections looked up in the
	// long texts, which each round of a search that asks (asked.go) would look up again.
	onceTypos map[string]*bodyWords
	// life runs the loads in the background and the timers that start them; Close stops them.
	life lifetime
}

// loading is an index load that searches can wait for.
type loading struct {
	done chan struct{}
	idx  *index
	err  error
}

// New returns an Engine for db. It loads nothing until the first search.
func New(db *store.DB) *Engine {
	e := &Engine{db: db}
	e.life.init()
	return e
}

// Close stops the Engine's background loads and timers and waits for them. Searches after
// Close still work, but load nothing in the background.
func (e *Engine) Close() { e.life.close() }

// Invalidate makes the next search reload what it keeps in memory. The app calls it after its
// own writes; writes by other processes are noticed without it. An Engine that has searched
// reloads by itself once the writes pause for refreshDelay (a note being typed saves every
// pause), so that the search after them finds the index ready.
func (e *Engine) Invalidate() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.dropIndex()
	if e.once || e.stale == nil {
		return
	}
	e.life.after("refresh", refreshDelay, func(context.Context) { e.loadUnlessLoaded() })
}

const refreshDelay = time.Second

// Warm loads the index (and then the long texts' words) in the background unless it is
// loaded or loading, so that the first search need not read the archive. A window calls it a
// moment after it opens.
func (e *Engine) Warm() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.idx == nil && !e.once {
		e.startLoad()
	}
}

// loadUnlessLoaded starts loading the index unless it is loaded or loading.
func (e *Engine) loadUnlessLoaded() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.idx == nil {
		e.startLoad()
	}
}

func (e *Engine) dropIndex() {
	if e.idx != nil {
		e.stale = e.idx
	}
	e.idx, e.loading, e.previous = nil, nil, previousSearch{}
	e.gen++
}

// index returns the current in-memory index, loading it if the database changed.
func (e *Engine) index(ctx context.Context) (*index, error) {
	e.mu.Lock()
	if err := e.noticeChanges(ctx); err != nil {
		e.mu.Unlock()
		return nil, err
	}
	if e.idx != nil {
		idx := e.idx
		e.mu.Unlock()
		return idx, nil
	}
	l := e.startLoad()
	e.mu.Unlock()
	select {
	case <-l.done:
		return l.idx, l.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// startLoad starts loading the index unless a load is in progress, and returns the load. It
// is called with e.mu held.
func (e *Engine) startLoad() *loading {
	if e.loading == nil {
		l, gen, stale := &loading{done: make(chan struct{})}, e.gen, e.stale
		// The load outlives a cancelled search (the next keystroke will want it too), not Close.
		if !e.life.goRun(func(ctx context.Context) { e.load(ctx, l, gen, stale) }) {
			l.err = ErrClosed
			close(l.done)
			return l
		}
		e.loading = l
	}
	return e.loading
}

// ErrClosed is the error of a search that needs to load the index after Close.
var ErrClosed = errors.New("search: the engine is closed")

// noIndex reports whether no index is in memory nor loading: then a search is one-shot. (While
// one loads, searches wait for it: a one-shot search of short terms, which match nearly
// everything, costs about as much as the load.)
func (e *Engine) noIndex(ctx context.Context) (fresh bool, gen int, stale *index, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.noticeChanges(ctx); err != nil {
		return false, 0, nil, err
	}
	return e.idx == nil && e.loading == nil, e.gen, e.stale, nil
}

// keep makes idx, built by a one-shot search, the Engine's index, unless the database changed
// or another index arrived since generation gen. It reports whether it did.
func (e *Engine) keep(idx *index, gen int) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.once || e.gen != gen || e.idx != nil || e.loading != nil {
		return false
	}
	e.idx, e.stale = idx, nil
	return true
}

// loadLater starts loading the index a while after a one-shot search, for the searches to come.
func (e *Engine) loadLater() {
	if e.once {
		return
	}
	e.life.after("load", fullLoadDelay, func(context.Context) { e.loadUnlessLoaded() })
}

// load reads the rows and patches the stale index with them (patch.go) or, when more changed
// than a patch can carry, builds a new one.
func (e *Engine) load(ctx context.Context, l *loading, gen int, stale *index) {
	var rows *archiveRows
	if rows, l.err = readRows(ctx, e.db); l.err == nil {
		if l.idx = stale.patched(rows); l.idx == nil {
			l.idx = buildIndex(rows, nil)
		}
	}
	e.mu.Lock()
	kept := false
	if e.loading == l {
		e.loading = nil
		if l.err == nil && e.gen == gen {
			e.idx, e.stale, kept = l.idx, nil, true
		}
	}
	e.mu.Unlock()
	close(l.done)
	if kept && !e.once {
		// The words of the long texts, which may have changed too.
		e.loadBodyWords(l.idx.textVersion)
	}
}

// noticeChanges drops the index when anyone wrote to the database since the last look.
// It is called with e.mu held.
func (e *Engine) noticeChanges(ctx context.Context) error {
	if e.watcher == nil {
		w, err := e.db.WatchChanges(ctx)
		if err != nil {
			return err
		}
		e.watcher = w
		return nil
	}
	changed, err := e.watcher.Changed(ctx)
	if err != nil {
		return err
	}
	if changed {
		e.dropIndex()
	}
	return nil
}

// Search returns the best limit results for query, best first. A blank query returns Recent.
func (e *Engine) Search(ctx context.Context, query string, limit int) ([]Result, error) {
	q := ParseQuery(query)
	if len(q.Words) == 0 && len(q.Phrases) == 0 {
		return e.recent(ctx, q, limit)
	}
	if limit <= 0 {
		return nil, nil
	}
	// With no index in memory, a search reads only what may match instead of loading it all
	// (see oneshot.go); the index loads afterwards for the searches to come.
	if fresh, gen, stale, err := e.noIndex(ctx); err != nil {
		return nil, err
	} else if fresh {
		var rows *archiveRows
		if stale != nil {
			if rows, err = readRows(ctx, e.db); err != nil {
				return nil, err
			}
			if idx := stale.patched(rows); idx != nil && e.keep(idx, gen) {
				return e.searchIn(ctx, idx, q, limit, nil, true)
			}
		}
		results, kept, err := e.searchOnce(ctx, q, limit, gen, rows)
		if err == nil && !kept {
			e.loadLater()
		}
		return results, err
	}
	idx, err := e.index(ctx)
	if err != nil {
		return nil, err
	}
	return e.searchIn(ctx, idx, q, limit, e.candidates(idx, q), true)
}

// searchIn searches idx, the Engine's index when kept (the next keystroke may narrow the
// search), or a one-shot partial index.
func (e *Engine) searchIn(ctx context.Context, idx *index, q Query, limit int, candidates []int32, kept bool) ([]Result, error) {
	if err := idx.resolveFilters(ctx, e.db, &q); err != nil {
		return nil, err
	}
	terms := idx.termsOf(q)
	best, mayMatch, err := idx.search(ctx, e.db, q, terms, candidates, limit, e.bodyWords.words())
	if err != nil {
		return nil, err
	}
	if len(best) == 0 && e.bodyWords.words() == nil && slices.ContainsFunc(terms, mayBeTypo) {
		// Perhaps a typo of a word found only in long texts, whose words are not loaded: look
		// up the words one edit from each term, then retry.
		long, err := e.typoCandidates(ctx, terms)
		if err != nil {
			return nil, err
		}
		idx.release(terms, mayMatch)
		terms = idx.termsOf(q)
		if best, mayMatch, err = idx.search(ctx, e.db, q, terms, nil, limit, long); err != nil {
			return nil, err
		}
	}
	if kept {
		e.remember(idx, q, mayMatch)
	}
	idx.release(terms, mayMatch)
	if kept {
		// The words of the long texts load a while after a search, not to slow down this one,
		// nor a command that searches once and exits.
		e.life.after("words", bodyWordsDelay, func(context.Context) { e.loadBodyWords(idx.textVersion) })
	}
	return e.results(ctx, idx, terms, best)
}

const bodyWordsDelay = 2 * time.Second

// typoCandidates is typoCandidates, remembered for the rounds of one search in an engine that
// serves one.
func (e *Engine) typoCandidates(ctx context.Context, terms []term) (*bodyWords, error) {
	if !e.once {
		return typoCandidates(ctx, e.db, terms)
	}
	var key strings.Builder
	for i := range terms {
		key.WriteString(terms[i].text)
		key.WriteByte(0)
	}
	e.mu.Lock()
	long, ok := e.onceTypos[key.String()]
	e.mu.Unlock()
	if ok {
		return long, nil
	}
	long, err := typoCandidates(ctx, e.db, terms)
	if err == nil {
		e.mu.Lock()
		if e.onceTypos == nil {
			e.onceTypos = map[string]*bodyWords{}
		}
		e.onceTypos[key.String()] = long
		e.mu.Unlock()
	}
	return long, err
}

// loadBodyWords loads the words of the long texts in the background unless they are current.
func (e *Engine) loadBodyWords(version int64) {
	e.life.goRun(func(ctx context.Context) {
		if done := e.bodyWords.ensure(ctx, e.db, version); done != nil {
			<-done
		}
	})
}

func mayBeTypo(t term) bool { return !t.exact && t.runes >= minTypoRunes }

// Recent returns recently opened or imported articles and recently edited notes, newest first.
func (e *Engine) Recent(ctx context.Context, limit int) ([]Result, error) {
	return e.recent(ctx, Query{Kinds: []Kind{KindArticle, KindNote}}, limit)
}

// recent lists the newest items that pass q's filters (articles and notes when it has none).
func (e *Engine) recent(ctx context.Context, q Query, limit int) ([]Result, error) {
	if limit <= 0 {
		return nil, nil
	}
	idx, err := e.index(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case len(q.Kinds) > 0:
	case len(q.Links) > 0: // what links: notes and comments
		q.Kinds = []Kind{KindNote, KindHighlight}
	default:
		q.Kinds = []Kind{KindArticle, KindNote}
	}
	if err := idx.resolveFilters(ctx, e.db, &q); err != nil {
		return nil, err
	}
	var newest []scored
	for i := range idx.docs {
		if idx.accepts(&q, &idx.docs[i]) {
			newest = append(newest, scored{doc: int32(i), field: recentField(&idx.docs[i])})
		}
	}
	return e.results(ctx, idx, nil, top(idx.docs, newest, limit))
}

// recentField is the field a recent item shows: an article's byline or site, a note's text.
func recentField(d *doc) int8 {
	for i, f := range d.fields {
		if f.name == fieldByline || f.name == fieldSite || f.name == fieldNote || f.name == fieldHighlight {
			return int8(i)
		}
	}
	return 0
}

// results turns scored docs into Results with snippets, reading long texts where a term was
// found in one.
func (e *Engine) results(ctx context.Context, idx *index, terms []term, best []scored) ([]Result, error) {
	var articleIDs, noteIDs []int64
	for _, s := range best {
		if d := &idx.docs[s.doc]; s.field == longTextField {
			if d.kind == KindArticle {
				articleIDs = append(articleIDs, d.id)
			} else {
				noteIDs = append(noteIDs, d.id)
			}
		}
	}
	articleTexts, err := e.db.ArticleTexts(ctx, articleIDs)
	if err != nil {
		return nil, err
	}
	noteTexts, err := e.db.NoteTexts(ctx, noteIDs)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(best))
	for _, s := range best {
		d := &idx.docs[s.doc]
		r := Result{Kind: d.kind, ID: d.id, Title: d.title, Score: float64(s.score)}
		if d.kind != KindNote || d.articleID != 0 {
			r.ArticleID = d.articleID
		}
		var f field
		if s.field == longTextField {
			name, text := fieldBody, articleTexts[d.id]
			if d.kind == KindNote {
				name, text = fieldNote, noteTexts[d.id]
			}
			f = newField(name, text, true)
		} else if len(d.fields) > 0 {
			f = d.fields[s.field]
		}
		r.Field = f.name
		var marks []int
		for i := range terms {
			marks = append(marks, matchedRunes(&f, &terms[i])...)
		}
		r.Snippet, r.Matches = snippet(f.text, marks)
		out = append(out, r)
	}
	return out, nil
}
