package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme choices of Settings, as stored in preferences.
const (
	ThemeSystem   = "system"
	ThemeLight    = "light"
	ThemeDark     = "dark"
	ThemeContrast = "contrast"
)

// Text sizes of Settings: a factor on every size of the theme, so buttons
// and spacing grow with the text and the layout keeps its proportions.
var textSizes = []struct {
	Key   string
	Scale float32
}{
	{"size.normal", 1}, {"size.large", 1.25}, {"size.larger", 1.5},
}

// appTheme is Fyne's default theme with a forced variant, a high-contrast
// palette and a size factor.
type appTheme struct {
	mode  string
	scale float32
}

var _ fyne.Theme = appTheme{}

// High-contrast palette: white on black with yellow accents, the pairing of
// Windows' "High Contrast Black", every text colour at least 7:1 (WCAG AAA).
var contrastColors = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          color.Black,
	theme.ColorNameForeground:          color.White,
	theme.ColorNameButton:              color.Black,
	theme.ColorNameInputBackground:     color.Black,
	theme.ColorNameInputBorder:         color.White,
	theme.ColorNameMenuBackground:      color.Black,
	theme.ColorNameOverlayBackground:   color.Black,
	theme.ColorNameHeaderBackground:    color.Black,
	theme.ColorNamePrimary:             color.NRGBA{0xff, 0xff, 0x00, 0xff},
	theme.ColorNameForegroundOnPrimary: color.Black,
	theme.ColorNameFocus:               color.NRGBA{0x00, 0xff, 0xff, 0xff},
	theme.ColorNameHover:               color.NRGBA{0x40, 0x40, 0x40, 0xff},
	theme.ColorNamePressed:             color.NRGBA{0x60, 0x60, 0x60, 0xff},
	theme.ColorNameSeparator:           color.White,
	theme.ColorNameDisabled:            color.NRGBA{0xc0, 0xc0, 0xc0, 0xff},
	theme.ColorNamePlaceHolder:         color.NRGBA{0xc0, 0xc0, 0xc0, 0xff},
	theme.ColorNameHyperlink:           color.NRGBA{0x00, 0xff, 0xff, 0xff},
	theme.ColorNameSuccess:             color.NRGBA{0x00, 0xff, 0x00, 0xff},
	theme.ColorNameWarning:             color.NRGBA{0xff, 0xc0, 0x00, 0xff},
	theme.ColorNameError:               color.NRGBA{0xff, 0x60, 0x60, 0xff},
	theme.ColorNameForegroundOnError:   color.Black,
	theme.ColorNameForegroundOnSuccess: color.Black,
	theme.ColorNameForegroundOnWarning: color.Black,
}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.mode {
	case ThemeContrast:
		if c, ok := contrastColors[n]; ok {
			return c
		}
		v = theme.VariantDark
	case ThemeLight:
		v = theme.VariantLight
	case ThemeDark:
		v = theme.VariantDark
	}
	c := theme.DefaultTheme().Color(n, v)
	if n == theme.ColorNameFocus {
		// Fyne's focus tint is 16 % opaque, too faint to find the focused
		// box or option; half opaque marks it and keeps its text legible.
		f := color.NRGBAModel.Convert(c).(color.NRGBA)
		f.A = max(f.A, focusAlpha)
		return f
	}
	return c
}

// focusAlpha is the least opacity of the focus tint outside high contrast.
const focusAlpha = 0x80

func (t appTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (t appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (t appTheme) Size(n fyne.ThemeSizeName) float32 {
	s := theme.DefaultTheme().Size(n)
	if t.mode == ThemeContrast && n == theme.SizeNameInputBorder {
		s *= 2 // borders that show without relying on colour
	}
	if t.scale > 0 {
		s *= t.scale
	}
	return s
}
