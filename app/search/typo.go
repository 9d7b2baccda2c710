package search

import "unicode/utf8"

// minTypoRunes: shorter words allow no typo; one edit turns most of them into other words.
const minTypoRunes = 5

// typoMatch reports whether term is one edit (a wrong, missing, extra or swapped letter) away
// from word or from a beginning of word, as the user may still be typing; whole says term is
// one edit from the whole word. A term that matches exactly is no typo.
func typoMatch(term, word string) (match, whole bool) {
	if !isASCII(term) || !isASCII(word) {
		return typoMatchIn([]rune(term), []rune(word))
	}
	// Short byte slices that do not escape live on the stack: no allocation per word.
	return typoMatchIn([]byte(term), []byte(word))
}

func typoMatchIn[E byte | rune](t, w []E) (match, whole bool) {
	i := 0
	for i < len(t) && i < len(w) && t[i] == w[i] {
		i++
	}
	if i == len(t) {
		return false, false // an exact prefix, not a typo
	}
	// The first difference is at i; whatever follows the edit must then agree.
	try := func(restT, restW []E) {
		if hasPrefixOf(restW, restT) {
			match = true
			whole = whole || len(restW) == len(restT)
		}
	}
	if i < len(w) {
		try(t[i+1:], w[i+1:]) // a wrong letter
		try(t[i:], w[i+1:])   // a missing letter
	}
	try(t[i+1:], w[i:]) // an extra letter
	if i+1 < len(t) && i+1 < len(w) && t[i] == w[i+1] && t[i+1] == w[i] {
		try(t[i+2:], w[i+2:]) // swapped letters
	}
	return match, whole
}

func hasPrefixOf[E byte | rune](s, prefix []E) bool {
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

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
