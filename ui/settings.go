package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Preference keys (Fyne preferences, stored per user by the app's ID).
const (
	prefLanguage = "language"  // "" follows the system
	prefTheme    = "theme"     // ThemeSystem, ThemeLight, …
	prefTextSize = "text_size" // index into textSizes
)

// applySettings sets the language, theme and size stored in preferences.
func (w *Wizard) applySettings() {
	p := w.app.Preferences()
	if err := loadTranslations(p.String(prefLanguage)); err != nil {
		fyne.LogError("loading translations", err)
	}
	i := p.IntWithFallback(prefTextSize, 0)
	if i < 0 || i >= len(textSizes) {
		i = 0
	}
	w.app.Settings().SetTheme(appTheme{mode: p.StringWithFallback(prefTheme, ThemeSystem), scale: textSizes[i].Scale})
}

// settingsForm builds the Settings controls; every change applies at once.
func (w *Wizard) settingsForm() fyne.CanvasObject {
	p := w.app.Preferences()

	names := []string{T("settings.language.system")}
	for _, l := range Languages {
		names = append(names, l.Name)
	}
	langSel := widget.NewSelect(names, nil)
	// A Select is as wide as its placeholder, which it shows only when
	// nothing is chosen: the longest name keeps every name whole.
	for _, n := range names {
		if len([]rune(n)) > len([]rune(langSel.PlaceHolder)) {
			langSel.PlaceHolder = n
		}
	}
	langSel.SetSelectedIndex(0)
	for i, l := range Languages {
		if l.Code == p.String(prefLanguage) {
			langSel.SetSelectedIndex(i + 1)
		}
	}
	langSel.OnChanged = func(string) {
		code := ""
		if i := langSel.SelectedIndex(); i > 0 {
			code = Languages[i-1].Code
		}
		p.SetString(prefLanguage, code)
		w.applySettings()
		w.rerender()
	}

	themes := []string{ThemeSystem, ThemeLight, ThemeDark, ThemeContrast}
	themeNames := make([]string, len(themes))
	for i, t := range themes {
		themeNames[i] = T("theme." + t)
	}
	themeRadio := widget.NewRadioGroup(themeNames, nil)
	cur := p.StringWithFallback(prefTheme, ThemeSystem)
	for i, t := range themes {
		if t == cur {
			themeRadio.SetSelected(themeNames[i])
		}
	}
	themeRadio.Required = true
	themeRadio.OnChanged = func(s string) {
		for i, n := range themeNames {
			if n == s {
				p.SetString(prefTheme, themes[i])
			}
		}
		w.applySettings()
	}

	sizeNames := make([]string, len(textSizes))
	for i, s := range textSizes {
		sizeNames[i] = T(s.Key)
	}
	sizeRadio := widget.NewRadioGroup(sizeNames, nil)
	sizeRadio.Required = true
	if i := p.IntWithFallback(prefTextSize, 0); i >= 0 && i < len(sizeNames) {
		sizeRadio.SetSelected(sizeNames[i])
	}
	sizeRadio.OnChanged = func(s string) {
		for i, n := range sizeNames {
			if n == s {
				p.SetInt(prefTextSize, i)
			}
		}
		w.applySettings()
	}
	w.ref.langSelect, w.ref.themeRadio, w.ref.sizeRadio = langSel, themeRadio, sizeRadio
	return widget.NewForm(
		widget.NewFormItem(T("settings.language"), langSel),
		widget.NewFormItem(T("settings.theme"), themeRadio),
		widget.NewFormItem(T("settings.textsize"), sizeRadio),
	)
}

// showSettings opens Settings over the current screen.
func (w *Wizard) showSettings() {
	d := dialog.NewCustom(T("settings.title"), T("settings.close"), container.NewPadded(w.settingsForm()), w.win)
	w.ref.settings = d
	d.Show()
}
