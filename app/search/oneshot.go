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
// in memory may match a term, and builds the index of these, with the other articles and long
// notes bare (no fields), for the text indexes to name (buildIndex). Ranking there is the same
// as in the whole index: a doc's score depends on the doc alone, and of the vocabulary only
// the words that match a term count, whose postings are complete (every doc that holds one is
// kept).

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

// searchOnce searches the index of the rows that may match q (read, or read now). When most
// rows may match (a term of one or two letters matches the start of nearly every word), that
// index would cost about what the whole one does: the search builds the whole index from the
// rows read, and the Engine keeps it (kept) unless it serves one search.
func (e *Engine) searchOnce(ctx context.Context, q Query, limit int, gen int, read *archiveRows) (results []Result, kept bool, err error) {
	if e.once && read == nil {
		if results, ok, err := e.searchAsked(ctx, q, limit); ok || err != nil {
			return results, false, err
		}
	}
	r, keep := read, keptRows{}
	if read != nil { // read already, to patch the index (see patch.go)
		keep = mayMatchRows(read, q)
	} else if r, keep, err = readMayMatch(ctx, e.db, q); err != nil {
		return nil, false, err
	}
	if total := len(r.articles) + len(r.notes) + len(r.highlights); !e.once && keep.count()*wholeIndexShare > total {
		idx := buildIndex(r, nil)
		kept := e.keep(idx, gen)
		results, err := e.searchIn(ctx, idx, q, limit, nil, kept)
		return results, kept, err
	}
	results, err = e.searchIn(ctx, buildIndex(r, &keep), q, limit, nil, false)
	return results, false, err
}

// wholeIndexShare: when more than one row in this many may match, a search that is not
// Once builds the whole index rather than a partial one.
const wholeIndexShare = 3

// keptRows marks the rows that may match a query.
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

// bare reports whether row i of the table of kind is not kept; with no k, all are.
func (k *keptRows) bare(kind Kind, i int) bool {
	switch {
	case k == nil:
		return false
	case kind == KindArticle:
		return !k.articles[i]
	case kind == KindNote:
		return !k.notes[i]
	}
	return !k.highlights[i]
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
	wg.Go(func() { r.notes, k.notes, errs[1] = readNotesMayMatch(ctx, db, terms) })
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

// readNotesMayMatch reads the notes, most of the work, in parts by id on all cores, and marks
// each that may match as soon as its part is read.
func readNotesMayMatch(ctx context.Context, db *store.DB, terms []term) ([]store.SearchNote, []bool, error) {
	last, err := db.LastNoteID(ctx)
	if err != nil {
		return nil, nil, err
	}
	parts := 2 * runtime.GOMAXPROCS(0)
	notes := make([][]store.SearchNote, parts)
	kept := make([][]bool, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		after, upTo := int64(p)*last/int64(parts), int64(p+1)*last/int64(parts)
		if p == 0 {
			after = math.MinInt64
		}
		if p == parts-1 {
			upTo = math.MaxInt64
		}
		wg.Go(func() {
			if notes[p], errs[p] = db.SearchNotesBetween(ctx, noteHeadRunes, after, upTo); errs[p] != nil {
				return
			}
			kept[p] = make([]bool, len(notes[p]))
			for i := range notes[p] {
				kept[p][i] = noteMayMatch(&notes[p][i], terms)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	return slices.Concat(notes...), slices.Concat(kept...), nil
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
