package search

import (
	"slices"
	"strings"
)

// previousSearch remembers which docs the last query may have matched in memory: a query that
// only lengthens its terms (one more letter) can match no other doc in memory, and the docs
// found only in long texts the text indexes name again.
type previousSearch struct {
	idx      *index
	query    Query
	mayMatch []int32
}

func (e *Engine) remember(idx *index, q Query, marked []bool) {
	mayMatch := make([]int32, 0, 1024) // empty, not nil: nil means all docs
	for i, m := range marked {
		if m {
			mayMatch = append(mayMatch, int32(i))
		}
	}
	e.mu.Lock()
	if e.idx == idx {
		e.previous = previousSearch{idx: idx, query: q, mayMatch: mayMatch}
	}
	e.mu.Unlock()
}

// candidates returns the docs that can match q: the previous matches when q narrows the
// previous query, otherwise nil (all docs).
func (e *Engine) candidates(idx *index, q Query) []int32 {
	e.mu.Lock()
	defer e.mu.Unlock()
	p := e.previous
	if p.idx != idx || !narrows(p.query, q) {
		return nil
	}
	return p.mayMatch
}

// narrows reports whether every match of next is a match of prev: same filters, and each of
// prev's terms extended under the same matching rules. (A new term is not a narrowing here: a
// doc that prev found only in its long text is not listed, and the new term may find it in
// memory.)
func narrows(prev, next Query) bool {
	if !slices.Equal(prev.Tags, next.Tags) || !slices.Equal(prev.Sites, next.Sites) ||
		!slices.Equal(prev.Kinds, next.Kinds) || !slices.Equal(prev.Statuses, next.Statuses) ||
		len(prev.Links)+len(next.Links) > 0 { // the links may have changed since
		return false
	}
	return extends(prev.Words, next.Words) && extends(prev.Phrases, next.Phrases)
}

func extends(prev, next []string) bool {
	if len(next) != len(prev) {
		return false
	}
	for i, p := range prev {
		if !strings.HasPrefix(next[i], p) || matchRules(p) != matchRules(next[i]) {
			return false
		}
	}
	return true
}
