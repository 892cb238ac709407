package ui

import (
	"context"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/outside"
	"gatewaydoctor/profile"
)

func diagnosis(code checks.VerdictCode) engine.Diagnosis {
	return engine.Diagnosis{Verdict: checks.Verdict{Code: code, Side: checks.Verdicts[code].Side}}
}

func TestOutsideOffered(t *testing.T) {
	ask := func(ctx context.Context, d engine.Diagnosis) engine.Diagnosis { return d }
	for _, tc := range []struct {
		setting string
		code    checks.VerdictCode
		want    bool
	}{
		{"", checks.VerdictWebsiteOrigin, true},
		{profile.OutsideAsk, checks.VerdictTLSError, true},
		{profile.OutsideAsk, checks.VerdictOK, true},
		{profile.OutsideAsk, checks.VerdictDNSFailure, false},
		{profile.OutsideNever, checks.VerdictWebsiteDown, false},
		{profile.OutsideAlways, checks.VerdictWebsiteDown, true},
	} {
		if got := NewOutsideCheck(ask, nil, tc.setting).Offered(diagnosis(tc.code)); got != tc.want {
			t.Errorf("%q after %s: offered %v, want %v", tc.setting, tc.code, got, tc.want)
		}
	}
	if NewOutsideCheck(nil, nil, profile.OutsideAsk).Offered(diagnosis(checks.VerdictWebsiteDown)) {
		t.Error("offered without a way to ask")
	}
}

// TestOutsideStart: the answer comes back through the bridge; a cancelled
// check's late answer is dropped.
func TestOutsideStart(t *testing.T) {
	queue := make(chan func(), 4)
	release := make(chan struct{})
	ask := func(ctx context.Context, d engine.Diagnosis) engine.Diagnosis {
		<-release
		d.Verdict.Code = checks.VerdictWorksElsewhere
		return d
	}
	o := NewOutsideCheck(ask, func(f func()) { queue <- f }, profile.OutsideAsk)
	var got []checks.VerdictCode
	o.Start(diagnosis(checks.VerdictWebsiteOrigin), func(d engine.Diagnosis) { got = append(got, d.Verdict.Code) })
	if !o.Running() {
		t.Fatal("not running after Start")
	}
	o.Cancel()
	o.Start(diagnosis(checks.VerdictWebsiteEdge), func(d engine.Diagnosis) { got = append(got, d.Verdict.Code) })
	close(release)
	for range 2 {
		select {
		case f := <-queue:
			f()
		case <-time.After(waitLimit):
			t.Fatal("no answer posted")
		}
	}
	if len(got) != 1 || got[0] != checks.VerdictWorksElsewhere || o.Running() {
		t.Errorf("answers %v, running %v: want only the second check's", got, o.Running())
	}
}

func TestOutsideSummary(t *testing.T) {
	if err := loadTranslations("en"); err != nil {
		t.Fatal(err)
	}
	p := func(status int) checks.OutsidePlace {
		return checks.OutsidePlace{Country: "DE", City: "Berlin", Status: status}
	}
	for _, tc := range []struct {
		o    *checks.OutsideReport
		want string
	}{
		{&checks.OutsideReport{Places: []checks.OutsidePlace{p(502), p(502), p(503), p(0), p(502)}}, "Down from 5 of 5 places: it is down for everyone."},
		{&checks.OutsideReport{Places: []checks.OutsidePlace{p(200), p(200), p(200), p(0), p(200)}}, "Works from 4 of 5 places: the problem is on the way from here, in your network, your internet provider or a block in your region."},
		{&checks.OutsideReport{Places: []checks.OutsidePlace{p(200), p(502), p(502), p(404)}}, "Works from 1 of 4 places and fails from 2: the website is having trouble in some places."},
		{&checks.OutsideReport{Error: "x", ErrorCode: outside.ErrRateLimited}, "The measurement service has been asked too often from your address; try again in an hour. The result from this computer stands."},
		{&checks.OutsideReport{Error: "Something new.", ErrorCode: "brand_new"}, "Something new. The result from this computer stands."},
		{nil, ""},
	} {
		if got := OutsideSummary(tc.o); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}
