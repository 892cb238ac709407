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

	consent := para(T("welcome.consent", map[string]any{"Services": w.d.Reaches.words()}))
	start := w.button(T("welcome.start"), theme.NavigateNextIcon(), widget.HighImportance, w.start)
	w.ref.urlEntry, w.ref.urlError, w.ref.consent, w.ref.start = entry, urlErr, consent, start
	w.primary, w.back = w.start, nil

	parts := []fyne.CanvasObject{heading(T("welcome.title")), para(T("welcome.hint")), field, urlErr}
	parts = append(parts, w.browserItems()...)
	parts = append(parts, widget.NewSeparator(), consent)
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
	w.stopWatching()
	w.outside.Cancel()
	w.tried, w.fixErrors = nil, nil
	w.fixedBy = ""
	w.recheck++
	w.runFull()
}

// Reaches is what a run contacts besides the site, as the first screen
// says it: in words, the addresses being in the expert view (DESIGN.md,
// "Privacy").
type Reaches struct {
	// DNS names the public DNS services whose answers are compared with
	// this computer's ("Cloudflare", "Google Public DNS"); Other counts
	// the reference DNS servers that have no such name.
	DNS   []string
	Other int
	// SignIn: test pages that show whether the network wants a sign-in.
	// Sites: well-known websites that show whether the internet works.
	SignIn, Sites bool
	// Outside: the outside check runs without asking ([privacy]
	// outside_check = "always"); otherwise it is asked on the verdict.
	Outside bool
}

// words is the list of the consent sentence: "the address books (DNS) of
// Cloudflare and Google Public DNS, a test page that …".
func (r Reaches) words() string {
	var parts []string
	if len(r.DNS) > 0 {
		parts = append(parts, T("welcome.reach.dns", map[string]any{"Names": listWords(r.DNS)}))
	}
	switch {
	case r.Other == 1:
		parts = append(parts, T("welcome.reach.dns_org.one"))
	case r.Other > 1:
		parts = append(parts, T("welcome.reach.dns_org.other", map[string]any{"Count": r.Other}))
	}
	if r.SignIn {
		parts = append(parts, T("welcome.reach.signin"))
	}
	if r.Sites {
		parts = append(parts, T("welcome.reach.sites"))
	}
	if r.Outside {
		parts = append(parts, T("welcome.reach.outside"))
	}
	if len(parts) == 0 {
		return T("welcome.services.none")
	}
	return listWords(parts)
}

// listWords joins items as a sentence does: "a, b and c".
func listWords(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + T("list.and") + " " + items[len(items)-1]
}
