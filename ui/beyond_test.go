package ui

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/outside"
	"gatewaydoctor/profile"
)

// fakeOutside answers the outside check with a fixed report, through the
// same rule as the app (outside.Apply); it never calls the real service.
type fakeOutside struct {
	mu     sync.Mutex
	report *checks.OutsideReport
	asked  []checks.VerdictCode
}

func (f *fakeOutside) ask(ctx context.Context, d engine.Diagnosis) engine.Diagnosis {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, d.Verdict.Code)
	v := outside.Apply(d.Verdict, f.report)
	rep := *d.Report
	rep.Outside, rep.Verdict = f.report, v
	d.Verdict, d.Report = v, &rep
	return d
}

func (f *fakeOutside) calls() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.asked) }

func places(statuses ...int) *checks.OutsideReport {
	o := &checks.OutsideReport{Service: "globalping"}
	for _, s := range statuses {
		o.Places = append(o.Places, checks.OutsidePlace{Country: "DE", City: "Frankfurt", Status: s})
	}
	return o
}

// TestOutsideCheckOnVerdict: the button after a website verdict; what the
// places said in plain words; "works from most places" turns the verdict
// into works_elsewhere and its steps follow; "down from all" and a failed
// service leave the verdict as it was.
func TestOutsideCheckOnVerdict(t *testing.T) {
	for _, tc := range []struct {
		name       string
		report     *checks.OutsideReport
		wantCode   checks.VerdictCode
		wantNote   string
		wantTitle  string
		wantStep1  string
		wantNoHere bool // "Nothing on your computer can fix this" stays
	}{
		{"works from most", places(200, 200, 200, 0, 200), checks.VerdictWorksElsewhere,
			"Works from 4 of 5 places", "The problem is in your network", "fix.other_network.title", false},
		{"down for everyone", places(502, 502, 502, 502, 502), checks.VerdictWebsiteOrigin,
			"Down from 5 of 5 places: it is down for everyone.", "The problem is on the website's side", "fix.wait_and_retest.title", true},
		{"rate limited", &checks.OutsideReport{Service: "globalping", Error: "HTTP 429", ErrorCode: outside.ErrRateLimited}, checks.VerdictWebsiteOrigin,
			"asked too often from your address; try again in an hour. The result from this computer stands.", "The problem is on the website's side", "fix.wait_and_retest.title", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fo := &fakeOutside{report: tc.report}
			eng := newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin))
			h := newHarness(t, eng, func(d *Deps) { d.Outside = fo.ask })
			h.startWith("shop.example")
			h.waitScreen(screenVerdict)
			if h.w.ref.outsideBtn == nil || fo.calls() != 0 {
				t.Fatalf("no offer (%v) or asked without the person (%d calls)", h.w.ref.outsideBtn == nil, fo.calls())
			}
			test.Tap(h.w.ref.outsideBtn)
			h.expectText("while asking", h.w.ref.outsideNote.Text, T("outside.checking"))
			h.waitFor("the answer", func() bool { return h.w.diag.Report.Outside != nil })
			if !strings.Contains(h.w.ref.outsideNote.Text, tc.wantNote) {
				t.Errorf("note %q, want %q", h.w.ref.outsideNote.Text, tc.wantNote)
			}
			h.expectText("title", h.w.ref.verdictTitle.Text, tc.wantTitle)
			if h.w.verdict.Code != tc.wantCode || h.w.report().Verdict.Code != tc.wantCode {
				t.Errorf("verdict %s, report %s, want %s", h.w.verdict.Code, h.w.report().Verdict.Code, tc.wantCode)
			}
			if (h.w.ref.nothingHere != nil) != tc.wantNoHere {
				t.Errorf("'nothing here can fix it' shown %v, want %v", h.w.ref.nothingHere != nil, tc.wantNoHere)
			}
			if h.w.ref.outsideBtn != nil {
				t.Error("the button is still offered after the answer")
			}
			test.Tap(h.w.ref.showSteps)
			h.expectText("first step", h.w.ref.stepTitle.Text, T(tc.wantStep1))
			if fo.calls() != 1 {
				t.Errorf("asked %d times", fo.calls())
			}
		})
	}
}

// TestOutsideCheckSetting: [privacy] outside_check. "never" hides the
// offer, "always" asks without the button, "ask" waits for the person;
// only website-side verdicts, tls_error and ok offer it.
func TestOutsideCheckSetting(t *testing.T) {
	for _, tc := range []struct {
		setting   string
		code      checks.VerdictCode
		wantBtn   bool
		wantAsked int
	}{
		{profile.OutsideAsk, checks.VerdictWebsiteDown, true, 0},
		{profile.OutsideAsk, checks.VerdictTLSError, true, 0},
		{profile.OutsideAsk, checks.VerdictOK, true, 0},
		{profile.OutsideAsk, checks.VerdictDNSFailure, false, 0},
		{profile.OutsideNever, checks.VerdictWebsiteDown, false, 0},
		{profile.OutsideAlways, checks.VerdictWebsiteDown, false, 1},
		{profile.OutsideAlways, checks.VerdictDNSFailure, false, 0},
	} {
		t.Run(tc.setting+"/"+string(tc.code), func(t *testing.T) {
			fo := &fakeOutside{report: places(502, 502, 502, 502, 502)}
			h := newHarness(t, newFakeEngine(verdictFor(tc.code)), func(d *Deps) { d.Outside, d.OutsideCheck = fo.ask, tc.setting })
			h.startWith("shop.example")
			h.waitScreen(screenVerdict)
			if tc.wantAsked > 0 {
				h.waitFor("the pre-approved check", func() bool { return h.w.diag.Report.Outside != nil })
				if !strings.HasPrefix(h.w.ref.outsideNote.Text, "Down from 5 of 5") {
					t.Errorf("note %q", h.w.ref.outsideNote.Text)
				}
			}
			h.drain()
			if (h.w.ref.outsideBtn != nil) != tc.wantBtn || fo.calls() != tc.wantAsked {
				t.Errorf("button %v (want %v), asked %d (want %d)", h.w.ref.outsideBtn != nil, tc.wantBtn, fo.calls(), tc.wantAsked)
			}
		})
	}
}

// TestWelcomeMentionsOutsideOnlyWhenAlways: the first screen names the
// outside service only when it runs without asking.
func TestWelcomeMentionsOutsideOnlyWhenAlways(t *testing.T) {
	for _, always := range []bool{false, true} {
		h := newHarness(t, newFakeEngine(verdictFor(checks.VerdictOK)), func(d *Deps) {
			d.Reaches = Reaches{DNS: []string{"Cloudflare"}, Outside: always}
		})
		if got := strings.Contains(h.w.ref.consent.Text, "Globalping"); got != always {
			t.Errorf("outside_check always=%v: consent %q", always, h.w.ref.consent.Text)
		}
	}
}

// TestWhichBrowser: with more than one browser installed the first screen
// asks which shows the problem; the answer picks the engine of that
// browser's path. With one browser it does not ask.
func TestWhichBrowser(t *testing.T) {
	two := []BrowserChoice{{ID: "firefox", Name: "Firefox"}, {ID: "chrome", Name: "Google Chrome"}}
	for _, tc := range []struct {
		name     string
		browsers []BrowserChoice
		pick     string
		want     []string // EngineFor's calls
	}{
		{"two, picks Firefox", two, "Firefox", []string{"firefox"}},
		{"two, does not know", two, "", nil},
		{"one", two[:1], "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked []string
			fe := newFakeEngine(verdictFor(checks.VerdictLocalProxy))
			h := newHarness(t, fe, func(d *Deps) {
				d.Fixer = fakeBrowserFixer{newFakeFixer(), tc.browsers}
				d.EngineFor = func(b string) Engine { asked = append(asked, b); return fe }
			})
			h.waitFor("the browsers", func() bool { return len(h.w.browsers) == len(tc.browsers) })
			if (h.w.ref.whichBrowser != nil) != (len(tc.browsers) > 1) {
				t.Fatalf("asked which browser: %v with %d installed", h.w.ref.whichBrowser != nil, len(tc.browsers))
			}
			if tc.pick != "" {
				h.w.ref.whichBrowser.SetSelected(tc.pick)
			}
			h.startWith("shop.example")
			h.waitScreen(screenVerdict)
			if !slices.Equal(asked, tc.want) || fe.Runs() != 1 {
				t.Errorf("engine for %q, runs %d; want %q", asked, fe.Runs(), tc.want)
			}
		})
	}
}

// TestWatchNotifiesChangeOfSide: while the wizard watches, a retest whose
// cause moved to another side sends a notification and shows it in the
// state line; the watch goes on.
func TestWatchNotifiesChangeOfSide(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin), verdictFor(checks.VerdictDNSFailure))
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.watchWorks)
	(<-h.clock.afters) <- h.clock.now
	h.waitFor("the retest", func() bool { return len(h.notes) > 0 })
	if h.notes[0].Title != T("watch.notify.side.title") || !strings.Contains(h.notes[0].Content, T("side.network")) {
		t.Errorf("notification %q: %q", h.notes[0].Title, h.notes[0].Content)
	}
	if !strings.Contains(h.w.ref.watchState.Text, T("side.network")) || !h.w.Watching() {
		t.Errorf("state %q, watching %v", h.w.ref.watchState.Text, h.w.Watching())
	}
	<-h.clock.afters
	h.w.stopWatching()
	h.waitFor("the watch to stop", func() bool { return !h.w.Watching() })
}
