package ui

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/watch"
)

// fakeTray records the tray menus; Xvfb has no tray host.
type fakeTray struct{ menus []*fyne.Menu }

func (f *fakeTray) SetSystemTrayMenu(m *fyne.Menu) { f.menus = append(f.menus, m) }

func (f *fakeTray) last() []string {
	var labels []string
	for _, it := range f.menus[len(f.menus)-1].Items {
		labels = append(labels, it.Label)
	}
	return labels
}

// fakeNotifier records notifications; Xvfb has no notification daemon.
type fakeNotifier struct{ sent []*fyne.Notification }

func (f *fakeNotifier) SendNotification(n *fyne.Notification) { f.sent = append(f.sent, n) }

// watchClock advances by what is waited for, at once; with hold set, every
// wait lasts until "Check now" or Stop.
type watchClock struct {
	mu   sync.Mutex
	now  time.Time
	hold bool
}

func (c *watchClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *watchClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if !c.hold {
		c.now = c.now.Add(d)
		ch <- c.now
	}
	return ch
}

// scriptedEngine answers each retest with the next verdict of its script.
type scriptedEngine struct {
	mu     sync.Mutex
	script []checks.VerdictCode
	runs   int
}

func (s *scriptedEngine) Run(ctx context.Context, _ *url.URL, _ func(checks.Event)) (engine.Diagnosis, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := s.script[min(s.runs, len(s.script)-1)]
	s.runs++
	return engine.Diagnosis{Verdict: checks.Verdict{Code: code, Side: checks.Verdicts[code].Side}}, nil
}

type trayRig struct {
	t      *testing.T
	queue  chan func()
	tray   *fakeTray
	notes  *fakeNotifier
	ended  []watch.Outcome
	opened int
	tw     *TrayWatch
}

func startTray(t *testing.T, clock *watchClock, script ...checks.VerdictCode) *trayRig {
	if err := loadTranslations("en"); err != nil {
		t.Fatal(err)
	}
	r := &trayRig{t: t, queue: make(chan func(), 64), tray: &fakeTray{}, notes: &fakeNotifier{}}
	target := &url.URL{Scheme: "https", Host: "shop.example", Path: "/"}
	r.tw = StartTrayWatch(TrayWatchConfig{
		Engine: &scriptedEngine{script: script}, Clock: clock, Tray: r.tray, Notify: r.notes,
		Do:    func(f func()) { r.queue <- f },
		Open:  func() { r.opened++ },
		OnEnd: func(o watch.Outcome) { r.ended = append(r.ended, o) },
	}, target, checks.Verdict{Code: checks.VerdictWebsiteOrigin, Side: checks.SideWebsite})
	return r
}

// step runs the next function the watch posted, as the Fyne goroutine would.
func (r *trayRig) step() {
	select {
	case f := <-r.queue:
		f()
	case <-time.After(waitLimit):
		r.t.Fatal("the watch posted nothing")
	}
}

// drain runs what the watch posted until its goroutine has ended.
func (r *trayRig) drain() {
	select {
	case <-r.tw.Done():
	case <-time.After(waitLimit):
		r.t.Fatal("the watch did not end")
	}
	for len(r.queue) > 0 {
		(<-r.queue)()
	}
}

func TestTrayWatchBackAfterChangeOfSide(t *testing.T) {
	r := startTray(t, &watchClock{now: time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)},
		checks.VerdictWebsiteOrigin, checks.VerdictDNSFailure, checks.VerdictOK)
	if got := r.tray.last(); len(got) != 4 || !strings.Contains(got[0], "shop.example") {
		t.Fatalf("first menu %q", got)
	}
	r.drain()
	if r.tw.Running() || len(r.ended) != 1 || r.ended[0] != watch.Back {
		t.Fatalf("running %v, ended %v", r.tw.Running(), r.ended)
	}
	var titles []string
	for _, n := range r.notes.sent {
		titles = append(titles, n.Title)
	}
	if strings.Join(titles, "|") != T("watch.notify.side.title")+"|"+T("notify.title") {
		t.Errorf("notifications %q", titles)
	}
	if !strings.Contains(r.notes.sent[0].Content, T("side.network")) {
		t.Errorf("side-change notification %q does not name the network", r.notes.sent[0].Content)
	}
	// After the end only the state and "Open" stay; "Open" shows the window.
	if got := r.tray.last(); len(got) != 2 || got[0] != T("watch.tray.back", map[string]any{"Host": "shop.example"}) {
		t.Errorf("last menu %q", got)
	}
	r.tray.menus[len(r.tray.menus)-1].Items[1].Action()
	if r.opened != 1 {
		t.Error("Open did not open the window")
	}
}

func TestTrayWatchCheckNowAndStop(t *testing.T) {
	clock := &watchClock{now: time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC), hold: true}
	r := startTray(t, clock, checks.VerdictWebsiteOrigin)
	menu := r.tray.menus[0]
	menu.Items[1].Action() // Check now: the held wait ends, one retest runs
	r.step()
	if want := T("watch.tray.state", map[string]any{"Host": "shop.example", "Side": T("side.website"), "Time": "14:00"}); r.tw.State() != want {
		t.Errorf("state %q, want %q", r.tw.State(), want)
	}
	if len(r.notes.sent) != 0 {
		t.Errorf("a retest that changed nothing notified: %v", r.notes.sent[0].Title)
	}
	r.tray.menus[len(r.tray.menus)-1].Items[2].Action() // Stop watching
	r.drain()
	if len(r.ended) != 1 || r.ended[0] != watch.Stopped || r.tw.Running() {
		t.Errorf("ended %v, running %v", r.ended, r.tw.Running())
	}
}

// TestTrayWatchWindowClosed: closing the window while watching hides it
// and the watch goes on; once it ended, closing quits.
func TestTrayWatchWindowClosed(t *testing.T) {
	a := test.NewTempApp(t)
	win := a.NewWindow("Gateway Doctor")
	win.Show()
	clock := &watchClock{now: time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC), hold: true}
	r := startTray(t, clock, checks.VerdictOK)
	quits := 0
	closeWin := r.tw.CloseIntercept(win, func() { quits++ })
	closeWin()
	if quits != 0 || !r.tw.Running() {
		t.Fatalf("closing while watching quit (%d) or stopped the watch", quits)
	}
	r.tw.CheckNow()
	r.drain()
	if len(r.ended) != 1 || r.ended[0] != watch.Back || len(r.notes.sent) != 1 {
		t.Fatalf("with the window closed: ended %v, %d notifications", r.ended, len(r.notes.sent))
	}
	closeWin()
	if quits != 1 {
		t.Errorf("closing after the watch ended did not quit")
	}
}
