package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"gatewaydoctor/checks"
)

// recheckLater waits recheckDelay, then retests in the background. The
// person may hide the window meanwhile: when the site works again, the
// wizard ends with "Fixed" and, if the window is not in front, a desktop
// notification says so. show receives the status lines; idle is called when
// the site still fails, so the button can be offered again.
func (w *Wizard) recheckLater(show func(string), idle func()) {
	w.recheck++
	gen := w.recheck
	at := w.clock.Now().Add(recheckDelay)
	show(T("recheck.waiting", map[string]any{"Time": at.Format("15:04")}))
	after := w.clock.After(recheckDelay)
	waiting := func() bool { return gen == w.recheck } // false once the person moved on
	background(w.bridge, waiting, func() time.Time { return <-after }, func(time.Time) {
		show(T("steps.retesting"))
		w.startRun(func(rs checks.Results, v checks.Verdict) {
			if !waiting() {
				return
			}
			if v.Code == checks.VerdictOK {
				w.notifyWorking()
				w.fixed(waitingFix())
				return
			}
			show(T("recheck.still", map[string]any{"Time": w.clock.Now().Format("15:04")}))
			idle()
		})
	})
}

// notifyWorking tells a person who hid the window that the site works.
func (w *Wizard) notifyWorking() {
	if w.foreground {
		return
	}
	n := fyne.NewNotification(T("notify.title"), T("notify.body", map[string]any{"Host": w.target.Hostname()}))
	if w.d.Notify != nil {
		w.d.Notify(n)
		return
	}
	w.app.SendNotification(n)
}

// RestoreAtStart runs restore (the fix catalogue's RestoreIfInterrupted) in
// the background at start-up and tells the person when it put settings
// back: provider names the change that was undone, "" means nothing was
// left behind.
func (w *Wizard) RestoreAtStart(restore func(ctx context.Context) (provider string, err error)) {
	type restored struct {
		provider string
		err      error
	}
	background(w.bridge, nil, func() restored {
		provider, err := restore(context.Background())
		return restored{provider, err}
	}, func(r restored) {
		if r.err == nil && r.provider == "" {
			return
		}
		msg := T("restore.done", map[string]any{"Provider": r.provider})
		if r.err != nil {
			msg = T("restore.failed", map[string]any{"Reason": r.err.Error()})
		}
		dialog.ShowInformation(T("restore.title"), msg, w.win)
	})
}
