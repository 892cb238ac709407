package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/fixes"
)

// netWatch is one wait for the network on the restart_router step. It
// lives as long as the person stays on that step (a rerender for a new
// language keeps it), and is stopped when they leave.
type netWatch struct {
	step   int
	cancel context.CancelFunc
	state  fixes.WatchState // "" until the first probe
	// running is true until the watch ends (back, gave up) or is stopped;
	// done is set once its goroutine has returned.
	running, stopped, done bool
}

// watchBox is the step's "Waiting for your network to come back…" panel.
// again is the step's action button, "Wait again", shown in place of "Stop
// waiting" once the watch has ended.
func (w *Wizard) watchBox(again *kbButton) fyne.CanvasObject {
	spin := widget.NewActivity()
	title := bold(T("watch.title"))
	line := para("")
	stop := w.button(T("watch.stop"), theme.CancelIcon(), widget.MediumImportance, w.stopWatchByHand)
	// The buttons' tall wrappers are what is hidden: a wrapper keeps its
	// height when only the button inside it is hidden.
	stopT, againT := tall(stop), tall(again)
	w.ref.watchSpin, w.ref.watchTitle, w.ref.watchLine, w.ref.watchStop = spin, title, line, stop
	w.ref.watchStopT, w.ref.watchAgainT = stopT, againT
	row := container.NewBorder(nil, nil, spin, nil, title)
	return container.NewVBox(row, line, container.NewHBox(stopT, againT))
}

// watchOnStep starts the watch when step i is restart_router and no watch
// of this step exists yet, or shows the one that runs. The wait starts by
// itself: the person follows the steps, and the app notices the router
// going off and coming back without another button to find.
func (w *Wizard) watchOnStep(i int) {
	if w.watch == nil || w.watch.step != i {
		w.startWatch(i)
		return
	}
	w.showWatch()
}

// startWatch runs fixes.Watch in a goroutine with the injected probe and
// clock; its states come back through the bridge.
func (w *Wizard) startWatch(i int) {
	w.stopWatch()
	ctx, cancel := context.WithCancel(context.Background())
	nw := &netWatch{step: i, cancel: cancel, running: true}
	// Not marked tried here: seeing the step is not restarting the router.
	// The retest ("Did that fix it?", or the one the watch starts) and
	// Next mark it.
	w.watch = nw
	probe, target := w.d.NetworkUp, w.target
	wt := fixes.Watch{
		Probe: func(ctx context.Context) bool { return probe(ctx, target) },
		Clock: w.clock,
		OnState: func(s fixes.WatchState) {
			w.bridge.post(func() { w.watchState(nw, s) })
		},
	}
	type ended struct {
		res fixes.WatchResult
		err error
	}
	background(w.bridge, nil, func() (e ended) {
		e.res, e.err = wt.Run(ctx)
		cancel()
		return e
	}, func(e ended) { w.watchEnded(nw, e.res, e.err) })
	w.showWatch()
}

// stopWatch stops the running watch, if any, and forgets it.
func (w *Wizard) stopWatch() {
	if nw := w.watch; nw != nil {
		nw.cancel()
		nw.running = false
		w.watch = nil
	}
}

// stopWatchByHand is the panel's "Stop waiting": the person stays on the
// step and can start the wait again or check by hand.
func (w *Wizard) stopWatchByHand() {
	nw := w.watch
	if nw == nil || !nw.running {
		return
	}
	nw.cancel()
	nw.running, nw.stopped = false, true
	w.showWatch()
}

// watchShown reports whether nw is the watch of the step on screen.
func (w *Wizard) watchShown(nw *netWatch) bool {
	return w.watch == nw && w.screen == screenStep && w.step == nw.step && w.ref.watchLine != nil
}

func (w *Wizard) watchState(nw *netWatch, s fixes.WatchState) {
	if w.watch != nw || !nw.running {
		return // stopped, or the person left the step
	}
	nw.state = s
	if s == fixes.WatchBack || s == fixes.WatchGaveUp {
		nw.running = false
	}
	w.showWatch()
	if s == fixes.WatchBack && w.watchShown(nw) && !w.running && w.countdown == nil {
		// The same retest as "Did that fix it?": Fixed, or the next step.
		w.didItWork(w.steps[nw.step], w.page)
	}
}

func (w *Wizard) watchEnded(nw *netWatch, res fixes.WatchResult, err error) {
	nw.done = true
	if err == nil && nw.running {
		// The watch ended without reporting its last state (it reports
		// only changes); take the result's.
		w.watchState(nw, res.State)
	}
}

// showWatch brings the panel and the step's action button in line with the
// watch: a spinner and the state while it runs; "Wait again" once it
// stopped or gave up.
func (w *Wizard) showWatch() {
	nw := w.watch
	if nw == nil || !w.watchShown(nw) {
		return
	}
	var line string
	switch {
	case nw.stopped:
		line = T("watch.stopped")
	case nw.state == fixes.WatchDown:
		line = T("watch.down")
	case nw.state == fixes.WatchWaiting:
		line = T("watch.waiting")
	case nw.state == fixes.WatchBack:
		line = T("watch.back")
	case nw.state == fixes.WatchGaveUp:
		line = T("watch.gave_up")
	default:
		line = T("watch.start")
	}
	w.ref.watchLine.SetText(line)
	if nw.running {
		w.ref.watchTitle.Show()
		w.ref.watchSpin.Show()
		w.ref.watchSpin.Start()
		showAll(true, w.ref.watchStop, w.ref.watchStopT)
		showAll(false, w.ref.action, w.ref.watchAgainT)
	} else {
		w.ref.watchSpin.Stop()
		w.ref.watchSpin.Hide()
		w.ref.watchTitle.Hide()
		showAll(false, w.ref.watchStop, w.ref.watchStopT)
		// Once the network is back the retest says what happens next.
		showAll(nw.stopped || nw.state != fixes.WatchBack, w.ref.action, w.ref.watchAgainT)
	}
	w.relayout()
}

// showAll shows or hides objs.
func showAll(show bool, objs ...fyne.CanvasObject) {
	for _, o := range objs {
		if show {
			o.Show()
		} else {
			o.Hide()
		}
	}
}
