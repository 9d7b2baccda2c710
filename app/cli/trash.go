package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"text/tabwriter"
)

// parseIDs reads article ids.
func parseIDs(what string, args []string) ([]int64, error) {
	if len(args) == 0 {
		return nil, usageError{what + " needs at least one article id"}
	}
	ids := make([]int64, 0, len(args))
	for _, arg := range args {
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || id <= 0 {
			return nil, usageError{fmt.Sprintf("%q is not an article id", arg)}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// runDelete moves articles, with their notes and highlights, to the Trash.
func runDelete(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("delete", env)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	ids, err := parseIDs("delete", rest)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.TrashArticles(ctx, ids...); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "moved %d to the Trash with their notes and highlights (lectern restore ID brings one back)\n", len(ids))
	return nil
}

// runRestore takes articles out of the Trash with their notes and highlights.
func runRestore(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("restore", env)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	ids, err := parseIDs("restore", rest)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RestoreArticles(ctx, ids...); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "restored %d\n", len(ids))
	return nil
}

// trashJSON is the shape of `lectern trash --json`.
type trashJSON struct {
	ID         int64  `json:"id"`
	Title      string `json:"title"`
	Deleted    string `json:"deleted"`
	Notes      int    `json:"notes"`      // trashed with it, restored with it
	Highlights int    `json:"highlights"` // trashed with it, restored with it
}

// runTrash lists the articles in the Trash, or empties it.
func runTrash(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("trash", env)
	asJSON := fs.Bool("json", false, "print a JSON array")
	empty := fs.Bool("empty", false, "delete everything in the Trash for good")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"trash takes no arguments"}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if *empty {
		c, err := db.EmptyTrash(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stderr, "deleted for good: %d articles, %d notes, %d highlights\n", c.Articles, c.Notes, c.Highlights)
		return nil
	}
	list, err := db.TrashedArticles(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]trashJSON, 0, len(list))
		for _, a := range list {
			out = append(out, trashJSON{ID: a.ID, Title: a.Title, Deleted: a.Deleted.UTC().Format("2006-01-02T15:04:05Z"),
				Notes: a.Notes, Highlights: a.Highlights})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	c, err := db.CountTrash(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tNOTES\tHIGHLIGHTS\tDELETED")
	for _, a := range list {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\n", a.ID, truncate(oneLine(a.Title), 70), a.Notes, a.Highlights,
			a.Deleted.Local().Format("2006-01-02 15:04"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if c.Notes > 0 || c.Highlights > 0 {
		fmt.Fprintf(env.Stderr, "and %d notes and %d highlights trashed on their own (the window's Edit → Trash)\n", c.Notes, c.Highlights)
	}
	return nil
}
