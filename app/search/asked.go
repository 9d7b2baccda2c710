package search

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"unicode/utf8"

	"lectern/store"
)

// A search with nothing in memory that serves one search (Once: the command line's) asks
// SQLite which notes and highlights may match, instead of reading the 70,000 of a large
// archive to check each (schema v7, store/searchwords.go). For each term: the words of the
// notes' beginnings and the highlights that start with the term's first letter, which hold
// every word the term may match as a whole word, a beginning, letters in order or a typo (but
// a typo in the first letter), checked here as the vocabulary checks them; the texts that hold
// one of these words; and the texts that hold the term (from its second letter on, for a typo
// in the first letter) inside a word, by the trigram indexes. Those rows are read and checked
// as readMayMatch checks every row, and the index is built of them and the articles (all
// read: few, and their titles may hold a term's letters spread over words). The notes read
// are all the notes whose long text holds a term, which is all the text indexes name but for
// corrections of a term found in no long text: when the search asked for those, it runs
// again with every long note (LongNotes) bare. Letters spread over the words of a standalone
// note's first line (its title) are the one match the rows read miss: it ranks below every
// other, so the notes that may hold one are asked for only when the results have room for
// such matches (askedTitles).

// askedRows reads what a search for q needs: all the articles, and the notes and highlights
// SQLite names; ok is false when q cannot be asked so (a phrase, a term of fewer than three
// letters, which match nearly everything anyway, or one the word index cannot look up).
func askedRows(ctx context.Context, db *store.DB, q Query) (r *archiveRows, keep keptRows, ok bool, err error) {
	terms := plainTerms(q)
	for i := range terms {
		if t := &terms[i]; t.exact || t.runes < shortTermRunes || !store.OneWord(t.text) {
			return nil, keptRows{}, false, nil
		}
	}
	r = &archiveRows{someLongNotes: true}
	var noteIDs, highlightIDs []int64
	var wg sync.WaitGroup
	var errs [3]error
	wg.Go(func() { r.textVersion, errs[0] = db.LongTextVersion(ctx) })
	wg.Go(func() {
		if r.articles, errs[1] = db.SearchArticles(ctx); errs[1] == nil {
			keep.articles = make([]bool, len(r.articles))
			for i := range r.articles {
				keep.articles[i] = articleMayMatch(&r.articles[i], terms)
			}
		}
	})
	wg.Go(func() { noteIDs, highlightIDs, ok, errs[2] = askTerms(ctx, db, terms) })
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil || !ok {
		return nil, keptRows{}, false, err
	}
	if _, err := r.addAsked(ctx, db, &keep, terms, noteIDs, highlightIDs, false); err != nil {
		return nil, keptRows{}, false, err
	}
	return r, keep, true, nil
}

// askTerms returns the notes and highlights (trashed ones too) that may match one of terms.
func askTerms(ctx context.Context, db *store.DB, terms []term) (notes, highlights []int64, ok bool, err error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(terms)*3)
	ok = true
	found := func(n, h []int64, err error, at int) {
		mu.Lock()
		defer mu.Unlock()
		notes, highlights, errs[at] = append(notes, n...), append(highlights, h...), err
	}
	// At most maxAsking lookups at once: each runs on a connection of its own, which a
	// new process opens (and reads the schema) first.
	asking := make(chan struct{}, maxAsking)
	ask := func(lookUp func()) {
		wg.Go(func() {
			asking <- struct{}{}
			defer func() { <-asking }()
			lookUp()
		})
	}
	for i := range terms {
		t := &terms[i]
		// Inside a word, or for a typo in the first letter, the rest of the term.
		inside := t.text
		if t.runes >= minTypoRunes {
			_, size := utf8.DecodeRuneInString(t.text)
			inside = t.text[size:]
		}
		ask(func() {
			patterns, askable, err := wordPatterns(ctx, db, t)
			if err == nil && askable && len(patterns) > 0 {
				n, h, err := db.ShortTextsWith(ctx, patterns)
				found(n, h, err, 3*i)
				return
			}
			mu.Lock()
			ok, errs[3*i] = ok && askable, err
			mu.Unlock()
		})
		ask(func() {
			n, err := db.Containing(ctx, store.NoteText, []string{inside}, true)
			found(n, nil, err, 3*i+1)
		})
		ask(func() {
			h, err := db.Containing(ctx, store.HighlightText, []string{inside}, true)
			found(nil, h, err, 3*i+2)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil || !ok {
		return nil, nil, false, err
	}
	slices.Sort(notes)
	slices.Sort(highlights)
	return slices.Compact(notes), slices.Compact(highlights), true, nil
}

// maxAsking bounds the lookups of askTerms that run at once.
const maxAsking = 3

// wordPatterns lists the words of the short texts that the term matches as the vocabulary
// would (wordQuality), of those that start with its first byte, and for a term long enough to
// have typos, the beginning with its first two letters swapped (the one typo in the first
// letter that leaves the rest of the term out of the word). askable is false when a word
// cannot be looked up (see store.OneWord).
func wordPatterns(ctx context.Context, db *store.DB, t *term) (patterns []store.WordPattern, askable bool, err error) {
	first := t.text[0]
	words, err := db.ShortWords(ctx, string([]byte{first}), string([]byte{first + 1}))
	if err != nil {
		return nil, false, err
	}
	for _, w := range words {
		if wordQuality(t, w, maskOf(w)) > 0 {
			if !store.OneWord(w) {
				return nil, false, nil
			}
			patterns = append(patterns, store.WordPattern{Word: w})
		}
	}
	if t.runes >= minTypoRunes {
		r := []rune(t.text)
		r[0], r[1] = r[1], r[0]
		patterns = append(patterns, store.WordPattern{Word: string(r), Prefix: true})
	}
	return patterns, true, nil
}

// askedTitles returns the notes (standalone ones among others) whose beginning may hold a
// term's letters spread over its words, which must start at a word that starts with the
// term's first letter. (Asking also for a word that starts with another of its letters costs
// more than reading the notes: each letter stands for thousands of words.)
func askedTitles(ctx context.Context, db *store.DB, terms []term) ([]int64, error) {
	var notes []int64
	for i := range terms {
		first, _ := utf8.DecodeRuneInString(terms[i].text)
		n, _, err := db.ShortTextsWith(ctx, []store.WordPattern{{Word: string(first), Prefix: true}})
		if err != nil {
			return nil, err
		}
		notes = append(notes, n...)
	}
	slices.Sort(notes)
	return slices.Compact(notes), nil
}

// addAsked reads the notes and highlights of ids (those not in the trash; with standalone,
// only the standalone notes), checks each as readMayMatch does, and adds them to r in id
// order. It returns how many of them may match.
func (r *archiveRows) addAsked(ctx context.Context, db *store.DB, keep *keptRows, terms []term, noteIDs, highlightIDs []int64, standalone bool) (int, error) {
	var notes []store.SearchNote
	var highlights []store.SearchHighlight
	var notesErr, highlightsErr error
	var wg sync.WaitGroup
	wg.Go(func() { notes, notesErr = db.SearchNotesByID(ctx, noteHeadRunes, noteIDs, standalone) })
	wg.Go(func() { highlights, highlightsErr = db.SearchHighlightsByID(ctx, highlightIDs) })
	wg.Wait()
	if err := errors.Join(notesErr, highlightsErr); err != nil {
		return 0, err
	}
	kept := 0
	r.notes, keep.notes = mergeByID(r.notes, keep.notes, notes, func(n *store.SearchNote) bool { return noteMayMatch(n, terms) },
		func(n store.SearchNote) int64 { return n.ID }, true, &kept)
	r.highlights, keep.highlights = mergeByID(r.highlights, keep.highlights, highlights,
		func(h *store.SearchHighlight) bool { return highlightMayMatch(h, terms) }, func(h store.SearchHighlight) int64 { return h.ID }, true, &kept)
	return kept, nil
}

// mergeByID merges rows read (with their marks) and new rows, each in id order, marking each
// new row by mayMatch and counting those marked in kept. A row read twice is the new one with
// replace (read now with its text), else the old one (a bare long note read after it).
func mergeByID[R any](rows []R, marks []bool, added []R, mayMatch func(*R) bool, id func(R) int64, replace bool, kept *int) ([]R, []bool) {
	out := make([]R, 0, len(rows)+len(added))
	outMarks := make([]bool, 0, cap(out))
	i := 0
	for j := range added {
		for i < len(rows) && id(rows[i]) < id(added[j]) {
			out, outMarks = append(out, rows[i]), append(outMarks, marks[i])
			i++
		}
		if i < len(rows) && id(rows[i]) == id(added[j]) {
			if !replace {
				continue
			}
			i++
		}
		m := mayMatch(&added[j])
		if m {
			*kept++
		}
		out, outMarks = append(out, added[j]), append(outMarks, m)
	}
	return append(out, rows[i:]...), append(outMarks, marks[i:]...)
}

// searchAsked searches the index of the rows SQLite names (askedRows); again with every long
// note when the search asked the long texts for corrections, and with the notes whose title
// may hold a term's letters spread over its words when the results have room for such a match.
// ok is false when q cannot be asked so.
func (e *Engine) searchAsked(ctx context.Context, q Query, limit int) (results []Result, ok bool, err error) {
	r, keep, ok, err := askedRows(ctx, e.db, q)
	if !ok || err != nil {
		return nil, ok, err
	}
	terms := plainTerms(q)
	titlesAsked := false
	for {
		idx := buildIndex(r, &keep)
		if results, err = e.searchIn(ctx, idx, q, limit, nil, false); err != nil {
			return nil, true, err
		}
		switch {
		case idx.correctionsAsked.Load():
			long, err := e.db.LongNotes(ctx)
			if err != nil {
				return nil, true, err
			}
			var none int
			r.notes, keep.notes = mergeByID(r.notes, keep.notes, long, func(*store.SearchNote) bool { return false },
				func(n store.SearchNote) int64 { return n.ID }, false, &none)
			r.someLongNotes = false
		case !titlesAsked && roomForScattered(results, limit):
			titlesAsked = true
			if added, err := r.addTitles(ctx, e.db, &keep, terms); err != nil || added == 0 {
				return results, true, err
			}
		default:
			return results, true, nil
		}
	}
}

// addTitles adds the standalone notes whose title may hold a term's letters spread over its
// words (askedTitles), and returns how many of them may match.
func (r *archiveRows) addTitles(ctx context.Context, db *store.DB, keep *keptRows, terms []term) (int, error) {
	notes, err := askedTitles(ctx, db, terms)
	if err != nil {
		return 0, err
	}
	// The notes read with their text were checked as a whole, title included.
	notes = slices.DeleteFunc(notes, func(id int64) bool {
		i, read := slices.BinarySearchFunc(r.notes, id, func(n store.SearchNote, id int64) int { return cmp.Compare(n.ID, id) })
		return read && r.notes[i].Head != ""
	})
	return r.addAsked(ctx, db, keep, terms, notes, nil, true)
}

// roomForScattered reports whether a doc whose best match of a term is letters spread over a
// title (tierScattered) could enter results: a doc any term matches so ranks below every doc
// whose terms all match better.
func roomForScattered(results []Result, limit int) bool {
	return len(results) < limit || results[len(results)-1].Score < float64(docScore(tierScattered+1, 0, 1, 0))
}
