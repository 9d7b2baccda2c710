package search

import (
	"context"
	"errors"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"lectern/store"
)

// A search with no index in memory (the command line's one search, or the window's first
// search, before the index has loaded, or after an Invalidate) does not build the index of the
// whole archive: folding every field and building the vocabulary and its postings costs a
// second of CPU on a large archive, for one search. It reads the rows, keeps those whose fields
// in memory may match a term and those the trigram index names, and builds the index of
// these only. Ranking there is the same as in the whole index: a doc's score depends on the
// doc alone; of the vocabulary only the words that match a term count, and their postings are
// complete (every doc that holds one is kept); and whether a term is common is counted against
// the whole archive.

// fullLoadDelay is how long after a one-shot search the Engine starts loading the whole index,
// not to compete for the cores with a command that searches once and exits.
const fullLoadDelay = 300 * time.Millisecond

// Once searches db once without keeping or loading anything for later searches: for a
// command that searches and exits.
func Once(ctx context.Context, db *store.DB, query string, limit int) ([]Result, error) {
	e := New(db)
	defer e.Close()
	e.once = true
	return e.Search(ctx, query, limit)
}

// partialLookups is shared by the rounds of a one-shot search: the trigram lookups made (or
// under way), and the docs they named that the partial index lacks.
type partialLookups struct {
	mu              sync.Mutex
	found           map[string]*lookup
	articles, notes []int64
}

type lookup struct {
	done chan struct{}
	ids  []int64
	err  error
}

func (p *partialLookups) miss(kind Kind, id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if kind == KindArticle {
		p.articles = append(p.articles, id)
	} else {
		p.notes = append(p.notes, id)
	}
}

// missed reports whether lookups named docs that the partial index lacks: the next round
// will hold them.
func (p *partialLookups) missed() bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.articles)+len(p.notes) > 0
}

// get returns the lookup of substrings in text, starting it unless it is made or under way.
func (p *partialLookups) get(ctx context.Context, db *store.DB, text store.Text, substrings []string) *lookup {
	key := string(text) + "\x00" + strings.Join(substrings, "\x00")
	p.mu.Lock()
	l, ok := p.found[key]
	if !ok {
		l = &lookup{done: make(chan struct{})}
		p.found[key] = l
	}
	p.mu.Unlock()
	if !ok {
		go func() {
			l.ids, l.err = db.Containing(ctx, text, substrings, true)
			close(l.done)
		}()
	}
	return l
}

// containing asks the trigram index which texts contain one of substrings; a partial index
// remembers the answers across its rounds.
func (idx *index) containing(ctx context.Context, db *store.DB, text store.Text, substrings []string) ([]int64, error) {
	if idx.partial == nil {
		return db.Containing(ctx, text, substrings, true)
	}
	l := idx.partial.get(ctx, db, text, substrings)
	select {
	case <-l.done:
		return l.ids, l.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// prefetchRunes: a one-shot search looks up its words of this many letters or more in the
// trigram index while it reads the rows. A shorter word may be common (the, and), which the
// search does not look up: the lookup would be slow and wasted.
const prefetchRunes = 5

// searchOnce searches a partial index of the docs that may match q. A first round keeps the
// docs whose fields in memory may match; the trigram lookups of the search then name the docs
// that match in their long text, and a second round adds them. (The words looked up in long
// texts, the terms and their corrections, come from the matching words in memory, which the
// first round holds all of, so the second round looks up the same words.)
//
// When most rows may match (a term of one or two letters matches the start of nearly every
// word), the partial index would cost about what the whole one does: the search builds the
// whole index from the rows read, and the Engine keeps it (kept) unless it serves one search.
func (e *Engine) searchOnce(ctx context.Context, q Query, limit int, gen int, read *archiveRows) (results []Result, kept bool, err error) {
	lookups := &partialLookups{found: map[string]*lookup{}}
	for _, w := range q.Words {
		if utf8.RuneCountInString(w) >= prefetchRunes {
			lookups.get(ctx, e.db, store.ArticleText, []string{w})
			lookups.get(ctx, e.db, store.NoteText, []string{w})
		}
	}
	var r *archiveRows
	var keep keptRows
	if read != nil { // read already, to patch the index (see patch.go)
		r, keep = read, mayMatchRows(read, q)
	} else if r, keep, err = readMayMatch(ctx, e.db, q); err != nil {
		return nil, false, err
	}
	total := len(r.articles) + len(r.notes) + len(r.highlights)
	if !e.once && keep.count()*wholeIndexShare > total {
		idx := buildIndex(r)
		kept := e.keep(idx, gen)
		results, err := e.searchIn(ctx, idx, q, limit, nil, kept)
		return results, kept, err
	}
	longNotes := 0
	for i := range r.notes {
		if r.notes[i].Long {
			longNotes++
		}
	}
	for round := 0; ; round++ {
		idx := buildIndex(r.subset(keep))
		idx.total, idx.longNotes, idx.partial = total, longNotes, lookups
		results, err := e.searchIn(ctx, idx, q, limit, nil, false)
		if err != nil {
			return nil, false, err
		}
		if round >= 3 || !keep.addMissing(r, lookups) {
			return results, false, nil
		}
	}
}

// wholeIndexShare: when more than one row in this many may match, a search that is not
// Once builds the whole index rather than a partial one.
const wholeIndexShare = 3

// keptRows marks the rows a partial index holds.
type keptRows struct{ articles, notes, highlights []bool }

func (k *keptRows) count() int {
	n := 0
	for _, marks := range [][]bool{k.articles, k.notes, k.highlights} {
		for _, m := range marks {
			if m {
				n++
			}
		}
	}
	return n
}

// addMissing keeps the docs the trigram index named that the partial index lacked, and
// reports whether there were any.
func (k *keptRows) addMissing(r *archiveRows, p *partialLookups) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	added := false
	for _, id := range p.articles {
		if i, ok := slicesIndexByID(r.articles, id, func(a *store.SearchArticle) int64 { return a.ID }); ok && !k.articles[i] {
			k.articles[i], added = true, true
		}
	}
	for _, id := range p.notes {
		// Only a note with text beyond its head is looked for in long texts.
		if i, ok := slicesIndexByID(r.notes, id, func(n *store.SearchNote) int64 { return n.ID }); ok && r.notes[i].Long && !k.notes[i] {
			k.notes[i], added = true, true
		}
	}
	p.articles, p.notes = nil, nil
	return added
}

// slicesIndexByID finds id in rows sorted by id.
func slicesIndexByID[T any](rows []T, id int64, idOf func(*T) int64) (int, bool) {
	lo, hi := 0, len(rows)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if idOf(&rows[mid]) < id {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(rows) && idOf(&rows[lo]) == id
}

// subset returns the kept rows, with the articles of the kept notes and highlights: a note or
// highlight takes its article's title, tags and site.
func (r *archiveRows) subset(k keptRows) *archiveRows {
	out := &archiveRows{textVersion: r.textVersion}
	parents := map[int64]bool{}
	for i := range r.notes {
		if k.notes[i] {
			out.notes = append(out.notes, r.notes[i])
			parents[r.notes[i].ArticleID] = true
		}
	}
	for i := range r.highlights {
		if k.highlights[i] {
			out.highlights = append(out.highlights, r.highlights[i])
			parents[r.highlights[i].ArticleID] = true
		}
	}
	for i := range r.articles {
		if k.articles[i] || parents[r.articles[i].ID] {
			out.articles = append(out.articles, r.articles[i])
		}
	}
	return out
}

// readMayMatch reads the rows and marks those one of whose fields in memory may match a term
// of q: a word of it matches the term as the vocabulary would, or the term is a subsequence of
// a short field, or a phrase is in it. Each table is checked as soon as it is read, the
// notes (most of the work) on all cores.
func readMayMatch(ctx context.Context, db *store.DB, q Query) (*archiveRows, keptRows, error) {
	terms := plainTerms(q)
	r := &archiveRows{}
	var err error
	if r.textVersion, err = db.LongTextVersion(ctx); err != nil {
		return nil, keptRows{}, err
	}
	var k keptRows
	var wg sync.WaitGroup
	var errs [3]error
	wg.Go(func() {
		if r.articles, errs[0] = db.SearchArticles(ctx); errs[0] == nil {
			k.articles = make([]bool, len(r.articles))
			for i := range r.articles {
				k.articles[i] = articleMayMatch(&r.articles[i], terms)
			}
		}
	})
	wg.Go(func() {
		// The notes, most of the work, in parts by id, each checked as soon as read.
		var last int64
		if last, errs[1] = db.LastNoteID(ctx); errs[1] != nil {
			return
		}
		parts := 2 * runtime.GOMAXPROCS(0)
		notes := make([][]store.SearchNote, parts)
		kept := make([][]bool, parts)
		partErrs := make([]error, parts)
		var nwg sync.WaitGroup
		for p := range parts {
			after, upTo := int64(p)*last/int64(parts), int64(p+1)*last/int64(parts)
			if p == 0 {
				after = math.MinInt64
			}
			if p == parts-1 {
				upTo = math.MaxInt64
			}
			nwg.Go(func() {
				if notes[p], partErrs[p] = db.SearchNotesBetween(ctx, noteHeadRunes, after, upTo); partErrs[p] != nil {
					return
				}
				kept[p] = make([]bool, len(notes[p]))
				for i := range notes[p] {
					kept[p][i] = noteMayMatch(&notes[p][i], terms)
				}
			})
		}
		nwg.Wait()
		if errs[1] = errors.Join(partErrs...); errs[1] == nil {
			r.notes, k.notes = slices.Concat(notes...), slices.Concat(kept...)
		}
	})
	wg.Go(func() {
		if r.highlights, errs[2] = db.SearchHighlights(ctx); errs[2] == nil {
			k.highlights = make([]bool, len(r.highlights))
			for i := range r.highlights {
				k.highlights[i] = highlightMayMatch(&r.highlights[i], terms)
			}
		}
	})
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, keptRows{}, err
	}
	return r, k, nil
}

// plainTerms are q's terms, to match rows with before there is an index.
func plainTerms(q Query) []term {
	var terms []term
	for _, w := range q.Words {
		terms = append(terms, term{text: w, mask: maskOf(w), runes: utf8.RuneCountInString(w)})
	}
	for _, p := range q.Phrases {
		terms = append(terms, term{text: p, exact: true, mask: maskOf(p), runes: utf8.RuneCountInString(p)})
	}
	return terms
}

// mayMatchRows marks the rows already read that may match q (see readMayMatch), the rows
// split among the cores.
func mayMatchRows(r *archiveRows, q Query) keptRows {
	terms := plainTerms(q)
	k := keptRows{make([]bool, len(r.articles)), make([]bool, len(r.notes)), make([]bool, len(r.highlights))}
	na, nn := len(r.articles), len(r.notes)
	n := na + nn + len(r.highlights)
	workers := min(runtime.GOMAXPROCS(0), 1+n/2048)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				switch {
				case i < na:
					k.articles[i] = articleMayMatch(&r.articles[i], terms)
				case i < na+nn:
					k.notes[i-na] = noteMayMatch(&r.notes[i-na], terms)
				default:
					k.highlights[i-na-nn] = highlightMayMatch(&r.highlights[i-na-nn], terms)
				}
			}
		})
	}
	wg.Wait()
	return k
}

func articleMayMatch(a *store.SearchArticle, terms []term) bool {
	return mayMatch(a.Title, false, terms) || mayMatch(a.Byline, false, terms) ||
		mayMatch(a.Site, false, terms) || anyMayMatch(a.Tags, terms)
}

func noteMayMatch(n *store.SearchNote, terms []term) bool {
	return mayMatch(n.Head, true, terms) || n.ArticleID == 0 && mayMatch(noteTitle(n.Head), false, terms)
}

func highlightMayMatch(h *store.SearchHighlight, terms []term) bool {
	return mayMatch(h.Quote, true, terms) || mayMatch(h.Comment, true, terms)
}

// noteTitle is the first line of a standalone note when it is short enough to be its title
// field (see buildIndex), or "".
func noteTitle(head string) string {
	if first := firstLine(head); utf8.RuneCountInString(first) <= maxTitleRunes {
		return first
	}
	return ""
}

func anyMayMatch(texts []string, terms []term) bool {
	for _, t := range texts {
		if mayMatch(t, false, terms) {
			return true
		}
	}
	return false
}

// mayMatch reports whether a term may match in a field of text (prose or short), in the ways
// the index matches fields: a superset, which the partial index then ranks exactly.
func mayMatch(text string, prose bool, terms []term) bool {
	if text == "" || len(terms) == 0 {
		return false
	}
	words := false
	var f string // folded, for what looks at the whole field
	for i := range terms {
		t := &terms[i]
		if t.exact {
			if f == "" {
				f = fold(text)
			}
			if strings.Contains(f, t.text) {
				return true
			}
			continue
		}
		words = true
		if !prose {
			if f == "" {
				f = fold(text)
			}
			if maskOf(f)&t.mask == t.mask && isSubsequence(t.text, f) {
				return true
			}
		}
	}
	if !words {
		return false
	}
	var buf [64]byte
	return scanWords(text, buf[:0], minWordLen(terms), func(w string, m uint64) bool {
		for i := range terms {
			t := &terms[i]
			if t.exact {
				continue
			}
			// wordQuality needs all the term's letters in the word, or all but one for a typo.
			if miss := t.mask &^ m; miss != 0 && (miss&(miss-1) != 0 || t.runes < minTypoRunes) {
				continue
			}
			if wordQuality(t, w, m) > 0 {
				return true
			}
		}
		return false
	})
}

// minWordLen is the fewest bytes a word needs for wordQuality to match one of the word terms:
// all the term's bytes, or for a typo all but one of its letters (its mask's bits, each at
// least one byte) in a word at most utf8.UTFMax-1 bytes shorter than the term.
func minWordLen(terms []term) int {
	n := math.MaxInt
	for i := range terms {
		t := &terms[i]
		if t.exact {
			continue
		}
		need := len(t.text) // whole, prefix, inside, abbreviation: all the term's bytes
		if t.runes >= minTypoRunes {
			need = max(len(t.text)-(utf8.UTFMax-1), bits.OnesCount64(t.mask)-1)
		}
		n = min(n, need)
	}
	return max(n, 1)
}

// asciiFolded maps an ASCII byte to itself lower-cased when it is a letter or digit, to 0 when
// it separates words.
var asciiFolded = func() (t [utf8.RuneSelf]byte) {
	for c := range byte(utf8.RuneSelf) {
		if isWordRune(rune(c)) {
			t[c] = byte(foldRune(rune(c)))
		}
	}
	return t
}()

// scanWords calls fn with each word of fold(text) of at least minLen bytes, as eachWord splits
// them, and its mask, until fn returns true; it folds as it goes, into buf, instead of folding
// the whole text first. The word passed to fn is valid only during the call.
func scanWords(text string, buf []byte, minLen int, fn func(word string, mask uint64) bool) bool {
	var mask uint64
	emit := func() bool {
		if len(buf) == 0 {
			return false
		}
		stop := len(buf) >= minLen && fn(unsafe.String(&buf[0], len(buf)), mask)
		buf, mask = buf[:0], 0
		return stop
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			if c = asciiFolded[c]; c != 0 {
				buf = append(buf, c)
				mask |= asciiMask[c]
			} else if len(buf) > 0 && emit() {
				return true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		r = foldRune(r)
		if isWordRune(r) {
			buf = utf8.AppendRune(buf, r)
			mask |= runeMask(r)
		} else if emit() {
			return true
		}
	}
	return emit()
}
