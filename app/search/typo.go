package search

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

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

// oneEditVariants lists the words one edit from term (see typoMatch): the words it may be a
// typo of. The letters put in are those of term, a to z, digits, the Latin letters that
// folding keeps apart (ß, æ, ø, ...), and the small letters near each other letter of term
// in its script (Greek, Cyrillic, ...). Variants shorter than minWordRunes are left out.
func oneEditVariants(term string, minWordRunes int) []string {
	t := []rune(term)
	alphabet := map[rune]bool{}
	for r := 'a'; r <= 'z'; r++ {
		alphabet[r] = true
	}
	for r := '0'; r <= '9'; r++ {
		alphabet[r] = true
	}
	for _, r := range "ßæøœłđðþı" {
		alphabet[r] = true
	}
	for _, r := range t {
		alphabet[r] = true
		if r < utf8.RuneSelf {
			continue
		}
		for near := max(r-64, utf8.RuneSelf); near <= r+64; near++ {
			if unicode.IsLower(near) && sameScript(near, r) {
				alphabet[near] = true
			}
		}
	}
	seen := map[string]bool{}
	var out []string
	add := func(v []rune) {
		if s := string(v); len(v) >= minWordRunes && s != term && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	edit := make([]rune, 0, len(t)+1)
	for i := 0; i <= len(t); i++ {
		for r := range alphabet {
			add(append(append(append(edit[:0], t[:i]...), r), t[i:]...)) // a missing letter
			if i < len(t) {
				add(append(append(append(edit[:0], t[:i]...), r), t[i+1:]...)) // a wrong letter
			}
		}
		if i < len(t) {
			add(append(append(edit[:0], t[:i]...), t[i+1:]...)) // an extra letter
		}
		if i+1 < len(t) {
			add(append(append(edit[:0], t[:i]...), append([]rune{t[i+1], t[i]}, t[i+2:]...)...)) // swapped
		}
	}
	slices.Sort(out)
	return out
}

func sameScript(a, b rune) bool {
	for _, script := range unicode.Scripts {
		if unicode.Is(script, b) {
			return unicode.Is(script, a)
		}
	}
	return false
}
