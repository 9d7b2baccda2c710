package ui

import (
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"lectern/app/deeplink"
)

// OpenArgs opens, in the window Show built on w, what the app was started with or handed by
// a second launch: lectern:// links open their article or passage; files and folders (paths,
// or file:// addresses as a desktop's file manager passes them) and web pages are imported as
// a drop onto the window is. Call it on the UI goroutine. It reports whether w is such a
// window (false while the database is still opening, or could not be opened).
func OpenArgs(w fyne.Window, args []string) bool {
	ui := openWindows.get(w)
	if ui == nil {
		return false
	}
	ui.openArgs(args)
	return true
}

func (ui *window) openArgs(args []string) {
	var links, sources []string
	for _, arg := range args {
		switch {
		case hasScheme(arg, deeplink.Scheme):
			links = append(links, arg)
		case hasScheme(arg, "file"):
			u, err := url.Parse(arg)
			if err != nil || u.Path == "" || (u.Host != "" && u.Host != "localhost") {
				ui.status.set("Cannot open " + arg)
				continue
			}
			sources = append(sources, u.Path)
		case arg != "":
			sources = append(sources, arg)
		}
	}
	if len(links) == 0 && len(sources) == 0 {
		return
	}
	// At startup, wait for the library's first load, which reopens the last article: what was
	// asked for must open after it, not be replaced by it.
	ui.whenLoaded(func() {
		for _, link := range links {
			ui.openDeepLink(link)
		}
		if len(sources) > 0 {
			ui.importSources(sources)
		}
	}, int(loadPatience/loadPoll))
}

// whenLoaded runs f on the UI goroutine once the library has been loaded, or after tries
// polls regardless.
func (ui *window) whenLoaded(f func(), tries int) {
	if ui.library.all != nil || tries <= 0 {
		f()
		return
	}
	ui.background(func() {
		time.Sleep(loadPoll)
		ui.do(func() { ui.whenLoaded(f, tries-1) })
	})
}

const (
	loadPoll     = 50 * time.Millisecond
	loadPatience = 15 * time.Second
)

// hasScheme reports whether s is an address with the scheme (in any case).
func hasScheme(s, scheme string) bool {
	return len(s) > len(scheme) && s[len(scheme)] == ':' && strings.EqualFold(s[:len(scheme)], scheme)
}
