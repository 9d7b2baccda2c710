package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Sizes of the reader's text, scaled by the user's font size (Ctrl+= / Ctrl+- / Ctrl+0).
const (
	sizeReadingText    fyne.ThemeSizeName = "lectern.readingText"
	sizeReadingHeading fyne.ThemeSizeName = "lectern.readingHeading"
	sizeReadingTitle   fyne.ThemeSizeName = "lectern.readingTitle"
)

// Appearance settings, kept in the app's preferences (never user data).
const (
	prefThemeMode   = "theme.mode" // "system", "light" or "dark"
	prefReaderScale = "reader.scale"
)

var themeModes = []string{"system", "light", "dark"}

// lecternTheme is Fyne's default theme with a calm teal accent (the icon's), a forced light
// or dark variant when the user chose one, and the reader's scalable text sizes.
type lecternTheme struct {
	mode  string  // "system", "light" or "dark"
	scale float32 // reader text scale, 1 = normal
}

func (t *lecternTheme) variant(v fyne.ThemeVariant) fyne.ThemeVariant {
	switch t.mode {
	case "light":
		return theme.VariantLight
	case "dark":
		return theme.VariantDark
	}
	return v
}

func (t *lecternTheme) Color(name fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	v = t.variant(v)
	switch name {
	case theme.ColorNameFocus:
		return color.NRGBA{R: 0x2a, G: 0x8c, B: 0xa3, A: 0x7f}
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		if v == theme.VariantDark {
			return color.NRGBA{R: 0x5f, G: 0xb3, B: 0xc4, A: 0xff}
		}
		return color.NRGBA{R: 0x1f, G: 0x6e, B: 0x82, A: 0xff}
	case theme.ColorNameSelection:
		if v == theme.VariantDark {
			return color.NRGBA{R: 0x5f, G: 0xb3, B: 0xc4, A: 0x55}
		}
		return color.NRGBA{R: 0x1f, G: 0x6e, B: 0x82, A: 0x33}
	case theme.ColorNameWarning: // highlight marks
		return color.NRGBA{R: 0xe8, G: 0xa3, B: 0x3d, A: 0xff}
	case theme.ColorNameBackground:
		if v == theme.VariantLight {
			return color.NRGBA{R: 0xfb, G: 0xf8, B: 0xf3, A: 0xff} // warm paper
		}
	}
	return theme.DefaultTheme().Color(name, v)
}

func (t *lecternTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (t *lecternTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t *lecternTheme) Size(name fyne.ThemeSizeName) float32 {
	base := theme.DefaultTheme().Size
	switch name {
	case sizeReadingText:
		return base(theme.SizeNameText) * 1.15 * t.scale
	case sizeReadingHeading:
		return base(theme.SizeNameSubHeadingText) * t.scale
	case sizeReadingTitle:
		return base(theme.SizeNameHeadingText) * 1.1 * t.scale
	}
	return base(name)
}

// applyTheme sets the theme from the preferences. It runs before any widget is made, as a
// widget rendered under another theme keeps some of that theme's colours.
func applyTheme(a fyne.App) {
	prefs := a.Preferences()
	scale := float32(prefs.FloatWithFallback(prefReaderScale, 1))
	a.Settings().SetTheme(&lecternTheme{mode: prefs.StringWithFallback(prefThemeMode, "system"), scale: scale})
}

// zoom changes the reader's text size by step (0 resets it) and remembers it.
func (ui *window) zoom(step float64) {
	prefs := ui.app.Preferences()
	scale := 1.0
	if step != 0 {
		scale = prefs.FloatWithFallback(prefReaderScale, 1) + step
	}
	scale = max(0.7, min(2.0, scale))
	prefs.SetFloat(prefReaderScale, scale)
	applyTheme(ui.app)
	ui.reader.setTextSize()
}

// setThemeMode switches between following the system, light and dark, and remembers it.
func (ui *window) setThemeMode(mode string) {
	ui.app.Preferences().SetString(prefThemeMode, mode)
	applyTheme(ui.app)
}
