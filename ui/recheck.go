package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"gatewaydoctor/checks"
)

// checkAgainLater is the verdict screen's "check again in a minute".
func (w *Wizard) checkAgainLater() {
	if w.ref.checkAgain != nil {
		w.ref.checkAgain.Disable()
	}
	show := func(s string) {
		if w.screen == screenVerdict {
			w.ref.recheckStatus.SetText(s)
			w.ref.recheckStatus.Show()
		}
	}
	w.recheckLater(show, func() {
		if w.screen == screenVerdict {
			w.ref.checkAgain.Enable()
		}
	})
}

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
	go func() {
		<-after
		w.bridge.post(func() {
			if gen != w.recheck {
				return // the person moved on
			}
			show(T("steps.retesting"))
			w.startRun(func(rs checks.Results, v checks.Verdict) {
				if gen != w.recheck {
					return
				}
				if v.Code == checks.VerdictOK {
					w.notifyWorking()
					w.fixed(fixWaitAndRetest)
					return
				}
				show(T("recheck.still", map[string]any{"Time": w.clock.Now().Format("15:04")}))
				idle()
			})
		})
	}()
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
	go func() {
		provider, err := restore(context.Background())
		if err == nil && provider == "" {
			return
		}
		w.bridge.post(func() {
			msg := T("restore.done", map[string]any{"Provider": provider})
			if err != nil {
				msg = T("restore.failed", map[string]any{"Reason": err.Error()})
			}
			dialog.ShowInformation(T("restore.title"), msg, w.win)
		})
	}()
}
