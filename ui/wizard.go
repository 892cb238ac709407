package ui

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/ui/internal/firstframe"
)

// Deps is everything the wizard uses from outside: the engine, the fix
// catalogue, the profile's settings and the hooks tests replace.
type Deps struct {
	Engine Engine
	// Fixer carries out fixes; nil offers instructions only.
	Fixer Fixer
	// Clock drives "check again in a minute" and the DNS countdown; nil is
	// the real clock.
	Clock Clock
	// Do runs a function on the Fyne goroutine; nil is fyne.Do. Driver
	// tests queue the functions and run them on the test goroutine.
	Do func(func())
	// ParseTarget reads the URL field; nil is web.ParseTarget.
	ParseTarget func(string) (*url.URL, error)
	// OpenURL opens a link (mailto for the helpdesk); nil is the app's.
	OpenURL func(*url.URL) error
	// Notify sends a desktop notification; nil is the app's.
	Notify func(*fyne.Notification)
	// SaveFile asks where to save a report and writes data there from a
	// goroutine, calling done from that goroutine; nil is Fyne's save dialog.
	SaveFile func(name string, data []byte, done func(path string, err error))

	// NetworkUp reports whether the network answers again (engine.NetworkUp in
	// the app): the restart_router step polls it through fixes.Watch while
	// the router restarts, then retests. nil: that step only explains.
	NetworkUp func(ctx context.Context, target *url.URL) bool
	// PortalCleared reports whether the captive portal lets traffic
	// through (engine.PortalCleared in the app): after "Open the sign-in
	// page" the step polls it and retests by itself. nil: by hand only.
	PortalCleared func(ctx context.Context, target *url.URL) bool

	// GOOS names the keys and browsers of the steps' guidance; "" is
	// runtime.GOOS.
	GOOS string

	// Targets are the profile's sites, offered in the URL field.
	Targets []string
	// Contacts are the addresses a run contacts besides the site, for the
	// expert view; Reaches says the same in words on the first screen.
	Contacts []string
	Reaches  Reaches
	// Helpdesk is the profile's contact, for the report and the Email button.
	Helpdesk *checks.Contact
	// Outside runs "Check from other places in the world" on a finished
	// diagnosis (engine.Engine.Outside with the app's client, a fake in
	// tests); nil never offers it. OutsideCheck is the profile's [privacy]
	// outside_check: "ask" (or ""), "never" or "always".
	Outside      OutsideAsker
	OutsideCheck string
	// Tray is the system tray "Tell me when it works again" watches from;
	// nil is the app's when it has one (desktop.App).
	Tray Tray
	// EngineFor is the engine that tests the path of one browser (a
	// checks/system browser ID): engine.Engine with Browser set. nil never
	// asks which browser shows the problem.
	EngineFor func(browser string) Engine

	// ApprovedBy names the helpdesk of a managed install that pre-approved
	// the checks ([privacy] preapproved); the first screen says so. The
	// person still presses Start. "" says nothing.
	ApprovedBy string
}

// screen identifies the wizard's pages.
type screen int

const (
	screenWelcome screen = iota
	screenChecking
	screenVerdict
	screenStep
	screenFinish
)

// Wizard is the app's one window and its state.
type Wizard struct {
	app    fyne.App
	win    fyne.Window
	d      Deps
	clock  Clock
	bridge *bridge
	parse  func(string) (*url.URL, error)

	// state, touched only on the Fyne goroutine
	input   string
	target  *url.URL
	runID   int
	running bool
	cancel  context.CancelFunc
	live    map[string]checks.Result
	early   map[string]checks.Result // provisional results of the running run
	diag    engine.Diagnosis         // of the latest run
	results checks.Results
	verdict checks.Verdict // of the latest run
	first   checks.Verdict // of the run that chose the steps
	// provisional is the verdict shown while the first run's retests
	// still run; nil once the run ended.
	provisional *Provisional
	// retests is how far the running run's target retests are, from its
	// provisional events.
	retests checks.RetestCount
	// onProvisional receives the running run's provisional verdicts.
	onProvisional func(Provisional)
	started       time.Time
	took          time.Duration
	steps         []string
	step          int
	note          string // shown at the top of a step page
	tried         []string
	fixErrors     []string // technical detail of failed fixes, for the expert view
	fixedBy       string
	screen        screen
	expert        bool
	foreground    bool
	recheck       int // generation of "check again in a minute": a new one cancels the wait
	page          int // generation of the step page shown: its actions' results drop once it is gone
	countdown     *countdown
	watch         *netWatch       // restart_router's wait for the network
	browsers      []BrowserChoice // installed, from the Fixer (loadBrowsers)
	// portalCancel stops the sign-in step's wait for the portal.
	portalCancel context.CancelFunc
	outside      *OutsideCheck
	outsideRun   int // the run the outside check was asked for
	tw           *TrayWatch
	watchGen     int       // generation of "Tell me when it works again"
	watchUntil   time.Time // when the watch gives up
	browser      string    // the browser that shows the problem; "" unknown

	primary  func() // Enter
	back     func() // Escape
	rerender func() // rebuilds the current screen (language change)

	root   *fyne.Container
	stack  *fyne.Container
	header *fyne.Container
	ref    refs
}

// refs are the widgets driver tests and the keyboard reach.
type refs struct {
	title                          *widget.Label
	expertToggle                   *widget.Check
	settingsBtn                    *kbButton
	urlEntry                       *widget.Entry
	urlError                       *widget.Label
	consent                        *widget.Label
	approved                       *widget.Label // [privacy] preapproved; nil when not
	start                          *kbButton
	rows                           map[string]*checkRow
	progress                       *widget.ProgressBar
	targetWait                     *widget.Label
	cancel                         *kbButton
	verdictTitle, verdictSummary   *widget.Label
	retesting                      *widget.Label
	retestBar                      *widget.ProgressBarInfinite
	whose                          *widget.Label
	nothingHere                    *widget.Label
	found                          *widget.Label
	showSteps, report              *kbButton
	stepNote, stepTitle, stepCount *widget.Label
	stepWhy, stepHow, stepStatus   *widget.Label
	stepGuide                      *widget.Label
	browserPick                    *widget.RadioGroup
	browserIcons                   []*canvas.Image // beside browserPick's options; nil where none
	action, didItWork              *kbButton
	yes, no                        *kbButton
	question                       *widget.Label
	answers                        *fyne.Container
	keepBox                        *fyne.Container
	keepQuestion, keepCount        *widget.Label
	keep, revert                   *kbButton
	watchSpin                      *widget.Activity
	watchTitle, watchLine          *widget.Label
	watchStop                      *kbButton
	watchStopT, watchAgainT        fyne.CanvasObject // their tall wrappers
	backBtn, skip, next            *kbButton
	finishTitle, finishText        *widget.Label
	reportText                     *widget.Label
	redactUser, redactMAC          *widget.Check
	redactLocal                    *widget.Check
	copyBtn, saveText, saveJSON    *kbButton
	saveHTML, email, closeBtn      *kbButton
	again                          *kbButton
	finishStatus                   *widget.Label
	expertText                     *widget.Label
	langSelect                     *widget.Select
	themeRadio, sizeRadio          *widget.RadioGroup
	settings                       dialog.Dialog
	outsideBtn                     *kbButton
	outsideNote                    *widget.Label
	watchWorks                     *kbButton // "Tell me when it works again", "Stop watching" while it watches
	watchState                     *widget.Label
	whichBrowser                   *widget.RadioGroup
}

// New builds the wizard in win. initial is the URL from the command line.
func New(a fyne.App, win fyne.Window, d Deps, initial string) *Wizard {
	w := &Wizard{app: a, win: win, d: d, clock: d.Clock, parse: d.ParseTarget, foreground: true}
	if w.clock == nil {
		w.clock = realClock{}
	}
	if w.parse == nil {
		w.parse = web.ParseTarget
	}
	w.bridge = newBridge(d.Do)
	w.outside = NewOutsideCheck(d.Outside, w.bridge.do, d.OutsideCheck)
	w.input = initial
	if w.input == "" && len(d.Targets) > 0 {
		w.input = d.Targets[0]
	}
	if w.input == "" {
		w.input = clipboardURL(a)
	}
	w.applySettings()
	w.loadBrowsers()

	a.Lifecycle().SetOnEnteredForeground(func() { w.foreground = true })
	a.Lifecycle().SetOnExitedForeground(func() { w.foreground = false })
	win.Canvas().SetOnTypedKey(w.typedKey)
	// Ctrl+E (Cmd+E) toggles the expert view, Ctrl+, opens Settings: both
	// are also buttons in the header, which Tab reaches.
	win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		w.ref.expertToggle.SetChecked(!w.expert)
	})
	win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		w.showSettings()
	})

	w.stack = container.NewStack()
	w.header = container.NewStack()
	// The header comes first in the tree so that Tab visits it first: the
	// focus order is the reading order (header, body, then the button bar).
	w.root = container.New(layout.NewBorderLayout(w.header, nil, nil, nil), w.header, w.stack)
	win.SetContent(firstframe.Wrap(w.root))
	w.showWelcome()
	return w
}

// clipboardURL returns the clipboard's text when it is a web address.
func clipboardURL(a fyne.App) string {
	s := strings.TrimSpace(a.Clipboard().Content())
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		if !strings.ContainsAny(s, " \n\t") && len(s) < 2048 {
			return s
		}
	}
	return ""
}

// typedKey gives Enter to the screen's main action and Escape to Back. Keys
// typed into a focused field reach that field instead (the URL field has
// its own Enter).
func (w *Wizard) typedKey(ev *fyne.KeyEvent) {
	if w.win.Canvas().Overlays().Top() != nil {
		// Settings is open over the screen: Escape closes it, and Enter
		// must not act on the screen behind it.
		if ev.Name == fyne.KeyEscape && w.ref.settings != nil {
			w.ref.settings.Hide()
		}
		return
	}
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if w.primary != nil {
			w.primary()
		}
	case fyne.KeyEscape:
		if w.back != nil {
			w.back()
		}
	}
}

// setScreen puts a screen's body under the header; the expert view, when
// on, replaces the body until it is switched off.
func (w *Wizard) setScreen(s screen, body fyne.CanvasObject, rerender func()) {
	w.screen = s
	if s != screenStep {
		w.stopWatch() // the person left the restart_router step
		w.stopPortalWatch()
	}
	// A field focused on the previous screen would keep receiving Enter
	// (and start a new run) after it is gone.
	w.win.Canvas().Unfocus()
	w.rerender = func() { rerender(); w.buildHeader() }
	w.buildHeader()
	if w.expert {
		body = w.expertView()
	}
	w.stack.Objects = []fyne.CanvasObject{body}
	w.relayout()
}

func (w *Wizard) buildHeader() {
	title := widget.NewLabel(T("app.title"))
	expert := widget.NewCheck(T("header.expert"), nil)
	expert.SetChecked(w.expert)
	expert.OnChanged = func(on bool) {
		if on == w.expert {
			return
		}
		w.expert = on
		w.rerender()
	}
	settings := w.button(T("header.settings"), theme.SettingsIcon(), widget.MediumImportance, w.showSettings)
	w.ref.title, w.ref.expertToggle, w.ref.settingsBtn = title, expert, settings
	w.header.Objects = []fyne.CanvasObject{container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(widget.NewIcon(appIcon()), title), container.NewHBox(expert, settings)),
		widget.NewSeparator(),
	)}
	w.relayout()
}

// relayout lays the header and body out again: either may have changed
// size. Before the window has a size there is nothing to lay out yet (a
// layout at width 0 would wrap every paragraph word by word), and showing
// the window lays everything out anyway.
func (w *Wizard) relayout() {
	if w.root != nil && !w.root.Size().IsZero() {
		w.root.Refresh()
	}
}

// report assembles the report of the latest run with what was tried.
func (w *Wizard) report() *checks.Report {
	if w.diag.Report == nil {
		return checks.NewReport("", w.started, w.took, w.results, w.verdict)
	}
	rep := *w.diag.Report
	rep.Tried = append([]string(nil), w.tried...)
	return &rep
}

// markTried remembers that the user tried fix id, once.
func (w *Wizard) markTried(id string) {
	if !slices.Contains(w.tried, id) {
		w.tried = append(w.tried, id)
	}
}
