package search

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"lectern/store"
)

// Long texts (article bodies, the rest of long notes) are searched through the store's indexes:
// they find the texts that contain a term, or failing that a word one typo from it, which the
// vocabularies in memory name. A term of letters and digits lies inside one word of a text, so
// the word indexes find it: the words that start with it, and the words of the long texts
// that hold it further in (bodyWords). They answer in a tenth of the time of the trigram
// indexes, which find any substring, and serve everything else: phrases, terms with
// punctuation, a term inside too many words, and searches before bodyWords are loaded.
const (
	// A phrase the trigram index finds in a long text counts as a word's beginning; a term
	// found there inside a word as a piece of it, a correction as a typo.
	qualityLongTextPhrase = qualityWordPrefix
	qualityLongTextInside = qualityInsideWord
	qualityLongTextTypo   = qualityTypoWord
	// maxTypoWords bounds the corrections looked up for one term, most frequent first.
	maxTypoWords = 4
	// maxInsideWords bounds the words holding a term inside them that a word lookup asks for;
	// a term inside more (ing, tion) is left to the trigram index.
	maxInsideWords = 48
	// longTextCacheSize bounds the remembered lookups: typing "guatemalan" asks for "gua",
	// "guat", ... and the words before the one being typed come back at every keystroke.
	longTextCacheSize = 64
)

// longTextCache remembers lookups: which docs' long text contains a set of substrings.
type longTextCache struct {
	mu    sync.Mutex
	found map[string][]bool
}

// findInLongText sets inLongText on the wanted terms that the text indexes can look for. A
// term's pieces inside words are looked up only when a doc holding them could still score
// above threshold.
func (idx *index) findInLongText(ctx context.Context, db *store.DB, terms []term, wanted []bool, long *bodyWords, threshold float32) error {
	var wg sync.WaitGroup
	errs := make([]error, len(terms))
	inside := threshold < docScore(tierInside+1, 0, 1, 0)
	for i := range terms {
		if t := &terms[i]; wanted[i] && t.searchable() {
			wg.Go(func() { errs[i] = idx.lookUpTerm(ctx, db, t, long, inside) })
		}
	}
	wg.Wait()
	return errors.Join(errs...)
}

// lookUpTerm finds the docs whose long text holds the term: as a whole word, as a word's
// beginning, then (when inside) inside a word, or failing all of these, a correction of it:
// corrections rank below the term itself, so they are not worth a lookup when it is found.
func (idx *index) lookUpTerm(ctx context.Context, db *store.DB, t *term, long *bodyWords, inside bool) error {
	t.inLongText = idx.scratch.scores.get(len(idx.docs))
	if !long.current(idx) {
		long = nil
	}
	found := false
	mark := func(in []bool, q float32) {
		for i, ok := range in {
			if ok && t.inLongText[i] == 0 {
				t.inLongText[i], found = q, true
			}
		}
	}
	if !t.exact && store.OneWord(t.text) {
		for _, level := range []struct {
			q    float32
			star string
		}{{qualityWholeWord, ""}, {qualityWordPrefix, "*"}} {
			in, err := idx.lookUp(ctx, level.star+"\x00"+t.text, func(ctx context.Context, text store.Text) ([]int64, error) {
				if level.star == "" {
					return db.ContainingWholeWords(ctx, text, []string{t.text})
				}
				return db.ContainingWords(ctx, text, []string{t.text})
			})
			if err != nil {
				return err
			}
			mark(in, level.q)
		}
	}
	if (inside || t.exact || !found) && (long == nil || long.mayContain(t)) {
		in, err := idx.lookUpSubstrings(ctx, db, []string{t.text}, long)
		if err != nil {
			return err
		}
		mark(in, map[bool]float32{true: qualityLongTextPhrase, false: qualityLongTextInside}[t.exact])
	}
	if found || len(t.typoWords) == 0 {
		return nil
	}
	typos, err := idx.lookUpSubstrings(ctx, db, t.typoWords, long)
	if err != nil {
		return err
	}
	mark(typos, qualityLongTextTypo)
	return nil
}

// lookUpSubstrings marks the docs whose long text contains any of the substrings. long, when
// not nil, is current: the word indexes may serve.
func (idx *index) lookUpSubstrings(ctx context.Context, db *store.DB, substrings []string, long *bodyWords) ([]bool, error) {
	containing := func(ctx context.Context, text store.Text) ([]int64, error) {
		return idx.containing(ctx, db, text, substrings)
	}
	if prefixes, ok := long.wordPrefixes(substrings); ok && idx.partial == nil {
		containing = func(ctx context.Context, text store.Text) ([]int64, error) {
			ids, err := db.ContainingWords(ctx, text, prefixes)
			if err != nil && ctx.Err() == nil {
				// Whatever the word index cannot take, the trigram index can.
				return idx.containing(ctx, db, text, substrings)
			}
			return ids, err
		}
	}
	return idx.lookUp(ctx, strings.Join(substrings, "\x00"), containing)
}

// lookUp marks the docs whose long text containing names, remembered under key.
func (idx *index) lookUp(ctx context.Context, key string, containing func(context.Context, store.Text) ([]int64, error)) ([]bool, error) {
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
	wg.Go(func() { articles, articlesErr = containing(ctx, store.ArticleText) })
	if idx.longNotes > 0 {
		wg.Go(func() { notes, notesErr = containing(ctx, store.NoteText) })
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

// wordPrefixes returns the prefixes the word indexes look up to find the texts that contain
// one of substrings: each substring, and the words that hold one further in. ok is false when
// the word indexes cannot serve (b is nil, a substring is not one word, or it is inside too
// many words).
func (b *bodyWords) wordPrefixes(substrings []string) (prefixes []string, ok bool) {
	if b == nil {
		return nil, false
	}
	inside := 0
	for _, s := range substrings {
		if !store.OneWord(s) {
			return nil, false
		}
		prefixes = append(prefixes, s)
		mask := maskOf(s)
		for i, w := range b.words {
			if b.masks[i]&mask == mask && strings.Index(w, s) > 0 {
				// A word holding an emoji or a private-use character is one word to SQLite,
				// but not one it can be asked about.
				if inside++; inside > maxInsideWords || !store.OneWord(w) {
					return nil, false
				}
				prefixes = append(prefixes, w)
			}
		}
	}
	return prefixes, true
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
	// Most frequent first; ties by the word, so a patched index picks as a rebuilt one does.
	slices.SortFunc(typos, func(a, b wordHit) int {
		if c := len(v.postings[b.word]) - len(v.postings[a.word]); c != 0 {
			return c
		}
		return strings.Compare(v.words[a.word], v.words[b.word])
	})
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
