package search

import (
	"slices"
	"unicode"
)

// snippetRunes is the longest snippet, ellipses included.
const snippetRunes = 160

// snippet cuts from text one line of at most snippetRunes runes around the first marked rune
// (marks are rune offsets into text) and returns it with the marks that fall inside, as rune
// offsets into the snippet. Runs of white space, line breaks included, become one space.
func snippet(text string, marks []int) (string, []int) {
	runes := []rune(text)
	marks = slices.Compact(slices.Sorted(slices.Values(marks)))
	start, end := 0, len(runes)
	if len(runes) > snippetRunes {
		first := 0
		if len(marks) > 0 {
			first = min(marks[0], len(runes)-1)
		}
		// Show some words before the match, the rest after it, and cut at spaces.
		start = max(0, first-snippetRunes/4)
		start = wordStartAfter(runes, start, first)
		end = min(len(runes), start+snippetRunes-2)
		end = wordEndBefore(runes, end, first)
	}
	out := make([]rune, 0, end-start+2)
	var outMarks []int
	if start > 0 {
		out = append(out, '…')
	}
	m := 0
	space := false
	for i := start; i < end; i++ {
		for m < len(marks) && marks[m] < i {
			m++ // a mark before the window, or on a space that was dropped
		}
		r := runes[i]
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			if !space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = true
			continue
		}
		space = false
		if m < len(marks) && marks[m] == i {
			outMarks = append(outMarks, len(out))
			m++
		}
		out = append(out, r)
	}
	if space && len(out) > 0 && out[len(out)-1] == ' ' {
		out = out[:len(out)-1]
	}
	if end < len(runes) {
		out = append(out, '…')
	}
	return string(out), outMarks
}

// wordStartAfter moves a cut at i forward to the start of a word, but not past limit.
func wordStartAfter(runes []rune, i, limit int) int {
	if i == 0 {
		return 0
	}
	for j := i; j < limit; j++ {
		if unicode.IsSpace(runes[j-1]) && !unicode.IsSpace(runes[j]) {
			return j
		}
	}
	return i
}

// wordEndBefore moves a cut at i back to the end of a word, but not before limit.
func wordEndBefore(runes []rune, i, limit int) int {
	if i >= len(runes) {
		return len(runes)
	}
	for j := i; j > limit+1; j-- {
		if unicode.IsSpace(runes[j]) && !unicode.IsSpace(runes[j-1]) {
			return j
		}
	}
	return i
}
