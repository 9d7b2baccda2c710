package search

import (
	"math/bits"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
)

// Word-level qualities, below the substring tiers of match.go: a term may be a word's letters
// in order from its start ("gtml" for "guatemalan"), or one edit away from it.
const (
	qualityTypoWord   = tierTypo + 0.8 // one edit from the whole word
	qualityTypoPrefix = tierTypo + 0.4 // one edit from a beginning of the word
)

// vocabulary lists the distinct words of all in-memory fields and where each occurs, so a term
// is compared with each word once instead of with every field that holds it.
type vocabulary struct {
	ids      map[string]int32 // word -> its position in words
	words    []string
	masks    []uint64
	postings [][]posting
}

// posting is a field of a doc that holds a word: doc<<8 | field index<<3 | field kind.
type posting uint32

const (
	maxPostingDoc   = 1<<24 - 1
	maxPostingField = 31
)

func (p posting) doc() int32      { return int32(p >> 8) }
func (p posting) field() int8     { return int8(p >> 3 & 31) }
func (p posting) weight() float32 { return fieldKinds[p&7].weight }

func newPosting(doc int32, fi int, f *field) posting {
	return posting(doc)<<8 | posting(fi)<<3 | posting(f.kind)
}

// buildVocabulary splits the docs among the cores and joins the parts: archives hold millions
// of words but only tens of thousands of distinct ones, so joining is cheap, and postings stay
// in doc order because the parts are.
func buildVocabulary(docs []doc) vocabulary {
	docs = docs[:min(len(docs), maxPostingDoc+1)]
	workers := runtime.GOMAXPROCS(0)
	parts := make([]vocabulary, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(docs)/workers, (w+1)*len(docs)/workers
		wg.Go(func() { parts[w] = buildVocabularyPart(docs, lo, hi) })
	}
	wg.Wait()
	v := parts[0]
	v.ids = make(map[string]int32, len(v.words))
	ids := v.ids
	for i, w := range v.words {
		ids[w] = int32(i)
	}
	for _, p := range parts[1:] {
		for i, w := range p.words {
			if id, ok := ids[w]; ok {
				v.postings[id] = append(v.postings[id], p.postings[i]...)
				continue
			}
			ids[w] = int32(len(v.words))
			v.words = append(v.words, w)
			v.masks = append(v.masks, p.masks[i])
			v.postings = append(v.postings, p.postings[i])
		}
	}
	return v
}

func buildVocabularyPart(docs []doc, lo, hi int) vocabulary {
	var v vocabulary
	ids := map[string]int32{}
	for di := lo; di < hi; di++ {
		for fi := range docs[di].fields[:min(len(docs[di].fields), maxPostingField+1)] {
			f := &docs[di].fields[fi]
			p := newPosting(int32(di), fi, f)
			eachWord(f.folded, func(w string, _ int) {
				id, ok := ids[w]
				if !ok {
					id = int32(len(v.words))
					ids[w] = id
					v.words = append(v.words, w)
					v.masks = append(v.masks, maskOf(w))
					v.postings = append(v.postings, nil)
				}
				if ps := v.postings[id]; len(ps) == 0 || ps[len(ps)-1] != p {
					v.postings[id] = append(ps, p)
				}
			})
		}
	}
	return v
}

// eachWord calls fn with each run of letters and digits in folded text and its byte offset.
func eachWord(text string, fn func(word string, at int)) {
	start := -1
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			fn(text[start:i], start)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		fn(text[start:], start)
	}
}

// wordQuality is how well term matches one word (0: not at all), by the same tiers as fields:
// the whole word, its beginning, a piece of it, its letters in order, one typo.
func wordQuality(t *term, word string, mask uint64) float32 {
	if t.mask&mask == t.mask {
		if strings.HasPrefix(word, t.text) {
			if len(word) == len(t.text) {
				return qualityWholeWord
			}
			return qualityWordPrefix
		}
		if t.runes >= shortTermRunes && strings.Contains(word, t.text) {
			return qualityInsideWord
		}
		if t.runes >= 2 && word[0] == t.text[0] && isSubsequence(t.text, word) {
			wordRunes := utf8.RuneCountInString(word)
			if t.runes >= minTypoRunes && wordRunes == t.runes+1 {
				return qualityTypoWord // a missing letter
			}
			// The more of the word the term spells, the likelier the user meant it:
			// "insd" is inside rather than insidious.
			return tierScattered + 0.9*(0.6+0.4*float32(t.runes)/float32(wordRunes))
		}
	}
	// A missing letter makes the term at most one character (up to 4 bytes) shorter than a word.
	if t.runes >= minTypoRunes && bits.OnesCount64(t.mask&^mask) <= 1 && len(word)+utf8.UTFMax > len(t.text) {
		if match, whole := typoMatch(t.text, word); whole {
			return qualityTypoWord
		} else if match {
			return qualityTypoPrefix
		}
	}
	return 0
}

// isSubsequence reports whether the bytes of sub appear in s in order.
func isSubsequence(sub, s string) bool {
	for i := 0; i < len(sub); i++ {
		at := strings.IndexByte(s, sub[i])
		if at < 0 {
			return false
		}
		s = s[at+1:]
	}
	return true
}

// wordHit is a vocabulary word a term matched, and how well.
type wordHit struct {
	word    int32
	quality float32
}

// match compares a term with every word.
func (v *vocabulary) match(t *term) []wordHit {
	var hits []wordHit
	for i, w := range v.words {
		if len(v.postings[i]) == 0 {
			continue // a word that an edit took out of every doc (see patch.go)
		}
		if q := wordQuality(t, w, v.masks[i]); q > 0 {
			hits = append(hits, wordHit{word: int32(i), quality: q})
		}
	}
	return hits
}
