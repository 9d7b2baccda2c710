package store

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// LinkNames is what [[ completion chooses from: the title of every article and the title and
// aliases of every note not in the Trash, held in memory. Load it once (LoadLinkNames, off the
// UI goroutine) and again after writes; Complete answers each keystroke from memory.
type LinkNames struct {
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
	survivors := indexSource{x: x, idx: make([]int, 0, 1024)}
	for i, m := range x.masks {
		if m&mask == mask {
			survivors.idx = append(survivors.idx, i)
		}
	}
	matches := fuzzy.FindFromNoSort(pattern, &survivors)
	words := strings.Fields(q)
	best := map[[2]int64]int{} // name key → index in out
	out := make([]LinkCandidate, 0, min(len(matches), 4*limit))
	for _, m := range matches {
		i := survivors.idx[m.Index]
		n, folded := x.names[i], x.folded[i]
		score := m.Score
		switch {
		case strings.HasPrefix(folded, q):
			score += 10000
		case strings.Contains(folded, q):
			score += 5000
		}
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
