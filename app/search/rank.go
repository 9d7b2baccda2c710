package search

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// qualityLongText is what a term found through the trigram index counts: the index only says
// the text contains it somewhere.
const qualityLongText = 0.8

// term is one word or phrase of a query, ready to match.
type term struct {
	text  string
	exact bool // a quoted phrase: substrings only
	mask  uint64
	runes int
	// inLongText marks the docs whose long text (article body, rest of a note) contains the
	// term; nil when the term is too short for the trigram index.
	inLongText []bool
}

func termsOf(q Query) []term {
	var terms []term
	for _, w := range q.Words {
		terms = append(terms, term{text: w, mask: maskOf(w), runes: utf8.RuneCountInString(w)})
	}
	for _, p := range q.Phrases {
		terms = append(terms, term{text: p, exact: true, mask: maskOf(p), runes: utf8.RuneCountInString(p)})
	}
	return terms
}

// searchable reports whether the trigram index can look for the term.
func (t *term) searchable() bool { return t.runes >= shortTermRunes }

// shortTermRunes: a shorter term cannot use the trigram index, and matches prose only at the
// start of a word ("in" should not find every "within" and "begin" of a paragraph).
const shortTermRunes = 3

func isShort(text string) bool { return utf8.RuneCountInString(text) < shortTermRunes }

// matchRules tells which ways of matching a term of this text gets: a query that grows keeps
// its earlier matches only while the rules stay the same.
func matchRules(text string) int {
	n := utf8.RuneCountInString(text)
	switch {
	case n < shortTermRunes:
		return 0 // fields only; prose at word starts
	default:
		return 1
	}
}

// scored is a doc that matched, with its score and the field to show (-1: its long text).
type scored struct {
	doc   int32
	score float32
	field int8
}

const longTextField = -1

// match scores every candidate doc (all docs when candidates is nil) against the terms and
// filters, splitting the work across the cores. It returns every doc that matched.
func (idx *index) match(ctx context.Context, q Query, terms []term, candidates []int32) ([]scored, error) {
	if candidates == nil {
		candidates = make([]int32, len(idx.docs))
		for i := range candidates {
			candidates[i] = int32(i)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), 1+len(candidates)/2048)
	parts := make([][]scored, workers)
	var wg sync.WaitGroup
	for w := range workers {
		chunk := candidates[w*len(candidates)/workers : (w+1)*len(candidates)/workers]
		wg.Go(func() { parts[w] = idx.matchChunk(ctx, q, terms, chunk) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return slices.Concat(parts...), nil
}

func (idx *index) matchChunk(ctx context.Context, q Query, terms []term, chunk []int32) []scored {
	var out []scored
	for n, di := range chunk {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil
		}
		d := &idx.docs[di]
		if !q.accepts(d) {
			continue
		}
		if s, ok := scoreDoc(d, di, terms); ok {
			out = append(out, s)
		}
	}
	return out
}

// scoreDoc requires every term to match some field of d (or its long text) and averages their
// best scores. A term too short for the trigram index cannot be checked in long text, so a doc
// found there by its other terms is not held back by it.
func scoreDoc(d *doc, di int32, terms []term) (scored, bool) {
	var total, best float32
	shown := int8(longTextField)
	unchecked, inLongText := false, false
	for i := range terms {
		t := &terms[i]
		s, fi := bestField(d, t)
		if t.inLongText != nil && t.inLongText[di] {
			if ls := qualityLongText * fieldWeights[fieldBody]; ls > s {
				s, fi = ls, longTextField
			}
			inLongText = true
		}
		if s == 0 {
			if d.longText && !t.searchable() {
				unchecked = true
				continue
			}
			return scored{}, false
		}
		total += s
		if s > best {
			best, shown = s, int8(fi)
		}
	}
	if unchecked && !inLongText {
		return scored{}, false
	}
	return scored{doc: di, score: total/float32(len(terms)) + d.prior, field: shown}, true
}

// bestField returns the best weighted score of t over d's fields, and which field gave it.
func bestField(d *doc, t *term) (float32, int) {
	var best float32
	at := -1
	for fi := range d.fields {
		f := &d.fields[fi]
		if f.mask&t.mask != t.mask {
			continue
		}
		q, _ := substringQuality(f.folded, t.text, f.prose)
		if q == 0 && !f.prose && !t.exact {
			q = subsequenceOf(f.folded, t.text)
		}
		if s := q * f.weight; s > best {
			best, at = s, fi
		}
	}
	return best, at
}

// subsequenceOf is the quality of t's letters found in order in text by sahilm/fuzzy, or 0.
func subsequenceOf(text, t string) float32 {
	var quality float32
	subsequences(t, fieldSource{{folded: text}}, func(_ int, q float32) { quality = q })
	return quality
}

// accepts reports whether d passes the query's filters.
func (q Query) accepts(d *doc) bool {
	if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, d.kind) {
		return false
	}
	if len(q.Statuses) > 0 && !slices.Contains(q.Statuses, d.status) {
		return false
	}
	for _, want := range q.Tags {
		if !slices.ContainsFunc(d.tags, func(tag string) bool { return strings.HasPrefix(tag, want) }) {
			return false
		}
	}
	if len(q.Sites) > 0 && !slices.ContainsFunc(q.Sites, func(s string) bool { return strings.Contains(d.site, s) }) {
		return false
	}
	return true
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
	// A bounded heap would sort less, but selecting with one pass and a final sort of the
	// survivors is simpler and as fast for n around 50.
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
