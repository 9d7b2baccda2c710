package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"lectern/store"
)

// backlinkJSON is the shape of `lectern backlinks --json`.
type backlinkJSON struct {
	NoteID      int64  `json:"note_id,omitempty"`      // the linking note
	HighlightID int64  `json:"highlight_id,omitempty"` // the highlight whose comment links
	ArticleID   int64  `json:"article_id,omitempty"`   // the article of the linking note or highlight
	From        string `json:"from"`                   // the linking note's title, or the highlight's article's
	Context     string `json:"context"`                // the sentence around the link
	Link        string `json:"link"`                   // the link as written
	ToHighlight int64  `json:"to_highlight,omitempty"` // the highlight linked to (#^lectern-hN)
}

func runBacklinks(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("backlinks", env)
	asJSON := fs.Bool("json", false, "print a JSON array")
	note := fs.Bool("note", false, "ID is a note's, not an article's")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"backlinks needs one article id (or --note and a note id)"}
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("%q is not an id", rest[0])}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var links []store.Backlink
	if *note {
		links, err = db.NoteBacklinks(ctx, id)
	} else {
		links, err = db.Backlinks(ctx, id)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]backlinkJSON, 0, len(links))
		for _, b := range links {
			out = append(out, backlinkJSON{NoteID: b.NoteID, HighlightID: b.HighlightID, ArticleID: b.ArticleID,
				From: b.From, Context: b.Context, Link: linkText(b), ToHighlight: b.ToHighlight})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if len(links) == 0 {
		fmt.Fprintln(env.Stderr, "no links to it")
		return nil
	}
	for _, b := range links {
		what := fmt.Sprintf("note %d", b.NoteID)
		if b.HighlightID != 0 {
			what = fmt.Sprintf("highlight %d", b.HighlightID)
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\n\t%s\n", what, oneLine(b.From), oneLine(b.Context))
	}
	return nil
}

// linkText writes a backlink's link as it was written: [[Target#Heading|Shown]].
func linkText(b store.Backlink) string {
	s := "[[" + b.Target
	switch {
	case b.Block != "":
		s += "#^" + b.Block
	case b.Heading != "":
		s += "#" + b.Heading
	}
	if b.Shown != "" {
		s += "|" + b.Shown
	}
	return s + "]]"
}
