// Package links is what the window needs of [[wikilinks]]: find them in a note or a comment,
// say what each leads to, complete the one being typed, and rewrite them when a page is
// renamed. Parsing and the link index live in the store (store.ParseWikilinks, Backlinks,
// ResolveLink, LoadLinkNames), which derives them whenever a note or comment is saved.
package links

import (
	"context"
	"strings"

	"lectern/store"
)

// Link is a [[link]] of a text with what it leads to.
type Link struct {
	store.Wikilink
	Target   store.LinkTarget // valid when Resolved
	Resolved bool             // false: a link to nothing yet (the window may offer to create the note)
}

// Parse finds the [[links]] of a Markdown text, outside code.
func Parse(text string) []store.Wikilink { return store.ParseWikilinks(text) }

// Resolve finds the links of a text and what each leads to: a highlight (#^lectern-hN), else
// a note by title, alias or path, else an article by title, whatever the case.
func Resolve(ctx context.Context, db *store.DB, text string) ([]Link, error) {
	var out []Link
	for _, l := range store.ParseWikilinks(text) {
		target, ok, err := db.ResolveLink(ctx, l)
		if err != nil {
			return nil, err
		}
		out = append(out, Link{Wikilink: l, Target: target, Resolved: ok})
	}
	return out, nil
}

// Completing reports whether the caret (a byte offset in text) is inside a link being typed:
// after "[[" on the same line with no "]]" yet. query is what was typed after "[[", start the
// offset of "[[".
func Completing(text string, caret int) (query string, start int, ok bool) {
	if caret < 0 || caret > len(text) {
		return "", 0, false
	}
	line := text[strings.LastIndexByte(text[:caret], '\n')+1 : caret]
	i := strings.LastIndex(line, "[[")
	if i < 0 || strings.Contains(line[i:], "]]") {
		return "", 0, false
	}
	start = caret - len(line) + i
	query = line[i+2:]
	if strings.ContainsAny(query, "|#") {
		return "", 0, false // a heading, a block or the shown text: not a page name any more
	}
	return query, start, true
}

// Insert replaces the link being typed (from start, the "[[", to the caret) by a complete
// link to the candidate, "[[Full Title]]" (or "[[Title|Alias]]"), and returns the new text
// and the caret after it. A "]]" already right after the caret (an editor that closes
// brackets) is taken in.
func Insert(text string, start, caret int, c store.LinkCandidate) (string, int) {
	end := caret
	if strings.HasPrefix(text[caret:], "]]") {
		end += 2
	}
	link := "[[" + c.Insert + "]]"
	return text[:start] + link + text[end:], start + len(link)
}

// Rename rewrites the links of a text that lead to a page called oldName (its title, alias
// or path, whatever the case) to newName, keeping their #heading, #^block and |shown text;
// changed says whether any was. The window offers it when a note or an article is renamed,
// for each text NoteBacklinks or Backlinks lists.
func Rename(text, oldName, newName string) (string, bool) {
	key := store.LinkKey(oldName)
	var b strings.Builder
	last, changed := 0, false
	for _, l := range store.ParseWikilinks(text) {
		if store.LinkKey(l.Target) != key || l.Target == "" {
			continue
		}
		// The target starts right after "[[" (and a "!"), as written.
		at := l.Start + 2
		if l.Embed {
			at++
		}
		i := strings.Index(text[at:l.End], l.Target)
		if i < 0 {
			continue
		}
		b.WriteString(text[last : at+i])
		b.WriteString(newName)
		last, changed = at+i+len(l.Target), true
	}
	if !changed {
		return text, false
	}
	b.WriteString(text[last:])
	return b.String(), true
}

// Renaming is a page's old name and its new one: its title, or a vault note's path (without
// .md), which links may name it by.
type Renaming struct{ Old, New string }

// RenameAll applies Rename for each renaming in turn.
func RenameAll(text string, renames []Renaming) (string, bool) {
	changed := false
	for _, r := range renames {
		var c bool
		text, c = Rename(text, r.Old, r.New)
		changed = changed || c
	}
	return text, changed
}

// Renamed keeps of list (a page's Backlinks or NoteBacklinks, read before it was renamed) the
// links that name it by an old name of renames: those RenameAll rewrites. A link by an alias,
// or to a highlight by another name, still leads where it did.
func Renamed(list []store.Backlink, renames []Renaming) []store.Backlink {
	var out []store.Backlink
	for _, b := range list {
		for _, r := range renames {
			if key := store.LinkKey(b.Target); key != "" && key == store.LinkKey(r.Old) {
				out = append(out, b)
				break
			}
		}
	}
	return out
}

// Rewritten is what RewriteLinks wrote: the new text of each note and comment it changed.
type Rewritten struct {
	Notes    map[int64]string // by note id
	Comments map[int64]string // by highlight id
}

// RewriteLinks rewrites, through the store, the links of list's notes and comments that name
// a page by an old name of renames (RenameAll), reading each text as the store has it now.
// The caller writes what its editors hold first, and shows them what was written after.
func RewriteLinks(ctx context.Context, db *store.DB, list []store.Backlink, renames []Renaming) (Rewritten, error) {
	out := Rewritten{Notes: map[int64]string{}, Comments: map[int64]string{}}
	for _, b := range list {
		switch {
		case b.NoteID != 0:
			if _, done := out.Notes[b.NoteID]; done {
				continue
			}
			n, err := db.Note(ctx, b.NoteID)
			if err != nil {
				return out, err
			}
			text, changed := RenameAll(n.Body, renames)
			if !changed {
				continue
			}
			if err := db.UpdateNote(ctx, n.ID, text); err != nil {
				return out, err
			}
			out.Notes[n.ID] = text
		case b.HighlightID != 0:
			if _, done := out.Comments[b.HighlightID]; done {
				continue
			}
			h, err := db.Highlight(ctx, b.HighlightID)
			if err != nil {
				return out, err
			}
			text, changed := RenameAll(h.Comment, renames)
			if !changed {
				continue
			}
			if err := db.UpdateHighlightComment(ctx, h.ID, text); err != nil {
				return out, err
			}
			out.Comments[h.ID] = text
		}
	}
	return out, nil
}
