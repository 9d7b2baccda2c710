package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"lectern/app/ingest"
	"lectern/store"
)

func runImport(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("import", env)
	asNotes := fs.Bool("notes", false, "store Markdown files (an Obsidian vault, a notes folder) as standalone notes")
	retry := fs.Bool("retry", false, "fetch again the saved links that could not be fetched before")
	images := fs.Bool("images", false, "fetch again the images of the articles given by id (of every article with none stored when no id is given)")
	noImages := fs.Bool("no-images", false, "do not fetch or keep the articles' images")
	noFetch := fs.Bool("no-fetch", false, "store the links of reading lists and exports without fetching them (--retry fetches them later)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *retry {
		return retryFetches(ctx, env, *dbPath)
	}
	if *images {
		return refetchImages(ctx, env, *dbPath, rest)
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
		NoImages:        *noImages,
		NoFetch:         *noFetch,
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
				if s := mergedLine(r.Merged, false); s != "" {
					fmt.Fprintf(env.Stderr, "%d: %s\n", r.ID, s)
				}
				if r.Err != nil {
					fmt.Fprintf(env.Stderr, "saved without its text (lectern import --retry fetches it again): %s: %s\n", printable(r.Source), printable(r.Err.Error()))
				}
				if s := r.Images.String(); s != "" {
					fmt.Fprintf(env.Stderr, "%d: %s\n", r.ID, s)
				}
			case ingest.Duplicate:
				if s := mergedLine(r.Merged, true); s != "" {
					fmt.Fprintf(env.Stdout, "%d\t%s\t(merged: %s)\n", r.ID, oneLine(r.Title), s)
					return
				}
				fallthrough
			default:
				fmt.Fprintf(env.Stderr, "%s: %s: %s\n", r.Outcome, printable(r.Source), printable(fmt.Sprint(r.Err)))
			}
		},
	})
	bar.clear()
	notTried := ""
	if summary.NotTried > 0 {
		notTried = fmt.Sprintf(", not tried %d", summary.NotTried)
	}
	merged := ""
	if summary.Merged > 0 {
		merged = fmt.Sprintf(", merged %d", summary.Merged)
	}
	added := ""
	if s := mergedLine(summary.Added, false); s != "" {
		added = "; " + s
	}
	fmt.Fprintf(env.Stderr, "imported %d%s, duplicates %d, skipped %d, failed %d%s%s%s\n",
		summary.Imported, merged, summary.Duplicates-summary.Merged, summary.Skipped, summary.Failed, notTried, added, imagesLine(summary.Images))
	if errors.Is(err, context.Canceled) {
		return errors.New("interrupted; what was imported before stays")
	}
	if err != nil {
		return err
	}
	if summary.Failed > 0 {
		return errReported
	}
	return nil
}

// mergedLine says what an import added to an article: "highlights 3 (2 placed), notes 1";
// with existing, also the tags, the archived status and the text.
func mergedLine(m store.Merged, existing bool) string {
	var parts []string
	if m.Highlights > 0 {
		parts = append(parts, fmt.Sprintf("highlights %d (%d placed)", m.Highlights, m.Placed))
	} else if m.Text && m.Placed > 0 {
		parts = append(parts, fmt.Sprintf("text added, %d highlights placed", m.Placed))
	}
	if m.Comments > 0 {
		parts = append(parts, fmt.Sprintf("comments %d", m.Comments))
	}
	if m.Notes > 0 {
		parts = append(parts, fmt.Sprintf("notes %d", m.Notes))
	}
	if existing {
		if m.Tags > 0 {
			parts = append(parts, fmt.Sprintf("tags %d", m.Tags))
		}
		if m.Archived {
			parts = append(parts, "archived")
		}
		if m.Text && m.Placed == 0 {
			parts = append(parts, "text added")
		}
	}
	return strings.Join(parts, ", ")
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
	var images ingest.ImageReport
	for _, a := range waiting {
		if ctx.Err() != nil {
			break // interrupted: the summary says how far it came
		}
		page, err := ingest.Fetch(ctx, a.Source, ingest.Options{})
		if err == nil {
			page.ID = a.ID
			err = db.UpdateArticleText(ctx, page)
		}
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "still failing: %s: %s\n", printable(a.Source), printable(err.Error()))
			continue
		}
		fetched++
		fmt.Fprintf(env.Stdout, "%d\t%s\n", a.ID, oneLine(page.Title))
		// The page's images come with its text.
		report, err := ingest.RefetchImagesReport(ctx, db, a.ID, ingest.Options{})
		if err != nil {
			fmt.Fprintf(env.Stderr, "%d: images not fetched: %s\n", a.ID, printable(err.Error()))
		} else if s := report.String(); s != "" {
			fmt.Fprintf(env.Stderr, "%d: %s\n", a.ID, s)
		}
		images.Add(report)
	}
	fmt.Fprintf(env.Stderr, "fetched %d, still failing %d%s\n", fetched, failed, imagesLine(images))
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// imagesLine is the images' part of a summary line: "; images kept 3, skipped 2 (...)".
func imagesLine(r ingest.ImageReport) string {
	if r.Kept == 0 && r.Skipped == 0 {
		return ""
	}
	return "; " + r.String()
}

// refetchImages fetches or reads again the images of the articles given by id, or of every
// article whose Markdown shows images but has none stored.
func refetchImages(ctx context.Context, env Env, dbPath string, args []string) error {
	var ids []int64
	for _, arg := range args {
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || id <= 0 {
			return usageError{fmt.Sprintf("%q is not an article id", arg)}
		}
		ids = append(ids, id)
	}
	db, err := openDB(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if len(args) == 0 {
		if ids, err = db.ArticlesWithoutImages(ctx); err != nil {
			return err
		}
	}
	var total ingest.ImageReport
	failed := 0
	bar := newProgressBar(env.Stderr)
	for i, id := range ids {
		bar.show(i, len(ids), strconv.FormatInt(id, 10))
		report, err := ingest.RefetchImagesReport(ctx, db, id, ingest.Options{})
		bar.clear()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "failed: %d: %s\n", id, printable(err.Error()))
			continue
		}
		total.Add(report)
		line := report.String()
		if line == "" {
			line = "no images missing"
		}
		fmt.Fprintf(env.Stdout, "%d\t%s\n", id, line)
	}
	fmt.Fprintf(env.Stderr, "articles %d, failed %d; images kept %d, skipped %d%s\n",
		len(ids)-failed, failed, total.Kept, total.Skipped, reasonsOf(total))
	if failed > 0 {
		return errReported
	}
	return nil
}

func reasonsOf(r ingest.ImageReport) string {
	if r.Skipped == 0 {
		return ""
	}
	s := r.String()
	if i := strings.Index(s, " ("); i >= 0 {
		return s[i:]
	}
	return ""
}
