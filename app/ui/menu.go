package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"lectern/store"
)

// shortcut is Ctrl+key (Cmd+key on macOS).
func shortcut(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// menuItem makes an item whose shortcut is shown in the menu and works anywhere in the window
// (the driver tries main-menu shortcuts before the focused widget's).
func menuItem(label string, key fyne.KeyName, action func()) *fyne.MenuItem {
	item := fyne.NewMenuItem(label, action)
	if key != "" {
		item.Shortcut = shortcut(key)
	}
	return item
}

// shiftMenuItem is menuItem with Ctrl+Shift+key (Cmd+Shift+key on macOS).
func shiftMenuItem(label string, key fyne.KeyName, action func()) *fyne.MenuItem {
	item := fyne.NewMenuItem(label, action)
	item.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	return item
}

// radioMenu is a menu of choices, the current one checked; choosing one calls pick with its value.
func radioMenu(labels, values []string, current string, pick func(string)) *fyne.Menu {
	items := make([]*fyne.MenuItem, len(labels))
	for i := range labels {
		item := fyne.NewMenuItem(labels[i], nil)
		item.Checked = values[i] == current
		item.Action = func() {
			for _, other := range items {
				other.Checked = other == item
			}
			pick(values[i])
		}
		items[i] = item
	}
	return fyne.NewMenu("", items...)
}

// undo takes back the last typing in the text field with the focus (Ctrl+Z), or, outside a
// text field, the action the status bar offers to undo.
func (ui *window) undo() {
	if u, ok := ui.win.Canvas().Focused().(interface{ Undo() }); ok {
		u.Undo()
		return
	}
	if ui.status.undo.Visible() && ui.status.undo.OnTapped != nil {
		ui.status.undo.OnTapped()
	}
}

// redo does again what undo took back in the focused text field (Ctrl+Shift+Z, Ctrl+Y).
func (ui *window) redo() {
	if r, ok := ui.win.Canvas().Focused().(interface{ Redo() }); ok {
		r.Redo()
	}
}

func (ui *window) mainMenu() *fyne.MainMenu {
	quit := menuItem("Quit", fyne.KeyQ, ui.quit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		menuItem("Import Files…", fyne.KeyO, ui.importFilesDialog),
		menuItem("Import Folder…", "", ui.importFolderDialog),
		menuItem("Import Notes Folder (Obsidian Vault)…", "", ui.importNotesFolderDialog),
		menuItem("Import Web Page…", fyne.KeyL, ui.importURLDialog),
		fyne.NewMenuItemSeparator(),
		menuItem("Export Notes…", fyne.KeyE, ui.exportDialog),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	undo := fyne.NewMenuItem("Undo", ui.undo)
	undo.Shortcut = &fyne.ShortcutUndo{}
	edit := fyne.NewMenu("Edit",
		undo,
		shiftMenuItem("Redo", fyne.KeyZ, ui.redo),
		fyne.NewMenuItemSeparator(),
		menuItem("Search Everything…", fyne.KeyK, ui.openPalette),
		menuItem("New Note", fyne.KeyN, func() {
			ui.panes.reveal(&ui.panes.notes)
			ui.notes.focusNotes()
		}),
		shiftMenuItem("Open Note in Editor", fyne.KeyN, ui.editNoteWide),
		menuItem("Standalone Notes", "", ui.openStandaloneNotes),
		menuItem("Highlight Selection", fyne.KeyH, ui.highlightSelection),
		shiftMenuItem("Highlight in Colour…", fyne.KeyH, ui.chooseHighlightColor),
		menuItem("Find in Article…", fyne.KeyF, ui.reader.find.open),
		fyne.NewMenuItemSeparator(),
		menuItem("Copy Notes as Markdown", "", ui.copyAsMarkdown),
		menuItem("Trash…", "", ui.showTrash),
	)
	article := fyne.NewMenu("Article",
		menuItem("Previous Article", fyne.KeyLeftBracket, func() { ui.library.step(-1) }),
		menuItem("Next Article", fyne.KeyRightBracket, func() { ui.library.step(1) }),
		fyne.NewMenuItemSeparator(),
		menuItem("Mark Done", fyne.KeyD, func() { ui.setStatus(store.Done) }),
		menuItem("Archive", "", func() { ui.setStatus(store.Archived) }),
		menuItem("Mark Unread", "", func() { ui.setStatus(store.Unread) }),
		menuItem("Edit Tags…", fyne.KeyT, ui.editTags),
		menuItem("Rename…", "", ui.renameArticle),
		fyne.NewMenuItemSeparator(),
		menuItem("Fetch Images Again", "", ui.refetchImages),
		fyne.NewMenuItemSeparator(),
		menuItem("Delete (Move to Trash)", "", func() {
			if ui.article != nil {
				ui.trashArticle(ui.article.ID)
			}
		}),
	)
	themes := make([]*fyne.MenuItem, len(themeModes))
	current := ui.app.Preferences().StringWithFallback(prefThemeMode, "system")
	for i, mode := range themeModes {
		label := map[string]string{"system": "Follow the System", "light": "Light", "dark": "Dark", "sepia": "Sepia"}[mode]
		item := fyne.NewMenuItem(label, nil)
		item.Checked = mode == current
		item.Action = func() {
			for _, other := range themes {
				other.Checked = other == item
			}
			ui.setThemeMode(mode)
		}
		themes[i] = item
	}
	ui.focusItem = shiftMenuItem("Focus Mode", fyne.KeyF, ui.toggleFocusMode)
	ui.focusItem.Checked = ui.panes.focus
	themeItem := fyne.NewMenuItem("Theme", nil)
	themeItem.ChildMenu = fyne.NewMenu("", themes...)
	prefs := ui.app.Preferences()
	fontItem := fyne.NewMenuItem("Reading Font", nil)
	fontItem.ChildMenu = radioMenu([]string{"Sans-serif", "Serif"}, []string{"sans", "serif"},
		prefs.StringWithFallback(prefReaderFont, "sans"), ui.setReadingFont)
	widthItem := fyne.NewMenuItem("Line Width", nil)
	var widthLabels, widthValues []string
	for _, m := range readingMeasures {
		widthLabels = append(widthLabels, m.label)
		widthValues = append(widthValues, fmt.Sprint(m.measure))
	}
	widthItem.ChildMenu = radioMenu(widthLabels, widthValues, fmt.Sprint(ui.reader.measure()), func(v string) {
		for _, m := range readingMeasures {
			if fmt.Sprint(m.measure) == v {
				ui.setReadingMeasure(m.measure)
			}
		}
	})
	view := fyne.NewMenu("View",
		menuItem("Larger Text", fyne.KeyEqual, func() { ui.zoom(0.1) }),
		menuItem("Smaller Text", fyne.KeyMinus, func() { ui.zoom(-0.1) }),
		menuItem("Normal Text Size", fyne.Key0, func() { ui.zoom(0) }),
		fyne.NewMenuItemSeparator(),
		menuItem("Go to Library Filter", fyne.Key1, func() {
			ui.panes.reveal(&ui.panes.library)
			ui.win.Canvas().Focus(ui.library.query)
		}),
		menuItem("Go to Article List", fyne.Key2, func() {
			ui.panes.reveal(&ui.panes.library)
			ui.win.Canvas().Focus(ui.library.list)
		}),
		menuItem("Go to Reader", fyne.Key4, func() { ui.win.Canvas().Focus(ui.reader.view) }),
		menuItem("Go to Notes", fyne.Key3, func() {
			ui.panes.reveal(&ui.panes.notes)
			ui.notes.focusNotes()
		}),
		fyne.NewMenuItemSeparator(),
		menuItem("Show or Hide Library", fyne.KeyBackslash, ui.toggleLibrary),
		shiftMenuItem("Show or Hide Notes", fyne.KeyBackslash, ui.toggleNotes),
		ui.focusItem,
		fyne.NewMenuItemSeparator(),
		menuItem("Daily Review", fyne.KeyR, ui.showReview),
		shiftMenuItem("Stats", fyne.KeyR, ui.showStats),
		fyne.NewMenuItemSeparator(),
		themeItem,
		fontItem,
		widthItem,
	)
	help := fyne.NewMenu("Help",
		menuItem("Keyboard Shortcuts", "", ui.showShortcuts),
		ui.aboutItem(),
	)
	return fyne.NewMainMenu(file, edit, article, view, help)
}
