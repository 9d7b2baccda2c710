package ui

import (
	"strings"

	"fyne.io/fyne/v2/widget"

	"lectern/app/search"
)

// showNoResults shows "No results" in label when empty, with a hint: the filters in use (the
// query's, and narrowed, the window's own) or the words the query may have meant. The hint
// reads only what the search engine holds in memory.
func showNoResults(label *widget.Label, engine *search.Engine, query string, empty bool, narrowed string) {
	if !empty || strings.TrimSpace(query) == "" && narrowed == "" {
		label.Hide()
		return
	}
	text := "No results."
	if hint := engine.NoResultsHint(query); hint != "" {
		text += " " + hint
	}
	if narrowed != "" {
		text += " The list shows only " + narrowed + "."
	}
	label.SetText(text)
	label.Show()
}
