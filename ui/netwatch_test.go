package ui

import (
	"context"
	"net/url"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"gatewaydoctor/checks"
)

// routerProbe is a NetworkUp the test answers: each probe waits for the
// test to say whether the network is up, or for the watch to be stopped.
type routerProbe struct {
	answers chan bool
	calls   atomic.Int32
}

func (p *routerProbe) up(ctx context.Context, _ *url.URL) bool {
	p.calls.Add(1)
	select {
	case up := <-p.answers:
		return up
	case <-ctx.Done():
		return false
	}
}

// routerStep walks a gateway_unreachable diagnosis to its restart_router
// step, where the watch starts by itself and waits on the clock.
func routerStep(t *testing.T, eng *fakeEngine) (*harness, *routerProbe, chan chan time.Time) {
	t.Helper()
	p := &routerProbe{answers: make(chan bool)}
	h := newHarness(t, eng, func(d *Deps) { d.NetworkUp = p.up })
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	h.expectText("verdict", h.w.ref.verdictSummary.Text, T("verdict.gateway_unreachable"))
	test.Tap(h.w.ref.showSteps)
	h.expectText("step", h.w.ref.stepTitle.Text, "Restart your router")
	if h.w.watch == nil || !h.w.watch.running {
		t.Fatal("the restart_router step does not watch the network")
	}
	h.expectText("watch title", h.w.ref.watchTitle.Text, "Waiting for your network to come back…")
	if !h.w.ref.watchTitle.Visible() || !h.w.ref.watchSpin.Visible() || !h.w.ref.watchStop.Visible() {
		t.Errorf("the waiting panel is not shown")
	}
	if h.w.ref.action.Visible() {
		t.Errorf("\"Wait again\" is offered while waiting")
	}
	return h, p, h.clock.afters
}

func TestRouterRestartWatchFixes(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictGatewayUnreachable, "router 192.0.2.1 did not answer"), verdictFor(checks.VerdictOK))
	h, p, afters := routerStep(t, eng)

	// The first poll: the router is still off.
	(<-afters) <- h.clock.now
	p.answers <- false
	h.waitFor("the down state", func() bool { return h.w.ref.watchLine.Text == T("watch.down") })
	if eng.Runs() != 1 {
		t.Fatalf("retested while the network is down")
	}
	// Redrawing the step (the expert view, a new language) keeps the watch.
	nw := h.w.watch
	h.w.ref.expertToggle.SetChecked(true)
	h.w.ref.expertToggle.SetChecked(false)
	if h.w.watch != nw || !nw.running {
		t.Fatal("redrawing the step stopped or replaced the watch")
	}
	h.expectText("after a redraw", h.w.ref.watchLine.Text, T("watch.down"))
	// The next poll: it is back, and the wizard retests by itself.
	(<-afters) <- h.clock.now
	p.answers <- true
	h.waitFor("fixed", func() bool { return h.w.screen == screenFinish })
	h.expectText("finish", h.w.ref.finishTitle.Text, "Fixed!")
	h.expectText("what fixed it", h.w.ref.finishText.Text, "What fixed it: Restart your router.")
	if eng.Runs() != 2 {
		t.Errorf("runs = %d, want the diagnosis and one retest", eng.Runs())
	}
	if h.w.watch != nil {
		t.Errorf("the watch outlives its step")
	}
	if !slices.Equal(h.w.tried, []string{"restart_router"}) {
		t.Errorf("tried = %v", h.w.tried)
	}
}

func TestRouterRestartWatchCancel(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictGatewayUnreachable))
	h, p, afters := routerStep(t, eng)
	<-afters // the watch waits for its first poll
	nw := h.w.watch
	test.Tap(h.w.ref.watchStop)
	h.waitFor("the watch to stop", func() bool { return nw.done })
	h.expectText("stopped", h.w.ref.watchLine.Text, T("watch.stopped"))
	if h.w.ref.watchSpin.Visible() || h.w.ref.watchStop.Visible() || !h.w.ref.action.Visible() {
		t.Errorf("after Stop: spinner %v, stop %v, wait again %v", h.w.ref.watchSpin.Visible(), h.w.ref.watchStop.Visible(), h.w.ref.action.Visible())
	}
	h.expectText("wait again", h.w.ref.action.Text, T("watch.again"))

	// Wait again, then Skip: leaving the step stops that watch too.
	test.Tap(h.w.ref.action)
	<-afters
	nw2 := h.w.watch
	if nw2 == nil || nw2 == nw || !nw2.running {
		t.Fatal("Wait again did not start a new watch")
	}
	test.Tap(h.w.ref.skip)
	h.waitFor("the second watch to stop", func() bool { return nw2.done })
	if h.w.screen != screenFinish || h.w.watch != nil {
		t.Errorf("after Skip: screen %d, watch %v", h.w.screen, h.w.watch)
	}
	if n := p.calls.Load(); n != 0 {
		t.Errorf("probed %d times after the watches were stopped", n)
	}
	if eng.Runs() != 1 {
		t.Errorf("a stopped watch retested (%d runs)", eng.Runs())
	}
	if len(h.w.tried) != 0 {
		t.Errorf("skipped without trying, but tried = %v", h.w.tried)
	}
}
