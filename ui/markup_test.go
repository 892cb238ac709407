package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"gatewaydoctor/checks"
)

// TestScreensMarkup pins the key screens' widget trees (testdata/*.xml).
// After an intended change, the new markup is in testdata/failed/: review
// it and copy it over.
func TestScreensMarkup(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin, "HTTP 502 Bad Gateway made by Cloudflare (origin)"),
		verdictFor(checks.VerdictDNSFailure, "the system resolver fails; 3 references answer"))
	h := newHarness(t, eng, func(d *Deps) {
		d.Contacts = []string{"1.1.1.1", "captive.example"}
		d.Reaches = Reaches{DNS: []string{"Cloudflare"}, SignIn: true}
	})
	test.AssertRendersToMarkup(t, "welcome.xml", h.win.Canvas())

	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.AssertRendersToMarkup(t, "verdict_website.xml", h.win.Canvas())

	test.Tap(h.w.ref.backBtn)
	test.Tap(h.w.ref.start)
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.showSteps)
	test.Tap(h.w.ref.didItWork)
	h.waitFor("step 2", func() bool { return h.w.step == 1 && !h.w.running })
	test.Tap(h.w.ref.action)
	h.waitFor("the question", func() bool { return h.w.ref.keepBox.Visible() })
	test.AssertRendersToMarkup(t, "step_keep.xml", h.win.Canvas())
	test.Tap(h.w.ref.keep)
	<-h.fix.decided
	h.waitFor("fixed", func() bool { return h.w.screen == screenFinish })
	test.AssertRendersToMarkup(t, "fixed.xml", h.win.Canvas())
}
