// Package resources holds the files embedded in the binary: the icon, the welcome article and
// the reader's serif font (Noto Serif, SIL Open Font License 1.1: fonts/OFL.txt).
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

// The reader's serif font.
var (
	//go:embed fonts/NotoSerif-Regular.ttf
	serifRegular []byte
	//go:embed fonts/NotoSerif-Bold.ttf
	serifBold []byte
	//go:embed fonts/NotoSerif-Italic.ttf
	serifItalic []byte
	//go:embed fonts/NotoSerif-BoldItalic.ttf
	serifBoldItalic []byte

	SerifRegular    = fyne.NewStaticResource("NotoSerif-Regular.ttf", serifRegular)
	SerifBold       = fyne.NewStaticResource("NotoSerif-Bold.ttf", serifBold)
	SerifItalic     = fyne.NewStaticResource("NotoSerif-Italic.ttf", serifItalic)
	SerifBoldItalic = fyne.NewStaticResource("NotoSerif-BoldItalic.ttf", serifBoldItalic)
)
