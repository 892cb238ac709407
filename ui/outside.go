package ui

import (
	"context"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/outside"
	"gatewaydoctor/profile"
)

// OutsideAsker runs the outside check on a finished diagnosis:
// engine.Engine.Outside with the app's client, or a fake in tests. It
// returns the diagnosis with the outside section and the sharpened verdict.
type OutsideAsker func(ctx context.Context, d engine.Diagnosis) engine.Diagnosis

// OutsideCheck is "Check from other places in the world" on the verdict
// screen. It runs the check off the Fyne goroutine and hands the result
// back through the bridge; a newer diagnosis or Cancel drops a late answer.
type OutsideCheck struct {
	ask     OutsideAsker
	bridge  *bridge
	setting string
	gen     int
	cancel  context.CancelFunc
	running bool
}

// NewOutsideCheck makes the outside check for a wizard; setting is the
// profile's [privacy] outside_check ("" is "ask").
func NewOutsideCheck(ask OutsideAsker, do func(func()), setting string) *OutsideCheck {
	if setting == "" {
		setting = profile.OutsideAsk
	}
	return &OutsideCheck{ask: ask, bridge: newBridge(do), setting: setting}
}

// Offered reports whether the verdict screen offers the button for d: after
// a website-side verdict, tls_error and ok, unless the profile says never.
func (o *OutsideCheck) Offered(d engine.Diagnosis) bool {
	return o.ask != nil && o.setting != profile.OutsideNever && outside.Applies(d.Verdict)
}

// Automatic reports whether the helpdesk pre-approved the check, so it runs
// without the button.
func (o *OutsideCheck) Automatic() bool { return o.setting == profile.OutsideAlways }

// Running reports whether a check is under way; on the Fyne goroutine.
func (o *OutsideCheck) Running() bool { return o.running }

// Start asks from outside for d. done receives the new diagnosis on the
// Fyne goroutine, unless Cancel or another Start came first.
func (o *OutsideCheck) Start(d engine.Diagnosis, done func(engine.Diagnosis)) {
	o.Cancel()
	o.gen++
	gen := o.gen
	ctx, cancel := context.WithCancel(context.Background())
	o.cancel, o.running = cancel, true
	background(o.bridge, func() bool { return gen == o.gen }, func() engine.Diagnosis { return o.ask(ctx, d) }, func(nd engine.Diagnosis) {
		o.running = false
		done(nd)
	})
}

// Cancel drops the check under way, if any.
func (o *OutsideCheck) Cancel() {
	if o.cancel != nil {
		o.cancel()
		o.cancel = nil
	}
	o.gen++
	o.running = false
}

// OutsideSummary says in one sentence what the outside check found:
// "Down from 5 of 5 places: it is down for everyone", "Works from 4 of 5
// places", or why the service gave no answer (the local verdict stands).
func OutsideSummary(o *checks.OutsideReport) string {
	if o == nil {
		return ""
	}
	if o.Error != "" {
		return tOr("outside.error."+o.ErrorCode, o.Error) + " " + T("outside.local_stands")
	}
	works, down, answered := outside.Tally(o)
	data := map[string]any{"Works": works, "Down": down, "Total": answered}
	switch {
	case outside.DownFromAll(o):
		return T("outside.down_all", data)
	case outside.WorksFromMost(o):
		return T("outside.works_most", data)
	case answered == 0:
		return T("outside.error.timeout") + " " + T("outside.local_stands")
	}
	return T("outside.mixed", data)
}
