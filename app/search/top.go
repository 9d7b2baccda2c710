package search

import "slices"

// topScores keeps the best n scores seen, in a min-heap: its threshold is the score a new one
// must beat to enter.
type topScores struct {
	n      int
	scores []scored
}

func newTopScores(n int) *topScores { return &topScores{n: n, scores: make([]scored, 0, n)} }

// topOf is the topScores of the n best of scores.
func topOf(scores []scored, n int) *topScores {
	t := newTopScores(n)
	for _, s := range scores {
		t.add(s)
	}
	return t
}

func (t *topScores) threshold() float32 {
	if len(t.scores) < t.n {
		return -1
	}
	return t.scores[0].score
}

func (t *topScores) add(s scored) {
	if len(t.scores) < t.n {
		t.scores = append(t.scores, s)
		for i := len(t.scores) - 1; i > 0 && t.scores[(i-1)/2].score > t.scores[i].score; i = (i - 1) / 2 {
			t.scores[i], t.scores[(i-1)/2] = t.scores[(i-1)/2], t.scores[i]
		}
		return
	}
	if s.score <= t.scores[0].score {
		return
	}
	t.scores[0] = s
	for i := 0; ; {
		smallest, l, r := i, 2*i+1, 2*i+2
		if l < t.n && t.scores[l].score < t.scores[smallest].score {
			smallest = l
		}
		if r < t.n && t.scores[r].score < t.scores[smallest].score {
			smallest = r
		}
		if smallest == i {
			return
		}
		t.scores[i], t.scores[smallest] = t.scores[smallest], t.scores[i]
		i = smallest
	}
}

// top returns the n best of matched, best first; ties go to the more recent item.
func top(docs []doc, matched []scored, n int) []scored {
	better := func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		if c := docs[b.doc].when.Compare(docs[a.doc].when); c != 0 {
			return c
		}
		return int(a.doc - b.doc) // any fixed order, so results do not shuffle between calls
	}
	if len(matched) <= n {
		out := slices.Clone(matched)
		slices.SortFunc(out, better)
		return out
	}
	// Keep the n best seen so far in order; most docs fall below the last and cost one compare.
	best := make([]scored, 0, n+1)
	for _, s := range matched {
		if len(best) == n && better(s, best[n-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, s, better)
		best = slices.Insert(best, i, s)
		if len(best) > n {
			best = best[:n]
		}
	}
	return best
}
