package store

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// LinkNames is what [[ completion chooses from: the title of every article and the title and
// aliases of every note not in the Trash, held in memory. Load it once (LoadLinkNames, off the
// UI goroutine) and again after writes; Complete answers each keystroke from memory.
type LinkNames struct {
	mu        sync.Mutex
	lastQuery string // the last query, and the names it matched, to narrow the next keystroke
	lastSet   []int

	names  []linkName
	masks  []uint64 // the letters each name holds, to skip at once the names that cannot match
	folded []string // lower case, for the prefix and substring bonuses
}

type linkName struct {
	kind  string // "article" or "note"
	id    int64
	title string
	alias string // the alias this name is, or ""
}

func (n linkName) text() string { return cmp.Or(n.alias, n.title) }

// LinkCandidate is one answer of Complete.
type LinkCandidate struct {
	Kind    string // "article" or "note"
	ID      int64
	Title   string
	Alias   string // the alias that matched; empty when the title did
	Insert  string // what goes between [[ and ]]: the title, or "Title|Alias" for an alias
	Matched []int  // byte offsets, in the alias or else the title, of the letters matched
	Score   int
}

// LoadLinkNames reads the names links complete to: newest first, so that an empty query
// lists the latest.
func (db *DB) LoadLinkNames(ctx context.Context) (*LinkNames, error) {
	if err := db.derivePending(ctx); err != nil {
		return nil, err
	}
	x := &LinkNames{}
	rows, err := db.sql.QueryContext(ctx, `
		SELECT 'note', k.note_id, t.name, CASE k.kind WHEN 'alias' THEN k.name ELSE '' END, n.created
		FROM note_keys k JOIN notes n ON n.id = k.note_id
		JOIN note_keys t ON t.note_id = k.note_id AND t.kind = 'title'
		WHERE n.deleted IS NULL AND k.kind IN ('title', 'alias')
		UNION ALL
		SELECT 'article', id, title, '', imported FROM articles WHERE deleted IS NULL AND title <> ''
		ORDER BY 5 DESC, 2 DESC`)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n linkName
		var created int64
		if err := rows.Scan(&n.kind, &n.id, &n.title, &n.alias, &created); err != nil {
			return nil, err
		}
		folded := strings.ToLower(n.text())
		x.names = append(x.names, n)
		x.folded = append(x.folded, folded)
		x.masks = append(x.masks, letterMask(folded))
	}
	return x, rows.Err()
}

// Len is how many names there are.
func (x *LinkNames) Len() int { return len(x.names) }

// letterMask sets a bit for each letter or digit s holds (other characters share bits).
func letterMask(s string) uint64 {
	var m uint64
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			m |= 1 << (r - 'a')
		case r >= '0' && r <= '9':
			m |= 1 << (26 + r - '0')
		case r < utf8.RuneSelf:
		default:
			m |= 1 << (36 + uint(unicode.ToLower(r))%27)
		}
	}
	return m
}

// Complete returns the names best matching what was typed after [[, at most limit: the
// letters in order (typos of order and abbreviations such as "crvn gtml" find "Caravan …
// Guatemalan"), names that start with the query first, then those holding it, then by how
// well the letters fall (sahilm/fuzzy: word starts, runs of letters). A note's title and
// alias count once: the better of the two.
func (x *LinkNames) Complete(query string, limit int) []LinkCandidate {
	if x == nil || limit <= 0 {
		return nil
	}
	q := strings.ToLower(strings.Join(strings.Fields(query), " "))
	if q == "" {
		out := make([]LinkCandidate, 0, min(limit, len(x.names)))
		seen := map[[2]int64]bool{}
		for _, n := range x.names {
			if len(out) == limit {
				break
			}
			key := [2]int64{kindNum(n.kind), n.id}
			if n.alias != "" || seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, candidateOf(n, nil, 0))
		}
		return out
	}
	pattern := strings.ReplaceAll(q, " ", "")
	mask := letterMask(pattern)
	words := strings.Fields(q)

	// The names that may match: all, or those that matched the query this one extends (a
	// name matching "crvn g" matches "crvn"), as typing goes.
	x.mu.Lock()
	from := x.lastSet
	if x.lastQuery == "" || !strings.HasPrefix(q, x.lastQuery) {
		from = nil
	}
	x.mu.Unlock()
	var buckets [matchTiers][]int
	var matched []int
	consider := func(i int) {
		if x.masks[i]&mask != mask {
			return
		}
		if t := tierOf(x.folded[i], q, pattern, words); t >= 0 {
			buckets[t] = append(buckets[t], i)
			matched = append(matched, i)
		}
	}
	if from != nil {
		for _, i := range from {
			consider(i)
		}
	} else {
		for i := range x.names {
			consider(i)
		}
	}
	x.mu.Lock()
	x.lastQuery, x.lastSet = q, matched
	x.mu.Unlock()

	// The best tiers, and within a tier the shortest names, are aligned by sahilm/fuzzy to
	// rank them and mark their letters.
	room := max(10*limit, 100)
	chosen := make([]int, 0, room)
	tierOfName := map[int]int{}
	for t := range buckets {
		for _, i := range shortestFirst(buckets[t], x.folded, room-len(chosen)) {
			chosen = append(chosen, i)
			tierOfName[i] = t
		}
		if len(chosen) >= room {
			break
		}
	}
	source := indexSource{x: x, idx: chosen}
	matches := fuzzy.FindFromNoSort(pattern, &source)
	aligned := make(map[int]fuzzy.Match, len(matches))
	for _, m := range matches {
		aligned[chosen[m.Index]] = m
	}
	best := map[[2]int64]int{} // name key → index in out
	out := make([]LinkCandidate, 0, len(chosen))
	for _, i := range chosen {
		n, folded := x.names[i], x.folded[i]
		m := aligned[i] // letters spread in another order (words swapped) are not aligned
		score := (matchTiers-tierOfName[i])*100000 + m.Score
		for _, w := range words {
			if wordStartIn(folded, w) {
				score += 300
			}
		}
		score -= len(folded) / 8 // shorter names first among equals
		c := candidateOf(n, m.MatchedIndexes, score)
		key := [2]int64{kindNum(n.kind), n.id}
		if j, ok := best[key]; ok {
			if out[j].Score < c.Score {
				out[j] = c
			}
			continue
		}
		best[key] = len(out)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b LinkCandidate) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(len(a.Title), len(b.Title)),
			cmp.Compare(kindNum(a.Kind), kindNum(b.Kind)), cmp.Compare(b.ID, a.ID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func kindNum(kind string) int64 {
	if kind == "note" {
		return 0
	}
	return 1
}

func candidateOf(n linkName, matched []int, score int) LinkCandidate {
	c := LinkCandidate{Kind: n.kind, ID: n.id, Title: n.title, Alias: n.alias, Insert: n.title,
		Matched: slices.Clone(matched), Score: score}
	if n.alias != "" {
		c.Insert = n.title + "|" + n.alias
	}
	return c
}

// wordStartIn reports whether w starts a word of s.
func wordStartIn(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		if j == 0 {
			return true
		}
		r, _ := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return true
		}
		i = j + 1
	}
}

// indexSource is the names that may match, as sahilm/fuzzy's Source.
type indexSource struct {
	x   *LinkNames
	idx []int
}

func (s *indexSource) String(i int) string { return s.x.names[s.idx[i]].text() }
func (s *indexSource) Len() int            { return len(s.idx) }

// matchTiers are how a name matches, best first: it starts with the query; holds it at a word
// start; holds the query's words as word starts, in any order; holds the query or its words;
// holds the query's letters in order.
const matchTiers = 5

func tierOf(f, q, pattern string, words []string) int {
	if strings.HasPrefix(f, q) {
		return 0
	}
	if strings.Contains(f, q) {
		if wordStartIn(f, q) {
			return 1
		}
		return 3
	}
	if len(words) > 1 {
		allIn, allStarts := true, true
		for _, w := range words {
			if !strings.Contains(f, w) {
				allIn, allStarts = false, false
				break
			}
			if allStarts && !wordStartIn(f, w) {
				allStarts = false
			}
		}
		switch {
		case allStarts:
			return 2
		case allIn:
			return 3
		}
	}
	if subsequence(f, pattern) {
		return 4
	}
	return -1
}

// subsequence reports whether the bytes of pattern appear in s in order.
func subsequence(s, pattern string) bool {
	j := 0
	for i := 0; i < len(s) && j < len(pattern); i++ {
		if s[i] == pattern[j] {
			j++
		}
	}
	return j == len(pattern)
}

// shortestFirst returns at most n of ids, the shortest names first, in their order otherwise
// (newest first), without sorting them all.
func shortestFirst(ids []int, folded []string, n int) []int {
	if n <= 0 {
		return nil
	}
	if len(ids) <= n {
		return ids
	}
	var count [257]int
	for _, i := range ids {
		count[min(len(folded[i]), 256)]++
	}
	limit, total := 0, 0
	for limit = range count {
		if total += count[limit]; total >= n {
			break
		}
	}
	out := make([]int, 0, n)
	for _, i := range ids {
		if min(len(folded[i]), 256) <= limit && len(out) < n {
			out = append(out, i)
		}
	}
	return out
}
