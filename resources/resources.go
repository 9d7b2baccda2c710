// Package resources holds the files embedded in the binary: the icon and the welcome article.
package resources

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

// WelcomeMarkdown is the article imported on first run, so the window is never empty.
//
//go:embed welcome.md
var WelcomeMarkdown []byte
