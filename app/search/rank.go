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
	pending termSet
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
	running := topOf(matched, limit)
	wanted, enumerate := idx.wantedInLongText(terms, pending, running.threshold())
	// The long texts, stage by stage: a stage whose matches rank below the best limit found
	// so far (with the docs found only in long texts) is not asked.
	var onlyLong []scored
	for at := range stages {
		if at > stageWords && running.threshold() >= at.ceiling() {
			break
		}
		if err := idx.findInLongText(ctx, db, terms, wanted, long, at); err != nil {
			return nil, nil, err
		}
		if enumerate {
			running = topOf(matched, limit)
			onlyLong = idx.foundOnlyInLongText(q, terms, mayMatch, running, onlyLong[:0])
		}
	}
	// A doc that cannot beat the best limit found so far needs no check (often thousands of
	// subsequence checks). In doc order, which reads memory in order: sorted by bound, fewer
	// would be checked, but each check would cost more than it saves.
	matched = append(matched, onlyLong...)
	for _, part := range pending {
		for _, p := range part {
			if p.bound < running.threshold() {
				continue
			}
			if s, ok := idx.finish(p, terms, running.threshold()); ok {
				matched = append(matched, s)
				running.add(s)
			}
		}
	}
	return top(idx.docs, matched, limit), mayMatch, nil
}

// wantedInLongText tells which terms to look up in the long texts: those pending in a doc
// that may still beat threshold, and all of them when a doc found only in its long text may
// (enumerate).
func (idx *index) wantedInLongText(terms []term, pending [][]partial, threshold float32) (wanted []bool, enumerate bool) {
	enumerate = longTextOnlyBound(terms) > threshold
	wanted = make([]bool, len(terms))
	for part := range pending {
		worth := pending[part][:0] // kept in place, in doc order
		for _, p := range pending[part] {
			if p.bound > threshold {
				worth = append(worth, p)
				for i := range terms {
					wanted[i] = wanted[i] || enumerate || p.pending.has(i) && idx.facts[p.doc].longText
				}
			}
		}
		pending[part] = worth
	}
	if enumerate {
		for i := range wanted {
			wanted[i] = true
		}
	}
	return wanted, enumerate
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

// foundOnlyInLongText appends to out the docs that match only in their long text (none of
// their terms is in memory, which the first pass marked in skip) and may enter running,
// which it updates. Every term looked up must be in such a doc's long text; one too short
// to look up counts as there (assumedInLongText).
func (idx *index) foundOnlyInLongText(q Query, terms []term, skip []bool, running *topScores, out []scored) []scored {
	var looked []*term
	for i := range terms {
		if terms[i].inLongText != nil {
			looked = append(looked, &terms[i])
		}
	}
	if len(looked) == 0 {
		return out
	}
	var assumed float32 // what the terms not looked up add
	for i := range terms {
		if terms[i].inLongText == nil {
			assumed += assumedInLongText
		}
	}
	minTier0 := int8(tierWhole)
	if assumed > 0 {
		minTier0 = tierOf(assumedInLongText)
	}
next:
	for di, first := range looked[0].inLongText {
		if first == 0 || skip[di] {
			continue
		}
		sum, minTier := assumed, minTier0
		for _, t := range looked {
			qt := t.inLongText[di]
			if qt == 0 {
				continue next
			}
			s := termScore(qt, bodyWeight)
			sum, minTier = sum+s, min(minTier, tierOf(s))
		}
		s := scored{doc: int32(di), score: docScore(minTier, sum, len(terms), idx.facts[di].prior), field: longTextField}
		if s.score < running.threshold() || !idx.accepts(&q, &idx.docs[di]) {
			continue
		}
		running.add(s)
		out = append(out, s)
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
	filtered := len(q.Kinds)+len(q.Statuses)+len(q.Tags)+len(q.Sites)+len(q.Links) > 0
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
				if !idx.mayBeInMemory(di, terms) || filtered && !idx.accepts(&q, &idx.docs[di]) {
					continue
				}
				p, ok := idx.startScore(di, terms)
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

// mayBeInMemory is a quick test that startScore may find a term in the doc's fields in
// memory: most docs hold none of the terms.
func (idx *index) mayBeInMemory(di int32, terms []term) bool {
	mask := idx.facts[di].shortMask
	for i := range terms {
		if t := &terms[i]; t.exact || t.byWord[di] > 0 || mask&t.mask == t.mask {
			return true
		}
	}
	return false
}

// startScore scores each term by what is in memory and leaves pending the terms that may still
// match better otherwise: as a subsequence of a short field, or in the long text. A term too
// short to look for cannot be checked in a long text, which holds almost every word
// beginning: it counts as found there (assumedInLongText) when another term can be checked.
func (idx *index) startScore(di int32, terms []term) (partial, bool) {
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
			} else if t.assumed && s < assumedInLongText {
				p.inMemory = p.inMemory || s > 0
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

// finish checks a partial doc's pending terms and returns its final score, unless it cannot
// reach threshold. A subsequence of a short field (sahilm/fuzzy's work, the costliest check)
// is looked for last, and only when it could raise the term's score and the doc could still
// reach threshold.
func (idx *index) finish(p partial, terms []term, threshold float32) (scored, bool) {
	f := &idx.facts[p.doc]
	var scores [maxTerms]float32
	var fields [maxTerms]int8
	var check termSet // terms a subsequence may score better
	sum, minTier := float32(0), int8(tierWhole)
	for i := range terms {
		t := &terms[i]
		s, fi := idx.known(p, i, t)
		scores[i], fields[i] = s, fi
		if p.pending.has(i) && !t.exact && f.shortMask&t.mask == t.mask {
			if sub := termScore(qualitySubsequenceMax, f.shortWeight); sub > s {
				check |= 1 << i
				s = sub
			}
		}
		if s == 0 {
			return scored{}, false
		}
		sum, minTier = sum+s, min(minTier, tierOf(s))
	}
	if docScore(minTier, sum, len(terms), f.prior) < threshold {
		return scored{}, false
	}
	p.score, p.best, p.minTier = 0, 0, tierWhole
	for i := range terms {
		if check.has(i) {
			if q, at := idx.bestSubsequence(&idx.docs[p.doc], &terms[i]); q > scores[i] {
				scores[i], fields[i] = q, at
			}
		}
		if scores[i] == 0 {
			return scored{}, false
		}
		p.add(scores[i], fields[i])
	}
	p.score = docScore(p.minTier, p.score, len(terms), f.prior)
	return p.scored, true
}

// known is term i's score in a partial doc without a subsequence check: in memory, in the
// long text when it was pending, or assumed there when it is too short to look up.
func (idx *index) known(p partial, i int, t *term) (float32, int8) {
	s, fi := idx.inMemory(p.doc, t)
	if t.assumed && s < assumedInLongText && idx.facts[p.doc].longText {
		return assumedInLongText, longTextField
	}
	if !p.pending.has(i) {
		return s, fi
	}
	if t.inLongText != nil {
		if q := t.inLongText[p.doc]; q > 0 && termScore(q, bodyWeight) > s {
			return termScore(q, bodyWeight), longTextField
		}
	}
	return s, fi
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
		if !slices.ContainsFunc(d.tags, func(tag string) bool { return strings.HasPrefix(tag, want) }) &&
			!(d.kind == KindNote && slices.ContainsFunc(idx.noteTags.of[d.id], func(tag string) bool { return strings.HasPrefix(tag, want) })) {
			return false
		}
	}
	for _, l := range q.linked {
		if !l.has(d) {
			return false
		}
	}
	if len(q.Sites) > 0 && !slices.ContainsFunc(q.Sites, func(s string) bool { return strings.Contains(d.site, s) }) {
		return false
	}
	return true
}
