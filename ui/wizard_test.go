package ui

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"gatewaydoctor/checks"
)

func TestWebsiteOriginWalk(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin, "HTTP 502 from Cloudflare: origin failed"))
	h := newHarness(t, eng, func(d *Deps) { d.Helpdesk = &checks.Contact{Name: "Example IT", Email: "help@example.org"} })

	h.expectText("welcome title", h.w.ref.urlEntry.PlaceHolder, T("welcome.placeholder"))
	if strings.Contains(h.w.ref.consent.Text, "dns.lab.test") {
		t.Errorf("the first screen shows addresses: %q", h.w.ref.consent.Text)
	}
	h.startWith("shop.example")
	if h.w.screen != screenChecking {
		t.Fatalf("Start did not show the checking screen")
	}
	h.waitScreen(screenVerdict)
	if got := eng.targets[0]; got != "https://shop.example" {
		t.Errorf("engine got target %q", got)
	}
	h.expectText("verdict title", h.w.ref.verdictTitle.Text, "The problem is on the website's side")
	h.expectText("whose", h.w.ref.whose.Text, "Whose problem: the website")
	if h.w.ref.nothingHere == nil || h.w.ref.nothingHere.Text != "Nothing on your computer can fix this." {
		t.Fatalf("website verdict does not say nothing here can fix it")
	}
	if !strings.Contains(h.w.ref.verdictSummary.Text, "front door") {
		t.Errorf("summary = %q", h.w.ref.verdictSummary.Text)
	}

	// "Tell me when it works again": the site is still failing at the
	// first retest; the person stops watching.
	eng.mu.Lock()
	eng.verdicts = append(eng.verdicts, verdictFor(checks.VerdictWebsiteOrigin))
	eng.mu.Unlock()
	test.Tap(h.w.ref.watchWorks)
	if !strings.Contains(h.w.ref.watchState.Text, "19:00") || !h.w.ref.watchState.Visible() {
		t.Errorf("watch state = %q, want the time it gives up (in an hour)", h.w.ref.watchState.Text)
	}
	h.expectText("button while watching", h.w.ref.watchWorks.Text, "Stop watching")
	(<-h.clock.afters) <- h.clock.now
	h.waitFor("the retest to report", func() bool { return strings.Contains(h.w.ref.watchState.Text, "still does not work") })
	if h.w.screen != screenVerdict || !h.w.Watching() || len(h.notes) != 0 {
		t.Fatalf("after a failed retest: screen %d, watching %v, %d notifications", h.w.screen, h.w.Watching(), len(h.notes))
	}
	<-h.clock.afters             // the watch waits for the next retest
	test.Tap(h.w.ref.watchWorks) // Stop watching
	h.waitFor("the watch to stop", func() bool { return !h.w.Watching() })
	if h.w.ref.watchWorks.Text != "Tell me when it works again" || !strings.HasPrefix(h.w.ref.watchState.Text, "Not watching") {
		t.Errorf("after Stop watching: button %q, state %q", h.w.ref.watchWorks.Text, h.w.ref.watchState.Text)
	}

	// Steps in the diagnosis's order: wait_and_retest, then contact_site.
	test.Tap(h.w.ref.showSteps)
	h.expectText("step 1", h.w.ref.stepTitle.Text, "Wait a few minutes, then check again")
	h.expectText("count", h.w.ref.stepCount.Text, "Step 1 of 2")
	test.Tap(h.w.ref.next)
	h.expectText("step 2", h.w.ref.stepTitle.Text, "Tell the website's owners")
	test.Tap(h.w.ref.backBtn)
	h.expectText("back to step 1", h.w.ref.stepTitle.Text, "Wait a few minutes, then check again")
	test.Tap(h.w.ref.skip)
	test.Tap(h.w.ref.next)
	if h.w.screen != screenFinish || h.w.ref.finishTitle.Text != "Send this report to your helpdesk" {
		t.Fatalf("after the last step: screen %d %q", h.w.screen, h.w.ref.finishTitle.Text)
	}
	rep := h.w.report()
	if !slices.Equal(rep.Tried, []string{"wait_and_retest", "contact_site"}) {
		t.Errorf("tried = %v", rep.Tried)
	}
	if !strings.Contains(h.w.ref.reportText.Text, "Already tried: Wait a few minutes, then check again; Tell the website's owners") {
		t.Errorf("report text lacks the tried steps:\n%s", h.w.ref.reportText.Text)
	}
	test.Tap(h.w.ref.email)
	u := <-h.urls
	if u.Scheme != "mailto" || u.Opaque != "help@example.org" || !strings.Contains(u.RawQuery, "subject=Website%20problem%3A%20shop.example") {
		t.Errorf("mailto = %s", u)
	}
	if got := h.app.Clipboard().Content(); !strings.Contains(got, "website_origin") {
		t.Errorf("email did not put the report on the clipboard: %q", got)
	}
}

// TestWatchWithWindowClosed: closing the window while watching hides it;
// the watch goes on from the tray, notifies when the site is back, and the
// wizard ends with "Fixed".
func TestWatchWithWindowClosed(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictWebsiteDown), verdictFor(checks.VerdictOK))
	h := newHarness(t, eng)
	h.startWith("https://shop.example/cart")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.watchWorks)
	if got := h.tray.last(); len(got) != 4 || got[1] != "Check now" || got[2] != "Stop watching" {
		t.Fatalf("tray menu %q", got)
	}
	quits := 0
	h.w.CloseIntercept(func() { quits++ })
	if quits != 0 || !h.w.Watching() {
		t.Fatalf("closing the window while watching quit (%d) or stopped the watch", quits)
	}
	(<-h.clock.afters) <- h.clock.now
	h.waitFor("fixed", func() bool { return h.w.screen == screenFinish })
	h.expectText("finish", h.w.ref.finishTitle.Text, "Fixed!")
	h.expectText("finish text", h.w.ref.finishText.Text, "The website works again.")
	if len(h.notes) != 1 || h.notes[0].Title != "The website works again" || !strings.Contains(h.notes[0].Content, "shop.example") {
		t.Errorf("notifications = %+v", h.notes)
	}
	if got := h.tray.last(); len(got) != 2 || !strings.Contains(got[0], "works again") {
		t.Errorf("tray after the site is back: %q", got)
	}
	h.w.CloseIntercept(func() { quits++ })
	if quits != 1 {
		t.Errorf("closing once the watch ended did not quit")
	}
}

func TestLocalProxyWalk(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictLocalProxy, "HTTP 502 made by squid"), verdictFor(checks.VerdictLocalProxy))
	h := newHarness(t, eng)
	h.startWith("intranet.example")
	h.waitScreen(screenVerdict)
	h.expectText("title", h.w.ref.verdictTitle.Text, "The problem is your organisation's proxy")
	h.expectText("whose", h.w.ref.whose.Text, "Whose problem: your organisation's proxy")
	if h.w.ref.nothingHere != nil {
		t.Errorf("a proxy verdict says nothing here can fix it")
	}
	h.w.typedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter: the main action
	h.expectText("step 1", h.w.ref.stepTitle.Text, "Check the proxy settings")
	if h.w.ref.action.Hidden {
		t.Fatal("proxy_settings has no action button")
	}
	test.Tap(h.w.ref.action)
	h.waitFor("the action to finish", func() bool { return h.w.ref.stepStatus.Text == "Done." })
	if got := h.fix.Applied(); !slices.Equal(got, []string{"proxy_settings"}) {
		t.Errorf("applied %v", got)
	}
	test.Tap(h.w.ref.didItWork)
	h.waitFor("the retest", func() bool { return h.w.screen == screenStep && h.w.step == 1 && !h.w.running })
	h.expectText("step 2", h.w.ref.stepTitle.Text, "Contact your helpdesk")
	h.expectText("note", h.w.ref.stepNote.Text, "That did not fix it yet. Here is the next thing to try.")
	h.w.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // Escape: back
	h.expectText("back", h.w.ref.stepTitle.Text, "Check the proxy settings")
	test.Tap(h.w.ref.next)
	test.Tap(h.w.ref.action) // contact_helpdesk: make the report
	if h.w.screen != screenFinish {
		t.Fatalf("contact_helpdesk did not open the report")
	}
	if !h.w.ref.email.Hidden {
		t.Errorf("email shown without a helpdesk address")
	}
	test.Tap(h.w.ref.saveHTML)
	h.waitFor("saved", func() bool { return strings.HasPrefix(h.w.ref.finishStatus.Text, "Saved to") })
	html := string(h.saved["gateway-doctor-intranet.example.html"])
	if !strings.Contains(html, "<li>Check the proxy settings</li>") || !strings.Contains(html, "local_proxy") {
		t.Errorf("html report:\n%s", html)
	}
}

func TestDNSFailureKeep(t *testing.T) {
	h := dnsToCountdown(t)
	test.Tap(h.w.ref.keep)
	if got := <-h.fix.decided; got != "keep" {
		t.Fatalf("Keep did %s", got)
	}
	h.waitFor("fixed", func() bool { return h.w.screen == screenFinish })
	h.expectText("finish", h.w.ref.finishTitle.Text, "Fixed!")
	h.expectText("what fixed it", h.w.ref.finishText.Text, "What fixed it: Try another address book (public DNS).")
	if !slices.Equal(h.w.tried, []string{"flush_dns", "switch_dns"}) {
		t.Errorf("tried = %v", h.w.tried)
	}
}

func TestDNSFailureRevertOnTimeout(t *testing.T) {
	h := dnsToCountdown(t)
	tick := <-h.clock.tickers
	for i := 1; i < 30; i++ {
		tick <- h.clock.now
	}
	h.waitFor("the countdown label", func() bool {
		return h.w.ref.keepCount.Text == "Your previous settings come back in 1 second unless you choose Keep."
	})
	tick <- h.clock.now // the 30th second
	if got := <-h.fix.decided; got != "revert" {
		t.Fatalf("the countdown ended with %s", got)
	}
	h.waitFor("reverted", func() bool { return h.w.countdown == nil })
	h.expectText("status", h.w.ref.stepStatus.Text, "Your previous settings are back.")
	if h.w.ref.next.Disabled() || h.w.ref.keepBox.Visible() {
		t.Errorf("after revert: next disabled %v, keep box visible %v", h.w.ref.next.Disabled(), h.w.ref.keepBox.Visible())
	}
	test.Tap(h.w.ref.next)
	if h.w.screen != screenFinish || h.w.ref.finishTitle.Text != "Send this report to your helpdesk" {
		t.Fatalf("after the last step: %q", h.w.ref.finishTitle.Text)
	}
}

func TestDNSFailureRevertByHand(t *testing.T) {
	h := dnsToCountdown(t)
	h.w.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // Escape puts the old settings back
	if got := <-h.fix.decided; got != "revert" {
		t.Fatalf("Escape did %s", got)
	}
	h.waitFor("reverted", func() bool { return h.w.countdown == nil })
	h.expectText("status", h.w.ref.stepStatus.Text, "Your previous settings are back.")
}

// dnsToCountdown walks a dns_failure diagnosis to "Keep these settings?":
// flushing the cache does not help, the switch verifies.
func dnsToCountdown(t *testing.T) *harness {
	t.Helper()
	eng := newFakeEngine(verdictFor(checks.VerdictDNSFailure, "the system resolver says NXDOMAIN, 3 references answer"))
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	h.expectText("title", h.w.ref.verdictTitle.Text, "The problem is in your network")
	if !strings.Contains(h.w.ref.verdictSummary.Text, "address book (DNS)") {
		t.Errorf("summary = %q", h.w.ref.verdictSummary.Text)
	}
	test.Tap(h.w.ref.showSteps)
	h.expectText("step 1", h.w.ref.stepTitle.Text, "Clear this computer's address memory (DNS cache)")
	h.fix.applyErr["flush_dns"] = errBoom
	test.Tap(h.w.ref.action)
	h.waitFor("flush result", func() bool { return strings.HasPrefix(h.w.ref.stepStatus.Text, "That did not work.") })
	if !strings.Contains(h.w.ref.stepStatus.Text, "You can go on to the next step.") {
		t.Errorf("a failed fix does not offer the next step: %q", h.w.ref.stepStatus.Text)
	}
	test.Tap(h.w.ref.didItWork)
	h.waitFor("step 2", func() bool { return h.w.step == 1 && !h.w.running })
	h.expectText("step 2", h.w.ref.stepTitle.Text, "Try another address book (public DNS)")
	test.Tap(h.w.ref.action)
	h.waitFor("the question", func() bool { return h.w.ref.keepBox.Visible() })
	h.expectText("question", h.w.ref.keepQuestion.Text, "The website works with Example DNS (192.0.2.53). Keep these settings?")
	h.expectText("countdown", h.w.ref.keepCount.Text, "Your previous settings come back in 30 seconds unless you choose Keep.")
	if !h.w.ref.next.Disabled() || !h.w.ref.backBtn.Disabled() {
		t.Errorf("navigation stays enabled during the countdown")
	}
	return h
}

func TestCaptivePortalWalk(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictCaptivePortal), verdictFor(checks.VerdictOK))
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	h.expectText("title", h.w.ref.verdictTitle.Text, "The problem is in your network")
	h.expectText("summary", h.w.ref.verdictSummary.Text, "This network wants you to sign in on its own page before you can use the internet.")
	test.Tap(h.w.ref.showSteps)
	h.expectText("step", h.w.ref.stepTitle.Text, "Sign in to this network")
	h.expectText("count", h.w.ref.stepCount.Text, "Step 1 of 1")
	h.expectText("action", h.w.ref.action.Text, "Open the sign-in page")
	test.Tap(h.w.ref.action)
	h.waitFor("opened", func() bool { return h.w.ref.stepStatus.Text == "Done." })
	test.Tap(h.w.ref.didItWork)
	h.waitFor("fixed", func() bool { return h.w.screen == screenFinish })
	h.expectText("what fixed it", h.w.ref.finishText.Text, "What fixed it: Sign in to this network.")
}

func TestOKWalk(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictOK))
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	h.expectText("title", h.w.ref.verdictTitle.Text, "The website works from this computer")
	test.Tap(h.w.ref.showSteps)
	want := []string{"Check the website again", "Open the website in a private window", "Clear your browser's cache"}
	for i, title := range want {
		h.expectText("step", h.w.ref.stepTitle.Text, title)
		test.Tap(h.w.ref.didItWork)
		if !h.w.ref.answers.Visible() {
			t.Fatalf("step %d: no yes/no question", i)
		}
		h.expectText("question", h.w.ref.question.Text, "Does the website work in your browser now?")
		if i < len(want)-1 {
			test.Tap(h.w.ref.no)
		}
	}
	if eng.Runs() != 1 {
		t.Errorf("the ok verdict retested %d times; the site already works from here", eng.Runs()-1)
	}
	test.Tap(h.w.ref.yes)
	h.expectText("what fixed it", h.w.ref.finishText.Text, "What fixed it: Clear your browser's cache.")
	test.Tap(h.w.ref.again)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.showSteps)
	for h.w.steps[h.w.step] != "restart_browser" {
		test.Tap(h.w.ref.skip)
	}
	test.Tap(h.w.ref.action)
	h.waitFor("the outcome", func() bool { return strings.HasPrefix(h.w.ref.stepStatus.Text, "These browsers") })
	h.expectText("outcome", h.w.ref.stepStatus.Text, "These browsers are open. Close and reopen them:\nFirefox")
	test.Tap(h.w.ref.again)
	if h.w.screen != screenWelcome {
		t.Errorf("Check another website did not go back to the start")
	}
}

func TestCancelStopsTheRun(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictOK))
	eng.gate = make(chan struct{})
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitFor("the first row to finish", func() bool { return h.w.ref.rows["target"].key == "state.ok" })
	h.waitFor("the second row to run", func() bool { return h.w.ref.rows["dns.resolve"].key == "state.running" })
	if h.w.ref.rows["captive"].key != "state.waiting" {
		t.Errorf("captive row = %s", h.w.ref.rows["captive"].key)
	}
	if h.w.ref.progress.Value <= 0 || h.w.ref.progress.Value >= 1 {
		t.Errorf("progress = %v", h.w.ref.progress.Value)
	}
	test.Tap(h.w.ref.cancel)
	if h.w.screen != screenWelcome {
		t.Fatalf("Cancel did not go back")
	}
	h.drain()
	if h.w.screen != screenWelcome {
		t.Errorf("a cancelled run still changed the screen")
	}
}

func TestInvalidURLIsExplained(t *testing.T) {
	h := newHarness(t, newFakeEngine(verdictFor(checks.VerdictOK)))
	h.startWith("")
	if h.w.screen != screenWelcome || !h.w.ref.urlError.Visible() {
		t.Fatal("an empty address started a run")
	}
	h.expectText("error", h.w.ref.urlError.Text, "Type or paste the address of the website first, for example shop.example.com.")
	h.startWith("ftp://files.example")
	h.expectText("error", h.w.ref.urlError.Text, T("welcome.invalid"))
}

func TestPrefill(t *testing.T) {
	for _, tc := range []struct {
		name, arg, clip string
		targets         []string
		want            string
	}{
		{"argument first", "https://a.example/", "https://c.example/", []string{"https://b.example/"}, "https://a.example/"},
		{"then the profile", "", "https://c.example/", []string{"https://b.example/"}, "https://b.example/"},
		{"then the clipboard", "", "https://c.example/x", nil, "https://c.example/x"},
		{"not a url on the clipboard", "", "hello there", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Clipboard().SetContent(tc.clip)
			w := New(a, a.NewWindow("x"), Deps{Engine: newFakeEngine(verdictFor(checks.VerdictOK)), Targets: tc.targets, Do: func(func()) {}}, tc.arg)
			if got := w.ref.urlEntry.Text; got != tc.want {
				t.Errorf("prefilled %q, want %q", got, tc.want)
			}
		})
	}
}

func TestExpertViewShowsEverything(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictWebsiteOrigin, "cf-ray seen"))
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	h.w.ref.expertToggle.SetChecked(true)
	txt := h.w.ref.expertText.Text
	for _, want := range []string{"verdict: website_origin", "[problem] target", "error page made by Cloudflare (origin)", "[ok] captive", "evidence: cf-ray seen"} {
		if !strings.Contains(txt, want) {
			t.Errorf("expert view lacks %q:\n%s", want, txt)
		}
	}
	h.w.ref.expertToggle.SetChecked(false)
	if h.w.ref.verdictTitle.Text == "" || h.w.screen != screenVerdict {
		t.Errorf("switching the expert view off did not restore the verdict")
	}
}

func TestRedactionChoice(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictGatewayUnreachable, "router 192.168.1.1 (mac 00:1a:2b:3c:4d:5e) does not answer"))
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.report)
	txt := h.w.ref.reportText.Text
	if strings.Contains(txt, "192.168.1.1") || strings.Contains(txt, "00:1a:2b") {
		t.Fatalf("hidden by default, but the report shows:\n%s", txt)
	}
	test.Tap(h.w.ref.redactLocal)
	test.Tap(h.w.ref.redactMAC)
	txt = h.w.ref.reportText.Text
	if !strings.Contains(txt, "192.168.1.1") || !strings.Contains(txt, "00:1a:2b:3c:4d:5e") {
		t.Fatalf("unticked, but the report still hides them:\n%s", txt)
	}
	test.Tap(h.w.ref.copyBtn)
	if h.app.Clipboard().Content() != txt {
		t.Errorf("Copy did not copy the report as shown")
	}
}

func TestSettingsChangeLanguageAndTheme(t *testing.T) {
	h := newHarness(t, newFakeEngine(verdictFor(checks.VerdictOK)))
	t.Cleanup(func() { _ = loadTranslations("en") })
	test.Tap(h.w.ref.settingsBtn)
	h.w.ref.langSelect.SetSelected("Deutsch")
	if h.app.Preferences().String(prefLanguage) != "de" {
		t.Fatalf("language not stored")
	}
	if got := h.w.ref.start.Text; got == "Start" || got == "" {
		// German: "Starten"
		t.Errorf("start button after switching to German: %q", got)
	}
	h.w.ref.themeRadio.SetSelected(h.w.ref.themeRadio.Options[3])
	th, ok := h.app.Settings().Theme().(appTheme)
	if !ok || th.mode != ThemeContrast {
		t.Errorf("theme = %#v", h.app.Settings().Theme())
	}
	h.w.ref.sizeRadio.SetSelected(h.w.ref.sizeRadio.Options[2])
	if th := h.app.Settings().Theme().(appTheme); th.scale != 1.5 {
		t.Errorf("scale = %v", th.scale)
	}
	h.w.ref.langSelect.SetSelected("English")
}

// TestFocusOrder walks a step page with Tab: the header, then the step's
// buttons, then Back, Skip and Next, as they read.
func TestFocusOrder(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictDNSFailure))
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.showSteps)
	c := h.win.Canvas()
	want := []fyne.Focusable{h.w.ref.expertToggle, h.w.ref.settingsBtn, h.w.ref.action, h.w.ref.didItWork, h.w.ref.backBtn, h.w.ref.skip, h.w.ref.next}
	for i, f := range want {
		test.FocusNext(c)
		if c.Focused() != f {
			t.Fatalf("Tab %d focuses %T %v, want %T", i+1, c.Focused(), c.Focused(), f)
		}
	}
}

// TestKeyboardOnFocusedButtons: with a button focused, Enter presses it and
// Escape still goes back.
func TestKeyboardOnFocusedButtons(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictCaptivePortal))
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	c := h.win.Canvas()
	c.Focus(h.w.ref.showSteps)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.expectText("step", h.w.ref.stepTitle.Text, "Sign in to this network")
	c.Focus(h.w.ref.next)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.w.screen != screenVerdict {
		t.Errorf("Escape on a focused button did not go back")
	}
}

func TestSettingsKeys(t *testing.T) {
	h := newHarness(t, newFakeEngine(verdictFor(checks.VerdictOK)))
	h.w.ref.urlEntry.SetText("shop.example")
	test.Tap(h.w.ref.settingsBtn)
	h.w.typedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.w.screen != screenWelcome {
		t.Fatal("Enter with Settings open started a run")
	}
	h.w.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape did not close Settings")
	}
}

type panicFixer struct{ *fakeFixer }

func (panicFixer) Apply(context.Context, string, *url.URL) (FixOutcome, error) { panic("boom") }

func TestFixPanicIsReported(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictDNSFailure))
	h := newHarness(t, eng, func(d *Deps) { d.Fixer = panicFixer{newFakeFixer()} })
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.showSteps)
	test.Tap(h.w.ref.action)
	h.waitFor("the failure", func() bool { return strings.Contains(h.w.ref.stepStatus.Text, "internal error: boom") })
	if !strings.Contains(h.w.ref.stepStatus.Text, "You can go on to the next step.") || h.w.ref.action.Disabled() {
		t.Errorf("after a panic: %q, action disabled %v", h.w.ref.stepStatus.Text, h.w.ref.action.Disabled())
	}
}

// TestLeavingAStepDuringItsRetest: the retest's answer must not move a
// person who already went on.
func TestLeavingAStepDuringItsRetest(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictDNSFailure))
	h := newHarness(t, eng)
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.showSteps)
	eng.mu.Lock()
	eng.gate = make(chan struct{})
	gate := eng.gate
	eng.mu.Unlock()
	test.Tap(h.w.ref.didItWork)
	test.Tap(h.w.ref.backBtn) // back to the verdict while the retest runs
	close(gate)
	h.waitFor("the retest to end", func() bool { return !h.w.running })
	if h.w.screen != screenVerdict {
		t.Errorf("the retest moved the wizard to screen %d", h.w.screen)
	}
}

// TestWatchEndShowsTheHiddenWindow: a window hidden while watching comes back
// when the watch ends any other way than the site coming back (here "Stop
// watching" from the tray), so the app never runs on unseen, e.g. on a
// desktop without a tray host.
func TestWatchEndShowsTheHiddenWindow(t *testing.T) {
	eng := newFakeEngine(verdictFor(checks.VerdictWebsiteDown))
	h := newHarness(t, eng)
	h.startWith("https://shop.example/cart")
	h.waitScreen(screenVerdict)
	test.Tap(h.w.ref.watchWorks)
	h.w.CloseIntercept(func() { t.Fatal("closing while watching quit") })
	if !h.hidden() {
		t.Fatal("closing while watching did not hide the window")
	}
	menu := h.tray.menus[len(h.tray.menus)-1]
	menu.Items[2].Action() // Stop watching
	h.waitFor("the watch to end", func() bool { return !h.w.Watching() })
	h.drain()
	if h.hidden() {
		t.Error("the watch ended and the window stayed hidden")
	}
}
