package search

import "testing"

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
