package search

import (
	"context"
	"slices"
	"strings"
	"sync"

	"lectern/store"
)

// Long texts (article bodies, the rest of long notes) are searched through SQLite's trigram
// index: it finds the texts that contain a term, and the texts that contain a word one typo
// from it, which the vocabulary in memory names.
const (
	qualityLongText = 0.8 // the index says the text contains the term somewhere
	// A piece of three or four letters is in most long texts, inside some longer word: less
	// of a sign that the text is the one sought.
	qualityLongTextShort = 0.5
	qualityLongTextTypo  = 0.4
	// maxTypoWords bounds the corrections looked up for one term, most frequent first.
	maxTypoWords = 4
	// longTextCacheSize bounds the remembered lookups: typing "guatemalan" asks for "gua",
	// "guat", ... and the words before the one being typed come back at every keystroke.
	longTextCacheSize = 64
)

// longTextCache remembers lookups: which docs' long text contains a set of substrings.
type longTextCache struct {
	mu    sync.Mutex
	found map[string][]bool
}

// findInLongText sets inLongText on the wanted terms that the trigram index can look for.
func (idx *index) findInLongText(ctx context.Context, db *store.DB, terms []term, wanted []bool, long *bodyWords) error {
	var wg sync.WaitGroup
	errs := make([]error, len(terms))
	for i := range terms {
		if t := &terms[i]; wanted[i] && t.searchable() {
			wg.Go(func() { errs[i] = idx.lookUpTerm(ctx, db, t, long) })
		}
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// lookUpTerm finds the docs whose long text holds the term, or failing that, a correction of
// it: corrections rank below the term itself, so they are not worth a lookup when it is found.
func (idx *index) lookUpTerm(ctx context.Context, db *store.DB, t *term, long *bodyWords) error {
	t.inLongText = idx.scratch.scores.get(len(idx.docs))
	if long == nil || long.of != idx.shape || long.mayContain(t) {
		exact, err := idx.lookUp(ctx, db, []string{t.text})
		if err != nil {
			return err
		}
		found := false
		for i, in := range exact {
			if in {
				t.inLongText[i], found = t.longTextQuality(), true
			}
		}
		if found {
			return nil
		}
	}
	if len(t.typoWords) == 0 {
		return nil
	}
	typos, err := idx.lookUp(ctx, db, t.typoWords)
	if err != nil {
		return err
	}
	for i, in := range typos {
		if in {
			t.inLongText[i] = qualityLongTextTypo
		}
	}
	return nil
}

// longTextQuality is the quality of the term found in a long text by the trigram index.
func (t *term) longTextQuality() float32 {
	if t.runes < minTypoRunes {
		return qualityLongTextShort
	}
	return qualityLongText
}

// lookUp marks the docs whose long text contains any of the substrings.
func (idx *index) lookUp(ctx context.Context, db *store.DB, substrings []string) ([]bool, error) {
	key := strings.Join(substrings, "\x00")
	c := &idx.longText
	c.mu.Lock()
	found, ok := c.found[key]
	c.mu.Unlock()
	if ok {
		return found, nil
	}
	var articles, notes []int64
	var articlesErr, notesErr error
	var wg sync.WaitGroup
	wg.Go(func() { articles, articlesErr = idx.containing(ctx, db, store.ArticleText, substrings) })
	if idx.longNotes > 0 {
		wg.Go(func() { notes, notesErr = idx.containing(ctx, db, store.NoteText, substrings) })
	}
	wg.Wait()
	if articlesErr != nil {
		return nil, articlesErr
	}
	if notesErr != nil {
		return nil, notesErr
	}
	found = make([]bool, len(idx.docs))
	for _, id := range articles {
		if i, ok := idx.articles[id]; ok {
			found[i] = true
		} else if idx.partial != nil {
			idx.partial.miss(KindArticle, id)
		}
	}
	for _, id := range notes {
		// A short note is all in memory, where it is matched word by word.
		if i, ok := idx.notes[id]; ok && idx.facts[i].longText {
			found[i] = true
		} else if !ok && idx.partial != nil {
			idx.partial.miss(KindNote, id)
		}
	}
	c.mu.Lock()
	if c.found == nil || len(c.found) >= longTextCacheSize {
		c.found = make(map[string][]bool)
	}
	c.found[key] = found
	c.mu.Unlock()
	return found, nil
}

// typoWordsOf picks the words one edit from the whole term, to look for in long texts: those
// the term matched in memory, most frequent first, then those of the long texts.
func (v *vocabulary) typoWordsOf(hits []wordHit, long *bodyWords, t *term) []string {
	var typos []wordHit
	for _, h := range hits {
		if h.quality == qualityTypoWord {
			typos = append(typos, h)
		}
	}
	slices.SortFunc(typos, func(a, b wordHit) int { return len(v.postings[b.word]) - len(v.postings[a.word]) })
	var words []string
	for _, h := range typos {
		words = append(words, v.words[h.word])
	}
	if long != nil && t.runes >= minTypoRunes {
		for _, w := range long.typos(t) {
			if !slices.Contains(words, w) {
				words = append(words, w)
			}
		}
	}
	words = words[:min(len(words), maxTypoWords)]
	slices.Sort(words) // one cache key for one set
	return words
}
