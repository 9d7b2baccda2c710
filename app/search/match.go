package search

import (
	"strings"
	"unicode/utf8"
)

// How well a term matched a field, before the field's weight. The integer part of a quality
// is its tier, which ranks a match before anything else: a whole word, then a word's
// beginning, then a piece inside a word, then one typo, then letters in order (an
// abbreviation of a word, or letters spread over a title's words). The fraction orders the
// matches of one tier (see termScore).
const (
	tierScattered = 1
	tierTypo      = 2
	tierInside    = 3
	tierPrefix    = 4
	tierWhole     = 5

	qualityWholeWord  = tierWhole
	qualityWordPrefix = tierPrefix
	qualityInsideWord = tierInside
	// A subsequence ("crvn" in "caravan") scores between these, by how many of its letters
	// start a word or follow the previous one.
	qualitySubsequenceMin = tierScattered
	qualitySubsequenceMax = tierScattered + 0.9
)

// termScore is what a term matched with quality q in a field of weight w adds to a doc: the
// tier first, then the field, then the quality within the tier. It stays below tier+1.
func termScore(q, w float32) float32 {
	tier := float32(int(q))
	return tier + 0.5*w + 0.1*(q-tier)
}

// tierOf is the tier of a termScore.
func tierOf(s float32) int8 { return int8(s) }

// docScore ranks a doc by the worst tier of its terms, then by their mean score, then by its
// prior (recency and opens): every doc whose terms all match as words or word beginnings
// ranks above any doc that one of its terms matches more loosely.
func docScore(minTier int8, sum float32, terms int, prior float32) float32 {
	return 10*float32(minTier) + sum/float32(terms) + prior
}

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

// subsequenceOf is the quality of t's letters found in order in text (0: not so found), with
// their rune offsets. Of the ways to place them it picks the one whose letters most often start
// a word or follow the previous letter, then the one that enters fewest words. Each letter must
// start a word, follow the previous letter, or sit further in the previous letter's word
// ("carmig" in "Oscar's caravan of migrants", "nyt" in "New York Times"): letters picked from
// the middles of words spell anything in a long enough title.
func subsequenceOf(text, t string) (float32, []int) {
	a := newAlignment(text, t)
	if a == nil {
		return 0, nil
	}
	return a.best()
}

// alignment is the table of the best placements of a term's first i letters ending at each
// rune of a text.
type alignment struct {
	term, text []rune
	starts     []bool // a word starts at the rune
	state      [][]place
}

// place is the best placement of a term's letters up to one, which sits at a rune.
type place struct {
	points, words int16 // letters that start a word or follow the previous one; words entered
	from          int32 // where the previous letter sits; -1: none, -2: no placement
}

func (p place) better(q place) bool {
	return q.from == -2 || p.from != -2 && (p.points > q.points || p.points == q.points && p.words < q.words)
}

var noPlace = place{from: -2}

func newAlignment(text, t string) *alignment {
	a := &alignment{term: []rune(t), text: []rune(text)}
	if len(a.term) == 0 || len(a.term) > len(a.text) {
		return nil
	}
	a.starts = make([]bool, len(a.text))
	for j, r := range a.text {
		a.starts[j] = j == 0 || !isWordRune(a.text[j-1]) || !isWordRune(r)
	}
	a.state = make([][]place, len(a.term))
	for i := range a.term {
		a.state[i] = a.row(i)
	}
	return a
}

// row fills the placements of letter i from those of letter i-1.
func (a *alignment) row(i int) []place {
	out := make([]place, len(a.text))
	before, inWord := noPlace, noPlace // the best of letter i-1 before j, and in j's word
	beforeAt, inWordAt := int32(-1), int32(-1)
	for j, r := range a.text {
		if a.starts[j] || !isWordRune(r) {
			inWord, inWordAt = noPlace, -1
		}
		out[j] = noPlace
		if r == a.term[i] {
			out[j] = a.placeAt(i, j, before, beforeAt, inWord, inWordAt)
		}
		if i > 0 && a.state[i-1][j].better(before) {
			before, beforeAt = a.state[i-1][j], int32(j)
		}
		if i > 0 && a.state[i-1][j].better(inWord) && isWordRune(r) {
			inWord, inWordAt = a.state[i-1][j], int32(j)
		}
	}
	return out
}

// placeAt is the best placement of letter i at rune j, given the best placements of letter
// i-1 before j and in j's word.
func (a *alignment) placeAt(i, j int, before place, beforeAt int32, inWord place, inWordAt int32) place {
	if i == 0 {
		if a.starts[j] {
			return place{points: 1, words: 1, from: -1}
		}
		return noPlace
	}
	best := noPlace
	if a.starts[j] && before.from != -2 {
		best = place{points: before.points + 1, words: before.words + 1, from: beforeAt}
	}
	if prev := a.state[i-1][max(j-1, 0)]; j > 0 && prev.from != -2 {
		if p := (place{points: prev.points + 1, words: prev.words, from: int32(j - 1)}); p.better(best) {
			best = p
		}
	}
	if inWord.from != -2 {
		if p := (place{points: inWord.points, words: inWord.words, from: inWordAt}); p.better(best) {
			best = p
		}
	}
	return best
}

// best returns the quality of the best placement of the whole term and its rune offsets.
func (a *alignment) best() (float32, []int) {
	last := a.state[len(a.term)-1]
	end := -1
	for j := range last {
		if end < 0 && last[j].from != -2 || end >= 0 && last[j].better(last[end]) {
			end = j
		}
	}
	if end < 0 {
		return 0, nil
	}
	p := last[end]
	q := qualitySubsequenceMin + (qualitySubsequenceMax-qualitySubsequenceMin)*
		float32(p.points)/float32(len(a.term))/float32(max(p.words, 1))
	offsets := make([]int, len(a.term))
	for i, j := len(a.term)-1, int32(end); i >= 0; i-- {
		offsets[i] = int(j)
		j = a.state[i][j].from
	}
	return q, offsets
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
	_, offsets := subsequenceOf(f.folded, t.text)
	return offsets
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
