package ui

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/store"
)

// A note's preview shows its [[links]] as links: a click opens the article, note or highlight
// it leads to. A link to nothing is shown as unresolved (in the placeholder colour) with a
// "create" link beside it that makes the note.

// wikilinkScheme marks the links the preview makes of [[links]]: wikilink:N is the note's Nth.
const wikilinkScheme = "lectern-wikilink"

// notePreview is the rendered Markdown of a note, its [[links]] resolved off the UI goroutine.
type notePreview struct {
	ui         *window
	rt         *widget.RichText
	text       string
	links      []store.Wikilink
	unresolved map[string]bool // the links (as written) known to lead nowhere
	seq        int
}

func newNotePreview(ui *window, rt *widget.RichText) *notePreview {
	return &notePreview{ui: ui, rt: rt, unresolved: map[string]bool{}}
}

// set shows text, then finds out which of its links lead nowhere and shows them so.
func (p *notePreview) set(text string) {
	p.text = text
	p.render()
	p.resolve()
}

// render shows the text with what is known of its links.
func (p *notePreview) render() {
	md, ls := wikiMarkdown(p.text)
	p.links = ls
	p.rt.ParseMarkdown(md)
	p.ui.guardLinks(p.rt.Segments)
	p.rt.Segments = p.wire(p.rt.Segments)
	p.rt.Refresh()
}

// wire makes the preview's [[links]] open what they lead to, and shows the unresolved ones
// as plain text followed by a link that creates the note.
func (p *notePreview) wire(segs []widget.RichTextSegment) []widget.RichTextSegment {
	out := make([]widget.RichTextSegment, 0, len(segs))
	for _, s := range segs {
		switch s := s.(type) {
		case *widget.HyperlinkSegment:
			if s.URL == nil || s.URL.Scheme != wikilinkScheme {
				break
			}
			i, err := strconv.Atoi(s.URL.Opaque)
			if err != nil || i < 0 || i >= len(p.links) {
				break
			}
			l := p.links[i]
			if p.unresolved[p.text[l.Start:l.End]] {
				out = append(out, &widget.TextSegment{Text: s.Text, Style: widget.RichTextStyle{
					Inline: true, ColorName: theme.ColorNamePlaceHolder, TextStyle: s.TextStyle}})
				out = append(out, &widget.HyperlinkSegment{Text: " (create)", Alignment: s.Alignment,
					OnTapped: func() { p.ui.createLinkedNote(l.Target) }})
				continue
			}
			s.OnTapped = func() { p.ui.followWikilink(l) }
		case *widget.ParagraphSegment:
			s.Texts = p.wire(s.Texts)
		case *widget.ListSegment:
			s.Items = p.wire(s.Items)
		case *widget.TableSegment:
			for i := range s.Headers {
				s.Headers[i] = p.wire(s.Headers[i])
			}
			for _, row := range s.Rows {
				for i := range row {
					row[i] = p.wire(row[i])
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// resolve finds, off the UI goroutine, which links lead nowhere, and renders again when that
// changed.
func (p *notePreview) resolve() {
	p.seq++
	seq, text := p.seq, p.text
	ls := store.ParseWikilinks(text)
	if len(ls) == 0 {
		p.unresolved = map[string]bool{}
		return
	}
	ui := p.ui
	ui.background(func() {
		unresolved := map[string]bool{}
		for _, l := range ls {
			if l.Embed {
				continue // an attachment, not a page
			}
			if _, ok, err := ui.db.ResolveLink(context.Background(), l); err == nil && !ok {
				unresolved[text[l.Start:l.End]] = true
			}
		}
		ui.do(func() {
			if seq != p.seq || maps.Equal(unresolved, p.unresolved) {
				return
			}
			p.unresolved = unresolved
			p.render()
		})
	})
}

// wikiMarkdown turns the [[links]] of a note's Markdown into Markdown links the preview
// shows (wikilink:N for the Nth link), and returns the links.
func wikiMarkdown(text string) (string, []store.Wikilink) {
	ls := store.ParseWikilinks(text)
	if len(ls) == 0 {
		return text, nil
	}
	var b strings.Builder
	last := 0
	for i, l := range ls {
		b.WriteString(text[last:l.Start])
		label := l.Text()
		if l.Block != "" && l.Shown == "" {
			label = l.Target + " (passage)"
		}
		if l.Embed {
			b.WriteString("!") // left as written: an attachment
			b.WriteString(text[l.Start+1 : l.End])
		} else {
			fmt.Fprintf(&b, "[%s](%s:%d)", escapeLinkLabel(label), wikilinkScheme, i)
		}
		last = l.End
	}
	b.WriteString(text[last:])
	return b.String(), ls
}

func escapeLinkLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, "*", `\*`, "_", `\_`, "`", "\\`").Replace(s)
}

// followWikilink opens what a [[link]] leads to: an article, a note (in the editor in the
// middle pane) or a highlight's passage; a link to nothing offers to create the note.
func (ui *window) followWikilink(l store.Wikilink) {
	ui.background(func() {
		target, ok, err := ui.db.ResolveLink(context.Background(), l)
		ui.do(func() {
			switch {
			case err != nil:
				ui.showError("Could not follow the link", err)
			case !ok:
				ui.createLinkedNote(l.Target)
			default:
				ui.openLinkTarget(target)
			}
		})
	})
}

// openLinkTarget opens what a link leads to.
func (ui *window) openLinkTarget(t store.LinkTarget) {
	switch t.Kind {
	case "article":
		ui.leaveReview()
		ui.openArticle(t.ID)
	case "note":
		ui.openNote(t.ID)
	case "highlight":
		ui.openDeepLink(fmt.Sprintf("lectern://highlight/%d", t.ID))
	}
}

// createLinkedNote asks, then makes a standalone note called title (a link led nowhere) and
// opens it in the editor.
func (ui *window) createLinkedNote(title string) {
	title = strings.TrimSpace(title)
	if title == "" {
		return
	}
	ui.show(dialog.NewConfirm("Create the note?", fmt.Sprintf("No article or note is called “%s”. Create a note called so?", title),
		func(ok bool) {
			if ok {
				ui.newNamedNote(title)
			}
		}, ui.win))
}

// newNamedNote stores a standalone note whose first line is "# title" and opens it.
func (ui *window) newNamedNote(title string) {
	ui.background(func() {
		n, err := ui.db.AddNote(context.Background(), 0, "# "+title+"\n\n")
		if err == nil {
			ui.engine.Invalidate()
			ui.namesChanged()
		}
		ui.do(func() {
			if err != nil {
				ui.showError("Could not create the note", err)
				return
			}
			ui.status.set("Created the note “" + title + "”.")
			ui.library.refreshCounts()
			ui.notes.reload()
			ui.openNote(n.ID)
		})
	})
}
