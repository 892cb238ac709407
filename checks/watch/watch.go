// Package watch retests a website until it works again: "tell me when it
// is back". It waits past CDN error caching first, then backs off up to a
// cap, and reports each result, each change of cause and the end. Every
// face (the `watch` command, the wizard's tray) runs it; it calls the one
// diagnosis entry point and never prints or draws.
package watch

import (
	"context"
	"net/url"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
)

// FirstWait is the default wait before the first retest. CDNs keep an
// error for a while: CloudFront caches a 5xx for 10 s by default (its
// "error caching minimum TTL"), so a retest sooner can see the cached
// error instead of the site. 15 s is past that, with margin for the
// edge's own clock.
const FirstWait = 15 * time.Second

// Ladder is the backoff after the first retest: an outage that outlasts a
// quick blip is usually a deploy or an incident that takes minutes, so the
// waits grow quickly to keep from loading a struggling site.
var Ladder = []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, MaxWait}

// MaxWait is the cap: past it the site is retested every 5 minutes, often
// enough that a person hears of the recovery within minutes of it.
const MaxWait = 5 * time.Minute

// DefaultFor is how long a watch lasts by default: an hour covers most
// incidents, and a person who still waits after that has other options.
const DefaultFor = time.Hour

// MinEvery is the shortest first wait a person may ask for: a retest is a
// full diagnosis of a few seconds, so a faster pace only piles them up.
const MinEvery = 5 * time.Second

// MaxFor is the longest watch: a day; past that, a monitoring service is
// the right tool, not a desktop app.
const MaxFor = 24 * time.Hour

// Schedule returns the wait before retest n (0 is the first): first, then
// each step of Ladder longer than first, then the cap (MaxWait, or first
// when that is longer) for ever. The backoff grows from first.
func Schedule(first time.Duration) func(n int) time.Duration {
	if first <= 0 {
		first = FirstWait
	}
	waits := []time.Duration{first}
	for _, l := range Ladder {
		if l > first {
			waits = append(waits, l)
		}
	}
	return func(n int) time.Duration {
		if n < 0 {
			n = 0
		}
		if n >= len(waits) {
			return waits[len(waits)-1]
		}
		return waits[n]
	}
}

// Clock is the time a watch waits on; a fake in the tests.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// RealClock is the system's clock.
type RealClock struct{}

// Now is time.Now.
func (RealClock) Now() time.Time { return time.Now() }

// After is time.After.
func (RealClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Diagnoser is the one diagnosis entry point (engine.Engine satisfies it).
type Diagnoser interface {
	Run(ctx context.Context, target *url.URL, onEvent func(checks.Event)) (engine.Diagnosis, error)
}

// Outcome is how a watch ended.
type Outcome string

// The outcomes of a watch.
const (
	Back    Outcome = "back"    // the site works again
	TimeUp  Outcome = "time_up" // the time ran out while it still failed
	Stopped Outcome = "stopped" // the person stopped watching
)

// Event is one retest, or the end.
type Event struct {
	// Attempt counts the retests, from 1.
	Attempt int
	// At is when the retest ended.
	At time.Time
	// Verdict is the retest's verdict; Err is set when the diagnosis could
	// not run at all (the verdict is then the previous one).
	Verdict checks.Verdict
	Err     error
	// Changed is set when the verdict's code differs from the one before;
	// SideChanged when its side does (the cause moved: "it is your network
	// now, not the website").
	Changed, SideChanged bool
	// Next is the wait before the next retest; 0 when the watch ends here.
	Next time.Duration
	// End is set on the last event: how the watch ended.
	End Outcome
}

// Watcher retests one target.
type Watcher struct {
	// Engine runs each retest.
	Engine Diagnoser
	// Target is the URL to watch.
	Target *url.URL
	// Clock is the time; nil means RealClock.
	Clock Clock
	// First is the first wait; 0 means FirstWait.
	First time.Duration
	// For bounds the watch; 0 means DefaultFor.
	For time.Duration
	// CheckNow, when it receives, retests at once instead of waiting out
	// the current wait ("Check now" in the tray).
	CheckNow <-chan struct{}
	// OnEvent receives each retest and the end, on the watch's goroutine;
	// it must not block.
	OnEvent func(Event)
}

// Run watches until the site works (Back), the time ends (TimeUp) or ctx
// is cancelled (Stopped). last is the verdict that started the watch; the
// first retest waits First.
func (w Watcher) Run(ctx context.Context, last checks.Verdict) Outcome {
	clock := w.Clock
	if clock == nil {
		clock = RealClock{}
	}
	limit := w.For
	if limit <= 0 {
		limit = DefaultFor
	}
	next := Schedule(w.First)
	deadline := clock.Now().Add(limit)
	emit := func(e Event) {
		if w.OnEvent != nil {
			w.OnEvent(e)
		}
	}
	for n := 0; ; n++ {
		wait := min(next(n), deadline.Sub(clock.Now()))
		if wait <= 0 {
			emit(Event{Attempt: n, At: clock.Now(), Verdict: last, End: TimeUp})
			return TimeUp
		}
		select {
		case <-ctx.Done():
			emit(Event{Attempt: n, At: clock.Now(), Verdict: last, End: Stopped})
			return Stopped
		case <-clock.After(wait):
		case <-w.CheckNow:
		}
		d, err := w.Engine.Run(ctx, w.Target, nil)
		if ctx.Err() != nil {
			emit(Event{Attempt: n, At: clock.Now(), Verdict: last, End: Stopped})
			return Stopped
		}
		e := Event{Attempt: n + 1, At: clock.Now(), Verdict: d.Verdict, Err: err}
		if err != nil && d.Verdict.Code == "" {
			e.Verdict = last
		}
		e.Changed = e.Verdict.Code != last.Code
		e.SideChanged = e.Verdict.Side != last.Side
		last = e.Verdict
		switch {
		case err == nil && e.Verdict.Code == checks.VerdictOK:
			e.End = Back
		case !clock.Now().Before(deadline):
			e.End = TimeUp
		default:
			e.Next = min(next(n+1), deadline.Sub(clock.Now()))
		}
		emit(e)
		if e.End != "" {
			return e.End
		}
	}
}
