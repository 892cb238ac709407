package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"gatewaydoctor/checks"
)

// TestCheckNowAfterWaiting is the dead end of issue 14: on the step "Wait a
// few minutes", after "Check again in a minute", "Did that fix it? Check
// now" must still retest, both while the minute runs and after the
// recheck found the site still failing.
func TestCheckNowAfterWaiting(t *testing.T) {
	for _, fire := range []bool{false, true} {
		name := "while waiting"
		if fire {
			name = "after a failed recheck"
		}
		t.Run(name, func(t *testing.T) {
			vs := []checks.Verdict{verdictFor(checks.VerdictWebsiteOrigin), verdictFor(checks.VerdictOK)}
			if fire {
				vs = append([]checks.Verdict{vs[0]}, vs...) // the recheck still fails
			}
			eng := newFakeEngine(vs...)
			h := newHarness(t, eng)
			h.startWith("shop.example")
			h.waitScreen(screenVerdict)
			test.Tap(h.w.ref.showSteps)
			h.expectText("step 1", h.w.ref.stepTitle.Text, "Wait a few minutes, then check again")
			test.Tap(h.w.ref.action) // "Check again in a minute"
			after := <-h.clock.afters
			if fire {
				after <- h.clock.now
				h.waitFor("the recheck to report", func() bool { return strings.HasPrefix(h.w.ref.stepStatus.Text, "Checked again") })
				if h.w.ref.action.Disabled() {
					t.Errorf("after a failed recheck the action stays disabled")
				}
			}
			runs := eng.Runs()
			test.Tap(h.w.ref.didItWork)
			if eng.Runs() == runs && !h.w.running {
				t.Fatalf("Check now did nothing (status %q)", h.w.ref.stepStatus.Text)
			}
			h.waitFor("fixed", func() bool { return h.w.screen == screenFinish })
			h.expectText("finish", h.w.ref.finishTitle.Text, "Fixed!")
		})
	}
}
