package system

import (
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/localnet"
)

func TestClockResult(t *testing.T) {
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	s := func(off time.Duration) localnet.DateSample {
		return localnet.DateSample{URL: "u", Server: now.Add(off).Truncate(time.Second), Local: now}
	}
	for _, tc := range []struct {
		name    string
		samples []localnet.DateSample
		skew    bool
		status  checks.Status
	}{
		{"none", nil, false, checks.StatusSkipped},
		{"exact", []localnet.DateSample{s(0)}, false, checks.StatusOK},
		{"server 6 min ahead", []localnet.DateSample{s(6 * time.Minute)}, true, checks.StatusProblem},
		{"one wrong server is outvoted by the median", []localnet.DateSample{s(0), s(time.Second), s(3 * time.Hour)}, false, checks.StatusOK},
		{"two of three say a day off", []localnet.DateSample{s(0), s(-24 * time.Hour), s(-24 * time.Hour)}, true, checks.StatusProblem},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := clockResult(tc.samples)
			if r.Status != tc.status || r.Has(checks.CodeClockSkew) != tc.skew {
				t.Errorf("%s %v: %s", r.Status, r.Codes, r.Summary)
			}
		})
	}
}

func TestClockHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		7 * time.Minute: "7 minutes", 5 * time.Hour: "5 hours", 72 * time.Hour: "3 days",
	} {
		if got := humanDuration(d).English; got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}
