package search

import (
	"context"
	"strings"
	"sync"
	"unicode/utf8"

	"lectern/store"
)

// bodyWords are the distinct words of the long texts (article bodies, notes), which memory
// does not otherwise hold, as the store's word indexes list them: the candidates for
// correcting a typo, and the words that hold a term inside them, which the word indexes then
// look up (they find only the words that start with a term). They load in the background
// after the index, a fraction of a second for a large archive, and again after a long text
// changed; until then, a search that found nothing looks up its terms' corrections one by
// one (typoCandidates).
type bodyWords struct {
	words []string
	masks []uint64
	// version is the store's long-text version they were read at (see current).
	version int64
	// some: only some of the words (see typoCandidates), for corrections only.
	some bool
}

// maxTypoRunes and maxVariants bound the work of typoCandidates.
const (
	maxTypoRunes = 24
	maxVariants  = 6000
)

// minBodyWordRunes: a typo of minTypoRunes or more letters is one edit from a word one letter
// shorter; a term of shortTermRunes or more inside a word is in a longer one.
const minBodyWordRunes = min(minTypoRunes-1, shortTermRunes+1)

func loadBodyWords(ctx context.Context, db *store.DB) (*bodyWords, error) {
	// The version first: if a text changes meanwhile, the words are at least as new as it says.
	version, err := db.LongTextVersion(ctx)
	if err != nil {
		return nil, err
	}
	b := &bodyWords{version: version}
	err = db.LongTextWords(ctx, func(w string) {
		if utf8.RuneCountInString(w) >= minBodyWordRunes {
			b.words = append(b.words, w)
			b.masks = append(b.masks, maskOf(w))
		}
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// current reports whether the words are as new as the long texts the index was read with (the
// Engine reloads the index when the archive changed): only then does a word they lack tell
// that no text holds it.
func (b *bodyWords) current(idx *index) bool {
	return b != nil && !b.some && b.version >= idx.textVersion
}

// typoCandidates looks up which words one edit from the terms the long texts hold: the
// corrections a search finds among all their words, at the cost of a few hundred look-ups
// instead of reading them all (a fraction of a second on a large archive), for a search that
// found nothing before they are loaded.
func typoCandidates(ctx context.Context, db *store.DB, terms []term) (*bodyWords, error) {
	var variants []string
	for i := range terms {
		// A word of more than maxTypoRunes letters is no word anyone misspells in a search, and
		// its variants (thousands) would cost more than the search.
		if mayBeTypo(terms[i]) && terms[i].runes <= maxTypoRunes && len(variants) < maxVariants {
			if near, err := nearAnyLongText(ctx, db, &terms[i]); err != nil {
				return nil, err
			} else if near {
				variants = append(variants, oneEditVariants(terms[i].text, minBodyWordRunes)...)
			}
		}
	}
	words, err := db.LongTextWordsAmong(ctx, variants)
	if err != nil {
		return nil, err
	}
	b := &bodyWords{words: words, some: true}
	for _, w := range words {
		b.masks = append(b.masks, maskOf(w))
	}
	return b, nil
}

// mayContain reports whether a long text may contain the term: a term of letters and digits
// lies inside one word, so when it is long enough to be in the list and no word holds it, the
// indexes need not be asked.
func (b *bodyWords) mayContain(t *term) bool {
	if t.exact || t.runes < minTypoRunes-1 || !store.OneWord(t.text) {
		return true
	}
	for i, w := range b.words {
		if b.masks[i]&t.mask == t.mask && strings.Contains(w, t.text) {
			return true
		}
	}
	return false
}

// typos returns the words one edit from the whole term.
func (b *bodyWords) typos(t *term) []string {
	var out []string
	for i, w := range b.words {
		if wordQuality(t, w, b.masks[i]) == qualityTypoWord {
			out = append(out, w)
		}
	}
	return out
}

// bodyWordsLoader loads bodyWords once per long-text version, in the background.
type bodyWordsLoader struct {
	mu      sync.Mutex
	current *bodyWords    // the latest loaded, possibly out of date: still good typo candidates
	loading chan struct{} // closed when the load in progress ends; nil when none is
}

func (l *bodyWordsLoader) words() *bodyWords {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.current
}

// ensure starts loading the words unless those of this long-text version are loaded, or a load
// is under way, and returns a channel closed when it ends (nil if they are loaded).
func (l *bodyWordsLoader) ensure(ctx context.Context, db *store.DB, version int64) <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.current != nil && l.current.version >= version {
		return nil
	}
	if l.loading == nil {
		loading := make(chan struct{})
		l.loading = loading
		go func() {
			words, err := loadBodyWords(ctx, db)
			l.mu.Lock()
			if err == nil {
				l.current = words
			}
			l.loading = nil
			l.mu.Unlock()
			close(loading)
		}()
	}
	return l.loading
}

// nearAnyLongText reports whether a long text may hold a word one edit from the term: for a
// term of minTrigramsLeft runes or more, whether one of its trigrams is in one (an edit
// changes at most four of them: a swap of two letters), which the trigram indexes tell at
// once, where looking up its variants ("zqxvbnm", found nowhere, has about 700) costs tens
// of milliseconds. A shorter term may be.
func nearAnyLongText(ctx context.Context, db *store.DB, t *term) (bool, error) {
	if t.runes < minTrigramsLeft || !store.OneWord(t.text) {
		return true, nil
	}
	r := []rune(t.text)
	var trigrams []string
	for i := 0; i+3 <= len(r); i++ {
		trigrams = append(trigrams, string(r[i:i+3]))
	}
	for _, text := range []store.Text{store.ArticleText, store.NoteText} {
		if any, err := db.AnyContaining(ctx, text, trigrams); err != nil || any {
			return any, err
		}
	}
	return false, nil
}

// minTrigramsLeft is the fewest runes a term needs for a word one edit from it to hold one of
// its trigrams: a swap changes the four that overlap it.
const minTrigramsLeft = 7
