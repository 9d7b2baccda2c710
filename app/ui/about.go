package ui

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/app/version"
)

// aboutItem is Help → About Lectern.
func (ui *window) aboutItem() *fyne.MenuItem {
	return menuItem("About Lectern", "", ui.showAbout)
}

// openWindows maps the windows Show built to their parts, until their context ends.
var openWindows = &registry{byWin: map[fyne.Window]*window{}}

type registry struct {
	mu    sync.Mutex
	byWin map[fyne.Window]*window
}

func (r *registry) add(ui *window) {
	r.mu.Lock()
	r.byWin[ui.win] = ui
	r.mu.Unlock()
	if ui.ctx != nil {
		context.AfterFunc(ui.ctx, func() {
			r.mu.Lock()
			if r.byWin[ui.win] == ui {
				delete(r.byWin, ui.win)
			}
			r.mu.Unlock()
		})
	}
}

func (r *registry) get(w fyne.Window) *window {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byWin[w]
}

// showAbout shows the version, where the data lives (with a button that opens its folder)
// and the licence.
func (ui *window) showAbout() {
	content := ui.aboutContent()
	d := dialog.NewCustom("About Lectern", "Close", content, ui.win)
	d.Resize(fyne.NewSize(560, content.MinSize().Height+120))
	ui.show(d)
}

func (ui *window) aboutContent() *fyne.Container {
	title := widget.NewLabel("Lectern " + version.Version)
	title.TextStyle = fyne.TextStyle{Bold: true}
	title.SizeName = theme.SizeNameSubHeadingText
	blurb := widget.NewLabel("Read what you collect, and think about it in notes.")

	path := ui.db.Path()
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	where := widget.NewLabel("Your archive (articles, notes, highlights) is one file:")
	file := widget.NewLabel(path)
	file.Wrapping = fyne.TextWrapBreak
	file.TextStyle = fyne.TextStyle{Monospace: true}
	openFolder := widget.NewButtonWithIcon("Open Data Folder", theme.FolderOpenIcon(), func() {
		if err := ui.app.OpenURL(&url.URL{Scheme: "file", Path: filepath.Dir(path)}); err != nil {
			ui.showError("Could not open the folder", err)
		}
	})
	copyPath := widget.NewButtonWithIcon("Copy Path", theme.ContentCopyIcon(), func() {
		ui.app.Clipboard().SetContent(path)
		ui.status.set("Copied the database's path.")
	})
	backup := widget.NewLabel("To keep a copy while Lectern runs: lectern backup FILE.")
	backup.Wrapping = fyne.TextWrapWord
	licence := widget.NewLabel(fmt.Sprintf("Free software under the %s licence: use, copy, change and share it.", version.Licence))
	licence.Wrapping = fyne.TextWrapWord

	return container.NewVBox(title, blurb, widget.NewSeparator(),
		where, file, container.NewHBox(openFolder, copyPath), backup,
		widget.NewSeparator(), licence)
}
