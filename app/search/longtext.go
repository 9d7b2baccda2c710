package search

import (
	"context"
	"sync"

	"lectern/store"
)

// longTextCacheSize bounds the remembered trigram lookups: typing "guatemalan" asks for
// "gua", "guat", ... and the words before the one being typed come back at every keystroke.
const longTextCacheSize = 64

// longTextCache remembers, per term, which docs' long text contains it.
type longTextCache struct {
	mu    sync.Mutex
	marks map[string][]bool
}

// findInLongText sets inLongText on every term the trigram index can look for.
func (idx *index) findInLongText(ctx context.Context, db *store.DB, terms []term) error {
	var wg sync.WaitGroup
	errs := make([]error, len(terms))
	for i := range terms {
		if !terms[i].searchable() {
			continue
		}
		wg.Go(func() { terms[i].inLongText, errs[i] = idx.longTextMarks(ctx, db, terms[i].text) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (idx *index) longTextMarks(ctx context.Context, db *store.DB, text string) ([]bool, error) {
	c := &idx.longText
	c.mu.Lock()
	marks, ok := c.marks[text]
	c.mu.Unlock()
	if ok {
		return marks, nil
	}
	var articles, notes []int64
	var articlesErr, notesErr error
	var wg sync.WaitGroup
	wg.Go(func() { articles, articlesErr = db.ArticlesContaining(ctx, text) })
	if idx.longNotes > 0 {
		wg.Go(func() { notes, notesErr = db.NotesContaining(ctx, text) })
	}
	wg.Wait()
	if articlesErr != nil {
		return nil, articlesErr
	}
	if notesErr != nil {
		return nil, notesErr
	}
	marks = make([]bool, len(idx.docs))
	for _, id := range articles {
		if i, ok := idx.articles[id]; ok {
			marks[i] = true
		}
	}
	for _, id := range notes {
		// A short note is all in memory, where it is matched word by word.
		if i, ok := idx.notes[id]; ok && idx.docs[i].longText {
			marks[i] = true
		}
	}
	c.mu.Lock()
	if c.marks == nil || len(c.marks) >= longTextCacheSize {
		c.marks = make(map[string][]bool)
	}
	c.marks[text] = marks
	c.mu.Unlock()
	return marks, nil
}
