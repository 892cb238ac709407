package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gatewaydoctor/checks"
)

// shotsDirEnv names the folder TestScreenshotsBeyond writes its pictures
// to (docs/screenshots for the README); unset, the test skips.
const shotsDirEnv = "GD_SHOTS_DIR"

// TestScreenshotsBeyond renders the verdict screen's outside-check and
// watch states with Fyne's test driver (fake engine, fake outside service,
// fake tray and clock) and writes them as PNGs for the README.
func TestScreenshotsBeyond(t *testing.T) {
	dir := os.Getenv(shotsDirEnv)
	if dir == "" {
		t.Skipf("set %s to a folder to write the README's screenshots", shotsDirEnv)
	}
	shoot := func(h *harness, name string) {
		t.Helper()
		h.win.Resize(fyne.NewSize(800, 600))
		h.w.relayout()
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, h.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}

	fo := &fakeOutside{report: places(200, 200, 0, 200, 200)}
	fo.report.Places[2].Error = "connect ETIMEDOUT"
	h := newHarness(t, newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin)), func(d *Deps) { d.Outside = fo.ask })
	h.win.SetContent(h.win.Content())
	h.win.Show()
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.outsideBtn)
	h.waitFor("the answer", func() bool { return h.w.diag.Report.Outside != nil })
	shoot(h, "verdict-outside.png")

	h = newHarness(t, newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin)), func(d *Deps) { d.Outside = fo.ask })
	h.clock.now = time.Date(2026, 12, 7, 14, 2, 40, 0, time.UTC)
	h.win.Show()
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.watchWorks)
	// The first retest comes 15 s later: the clock moves before the wait
	// ends, so the watch reads the new time after it (no race).
	first := <-h.clock.afters
	h.clock.now = h.clock.now.Add(15 * time.Second)
	first <- h.clock.now
	h.waitFor("the first retest", func() bool {
		return h.w.ref.watchState.Text != "" && h.w.tw.State() != T("watch.tray.waiting", map[string]any{"Host": "shop.example"})
	})
	<-h.clock.afters
	shoot(h, "verdict-watch.png")
	h.w.stopWatching()
	h.waitFor("the watch to stop", func() bool { return !h.w.Watching() })
}
