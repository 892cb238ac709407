package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/checks"
	"gatewaydoctor/fixes"
)

// waitingFix is the fix that waiting itself carries out (the catalogue's
// row carried by a later retest): "check again in a minute" and the watch
// on the verdict screen end with it when the site works again.
func waitingFix() string {
	for _, f := range fixes.Rows() {
		if f.Carry == fixes.CarryRetestLater {
			return f.ID
		}
	}
	return ""
}

// row is fix id's catalogue row: its texts and how it is carried out.
func row(id string) fixes.Fix { f, _ := fixes.Lookup(id); return f }

// hasAction reports whether step id gets an action button: the wizard's
// own ways of carrying a fix out, else what the Fixer can do.
func (w *Wizard) hasAction(id string) bool {
	switch row(id).Carry {
	case fixes.CarryRetest:
		return false // "Did that fix it?" is the check
	case fixes.CarryRetestLater, fixes.CarryHandoff:
		return true
	case fixes.CarryWatch:
		return w.d.NetworkUp != nil // "Wait again"
	}
	if _, moot := w.found().Moot[id]; moot {
		return false // what the run found is out of the action's reach
	}
	if isBrowserFix(id) {
		// Only a browser the person can choose: without one the step
		// gives the keys to press instead of a button that cannot work.
		return len(w.browserChoices(id)) > 0
	}
	return w.d.Fixer != nil && w.d.Fixer.CanApply(id)
}

// stepGuidance is what a step adds under "What to do" from what the run
// found: the sign-in page's address, the keys that open a private window
// in the person's browsers, why the app's action cannot help (a proxy from
// environment variables is in no settings panel).
func (w *Wizard) stepGuidance(id string) string {
	found := w.found()
	if why, moot := found.Moot[id]; moot {
		return T(why)
	}
	switch opens := row(id).Opens; opens {
	case fixes.OpensPortal:
		if u := found.PortalURL; u != nil {
			return T("portal.address", map[string]any{"Address": u.String()})
		}
	case fixes.OpensPrivateWindow, fixes.OpensNoExtensions:
		if len(w.browserChoices(id)) > 0 {
			return ""
		}
		installed := w.browsers
		lead := T("browser.private_lead")
		if opens == fixes.OpensNoExtensions {
			lead = T("browser.safe_mode_lead")
		}
		return lead + "\n" + strings.Join(privateWindowSteps(w.goos(), installed), "\n")
	}
	return ""
}

// showStep shows fix number i of the diagnosis: why, what to do, an action
// where the app can act, and "Did that fix it?".
func (w *Wizard) showStep(i int) {
	w.step = i
	w.recheck++         // a wait of the page before ends with it
	w.stopPortalWatch() // its results belong to the page before
	w.page++
	gen := w.page
	id := w.steps[i]
	count := widget.NewLabel(T("steps.progress", map[string]any{"N": i + 1, "Total": len(w.steps)}))
	note := bold(w.note)
	note.Importance = widget.WarningImportance
	if w.note == "" {
		note.Hide()
	}
	fx := row(id)
	title := heading(fixTitle(id))
	why := para(tOr(fx.Why, ""))
	how := para(tOr(fx.How, ""))
	status := para("")
	status.Hide()
	guide := para(w.stepGuidance(id))
	if guide.Text == "" {
		guide.Hide()
	}
	var pick *widget.RadioGroup
	var pickRow fyne.CanvasObject
	w.ref.browserIcons = nil
	if choices := w.browserChoices(id); len(choices) > 0 && w.hasAction(id) {
		names := make([]string, len(choices))
		for i, c := range choices {
			names[i] = c.Name
		}
		pick = widget.NewRadioGroup(names, nil)
		pick.Required = true
		pick.SetSelected(names[0])
		pickRow, w.ref.browserIcons = pickWithIcons(pick, choices)
	}

	action := w.button(tOr(fx.Action, fixTitle(id)), theme.MediaPlayIcon(), widget.MediumImportance, nil)
	action.OnTapped = func() { w.act(id, gen) }
	if !w.hasAction(id) {
		action.Hide()
	}
	watching := fx.Carry == fixes.CarryWatch && w.d.NetworkUp != nil
	buttonRow := container.NewHBox(tall(action))
	if !w.hasAction(id) {
		buttonRow.Hide() // no empty gap where a button would be
	}
	actionRow := []fyne.CanvasObject{buttonRow}
	if pick != nil {
		actionRow = append([]fyne.CanvasObject{bold(T("browser.which")), pickRow}, actionRow...)
	}
	w.ref.watchSpin, w.ref.watchTitle, w.ref.watchLine, w.ref.watchStop = nil, nil, nil, nil
	if watching {
		// "Wait again" sits in the watch panel, where "Stop waiting" was.
		action.SetText(T("watch.again"))
		action.SetIcon(theme.ViewRefreshIcon())
		actionRow = []fyne.CanvasObject{w.watchBox(action)}
	} else {
		w.stopWatch()
	}
	did := w.button(T("steps.did_it_work"), theme.ViewRefreshIcon(), widget.HighImportance, func() { w.didItWork(id, gen) })
	if fx.Carry == fixes.CarryRetest {
		did.SetText(tOr(fx.Action, fixTitle(id)))
	}
	question := bold(T("steps.works_now_q"))
	question.Hide()
	yes := w.button(T("steps.yes"), theme.ConfirmIcon(), widget.SuccessImportance, func() { w.fixed(id) })
	no := w.button(T("steps.no"), theme.CancelIcon(), widget.MediumImportance, func() { w.notFixed() })
	answers := container.NewHBox(tall(yes), tall(no))
	answers.Hide()

	keepQ := bold("")
	keepCount := para("")
	keep := w.button(T("dns.keep"), theme.ConfirmIcon(), widget.HighImportance, nil)
	revert := w.button(T("dns.revert"), theme.ContentUndoIcon(), widget.MediumImportance, nil)
	keepBox := container.NewVBox(widget.NewSeparator(), keepQ, keepCount, container.NewHBox(tall(keep), tall(revert)))
	keepBox.Hide()

	back := w.button(T("nav.back"), theme.NavigateBackIcon(), widget.MediumImportance, w.stepBack)
	skip := w.button(T("nav.skip"), theme.MediaSkipNextIcon(), widget.MediumImportance, func() { w.note = ""; w.advance() })
	next := w.button(T("nav.next"), theme.NavigateNextIcon(), widget.MediumImportance, func() { w.markTried(id); w.note = ""; w.advance() })

	w.ref.stepCount, w.ref.stepNote, w.ref.stepTitle, w.ref.stepWhy, w.ref.stepHow = count, note, title, why, how
	w.ref.stepStatus, w.ref.action, w.ref.didItWork, w.ref.yes, w.ref.no = status, action, did, yes, no
	w.ref.stepGuide, w.ref.browserPick = guide, pick
	w.ref.keepBox, w.ref.keepQuestion, w.ref.keepCount, w.ref.keep, w.ref.revert = keepBox, keepQ, keepCount, keep, revert
	w.ref.backBtn, w.ref.skip, w.ref.next = back, skip, next
	w.primary = func() { w.didItWork(id, gen) }
	w.back = w.stepBack

	items := []fyne.CanvasObject{count, note, title,
		bold(T("steps.why")), why,
		bold(T("steps.what")), how, guide}
	items = append(items, actionRow...)
	items = append(items, status,
		keepBox,
		widget.NewSeparator(),
		container.NewHBox(tall(did)), question, answers,
	)
	body := page(navBar([]fyne.CanvasObject{back}, skip, next), items...)
	w.ref.answers, w.ref.question = answers, question
	w.setScreen(screenStep, body, func() { w.showStep(w.step) })
	if watching {
		w.watchOnStep(i)
	}
}

func (w *Wizard) stepBack() {
	w.note = ""
	if w.step == 0 {
		w.showVerdict()
		return
	}
	w.showStep(w.step - 1)
}

// advance goes to the next step, or to the helpdesk handoff after the last.
func (w *Wizard) advance() {
	if w.step+1 < len(w.steps) {
		w.showStep(w.step + 1)
		return
	}
	w.showHandoff()
}

// current reports whether the step page of generation gen is still shown.
// "Check again in a minute" has a generation of its own (recheck): a wait
// on the page must not make the page's buttons stale.
func (w *Wizard) current(gen int) bool { return w.screen == screenStep && w.page == gen }

// setStatus shows a line under the action button.
func (w *Wizard) setStatus(text string) {
	w.ref.stepStatus.SetText(text)
	w.ref.stepStatus.Show()
}

// act runs the step's action.
func (w *Wizard) act(id string, gen int) {
	switch row(id).Carry {
	case fixes.CarryRetestLater:
		w.markTried(id)
		w.ref.action.Disable()
		w.recheckLater(w.setStatus, func() {
			if w.current(gen) {
				w.ref.action.Enable()
			}
		})
		return
	case fixes.CarryHandoff:
		w.markTried(id)
		w.showHandoff()
		return
	case fixes.CarrySwitch:
		w.switchDNS(id, gen)
		return
	case fixes.CarryWatch:
		w.startWatch(w.step)
		return
	}
	w.markTried(id)
	w.ref.action.Disable()
	w.setStatus(T("steps.working"))
	fixer, target := w.d.Fixer, w.target
	apply := func(ctx context.Context) (FixOutcome, error) { return fixer.Apply(ctx, id, target) }
	opens := row(id).Opens
	switch {
	case opens == fixes.OpensPortal:
		// The sign-in page the captive check found, not the site: the
		// site's address may be HTTPS, which a portal cannot answer.
		if u := w.found().PortalURL; u != nil {
			target = u
		}
	case isBrowserFix(id) && w.ref.browserPick != nil:
		choice := w.chosenBrowser(id)
		bf := fixer.(BrowserFixer)
		apply = func(ctx context.Context) (FixOutcome, error) { return bf.OpenIn(ctx, id, choice, target) }
	}
	type applied struct {
		out FixOutcome
		err error
	}
	background(w.bridge, func() bool { return w.current(gen) }, func() (a applied) {
		a.err = guard(func() (err error) { a.out, err = apply(context.Background()); return err })
		return a
	}, func(a applied) {
		w.ref.action.Enable()
		if a.err != nil {
			w.fixFailed(id, target, a.err)
		} else {
			w.setStatus(outcomeText(a.out))
		}
		if opens == fixes.OpensPortal {
			// Opened or not (the person may open it by hand), the step
			// notices the sign-in by itself.
			w.watchPortal(id, gen)
		}
	})
}

// didItWork retests the site; for the "ok" verdict, where the site already
// works from here and only the browser can tell, it asks instead.
func (w *Wizard) didItWork(id string, gen int) {
	if !w.current(gen) || w.running || w.countdown != nil {
		return
	}
	w.markTried(id)
	if w.first.Code == checks.VerdictOK {
		w.ref.didItWork.Hide()
		w.ref.question.Show()
		w.ref.answers.Show()
		w.primary = func() { w.fixed(id) }
		return
	}
	// Checking now replaces a pending "check again in a minute".
	w.recheck++
	if row(id).Carry == fixes.CarryRetestLater {
		w.ref.action.Enable()
	}
	w.ref.didItWork.Disable()
	w.setStatus(T("steps.retesting"))
	w.startRun(func(rs checks.Results, v checks.Verdict) {
		if !w.current(gen) {
			return // the person moved on while it ran
		}
		if v.Code == checks.VerdictOK {
			w.fixed(id)
			return
		}
		w.notFixed()
	})
}

// fixed ends the wizard: fix id made the site work.
func (w *Wizard) fixed(id string) {
	w.markTried(id)
	w.fixedBy = id
	w.showFixed()
}

// notFixed moves on to the next step, saying why.
func (w *Wizard) notFixed() {
	w.note = T("steps.not_fixed")
	w.advance()
}

// countdown is a pending "Keep these settings?".
type countdown struct {
	decide chan bool // true: keep; false: put back
	once   sync.Once
}

func (c *countdown) choose(keep bool) { c.once.Do(func() { c.decide <- keep }) }

// switchDNS switches to a public DNS service through the Fixer, which
// verifies it; then "Keep these settings?" counts down and puts the old
// settings back unless the person keeps them.
func (w *Wizard) switchDNS(id string, gen int) {
	w.markTried(id)
	w.ref.action.Disable()
	w.setStatus(T("dns.switching"))
	fixer, target := w.d.Fixer, w.target
	switchDNS := func(ctx context.Context) (DNSSwitch, error) { return fixer.SwitchDNS(ctx, target) }
	if ss, ok := fixer.(StagedSwitcher); ok {
		onStage := func(st DNSStage) {
			w.bridge.post(func() {
				if w.current(gen) {
					w.setStatus(stagesText(st))
				}
			})
		}
		switchDNS = func(ctx context.Context) (DNSSwitch, error) { return ss.SwitchDNSStaged(ctx, target, onStage) }
	}
	type switched struct {
		sw  DNSSwitch
		err error
	}
	// Delivered whatever the screen: a switched DNS must reach its
	// countdown, which puts the old settings back unless kept.
	background(w.bridge, nil, func() (s switched) {
		s.err = guard(func() (err error) { s.sw, err = switchDNS(context.Background()); return err })
		return s
	}, func(s switched) {
		if s.err != nil {
			if w.current(gen) {
				w.ref.action.Enable()
				w.fixFailed(id, w.target, s.err)
			}
			return
		}
		w.startCountdown(id, s.sw, gen)
	})
}

// stagesText is the DNS switch's progress: the stages done so far, then
// the one that runs now.
func stagesText(now DNSStage) string {
	var lines []string
	for i, key := range dnsStages {
		switch {
		case DNSStage(i) < now:
			lines = append(lines, "• "+T("dns.stage."+key+".done"))
		case DNSStage(i) == now:
			lines = append(lines, "• "+T("dns.stage."+key))
		}
	}
	return strings.Join(lines, "\n")
}

func (w *Wizard) startCountdown(id string, sw DNSSwitch, gen int) {
	cd := &countdown{decide: make(chan bool, 1)}
	w.countdown = cd
	secs := int(keepCountdown / time.Second)
	showLeft := func(left int) {
		if w.current(gen) {
			text := T("dns.countdown", map[string]any{"Seconds": left})
			if left == 1 { // the last second is singular in every language
				text = T("dns.countdown.one", map[string]any{"Seconds": left})
			}
			w.ref.keepCount.SetText(text)
		}
	}
	if w.current(gen) {
		if _, staged := w.d.Fixer.(StagedSwitcher); staged {
			w.setStatus(stagesText(StageChecking + 1)) // every stage done
		} else {
			w.ref.stepStatus.Hide()
		}
		w.ref.keepQuestion.SetText(T("dns.keep_q", map[string]any{"Provider": sw.Provider()}))
		showLeft(secs)
		w.ref.keep.OnTapped = func() { cd.choose(true) }
		w.ref.revert.OnTapped = func() { cd.choose(false) }
		w.ref.keepBox.Show()
		for _, b := range []*kbButton{w.ref.backBtn, w.ref.skip, w.ref.next, w.ref.didItWork, w.ref.action} {
			b.Disable()
		}
		w.primary = func() { cd.choose(true) }
		w.back = func() { cd.choose(false) }
		// The action button that started this is now disabled; Keep takes
		// the focus so Enter keeps and Escape puts back. The question sits
		// at the end of the page: scroll it into view.
		w.win.Canvas().Focus(w.ref.keep)
		if sc := w.bodyScroll(); sc != nil {
			w.relayout() // the scroll measures the content as laid out
			sc.ScrollToBottom()
		}
	}
	ticks, stop := w.clock.Ticker(time.Second)
	type decided struct {
		keep bool
		err  error
	}
	background(w.bridge, nil, func() (d decided) {
		defer stop()
		left := secs
	wait:
		for {
			select {
			case d.keep = <-cd.decide:
				break wait
			case <-ticks:
				left--
				if left <= 0 {
					d.keep = false
					break wait
				}
				l := left
				w.bridge.post(func() { showLeft(l) })
			}
		}
		decide := sw.Revert
		if d.keep {
			decide = sw.Keep
		}
		d.err = guard(decide)
		return d
	}, func(d decided) { w.countdownDone(id, d.keep, d.err, gen) })
}

func (w *Wizard) countdownDone(id string, keep bool, err error, gen int) {
	w.countdown = nil
	if keep && err == nil {
		w.fixed(id)
		return
	}
	if !w.current(gen) {
		return
	}
	w.win.Canvas().Unfocus()
	w.ref.keepBox.Hide()
	for _, b := range []*kbButton{w.ref.backBtn, w.ref.skip, w.ref.next, w.ref.didItWork, w.ref.action} {
		b.Enable()
	}
	w.primary = func() { w.didItWork(id, gen) }
	w.back = w.stepBack
	switch {
	case err != nil:
		w.fixFailed(id, w.target, err)
	default:
		w.setStatus(T("dns.reverted"))
	}
}

// chosenBrowser is the ID of the browser picked for fix id.
func (w *Wizard) chosenBrowser(id string) string {
	for _, c := range w.browserChoices(id) {
		if c.Name == w.ref.browserPick.Selected {
			return c.ID
		}
	}
	return ""
}

// fixFailed says in plain words that fix id did not work and what the
// person can do by hand, and what comes next only when something does: a
// further step, or else the report for the helpdesk. The technical error
// goes to the expert view and the report, not to the sentence.
func (w *Wizard) fixFailed(id string, target *url.URL, err error) {
	w.fixErrors = append(w.fixErrors, fixTitle(id)+": "+err.Error())
	msg := fixError(err)
	if opensSomething(id) && !errors.Is(err, ErrNeedsAdmin) {
		addr := ""
		if target != nil {
			addr = target.String()
		}
		msg = T("fix.error.open", map[string]any{"Address": addr})
		if row(id).Opens == fixes.OpensSettings {
			msg = T("fix.error.open_settings")
		}
	}
	next := T("steps.try_next")
	if w.step+1 >= len(w.steps) {
		next = T("steps.then_report")
	}
	w.setStatus(msg + " " + next)
}

// opensSomething reports whether fix id only opens a page, a browser or a
// settings panel, so its failure is a launcher's and the person can do
// the same by hand.
func opensSomething(id string) bool {
	return row(id).Opens != ""
}

// guard runs a fix's call, turning a panic into an error: a fix that
// breaks is reported on its step like any failure, and the app stays up.
func guard(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v", p)
		}
	}()
	return f()
}

// outcomeText words what a fix did.
func outcomeText(o FixOutcome) string {
	if o.English == "" && o.Key == "" {
		return T("steps.action_done")
	}
	lines := append([]string{tOr(o.Key, o.English)}, o.Details...)
	return strings.Join(lines, "\n")
}
