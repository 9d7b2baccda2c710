package search

import "math/bits"

// docSet is a set of doc positions, a bit each: the docs whose long text holds a term, which a
// common word makes tens of thousands.
type docSet []uint64

func newDocSet(n int) docSet { return make(docSet, (n+63)/64) }

func (s docSet) add(i int32) { s[i/64] |= 1 << (i % 64) }

func (s docSet) len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// each calls fn with each doc of the set, in order.
func (s docSet) each(fn func(i int32)) {
	for wi, w := range s {
		for w != 0 {
			fn(int32(wi*64 + bits.TrailingZeros64(w)))
			w &= w - 1
		}
	}
}
