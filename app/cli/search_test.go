package cli

import "testing"

func TestEmphasiseEscapesControlCharacters(t *testing.T) {
	for _, c := range []struct {
		snippet  string
		matches  []int
		terminal bool
		want     string
	}{
		{"a caravan", []int{2, 3}, false, "a [ca]ravan"},
		{"a\x1b[2Jcaravan\tx", []int{5, 6}, false, `a\x1b[2J[ca]ravan x`},
		{"evil\u202ecaravan", []int{5}, true, "evil\\u202e\033[1mc\033[0maravan"},
		{"bell\a\x1b", []int{4, 5}, false, `bell[\x07\x1b]`},
	} {
		if got := emphasise(c.snippet, c.matches, c.terminal); got != c.want {
			t.Errorf("emphasise(%q, %v) = %q, want %q", c.snippet, c.matches, got, c.want)
		}
	}
}
