package ui

import (
	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
)

// bridge carries what goroutines learn back to the widgets. It is the only
// place that hands work to the Fyne goroutine (fyne.Do in the app, a queue
// the test drains in driver tests): checks, fixes, timers and retests run in
// goroutines and report here, and screens never start goroutines of their
// own that touch widgets.
type bridge struct {
	do func(func())
}

// post runs fn on the Fyne goroutine. It never blocks the caller on the UI.
func (b *bridge) post(fn func()) { b.do(fn) }

// events returns the runner callback for run number run: each event is
// handed to the wizard on the Fyne goroutine, which drops events of a run
// that was cancelled or replaced.
func (b *bridge) events(w *Wizard, run int) func(checks.Event) {
	return func(e checks.Event) {
		b.post(func() { w.onEvent(run, e) })
	}
}

// runDone hands a finished run to the wizard.
func (b *bridge) runDone(w *Wizard, run int, d engine.Diagnosis, then func(engine.Diagnosis)) {
	b.post(func() {
		if run != w.runID {
			return
		}
		w.running = false
		then(d)
	})
}
