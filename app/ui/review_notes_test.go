package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"lectern/app/review"
)

// A note tagged "review" comes up as a card: its text large, its article's title; 3 grades it,
// E opens it in the wide editor.
func TestReviewNoteCard(t *testing.T) {
	ui := newTestWindow(t)
	articleID, _ := reviewArticle(t, ui)
	ctx := context.Background()
	n, err := ui.db.AddNote(ctx, articleID, "Floods renew the soil. #review")
	if err != nil {
		t.Fatal(err)
	}
	menuShortcut(t, ui, fyne.KeyR, false) // Ctrl+R
	r := reviewShown(t, ui)
	if r.card.Kind != review.NoteCard || r.card.NoteID != n.ID || !r.cardBox.Visible() {
		t.Fatalf("the first card is not the note (the newest): %+v", r.card)
	}
	if r.quote.Text != n.Body || !strings.Contains(r.source.Text, "The Flood") || r.progress.Text != "1 of 4 · new" {
		t.Errorf("quote %q, source %q, progress %q", r.quote.Text, r.source.Text, r.progress.Text)
	}
	if r.before.String() != "" || r.after.String() != "" {
		t.Errorf("a note card shows a passage around it: %q %q", r.before.String(), r.after.String())
	}

	r.TypedRune('e')
	settle(ui)
	v := ui.noteView()
	if v == nil || v.editor == nil || v.editor.id != n.ID {
		t.Fatalf("E: middle %T, want the note in the wide editor", ui.panes.middle())
	}
	ui.showReview() // Ctrl+R: back to the review
	settle(ui)
	r = reviewShown(t, ui)
	if r.card.NoteID != n.ID {
		t.Fatalf("back in the review: card %+v", r.card)
	}

	r.TypedRune('3')
	settle(ui)
	if r.card.Kind == review.NoteCard || r.progress.Text != "2 of 4 · new" {
		t.Errorf("after 3: card %+v, progress %q", r.card.Key, r.progress.Text)
	}
	hist, err := ui.db.CardHistory(ctx, review.Key{Kind: review.NoteCard, ID: n.ID})
	if err != nil || len(hist) != 1 || hist[0].Grade != int(review.Good) {
		t.Errorf("the note's history: %+v, %v", hist, err)
	}
}
