package cli

import (
	"context"
	"fmt"

	"lectern/app/ingest"
)

func runImport(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("import", env)
	asNotes := fs.Bool("notes", false, "store Markdown files (an Obsidian vault, a notes folder) as standalone notes")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError{"import needs at least one file, folder or URL"}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()

	bar := newProgressBar(env.Stderr)
	summary, err := ingest.Import(ctx, db, rest, ingest.Options{
		MarkdownAsNotes: *asNotes,
		OnProgress:      func(p ingest.Progress) { bar.show(p.Done, p.Total, p.Current) },
		OnResult: func(r ingest.Result) {
			bar.clear()
			switch r.Outcome {
			case ingest.Imported:
				if r.NoteID != 0 {
					fmt.Fprintf(env.Stdout, "note %d\t%s\n", r.NoteID, oneLine(r.Title))
				} else {
					fmt.Fprintf(env.Stdout, "%d\t%s\n", r.ID, oneLine(r.Title))
				}
				if r.Err != nil {
					fmt.Fprintf(env.Stderr, "saved without its text (open it in the window to fetch it again): %s: %v\n", r.Source, r.Err)
				}
			default:
				fmt.Fprintf(env.Stderr, "%s: %s: %v\n", r.Outcome, r.Source, r.Err)
			}
		},
	})
	bar.clear()
	fmt.Fprintf(env.Stderr, "imported %d, duplicates %d, skipped %d, failed %d\n",
		summary.Imported, summary.Duplicates, summary.Skipped, summary.Failed)
	if err != nil {
		return err
	}
	if summary.Failed > 0 {
		return errReported
	}
	return nil
}
