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
// The letters must enter each word they touch at its start ("carmig" in "Caravan of migrants",
// "nyt" in "New York Times"): letters picked from the middles of words spell anything in a
// long enough title, so such a match does not count.
func subsequenceQuality(text string, offsets []int) float32 {
	if len(offsets) == 0 {
		return 0
	}
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
	return qualitySubsequenceMin + (qualitySubsequenceMax-qualitySubsequenceMin)*float32(points)/float32(len(offsets))/float32(max(words, 1))
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

// subsequenceOf is the quality of t's letters found in order in text by sahilm/fuzzy, or 0.
func subsequenceOf(text, t string) float32 {
	matches := fuzzy.Find(t, []string{text})
	if len(matches) == 0 {
		return 0
	}
	return subsequenceQuality(text, matches[0].MatchedIndexes)
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
	matches := fuzzy.Find(t.text, []string{f.folded})
	if len(matches) == 0 {
		return nil
	}
	return byteToRuneOffsets(f.folded, matches[0].MatchedIndexes)
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
