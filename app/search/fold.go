package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold lower-cases s and strips its accents rune for rune ("Café" becomes "cafe"), so that a
// rune offset in the folded text is the same rune offset in the original. Invalid UTF-8 becomes
// U+FFFD, as ranging over the string reads it.
func fold(s string) string {
	lower, ascii := true, true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			ascii = false
			break
		} else if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	if ascii {
		if lower {
			return s // no copy
		}
		return strings.ToLower(s) // byte for byte
	}
	buf := make([]byte, 0, len(s))
	for _, r := range s {
		buf = utf8.AppendRune(buf, foldRune(r))
	}
	return string(buf)
}

// foldTableSize covers Latin, Greek, Cyrillic and the other scripts whose letters carry accents
// that NFD decomposes; above it runes are only lower-cased.
const foldTableSize = 0x2000

var (
	foldTableOnce sync.Once
	foldTable     []rune
)

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if r < foldTableSize {
		foldTableOnce.Do(buildFoldTable)
		return foldTable[r]
	}
	switch r {
	case '\u212b': // Angstrom sign
		return 'a'
	case '\u2018', '\u2019': // typographic apostrophes, so "don’t" finds "don't"
		return '\''
	case '\u201c', '\u201d':
		return '"'
	}
	return unicode.ToLower(r)
}

// Letters NFD leaves whole but readers expect to find without their stroke.
var strokeLetters = map[rune]rune{'ø': 'o', 'đ': 'd', 'ł': 'l', 'ħ': 'h', 'ı': 'i', 'ŧ': 't'}

func buildFoldTable() {
	foldTable = make([]rune, foldTableSize)
	for r := range rune(foldTableSize) {
		lower := unicode.ToLower(r)
		folded := lower
		if base, size := utf8.DecodeRuneInString(norm.NFD.String(string(lower))); size > 0 && base < foldTableSize {
			folded = base
		}
		if plain, ok := strokeLetters[folded]; ok {
			folded = plain
		}
		if r == '\u00a0' { // no-break space
			folded = ' '
		}
		if same, ok := asSQLiteFolds[folded]; ok {
			folded = same
		}
		foldTable[r] = folded
	}
}

// asSQLiteFolds are the letters SQLite's tokenizers fold further than lower case without
// accents: the words search reads from the word indexes come folded so, and the terms and
// fields compared with them must be too (TestFoldAgreesWithTheTokenizer).
var asSQLiteFolds = map[rune]rune{
	'ς': 'σ', 'µ': 'μ', 'ſ': 's', 'ϐ': 'β', 'ϑ': 'θ', 'ϕ': 'φ', 'ϖ': 'π', 'ϰ': 'κ', 'ϱ': 'ρ',
	'ϵ': 'ε', 'ẛ': 's', 'ṡ': 's',
}

// maskOf sets one bit for each letter and digit in folded text (other runes share the upper
// bits), so a word whose mask is not inside a field's mask cannot match that field.
func maskOf(folded string) uint64 {
	var m uint64
	for i := 0; i < len(folded); i++ {
		if c := folded[i]; c < utf8.RuneSelf {
			m |= asciiMask[c]
			continue
		}
		r, size := utf8.DecodeRuneInString(folded[i:])
		m |= runeMask(r)
		i += size - 1
	}
	return m
}

var asciiMask = func() (t [utf8.RuneSelf]uint64) {
	for c := range rune(utf8.RuneSelf) {
		t[c] = runeMask(c)
	}
	return t
}()

func runeMask(r rune) uint64 {
	switch {
	case 'a' <= r && r <= 'z':
		return 1 << (r - 'a')
	case '0' <= r && r <= '9':
		return 1 << (26 + r - '0')
	case unicode.IsSpace(r):
		return 0
	}
	return 1 << (36 + uint(r)%28)
}

// isWordRune tells letters and digits from the spaces and punctuation that separate words.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
