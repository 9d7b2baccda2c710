package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"lectern/app/export"
)

const prefExportFolder = "export.folder"

// exportDialog asks for a folder (remembering the last one) and exports in the background.
func (ui *window) exportDialog() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			ui.showError("Could not open the folder", err)
			return
		}
		if l == nil {
			return
		}
		ui.app.Preferences().SetString(prefExportFolder, l.Path())
		ui.exportTo(l.Path())
	}, ui.win)
	if last := ui.app.Preferences().String(prefExportFolder); last != "" {
		if uri, err := storage.ListerForURI(storage.NewFileURI(last)); err == nil {
			d.SetLocation(uri)
		}
	}
	d.Show()
}

func (ui *window) exportTo(folder string) {
	ctx, cancel := context.WithCancel(context.Background())
	ui.status.startWork(cancel)
	ui.background(func() {
		ui.saver.Flush() // what was typed last is exported too
		ui.commentSaver.Flush()
		summary, err := export.Run(ctx, ui.db, export.Options{
			Out: folder,
			OnProgress: func(done, total int, current string) {
				ui.do(func() { ui.status.workProgress(done, total, current) })
			},
		})
		cancel()
		ui.do(func() {
			if err != nil {
				ui.status.endWork("Export failed.")
				ui.showError("Export failed", err)
				return
			}
			text := fmt.Sprintf("Exported to %s: %d written, %d unchanged, %d conflicts.",
				folder, summary.Written, summary.Unchanged, summary.Conflicts)
			ui.status.endWork(text)
			if summary.Conflicts > 0 {
				dialog.ShowInformation("Export finished with conflicts",
					fmt.Sprintf("%d files were edited since the last export; the new versions were written beside them.", summary.Conflicts), ui.win)
			}
		})
	})
}
