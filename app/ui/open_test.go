package ui

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"lectern/app/deeplink"
	"lectern/app/version"
)

func TestOpenArgsImportsFilesAndOpensLinks(t *testing.T) {
	ui := newTestWindow(t)
	openWindows.add(ui) // as Show does
	welcome := ui.article
	if welcome == nil {
		t.Fatal("no article open at start")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "bread at home.md")
	if err := os.WriteFile(path, []byte("# Bread at home\n\nFlour, water and *time*.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file manager passes file:// addresses (%U in the desktop file).
	fileURL := (&url.URL{Scheme: "file", Path: path}).String()
	if !strings.Contains(fileURL, "%20") {
		t.Fatalf("want an escaped address, got %s", fileURL)
	}
	if !OpenArgs(ui.win, []string{fileURL}) {
		t.Fatal("OpenArgs did not find the window")
	}
	settle(ui)
	if ui.article == nil || ui.article.Title != "Bread at home" {
		t.Fatalf("the reader shows %v, want the imported file", ui.article)
	}
	if !strings.Contains(ui.status.text.Text, "Imported 1") {
		t.Errorf("status %q", ui.status.text.Text)
	}

	// A plain path (as `lectern FILE` passes it) is imported too.
	other := filepath.Join(dir, "soup.txt")
	os.WriteFile(other, []byte("Soup\n\nA pot, some water, whatever is in the cupboard.\n"), 0o644)
	OpenArgs(ui.win, []string{other})
	settle(ui)
	if ui.article == nil || ui.article.Title == "Bread at home" || ui.article.Title == welcome.Title {
		t.Fatalf("the reader shows %v, want soup", ui.article)
	}

	// A link opens its article.
	OpenArgs(ui.win, []string{strings.ToUpper("lectern") + "://article/" + fmt.Sprint(welcome.ID)})
	settle(ui)
	if ui.article == nil || ui.article.ID != welcome.ID {
		t.Fatalf("the link did not open article %d: %v", welcome.ID, ui.article)
	}
	OpenArgs(ui.win, []string{deeplink.Scheme + "://nonsense/1"})
	settle(ui)
	if !strings.Contains(ui.status.text.Text, "Not a Lectern link") {
		t.Errorf("status %q", ui.status.text.Text)
	}
	// A file:// address on another machine is not imported.
	OpenArgs(ui.win, []string{"file://elsewhere/etc/passwd"})
	settle(ui)
	if !strings.Contains(ui.status.text.Text, "Cannot open") {
		t.Errorf("status %q", ui.status.text.Text)
	}

	// Once the window is gone, OpenArgs no longer finds it.
	ui.stop()
	deadline := time.Now().Add(5 * time.Second)
	for OpenArgs(ui.win, nil) {
		if time.Now().After(deadline) {
			t.Fatal("a closed window is still found")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestOpenArgsAtStartupWaitsForTheLibrary(t *testing.T) {
	ui := newTestWindow(t)
	path := filepath.Join(t.TempDir(), "bread.md")
	os.WriteFile(path, []byte("# Bread at home\n\nFlour, water and *time*.\n"), 0o644)
	// As at startup: the library's first load (which reopens the last article) is not done.
	ui.library.all = nil
	ui.openArgs([]string{path})
	ran := false
	ui.library.reload(func() {
		ran = true
		ui.openLastArticle()
	})
	settle(ui)
	if !ran || ui.article == nil || ui.article.Title != "Bread at home" {
		t.Fatalf("the reader shows %v, want the imported file opened after the library loaded", ui.article)
	}
}

func TestAboutSaysVersionDatabaseAndLicence(t *testing.T) {
	ui := newTestWindow(t)
	content := ui.aboutContent()
	path, _ := filepath.Abs(ui.db.Path())
	for _, want := range []string{version.Version, path, version.Licence} {
		if !hasText(content, want) {
			t.Errorf("About does not say %q", want)
		}
	}
	var buttons []string
	walkObjects(content, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok {
			buttons = append(buttons, b.Text)
			test.Tap(b)
		}
	})
	if strings.Join(buttons, ",") != "Open Data Folder,Copy Path" {
		t.Errorf("buttons %q", buttons)
	}
	if got := ui.app.Clipboard().Content(); got != path {
		t.Errorf("clipboard %q, want %q", got, path)
	}
	ui.showAbout()
	if ui.dialog == nil {
		t.Error("About is not a dialog Esc closes")
	}
}
