// Package search finds articles, notes and highlights as the user types: fuzzy and forgiving
// over short fields held in memory, with SQLite's full-text indexes for the long texts.
package search

// Kind is what a result is.
type Kind string

const (
	KindArticle   Kind = "article"
	KindNote      Kind = "note"
	KindHighlight Kind = "highlight"
)

// Result is one found item.
type Result struct {
	Kind      Kind
	ID        int64  // the article, note or highlight id
	ArticleID int64  // 0 for a standalone note
	Title     string // the article's title (for a standalone note: its first line)
	Snippet   string // text around the match, one line, at most about snippetRunes characters
	Matches   []int  // rune offsets into Snippet of the matched characters (for emphasis)
	Field     string // which field matched: "title", "byline", "site", "tag", "body", "note", "highlight", "comment"
	Score     float64
}

// Field names, as Result.Field reports them.
const (
	fieldTitle     = "title"
	fieldByline    = "byline"
	fieldSite      = "site"
	fieldTag       = "tag"
	fieldBody      = "body"
	fieldNote      = "note"
	fieldHighlight = "highlight"
	fieldComment   = "comment"
)
