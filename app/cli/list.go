package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
)

// articleJSON is the shape of `lectern list --json`.
type articleJSON struct {
	ID         int64    `json:"id"`
	Title      string   `json:"title"`
	Byline     string   `json:"byline"`
	Site       string   `json:"site"`
	Source     string   `json:"source"`
	Words      int      `json:"words"`
	Status     string   `json:"status"`
	Progress   float64  `json:"progress"`
	Imported   string   `json:"imported"`
	Tags       []string `json:"tags"`
	Notes      int      `json:"notes"`
	Highlights int      `json:"highlights"`
}

func runList(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("list", env)
	asJSON := fs.Bool("json", false, "print a JSON array")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"list takes no arguments"}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	articles, err := db.Articles(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]articleJSON, 0, len(articles))
		for _, a := range articles {
			tags := a.Tags
			if tags == nil {
				tags = []string{}
			}
			out = append(out, articleJSON{ID: a.ID, Title: a.Title, Byline: a.Byline, Site: a.Site,
				Source: a.Source, Words: a.Words, Status: string(a.Status), Progress: a.Progress,
				Imported: a.Imported.UTC().Format("2006-01-02T15:04:05Z"), Tags: tags,
				Notes: a.Notes, Highlights: a.Highlights})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tNOTES\tHIGHLIGHTS\tSTATUS")
	for _, a := range articles {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\n", a.ID, truncate(oneLine(a.Title), 70), a.Notes, a.Highlights, a.Status)
	}
	return tw.Flush()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
