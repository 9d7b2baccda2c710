package cli

import (
	"context"
	"fmt"

	"lectern/app/ingest"
	"lectern/store"
)

func runImport(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("import", env)
	asNotes := fs.Bool("notes", false, "store Markdown files (an Obsidian vault, a notes folder) as standalone notes")
	retry := fs.Bool("retry", false, "fetch again the saved links that could not be fetched before")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *retry {
		return retryFetches(ctx, env, *dbPath)
	}
	if len(rest) == 0 {
		return usageError{"import needs at least one file, folder or URL (or --retry)"}
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
					fmt.Fprintf(env.Stderr, "saved without its text (lectern import --retry fetches it again): %s: %v\n", r.Source, r.Err)
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

// retryFetches fetches again every saved link stored without its text.
func retryFetches(ctx context.Context, env Env, dbPath string) error {
	db, err := openDB(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	var waiting []*store.Article
	err = db.EachArticle(ctx, func(a *store.Article) error {
		if a.FetchError != "" {
			waiting = append(waiting, a)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fetched, failed := 0, 0
	for _, a := range waiting {
		page, err := ingest.Fetch(ctx, a.Source, ingest.Options{})
		if err == nil {
			page.ID = a.ID
			err = db.UpdateArticleText(ctx, page)
		}
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "still failing: %s: %v\n", a.Source, err)
			continue
		}
		fetched++
		fmt.Fprintf(env.Stdout, "%d\t%s\n", a.ID, oneLine(page.Title))
	}
	fmt.Fprintf(env.Stderr, "fetched %d, still failing %d\n", fetched, failed)
	if failed > 0 {
		return errReported
	}
	return nil
}
