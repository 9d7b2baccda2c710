package search

import "sync"

// pool recycles the per-doc arrays a search fills (a score per doc for each term): a few
// megabytes per keystroke that the garbage collector need not chase.
type pool[T any] struct{ p sync.Pool }

// get returns a zeroed slice of n elements.
func (p *pool[T]) get(n int) []T {
	if v, ok := p.p.Get().(*[]T); ok && len(*v) == n {
		clear(*v)
		return *v
	}
	return make([]T, n)
}

func (p *pool[T]) put(v []T) {
	if v != nil {
		p.p.Put(&v)
	}
}

// scratch holds the pools of an index.
type scratch struct {
	scores pool[float32]
	fields pool[int8]
	marks  pool[bool]
	// partials recycles the lists of pending docs: tens of thousands for a query whose terms
	// may all be in the long texts.
	partials sync.Pool
}

// partialList returns an empty list of pending docs, with the room of an earlier one.
func (s *scratch) partialList() []partial {
	if v, ok := s.partials.Get().(*[]partial); ok {
		return (*v)[:0]
	}
	return nil
}

func (s *scratch) putPartials(lists [][]partial) {
	for _, l := range lists {
		if cap(l) > 0 {
			s.partials.Put(&l)
		}
	}
}

// release gives back the arrays of a finished search.
func (idx *index) release(terms []term, marks []bool) {
	for i := range terms {
		idx.scratch.scores.put(terms[i].byWord)
		idx.scratch.fields.put(terms[i].fieldOf)
		idx.scratch.scores.put(terms[i].inLongText)
		terms[i].byWord, terms[i].fieldOf, terms[i].inLongText = nil, nil, nil
	}
	idx.scratch.marks.put(marks)
}
