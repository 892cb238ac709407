package ui

import (
	"strings"
	"testing"

	"gatewaydoctor/checks"
)

// TestPreapprovedStillWaitsForStart: a managed install's pre-approval is
// said on the first screen, with the helpdesk's name, and nothing runs
// until Start.
func TestPreapprovedStillWaitsForStart(t *testing.T) {
	for _, by := range []string{"", "Example IT"} {
		eng := newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin, "x"))
		h := newHarness(t, eng, func(d *Deps) { d.ApprovedBy = by })
		switch {
		case by == "" && h.w.ref.approved != nil:
			t.Errorf("no pre-approval, but the first screen says %q", h.w.ref.approved.Text)
		case by != "" && (h.w.ref.approved == nil || !strings.Contains(h.w.ref.approved.Text, by)):
			t.Errorf("pre-approved by %q, but the first screen does not say so", by)
		}
		if h.w.screen != screenWelcome || len(eng.targets) != 0 {
			t.Errorf("approved by %q: a run started before Start", by)
		}
	}
}
