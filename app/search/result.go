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

// fieldKinds are the fields, each with its weight: how much a match there counts (a title hit
// ranks above a tag, a note or highlight hit, above a body hit). This is the one table of
// weights; a posting keeps a field's kind, its position here, in three bits.
var fieldKinds = [8]struct {
	name   string
	weight float32
}{
	{fieldTitle, 1}, {fieldTag, 0.85}, {fieldNote, 0.8}, {fieldHighlight, 0.8}, {fieldComment, 0.75},
	{fieldByline, 0.7}, {fieldSite, 0.7}, {fieldBody, 0.4},
}

// kindOf is the position of a field's name in fieldKinds.
func kindOf(name string) uint8 {
	for i, k := range fieldKinds {
		if k.name == name {
			return uint8(i)
		}
	}
	panic("search: no field " + name)
}

// bodyWeight is the weight of a long text, which the loops over every doc read.
var bodyWeight = fieldKinds[kindOf(fieldBody)].weight
