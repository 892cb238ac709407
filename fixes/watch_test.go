package fixes

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeClock fires every After at once and moves its time forward by the
// wait: the watch's schedule is tested without sleeping.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.waits = append(c.waits, d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func TestWatchRouterRestart(t *testing.T) {
	for _, tc := range []struct {
		name      string
		probes    []bool // answers in order; the last repeats
		want      WatchState
		wantWaits []time.Duration
		states    []WatchState
	}{
		{"down then back, with backoff", []bool{false, false, false, true}, WatchBack,
			[]time.Duration{5 * time.Second, 10 * time.Second, 20 * time.Second, 30 * time.Second}, []WatchState{WatchDown, WatchBack}},
		{"up, down, back", []bool{true, false, true}, WatchBack,
			[]time.Duration{5 * time.Second, 5 * time.Second, 10 * time.Second}, []WatchState{WatchWaiting, WatchDown, WatchBack}},
		{"never down: back after the grace period", []bool{true}, WatchBack, nil, []WatchState{WatchWaiting, WatchBack}},
		{"never back: gives up at the limit", []bool{false}, WatchGaveUp, nil, []WatchState{WatchDown, WatchGaveUp}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock := &fakeClock{now: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
			i := 0
			var states []WatchState
			w := Watch{Clock: clock, OnState: func(s WatchState) { states = append(states, s) },
				Probe: func(context.Context) bool {
					p := tc.probes[min(i, len(tc.probes)-1)]
					i++
					return p
				}}
			res, err := w.Run(context.Background())
			if err != nil || res.State != tc.want {
				t.Fatalf("res = %+v, %v; want %s", res, err, tc.want)
			}
			if tc.wantWaits != nil && !slices.Equal(clock.waits, tc.wantWaits) {
				t.Errorf("waits = %v, want %v", clock.waits, tc.wantWaits)
			}
			if !slices.Equal(states, tc.states) {
				t.Errorf("states = %v, want %v", states, tc.states)
			}
			for _, d := range clock.waits {
				if d > watchMaxPoll {
					t.Errorf("a wait of %v exceeds the cap", d)
				}
			}
			if tc.want == WatchGaveUp && res.Waited < watchLimit {
				t.Errorf("gave up after %v, before the limit", res.Waited)
			}
		})
	}
}

func TestWatchStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := Watch{Clock: blockingClock{}, Probe: func(context.Context) bool { t.Error("probed after cancel"); return true }}
	if _, err := w.Run(ctx); err == nil {
		t.Error("want the context's error")
	}
}

type blockingClock struct{}

func (blockingClock) Now() time.Time                       { return time.Time{} }
func (blockingClock) After(time.Duration) <-chan time.Time { return nil }
