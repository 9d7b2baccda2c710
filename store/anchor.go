package store

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Anchor finds a highlight's passage in body, as the W3C Web Annotation model describes:
// the TextPosition selector (Start, End) is tried first; when the text there is no longer the
// quote, the TextQuote selector (Quote with its Prefix and Suffix) picks the best of the
// quote's occurrences, closest to where it was on a tie; failing that, the quote is looked
// for again ignoring case and runs of white space. It returns rune offsets, or -1, -1 when
// the passage is gone.
func Anchor(body string, h Highlight) (start, end int) {
	runes := []rune(body)
	quote := []rune(h.Quote)
	if len(quote) == 0 {
		return -1, -1
	}
	if h.Start >= 0 && h.End == h.Start+len(quote) && h.End <= len(runes) && string(runes[h.Start:h.End]) == h.Quote {
		return h.Start, h.End
	}
	best, bestScore, bestDistance := -1, -1, 0
	for i := indexRunes(runes, quote, 0); i >= 0; i = indexRunes(runes, quote, i+1) {
		score := commonSuffix(runes[:i], []rune(h.Prefix)) + commonPrefix(runes[i+len(quote):], []rune(h.Suffix))
		distance := abs(i - h.Start)
		if score > bestScore || (score == bestScore && distance < bestDistance) {
			best, bestScore, bestDistance = i, score, distance
		}
	}
	if best >= 0 {
		return best, best + len(quote)
	}
	return looseAnchor(runes, h.Quote)
}

// looseAnchor finds quote in body ignoring case and treating any run of white space as one
// space, which survives re-extraction of a web page that reflowed its text.
func looseAnchor(body []rune, quote string) (int, int) {
	words := strings.Fields(strings.ToLower(quote))
	if len(words) == 0 {
		return -1, -1
	}
	lower := []rune(strings.ToLower(string(body)))
	if len(lower) != len(body) { // lower-casing changed the length: offsets would not match
		return -1, -1
	}
	first := []rune(words[0])
	for i := indexRunes(lower, first, 0); i >= 0; i = indexRunes(lower, first, i+1) {
		pos := i + len(first)
		ok := true
		for _, w := range words[1:] {
			j := pos
			for j < len(lower) && unicode.IsSpace(lower[j]) {
				j++
			}
			if j == pos || !hasPrefixRunes(lower[j:], []rune(w)) {
				ok = false
				break
			}
			pos = j + utf8.RuneCountInString(w)
		}
		if ok {
			return i, pos
		}
	}
	return -1, -1
}

func indexRunes(s, sub []rune, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if hasPrefixRunes(s[i:], sub) {
			return i
		}
	}
	return -1
}

func hasPrefixRunes(s, prefix []rune) bool {
	if len(prefix) > len(s) {
		return false
	}
	for i, r := range prefix {
		if s[i] != r {
			return false
		}
	}
	return true
}

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
