package search

import (
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// How well a term matched a field, before the field's weight. The integer part of a quality
// is its tier, which ranks a match before anything else: a whole word, then a word's
// beginning, then a piece inside a word, then one typo, then letters in order (an
// abbreviation of a word, or letters spread over a title's words). The fraction orders the
// matches of one tier (see termScore).
const (
	tierScattered = 1
	tierTypo      = 2
	tierInside    = 3
	tierPrefix    = 4
	tierWhole     = 5

	qualityWholeWord  = tierWhole
	qualityWordPrefix = tierPrefix
	qualityInsideWord = tierInside
	// A subsequence ("crvn" in "caravan") scores between these, by how many of its letters
	// start a word or follow the previous one.
	qualitySubsequenceMin = tierScattered
	qualitySubsequenceMax = tierScattered + 0.9
)

// termScore is what a term matched with quality q in a field of weight w adds to a doc: the
// tier first, then the field, then the quality within the tier. It stays below tier+1.
func termScore(q, w float32) float32 {
	tier := float32(int(q))
	return tier + 0.5*w + 0.1*(q-tier)
}

// tierOf is the tier of a termScore.
func tierOf(s float32) int8 { return int8(s) }

// docScore ranks a doc by the worst tier of its terms, then by their mean score, then by its
// prior (recency and opens): every doc whose terms all match as words or word beginnings
// ranks above any doc that one of its terms matches more loosely.
func docScore(minTier int8, sum float32, terms int, prior float32) float32 {
	return 10*float32(minTier) + sum/float32(terms) + prior
}

// substringQuality finds term as a contiguous piece of folded text, preferring an occurrence
// that starts a word, and returns its quality (0: absent) and byte offset.
func substringQuality(text, term string, prose bool) (float32, int) {
	best, at := float32(0), -1
	for from := 0; from <= len(text)-len(term); {
		i := strings.Index(text[from:], term)
		if i < 0 {
			break
		}
		i += from
		q := float32(qualityInsideWord)
		if startsWord(text, i) {
			q = qualityWordPrefix
			if endsWord(text, i+len(term)) {
				return qualityWholeWord, i
			}
		}
		if q > best && (q == qualityWordPrefix || !prose || !isShort(term)) {
			best, at = q, i
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		from = i + size
	}
	return best, at
}

func startsWord(text string, i int) bool {
	if i == 0 {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	next, _ := utf8.DecodeRuneInString(text[i:])
	return !isWordRune(prev) || !isWordRune(next)
}

func endsWord(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[i:])
	return !isWordRune(next)
}

// subsequenceOf is the quality of t's letters found in order in text (0: not so found), with
// their rune offsets. sahilm/fuzzy aligns them: it is given the pieces of text that start at a
// word starting with t's first letter, so that its alignment, which takes the first place
// where each letter fits, cannot start inside a word ("carmig" in "Oscar's caravan of
// migrants" starts at "caravan", not at Oscar's c). Of its matches the one that rates best by
// alignmentQuality wins; fuzzy's own score (sorted best first) breaks ties.
func subsequenceOf(text, t string) (float32, []int) {
	first, _ := utf8.DecodeRuneInString(t)
	src := wordStarts{text: text}
	for i, r := range text {
		if r == first && startsWord(text, i) {
			src.at = append(src.at, i)
		}
	}
	if len(src.at) == 0 {
		return 0, nil
	}
	var best float32
	var offsets []int
	for _, m := range fuzzy.FindFrom(t, src) {
		for i := range m.MatchedIndexes {
			m.MatchedIndexes[i] += src.at[m.Index]
		}
		if q := alignmentQuality(text, m.MatchedIndexes); q > best {
			best, offsets = q, m.MatchedIndexes
		}
	}
	if best == 0 {
		return 0, nil
	}
	return best, byteToRuneOffsets(text, offsets)
}

// wordStarts is a fuzzy.Source: the pieces of text from each word start at (byte offsets) to
// its end.
type wordStarts struct {
	text string
	at   []int
}

func (w wordStarts) String(i int) string { return w.text[w.at[i]:] }
func (w wordStarts) Len() int            { return len(w.at) }

// alignmentQuality rates letters of a term at byte offsets in text. Each letter must start a
// word, follow the previous letter, or sit further in the previous letter's word ("nyt" in
// "New York Times"): letters picked from the middles of words spell anything in a long enough
// title, so such a placement does not count (0). The more letters start a word or follow the
// previous one, and the fewer words they enter, the better.
func alignmentQuality(text string, offsets []int) float32 {
	points, words := 0, 0
	for i, at := range offsets {
		switch {
		case startsWord(text, at):
			points++
			words++
		case i > 0 && followsDirectly(text, offsets[i-1], at):
			points++
		case i == 0 || !sameWord(text, offsets[i-1], at):
			return 0
		}
	}
	// Each word entered beyond the first makes it likelier that the letters just happen to
	// be there ("things" in "This ... no gaps").
	return qualitySubsequenceMin + (qualitySubsequenceMax-qualitySubsequenceMin)*
		float32(points)/float32(len(offsets))/float32(max(words, 1))
}

// sameWord reports whether no separator lies between byte offsets from and to.
func sameWord(text string, from, to int) bool {
	for _, r := range text[from:to] {
		if !isWordRune(r) {
			return false
		}
	}
	return true
}

func followsDirectly(text string, prev, at int) bool {
	_, size := utf8.DecodeRuneInString(text[prev:])
	return prev+size == at
}

// matchedRunes returns the rune offsets in f of the letters t matched, for emphasis, found by
// the same tiers that scored it.
func matchedRunes(f *field, t *term) []int {
	if _, at := substringQuality(f.folded, t.text, f.prose); at >= 0 {
		return runeRange(utf8.RuneCountInString(f.folded[:at]), t.runes)
	}
	if !t.exact {
		var best float32
		var word string
		wordAt := -1
		eachWord(f.folded, func(w string, at int) {
			if q := wordQuality(t, w, maskOf(w)); q > best {
				best, word, wordAt = q, w, at
			}
		})
		if wordAt >= 0 {
			return byteToRuneOffsets(f.folded, wordMarks(t.text, word, wordAt))
		}
	}
	if f.prose || t.exact {
		return nil
	}
	_, offsets := subsequenceOf(f.folded, t.text)
	return offsets
}

// wordMarks returns the byte offsets to mark in a word (at offset at) that term matched: its
// letters in order, or for a typo the whole word.
func wordMarks(term, word string, at int) []int {
	if i := strings.Index(word, term); i >= 0 {
		return runeStarts(word[i:i+len(term)], at+i)
	}
	var marks []int
	rest := 0
	for i := 0; i < len(term); i++ {
		j := strings.IndexByte(word[rest:], term[i])
		if j < 0 {
			return runeStarts(word, at)
		}
		marks = append(marks, at+rest+j)
		rest += j + 1
	}
	return marks
}

// runeStarts returns the byte offsets (from at) where the runes of s start.
func runeStarts(s string, at int) []int {
	var out []int
	for i := range s {
		out = append(out, at+i)
	}
	return out
}

func runeRange(start, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = start + i
	}
	return out
}

// byteToRuneOffsets converts ascending byte offsets in s to rune offsets.
func byteToRuneOffsets(s string, offsets []int) []int {
	out := make([]int, 0, len(offsets))
	runes, b := 0, 0
	for _, at := range offsets {
		runes += utf8.RuneCountInString(s[b:at])
		b = at
		out = append(out, runes)
	}
	return out
}
