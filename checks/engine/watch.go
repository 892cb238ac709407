package engine

import (
	"sync"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/diagnosis"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/profile"
)

// watcher follows a run's events and diagnoses what is known so far: a
// provisional verdict as soon as the target's first fetch is classified,
// and a new event each time the verdict changes as the other checks
// finish. When a cause closer to the user than the website is proven while
// the site fails, it closes settled, and the target stops retesting.
type watcher struct {
	start   time.Time
	order   []string // the checks' IDs, in the runner's order
	profile *profile.Profile
	forward func(checks.Event)
	settled chan struct{}

	mu          sync.Mutex
	done        map[string]checks.Result // finished checks
	provisional map[string]checks.Result // what unfinished checks reported so far
	last        checks.VerdictCode
	first       time.Duration // when the first verdict was sent; 0 before
	settleOnce  sync.Once
}

func newWatcher(start time.Time, cs []checks.Check, p *profile.Profile, forward func(checks.Event)) *watcher {
	w := &watcher{start: start, profile: p, forward: forward, settled: make(chan struct{}),
		done: map[string]checks.Result{}, provisional: map[string]checks.Result{}}
	for _, c := range cs {
		w.order = append(w.order, c.ID())
	}
	return w
}

// onEvent is the runner's OnEvent: it forwards the checks' progress and
// adds verdict events. The runner calls it one event at a time.
func (w *watcher) onEvent(e checks.Event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch e.Kind {
	case checks.EventFinished:
		w.done[e.ID] = e.Result
		delete(w.provisional, e.ID)
	case checks.EventProvisional:
		if _, finished := w.done[e.ID]; !finished {
			w.provisional[e.ID] = e.Result
		}
	}
	// Every event goes on to the face, a provisional result too (what the
	// wizard says it found under a provisional verdict), before the
	// verdict it may bring.
	w.send(e)
	if e.Kind == checks.EventFinished || e.Kind == checks.EventProvisional {
		w.update()
	}
}

func (w *watcher) send(e checks.Event) {
	if w.forward != nil {
		w.forward(e)
	}
}

// known is every result known so far, in the runner's order: finished
// checks, and the provisional results of unfinished ones.
func (w *watcher) known() checks.Results {
	var rs checks.Results
	for _, id := range w.order {
		if r, ok := w.done[id]; ok {
			rs = append(rs, r)
		} else if r, ok := w.provisional[id]; ok {
			rs = append(rs, r)
		}
	}
	return rs
}

// update diagnoses what is known once the target's first fetch is
// classified, sends the verdict when it changed, and settles the run when
// a closer cause than the website is proven while the site fails.
func (w *watcher) update() {
	rs := w.known()
	target, ok := rs.ByID(web.TargetID)
	if !ok {
		return
	}
	v := diagnosis.Diagnose(rs)
	if target.Status == checks.StatusProblem && v.Code != checks.VerdictOK && v.Side != checks.SideWebsite {
		w.settleOnce.Do(func() { close(w.settled) })
	}
	if v.Code == w.last {
		return
	}
	w.last = v.Code
	if w.first == 0 {
		w.first = max(time.Since(w.start), time.Millisecond)
	}
	v.Fixes = offered(v.Fixes, w.profile)
	v.Provisional = true
	w.send(checks.Event{Kind: checks.EventVerdict, Verdict: &v})
}

// final sends the finished run's verdict when it differs from the last
// provisional one, and returns when the first verdict was known.
func (w *watcher) final(v checks.Verdict, took time.Duration) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	if v.Code != w.last {
		w.last = v.Code
		fv := v
		w.send(checks.Event{Kind: checks.EventVerdict, Verdict: &fv})
	}
	if w.first == 0 {
		w.first = took
	}
	return w.first
}
