package search

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"

	"lectern/store"
)

// matchWords scores the one-word terms against the vocabulary and spreads the scores to the
// docs holding the matched words.
func (idx *index) matchWords(terms []term, long *bodyWords) {
	var wg sync.WaitGroup
	for i := range terms {
		if t := &terms[i]; !t.exact {
			wg.Go(func() {
				hits := idx.vocabulary.match(t)
				t.typoWords = idx.vocabulary.typoWordsOf(hits, long, t)
				t.byWord = idx.scratch.scores.get(len(idx.docs))
				t.fieldOf = idx.scratch.fields.get(len(idx.docs))
				for _, h := range hits {
					for _, p := range idx.vocabulary.postings[h.word] {
						if s := termScore(h.quality, p.weight()); s > t.byWord[p.doc()] {
							t.byWord[p.doc()], t.fieldOf[p.doc()] = s, p.field()
						}
					}
				}
			})
		}
	}
	wg.Wait()
}

// scored is a doc that matched, with its score and the field to show (-1: its long text).
type scored struct {
	doc   int32
	score float32
	field int8
}

const longTextField = -1

// partial is a doc some of whose terms matched only possibly: their letters are all in its
// short fields (sahilm/fuzzy will tell whether in order, and how well), or the doc has a long
// text that may hold them (the text indexes will tell). Checking costs more than the rest, so it waits until the
// doc's best possible score could still reach the results.
type partial struct {
	scored         // the score so far (known terms) and the field to show
	best   float32 // the best known term's score, which chose the field
	bound  float32 // the score if every pending term matched as well as it can
	// pending has bit i set for each term i still to check.
	pending uint16
	// inMemory: some term matched, or may match, in memory (not only in long text).
	inMemory bool
	// minTier is the worst tier of the terms scored so far, boundTier the worst they and
	// the pending terms can reach (see docScore).
	minTier, boundTier int8
}

// search scores the candidate docs (nil: all) against the query. It returns the best limit,
// ranked, and marks every doc that may match through memory, which narrows the search for a
// query that extends this one. Docs that may match only through their long text are not
// marked: the text indexes name them when they can reach the results.
func (idx *index) search(ctx context.Context, db *store.DB, q Query, terms []term, candidates []int32, limit int, long *bodyWords) (best []scored, mayMatch []bool, err error) {
	idx.matchWords(terms, long)
	mayMatch = idx.scratch.marks.get(len(idx.docs))
	matched, pending := idx.firstPass(ctx, q, terms, candidates, limit, mayMatch)
	defer idx.scratch.putPartials(pending)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	threshold := float32(-1)
	if len(matched) >= limit {
		threshold = top(idx.docs, matched, limit)[limit-1].score
	}
	// The pending docs worth checking, kept in place, in doc order.
	needsLongText := make([]bool, len(terms))
	for part := range pending {
		worth := pending[part][:0]
		for _, p := range pending[part] {
			if p.bound > threshold {
				worth = append(worth, p)
				for i := range terms {
					needsLongText[i] = needsLongText[i] || p.pending&(1<<i) != 0 && idx.facts[p.doc].longText
				}
			}
		}
		pending[part] = worth
	}
	enumerate := longTextOnlyBound(terms) > threshold
	for i := range terms {
		needsLongText[i] = needsLongText[i] || enumerate
	}
	if err := idx.findInLongText(ctx, db, terms, needsLongText, long, threshold); err != nil {
		return nil, nil, err
	}
	// A doc that cannot beat the best limit found so far needs no check (often thousands of
	// subsequence checks). In doc order, which reads memory in order: sorted by bound, fewer
	// would be checked, but each check would cost more than it saves.
	running := newTopScores(limit)
	for _, s := range matched {
		running.add(s)
	}
	for _, part := range pending {
		for _, p := range part {
			if p.bound < running.threshold() {
				continue
			}
			if s, ok := idx.finish(p, terms); ok {
				matched = append(matched, s)
				running.add(s)
			}
		}
	}
	if enumerate {
		matched = append(matched, idx.foundOnlyInLongText(q, terms, mayMatch)...)
	}
	return top(idx.docs, matched, limit), mayMatch, nil
}

// longTextOnlyBound is the best a doc found only in its long text can score (0: none can).
func longTextOnlyBound(terms []term) float32 {
	anySearchable := slices.ContainsFunc(terms, func(t term) bool { return t.searchable() })
	if !anySearchable {
		return 0
	}
	var sum float32
	minTier := int8(tierWhole)
	for _, t := range terms {
		s := t.longTextBound
		if !t.searchable() {
			s = assumedInLongText
		}
		sum += s
		minTier = min(minTier, tierOf(s))
	}
	return docScore(minTier, sum, len(terms), maxPrior)
}

// assumedInLongText is the score of a term too short to look for in a long text, which
// holds almost every word beginning, when another term of the query is looked for there.
var assumedInLongText = termScore(qualityWordPrefix, bodyWeight)

// foundOnlyInLongText scores the docs the text indexes found that the first pass left out.
func (idx *index) foundOnlyInLongText(q Query, terms []term, skip []bool) []scored {
	anySearchable := true
	var out []scored
	for di := range idx.docs {
		if skip[di] || !slices.ContainsFunc(terms, func(t term) bool { return t.inLongText != nil && t.inLongText[di] > 0 }) {
			continue
		}
		if !idx.accepts(&q, &idx.docs[di]) {
			continue
		}
		p, ok := idx.startScore(int32(di), terms, anySearchable)
		if !ok {
			continue
		}
		if s, ok := idx.finish(p, terms); ok {
			out = append(out, s)
		}
	}
	return out
}

// firstPass scores what is cheap to score, splitting the docs across the cores, and marks in
// mayMatch the docs that may match through memory. It returns enough of the matched docs to
// hold the best limit, and the pending docs that may still beat them, in lists in doc order
// (to give back with putPartials). Docs that may match
// only through their long text are left for the text indexes to name.
func (idx *index) firstPass(ctx context.Context, q Query, terms []term, candidates []int32, limit int, mayMatch []bool) (matched []scored, pending [][]partial) {
	n := len(idx.docs)
	if candidates != nil {
		n = len(candidates)
	}
	anySearchable := slices.ContainsFunc(terms, func(t term) bool { return t.searchable() })
	filtered := len(q.Kinds)+len(q.Statuses)+len(q.Tags)+len(q.Sites) > 0
	workers := min(runtime.GOMAXPROCS(0), 1+n/2048)
	matchedParts := make([][]scored, workers)
	pendingParts := make([][]partial, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		pendingParts[w] = idx.scratch.partialList()
		wg.Go(func() {
			best := newTopScores(limit)
			for i := lo; i < hi; i++ {
				if (i-lo)%1024 == 0 && ctx.Err() != nil {
					return
				}
				di := int32(i)
				if candidates != nil {
					di = candidates[i]
				}
				if filtered && !idx.accepts(&q, &idx.docs[di]) {
					continue
				}
				p, ok := idx.startScore(di, terms, anySearchable)
				if !ok || !p.inMemory {
					continue
				}
				mayMatch[di] = true
				if p.pending == 0 {
					p.score = docScore(p.minTier, p.score, len(terms), idx.facts[di].prior)
					best.add(p.scored)
					continue
				}
				// A pending doc that cannot beat this worker's best limit cannot beat all.
				if p.bound = docScore(p.boundTier, p.bound, len(terms), idx.facts[di].prior); p.bound > best.threshold() {
					pendingParts[w] = append(pendingParts[w], p)
				}
			}
			matchedParts[w] = best.scores
		})
	}
	wg.Wait()
	return slices.Concat(matchedParts...), pendingParts
}

// startScore scores each term by what is in memory and leaves pending the terms that may still
// match better otherwise: as a subsequence of a short field, or in the long text. A term too
// short to look for cannot be checked in a long text, which holds almost every word
// beginning: it counts as found there (assumedInLongText) when another term can be checked.
func (idx *index) startScore(di int32, terms []term, anySearchable bool) (partial, bool) {
	p := partial{scored: scored{doc: di, field: longTextField}, minTier: tierWhole, boundTier: tierWhole}
	f := &idx.facts[di]
	for i := range terms {
		t := &terms[i]
		s, fi := idx.inMemory(di, t)
		// What finish may still find: the term's letters are all in the doc's short fields,
		// perhaps in order; or its long text may hold it.
		var possible float32
		if !t.exact && f.shortMask&t.mask == t.mask {
			possible = termScore(qualitySubsequenceMax, f.shortWeight)
		}
		if f.longText {
			if t.longTextBound > 0 {
				possible = max(possible, t.longTextBound)
			} else if s == 0 && possible == 0 && anySearchable {
				s, fi = assumedInLongText, longTextField
			}
		}
		if s > 0 {
			p.inMemory = p.inMemory || fi != longTextField
			p.add(s, fi)
		}
		if possible <= s {
			p.boundTier = min(p.boundTier, tierOf(s))
			p.bound += s
			if s == 0 {
				return p, false
			}
			continue
		}
		p.inMemory = p.inMemory || f.shortMask&t.mask == t.mask
		p.boundTier = min(p.boundTier, tierOf(possible))
		p.bound += possible
		p.pending |= 1 << i
	}
	return p, true
}

// inMemory is the score of a term in the doc's fields in memory, word by word (or a phrase
// by substring), and the field.
func (idx *index) inMemory(di int32, t *term) (float32, int8) {
	if t.exact {
		return bestSubstring(&idx.docs[di], t)
	}
	return t.byWord[di], t.fieldOf[di]
}

// add counts a known term's score s in field fi.
func (p *partial) add(s float32, fi int8) {
	p.score += s
	p.minTier = min(p.minTier, tierOf(s))
	if s > p.best {
		p.best, p.field = s, fi
	}
}

// finish checks a partial doc's pending terms and returns its final score.
func (idx *index) finish(p partial, terms []term) (scored, bool) {
	// First the terms that only the long text may hold, which cost a look each: most pending
	// docs fail there, before any subsequence check.
	shortMask := idx.facts[p.doc].shortMask
	for i := range terms {
		if t := &terms[i]; p.pending&(1<<i) != 0 && (t.exact || shortMask&t.mask != t.mask) &&
			(t.inLongText == nil || t.inLongText[p.doc] == 0) {
			if s, _ := idx.inMemory(p.doc, t); s == 0 {
				return scored{}, false
			}
		}
	}
	d := &idx.docs[p.doc]
	// The pending terms' scores replace what startScore counted for them.
	p.score, p.best, p.minTier = 0, 0, tierWhole
	for i := range terms {
		t := &terms[i]
		s, fi := idx.inMemory(p.doc, t)
		if s == 0 && p.pending&(1<<i) == 0 {
			s, fi = assumedInLongText, longTextField
		}
		if p.pending&(1<<i) != 0 {
			if !t.exact {
				if q, at := idx.bestSubsequence(d, t); q > s {
					s, fi = q, at
				}
			}
			if t.inLongText != nil {
				if q := t.inLongText[p.doc]; q > 0 && termScore(q, bodyWeight) > s {
					s, fi = termScore(q, bodyWeight), longTextField
				}
			}
		}
		if s == 0 {
			return scored{}, false
		}
		p.add(s, fi)
	}
	p.score = docScore(p.minTier, p.score, len(terms), idx.facts[p.doc].prior)
	return p.scored, true
}

// bestSubstring scores a phrase by finding it in each field.
func bestSubstring(d *doc, t *term) (float32, int8) {
	var best float32
	at := int8(-1)
	for fi := range d.fields {
		f := &d.fields[fi]
		if f.mask&t.mask != t.mask {
			continue
		}
		if q, _ := substringQuality(f.folded, t.text, f.prose); q > 0 && termScore(q, f.weight) > best {
			best, at = termScore(q, f.weight), int8(fi)
		}
	}
	return best, at
}

// bestSubsequence scores a term spread over the words of a short field ("carmig" in "Caravan
// of migrants"), which the vocabulary, matching one word at a time, cannot find.
func (idx *index) bestSubsequence(d *doc, t *term) (float32, int8) {
	var best float32
	at := int8(-1)
	for _, f := range idx.short[d.shortFrom:d.shortTo] {
		if f.mask&t.mask != t.mask || !isSubsequence(t.text, f.folded) {
			continue
		}
		if q, _ := subsequenceOf(f.folded, t.text); q > 0 && termScore(q, f.weight) > best {
			best, at = termScore(q, f.weight), f.field
		}
	}
	return best, at
}

// accepts reports whether d passes the query's filters.
func (idx *index) accepts(q *Query, d *doc) bool {
	if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, d.kind) {
		return false
	}
	if len(q.Statuses) > 0 && !slices.Contains(q.Statuses, idx.status(d)) {
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
