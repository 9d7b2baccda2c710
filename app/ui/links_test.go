package ui

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"lectern/app/deeplink"
	"lectern/store"
)

// openedApp is the test app, noting the addresses handed to the system's opener.
type openedApp struct {
	fyne.App
	mu     sync.Mutex
	opened []string
}

func (a *openedApp) OpenURL(u *url.URL) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.opened = append(a.opened, u.String())
	return nil
}

func (a *openedApp) openedURLs() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.opened)
}

// tapLink taps the link of the preview whose text is text, as the user clicks it.
func tapLink(t *testing.T, preview *widget.RichText, text string) {
	t.Helper()
	for _, o := range test.LaidOutObjects(preview) {
		if h, ok := o.(*widget.Hyperlink); ok && h.Text == text {
			test.TapAt(h, fyne.NewPos(h.Size().Width/2, h.Size().Height/2))
			return
		}
	}
	t.Fatalf("the preview shows no link %q", text)
}

// Defect 9: the notes preview handed file://, smb:// and any other address to the system.
func TestNotePreviewOpensOnlyWebMailAndLecternLinks(t *testing.T) {
	ui := newTestWindow(t)
	rec := &openedApp{App: ui.app}
	ui.app = rec
	fyne.SetCurrentApp(rec) // what Fyne's own links open with
	t.Cleanup(func() { fyne.SetCurrentApp(rec.App) })
	other, err := ui.db.AddArticle(context.Background(), &store.Article{Title: "Linked", Body: "The article a note links to."})
	if err != nil {
		t.Fatal(err)
	}

	ui.notes.focusNotes()
	editor := ui.notes.editors[0]
	typeFocused(ui.win.Canvas(), "[web](https://example.com/a) [file](file:///etc/passwd) [share](smb://host/share) "+
		"[scheme](vscode://run/x) [mail](mailto:someone@example.com) [deep]("+deeplink.Article(other)+")")
	editor.previewToggle.SetChecked(true)
	settle(ui)

	for _, refused := range []string{"file", "share", "scheme"} {
		tapLink(t, editor.preview, refused)
		if got := rec.openedURLs(); len(got) != 0 {
			t.Fatalf("tapping %q opened %q", refused, got)
		}
		if !strings.HasPrefix(ui.status.text.Text, "Not opened") {
			t.Errorf("tapping %q: status %q, want why it was not opened", refused, ui.status.text.Text)
		}
	}
	if !strings.Contains(ui.status.text.Text, "vscode://run/x") {
		t.Errorf("the status bar does not show the address refused: %q", ui.status.text.Text)
	}

	tapLink(t, editor.preview, "web")
	if got := rec.openedURLs(); !slices.Equal(got, []string{"https://example.com/a"}) {
		t.Fatalf("tapping the web link opened %q", got)
	}
	if !strings.Contains(ui.status.text.Text, "https://example.com/a") {
		t.Errorf("the status bar does not show the address opened: %q", ui.status.text.Text)
	}

	tapLink(t, editor.preview, "mail")
	if got := rec.openedURLs(); len(got) != 1 {
		t.Fatalf("the mail link opened %q without asking", got[1:])
	}
	top := ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the mail link opens without asking")
	}
	shown := false
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "mailto:someone@example.com") {
			shown = true
		}
	}
	if !shown {
		t.Fatal("the mail link does not show its address before opening")
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Yes" {
			test.Tap(b)
		}
	}
	if got := rec.openedURLs(); len(got) != 2 || got[1] != "mailto:someone@example.com" {
		t.Fatalf("after confirming, opened %q", got)
	}

	tapLink(t, editor.preview, "deep")
	settle(ui)
	if got := rec.openedURLs(); len(got) != 2 {
		t.Fatalf("the lectern:// link went to the system: %q", got[2:])
	}
	if ui.article == nil || ui.article.ID != other {
		t.Fatalf("the lectern:// link did not open its article (%v)", ui.article)
	}
}
