package checks

import (
	"testing"
	"time"
)

func TestClockResult(t *testing.T) {
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	s := func(off time.Duration) DateSample {
		return DateSample{URL: "u", Server: now.Add(off).Truncate(time.Second), Local: now}
	}
	for _, tc := range []struct {
		name    string
		samples []DateSample
		skew    bool
		status  Status
	}{
		{"none", nil, false, StatusSkipped},
		{"exact", []DateSample{s(0)}, false, StatusOK},
		{"server 6 min ahead", []DateSample{s(6 * time.Minute)}, true, StatusProblem},
		{"one wrong server is outvoted by the median", []DateSample{s(0), s(time.Second), s(3 * time.Hour)}, false, StatusOK},
		{"two of three say a day off", []DateSample{s(0), s(-24 * time.Hour), s(-24 * time.Hour)}, true, StatusProblem},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := clockResult(tc.samples)
			if r.Status != tc.status || r.Has(CodeClockSkew) != tc.skew {
				t.Errorf("%s %v: %s", r.Status, r.Codes, r.Summary)
			}
		})
	}
}

func TestClockHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		7 * time.Minute: "7 minutes", 5 * time.Hour: "5 hours", 72 * time.Hour: "3 days",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}
