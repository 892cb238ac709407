package fixes

import (
	"context"
	"time"
)

// Clock is the time source of waits; tests drive a fake so that no test
// sleeps.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now implements Clock.
func (SystemClock) Now() time.Time { return time.Now() }

// After implements Clock.
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

const (
	// watchFirstPoll is the first wait: a router switched off and on is
	// gone for at least this long, so probing sooner only burns requests.
	watchFirstPoll = 5 * time.Second
	// watchMaxPoll caps the backoff: once the router is back the user
	// should not wait more than this to hear so.
	watchMaxPoll = 30 * time.Second
	// watchLimit gives up: consumer routers boot in one to three minutes
	// and a DSL/cable line resyncs within a few more; ten minutes without
	// a connection means the restart did not help.
	watchLimit = 10 * time.Minute
	// watchUpGrace ends the wait when the network never went away: the
	// router may have restarted between two polls.
	watchUpGrace = 3 * time.Minute
)

// WatchState is what the watch reports while the router restarts.
type WatchState string

// The watch's states.
const (
	WatchWaiting WatchState = "waiting" // network still up: restart not seen yet
	WatchDown    WatchState = "down"    // the network is gone, as expected
	WatchBack    WatchState = "back"    // the network answers again
	WatchGaveUp  WatchState = "gave_up" // still nothing after watchLimit
)

// Watch waits for the network to come back after the user restarts the
// router: it polls Probe with backoff and reports each state.
type Watch struct {
	// Probe reports whether the internet answers (a captive probe).
	Probe func(ctx context.Context) bool
	Clock Clock
	// OnState hears every change of state; it must not block.
	OnState func(WatchState)
	// FirstPoll, MaxPoll, Limit and UpGrace override the defaults (0).
	FirstPoll, MaxPoll, Limit, UpGrace time.Duration
}

// WatchResult is how the wait ended.
type WatchResult struct {
	State   WatchState
	SawDown bool
	Waited  time.Duration
	Polls   int
}

// Run waits until the network is back (after having been down, or after
// the grace period), the limit passes, or ctx ends.
func (w Watch) Run(ctx context.Context) (WatchResult, error) {
	clock := w.Clock
	if clock == nil {
		clock = SystemClock{}
	}
	first, max, limit, grace := or(w.FirstPoll, watchFirstPoll), or(w.MaxPoll, watchMaxPoll), or(w.Limit, watchLimit), or(w.UpGrace, watchUpGrace)
	start := clock.Now()
	res := WatchResult{State: WatchWaiting}
	var last WatchState
	report := func(s WatchState) {
		res.State = s
		if s != last {
			last = s
			if w.OnState != nil {
				w.OnState(s)
			}
		}
	}
	delay := first
	for {
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-clock.After(delay):
		}
		up := w.Probe(ctx)
		res.Polls++
		res.Waited = clock.Now().Sub(start)
		switch {
		case !up:
			res.SawDown = true
			report(WatchDown)
			delay = min(delay*2, max)
		case res.SawDown || res.Waited >= grace:
			report(WatchBack)
			return res, nil
		default:
			report(WatchWaiting)
			delay = first
		}
		if res.Waited >= limit {
			report(WatchGaveUp)
			return res, nil
		}
	}
}

func or(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
