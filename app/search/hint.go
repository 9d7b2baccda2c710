package search

import (
	"slices"
	"strings"
)

// NoResultsHint says what may have kept a query from finding anything: the filters it uses,
// or the words it may have meant ("did you mean"), corrected from the words the Engine holds
// in memory. It reads nothing from the database, so the window may call it as it shows the
// empty result; "" when it has nothing to say.
func (e *Engine) NoResultsHint(query string) string {
	q := ParseQuery(query)
	var hints []string
	if meant := e.didYouMean(q); meant != "" {
		hints = append(hints, `Did you mean "`+meant+`"?`)
	}
	if filters := q.filters(); len(filters) > 0 {
		hints = append(hints, "Searching only "+strings.Join(filters, ", ")+".")
	}
	return strings.Join(hints, " ")
}

// filters describes q's filters, each as the query wrote it.
func (q Query) filters() []string {
	var out []string
	for _, k := range q.Kinds {
		out = append(out, "in:"+string(k)+"s")
	}
	for _, s := range q.Statuses {
		out = append(out, "is:"+string(s))
	}
	for _, t := range q.Tags {
		out = append(out, "tag:"+t)
	}
	for _, s := range q.Sites {
		out = append(out, "site:"+s)
	}
	for _, l := range q.Links {
		out = append(out, "links:"+l)
	}
	return out
}

// didYouMean replaces each word of q that no word in memory starts with by the most frequent
// word one edit from it, and returns the corrected words, or "" when it corrected none.
func (e *Engine) didYouMean(q Query) string {
	e.mu.Lock()
	idx := e.idx
	e.mu.Unlock()
	if idx == nil {
		return ""
	}
	long := e.bodyWords.words()
	words, changed := slices.Clone(q.Words), false
	for i, w := range words {
		if fix := idx.correction(w, long); fix != "" {
			words[i], changed = fix, true
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(words, " ")
}

// correction is the most frequent word one edit from w, when w is long enough to be a typo
// and begins no word in memory nor of the long texts.
func (idx *index) correction(w string, long *bodyWords) string {
	t := plainTerms(Query{Words: []string{w}})[0]
	if !mayBeTypo(t) {
		return ""
	}
	best, bestCount := "", 0
	v := &idx.vocabulary
	for i, word := range v.words {
		if strings.HasPrefix(word, w) && len(v.postings[i]) > 0 {
			return ""
		}
		if len(v.postings[i]) > bestCount && wordQuality(&t, word, v.masks[i]) == qualityTypoWord {
			best, bestCount = word, len(v.postings[i])
		}
	}
	if best == "" && long != nil {
		if typos := long.typos(&t); len(typos) > 0 {
			best = typos[0]
		}
	}
	return best
}
