package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"

	"lectern/app/search"
)

// resultJSON is the shape of `lectern search --json`.
type resultJSON struct {
	Kind      string  `json:"kind"`
	ID        int64   `json:"id"`
	ArticleID int64   `json:"article_id"`
	Title     string  `json:"title"`
	Field     string  `json:"field"`
	Snippet   string  `json:"snippet"`
	Matches   []int   `json:"matches"`
	Score     float64 `json:"score"`
}

func runSearch(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("search", env)
	asJSON := fs.Bool("json", false, "print a JSON array with match positions")
	limit := fs.Int("limit", 20, "at most this many results")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError{"search needs a query"}
	}
	if *limit <= 0 {
		return usageError{"--limit must be at least 1"}
	}
	// One search, then the process exits: its heap only grows (the rows read, the index of
	// those that may match), and collecting it as often as a long-lived program would costs a
	// tenth of the command's time.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	results, err := search.Once(ctx, db, strings.Join(rest, " "), *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]resultJSON, 0, len(results))
		for _, r := range results {
			matches := r.Matches
			if matches == nil {
				matches = []int{}
			}
			out = append(out, resultJSON{Kind: string(r.Kind), ID: r.ID, ArticleID: r.ArticleID,
				Title: r.Title, Field: r.Field, Snippet: r.Snippet, Matches: matches, Score: r.Score})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	bold := isTerminal(env.Stdout)
	for _, r := range results {
		fmt.Fprintf(env.Stdout, "%-9s %6d  %s\n          %s\n", r.Kind, r.ArticleID, oneLine(r.Title),
			emphasise(r.Snippet, r.Matches, bold))
	}
	return nil
}

// emphasise marks the matched characters: bold on a terminal, [brackets] elsewhere. The
// snippet's control characters are escaped as printable escapes them, line breaks and tabs
// become spaces.
func emphasise(snippet string, matches []int, terminal bool) string {
	open, close := "[", "]"
	if terminal {
		open, close = "\033[1m", "\033[0m"
	}
	matched := make(map[int]bool, len(matches))
	for _, m := range matches {
		matched[m] = true
	}
	var b strings.Builder
	in := false
	i := 0
	for _, r := range snippet {
		if matched[i] != in {
			if in {
				b.WriteString(close)
			} else {
				b.WriteString(open)
			}
			in = !in
		}
		switch {
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		case needsEscape(r):
			// Text from the archive: an escape code in it is shown, not obeyed (see printable).
			b.WriteString(printable(string(r)))
		default:
			b.WriteRune(r)
		}
		i++
	}
	if in {
		b.WriteString(close)
	}
	return b.String()
}
