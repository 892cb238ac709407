package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// showWelcome asks which site fails, says what a run contacts, and starts.
func (w *Wizard) showWelcome() {
	var field fyne.CanvasObject
	var entry *widget.Entry
	if len(w.d.Targets) > 0 {
		sel := widget.NewSelectEntry(w.d.Targets)
		entry, field = &sel.Entry, sel
	} else {
		entry = widget.NewEntry()
		field = entry
	}
	entry.PlaceHolder = T("welcome.placeholder")
	entry.SetText(w.input)
	entry.OnChanged = func(s string) { w.input = s }
	entry.OnSubmitted = func(string) { w.start() }
	urlErr := widget.NewLabel("")
	urlErr.Importance = widget.DangerImportance
	urlErr.Wrapping = fyne.TextWrapWord
	urlErr.Hide()

	services := T("welcome.services.none")
	if len(w.d.Contacts) > 0 {
		services = strings.Join(w.d.Contacts, ", ")
	}
	consent := para(T("welcome.consent", map[string]any{"Services": services}))
	start := w.button(T("welcome.start"), theme.NavigateNextIcon(), widget.HighImportance, w.start)
	w.ref.urlEntry, w.ref.urlError, w.ref.consent, w.ref.start = entry, urlErr, consent, start
	w.primary, w.back = w.start, nil

	parts := []fyne.CanvasObject{heading(T("welcome.title")), para(T("welcome.hint")), field, urlErr, widget.NewSeparator(), consent}
	w.ref.approved = nil
	if w.d.ApprovedBy != "" {
		w.ref.approved = para(T("welcome.preapproved", map[string]any{"Name": w.d.ApprovedBy}))
		parts = append(parts, w.ref.approved)
	}
	body := page(navBar(nil, start), parts...)
	w.setScreen(screenWelcome, body, w.showWelcome)
	if !w.expert {
		w.win.Canvas().Focus(field.(fyne.Focusable))
	}
}

// start validates the URL field and starts a run; a bad address is
// explained at the field.
func (w *Wizard) start() {
	u, err := w.parse(w.input)
	if err != nil {
		msg := T("welcome.invalid")
		if strings.TrimSpace(w.input) == "" {
			msg = T("welcome.invalid.empty")
		}
		if w.ref.urlError != nil {
			w.ref.urlError.SetText(msg)
			w.ref.urlError.Show()
		}
		return
	}
	w.target = u
	w.tried, w.fixErrors = nil, nil
	w.fixedBy = ""
	w.recheck++
	w.runFull()
}
