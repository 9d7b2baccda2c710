package ui

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"lectern/app/ingest"
	"lectern/store"
)

func (ui *window) importFilesDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			ui.showError("Could not open the file", err)
			return
		}
		if r == nil {
			return
		}
		r.Close()
		ui.importSources([]string{r.URI().Path()})
	}, ui.win)
	d.Show()
}

func (ui *window) importFolderDialog() { ui.folderDialog(false) }

// importNotesFolderDialog imports a folder of Markdown notes (an Obsidian vault, say) as
// standalone notes rather than articles.
func (ui *window) importNotesFolderDialog() { ui.folderDialog(true) }

func (ui *window) folderDialog(asNotes bool) {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			ui.showError("Could not open the folder", err)
			return
		}
		if l == nil {
			return
		}
		ui.importWith([]string{l.Path()}, asNotes)
	}, ui.win)
	d.Show()
}

func (ui *window) importURLDialog() {
	entry := newFormEntry()
	entry.SetPlaceHolder("https://…")
	if clip := strings.TrimSpace(ui.app.Clipboard().Content()); isWebURL(clip) {
		entry.SetText(clip)
	}
	entry.Validator = func(s string) error {
		if !isWebURL(strings.TrimSpace(s)) {
			return fmt.Errorf("enter a web address starting with http:// or https://")
		}
		return nil
	}
	ui.showForm("Import a web page", "Import", "Address", entry, fyne.NewSize(520, 160), func() {
		ui.importSources([]string{strings.TrimSpace(entry.Text)})
	})
}

func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// pasted imports the web page whose address was pasted onto the window.
func (ui *window) pasted(text string) {
	text = strings.TrimSpace(text)
	if !isWebURL(text) {
		ui.status.set("Paste a web address (https://…) to import the page.")
		return
	}
	ui.importSources([]string{text})
}

// dropped imports the files and folders dropped onto the window.
func (ui *window) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		} else {
			paths = append(paths, u.String())
		}
	}
	if len(paths) > 0 {
		ui.importSources(paths)
	}
}

// importSources imports in the background with a progress bar; the library updates when done.
func (ui *window) importSources(sources []string) { ui.importWith(sources, false) }

func (ui *window) importWith(sources []string, markdownAsNotes bool) {
	var openBefore int64
	if ui.article != nil {
		openBefore = ui.article.ID
	}
	ctx, cancel := context.WithCancel(context.Background())
	ui.status.startWork(cancel)
	var failures []string
	var lastID int64
	withoutText := 0
	ui.background(func() {
		summary, err := ingest.Import(ctx, ui.db, sources, ingest.Options{
			MarkdownAsNotes: markdownAsNotes,
			OnProgress: func(p ingest.Progress) {
				ui.do(func() { ui.status.workProgress(p.Done, p.Total, p.Current) })
			},
			OnResult: func(r ingest.Result) {
				switch r.Outcome {
				case ingest.Imported:
					lastID = r.ID
					if r.Err != nil { // a saved link that could not be fetched: kept to retry
						withoutText++
					}
				case ingest.Failed:
					failures = append(failures, fmt.Sprintf("%s: %v", r.Source, r.Err))
				}
			},
		})
		cancel()
		ui.engine.Invalidate()
		ui.do(func() {
			text := fmt.Sprintf("Imported %d, duplicates %d, skipped %d, failed %d.",
				summary.Imported, summary.Duplicates, summary.Skipped, summary.Failed)
			if withoutText > 0 {
				text += fmt.Sprintf(" %d saved links could not be fetched yet; open one to fetch it again.", withoutText)
			}
			ui.status.endWork(text)
			if err != nil {
				ui.showError("Import stopped", err)
			} else if len(failures) > 0 {
				ui.showFailures(text, failures)
			}
			ui.library.reload(func() {
				// Open what came in, unless the user moved on or is writing meanwhile.
				var openNow int64
				if ui.article != nil {
					openNow = ui.article.ID
				}
				_, writing := ui.win.Canvas().Focused().(*noteEditor)
				if lastID != 0 && openNow == openBefore && !writing {
					ui.openArticle(lastID)
				}
			})
		})
	})
}

func (ui *window) showFailures(summary string, failures []string) {
	const most = 20
	text := strings.Join(failures[:min(len(failures), most)], "\n")
	if len(failures) > most {
		text += fmt.Sprintf("\n… and %d more", len(failures)-most)
	}
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	ui.show(dialog.NewCustom(summary, "Close", label, ui.win))
}

// refetch fetches a saved link again and, when it works, stores its text in the article.
// refetchImages fetches again the images of the open article that are not stored (it was
// imported before Lectern kept images, or they could not be had then).
func (ui *window) refetchImages() {
	a := ui.article
	if a == nil {
		return
	}
	ui.status.set("Fetching the article's images…")
	id := a.ID
	ui.background(func() {
		report, err := ingest.RefetchImagesReport(ui.ctx, ui.db, id, ingest.Options{})
		ui.do(func() {
			if err != nil {
				ui.status.set("Could not fetch the images: " + err.Error())
				return
			}
			if s := report.String(); s != "" {
				ui.status.set("Images: " + s + ".")
			} else {
				ui.status.set("The article has no images left to fetch.")
			}
			if ui.article != nil && ui.article.ID == id && report.Kept > 0 {
				ui.reader.images.load(ui.reader.view)
			}
		})
	})
}

func (ui *window) refetch(a *store.Article) {
	ui.status.set("Fetching " + a.Source + "…")
	source, id := a.Source, a.ID
	ui.background(func() {
		fetched, err := ingest.Fetch(context.Background(), source, ingest.Options{})
		var images ingest.ImageReport
		if err == nil {
			fetched.ID = id
			fetched.FetchError = ""
			err = ui.db.UpdateArticleText(context.Background(), fetched)
		}
		if err == nil {
			images, _ = ingest.RefetchImagesReport(ui.ctx, ui.db, id, ingest.Options{})
		}
		ui.engine.Invalidate()
		ui.do(func() {
			if err != nil {
				ui.status.set("Still could not fetch it: " + err.Error())
				return
			}
			if s := images.String(); s != "" {
				ui.status.set("Fetched; " + s + ".")
			} else {
				ui.status.set("Fetched.")
			}
			if ui.article != nil && ui.article.ID == id {
				ui.article = nil
				ui.openArticle(id)
			}
			ui.library.refreshCounts()
		})
	})
}
