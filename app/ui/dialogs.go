package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Dialogs close with Esc, and a form submits with Enter, as on every desktop.

// show shows d and remembers it, so Esc can close it.
func (ui *window) show(d dialog.Dialog) {
	ui.dialog = d
	d.SetOnClosed(func() {
		if ui.dialog == d {
			ui.dialog = nil
		}
	})
	d.Show()
}

// typedKey handles keys that reach the window with no widget focused.
func (ui *window) typedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && ui.dialog != nil {
		ui.dialog.Hide()
	}
}

// formEntry is a one-line entry for form dialogs: Enter submits the form, Esc cancels it.
type formEntry struct {
	widget.Entry
	form *dialog.FormDialog
}

func newFormEntry() *formEntry {
	e := &formEntry{}
	e.ExtendBaseWidget(e)
	e.OnSubmitted = func(string) {
		if e.form != nil {
			e.form.Submit()
		}
	}
	return e
}

func (e *formEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.form != nil {
		e.form.Hide()
		return
	}
	e.Entry.TypedKey(k)
}

// showForm shows a one-entry form dialog and focuses its entry.
func (ui *window) showForm(title, confirm string, label string, entry *formEntry, size fyne.Size, done func()) {
	d := dialog.NewForm(title, confirm, "Cancel", []*widget.FormItem{widget.NewFormItem(label, entry)},
		func(ok bool) {
			if ok {
				done()
			}
		}, ui.win)
	entry.form = d
	d.Resize(size)
	ui.show(d)
	ui.win.Canvas().Focus(entry)
}
