package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"lectern/store"
)

// Query is a parsed search: words that must each match somewhere, exact phrases, and filters.
// Words and phrases are folded (lower case, no accents).
type Query struct {
	Words    []string       // letters and digits; fuzzy: subsequence, substring or one typo
	Phrases  []string       // exact substrings, from "quoted text"
	Tags     []string       // tag:NAME, each must be a tag of the article (a prefix of it)
	Sites    []string       // site:NAME, the site contains one of them
	Kinds    []Kind         // in:articles|notes|highlights, any of them
	Statuses []store.Status // is:unread|reading|done|archived, any of them
	// Links are the pages of links:TITLE, as written: each must be linked to by the note or
	// the highlight's comment ([[TITLE]], resolved as the window resolves links).
	Links []string

	linked []linkers // Links resolved, by resolveFilters
}

// Limits that keep a pasted novel from turning into a slow search: the rest is ignored.
const (
	maxTerms     = 12 // words and phrases; a termSet holds a bit for each
	maxTermRunes = 64
	maxQueryLen  = 2048 // bytes read from the query string
)

// termSet has a bit for each term of a query (terms pending in a doc, say).
type termSet uint16

// maxTerms must fit in a termSet: this constant does not compile when it does not.
const _ = termSet(1<<maxTerms - 1)

func (s termSet) has(i int) bool { return s&(1<<i) != 0 }

// ParseQuery reads a query string. It never fails: unknown filters (foo:bar) and anything else
// that is not a known filter are searched as text; an unterminated quote runs to the end.
func ParseQuery(s string) Query {
	if len(s) > maxQueryLen {
		s = s[:maxQueryLen]
	}
	s = strings.ToValidUTF8(s, " ")
	var q Query
	for len(s) > 0 {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		if s[0] == '"' {
			var phrase string
			phrase, s = quoted(s)
			q.addPhrase(phrase)
			continue
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		token := s[:end]
		s = s[end:]
		if key, value, ok := strings.Cut(token, ":"); ok && isFilterKey(key) {
			if strings.HasPrefix(value, `"`) { // tag:"machine learning"
				value, s = quoted(value + s)
			}
			if q.addFilter(strings.ToLower(key), strings.TrimSpace(value)) {
				continue
			}
		}
		q.addWords(token)
	}
	return q
}

// quoted splits `"phrase" rest` into phrase and rest.
func quoted(s string) (phrase, rest string) {
	s = s[1:]
	if end := strings.IndexByte(s, '"'); end >= 0 {
		return s[:end], s[end+1:]
	}
	return s, ""
}

func isFilterKey(key string) bool {
	switch strings.ToLower(key) {
	case "tag", "in", "is", "site", "links":
		return true
	}
	return false
}

// addFilter records key:value and reports whether it was a filter; a value it does not know is
// not, so the caller searches the token as text. An empty value (the user is still typing)
// counts as a filter that filters nothing.
func (q *Query) addFilter(key, value string) bool {
	if key == "links" { // a page's title as written: links resolve it as the window does
		if page := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(value, "[["), "]]")); page != "" {
			q.Links = append(q.Links, page)
		}
		return true
	}
	if value = limitRunes(fold(value), maxTermRunes); value == "" {
		return true
	}
	switch key {
	case "tag":
		q.Tags = append(q.Tags, value)
	case "site":
		q.Sites = append(q.Sites, value)
	case "in":
		kind, ok := kindNames[value]
		if !ok {
			return false
		}
		q.Kinds = append(q.Kinds, kind)
	case "is":
		status := store.Status(value)
		if !isStatus(status) {
			return false
		}
		q.Statuses = append(q.Statuses, status)
	}
	return true
}

var kindNames = map[string]Kind{
	"articles": KindArticle, "article": KindArticle,
	"notes": KindNote, "note": KindNote,
	"highlights": KindHighlight, "highlight": KindHighlight,
}

func isStatus(s store.Status) bool {
	for _, known := range store.Statuses {
		if s == known {
			return true
		}
	}
	return false
}

func (q *Query) addPhrase(text string) {
	phrase := limitRunes(strings.Join(strings.Fields(fold(text)), " "), maxTermRunes)
	if phrase != "" && q.terms() < maxTerms {
		q.Phrases = append(q.Phrases, phrase)
	}
}

// addWords adds the words of a token: its runs of letters and digits. Punctuation is no part
// of a word ("(caravan)," is caravan) and splits one ("node.js" is node and js, each to be
// found, "don't" is don and t); a token of punctuation alone ("-", "*") has no word.
func (q *Query) addWords(token string) {
	for _, word := range strings.FieldsFunc(fold(token), func(r rune) bool { return !isWordRune(r) }) {
		if q.terms() < maxTerms {
			q.Words = append(q.Words, limitRunes(word, maxTermRunes))
		}
	}
}

func (q *Query) terms() int { return len(q.Words) + len(q.Phrases) }

func limitRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
