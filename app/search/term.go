package search

import (
	"slices"
	"unicode/utf8"
)

// term is one word or phrase of a query, ready to match.
type term struct {
	text  string
	exact bool // a quoted phrase: substrings only
	mask  uint64
	runes int
	// A word is matched against the vocabulary: byWord and fieldOf hold, per doc, its best
	// weighted score over the doc's fields and which field. (A phrase is looked for in each
	// field.)
	byWord  []float32
	fieldOf []int8
	// typoWords are vocabulary words one edit from the term, to look for in long texts.
	typoWords []string
	// inLongText holds per doc the quality of the term's match in its long text (0: none);
	// nil when the term is too short to look for in long texts.
	inLongText []float32
	// foundInLongText: some long text holds the term (not only a correction of it).
	foundInLongText bool
	// longTextBound is the best score the term can reach in a long text: 0 unless searchable.
	longTextBound float32
	// assumed: the term is too short to look up in long texts, and another term of the query
	// is looked up there; it counts as found in any long text (assumedInLongText), which holds
	// almost every word beginning.
	assumed bool
}

func (idx *index) termsOf(q Query) []term {
	var terms []term
	for _, w := range q.Words {
		terms = append(terms, term{text: w, mask: maskOf(w), runes: utf8.RuneCountInString(w)})
	}
	for _, p := range q.Phrases {
		terms = append(terms, term{text: p, exact: true, mask: maskOf(p), runes: utf8.RuneCountInString(p)})
	}
	anySearchable := slices.ContainsFunc(terms, func(t term) bool { return t.searchable() })
	for i := range terms {
		if t := &terms[i]; t.searchable() {
			t.longTextBound = termScore(qualityWholeWord, bodyWeight)
		} else {
			t.assumed = anySearchable
		}
	}
	return terms
}

// searchable reports whether the long texts' indexes are asked about the term: not when it is
// too short for trigrams (three letters). Such a term counts as found in any long text (see
// assumedInLongText).
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
