package ui

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"lectern/app/deeplink"
	"lectern/app/ui/readview"
	"lectern/store"
)

// prefHighlightColor is the colour Ctrl+H highlights in: the last one the user chose.
const prefHighlightColor = "highlight.color"

// recolourTime is how long after Ctrl+H the keys 1–5 change the new highlight's colour.
const recolourTime = 4 * time.Second

func (ui *window) highlightColor() string {
	c := ui.app.Preferences().StringWithFallback(prefHighlightColor, store.HighlightColors[0])
	if !slices.Contains(store.HighlightColors, c) {
		return store.HighlightColors[0]
	}
	return c
}

// highlighted is told about a highlight just made: for a moment, 1–5 change its colour.
func (ui *window) highlighted(h store.Highlight) {
	ui.justHighlighted, ui.justHighlightedAt = h, time.Now()
	ui.status.set(fmt.Sprintf("Highlighted in %s. Press 1–5 now for another colour (%s).", h.Color, colourKeys()))
}

func colourKeys() string {
	keys := make([]string, len(store.HighlightColors))
	for i, c := range store.HighlightColors {
		keys[i] = fmt.Sprintf("%d %s", i+1, c)
	}
	return strings.Join(keys, ", ")
}

// colourKey changes the colour of the highlight just made when r is 1–5 soon after Ctrl+H;
// it says whether it took the key.
func (ui *window) colourKey(r rune) bool {
	i := int(r - '1')
	h := ui.justHighlighted
	if i < 0 || i >= len(store.HighlightColors) || h.ID == 0 || time.Since(ui.justHighlightedAt) > recolourTime {
		return false
	}
	ui.justHighlighted = store.Highlight{}
	ui.recolour(h, store.HighlightColors[i])
	return true
}

// recolour gives highlight h another colour, which becomes the one Ctrl+H uses next.
func (ui *window) recolour(h store.Highlight, c string) {
	ui.app.Preferences().SetString(prefHighlightColor, c)
	ui.background(func() {
		err := ui.db.SetHighlightColor(context.Background(), h.ID, c)
		ui.do(func() {
			if err != nil {
				ui.showError("Could not change the highlight's colour", err)
				return
			}
			if ui.article != nil && ui.article.ID == h.ArticleID {
				ui.notes.reload()
			}
			ui.status.set("Highlight coloured " + c + ".")
		})
	})
}

// chooseHighlightColor (Ctrl+Shift+H) highlights the selection in a colour picked from a menu.
func (ui *window) chooseHighlightColor() {
	if _, _, _, ok := ui.reader.view.Selection(); !ok {
		ui.status.set("Select a passage in the article first.")
		return
	}
	items := ui.colourItems("", func(c string) {
		ui.app.Preferences().SetString(prefHighlightColor, c)
		ui.highlightSelection()
	})
	size := ui.win.Canvas().Size()
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("Highlight in", items...), ui.win.Canvas(), fyne.NewPos(size.Width/2-80, size.Height/3))
}

// colourItems are menu items for the five colours, with a swatch, current checked.
func (ui *window) colourItems(current string, pick func(c string)) []*fyne.MenuItem {
	items := make([]*fyne.MenuItem, len(store.HighlightColors))
	for i, c := range store.HighlightColors {
		item := fyne.NewMenuItem(strings.ToUpper(c[:1])+c[1:], func() { pick(c) })
		item.Icon = swatch(c)
		item.Checked = c == current
		items[i] = item
	}
	return items
}

// swatch is a small disc of a highlight colour, opaque, for menus (a plain resource: a themed
// one would be painted in the theme's colour).
func swatch(name string) fyne.Resource {
	n := opaque(highlightColor(name)).(color.NRGBA)
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><circle cx="12" cy="12" r="8" fill="#%02x%02x%02x"/></svg>`, n.R, n.G, n.B)
	return fyne.NewStaticResource("swatch-"+name+".svg", []byte(svg))
}

// tintHovered says in the status bar what a highlight under the pointer holds.
func (ui *window) tintHovered(t readview.Tint, ok bool) {
	if !ok {
		ui.status.set("")
		return
	}
	for _, h := range ui.notes.highlights {
		if h.ID == t.ID {
			if c := strings.TrimSpace(h.Comment); c != "" {
				ui.status.set("Highlight: “" + truncate(c, 120) + "” (click for more)")
			} else {
				ui.status.set("Highlight (click to comment, change its colour, copy a link or delete it)")
			}
		}
	}
}

// tintTapped shows what can be done with the highlight the user clicked: its comment, its
// colour, a link to it, deleting it.
func (ui *window) tintTapped(t readview.Tint, at fyne.Position) {
	var h store.Highlight
	for _, x := range ui.notes.highlights {
		if x.ID == t.ID {
			h = x
		}
	}
	if h.ID == 0 {
		return
	}
	var items []*fyne.MenuItem
	if c := strings.TrimSpace(h.Comment); c != "" {
		label := fyne.NewMenuItem("“"+truncate(c, 60)+"”", nil)
		label.Disabled = true
		items = append(items, label, fyne.NewMenuItemSeparator())
	}
	colour := fyne.NewMenuItem("Colour", nil)
	colour.ChildMenu = fyne.NewMenu("", ui.colourItems(h.Color, func(c string) { ui.recolour(h, c) })...)
	items = append(items,
		colour,
		fyne.NewMenuItem("Comment…", func() { ui.focusComment(h.ID) }),
		fyne.NewMenuItem("Copy Link", func() {
			ui.app.Clipboard().SetContent(deeplink.Highlight(h.ID))
			ui.status.set("Copied the link to the highlight.")
		}),
		fyne.NewMenuItem("Copy Quote", func() { ui.app.Clipboard().SetContent(h.Quote) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Delete Highlight", func() { ui.trashHighlight(h) }),
	)
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), ui.win.Canvas(), at)
}

// openDeepLink opens a lectern:// link: an article, or a highlight's article at its passage.
func (ui *window) openDeepLink(link string) {
	kind, id, err := deeplink.Parse(link)
	if err != nil {
		ui.status.set("Not a Lectern link: " + link)
		return
	}
	ui.leaveReview() // what the link names replaces the review or the stats
	if kind == deeplink.KindArticle {
		ui.openArticle(id)
		return
	}
	ui.background(func() {
		h, err := ui.db.Highlight(context.Background(), id)
		ui.do(func() {
			if err != nil {
				ui.showError("Could not open the highlight", err)
				return
			}
			if h.Deleted.IsZero() {
				ui.openArticleThen(h.ArticleID, func() { ui.reader.showPassage(h.Start, h.End) })
				return
			}
			ui.openArticleThen(h.ArticleID, func() { ui.status.set("That highlight is in the Trash (Edit → Trash).") })
		})
	})
}

// focusComment shows the notes panel and puts the cursor in highlight id's comment.
func (ui *window) focusComment(id int64) {
	ui.panes.reveal(&ui.panes.notes)
	var found *commentEntry
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *commentEntry:
			if x.id == id {
				found = x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(ui.notes.highlightBox)
	if found != nil {
		ui.win.Canvas().Focus(found)
	}
}

func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
