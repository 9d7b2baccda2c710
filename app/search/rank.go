package search

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"lectern/store"
)

// term is one word or phrase of a query, ready to match.
type term struct {
	text  string
	exact bool // a quoted phrase: substrings only
	mask  uint64
	runes int
	// fromVocabulary: the term is one word, matched against the vocabulary; byWord and
	// fieldOf hold, per doc, its best weighted score over the doc's fields and which field.
	fromVocabulary bool
	byWord         []float32
	fieldOf        []int8
	// subsequenceBound holds per doc the best score a subsequence match of the term in a short
	// field could get, where the vocabulary found nothing (0: no short field holds its
	// letters); nil for a phrase.
	subsequenceBound []float32
	// typoWords are vocabulary words one edit from the term, to look for in long texts.
	typoWords []string
	// inLongText holds per doc the quality of the term's match in its long text (0: none);
	// nil when the term is too short for the trigram index.
	inLongText []float32
}

func termsOf(q Query) []term {
	var terms []term
	for _, w := range q.Words {
		t := term{text: w, mask: maskOf(w), runes: utf8.RuneCountInString(w)}
		t.fromVocabulary = !strings.ContainsFunc(w, func(r rune) bool { return !isWordRune(r) })
		terms = append(terms, t)
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
	switch n := utf8.RuneCountInString(text); {
	case n < shortTermRunes:
		return 0 // word beginnings in prose, no trigram index
	case n < minTypoRunes:
		return 1 // no typos
	default:
		return 2
	}
}

// matchWords scores the one-word terms against the vocabulary and spreads the scores to the
// docs holding the matched words.
func (idx *index) matchWords(terms []term, long *bodyWords) {
	var wg sync.WaitGroup
	for i := range terms {
		if t := &terms[i]; t.fromVocabulary {
			wg.Go(func() {
				hits := idx.vocabulary.match(t)
				t.typoWords = idx.vocabulary.typoWordsOf(hits, long, t)
				t.byWord = make([]float32, len(idx.docs))
				t.fieldOf = make([]int8, len(idx.docs))
				for _, h := range hits {
					for _, p := range idx.vocabulary.postings[h.word] {
						if s := h.quality * p.weight(); s > t.byWord[p.doc()] {
							t.byWord[p.doc()], t.fieldOf[p.doc()] = s, p.field()
						}
					}
				}
			})
		}
	}
	wg.Wait()
}

// boundSubsequences sets subsequenceBound on the terms, going once through the table of short
// fields, its work split across the cores by doc.
func (idx *index) boundSubsequences(terms []term, candidates []int32) {
	var alive []bool
	if candidates != nil {
		alive = make([]bool, len(idx.docs))
		for _, d := range candidates {
			alive[d] = true
		}
	}
	workers := int32(runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range terms {
		t := &terms[i]
		if t.exact {
			continue
		}
		t.subsequenceBound = make([]float32, len(idx.docs))
		for w := range workers {
			wg.Go(func() {
				for j := range idx.short {
					f := &idx.short[j]
					if f.mask&t.mask != t.mask || f.doc%workers != w ||
						(alive != nil && !alive[f.doc]) || (t.byWord != nil && t.byWord[f.doc] > 0) {
						continue
					}
					// Only the letters are checked here, not their order: most of these docs fall
					// below the results anyway, and finish checks the few that may not.
					t.subsequenceBound[f.doc] = max(t.subsequenceBound[f.doc], qualitySubsequenceMax*f.weight)
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

// partial is a doc some of whose terms matched only possibly: their letters are in order in a
// short field (sahilm/fuzzy will tell how well), or the doc has a long text that may hold them
// (the trigram index will tell). Checking costs more than the rest, so it waits until the
// doc's best possible score could still reach the results.
type partial struct {
	scored         // the score so far (known terms) and the field to show
	best   float32 // the best known term's score, which chose the field
	bound  float32 // the score if every pending term matched as well as it can
	// pending has bit i set for each term i still to check.
	pending uint16
}

// search scores the candidate docs (nil: all) against the query. It returns the best limit,
// ranked, and every doc that may match, which narrows the search for a query that extends this
// one.
func (idx *index) search(ctx context.Context, db *store.DB, q Query, terms []term, candidates []int32, limit int, long *bodyWords) (best []scored, mayMatch []int32, err error) {
	idx.matchWords(terms, long)
	idx.boundSubsequences(terms, candidates)
	matched, pending := idx.firstPass(ctx, q, terms, candidates)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	mayMatch = make([]int32, 0, len(matched)+len(pending)) // empty, not nil: nil means all docs
	for _, m := range matched {
		mayMatch = append(mayMatch, m.doc)
	}
	for _, p := range pending {
		mayMatch = append(mayMatch, p.doc)
	}
	threshold := float32(-1)
	if len(matched) >= limit {
		threshold = top(idx.docs, matched, limit)[limit-1].score
	}
	var worthChecking []partial
	needsLongText := make([]bool, len(terms))
	for _, p := range pending {
		if p.bound > threshold {
			worthChecking = append(worthChecking, p)
			for i := range terms {
				needsLongText[i] = needsLongText[i] || p.pending&(1<<i) != 0 && idx.facts[p.doc].longText
			}
		}
	}
	if err := idx.findInLongText(ctx, db, terms, needsLongText, long); err != nil {
		return nil, nil, err
	}
	for _, p := range worthChecking {
		if s, ok := idx.finish(&idx.docs[p.doc], p, terms); ok {
			matched = append(matched, s)
		}
	}
	return top(idx.docs, matched, limit), mayMatch, nil
}

// firstPass scores what is cheap to score, splitting the docs across the cores.
func (idx *index) firstPass(ctx context.Context, q Query, terms []term, candidates []int32) (matched []scored, pending []partial) {
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
		wg.Go(func() {
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
				prior := idx.facts[di].prior
				switch {
				case !ok:
				case p.pending == 0:
					p.score = p.score/float32(len(terms)) + prior
					matchedParts[w] = append(matchedParts[w], p.scored)
				default:
					p.bound = p.bound/float32(len(terms)) + prior
					pendingParts[w] = append(pendingParts[w], p)
				}
			}
		})
	}
	wg.Wait()
	return slices.Concat(matchedParts...), slices.Concat(pendingParts...)
}

// startScore scores each term by what is in memory and leaves pending the terms that may still
// match otherwise. A term too short for the trigram index cannot be checked in a long text,
// which holds almost every word beginning: it counts as found there (scoring nothing) when
// another term can be checked.
func (idx *index) startScore(di int32, terms []term, anySearchable bool) (partial, bool) {
	p := partial{scored: scored{doc: di, field: longTextField}}
	for i := range terms {
		t := &terms[i]
		var s float32
		var fi int8
		if t.fromVocabulary {
			s, fi = t.byWord[di], t.fieldOf[di]
		} else {
			s, fi = bestSubstring(&idx.docs[di], t)
		}
		if s > 0 {
			p.score += s
			p.bound += s
			if s > p.best {
				p.best, p.field = s, fi
			}
			continue
		}
		var possible float32
		if t.subsequenceBound != nil {
			possible = t.subsequenceBound[di]
		}
		if idx.facts[di].longText {
			if t.searchable() {
				possible = max(possible, qualityLongText*fieldWeights[fieldBody])
			} else if possible == 0 && anySearchable {
				continue
			}
		}
		if possible == 0 {
			return p, false
		}
		p.bound += possible
		p.pending |= 1 << i
	}
	return p, true
}

// finish checks a partial doc's pending terms and returns its final score.
func (idx *index) finish(d *doc, p partial, terms []term) (scored, bool) {
	for i := range terms {
		if p.pending&(1<<i) == 0 {
			continue
		}
		t := &terms[i]
		var s float32
		var fi int8
		if !t.exact {
			s, fi = idx.bestSubsequence(d, t)
		}
		if t.inLongText != nil {
			if ls := t.inLongText[p.doc] * fieldWeights[fieldBody]; ls > s {
				s, fi = ls, longTextField
			}
		}
		if s == 0 {
			return scored{}, false
		}
		p.score += s
		if s > p.best {
			p.best, p.field = s, fi
		}
	}
	p.score = p.score/float32(len(terms)) + idx.facts[p.doc].prior
	return p.scored, true
}

// bestSubstring scores a term the vocabulary cannot (a phrase, or a word with punctuation in
// it) by finding it in each field.
func bestSubstring(d *doc, t *term) (float32, int8) {
	var best float32
	at := int8(-1)
	for fi := range d.fields {
		f := &d.fields[fi]
		if f.mask&t.mask != t.mask {
			continue
		}
		if q, _ := substringQuality(f.folded, t.text, f.prose); q*f.weight > best {
			best, at = q*f.weight, int8(fi)
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
		if q := subsequenceOf(f.folded, t.text) * f.weight; q > best {
			best, at = q, f.field
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
