package ui

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"gatewaydoctor/checks"
)

// screenSizes are the window sizes every screen must fit (issue 14): a
// small laptop at normal text, and a larger screen at the largest text.
var screenSizes = []struct {
	name string
	size fyne.Size
	text int // index into textSizes
}{
	{"800x600 text 1.0", fyne.NewSize(800, 600), 0},
	{"1024x768 text 1.5", fyne.NewSize(1024, 768), 2},
}

// fits fails the test when what the window shows needs more room than the
// window has: the content's minimum size, and any dialog over it.
func (h *harness) fits(where string, size fyne.Size) {
	h.t.Helper()
	c := h.win.Canvas()
	if m := h.win.Content().MinSize(); m.Width > size.Width || m.Height > size.Height {
		h.t.Errorf("%s: content needs %.0f×%.0f, window is %.0f×%.0f", where, m.Width, m.Height, size.Width, size.Height)
	}
	if n := emptyGaps(h.win.Content()); n > 0 {
		h.t.Errorf("%s: %d empty button-high gaps where a hidden button sits", where, n)
	}
	for _, o := range c.Overlays().List() {
		if m := o.MinSize(); m.Width > size.Width || m.Height > size.Height {
			h.t.Errorf("%s: dialog needs %.0f×%.0f, window is %.0f×%.0f", where, m.Width, m.Height, size.Width, size.Height)
		}
	}
}

// emptyGaps counts the shown tall() wrappers whose button is hidden: each
// would leave a blank, button-high gap on the screen.
func emptyGaps(o fyne.CanvasObject) int {
	if o == nil || !o.Visible() {
		return 0
	}
	if w, ok := o.(fyne.Widget); ok {
		n := 0
		for _, k := range test.WidgetRenderer(w).Objects() {
			n += emptyGaps(k)
		}
		return n
	}
	c, ok := o.(*fyne.Container)
	if !ok {
		return 0
	}
	if _, tall := c.Layout.(*minHeight); tall {
		for _, k := range c.Objects {
			if k.Visible() {
				return 0
			}
		}
		return 1
	}
	n := 0
	for _, k := range c.Objects {
		n += emptyGaps(k)
	}
	return n
}

// TestEveryScreenFits walks every screen of every verdict (the verdict,
// each of its steps with the DNS question and the router watch shown, the
// report, Fixed, Settings and the expert view) in every language at both
// sizes, and fails when one needs more room than the window has.
func TestEveryScreenFits(t *testing.T) {
	t.Cleanup(func() { _ = loadTranslations("en") })
	for _, sz := range screenSizes {
		for _, l := range Languages {
			t.Run(sz.name+" "+l.Code, func(t *testing.T) {
				var vs []checks.Verdict
				for _, code := range slices.Sorted(maps.Keys(checks.Verdicts)) {
					vs = append(vs, verdictFor(code, "HTTP 502 Bad Gateway made by Cloudflare (origin)", "the system resolver fails; 3 references answer"))
				}
				eng := newFakeEngine(vs...)
				h := newHarness(t, eng, func(d *Deps) {
					d.Helpdesk = &checks.Contact{Name: "Example IT", Email: "help@example.org", Phone: "+1 555 0100"}
					d.Contacts = []string{"192.0.2.53", "captive.lab.test"}
					d.Reaches = Reaches{DNS: []string{"Cloudflare", "Google Public DNS"}, Other: 2, SignIn: true, Sites: true, Outside: true}
					// The first screen asks which browser; the verdicts offer the outside check.
					d.EngineFor = func(string) Engine { return eng }
					d.Outside = (&fakeOutside{report: places(200, 200, 200, 200, 200)}).ask
					// Browser steps show the choice by name, and by icon
					// where the OS gave one.
					d.Fixer = fakeBrowserFixer{fakeFixer: newFakeFixer(), browsers: []BrowserChoice{
						{ID: "chrome", Name: "Google Chrome", Private: true, NoExtensions: true, Icon: theme.ComputerIcon()},
						{ID: "firefox", Name: "Firefox", Private: true, NoExtensions: true},
						{ID: "edge", Name: "Microsoft Edge", Private: true, NoExtensions: true}}}
				})
				p := h.app.Preferences()
				p.SetString(prefLanguage, l.Code)
				p.SetInt(prefTextSize, sz.text)
				h.w.applySettings()
				h.win.Resize(sz.size)
				h.waitFor("the browsers", func() bool { return len(h.w.browsers) == 3 })
				h.w.showWelcome()
				if h.w.ref.whichBrowser == nil {
					t.Fatal("the first screen does not ask which browser")
				}
				h.fits("welcome", sz.size)
				h.w.showSettings()
				h.fits("settings", sz.size)
				h.w.ref.settings.Hide()
				seen := map[string]bool{}
				for i, v := range vs {
					h.startWith("https://a-rather-long-host-name.shop.example/checkout/basket")
					if i == 0 {
						h.fits("checking", sz.size)
					}
					h.waitScreen(screenVerdict)
					where := fmt.Sprintf("verdict %s", v.Code)
					h.fits(where, sz.size)
					h.w.provisional = &Provisional{Verdict: v, Retest: 1, Retests: 3}
					h.w.showVerdict()
					h.fits(where+" provisional", sz.size)
					h.w.provisional = nil
					for s := range h.w.steps {
						if seen[h.w.steps[s]] {
							continue // a step looks the same under every verdict
						}
						seen[h.w.steps[s]] = true
						h.w.showStep(s)
						h.w.ref.keepBox.Show()
						h.fits(fmt.Sprintf("%s step %s", where, h.w.steps[s]), sz.size)
					}
					if i == 0 {
						h.w.showHandoff()
						h.fits(where+" report", sz.size)
					}
					h.w.showWelcome()
				}
				h.w.fixedBy = "switch_dns"
				h.w.showFixed()
				h.fits("fixed", sz.size)
				h.w.ref.expertToggle.SetChecked(true)
				h.fits("expert view", sz.size)
				h.w.ref.expertToggle.SetChecked(false)
			})
		}
	}
}

// TestLanguageNamesWhole: the language box is wide enough for every name
// it offers, in every language and text size.
func TestLanguageNamesWhole(t *testing.T) {
	t.Cleanup(func() { _ = loadTranslations("en") })
	for _, sz := range screenSizes {
		for _, l := range Languages {
			h := newHarness(t, newFakeEngine(verdictFor(checks.VerdictOK)))
			p := h.app.Preferences()
			p.SetString(prefLanguage, l.Code)
			p.SetInt(prefTextSize, sz.text)
			h.w.applySettings()
			h.w.showSettings()
			sel := h.w.ref.langSelect
			th := h.app.Settings().Theme()
			text := th.Size(theme.SizeNameText)
			// The text's room: the box less its icon and inner paddings.
			room := sel.MinSize().Width - th.Size(theme.SizeNameInlineIcon) - 4*th.Size(theme.SizeNameInnerPadding)
			for _, o := range sel.Options {
				if w := fyne.MeasureText(o, text, fyne.TextStyle{}).Width; w > room {
					t.Errorf("%s %s: %q needs %.0f px, the box has %.0f", sz.name, l.Code, o, w, room)
				}
			}
			h.w.ref.settings.Hide()
		}
	}
}

// TestFocusIsVisible: a button reached with Tab wears an opaque ring at
// least 2 px wide in every theme, and loses it when the focus moves on.
func TestFocusIsVisible(t *testing.T) {
	for _, mode := range []string{ThemeLight, ThemeDark, ThemeContrast} {
		h := newHarness(t, newFakeEngine(verdictFor(checks.VerdictOK)))
		h.app.Preferences().SetString(prefTheme, mode)
		h.w.applySettings()
		b := h.w.ref.start
		c := h.win.Canvas()
		c.Focus(b)
		r := test.WidgetRenderer(b).(*ringRenderer)
		_, _, _, a := r.ring.StrokeColor.RGBA()
		if a != 0xffff || r.ring.StrokeWidth < 2 {
			t.Errorf("%s: focused button's ring: colour %v, width %v", mode, r.ring.StrokeColor, r.ring.StrokeWidth)
		}
		c.Focus(h.w.ref.urlEntry)
		if _, _, _, a := r.ring.StrokeColor.RGBA(); a != 0 {
			t.Errorf("%s: the ring stays after the focus left", mode)
		}
		// Boxes and options show focus with the theme's tint.
		th := h.app.Settings().Theme()
		if _, _, _, a := th.Color(theme.ColorNameFocus, h.app.Settings().ThemeVariant()).RGBA(); a < 0x8000 {
			t.Errorf("%s: focus tint only %d%% opaque", mode, a*100/0xffff)
		}
	}
}

// focusables lists the visible, enabled widgets under o that take the
// keyboard focus.
func focusables(o fyne.CanvasObject) []fyne.Focusable {
	if o == nil || !o.Visible() {
		return nil
	}
	var out []fyne.Focusable
	if f, ok := o.(fyne.Focusable); ok {
		if d, ok := o.(fyne.Disableable); !ok || !d.Disabled() {
			out = append(out, f)
		}
	}
	switch c := o.(type) {
	case *fyne.Container:
		for _, k := range c.Objects {
			out = append(out, focusables(k)...)
		}
	case fyne.Widget:
		if _, ok := o.(fyne.Focusable); ok {
			return out // a focusable widget's parts are reached through it
		}
		for _, k := range test.WidgetRenderer(c).Objects() {
			out = append(out, focusables(k)...)
		}
	}
	return out
}

// TestKeyboardReachesEverything: on every kind of screen, Tab reaches each
// button, box and field that is shown, and "What we found" is open
// without a pointer.
func TestKeyboardReachesEverything(t *testing.T) {
	eng := newFakeEngine(stepsOnly(checks.VerdictWebsiteOrigin, "wait_and_retest", "other_browser", "contact_site"))
	h := newHarness(t, eng, func(d *Deps) {
		d.Fixer = fakeBrowserFixer{fakeFixer: newFakeFixer(), browsers: []BrowserChoice{{ID: "firefox", Name: "Firefox"}, {ID: "chrome", Name: "Google Chrome"}}}
		d.Helpdesk = &checks.Contact{Email: "help@example.org"}
	})
	c := h.win.Canvas()
	walk := func(where string) {
		t.Helper()
		c.Unfocus()
		want := focusables(h.win.Content())
		seen := map[fyne.Focusable]bool{}
		for range 3 * len(want) {
			test.FocusNext(c)
			if f := c.Focused(); f != nil {
				seen[f] = true
			}
		}
		for _, f := range want {
			if !seen[f] {
				t.Errorf("%s: Tab never reaches %T %v", where, f, f)
			}
		}
		if len(want) < 3 {
			t.Errorf("%s: only %d focusable widgets found: the walk is broken", where, len(want))
		}
	}
	walk("welcome")
	h.startWith("shop.example")
	h.waitScreen(screenVerdict)
	walk("verdict")
	if !h.w.ref.found.Visible() {
		t.Errorf("What we found needs a pointer to open")
	}
	test.Tap(h.w.ref.showSteps)
	walk("step 1")
	test.Tap(h.w.ref.next)
	walk("step 2, browser choice")
	test.Tap(h.w.ref.next)
	test.Tap(h.w.ref.next)
	walk("report")
}
