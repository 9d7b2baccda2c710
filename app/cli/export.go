package cli

import (
	"context"
	"fmt"
	"strconv"

	"lectern/app/export"
)

func runExport(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("export", env)
	out := fs.String("out", "lectern-export", "folder to write the Markdown files to")
	all := fs.Bool("all", false, "export every article, even those without notes or highlights")
	fullText := fs.Bool("full-text", false, "include each article's full text")
	template := fs.String("template", "", "a Go text/template file to render each article with")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	var ids []int64
	for _, arg := range rest {
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || id <= 0 {
			return usageError{fmt.Sprintf("%q is not an article id", arg)}
		}
		ids = append(ids, id)
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	bar := newProgressBar(env.Stderr)
	summary, err := export.Run(ctx, db, export.Options{
		Out: *out, IDs: ids, All: *all, FullText: *fullText, Template: *template,
		OnProgress: bar.show,
	})
	bar.clear()
	if err != nil {
		return err
	}
	for _, f := range summary.Files {
		fmt.Fprintln(env.Stdout, printable(f))
	}
	for _, f := range summary.ConflictFiles {
		fmt.Fprintf(env.Stderr, "conflict: %s was edited since the last export; the new version is beside it\n", printable(f))
	}
	fmt.Fprintf(env.Stderr, "written %d, unchanged %d, conflicts %d (in %s)\n",
		summary.Written, summary.Unchanged, summary.Conflicts, printable(*out))
	return nil
}
