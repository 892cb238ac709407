package ui

import (
	"context"
	"net/url"
	"time"

	"fyne.io/fyne/v2"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/watch"
)

// Tray is the system tray menu a watch lives in: desktop.App in the app.
// Xvfb has no tray host, so tests use a fake.
type Tray interface {
	SetSystemTrayMenu(menu *fyne.Menu)
}

// Notifier sends desktop notifications: fyne.App in the app, a fake in
// tests (Xvfb has no notification daemon).
type Notifier interface {
	SendNotification(n *fyne.Notification)
}

// TrayWatchConfig is what a tray watch needs from the app.
type TrayWatchConfig struct {
	// Engine runs each retest (watch.Diagnoser: the wizard's Engine).
	Engine watch.Diagnoser
	// Clock is the time; nil is the real clock.
	Clock watch.Clock
	Tray  Tray
	// Notify tells the person when the site is back or the cause moves.
	Notify Notifier
	// Do runs a function on the Fyne goroutine; nil is fyne.Do.
	Do func(func())
	// Open shows the wizard's window again ("Open" in the tray).
	Open func()
	// OnState is called on the Fyne goroutine when the state line changed.
	OnState func()
	// OnEnd is called on the Fyne goroutine when the watch ends.
	OnEnd func(watch.Outcome)
	// First and For are the first wait and the limit (watch.Watcher).
	First, For time.Duration
}

// TrayWatch is "Tell me when it works again": it keeps retesting in the
// background, with the window closed, from the system tray (the state,
// "Check now", "Stop watching", "Open"). It notifies when the site is back,
// or when the cause changes side. State is touched on the Fyne goroutine
// only; the watch itself runs on its own goroutine and reports through the
// bridge.
type TrayWatch struct {
	cfg     TrayWatchConfig
	bridge  *bridge
	host    string
	stop    context.CancelFunc
	now     chan struct{}
	done    chan struct{}
	state   string
	running bool
}

// StartTrayWatch starts watching target, whose last verdict was last. Call
// it on the Fyne goroutine: it puts the first menu in the tray at once.
func StartTrayWatch(cfg TrayWatchConfig, target *url.URL, last checks.Verdict) *TrayWatch {
	ctx, cancel := context.WithCancel(context.Background())
	t := &TrayWatch{cfg: cfg, bridge: newBridge(cfg.Do), host: target.Hostname(), stop: cancel,
		now: make(chan struct{}, 1), done: make(chan struct{}), running: true}
	t.state = T("watch.tray.waiting", map[string]any{"Host": t.host})
	t.showMenu()
	w := watch.Watcher{Engine: cfg.Engine, Target: target, Clock: cfg.Clock, First: cfg.First, For: cfg.For, CheckNow: t.now,
		OnEvent: func(e watch.Event) { t.bridge.post(func() { t.onEvent(e) }) }}
	// The watch reports through OnEvent; its end has nothing more to say.
	background(t.bridge, nil, func() struct{} {
		defer close(t.done)
		w.Run(ctx, last)
		return struct{}{}
	}, func(struct{}) {})
	return t
}

// onEvent shows one retest or the end; on the Fyne goroutine.
func (t *TrayWatch) onEvent(e watch.Event) {
	side := T("side." + string(e.Verdict.Side))
	switch e.End {
	case watch.Back:
		t.state = T("watch.tray.back", map[string]any{"Host": t.host})
		t.notify(T("notify.title"), T("notify.body", map[string]any{"Host": t.host}))
	case watch.TimeUp:
		t.state = T("watch.tray.time_up", map[string]any{"Host": t.host})
		t.notify(T("watch.notify.time_up.title"), t.state)
	case watch.Stopped:
		t.state = T("watch.tray.stopped", map[string]any{"Host": t.host})
	default:
		t.state = T("watch.tray.state", map[string]any{"Host": t.host, "Side": side, "Time": e.At.Add(e.Next).Format("15:04")})
		if e.SideChanged {
			t.notify(T("watch.notify.side.title"), T("watch.notify.side.body", map[string]any{"Host": t.host, "Side": side}))
		}
	}
	if e.End != "" {
		t.running = false
	}
	t.showMenu()
	if t.cfg.OnState != nil {
		t.cfg.OnState()
	}
	if e.End != "" && t.cfg.OnEnd != nil {
		t.cfg.OnEnd(e.End)
	}
}

func (t *TrayWatch) notify(title, body string) {
	if t.cfg.Notify != nil {
		t.cfg.Notify.SendNotification(fyne.NewNotification(title, body))
	}
}

// showMenu puts the state and the actions in the tray.
func (t *TrayWatch) showMenu() {
	if t.cfg.Tray == nil {
		return
	}
	state := fyne.NewMenuItem(t.state, nil)
	state.Disabled = true
	items := []*fyne.MenuItem{state}
	if t.running {
		items = append(items,
			fyne.NewMenuItem(T("watch.tray.check_now"), t.CheckNow),
			fyne.NewMenuItem(T("watch.tray.stop"), t.Stop))
	}
	if t.cfg.Open != nil {
		items = append(items, fyne.NewMenuItem(T("watch.tray.open"), t.cfg.Open))
	}
	t.cfg.Tray.SetSystemTrayMenu(fyne.NewMenu("Gateway Doctor", items...))
}

// CheckNow retests at once instead of waiting ("Check now"); it never
// blocks: a request already pending is enough.
func (t *TrayWatch) CheckNow() {
	select {
	case t.now <- struct{}{}:
	default:
	}
}

// Stop ends the watch ("Stop watching"); the end arrives as an event.
func (t *TrayWatch) Stop() { t.stop() }

// Running reports whether the watch still runs; on the Fyne goroutine.
func (t *TrayWatch) Running() bool { return t.running }

// State is the tray's state line; on the Fyne goroutine.
func (t *TrayWatch) State() string { return t.state }

// Done is closed when the watch's goroutine has ended.
func (t *TrayWatch) Done() <-chan struct{} { return t.done }

// CloseIntercept is the window's close action while a watch may run: the
// window hides and the watch goes on from the tray; once the watch has
// ended, closing quits as usual.
func (t *TrayWatch) CloseIntercept(win fyne.Window, quit func()) func() {
	return func() {
		if t.running {
			win.Hide()
			return
		}
		quit()
	}
}
