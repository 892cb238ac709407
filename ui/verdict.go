package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/checks"
)

// sideLook is how a side is drawn: an icon with a colour, always next to
// the side's name in words.
func sideLook(v checks.Verdict) fyne.Resource {
	if v.Code == checks.VerdictOK {
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	}
	switch v.Side {
	case checks.SideWebsite:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case checks.SideProxy:
		return theme.NewWarningThemedResource(theme.AccountIcon())
	case checks.SideNetwork:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	}
	return theme.NewWarningThemedResource(theme.ComputerIcon())
}

// verdictTitle names whose problem it is in one line.
func verdictTitle(v checks.Verdict) string {
	if v.Code == checks.VerdictOK {
		return T("verdict.title.ok")
	}
	return tOr("verdict.title."+string(v.Side), v.Summary)
}

// verdictSentence is the verdict's plain sentence, translated, naming what
// the evidence names (the name that does not exist, the failing hop).
func verdictSentence(v checks.Verdict) string {
	t := v.Sentence()
	return say(&t, v.Summary)
}

// showVerdict says whose problem it is, with the evidence, and for the
// website's side that nothing here can fix it.
func (w *Wizard) showVerdict() {
	v := w.verdict
	title := heading(verdictTitle(v))
	summary := para(verdictSentence(v))
	whose := bold(T("verdict.whose", map[string]any{"Side": T("side." + string(v.Side))}))
	if v.Code == checks.VerdictOK {
		whose.SetText(T("verdict.whose.ok"))
	}
	icon := widget.NewIcon(sideLook(v))
	w.ref.verdictTitle, w.ref.verdictSummary, w.ref.whose = title, summary, whose

	items := []fyne.CanvasObject{
		container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSquareSize(64), icon), nil, container.NewVBox(title, whose)),
		summary,
	}

	w.ref.nothingHere, w.ref.watchWorks, w.ref.watchState = nil, nil, nil
	if v.IsWebsiteSide() {
		nothing := bold(T("verdict.nothing_here"))
		nothing.Importance = widget.DangerImportance
		w.ref.nothingHere = nothing
		items = append(items, widget.NewSeparator(), nothing, para(T("verdict.instead."+string(v.Code))))
		items = append(items, w.watchItems()...)
	}
	items = append(items, w.outsideItems()...)

	// "What we found" is always open: in plain words it is short, and a
	// closed section would need the mouse to open.
	found := para(w.foundNow(v))
	w.ref.found = found
	items = append(items, widget.NewSeparator(), bold(T("verdict.found")), found)

	back := w.button(T("nav.back"), theme.NavigateBackIcon(), widget.MediumImportance, w.showWelcome)
	report := w.button(T("verdict.report"), theme.DocumentIcon(), widget.MediumImportance, w.showHandoff)
	steps := w.button(T("verdict.steps"), theme.NavigateNextIcon(), widget.HighImportance, w.firstStep)
	if len(w.steps) == 0 {
		steps.Hide()
	}
	w.ref.backBtn, w.ref.report, w.ref.showSteps = back, report, steps
	w.back = w.showWelcome
	w.primary = w.firstStep
	if len(w.steps) == 0 {
		w.primary = w.showHandoff
	}
	// The report sits in the body, not the button bar, so the bar fits in
	// 800 px with the largest text in every language.
	items = append(items, container.NewHBox(tall(report)))
	w.ref.retesting, w.ref.retestBar = nil, nil
	if p := w.provisional; p != nil {
		// The verdict is read while the retests make sure of it; what to
		// do waits for the final verdict, which may differ.
		retesting := bold(retestLine(p))
		bar := widget.NewProgressBarInfinite()
		w.ref.retesting, w.ref.retestBar = retesting, bar
		items = append([]fyne.CanvasObject{retesting, bar}, items...)
		for _, b := range []*kbButton{steps, report} {
			b.Disable()
		}
		back.OnTapped = w.cancelRun
		w.back, w.primary = w.cancelRun, nil
	}
	w.setScreen(screenVerdict, page(navBar([]fyne.CanvasObject{back}, steps), items...), w.showVerdict)
}

// foundNow is "What we found" for v: from the run's results, or under a
// provisional verdict from what is known so far.
func (w *Wizard) foundNow(v checks.Verdict) string {
	host := ""
	if w.target != nil {
		host = w.target.Hostname()
	}
	rs, took := w.results, w.took
	if w.provisional != nil {
		rs, took = w.expertResults(), w.clock.Now().Sub(w.started)
	}
	return foundText(foundLines(v, rs, host, took))
}

// retestLine is the line over a provisional verdict: which retest runs
// ("Checking again to be sure… 2 of 3") once the engine said how many it
// makes; the last one ended stays "3 of 3" until the final verdict.
func retestLine(p *Provisional) string {
	if p.Retests <= 0 {
		return T("verdict.retesting")
	}
	return T("verdict.retesting.n", map[string]any{"N": min(p.Retest+1, p.Retests), "Total": p.Retests})
}

func (w *Wizard) firstStep() {
	if len(w.steps) == 0 {
		w.showHandoff()
		return
	}
	w.note = ""
	w.showStep(0)
}
