package export

import "lectern/store"

// Review is an article's place in the daily review, summed over its highlights, for the
// front matter (`review: {due: 2026-05-06, reps: 7, lapses: 1}`): Obsidian's and Logseq's
// queries can then find the articles whose highlights are being learnt, or are due.
type Review struct {
	Due    string // YYYY-MM-DD: the earliest day one of its highlights is due
	Reps   int    // grades given to its highlights
	Lapses int    // times one of them was forgotten after it was learnt
}

// articleReview sums the review states of an article's highlights; nil when none of them was
// graded (or all were discarded from the review).
func articleReview(highlights []store.Highlight, states map[int64]store.ReviewState) *Review {
	var r *Review
	for _, h := range highlights {
		s, ok := states[h.ID]
		if !ok || s.Reps == 0 || s.Discarded {
			continue
		}
		if r == nil {
			r = &Review{}
		}
		r.Reps += s.Reps
		r.Lapses += s.Lapses
		if s.Due != "" && (r.Due == "" || s.Due < r.Due) {
			r.Due = s.Due
		}
	}
	return r
}
