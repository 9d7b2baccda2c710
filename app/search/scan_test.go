package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// scanWords must split and fold exactly as eachWord(fold(text)) does: the one-shot search
// keeps a row by the words the index would hold.
func TestScanWordsMatchesEachWordOfFold(t *testing.T) {
	for _, text := range []string{
		"", "a", "Hello, World!", "Café au LAIT — naïve résumé", "don’t stop", "x1y2 3.14 ÆØÅ æøå",
		"łódź Straße ΣΊΣΥΦΟΣ İstanbul", "tabs\tand\nnew lines", "bad \xff utf8 \xe2\x82", "日本語のテキスト",
		"combining e\u0301 mark", "a-b_c'd", "  trailing  ", "McDonald iPhone ABC def", "caféS naïVE x", "ÉCOLE école",
	} {
		var want []string
		eachWord(fold(text), func(w string, _ int) { want = append(want, w) })
		var got []string
		var masks []uint64
		scanWords(text, nil, 0, func(w string, m uint64) bool {
			got = append(got, strings.Clone(w))
			masks = append(masks, m)
			return false
		})
		if !slices.Equal(got, want) {
			t.Errorf("%q: scanWords %q, eachWord(fold) %q", text, got, want)
			continue
		}
		for i, w := range want {
			if masks[i] != maskOf(w) {
				t.Errorf("%q: mask of %q %x, want %x", text, w, masks[i], maskOf(w))
			}
		}
	}
}

// No word that wordQuality matches is shorter than minWordLen.
func TestMinWordLenKeepsEveryMatch(t *testing.T) {
	words := []string{"a", "an", "to", "the", "real", "realize", "realise", "realized", "unrealized", "rlz",
		"guatemalan", "gtml", "guatemlan", "gaut", "café", "cafe", "caf", "naïve", "naive", "résumé", "resume",
		"über", "uber", "ber", "straße", "strase", "x", "xy", "xyz", "abc", "acb", "bac"}
	for _, tw := range words {
		term := []term{{text: fold(tw), mask: maskOf(fold(tw)), runes: utf8.RuneCountInString(tw)}}
		n := minWordLen(term)
		for _, w := range words {
			w = fold(w)
			if wordQuality(&term[0], w, maskOf(w)) > 0 && len(w) < n {
				t.Errorf("term %q matches %q (%d bytes) but minWordLen is %d", tw, w, len(w), n)
			}
		}
	}
}
