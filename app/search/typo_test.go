package search

import (
	"slices"
	"strings"
	"testing"
)

func TestTypoMatch(t *testing.T) {
	tests := []struct {
		term, word   string
		match, whole bool
	}{
		{"guatamalan", "guatemalan", true, true},  // wrong letter
		{"asylmu", "asylum", true, true},          // swapped
		{"guatemlan", "guatemalan", true, true},   // missing
		{"guatemaalan", "guatemalan", true, true}, // extra
		{"guatam", "guatemalan", true, false},     // still typing
		{"guatemalan", "guatemalan", false, false},
		{"guate", "guatemalan", false, false}, // a prefix is not a typo
		{"gautamelan", "guatemalan", false, false},
		{"cafés", "cafes", true, true},
		{"zzzzzz", "asylum", false, false},
	}
	for _, tt := range tests {
		match, whole := typoMatch(tt.term, tt.word)
		if match != tt.match || whole != tt.whole {
			t.Errorf("typoMatch(%q, %q) = %v, %v; want %v, %v", tt.term, tt.word, match, whole, tt.match, tt.whole)
		}
	}
}

// Every word one typo from a term (as typoMatch tells) is among its variants.
func TestOneEditVariantsHoldEveryTypo(t *testing.T) {
	for _, c := range []struct{ term, word string }{
		{"guatamalan", "guatemalan"}, {"asylmu", "asylum"}, {"guatemalans", "guatemalan"},
		{"uatemalan", "guatemalan"}, {"xguatemalan", "guatemalan"}, {"gautemalan", "guatemalan"},
		{"strase", "straße"}, {"москва", "масква"},
	} {
		if match, whole := typoMatch(c.term, c.word); !match || !whole {
			t.Errorf("%q is not one typo from %q", c.term, c.word)
			continue
		}
		if !slices.Contains(oneEditVariants(c.term, 4), c.word) {
			t.Errorf("the variants of %q lack %q", c.term, c.word)
		}
	}
	for _, v := range oneEditVariants("guatemalan", 4) {
		if match, whole := typoMatch("guatemalan", v); !strings.HasPrefix(v, "guatemalan") && (!match || !whole) {
			t.Errorf("variant %q is not one typo from guatemalan", v)
		}
	}
}
