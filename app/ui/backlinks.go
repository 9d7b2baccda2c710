package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"lectern/store"
)

// backlinksBox is "Linked from": the notes and highlights' comments that link to an article
// or a note, each with the sentence around its link; a click opens it. It hides itself when
// nothing links there.
type backlinksBox struct {
	ui    *window
	box   *fyne.Container
	rows  *fyne.Container
	head  *widget.Label
	links []store.Backlink // what it shows (tests)
	seq   int
	// changed, if set, is told whether anything links (the wide editor shows the box or not).
	changed func(any bool)
}

func newBacklinksBox(ui *window) *backlinksBox {
	b := &backlinksBox{ui: ui, rows: container.NewVBox()}
	b.head = widget.NewLabel("Linked from")
	b.head.TextStyle = fyne.TextStyle{Bold: true}
	b.box = container.NewVBox(widget.NewSeparator(), b.head, b.rows)
	b.box.Hide()
	return b
}

// load reads, off the UI goroutine, what links to article articleID or (articleID 0) to note
// noteID, and shows it; then calls done, if not nil.
func (b *backlinksBox) load(articleID, noteID int64, done func()) {
	b.seq++
	seq := b.seq
	if articleID == 0 && noteID == 0 {
		b.show(nil)
		if done != nil {
			done()
		}
		return
	}
	ui := b.ui
	ui.background(func() {
		ctx := context.Background()
		var list []store.Backlink
		var err error
		if articleID != 0 {
			list, err = ui.db.Backlinks(ctx, articleID)
		} else {
			list, err = ui.db.NoteBacklinks(ctx, noteID)
		}
		ui.do(func() {
			if seq != b.seq {
				return
			}
			if err != nil {
				list = nil // a note or an article gone meanwhile: nothing links to it here
			}
			b.show(list)
			if done != nil {
				done()
			}
		})
	})
}

func (b *backlinksBox) show(list []store.Backlink) {
	b.links = list
	b.rows.Objects = nil
	for _, l := range list {
		l := l
		open := func() { b.ui.openBacklink(l) }
		from := newQuoteLabel(backlinkFrom(l), open)
		from.TextStyle = fyne.TextStyle{Bold: true}
		from.Truncation = fyne.TextTruncateEllipsis
		from.Wrapping = fyne.TextWrapOff
		sentence := newQuoteLabel(l.Context, open)
		sentence.TextStyle = fyne.TextStyle{}
		sentence.SizeName = theme.SizeNameCaptionText
		b.rows.Add(container.NewVBox(from, sentence))
	}
	b.head.SetText(fmt.Sprintf("Linked from (%d)", len(list)))
	showIf(b.box, len(list) > 0)
	b.rows.Refresh()
	if b.changed != nil {
		b.changed(len(list) > 0)
	}
}

// backlinkFrom names where a link is: the note's title, or the comment on a highlight of an
// article.
func backlinkFrom(l store.Backlink) string {
	if l.NoteID != 0 {
		return "Note: " + l.From
	}
	return "Comment on a highlight of “" + l.From + "”"
}

// openBacklink opens the note or the highlight's comment that links.
func (ui *window) openBacklink(l store.Backlink) {
	if l.NoteID != 0 {
		ui.openNote(l.NoteID)
		return
	}
	ui.leaveReview()
	ui.background(func() {
		h, err := ui.db.Highlight(context.Background(), l.HighlightID)
		ui.do(func() {
			if err != nil {
				ui.showError("Could not open the comment", err)
				return
			}
			ui.openArticleThen(h.ArticleID, func() {
				if h.Placed() {
					ui.reader.showPassage(h.Start, h.End)
				}
				ui.focusComment(h.ID)
			})
		})
	})
}
