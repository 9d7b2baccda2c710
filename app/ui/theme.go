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
	prefThemeMode   = "theme.mode" // "system", "light", "dark" or "sepia"
	prefReaderScale = "reader.scale"
	prefReaderFont  = "reader.font"    // "sans" or "serif"
	prefReaderWidth = "reader.measure" // the column's width in text sizes
)

var themeModes = []string{"system", "light", "dark", "sepia"}

// Line widths the View menu offers, in text sizes: about 60, 70 and 85 characters a line.
var readingMeasures = []struct {
	label   string
	measure float32
}{{"Narrow", 31}, {"Medium", readingMeasure}, {"Wide", 44}}

// lecternTheme is Fyne's default theme with a calm teal accent (the icon's), a forced light
// or dark variant when the user chose one, and the reader's scalable text sizes.
type lecternTheme struct {
	mode  string  // "system", "light" or "dark"
	scale float32 // reader text scale, 1 = normal
}

func (t *lecternTheme) variant(v fyne.ThemeVariant) fyne.ThemeVariant {
	switch t.mode {
	case "light", "sepia":
		return theme.VariantLight
	case "dark":
		return theme.VariantDark
	}
	return v
}

// sepia is a warm, low-contrast paper for long reading.
var sepia = map[fyne.ThemeColorName]color.NRGBA{
	theme.ColorNameBackground:        {R: 0xf4, G: 0xec, B: 0xd8, A: 0xff},
	theme.ColorNameForeground:        {R: 0x43, G: 0x34, B: 0x22, A: 0xff},
	theme.ColorNameInputBackground:   {R: 0xea, G: 0xdf, B: 0xc4, A: 0xff},
	theme.ColorNameButton:            {R: 0xea, G: 0xdf, B: 0xc4, A: 0xff},
	theme.ColorNameMenuBackground:    {R: 0xf8, G: 0xf1, B: 0xe1, A: 0xff},
	theme.ColorNameOverlayBackground: {R: 0xf8, G: 0xf1, B: 0xe1, A: 0xff},
	theme.ColorNameSeparator:         {R: 0xdc, G: 0xcd, B: 0xae, A: 0xff},
	theme.ColorNameDisabled:          {R: 0xa0, G: 0x8c, B: 0x6e, A: 0xff},
	theme.ColorNamePlaceHolder:       {R: 0x8a, G: 0x74, B: 0x56, A: 0xff},
	theme.ColorNameHover:             {R: 0x43, G: 0x34, B: 0x22, A: 0x14},
	theme.ColorNameInputBorder:       {R: 0xd2, G: 0xc0, B: 0x9c, A: 0xff},
	theme.ColorNameHeaderBackground:  {R: 0xea, G: 0xdf, B: 0xc4, A: 0xff},
	theme.ColorNameHyperlink:         {R: 0x8a, G: 0x4b, B: 0x14, A: 0xff},
	theme.ColorNamePrimary:           {R: 0x8a, G: 0x4b, B: 0x14, A: 0xff},
	theme.ColorNameSelection:         {R: 0x8a, G: 0x4b, B: 0x14, A: 0x30},
	theme.ColorNameScrollBar:         {R: 0x43, G: 0x34, B: 0x22, A: 0x55},
}

func (t *lecternTheme) Color(name fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	v = t.variant(v)
	if t.mode == "sepia" {
		if c, ok := sepia[name]; ok {
			return c
		}
	}
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
	ui.reader.setTypography()
}

// setReadingFont switches the reader between sans-serif and serif, keeping the place.
func (ui *window) setReadingFont(font string) {
	ui.app.Preferences().SetString(prefReaderFont, font)
	ui.reader.setTypography()
}

// setReadingMeasure sets the reader's line width, keeping the place.
func (ui *window) setReadingMeasure(m float32) {
	ui.app.Preferences().SetFloat(prefReaderWidth, float64(m))
	ui.reader.setTypography()
}

// setThemeMode switches between following the system, light, dark and sepia, and remembers it.
func (ui *window) setThemeMode(mode string) {
	ui.app.Preferences().SetString(prefThemeMode, mode)
	applyTheme(ui.app)
}
