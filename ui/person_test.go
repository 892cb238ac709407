package ui

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/localnet"
	"gatewaydoctor/checks/proxy"
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

// stepsOnly is a verdict whose steps are fixes, for walking one step.
func stepsOnly(code checks.VerdictCode, fixes ...string) checks.Verdict {
	v := verdictFor(code)
	v.Fixes = fixes
	return v
}

// TestPortalOpensTheSignInPage: "Open the sign-in page" opens the address
// the captive check found, says it on the step, and never the site.
func TestPortalOpensTheSignInPage(t *testing.T) {
	cases := []struct {
		name    string
		details map[string]any
		want    string
	}{
		{"redirected", map[string]any{"portal_url": "http://portal.lab.test/login?x=1",
			"probes": []map[string]any{{"url": "http://probe.lab.test/generate_204", "intercepted": true}}}, "http://portal.lab.test/login?x=1"},
		{"intercepted without a redirect", map[string]any{
			"probes": []map[string]any{{"url": "http://probe.lab.test/ok"}, {"url": "http://probe2.lab.test/generate_204", "intercepted": true}}}, "http://probe2.lab.test/generate_204"},
		{"read back from JSON", map[string]any{
			"probes": []any{map[string]any{"url": "http://probe.lab.test/generate_204", "intercepted": true}}}, "http://probe.lab.test/generate_204"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := newFakeEngine(verdictFor(checks.VerdictCaptivePortal))
			eng.details = map[string]map[string]any{localnet.CaptiveID: c.details}
			h := newHarness(t, eng)
			h.startWith("https://shop.example/")
			h.waitScreen(screenVerdict)
			test.Tap(h.w.ref.showSteps)
			h.expectText("step", h.w.ref.stepTitle.Text, "Sign in to this network")
			if !h.w.ref.stepGuide.Visible() || !strings.Contains(h.w.ref.stepGuide.Text, c.want) {
				t.Errorf("the step does not show the sign-in address: %q", h.w.ref.stepGuide.Text)
			}
			test.Tap(h.w.ref.action)
			h.waitFor("opened", func() bool { return h.w.ref.stepStatus.Text == "Done." })
			if got := h.fix.targets; len(got) != 1 || got[0] != c.want {
				t.Errorf("opened %v, want %s", got, c.want)
			}
		})
	}
}

// TestLauncherFailureInPlainWords: when the browser cannot be opened, the
// step says so in words, with the address to open by hand, without the
// launcher's error and without promising a next step on the last one.
func TestLauncherFailureInPlainWords(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictCaptivePortal))
	eng.details = map[string]map[string]any{localnet.CaptiveID: {"portal_url": "http://portal.lab.test/login"}}
	h := newHarness(t, eng)
	h.fix.applyErr["open_portal"] = errors.New(`exec: "xdg-open": executable file not found in $PATH`)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.showSteps)
	test.Tap(h.w.ref.action)
	h.waitFor("the failure", func() bool { return !h.w.ref.action.Disabled() })
	got := h.w.ref.stepStatus.Text
	for _, bad := range []string{"xdg-open", "next step"} {
		if strings.Contains(got, bad) {
			t.Errorf("status says %q: %q", bad, got)
		}
	}
	for _, want := range []string{"Open your browser yourself", "http://portal.lab.test/login", "last step"} {
		if !strings.Contains(got, want) {
			t.Errorf("status lacks %q: %q", want, got)
		}
	}
	h.w.ref.expertToggle.SetChecked(true)
	if !strings.Contains(h.w.ref.expertText.Text, "xdg-open") {
		t.Errorf("the expert view lacks the technical detail")
	}
}

// TestOtherBrowserByName: "Try another browser" offers the installed
// browsers by name and opens the chosen one.
func TestOtherBrowserByName(t *testing.T) {
	eng := newFakeEngine(stepsOnly(checks.VerdictOK, "other_browser"))
	var bf fakeBrowserFixer
	h := newHarness(t, eng, func(d *Deps) {
		bf = fakeBrowserFixer{fakeFixer: newFakeFixer(), browsers: []BrowserChoice{
			{ID: "firefox", Name: "Firefox", Private: true}, {ID: "chromium", Name: "Chromium", Private: true}}}
		d.Fixer = bf
	})
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.showSteps)
	pick := h.w.ref.browserPick
	if pick == nil || !slices.Equal(pick.Options, []string{"Firefox", "Chromium"}) {
		t.Fatalf("no choice of browsers by name: %v", pick)
	}
	pick.SetSelected("Chromium")
	test.Tap(h.w.ref.action)
	h.waitFor("opened", func() bool { return h.w.ref.stepStatus.Text == "Done." })
	if got := bf.Applied(); !slices.Equal(got, []string{"other_browser:chromium"}) {
		t.Errorf("applied %v", got)
	}
}

// TestBrowserIconsBesideNames: where the OS gave a browser's icon, it
// stands before that browser's name, on its row; a browser without one is
// named alone, and a choice with no icons at all is the names as before.
func TestBrowserIconsBesideNames(t *testing.T) {
	icon := fyne.NewStaticResource("firefox.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#e66000"/></svg>`))
	for _, tc := range []struct {
		name     string
		browsers []BrowserChoice
	}{
		{"first with an icon", []BrowserChoice{{ID: "firefox", Name: "Firefox", Icon: icon}, {ID: "chromium", Name: "Chromium"}, {ID: "chrome", Name: "Google Chrome", Icon: icon}}},
		{"no icons", []BrowserChoice{{ID: "firefox", Name: "Firefox"}, {ID: "chromium", Name: "Chromium"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng := newFakeEngine(stepsOnly(checks.VerdictOK, "other_browser"))
			h := newHarness(t, eng, func(d *Deps) {
				d.Fixer = fakeBrowserFixer{fakeFixer: newFakeFixer(), browsers: tc.browsers}
			})
			h.startWith("shop.example")
			h.waitScreen(screenVerdict)
			test.Tap(h.w.ref.showSteps)
			pick, icons := h.w.ref.browserPick, h.w.ref.browserIcons
			if pick == nil || len(icons) != len(tc.browsers) {
				t.Fatalf("pick %v, %d icons for %d browsers", pick, len(icons), len(tc.browsers))
			}
			row := pick.MinSize().Height / float32(len(tc.browsers))
			for i, b := range tc.browsers {
				img := icons[i]
				if b.Icon == nil {
					if img != nil {
						t.Errorf("%s has an icon it was not given", b.Name)
					}
					continue
				}
				if img == nil || img.Resource != b.Icon || !img.Visible() {
					t.Fatalf("%s: no icon shown", b.Name)
				}
				// Beside its name: left of the options, centred on row i.
				mid := img.Position().Y + img.Size().Height/2 - pick.Position().Y
				if img.Size().Width == 0 || img.Position().X+img.Size().Width > pick.Position().X || mid < float32(i)*row || mid > float32(i+1)*row {
					t.Errorf("%s's icon at %v size %v, its row %d spans %.0f–%.0f below the options at %v",
						b.Name, img.Position(), img.Size(), i, float32(i)*row, float32(i+1)*row, pick.Position())
				}
			}
		})
	}
}

// TestPrivateWindowByHand: with no browser the app can open privately,
// the step shows no button that cannot work, and gives the keys to press
// for the person's browsers.
func TestPrivateWindowByHand(t *testing.T) {
	cases := []struct {
		name, goos string
		browsers   []BrowserChoice
		fix        string
		want       []string
	}{
		{"Safari on a Mac", "darwin", []BrowserChoice{{ID: "safari", Name: "Safari"}}, "private_window", []string{"Safari: press Cmd+Shift+N"}},
		{"nothing found on Windows", "windows", nil, "private_window", []string{"Microsoft Edge: press Ctrl+Shift+N", "Firefox: press Ctrl+Shift+P"}},
		{"safe mode, Safari", "darwin", []BrowserChoice{{ID: "safari", Name: "Safari"}}, "safe_mode_browser", []string{"most extensions switched off", "Safari: press Cmd+Shift+N"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eng := newFakeEngine(stepsOnly(checks.VerdictOK, c.fix))
			h := newHarness(t, eng, func(d *Deps) {
				d.Fixer = fakeBrowserFixer{fakeFixer: newFakeFixer(), browsers: c.browsers}
				d.GOOS = c.goos
			})
			h.startWith("shop.example")
			h.waitScreen(screenVerdict)
			test.Tap(h.w.ref.showSteps)
			if h.w.ref.action.Visible() {
				t.Errorf("the step offers %q, which cannot work", h.w.ref.action.Text)
			}
			for _, w := range c.want {
				if !strings.Contains(h.w.ref.stepGuide.Text, w) {
					t.Errorf("guidance lacks %q:\n%s", w, h.w.ref.stepGuide.Text)
				}
			}
		})
	}
}

// TestProxyFromEnvironment: a proxy set by environment variables is
// explained, and the settings panel that cannot change it is not offered.
func TestProxyFromEnvironment(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictLocalProxy))
	eng.ids = append(eng.ids, proxy.ConfigID)
	eng.details = map[string]map[string]any{proxy.ConfigID: {"source": "env"}}
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	if !strings.Contains(h.w.ref.verdictSummary.Text, "blocks this site") {
		t.Errorf("the proxy verdict does not say the proxy blocks the site: %q", h.w.ref.verdictSummary.Text)
	}
	test.Tap(h.w.ref.showSteps)
	h.expectText("step", h.w.ref.stepTitle.Text, "Check the proxy settings")
	if h.w.ref.action.Visible() {
		t.Errorf("the settings panel is offered for a proxy it cannot change")
	}
	if !strings.Contains(h.w.ref.stepGuide.Text, "environment variables") {
		t.Errorf("guidance = %q", h.w.ref.stepGuide.Text)
	}
}

// TestWhatWeFoundInPlainWords: for a website fault, "What we found" says
// what failed, what works from here and how often it was tried, in words;
// the raw lines stay in the expert view.
func TestWhatWeFoundInPlainWords(t *testing.T) {
	raw := "HTTP 502 Bad Gateway made by nginx (origin)"
	eng := newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin, raw, "server: nginx"))
	eng.ids = []string{"target", "dns.resolve", "reach", "captive"}
	origin := checks.Attempt{Path: checks.PathDirect, Status: 502, Producer: checks.Producer{Name: "nginx", Title: "nginx", Role: checks.RoleOrigin}}
	eng.http = &checks.HTTPOutcome{Primary: origin}
	for i := range 4 {
		a := origin
		a.Try = i
		eng.http.Attempts = append(eng.http.Attempts, a)
	}
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	got := h.w.ref.found.Text
	for _, want := range []string{
		"Instead of the website's page, error 502 came back.",
		"nginx, which stands in front of the website, says the website's own server failed.",
		"Other websites open fine from this computer.",
		"The address book (DNS) answers for shop.example.",
		"No sign-in page blocks this network.",
		"We tried 4 times",
		"with the same answer each time",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("What we found lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "server: nginx") || strings.Contains(got, raw) {
		t.Errorf("What we found shows raw lines:\n%s", got)
	}
	if !h.w.ref.found.Visible() {
		t.Errorf("What we found is hidden")
	}
	h.w.ref.expertToggle.SetChecked(true)
	if !strings.Contains(h.w.ref.expertText.Text, raw) {
		t.Errorf("the expert view lost the raw evidence")
	}
}

// TestFirstScreenInWords: the first screen says in words what a run
// contacts; the addresses are in the expert view only.
func TestFirstScreenInWords(t *testing.T) {
	h := newHarness(t, newFakeEngine(verdictFor(checks.VerdictOK)), func(d *Deps) {
		d.Contacts = []string{"1.1.1.1", "8.8.8.8", "198.51.100.7", "captive.lab.test"}
		d.Reaches = Reaches{DNS: []string{"Cloudflare", "Google Public DNS"}, Other: 1, SignIn: true, Sites: true}
	})
	got := h.w.ref.consent.Text
	for _, want := range []string{"visits this website", "the address books (DNS) of Cloudflare and Google Public DNS, the address book (DNS) your organisation chose,",
		"a test page that shows whether this network wants you to sign in", "and a few well-known websites for comparison"} {
		if !strings.Contains(got, want) {
			t.Errorf("consent lacks %q:\n%s", want, got)
		}
	}
	for _, addr := range []string{"1.1.1.1", "198.51.100.7", "captive.lab.test"} {
		if strings.Contains(got, addr) {
			t.Errorf("the first screen shows the address %s", addr)
		}
	}
	h.w.ref.expertToggle.SetChecked(true)
	if !strings.Contains(h.w.ref.expertText.Text, "1.1.1.1, 8.8.8.8, 198.51.100.7, captive.lab.test") {
		t.Errorf("the expert view lacks the addresses: %q", h.w.ref.expertText.Text)
	}
}

// progressiveEngine is a fakeEngine that sends the engine's provisional
// verdict event first, with the target's first fetch, then holds the run
// until the test releases it (the retests), then ends with its verdict.
type progressiveEngine struct {
	*fakeEngine
	first checks.Verdict
	step  chan struct{} // one receive ends the retests
	ended chan error    // the run's error, when set
}

func (e *progressiveEngine) Run(ctx context.Context, target *url.URL, on func(checks.Event)) (engine.Diagnosis, error) {
	first := e.first
	first.Provisional = true
	on(checks.Event{Kind: checks.EventProvisional, ID: "target", Result: checks.Result{ID: "target", Status: checks.StatusProblem,
		HTTP: &checks.HTTPOutcome{Primary: checks.Attempt{Path: checks.PathDirect, Status: 502}}}})
	on(checks.Event{Kind: checks.EventVerdict, Verdict: &first})
	var err error
	select {
	case <-e.step:
	case <-ctx.Done():
		err = ctx.Err()
	}
	d, rerr := e.fakeEngine.Run(ctx, target, on)
	if err == nil {
		err = rerr
	}
	if e.ended != nil {
		e.ended <- err
	}
	return d, err
}

// TestProgressiveVerdict: the verdict shows at the engine's provisional
// verdict event, with "What we found" from the first fetch; the retests
// run visibly under it with the steps waiting, and the final verdict
// replaces it (here: intermittent).
func TestProgressiveVerdict(t *testing.T) {
	pe := &progressiveEngine{fakeEngine: newFakeEngine(verdictFor(checks.VerdictIntermittent)),
		first: verdictFor(checks.VerdictWebsiteOrigin), step: make(chan struct{})}
	h := newHarness(t, pe)
	h.startWith("shop.example")
	h.waitFor("the provisional verdict", func() bool { return h.w.screen == screenVerdict })
	if !h.w.running {
		t.Fatal("the verdict waited for the end of the run")
	}
	h.expectText("title", h.w.ref.verdictTitle.Text, "The problem is on the website's side")
	h.expectText("retesting", h.w.ref.retesting.Text, "Checking again to be sure…")
	if !strings.Contains(h.w.ref.found.Text, "error 502") {
		t.Errorf("What we found lacks the first fetch: %q", h.w.ref.found.Text)
	}
	if !h.w.ref.showSteps.Disabled() {
		t.Errorf("the steps are offered before the verdict is sure")
	}
	pe.step <- struct{}{}
	h.waitScreen(screenVerdict)
	if h.w.ref.retesting != nil {
		t.Errorf("the retest line stays after the run")
	}
	if h.w.verdict.Code != checks.VerdictIntermittent || h.w.ref.showSteps.Disabled() {
		t.Errorf("final: verdict %s, steps disabled %v", h.w.verdict.Code, h.w.ref.showSteps.Disabled())
	}
	if !slices.Equal(h.w.steps, verdictFor(checks.VerdictIntermittent).Fixes) {
		t.Errorf("steps = %v, want the final verdict's", h.w.steps)
	}
}

// TestRetestCountShown: when the retests are counted, the line says which
// one runs.
func TestRetestCountShown(t *testing.T) {
	h := newHarness(t, newFakeEngine(verdictFor(checks.VerdictOK)))
	h.w.target, _ = url.Parse("https://shop.example")
	h.w.provisional = &Provisional{Verdict: verdictFor(checks.VerdictWebsiteOrigin), Retest: 1, Retests: 3}
	h.w.showVerdict()
	h.expectText("retesting", h.w.ref.retesting.Text, "Checking again to be sure… 2 of 3")
}

// TestBackDuringRetestsCancels: Back on a provisional verdict stops the
// run (the engine sees its context cancelled) and goes to the first screen.
func TestBackDuringRetestsCancels(t *testing.T) {
	pe := &progressiveEngine{fakeEngine: newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin)),
		first: verdictFor(checks.VerdictWebsiteOrigin), step: make(chan struct{}), ended: make(chan error, 1)}
	h := newHarness(t, pe)
	h.startWith("shop.example")
	h.waitFor("the provisional verdict", func() bool { return h.w.screen == screenVerdict })
	test.Tap(h.w.ref.backBtn) // never released: only a cancel ends the run
	if err := <-pe.ended; !errors.Is(err, context.Canceled) {
		t.Errorf("the run was not cancelled: %v", err)
	}
	h.drain()
	if h.w.screen != screenWelcome || h.w.running {
		t.Errorf("after Back: screen %d, running %v", h.w.screen, h.w.running)
	}
}

// stagedFixer is a fakeFixer whose DNS switch reports its stages, one per
// receive on next.
type stagedFixer struct {
	*fakeFixer
	next chan struct{}
}

func (f stagedFixer) SwitchDNSStaged(ctx context.Context, target *url.URL, stage func(DNSStage)) (DNSSwitch, error) {
	for _, s := range []DNSStage{StageChoosing, StageSaving, StageSwitching, StageChecking} {
		stage(s)
		<-f.next
	}
	return f.SwitchDNS(ctx, target)
}

// TestDNSSwitchStagesLive: the switch shows each stage as it happens, then
// "Keep these settings?" with the stages done above it.
func TestDNSSwitchStagesLive(t *testing.T) {
	eng := newFakeEngine(stepsOnly(checks.VerdictDNSFailure, "switch_dns"))
	sf := stagedFixer{fakeFixer: newFakeFixer(), next: make(chan struct{})}
	h := newHarness(t, eng, func(d *Deps) { d.Fixer = sf })
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.showSteps)
	test.Tap(h.w.ref.action)
	want := []string{
		"• Choosing the fastest public address book (DNS)…",
		"• A public address book (DNS) is chosen.\n• Saving your current settings, so they can come back…",
		"• A public address book (DNS) is chosen.\n• Your current settings are saved.\n• Switching to the new address book…",
		"• A public address book (DNS) is chosen.\n• Your current settings are saved.\n• Switched to the new address book.\n• Checking the website with the new settings…",
	}
	for i, line := range want {
		h.waitFor("stage "+line, func() bool { return h.w.ref.stepStatus.Text == line })
		if h.w.ref.keepBox.Visible() {
			t.Fatalf("stage %d: the question shows before the switch is checked", i)
		}
		sf.next <- struct{}{}
	}
	h.waitFor("the question", func() bool { return h.w.ref.keepBox.Visible() })
	if !strings.HasSuffix(h.w.ref.stepStatus.Text, "The website works with the new settings.") || !h.w.ref.stepStatus.Visible() {
		t.Errorf("stages at the question: %q", h.w.ref.stepStatus.Text)
	}
	test.Tap(h.w.ref.keep)
	if got := <-sf.decided; got != "keep" {
		t.Fatalf("Keep did %s", got)
	}
}

// TestCheckingSaysWhyItWaits: when only the website's check still runs
// (its retests), the Checking screen says so instead of a bar that seems
// stuck.
func TestCheckingSaysWhyItWaits(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin))
	eng.ids = []string{"dns.resolve", "target", "captive"} // the gate holds the target's run
	eng.gate = make(chan struct{})
	h := newHarness(t, eng)
	h.startWith("shop.example")
	// The fake runs its checks in order; the gate holds the second.
	h.waitFor("the target to start", func() bool { return h.w.ref.rows["target"].key == "state.running" })
	if h.w.ref.targetWait.Visible() {
		t.Errorf("the retest line shows while other checks still run")
	}
	// Let the others finish around the held target.
	h.w.onEvent(h.w.runID, checks.Event{Kind: checks.EventFinished, ID: "captive", Result: checks.Result{ID: "captive", Status: checks.StatusOK}})
	if !h.w.ref.targetWait.Visible() {
		t.Errorf("only the website runs, and the screen does not say why it waits")
	}
	close(eng.gate)
	h.waitScreen(screenVerdict)
}

// TestKeepQuestionInView: "Keep these settings?" is scrolled into view on
// a small window, where it sits below the step's text.
func TestKeepQuestionInView(t *testing.T) {
	h := dnsToCountdown(t)
	h.win.Resize(fyne.NewSize(800, 600))
	sc := h.w.bodyScroll()
	if sc == nil {
		t.Fatal("the step has no scrolling body")
	}
	if sc.Content.MinSize().Height > sc.Size().Height && sc.Offset.Y == 0 {
		t.Errorf("the question is below the fold and the page did not scroll to it")
	}
	test.Tap(h.w.ref.revert)
	<-h.fix.decided
}

// TestPortalRetestsBySelf: after "Open the sign-in page", the step waits
// for the portal to let traffic through and then checks the website again
// by itself.
func TestPortalRetestsBySelf(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictCaptivePortal), verdictFor(checks.VerdictOK))
	cleared := make(chan bool, 4)
	h := newHarness(t, eng, func(d *Deps) {
		d.PortalCleared = func(context.Context, *url.URL) bool { return <-cleared }
	})
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.showSteps)
	test.Tap(h.w.ref.action)
	h.waitFor("the wait", func() bool {
		return strings.Contains(h.w.ref.stepStatus.Text, "we check the website again by ourselves")
	})
	if !strings.HasPrefix(h.w.ref.stepStatus.Text, "Done.") {
		t.Errorf("the wait hid what opening the page did: %q", h.w.ref.stepStatus.Text)
	}
	cleared <- false // the portal still intercepts
	(<-h.clock.afters) <- h.clock.now
	runs := eng.Runs()
	cleared <- true // signed in
	(<-h.clock.afters) <- h.clock.now
	h.waitFor("fixed", func() bool { return h.w.screen == screenFinish })
	if eng.Runs() != runs+1 {
		t.Errorf("runs %d, want one retest after the sign-in", eng.Runs()-runs)
	}
	h.expectText("what fixed it", h.w.ref.finishText.Text, "What fixed it: Sign in to this network.")
}

// TestReportInTheLanguage: the report the person copies, saves as text or
// emails is in their language first (verdict, what we found, what to try,
// what was tried), with the technical part for the helpdesk after it, in
// that language too but with its codes as they are.
func TestReportInTheLanguage(t *testing.T) {
	t.Cleanup(func() { _ = loadTranslations("en") })
	eng := newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin, "HTTP 502 Bad Gateway made by Cloudflare (origin)"))
	eng.ids = []string{"target", "reach"}
	h := newHarness(t, eng, func(d *Deps) { d.Helpdesk = &checks.Contact{Email: "help@example.org"} })
	h.app.Preferences().SetString(prefLanguage, "de")
	h.w.applySettings()
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.showSteps)
	test.Tap(h.w.ref.skip)
	test.Tap(h.w.ref.next)
	got := h.w.ref.reportText.Text
	tech := strings.Index(got, "Technische Angaben")
	if tech < 0 {
		t.Fatalf("no technical part:\n%s", got)
	}
	person := got[:tech]
	for _, want := range []string{"Wessen Problem: die Website", "Andere Websites öffnen sich von diesem Computer aus problemlos.",
		"Was Sie versuchen können, der Reihe nach", "Schon versucht: Die Betreiber der Website informieren"} {
		if !strings.Contains(person, want) {
			t.Errorf("the person's part lacks %q:\n%s", want, person)
		}
	}
	for _, english := range []string{"Whose problem", "What to try", "Already tried"} {
		if strings.Contains(person, english) {
			t.Errorf("the person's part is in English (%q):\n%s", english, person)
		}
	}
	// The technical part is in German too, with the codes a helpdesk
	// reads in any language: the verdict code, the check IDs and statuses.
	for _, want := range []string{"Alle Prüfungen:", "(website_origin)", "[problem] target", "[ok     ] reach", "HTTP 502"} {
		if !strings.Contains(got[tech:], want) {
			t.Errorf("the technical part lacks %q:\n%s", want, got[tech:])
		}
	}
	for _, english := range []string{"Every check", "Whose problem", "What we found", "The website's answer"} {
		if strings.Contains(got[tech:], english) {
			t.Errorf("the technical part is in English (%q):\n%s", english, got[tech:])
		}
	}
	// The saved web page speaks the same language, with the same codes.
	test.Tap(h.w.ref.saveHTML)
	h.waitFor("saved", func() bool { return strings.Contains(h.w.ref.finishStatus.Text, "/tmp/") })
	html := string(h.saved["gateway-doctor-shop.example.html"])
	for _, want := range []string{`<html lang="de">`, "Wessen Problem: die Website", "<code>website_origin</code>", "Alle Prüfungen", "<li>Ein paar Minuten warten, dann erneut prüfen</li>"} {
		if !strings.Contains(html, want) {
			t.Errorf("the html report lacks %q:\n%s", want, html)
		}
	}
	test.Tap(h.w.ref.email)
	u := <-h.urls
	if body := u.Query().Get("body"); !strings.HasPrefix(body, "Gateway Doctor") || !strings.Contains(body, "Wessen Problem") {
		t.Errorf("the email body is not in the person's language:\n%s", body)
	}
}
