package ui

import (
	"context"
	"strings"
	"time"

	"gatewaydoctor/fixes"
)

// portalPoll is how often the sign-in step asks whether the portal lets
// traffic through: a person signs in within seconds to a minute, and each
// probe is one small plain-HTTP request.
const portalPoll = 3 * time.Second

// portalLimit ends the wait: after ten minutes the person has given up or
// is reading the terms, and "Did that fix it?" still works by hand.
const portalLimit = 10 * time.Minute

// watchPortal waits, once the sign-in page was opened, for the portal to
// let traffic through, then checks the website again by itself. It ends
// with the step (showStep and setScreen stop it). id is the step's fix.
func (w *Wizard) watchPortal(id string, gen int) {
	if w.d.PortalCleared == nil {
		return
	}
	w.stopPortalWatch()
	ctx, cancel := context.WithCancel(context.Background())
	w.portalCancel = cancel
	probe, target := w.d.PortalCleared, w.target
	wt := fixes.Watch{
		Probe: func(ctx context.Context) bool { return probe(ctx, target) },
		Clock: w.clock, FirstPoll: portalPoll, MaxPoll: portalPoll, Limit: portalLimit,
		// The captive check found a portal: traffic that gets through at
		// the first poll already means the sign-in worked.
		UpGrace: time.Nanosecond,
		OnState: func(s fixes.WatchState) { w.bridge.post(func() { w.portalState(id, gen, s) }) },
	}
	// Under what opening the page said (or why it could not).
	w.setStatus(strings.TrimSpace(w.ref.stepStatus.Text + "\n" + T("portal.waiting")))
	background(w.bridge, nil, func() error {
		_, err := wt.Run(ctx)
		cancel()
		return err
	}, func(error) {})
}

// portalState follows the wait: once traffic gets through, the same retest
// as "Did that fix it?" on step id.
func (w *Wizard) portalState(id string, gen int, s fixes.WatchState) {
	if !w.current(gen) {
		return
	}
	switch s {
	case fixes.WatchBack:
		if !w.running && w.countdown == nil {
			w.didItWork(id, gen)
		}
	case fixes.WatchGaveUp:
		w.setStatus(T("portal.gave_up", map[string]any{"Button": T("steps.did_it_work")}))
	}
}

// stopPortalWatch stops the sign-in wait, if any.
func (w *Wizard) stopPortalWatch() {
	if w.portalCancel != nil {
		w.portalCancel()
		w.portalCancel = nil
	}
}
