package store

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ContextLength is how many runes of text on each side of a passage its TextQuote selector
// keeps (Prefix and Suffix).
const ContextLength = 32

// MinSimilarity is how alike a passage must be to a highlight's quote for the highlight to
// be placed on it after the text changed: 1 - edits/length of the quote, the edits counted
// with runs of white space as one space and letters in any case.
const MinSimilarity = 0.8

// Selectors returns the W3C selectors of the passage at rune offsets [start, end) of body:
// the quote as the body has it and up to ContextLength runes of context on each side.
func Selectors(body string, start, end int) (quote, prefix, suffix string) {
	runes := []rune(body)
	if start < 0 || start > end || end > len(runes) {
		return "", "", ""
	}
	return string(runes[start:end]), string(runes[max(0, start-ContextLength):start]),
		string(runes[end:min(len(runes), end+ContextLength)])
}

// Anchor finds a highlight's passage in body, as the W3C Web Annotation model describes, and
// returns its rune offsets, or -1, -1 when the passage is gone.
//
// The TextPosition selector (Start, End) is tried first: it stands when the text there is
// still the quote and its context. Otherwise every place that holds the quote, or a passage at
// least MinSimilarity like it, is scored (as Hypothesis does) by how alike the passage is to
// the quote, how alike the text around it is to the Prefix and Suffix, and, least, how close
// it is to where the highlight was; the best wins. Runs of white space count as one space
// (a paragraph break is a run of white space) and case is ignored, so text reflowed or
// re-extracted does not lose its highlights.
//
// To place many highlights in one text, NewAnchorer does the work on the text once.
func Anchor(body string, h Highlight) (start, end int) {
	return NewAnchorer(body).Anchor(h)
}

// An Anchorer places highlights in one text (see Anchor). It is not safe for concurrent use.
type Anchorer struct {
	body     []rune
	text     []rune             // the body folded: lower case, runs of white space one space
	orig     []int32            // text[i] is folded from body[orig[i]]
	str      string             // text as a string, to look for quotes shorter than a trigram
	byteRune []int32            // str's byte offset -> rune index in text, at rune starts
	grams    map[uint64][]int32 // where each trigram of text starts; built when first needed
	votes    []int32            // per band of diagonals, reused by fuzzy
	noFilter bool               // tests: search the whole text, to check the filter
}

// NewAnchorer prepares body for placing highlights in it.
func NewAnchorer(body string) *Anchorer {
	a := &Anchorer{body: []rune(body)}
	a.text, a.orig = fold(a.body)
	return a
}

// Anchor returns the highlight's rune offsets in the text, or -1, -1.
func (a *Anchorer) Anchor(h Highlight) (start, end int) {
	if h.Quote == "" {
		return -1, -1
	}
	quote := []rune(h.Quote)
	if h.Start >= 0 && h.End == h.Start+len(quote) && h.End <= len(a.body) &&
		string(a.body[h.Start:h.End]) == h.Quote &&
		strings.HasSuffix(string(a.body[max(0, h.Start-len([]rune(h.Prefix))):h.Start]), h.Prefix) &&
		strings.HasPrefix(string(a.body[h.End:min(len(a.body), h.End+len([]rune(h.Suffix)))]), h.Suffix) {
		return h.Start, h.End
	}
	q := newQuery(a, h)
	if q.m == 0 {
		return -1, -1
	}
	// Exact places first: when one of them has its context, nothing fuzzy can beat it.
	a.exact(q)
	if q.best.ok && q.best.context >= 0.75 {
		return q.result()
	}
	if q.maxEdits > 0 {
		a.fuzzy(q)
	}
	return q.result()
}

// shortQuote is the length under which a quote matched with edits must have its context.
const shortQuote = 40

// query is one highlight being placed.
type query struct {
	a                *Anchorer
	raw              []rune // the quote as it was
	quote            []rune // folded, trimmed
	str              string
	m                int
	maxEdits         int
	pattern          *myers // the quote
	reversed         *myers // the quote backwards, to find where a match starts
	prefix, suffix   *myers // the context, the suffix backwards
	prefixN, suffixN int
	hint             int // the old start, -1 when unknown
	best             candidate
}

type candidate struct {
	ok                 bool
	score              float64
	context            float64 // how alike the context is, 0..1 (1 without context)
	bodyStart, bodyEnd int
}

func newQuery(a *Anchorer, h Highlight) *query {
	raw := []rune(h.Quote)
	quote, _ := fold(raw)
	quote = trimSpace(quote)
	q := &query{a: a, raw: raw, quote: quote, str: string(quote), m: len(quote), hint: h.Start}
	q.maxEdits = int(float64(q.m) * (1 - MinSimilarity) * (1 + 1e-9))
	if p, _ := fold([]rune(h.Prefix)); len(p) > 0 {
		p = p[max(0, len(p)-ContextLength):]
		q.prefix, q.prefixN = newMyers(p), len(p)
	}
	if s, _ := fold([]rune(h.Suffix)); len(s) > 0 {
		s = s[:min(len(s), ContextLength)]
		slices.Reverse(s)
		q.suffix, q.suffixN = newMyers(s), len(s)
	}
	return q
}

// consider scores the match [start, end) of the folded text with edits edits.
func (q *query) consider(start, end, edits int) {
	a := q.a
	// A match does not start or end on the space between words.
	for start < end && a.text[start] == ' ' {
		start++
	}
	for end > start && a.text[end-1] == ' ' {
		end--
	}
	if start == end {
		return
	}
	const quoteWeight, contextWeight, positionWeight, exactWeight = 50.0, 20.0, 2.0, 3.0
	context, weights := 0.0, 0.0
	if q.prefix != nil {
		window := a.text[max(0, start-q.prefixN-q.prefixN/4-2):start]
		d := q.prefix.distanceAtEnd(window)
		context += 1 - float64(d)/float64(q.prefixN)
		weights++
	}
	if q.suffix != nil {
		window := slices.Clone(a.text[end:min(len(a.text), end+q.suffixN+q.suffixN/4+2)])
		slices.Reverse(window)
		d := q.suffix.distanceAtEnd(window)
		context += 1 - float64(d)/float64(q.suffixN)
		weights++
	}
	if weights > 0 {
		context /= weights
	} else {
		context = 1
	}
	// A short passage a few edits from the quote could be anywhere: it needs its context.
	if edits > 0 && q.m < shortQuote && context < 0.5 {
		return
	}
	bodyStart, bodyEnd := int(a.orig[start]), int(a.orig[end-1])+1
	score := quoteWeight*(1-float64(edits)/float64(q.m)) + contextWeight*weights*context
	if q.hint >= 0 && len(a.body) > 0 {
		score += positionWeight * (1 - float64(abs(bodyStart-q.hint))/float64(len(a.body)))
	}
	// Of passages alike but for white space or case, the one as it was, wherever it is.
	if edits == 0 && bodyEnd-bodyStart == len(q.raw) && slices.Equal(a.body[bodyStart:bodyEnd], q.raw) {
		score += exactWeight
	}
	if !q.best.ok || score > q.best.score {
		q.best = candidate{ok: true, score: score, context: context, bodyStart: bodyStart, bodyEnd: bodyEnd}
	}
}

func (q *query) result() (int, int) {
	if !q.best.ok {
		return -1, -1
	}
	return q.best.bodyStart, q.best.bodyEnd
}

// exact considers every place the folded text holds the quote: with the trigram index,
// the places of the quote's rarest trigram; a quote shorter than a trigram is searched for.
func (a *Anchorer) exact(q *query) {
	if q.m < gram {
		if a.byteRune == nil {
			a.str = string(a.text)
			a.byteRune = make([]int32, len(a.str)+1)
			i := int32(0)
			for b := range a.str {
				a.byteRune[b] = i
				i++
			}
			a.byteRune[len(a.str)] = i
		}
		for i := strings.Index(a.str, q.str); i >= 0; {
			s := int(a.byteRune[i])
			q.consider(s, s+q.m, 0)
			next := strings.Index(a.str[i+1:], q.str)
			if next < 0 {
				break
			}
			i += 1 + next
		}
		return
	}
	a.indexGrams()
	var places []int32
	offset := 0
	for o := 0; o+gram <= q.m; o++ {
		p := a.grams[gramAt(q.quote, o)]
		if o == 0 || len(p) < len(places) {
			places, offset = p, o
		}
		if len(places) == 0 {
			return
		}
	}
	for _, p := range places {
		s := int(p) - offset
		if s >= 0 && s+q.m <= len(a.text) && slices.Equal(a.text[s:s+q.m], q.quote) {
			q.consider(s, s+q.m, 0)
		}
	}
}

// gram is the length of the pieces of text the index holds.
const gram = 3

func gramAt(text []rune, i int) uint64 {
	return uint64(text[i])<<42 | uint64(text[i+1])<<21 | uint64(text[i+2])
}

func (a *Anchorer) indexGrams() {
	if a.grams != nil {
		return
	}
	a.grams = make(map[uint64][]int32, 4096)
	for i := 0; i+gram <= len(a.text); i++ {
		key := gramAt(a.text, i)
		a.grams[key] = append(a.grams[key], int32(i))
	}
}

// fuzzy looks for passages within k = q.maxEdits edits of the quote. An edit spoils at most
// three of the quote's trigrams, so such a passage keeps at least m-2-3k of them (the q-gram
// lemma), each where the quote's would be shifted by at most k. The trigrams vote for where
// the passage could start, in bands of k+1 starts; only around bands that have the votes
// (three bands cover a passage's shifts) is the text searched, bit-parallel. When that is
// most of the text, or the quote is too short for the lemma to say anything, all of it is.
func (a *Anchorer) fuzzy(q *query) {
	q.pattern = newMyers(q.quote)
	k := q.maxEdits
	need := q.m - gram + 1 - gram*k
	if need < 2 || a.noFilter {
		a.search(q, 0, len(a.text))
		return
	}
	a.indexGrams()
	// In text that repeats itself the votes would cost more than searching it all.
	cost := 0
	for o := 0; o+gram <= q.m; o++ {
		cost += len(a.grams[gramAt(q.quote, o)])
	}
	if cost > 2*len(a.text) {
		a.search(q, 0, len(a.text))
		return
	}
	width := k + 1
	bands := (len(a.text)+k)/width + 3
	if cap(a.votes) < bands {
		a.votes = make([]int32, bands)
	}
	votes := a.votes[:bands]
	clear(votes)
	for o := 0; o+gram <= q.m; o++ {
		for _, p := range a.grams[gramAt(q.quote, o)] {
			if d := int(p) - o + k; d >= 0 { // starts from -k
				votes[d/width]++
			}
		}
	}
	var windows [][2]int
	total := 0
	for b := 0; b+2 < bands; b++ {
		if int(votes[b]+votes[b+1]+votes[b+2]) < need {
			continue
		}
		from := max(0, b*width-k-k)
		to := min(len(a.text), (b+3)*width+q.m+k)
		if n := len(windows); n > 0 && from <= windows[n-1][1] {
			total += to - windows[n-1][1]
			windows[n-1][1] = to
		} else {
			windows = append(windows, [2]int{from, to})
			total += to - from
		}
		if total > len(a.text)/2 {
			a.search(q, 0, len(a.text))
			return
		}
	}
	for _, w := range windows {
		a.search(q, w[0], w[1])
	}
}

// search considers the best match within q.maxEdits edits in each stretch of text[from:to]
// where the quote matches.
func (a *Anchorer) search(q *query, from, to int) {
	runEnd, runEdits, inRun := 0, 0, false
	flush := func() {
		if inRun {
			a.place(q, runEnd)
			inRun = false
		}
	}
	last := from - 1
	q.pattern.scan(a.text[from:to], func(j, d int) {
		j += from
		if inRun && j != last+1 {
			flush()
		}
		if !inRun || d < runEdits {
			runEnd, runEdits = j, d
		}
		inRun, last = true, j
	}, q.maxEdits)
	flush()
}

// place finds where the match ending at end (exclusive) with edits edits starts, and
// considers it.
func (a *Anchorer) place(q *query, end int) {
	if q.reversed == nil {
		r := slices.Clone(q.quote)
		slices.Reverse(r)
		q.reversed = newMyers(r)
	}
	from := max(0, end-q.m-q.maxEdits)
	window := slices.Clone(a.text[from:end])
	slices.Reverse(window)
	// Backwards from end, the quote backwards must start at end: the edits of each length.
	bestLen, bestEdits := -1, q.maxEdits+1
	q.reversed.run(window, true, func(j, d int) {
		if d < bestEdits || (d == bestEdits && abs(j-q.m) < abs(bestLen-q.m)) {
			bestLen, bestEdits = j, d
		}
	})
	if bestLen > 0 && bestEdits <= q.maxEdits {
		q.consider(end-bestLen, end, bestEdits)
	}
}

// fold lower-cases text, makes each run of white space one space, curly quotes straight and
// dashes hyphens, and drops invisible characters (soft hyphens, zero-width spaces), so that
// a passage is found again in text extracted again. orig maps each folded rune to the rune it
// came from.
func fold(text []rune) (folded []rune, orig []int32) {
	folded = make([]rune, 0, len(text))
	orig = make([]int32, 0, len(text))
	space := false
	for i, r := range text {
		switch r {
		case '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
			continue
		case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032':
			r = '\''
		case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\u00AB', '\u00BB':
			r = '"'
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
			r = '-'
		}
		if unicode.IsSpace(r) {
			if space {
				continue
			}
			space = true
			r = ' '
		} else {
			space = false
			r = unicode.ToLower(r)
			if r >= utf8.RuneSelf && !utf8.ValidRune(r) {
				r = utf8.RuneError
			}
		}
		folded = append(folded, r)
		orig = append(orig, int32(i))
	}
	return folded, orig
}

func trimSpace(text []rune) []rune {
	for len(text) > 0 && text[0] == ' ' {
		text = text[1:]
	}
	for len(text) > 0 && text[len(text)-1] == ' ' {
		text = text[:len(text)-1]
	}
	return text
}

// myers is Myers' bit-parallel approximate string matching (J. ACM 46(3), 1999), in blocks
// of 64 rows for patterns of any length: for each position of a text, the fewest edits that
// turn the pattern into a passage of the text ending there.
type myers struct {
	m      int
	blocks int
	ascii  [128][]uint64
	other  map[rune][]uint64
	zero   []uint64
	pv, mv []uint64
}

func newMyers(pattern []rune) *myers {
	b := (len(pattern) + 63) / 64
	p := &myers{m: len(pattern), blocks: b, zero: make([]uint64, b),
		pv: make([]uint64, b), mv: make([]uint64, b)}
	for i, r := range pattern {
		eq := p.eq(r)
		if len(eq) == 0 || &eq[0] == &p.zero[0] {
			eq = make([]uint64, b)
			if r >= 0 && r < 128 {
				p.ascii[r] = eq
			} else {
				if p.other == nil {
					p.other = map[rune][]uint64{}
				}
				p.other[r] = eq
			}
		}
		eq[i/64] |= 1 << (i % 64)
	}
	return p
}

func (p *myers) eq(r rune) []uint64 {
	if r >= 0 && r < 128 {
		if e := p.ascii[r]; e != nil {
			return e
		}
	} else if e, ok := p.other[r]; ok {
		return e
	}
	return p.zero
}

// scan calls found(j, d) for each j in 1..len(text) where text[:j] ends with a passage d <=
// limit edits from the pattern.
func (p *myers) scan(text []rune, found func(j, d int), limit int) {
	if p.m == 0 {
		return
	}
	p.run(text, false, func(j, score int) {
		if score <= limit {
			found(j, score)
		}
	})
}

// distanceAtEnd is the fewest edits that turn the pattern into a passage that ends text.
func (p *myers) distanceAtEnd(text []rune) int {
	return p.run(text, false, nil)
}

// run calls each(j, d) for j in 1..len(text) with the fewest edits d that turn the pattern
// into a passage ending at j: a passage starting anywhere, or with anchored only text[:j].
// It returns the last d.
func (p *myers) run(text []rune, anchored bool, each func(j, d int)) int {
	for k := range p.pv {
		p.pv[k], p.mv[k] = ^uint64(0), 0
	}
	score := p.m
	lastHigh := uint64(1) << ((p.m - 1) % 64)
	for j, r := range text {
		eqs := p.eq(r)
		hin := 0
		if anchored {
			hin = 1
		}
		for k := 0; k < p.blocks; k++ {
			high := uint64(1) << 63
			if k == p.blocks-1 {
				high = lastHigh
			}
			pv, mv, eq := p.pv[k], p.mv[k], eqs[k]
			xv := eq | mv
			if hin < 0 {
				eq |= 1
			}
			xh := (((eq & pv) + pv) ^ pv) | eq
			ph := mv | ^(xh | pv)
			mh := pv & xh
			hout := 0
			if ph&high != 0 {
				hout = 1
			} else if mh&high != 0 {
				hout = -1
			}
			ph <<= 1
			mh <<= 1
			if hin < 0 {
				mh |= 1
			} else if hin > 0 {
				ph |= 1
			}
			p.pv[k] = mh | ^(xv | ph)
			p.mv[k] = ph & xv
			hin = hout
		}
		score += hin
		if each != nil {
			each(j+1, score)
		}
	}
	return score
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
