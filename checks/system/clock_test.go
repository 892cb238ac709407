package system

import (
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/localnet"
	"gatewaydoctor/internal/words"
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
		time.Minute: "1 minute", 90 * time.Second: "1 minute", 2 * time.Minute: "2 minutes",
		// Under a minute is one minute, never "0 minutes" (see humanDuration).
		0: "1 minute", 30 * time.Second: "1 minute",
	} {
		if got := humanDuration(d).English; got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}

// TestDurationPlurals: every language says one of a unit in its singular
// and two in its plural, through the CLI's lookup of the same files the UI
// reads; a duration under a minute is one minute in French too.
func TestDurationPlurals(t *testing.T) {
	day, hour, minute := 24*time.Hour, time.Hour, time.Minute
	for _, tc := range []struct {
		lang string
		unit time.Duration
		n    int
		want string
	}{
		{"en", day, 1, "1 day"}, {"en", day, 2, "2 days"},
		{"en", hour, 1, "1 hour"}, {"en", hour, 2, "2 hours"},
		{"en", minute, 1, "1 minute"}, {"en", minute, 2, "2 minutes"},
		{"de", day, 1, "1 Tag"}, {"de", day, 2, "2 Tage"},
		{"de", hour, 1, "1 Stunde"}, {"de", hour, 2, "2 Stunden"},
		{"de", minute, 1, "1 Minute"}, {"de", minute, 2, "2 Minuten"},
		{"fr", day, 1, "1 jour"}, {"fr", day, 2, "2 jours"},
		{"fr", hour, 1, "1 heure"}, {"fr", hour, 2, "2 heures"},
		{"fr", minute, 1, "1 minute"}, {"fr", minute, 2, "2 minutes"},
		{"es", day, 1, "1 día"}, {"es", day, 2, "2 días"},
		{"es", hour, 1, "1 hora"}, {"es", hour, 2, "2 horas"},
		{"es", minute, 1, "1 minuto"}, {"es", minute, 2, "2 minutos"},
		{"it", day, 1, "1 giorno"}, {"it", day, 2, "2 giorni"},
		{"it", hour, 1, "1 ora"}, {"it", hour, 2, "2 ore"},
		{"it", minute, 1, "1 minuto"}, {"it", minute, 2, "2 minuti"},
	} {
		d, ok := words.Load(tc.lang)
		if !ok {
			t.Fatalf("no %s translations", tc.lang)
		}
		if got := d.Translator()(durationText(tc.unit, tc.n)); got != tc.want {
			t.Errorf("%s %d × %v: %q, want %q", tc.lang, tc.n, tc.unit, got, tc.want)
		}
	}
	fr, _ := words.Load("fr")
	for _, d := range []time.Duration{0, 30 * time.Second} {
		if got := fr.Translator()(humanDuration(d)); got != "1 minute" {
			t.Errorf("fr %v: %q, want 1 minute", d, got)
		}
	}
}
