package search

import (
	"context"
	"errors"
	"math"
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

// longTextCache remembers lookups: which docs' long text contains a set of substrings. The
// lists of common words (in more than commonShare of the docs), costly to ask for and asked
// for again and again (the, and, con...), are kept as long as the index, up to maxCommon of
// them; the others until longTextCacheSize are remembered, then all are forgotten at once.
type longTextCache struct {
	mu             sync.Mutex
	common, recent map[string]docSet
}

const (
	commonShare = 20
	maxCommon   = 512 // 10 kB each for 80,000 docs
)

func (c *longTextCache) get(key string) (docSet, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.common[key]; ok {
		return s, true
	}
	s, ok := c.recent[key]
	return s, ok
}

func (c *longTextCache) put(key string, s docSet, docs int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.common) < maxCommon && s.len() > docs/commonShare {
		if c.common == nil {
			c.common = map[string]docSet{}
		}
		c.common[key] = s
		return
	}
	if c.recent == nil || len(c.recent) >= longTextCacheSize {
		c.recent = map[string]docSet{}
	}
	c.recent[key] = s
}

// A term is looked up in the long texts in stages, the cheaper and better matches first: a
// later stage runs only when a doc it would find could still reach the results (see search).
type stage int8

const (
	stageWords  stage = iota // whole words and word beginnings; a phrase, anywhere
	stageInside              // pieces inside words
	stageTypos               // corrections, for a term found nowhere
	stages
)

// ceiling is a score that no doc reaches when one of its terms matches at this stage.
func (s stage) ceiling() float32 {
	switch s {
	case stageInside:
		return docScore(tierInside+1, 0, 1, 0)
	case stageTypos:
		return docScore(tierTypo+1, 0, 1, 0)
	}
	return math.MaxFloat32
}

// findInLongText looks the wanted terms up in the long texts at one stage, setting their
// inLongText.
func (idx *index) findInLongText(ctx context.Context, db *store.DB, terms []term, wanted []bool, long *bodyWords, at stage) error {
	if !long.current(idx) {
		long = nil
	}
	var wg sync.WaitGroup
	errs := make([]error, len(terms))
	for i := range terms {
		if t := &terms[i]; wanted[i] && t.searchable() {
			if t.inLongText == nil {
				t.inLongText = idx.scratch.scores.get(len(idx.docs))
			}
			wg.Go(func() { errs[i] = idx.lookUpTerm(ctx, db, t, long, at) })
		}
	}
	wg.Wait()
	return errors.Join(errs...)
}

// lookUpTerm finds the docs whose long text holds the term at one stage, and marks them in
// inLongText unless an earlier stage did.
func (idx *index) lookUpTerm(ctx context.Context, db *store.DB, t *term, long *bodyWords, at stage) error {
	mark := func(in docSet, err error, q float32) error {
		in.each(func(i int32) {
			if t.inLongText[i] == 0 {
				t.inLongText[i], t.foundInLongText = q, true
			}
		})
		return err
	}
	switch {
	case at == stageWords && t.exact:
		in, err := idx.lookUpSubstrings(ctx, db, []string{t.text}, long)
		return mark(in, err, qualityLongTextPhrase)
	case at == stageWords && store.OneWord(t.text):
		in, err := idx.lookUp(ctx, "\x00"+t.text, func(ctx context.Context, text store.Text) ([]int64, error) {
			return db.ContainingWholeWords(ctx, text, []string{t.text})
		})
		if err := mark(in, err, qualityWholeWord); err != nil {
			return err
		}
		in, err = idx.lookUp(ctx, "*\x00"+t.text, func(ctx context.Context, text store.Text) ([]int64, error) {
			return db.ContainingWords(ctx, text, []string{t.text})
		})
		return mark(in, err, qualityWordPrefix)
	case at == stageInside && !t.exact && (long == nil || long.mayContain(t)):
		in, err := idx.lookUpSubstrings(ctx, db, []string{t.text}, long)
		return mark(in, err, qualityLongTextInside)
	case at == stageTypos && !t.foundInLongText && len(t.typoWords) > 0:
		if idx.someLongNotes {
			idx.correctionsAsked.Store(true)
		}
		in, err := idx.lookUpSubstrings(ctx, db, t.typoWords, long)
		return mark(in, err, qualityLongTextTypo)
	}
	return nil
}

// lookUpSubstrings marks the docs whose long text contains any of the substrings. long, when
// not nil, is current: the word indexes may serve.
func (idx *index) lookUpSubstrings(ctx context.Context, db *store.DB, substrings []string, long *bodyWords) (docSet, error) {
	containing := func(ctx context.Context, text store.Text) ([]int64, error) {
		return db.Containing(ctx, text, substrings, true)
	}
	if prefixes, ok := long.wordPrefixes(substrings); ok {
		containing = func(ctx context.Context, text store.Text) ([]int64, error) {
			ids, err := db.ContainingWords(ctx, text, prefixes)
			if err != nil && ctx.Err() == nil {
				// Whatever the word index cannot take, the trigram index can.
				return db.Containing(ctx, text, substrings, true)
			}
			return ids, err
		}
	}
	return idx.lookUp(ctx, strings.Join(substrings, "\x00"), containing)
}

// lookUp marks the docs whose long text containing names, remembered under key.
func (idx *index) lookUp(ctx context.Context, key string, containing func(context.Context, store.Text) ([]int64, error)) (docSet, error) {
	if found, ok := idx.longText.get(key); ok {
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
	found := newDocSet(len(idx.docs))
	find := idx.positions(KindArticle)
	for _, id := range articles {
		if i, ok := find(id); ok {
			found.add(i)
		}
	}
	find = idx.positions(KindNote)
	for _, id := range notes {
		// A short note is all in memory, where it is matched word by word.
		if i, ok := find(id); ok && idx.facts[i].longText {
			found.add(i)
		}
	}
	idx.longText.put(key, found, len(idx.docs))
	return found, nil
}

// positions returns a function that finds the doc of an article or note id. The docs of each
// kind are in id order, and so are the ids the text indexes give: it goes through them
// together (galloping over idx.ids) instead of hashing each id (tens of thousands for a
// common word).
func (idx *index) positions(kind Kind) func(id int64) (int32, bool) {
	lo, hi := 0, len(idx.articles)
	if kind == KindNote {
		lo, hi = len(idx.articles), len(idx.articles)+idx.notes
	}
	ids, at := idx.ids, lo
	return func(id int64) (int32, bool) {
		if at > lo && ids[at-1] >= id {
			at = lo // out of order: from the start
		}
		// ids[at-1] < id: gallop forward, then search between the last two steps.
		step := 1
		for at+step < hi && ids[at+step] < id {
			at += step
			step *= 2
		}
		i, ok := slices.BinarySearch(ids[at:min(at+step+1, hi)], id)
		if at += i; ok {
			at++
			return int32(at - 1), true
		}
		return 0, false
	}
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
