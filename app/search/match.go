package search

import (
	"strings"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// How well a term matched a field, before the field's weight. The tiers keep a real word above
// a word's beginning, above a piece of a word, above scattered letters.
const (
	qualityWholeWord  = 1.25
	qualityWordPrefix = 1.0
	qualityInsideWord = 0.6
	// A subsequence ("crvn" in "caravan") scores between these, by how many of its letters
	// start a word or follow the previous one.
	qualitySubsequenceMin = 0.2
	qualitySubsequenceMax = 0.55
)

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

// subsequenceQuality rates a sahilm/fuzzy match of a term's letters (at byte offsets) in text.
func subsequenceQuality(text string, offsets []int) float32 {
	if len(offsets) == 0 {
		return 0
	}
	points := 0
	for i, at := range offsets {
		if startsWord(text, at) {
			points++
		} else if i > 0 && followsDirectly(text, offsets[i-1], at) {
			points++
		}
	}
	return qualitySubsequenceMin + (qualitySubsequenceMax-qualitySubsequenceMin)*float32(points)/float32(len(offsets))
}

func followsDirectly(text string, prev, at int) bool {
	_, size := utf8.DecodeRuneInString(text[prev:])
	return prev+size == at
}

// fieldSource lets sahilm/fuzzy read candidate fields in place, without copying strings.
type fieldSource []*field

func (s fieldSource) String(i int) string { return s[i].folded }
func (s fieldSource) Len() int            { return len(s) }

// subsequences runs sahilm/fuzzy over the fields at once and reports each match's quality.
func subsequences(term string, fields fieldSource, report func(i int, quality float32)) {
	for _, m := range fuzzy.FindFromNoSort(term, fields) {
		report(m.Index, subsequenceQuality(fields[m.Index].folded, m.MatchedIndexes))
	}
}

// matchedRunes returns the rune offsets in f of the letters term matched, for emphasis.
func matchedRunes(f *field, term string) []int {
	if _, at := substringQuality(f.folded, term, f.prose); at >= 0 {
		start := utf8.RuneCountInString(f.folded[:at])
		return runeRange(start, utf8.RuneCountInString(term))
	}
	if f.prose {
		return nil
	}
	matches := fuzzy.Find(term, []string{f.folded})
	if len(matches) == 0 {
		return nil
	}
	return byteToRuneOffsets(f.folded, matches[0].MatchedIndexes)
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
