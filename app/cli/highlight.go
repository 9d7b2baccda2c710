package cli

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"lectern/store"
)

// runHighlight highlights the first passage of an article that reads QUOTE.
func runHighlight(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("highlight", env)
	comment := fs.String("comment", "", "a comment on the highlight")
	color := fs.String("color", store.HighlightColors[0], "the highlight's colour: "+strings.Join(store.HighlightColors, ", "))
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return usageError{"highlight takes an article id and the quote"}
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("%q is not an article id", rest[0])}
	}
	if !slices.Contains(store.HighlightColors, *color) {
		return usageError{fmt.Sprintf("no colour %q (want one of %s)", *color, strings.Join(store.HighlightColors, ", "))}
	}
	quote := strings.TrimSpace(rest[1])
	if quote == "" {
		return usageError{"the quote is empty"}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.Article(ctx, id)
	if err != nil {
		return err
	}
	h := store.Highlight{ArticleID: id, Quote: quote, Start: -1, End: -1, Comment: *comment, Color: *color}
	h.Start, h.End = store.Anchor(a.Body, h)
	if h.Start < 0 {
		return fmt.Errorf("article %d does not contain %q", id, quote)
	}
	body := []rune(a.Body)
	h.Quote = string(body[h.Start:h.End]) // as the article has it
	h.Prefix = string(body[max(0, h.Start-32):h.Start])
	h.Suffix = string(body[h.End:min(len(body), h.End+32)])
	h, err = db.AddHighlight(ctx, h)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "highlight %d added to article %d\n", h.ID, id)
	return nil
}
