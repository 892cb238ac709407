package ui

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
)

// waitLimit only turns a hang into a failure; tests synchronise on the
// queue of posted UI functions, never on time.
const waitLimit = 20 * time.Second

// harness is a wizard in a test window. Functions the wizard posts from
// goroutines are queued and run on the test goroutine by waitFor, so
// widgets are only touched from one goroutine (the race detector checks).
type harness struct {
	t     *testing.T
	app   fyne.App
	win   fyne.Window
	w     *Wizard
	queue chan func()
	eng   *fakeEngine
	fix   *fakeFixer
	clock *fakeClock
	notes []*fyne.Notification
	tray  *fakeTray
	saved map[string][]byte
	urls  chan *url.URL
}

func newHarness(t *testing.T, eng Engine, mod ...func(*Deps)) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	win := a.NewWindow("Gateway Doctor")
	win.Resize(fyne.NewSize(800, 600))
	h := &harness{t: t, app: a, win: &seenWindow{Window: win}, queue: make(chan func(), 4096), fix: newFakeFixer(), clock: newFakeClock(),
		saved: map[string][]byte{}, urls: make(chan *url.URL, 4), tray: &fakeTray{}}
	if fe, ok := eng.(*fakeEngine); ok {
		h.eng = fe
	}
	d := Deps{
		Engine: eng, Fixer: h.fix, Clock: h.clock, Tray: h.tray,
		Do:       func(f func()) { h.queue <- f },
		Notify:   func(n *fyne.Notification) { h.notes = append(h.notes, n) },
		OpenURL:  func(u *url.URL) error { h.urls <- u; return nil },
		Contacts: []string{"dns.lab.test", "portal.lab.test"},
		SaveFile: func(name string, data []byte, done func(string, error)) {
			h.saved[name] = data
			go done("/tmp/"+name, nil)
		},
	}
	for _, m := range mod {
		m(&d)
	}
	h.w = New(a, h.win, d, "")
	return h
}

// seenWindow is a test window that remembers whether it is hidden, which
// Fyne's test window does not tell.
type seenWindow struct {
	fyne.Window
	hidden bool
}

func (s *seenWindow) Hide() { s.hidden = true; s.Window.Hide() }
func (s *seenWindow) Show() { s.hidden = false; s.Window.Show() }

// hidden reports whether the wizard's window is hidden.
func (h *harness) hidden() bool { return h.win.(*seenWindow).hidden }

// waitFor runs posted UI functions until cond holds.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	limit := time.NewTimer(waitLimit)
	defer limit.Stop()
	for !cond() {
		select {
		case f := <-h.queue:
			f()
		case <-limit.C:
			h.t.Fatalf("timed out waiting for %s (screen %d)", what, h.w.screen)
		}
	}
}

// drain runs what is queued now, without waiting.
func (h *harness) drain() {
	for {
		select {
		case f := <-h.queue:
			f()
		default:
			return
		}
	}
}

func (h *harness) waitScreen(s screen) {
	h.t.Helper()
	h.waitFor("screen", func() bool { return h.w.screen == s && !h.w.running })
}

// typeURL types into the URL field and presses Start.
func (h *harness) startWith(u string) {
	h.t.Helper()
	h.w.ref.urlEntry.SetText("")
	test.Type(h.w.ref.urlEntry, u)
	test.Tap(h.w.ref.start)
}

func (h *harness) expectText(what, got, want string) {
	h.t.Helper()
	if got != want {
		h.t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// verdictFor builds the verdict the diagnosis gives for code.
func verdictFor(code checks.VerdictCode, evidence ...string) checks.Verdict {
	info := checks.Verdicts[code]
	return checks.Verdict{Code: code, Side: info.Side, Summary: info.Summary, Fixes: info.Fixes, Evidence: evidence}
}

// fakeEngine plays a scripted verdict per run: run i gets verdicts[i], and
// later runs the last one. Each run reports its checks as events; a run
// can be held at gate until the test releases it.
type fakeEngine struct {
	ids      []string
	mu       sync.Mutex
	verdicts []checks.Verdict
	runs     int
	gate     chan struct{}
	targets  []string
	details  map[string]map[string]any // a check's Details, by check ID
	http     *checks.HTTPOutcome       // the target's, when set
}

func newFakeEngine(vs ...checks.Verdict) *fakeEngine {
	return &fakeEngine{ids: []string{"target", "dns.resolve", "captive"}, verdicts: vs}
}

func (e *fakeEngine) CheckIDs() []string { return e.ids }

func (e *fakeEngine) Run(ctx context.Context, target *url.URL, on func(checks.Event)) (engine.Diagnosis, error) {
	e.mu.Lock()
	v := e.verdicts[min(e.runs, len(e.verdicts)-1)]
	e.runs++
	e.targets = append(e.targets, target.String())
	gate := e.gate
	e.mu.Unlock()
	var rs checks.Results
	for i, id := range e.ids {
		on(checks.Event{Kind: checks.EventStarted, ID: id})
		if i == 1 && gate != nil {
			select {
			case <-gate:
			case <-ctx.Done():
				return engine.Diagnosis{}, ctx.Err()
			}
		}
		st := checks.StatusOK
		if i == 0 && v.Code != checks.VerdictOK {
			st = checks.StatusProblem
		}
		r := checks.Result{ID: id, Status: st, Summary: id + " summary", Took: time.Duration(i+1) * time.Millisecond, Details: e.details[id]}
		if id == "target" {
			r.HTTP = &checks.HTTPOutcome{Primary: checks.Attempt{Path: checks.PathDirect, Status: 502,
				Producer: checks.Producer{Name: "cloudflare", Title: "Cloudflare", Role: checks.RoleOrigin}}}
			if e.http != nil {
				r.HTTP = e.http
			}
		}
		rs = append(rs, r)
		on(checks.Event{Kind: checks.EventFinished, ID: id, Result: r})
	}
	return engine.Diagnosis{Results: rs, Verdict: v, Report: checks.NewReport(target.String(), time.Time{}, 0, rs, v)}, nil
}

func (e *fakeEngine) Runs() int { e.mu.Lock(); defer e.mu.Unlock(); return e.runs }

// fakeFixer records what the steps asked for.
type fakeFixer struct {
	mu        sync.Mutex
	can       map[string]bool
	applied   []string
	targets   []string // the address each Apply or OpenIn got
	applyErr  map[string]error
	switchErr error
	decided   chan string // "keep" or "revert"
}

func newFakeFixer() *fakeFixer {
	return &fakeFixer{
		can:      map[string]bool{"flush_dns": true, "switch_dns": true, "open_portal": true, "proxy_settings": true, "other_browser": true, "restart_browser": true},
		applyErr: map[string]error{}, decided: make(chan string, 4),
	}
}

func (f *fakeFixer) CanApply(id string) bool { f.mu.Lock(); defer f.mu.Unlock(); return f.can[id] }

func (f *fakeFixer) Apply(ctx context.Context, id string, target *url.URL) (FixOutcome, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.applied = append(f.applied, id)
	f.targets = append(f.targets, target.String())
	if id == "restart_browser" {
		return FixOutcome{Key: "fix.restart_browser.running", English: "These browsers are open. Close and reopen them:", Details: []string{"Firefox"}}, nil
	}
	return FixOutcome{}, f.applyErr[id]
}

func (f *fakeFixer) Applied() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.applied...)
}

func (f *fakeFixer) SwitchDNS(ctx context.Context, target *url.URL) (DNSSwitch, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.applied = append(f.applied, "switch_dns")
	if f.switchErr != nil {
		return nil, f.switchErr
	}
	return fakeSwitch{f}, nil
}

type fakeSwitch struct{ f *fakeFixer }

func (s fakeSwitch) Provider() string { return "Example DNS (192.0.2.53)" }
func (s fakeSwitch) Keep() error      { s.f.decided <- "keep"; return nil }
func (s fakeSwitch) Revert() error    { s.f.decided <- "revert"; return nil }

// fakeClock is time the test moves: After and Ticker channels are handed
// to the test, which fires them.
type fakeClock struct {
	afters  chan chan time.Time
	tickers chan chan time.Time
	now     time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{afters: make(chan chan time.Time, 8), tickers: make(chan chan time.Time, 8),
		now: time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.afters <- ch
	return ch
}
func (c *fakeClock) Ticker(time.Duration) (<-chan time.Time, func()) {
	ch := make(chan time.Time)
	c.tickers <- ch
	return ch, func() {}
}

var errBoom = errors.New("exit status 1: flush failed")

// fakeBrowserFixer is a fakeFixer that offers installed browsers by name.
type fakeBrowserFixer struct {
	*fakeFixer
	browsers []BrowserChoice
}

func (f fakeBrowserFixer) Browsers() []BrowserChoice { return f.browsers }

func (f fakeBrowserFixer) OpenIn(ctx context.Context, fix, browser string, target *url.URL) (FixOutcome, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.applied = append(f.applied, fix+":"+browser)
	f.targets = append(f.targets, target.String())
	return FixOutcome{}, f.applyErr[fix]
}
