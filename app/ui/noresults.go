package ui

import (
	"strings"

	"fyne.io/fyne/v2/widget"
)

// showNoResults shows "No results" in label when empty, with a hint: the filters in use (the
// query's, and narrowed, the window's own) or the words the query may have meant. The hint is
// asked of the search engine in the background (its lock may wait on the database) and added
// if the label still says the same.
func (ui *window) showNoResults(label *widget.Label, query string, empty bool, narrowed string) {
	if !empty || strings.TrimSpace(query) == "" && narrowed == "" {
		label.Hide()
		return
	}
	tail := ""
	if narrowed != "" {
		tail = " The list shows only " + narrowed + "."
	}
	shown := "No results." + tail
	label.SetText(shown)
	label.Show()
	if strings.TrimSpace(query) == "" {
		return
	}
	ui.background(func() {
		hint := ui.engine.NoResultsHint(query)
		if hint == "" {
			return
		}
		ui.do(func() {
			if label.Visible() && label.Text == shown {
				label.SetText("No results. " + hint + tail)
			}
		})
	})
}
