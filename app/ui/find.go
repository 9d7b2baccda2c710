package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/app/ui/readview"
)

// flashTime is how long a passage the reader jumped to stays marked.
const flashTime = 1500 * time.Millisecond

// findBar finds in the open article (Ctrl+F): every match is marked, Enter and Shift+Enter move
// between them, Esc closes the bar.
type findBar struct {
	r       *reader
	entry   *findEntry
	count   *widget.Label
	bar     *fyne.Container
	matches []readview.Tint
	current int
}

func newFindBar(r *reader) *findBar {
	f := &findBar{r: r, count: widget.NewLabel("")}
	f.entry = newFindEntry(f)
	f.entry.SetPlaceHolder("Find in article")
	f.entry.OnChanged = func(string) { f.search() }
	prev := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { f.step(-1) })
	next := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { f.step(1) })
	closeButton := widget.NewButtonWithIcon("", theme.CancelIcon(), f.close)
	for _, b := range []*widget.Button{prev, next, closeButton} {
		b.Importance = widget.LowImportance
	}
	f.bar = container.NewBorder(nil, nil, nil, container.NewHBox(f.count, prev, next, closeButton), f.entry)
	f.bar.Hide()
	return f
}

func (f *findBar) content() fyne.CanvasObject { return f.bar }

// open shows the bar with the selection, if any, as what to find.
func (f *findBar) open() {
	if f.r.article == nil {
		return
	}
	if sel := strings.TrimSpace(f.r.view.SelectedText()); sel != "" && !strings.Contains(sel, "\n") {
		f.entry.SetText(sel)
	}
	f.bar.Show()
	f.r.ui.win.Canvas().Focus(f.entry)
	f.search()
}

func (f *findBar) close() {
	if !f.bar.Visible() {
		return
	}
	f.bar.Hide()
	f.matches = nil
	f.r.view.SetMarks(nil, -1)
	f.r.ui.win.Canvas().Focus(f.r.view)
}

// search marks every match of the entry's text, case-insensitively, and makes the first one
// after the top of the view the current one.
func (f *findBar) search() {
	f.matches = findAll(f.r.view.Layout(), f.entry.Text)
	f.current = -1
	if len(f.matches) > 0 {
		f.current = 0
	}
	f.show()
}

func (f *findBar) step(d int) {
	if len(f.matches) == 0 {
		return
	}
	f.current = (f.current + d + len(f.matches)) % len(f.matches)
	f.show()
}

func (f *findBar) show() {
	c := theme.Color(theme.ColorNameSelection)
	for i := range f.matches {
		f.matches[i].Color = c
	}
	f.r.view.SetMarks(f.matches, f.current)
	switch {
	case f.entry.Text == "":
		f.count.SetText("")
	case len(f.matches) == 0:
		f.count.SetText("No matches")
	default:
		f.count.SetText(fmt.Sprintf("%d of %d", f.current+1, len(f.matches)))
	}
}

// findAll finds query in the text of every box that is in the body, ignoring case.
func findAll(lay *readview.Layout, query string) []readview.Tint {
	query = strings.ToLower(strings.TrimSpace(query))
	if lay == nil || query == "" {
		return nil
	}
	n := utf8.RuneCountInString(query)
	var out []readview.Tint
	for i := range lay.Boxes {
		b := &lay.Boxes[i]
		if b.Start() < 0 {
			continue
		}
		text := []rune(strings.ToLower(b.Text.String()))
		// Folding case can change a text's length in bytes, not (for these scripts) in runes:
		// search rune by rune.
		q := []rune(query)
		for j := 0; j+len(q) <= len(text); j++ {
			if string(text[j:j+len(q)]) == query {
				out = append(out, readview.Tint{Start: b.Start() + j, End: b.Start() + j + n})
				j += len(q) - 1
			}
		}
	}
	return out
}

// findEntry is the find bar's entry: Enter finds the next match, Shift+Enter the previous
// one, Esc closes the bar.
type findEntry struct {
	widget.Entry
	f     *findBar
	shift bool
}

func newFindEntry(f *findBar) *findEntry {
	e := &findEntry{f: f}
	e.ExtendBaseWidget(e)
	return e
}

func (e *findEntry) KeyDown(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = true
	}
	e.Entry.KeyDown(k)
}

func (e *findEntry) KeyUp(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		e.shift = false
	}
	e.Entry.KeyUp(k)
}

func (e *findEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.shift {
			e.f.step(-1)
		} else {
			e.f.step(1)
		}
	case fyne.KeyEscape:
		e.f.close()
	default:
		e.Entry.TypedKey(k)
	}
}
