package ui

// The verdict screen's answers to what people ask right after "whose
// problem is it?" (issue 15): "is it down for everyone?" (the outside
// check), "tell me when it works again" (a watch from the tray), and which
// browser shows the problem (its own proxy is the path tested).

import (
	"context"
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/watch"
)

// outsideItems is the verdict screen's "Check from other places in the
// world": offered after website-side verdicts, tls_error and ok, unless the
// profile says never; run at once when the profile pre-approved it; its
// result in plain words once it came back.
func (w *Wizard) outsideItems() []fyne.CanvasObject {
	w.ref.outsideBtn, w.ref.outsideNote = nil, nil
	if w.provisional != nil || w.outside == nil {
		return nil
	}
	if rep := w.diag.Report; rep != nil && rep.Outside != nil {
		note := bold(OutsideSummary(rep.Outside))
		w.ref.outsideNote = note
		return []fyne.CanvasObject{widget.NewSeparator(), note}
	}
	if !w.outside.Running() {
		if !w.outside.Offered(w.diag) || w.outsideRun == w.runID && !w.outside.Automatic() {
			return nil
		}
		if w.outside.Automatic() && w.outsideRun != w.runID {
			w.startOutside(false) // the helpdesk pre-approved it: no button
		}
	}
	if w.outside.Running() {
		note := para(T("outside.checking"))
		w.ref.outsideNote = note
		return []fyne.CanvasObject{widget.NewSeparator(), note, widget.NewProgressBarInfinite()}
	}
	btn := w.button(T("outside.offer"), theme.SearchIcon(), widget.MediumImportance, func() { w.startOutside(true) })
	w.ref.outsideBtn = btn
	return []fyne.CanvasObject{widget.NewSeparator(), para(T("outside.sends")), container.NewHBox(tall(btn))}
}

// startOutside asks from outside for the latest diagnosis. Its answer
// replaces the diagnosis: "works from most places" makes a website verdict
// works_elsewhere, and its steps follow; a failed service leaves the
// verdict as it was, saying so. redraw shows "Asking…" at once.
func (w *Wizard) startOutside(redraw bool) {
	run := w.runID
	w.outsideRun = run
	w.outside.Start(w.diag, func(d engine.Diagnosis) {
		if run != w.runID || w.running {
			return // a newer run replaced the diagnosis asked about
		}
		w.diag, w.results, w.verdict = d, d.Results, d.Verdict
		if d.Verdict.Code != w.first.Code {
			w.first = d.Verdict
			w.steps = append([]string(nil), d.Verdict.Fixes...)
			w.step = 0
		}
		if w.screen == screenVerdict {
			w.showVerdict()
		}
	})
	if redraw && w.screen == screenVerdict {
		w.showVerdict()
	}
}

// watchItems is "Tell me when it works again" for website-side verdicts:
// the button (it reads "Stop watching" while it watches) and the watch's
// state with the time it gives up.
func (w *Wizard) watchItems() []fyne.CanvasObject {
	btn := w.button(T("verdict.watch"), theme.VisibilityIcon(), widget.MediumImportance, func() {
		if w.Watching() {
			w.stopWatching()
			return
		}
		w.startWatching()
	})
	state := para("")
	w.ref.watchWorks, w.ref.watchState = btn, state
	if w.provisional != nil {
		btn.Disable()
	}
	w.showWatchState()
	return []fyne.CanvasObject{container.NewHBox(tall(btn)), state}
}

// showWatchState shows the watch's state on the verdict screen, if there.
func (w *Wizard) showWatchState() {
	if w.ref.watchWorks == nil {
		return
	}
	if w.Watching() {
		w.ref.watchWorks.SetText(T("watch.tray.stop"))
		w.ref.watchWorks.SetIcon(theme.MediaStopIcon())
		w.ref.watchState.SetText(w.tw.State() + " " + T("watch.limit", map[string]any{"Time": w.watchUntil.Format("15:04")}))
		w.ref.watchState.Show()
		return
	}
	w.ref.watchWorks.SetText(T("verdict.watch"))
	w.ref.watchWorks.SetIcon(theme.VisibilityIcon())
	if w.tw != nil {
		w.ref.watchState.SetText(w.tw.State())
		w.ref.watchState.Show()
	} else {
		w.ref.watchState.Hide()
	}
}

// startWatching keeps retesting in the background, from the tray with the
// window closed too, until the site works or watch.DefaultFor has passed.
func (w *Wizard) startWatching() {
	w.stopWatching()
	w.watchGen++
	gen := w.watchGen
	w.watchUntil = w.clock.Now().Add(watch.DefaultFor)
	w.tw = StartTrayWatch(TrayWatchConfig{
		Engine: quietEngine{w.engine()}, Clock: w.clock, Tray: w.tray(), Notify: notifierFunc(w.notify), Do: w.bridge.do,
		Open:    w.showWindow,
		OnState: func() { w.showWatchState() },
		OnEnd: func(o watch.Outcome) {
			if gen != w.watchGen {
				return
			}
			// A window hidden while watching comes back whenever the
			// watch ends: on a desktop without a tray host there is no
			// other way back, and the app must never linger unseen.
			w.showWindow()
			if o == watch.Back && w.screen != screenWelcome && w.screen != screenChecking {
				w.fixed(waitingFix())
				return
			}
			w.showWatchState()
		},
	}, w.target, w.verdict)
	w.showWatchState()
}

// stopWatching ends a watch under way ("Stop watching", or a new run).
func (w *Wizard) stopWatching() {
	if w.tw != nil && w.tw.Running() {
		w.tw.Stop()
	}
}

// Watching reports whether "Tell me when it works again" still watches.
func (w *Wizard) Watching() bool { return w.tw != nil && w.tw.Running() }

// CloseIntercept is the window's close button: while a watch runs, the
// window hides and the watch goes on from the tray; otherwise quit runs
// (the window's Close in the app).
func (w *Wizard) CloseIntercept(quit func()) {
	if w.Watching() {
		w.win.Hide()
		return
	}
	quit()
}

// showWindow brings the window back ("Open" in the tray, the site is back).
func (w *Wizard) showWindow() {
	w.win.Show()
	w.win.RequestFocus()
}

// tray is the system tray a watch lives in: Deps.Tray, else the app's.
func (w *Wizard) tray() Tray {
	if w.d.Tray != nil {
		return w.d.Tray
	}
	if d, ok := w.app.(desktop.App); ok {
		return d
	}
	return nil
}

// notify sends a desktop notification through Deps.Notify or the app.
func (w *Wizard) notify(n *fyne.Notification) {
	if w.d.Notify != nil {
		w.d.Notify(n)
		return
	}
	w.app.SendNotification(n)
}

// notifierFunc is a Notifier made of a function.
type notifierFunc func(*fyne.Notification)

func (f notifierFunc) SendNotification(n *fyne.Notification) { f(n) }

// quietEngine runs an Engine for a watch, which wants no progress events.
type quietEngine struct{ e Engine }

func (q quietEngine) Run(ctx context.Context, target *url.URL, on func(checks.Event)) (engine.Diagnosis, error) {
	if on == nil {
		on = func(checks.Event) {}
	}
	return q.e.Run(ctx, target, on)
}

// engine is the engine of a run: the one for the browser the person said
// shows the problem, when they said one.
func (w *Wizard) engine() Engine {
	if w.browser != "" && w.d.EngineFor != nil {
		return w.d.EngineFor(w.browser)
	}
	return w.d.Engine
}

// browserItems asks "Which browser shows the problem?" on the first screen
// when more than one browser is installed; the answer picks the browser
// whose own proxy path is tested.
func (w *Wizard) browserItems() []fyne.CanvasObject {
	w.ref.whichBrowser = nil
	if w.d.EngineFor == nil || len(w.browsers) < 2 {
		return nil
	}
	names := make([]string, 0, len(w.browsers)+1)
	ids := map[string]string{}
	selected := ""
	for _, b := range w.browsers {
		names = append(names, b.Name)
		ids[b.Name] = b.ID
		if b.ID == w.browser {
			selected = b.Name
		}
	}
	dunno := T("welcome.browser.unknown")
	names = append(names, dunno)
	pick := widget.NewRadioGroup(names, func(name string) { w.browser = ids[name] })
	if selected == "" {
		selected = dunno
	}
	pick.SetSelected(selected)
	w.ref.whichBrowser = pick
	return []fyne.CanvasObject{bold(T("welcome.browser")), pick}
}
