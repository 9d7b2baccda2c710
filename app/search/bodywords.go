package search

import (
	"context"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"lectern/store"
)

// bodyWords are the distinct words of the long texts, which memory does not otherwise hold:
// the candidates for correcting a typo, which the trigram index then confirms. Reading every
// text takes about a second for a large archive, so they load in the background after the
// index, and a search that found nothing waits for them before giving up.
type bodyWords struct {
	words []string
	masks []uint64
	// of tells which archive they were read from (articles and notes counted, last ids), so
	// an index reload after a change elsewhere (a highlight, a tag) keeps them.
	of archiveShape
}

type archiveShape struct {
	articles, notes       int
	lastArticle, lastNote int64
}

func shapeOf(idx *index) archiveShape {
	s := archiveShape{articles: len(idx.articles), notes: len(idx.notes)}
	for id := range idx.articles {
		s.lastArticle = max(s.lastArticle, id)
	}
	for id := range idx.notes {
		s.lastNote = max(s.lastNote, id)
	}
	return s
}

func loadBodyWords(ctx context.Context, db *store.DB, shape archiveShape) (*bodyWords, error) {
	seen := map[string]bool{}
	err := db.EachLongText(ctx, func(text string) {
		eachWord(fold(text), func(w string, _ int) {
			// A typo of minTypoRunes or more letters is one edit from a word one letter shorter.
			if utf8.RuneCountInString(w) >= minTypoRunes-1 && !seen[w] {
				seen[w] = true
			}
		})
	})
	if err != nil {
		return nil, err
	}
	b := &bodyWords{of: shape}
	for w := range seen {
		b.words = append(b.words, w)
	}
	slices.Sort(b.words) // a fixed order, so corrections come out the same each time
	for _, w := range b.words {
		b.masks = append(b.masks, maskOf(w))
	}
	return b, nil
}

// mayContain reports whether a long text may contain the term: a term of letters and digits
// lies inside one word, so when it is long enough to be in the list and no word holds it, the
// trigram index need not be asked.
func (b *bodyWords) mayContain(t *term) bool {
	if t.exact || t.runes < minTypoRunes-1 {
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

// bodyWordsLoader loads bodyWords once per archive shape and lets searches wait for them.
type bodyWordsLoader struct {
	mu      sync.Mutex
	current *bodyWords    // the latest loaded, possibly of an older shape: still good candidates
	loading chan struct{} // closed when the load in progress ends; nil when none is
}

func (l *bodyWordsLoader) words() *bodyWords {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.current
}

// ensure starts loading the words of this shape unless they are loaded or loading, and
// returns a channel closed when they are (nil if they already are).
func (l *bodyWordsLoader) ensure(db *store.DB, shape archiveShape) <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.current != nil && l.current.of == shape {
		return nil
	}
	if l.loading == nil {
		loading := make(chan struct{})
		l.loading = loading
		go func() {
			words, err := loadBodyWords(context.Background(), db, shape)
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
