package ui

import (
	"net/url"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// guardLinks makes the links of rendered Markdown (a note's preview) open through
// openNoteLink: left alone, Fyne hands any address, file:// and smb:// too, to the system's
// opener.
func (ui *window) guardLinks(segs []widget.RichTextSegment) {
	for _, s := range segs {
		switch s := s.(type) {
		case *widget.HyperlinkSegment:
			u, text := s.URL, s.Text
			s.OnTapped = func() { ui.openNoteLink(u, text) }
		case *widget.ParagraphSegment:
			ui.guardLinks(s.Texts)
		case *widget.ListSegment:
			ui.guardLinks(s.Items)
		case *widget.TableSegment:
			for _, cell := range s.Headers {
				ui.guardLinks(cell)
			}
			for _, row := range s.Rows {
				for _, cell := range row {
					ui.guardLinks(cell)
				}
			}
		}
	}
}

// openNoteLink opens a link of a note, saying its address first: a web address in the
// browser (the status bar says where), a mail address after asking, a lectern:// link inside
// the window. Nothing else is opened: a note may come from anywhere (an imported vault), and a
// file:// or smb:// link would run or fetch whatever it names.
func (ui *window) openNoteLink(u *url.URL, text string) {
	if u == nil {
		ui.status.set("Not opened: “" + text + "” is not an address.")
		return
	}
	addr := u.String()
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			break
		}
		ui.status.set("Opening " + addr)
		if err := ui.app.OpenURL(u); err != nil {
			ui.status.set("Could not open " + addr + ": " + err.Error())
		}
		return
	case "mailto":
		ui.show(dialog.NewConfirm("Write an email?", "Open your mail program to write to\n\n"+addr, func(ok bool) {
			if !ok {
				return
			}
			ui.status.set("Opening " + addr)
			if err := ui.app.OpenURL(u); err != nil {
				ui.status.set("Could not open " + addr + ": " + err.Error())
			}
		}, ui.win))
		return
	case "lectern":
		ui.status.set("Opening " + addr)
		ui.openDeepLink(addr)
		return
	}
	ui.status.set("Not opened (a note opens only web, mail and lectern:// links): " + addr)
}
