package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/web"
)

// checkRow is one check on the Checking screen.
type checkRow struct {
	icon  *widget.Icon
	name  *widget.Label
	state *widget.Label
	key   string // the state's translation key, for tests and rerenders
}

// set shows a state: an icon and a word, so colour is never the only signal.
func (r *checkRow) set(key string) {
	r.key = key
	r.state.SetText(T(key))
	r.icon.SetResource(stateIcon(key))
}

func stateIcon(key string) fyne.Resource {
	switch key {
	case "state.running":
		return theme.NewPrimaryThemedResource(theme.ViewRefreshIcon())
	case "state.ok":
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case "state.problem":
		return theme.NewWarningThemedResource(theme.WarningIcon())
	case "state.error":
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case "state.skipped":
		return theme.NewDisabledResource(theme.ContentRemoveIcon())
	}
	return theme.NewDisabledResource(theme.MoreHorizontalIcon())
}

func stateKey(s checks.Status) string {
	switch s {
	case checks.StatusOK:
		return "state.ok"
	case checks.StatusProblem:
		return "state.problem"
	case checks.StatusSkipped:
		return "state.skipped"
	}
	return "state.error"
}

// runFull starts a diagnosis with the Checking screen; its verdict chooses
// the steps. A provisional verdict is shown as soon as it comes, with the
// retests still running under it; the final one replaces it.
func (w *Wizard) runFull() {
	w.provisional = nil
	w.startRun(func(rs checks.Results, v checks.Verdict) {
		w.provisional = nil
		w.first = v
		w.steps = append([]string(nil), v.Fixes...)
		w.step = 0
		w.note = ""
		w.showVerdict()
	}, func(p Provisional) {
		if w.screen != screenChecking && w.screen != screenVerdict {
			return
		}
		w.provisional = &p
		w.verdict = p.Verdict
		w.steps = append([]string(nil), p.Verdict.Fixes...)
		w.showVerdict()
	})
	w.showChecking()
}

// startRun runs the engine in the background; then receives the results
// on the Fyne goroutine, after they are stored as the latest run.
// provisional, when given, receives the run's provisional verdicts there
// (onProvisional); other runs ignore them.
func (w *Wizard) startRun(then func(checks.Results, checks.Verdict), provisional ...func(Provisional)) {
	if w.cancel != nil {
		w.cancel()
	}
	w.runID++
	run := w.runID
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	w.running = true
	w.live = map[string]checks.Result{}
	w.started = w.clock.Now()
	target, eng := w.target, w.engine()
	current := func() bool { return run == w.runID }
	events := w.bridge.events(w, run)
	w.early = map[string]checks.Result{}
	w.retests = checks.RetestCount{}
	w.onProvisional = nil
	if len(provisional) > 0 {
		w.onProvisional = provisional[0]
	}
	background(w.bridge, current, func() engine.Diagnosis {
		d, _ := eng.Run(ctx, target, events) // a setup error is in d's results
		cancel()
		return d
	}, func(d engine.Diagnosis) {
		w.running = false
		w.diag, w.results, w.verdict = d, d.Results, d.Verdict
		w.took = w.clock.Now().Sub(w.started)
		then(d.Results, d.Verdict)
	})
}

// provisionalVerdict hands a provisional verdict of run number run to the
// run's receiver, while that run still runs.
func (w *Wizard) provisionalVerdict(run int, p Provisional) {
	if run == w.runID && w.running && w.onProvisional != nil {
		w.onProvisional(p)
	}
}

// onEvent updates the Checking rows; events of an older run are dropped.
func (w *Wizard) onEvent(run int, e checks.Event) {
	if run != w.runID {
		return
	}
	switch e.Kind {
	case checks.EventVerdict:
		// The engine's provisional verdict (issue 13): shown at once; the
		// final one comes with the run's end.
		if e.Verdict != nil && e.Verdict.Provisional {
			w.provisionalVerdict(run, Provisional{Verdict: *e.Verdict, Retest: w.retests.Done, Retests: w.retests.Planned})
		}
		return
	case checks.EventProvisional:
		// What a check knows before it ends (the target's first fetch),
		// for "What we found" under a provisional verdict, and how far
		// the target's retests are, for the line above it.
		w.early[e.ID] = e.Result
		if e.ID == web.TargetID && e.Retests.Planned > 0 {
			w.retests = e.Retests
			w.showRetestCount()
		}
		return
	}
	if e.Kind == checks.EventFinished {
		w.live[e.ID] = e.Result
	}
	if w.expert {
		if w.screen == screenChecking || w.provisional != nil {
			w.ref.expertText.SetText(w.expertText())
		}
		return
	}
	if w.screen != screenChecking && w.provisional == nil {
		return
	}
	// Behind a provisional verdict the rows still follow the run: they are
	// its record, the same as the Checking screen would show.
	if r := w.ref.rows[e.ID]; r != nil {
		if e.Kind == checks.EventStarted {
			r.set("state.running")
		} else {
			r.set(stateKey(e.Result.Status))
		}
	}
	if n := len(w.ref.rows); n > 0 {
		w.ref.progress.SetValue(float64(len(w.live)) / float64(n))
	}
	w.showTargetRetesting()
}

// showRetestCount moves the provisional verdict's "Checking again to be
// sure… 2 of 3" on as a retest ends, in place: the person reading the
// verdict keeps their place on the page.
func (w *Wizard) showRetestCount() {
	p := w.provisional
	if p == nil {
		return
	}
	p.Retest, p.Retests = w.retests.Done, w.retests.Planned
	if w.screen != screenVerdict {
		return
	}
	if w.ref.retesting != nil {
		w.ref.retesting.SetText(retestLine(p))
	}
	// The retest that just ended is one more try in "What we found".
	if w.ref.found != nil {
		w.ref.found.SetText(w.foundNow(p.Verdict))
	}
}

// showTargetRetesting says why the bar stands still near its end: every
// check has finished but the website's, which may be slow to answer and is
// fetched more than once to be sure.
func (w *Wizard) showTargetRetesting() {
	l := w.ref.targetWait
	if l == nil {
		return
	}
	_, done := w.live[web.TargetID]
	_, listed := w.ref.rows[web.TargetID]
	if listed && !done && len(w.live) == len(w.ref.rows)-1 {
		l.Show()
	} else {
		l.Hide()
	}
}

// showChecking lists every check with its live state.
func (w *Wizard) showChecking() {
	ids := w.d.Engine.CheckIDs()
	w.ref.rows = map[string]*checkRow{}
	list := container.NewVBox()
	for _, id := range ids {
		r := &checkRow{icon: widget.NewIcon(nil), name: widget.NewLabel(checkName(id)), state: widget.NewLabel("")}
		r.name.Wrapping = fyne.TextWrapWord
		if res, ok := w.live[id]; ok {
			r.set(stateKey(res.Status))
		} else {
			r.set("state.waiting")
		}
		w.ref.rows[id] = r
		list.Add(container.NewBorder(nil, nil, r.icon, r.state, r.name))
	}
	bar := widget.NewProgressBar()
	bar.TextFormatter = func() string { return "" }
	if len(ids) > 0 {
		bar.SetValue(float64(len(w.live)) / float64(len(ids)))
	}
	cancel := w.button(T("checking.cancel"), theme.CancelIcon(), widget.MediumImportance, w.cancelRun)
	targetWait := bold(T("checking.target_again"))
	w.ref.progress, w.ref.cancel, w.ref.targetWait = bar, cancel, targetWait
	w.showTargetRetesting()
	w.primary, w.back = nil, w.cancelRun

	body := page(navBar([]fyne.CanvasObject{cancel}),
		heading(T("checking.title", map[string]any{"Host": w.target.Hostname()})),
		para(T("checking.intro")),
		bar,
		targetWait,
		list,
		layout.NewSpacer(),
	)
	w.setScreen(screenChecking, body, w.showChecking)
}

// cancelRun stops the run and goes back to the first screen.
func (w *Wizard) cancelRun() {
	if w.cancel != nil {
		w.cancel()
	}
	w.runID++
	w.running = false
	w.provisional = nil
	w.showWelcome()
}
