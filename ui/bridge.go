package ui

import (
	"fyne.io/fyne/v2"

	"gatewaydoctor/checks"
)

// bridge carries what goroutines learn back to the widgets. It is the only
// place in ui that starts goroutines and the only one that hands work to
// the Fyne goroutine (fyne.Do in the app, a queue the test drains in driver
// tests): checks, fixes, timers and retests run through background, and
// screens never start goroutines of their own (TestOneBridge holds it).
type bridge struct {
	do func(func())
}

// newBridge posts with do; nil is fyne.Do.
func newBridge(do func(func())) *bridge {
	if do == nil {
		do = fyne.Do
	}
	return &bridge{do: do}
}

// post runs fn on the Fyne goroutine. It never blocks the caller on the UI.
// Work running in background uses it for progress (events, ticks, states)
// before its result.
func (b *bridge) post(fn func()) { b.do(fn) }

// background runs work off the UI goroutine, then hands its result to then
// on the Fyne goroutine, unless live (checked there, just before) says that
// what asked for it is gone: a run that was cancelled or replaced, a step
// page the person left. A nil live always delivers: results that must
// arrive whatever the screen (a DNS change waiting for Keep, a saved file).
//
// It is the wizard's one "goroutine, guard, then post to the UI".
func background[T any](b *bridge, live func() bool, work func() T, then func(T)) {
	go func() {
		v := work()
		b.post(func() {
			if live != nil && !live() {
				return
			}
			then(v)
		})
	}()
}

// events returns the runner callback for run number run: each event is
// handed to the wizard on the Fyne goroutine, which drops events of a run
// that was cancelled or replaced.
func (b *bridge) events(w *Wizard, run int) func(checks.Event) {
	return func(e checks.Event) {
		b.post(func() { w.onEvent(run, e) })
	}
}
