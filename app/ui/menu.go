package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
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

func (ui *window) mainMenu() *fyne.MainMenu {
	quit := menuItem("Quit", fyne.KeyQ, ui.quit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		menuItem("Import Files…", fyne.KeyO, ui.importFilesDialog),
		menuItem("Import Folder…", "", ui.importFolderDialog),
		menuItem("Import Web Page…", fyne.KeyL, ui.importURLDialog),
		fyne.NewMenuItemSeparator(),
		menuItem("Export Notes…", fyne.KeyE, ui.exportDialog),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	edit := fyne.NewMenu("Edit",
		menuItem("Search Everything…", fyne.KeyK, ui.openPalette),
		menuItem("New Note", fyne.KeyN, ui.notes.focusNotes),
		menuItem("Highlight Selection", fyne.KeyH, ui.highlightSelection),
	)
	article := fyne.NewMenu("Article",
		menuItem("Previous Article", fyne.KeyLeftBracket, func() { ui.library.step(-1) }),
		menuItem("Next Article", fyne.KeyRightBracket, func() { ui.library.step(1) }),
	)
	return fyne.NewMainMenu(file, edit, article)
}
