//go:build !nogui

package main

// The wizard: `gateway-doctor [--profile FILE] [URL]`. This file wires the
// Fyne app to the engine (checks/suite) and the fix catalogue (fixes); the
// screens live in package ui. A headless build (-tags nogui, no cgo) uses
// gui_nogui.go instead.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"runtime/debug"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/theme"

	"gatewaydoctor/assets"
	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/fixes"
	"gatewaydoctor/profile"
	"gatewaydoctor/ui"
)

// appID is the app's identity for Fyne preferences and notifications; it
// equals FyneApp.toml's ID so packaged and `go build` binaries share them.
const appID = "org.gatewaydoctor.app"

// startupSettle is when start-up is over: the first frame comes within a
// few hundred milliseconds (ui/internal/minimal/bench.sh), so two seconds
// leaves a wide margin on a slow machine.
const startupSettle = 2 * time.Second

func runGUI(args []string) int {
	fs := flag.NewFlagSet("gateway-doctor", flag.ContinueOnError)
	profilePath := fs.String("profile", "", "helpdesk profile (TOML)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 1 {
		usage()
		return exitUsage
	}
	prof, err := profile.Resolve(*profilePath, fixes.Known())
	if err != nil {
		fmt.Fprintf(os.Stderr, "gateway-doctor: %v\n", err)
		return exitUsage
	}

	// The icon is set once, as the app's: a new window takes the app's icon
	// and decodes it on the way to the first frame, and every SetIcon on
	// the window decodes it again (twice, before the window exists). 256 px
	// is what Fyne itself gives a window; the 512 px one stays for the
	// installers.
	icon := fyne.NewStaticResource("icon.png", assets.IconWindow)
	// `go build` binaries carry no FyneApp.toml metadata; set what `fyne
	// build` would, including the fyneDo migration (every widget change
	// goes through fyne.Do, so Fyne's thread checks can be off).
	app.SetMetadata(fyne.AppMetadata{ID: appID, Name: "Gateway Doctor", Version: checks.Version, Build: 1,
		Icon: icon, Release: true, Migrations: map[string]bool{"fyneDo": true}})
	a := app.NewWithID(appID)
	win := a.NewWindow("Gateway Doctor")
	win.Resize(fyne.NewSize(800, 600))
	win.SetMaster()
	// Cold start (issue 17): the first frame waits for two things that do
	// not depend on each other: the window, which GLFW makes on this
	// thread, and the fonts every label is measured with (parsed, and the
	// system's fonts scanned for the language's fallback). The fonts load
	// on the other core while the window is made; then the first screen is
	// built, measuring its text from the warm cache, and painted. Measuring
	// text touches no widget (Fyne's font cache is safe for concurrent use).
	go fyne.MeasureText(checks.Version, theme.TextSize(), fyne.TextStyle{})
	win.Show()

	envFor := func(target *url.URL) (*checks.Env, error) { return engine.SystemEnv(prof, target) }
	desk := newDesk(prof)
	eng := engine.Engine{Profile: prof}
	d := ui.Deps{
		Engine:      eng,
		Fixer:       guiFixer{desk},
		NetworkUp:   engine.NetworkUp(envFor),
		ParseTarget: web.ParseTarget,
		Targets:     prof.Targets.URLs,
		Contacts:    contacted(prof),
		ApprovedBy:  approvedBy(prof),
		Reaches:     reaches(prof),
	}
	d.PortalCleared = engine.PortalCleared(envFor)
	// "Is it down for everyone?": only the URL goes to the service, only
	// when the person asks or the profile pre-approved it.
	d.Outside = func(ctx context.Context, dg engine.Diagnosis) engine.Diagnosis {
		return eng.Outside(ctx, dg, outsideClient())
	}
	d.OutsideCheck = prof.Privacy.OutsideCheck
	// "Which browser shows the problem?": that browser's own proxy is the
	// path tested (check --browser does the same).
	d.EngineFor = func(browser string) ui.Engine {
		e := eng
		e.Browser = browser
		return e
	}
	if h := prof.Helpdesk; h != (profile.Helpdesk{}) {
		d.Helpdesk = &checks.Contact{Name: h.Name, Email: h.Email, Phone: h.Phone, URL: h.URL}
	}
	w := ui.New(a, win, d, fs.Arg(0))
	// While "Tell me when it works again" watches, closing the window
	// hides it and the watch goes on from the tray.
	win.SetCloseIntercept(func() { w.CloseIntercept(win.Close) })
	w.RestoreAtStart(func(ctx context.Context) (string, error) {
		// Consent first: no environment (no proxy detection, no lookup);
		// undoing a change needs only the journal.
		cfg, err := fixes.NewOSSwitchConfig(nil)
		if err != nil {
			return "", err
		}
		j, err := fixes.RestoreIfInterrupted(ctx, cfg)
		if errors.Is(err, fixes.ErrBusy) || j == nil {
			return "", nil // another window owns the change, or nothing to restore
		}
		if err != nil {
			return "", err
		}
		return j.Provider, nil
	})
	// Start-up leaves garbage behind (fonts parsed, translations, the
	// profile); hand the freed heap back once the first screen has settled,
	// rather than when the scavenger gets to it, so a window left open
	// waiting for "check again in a minute" stays small.
	time.AfterFunc(startupSettle, debug.FreeOSMemory)
	a.Run()
	return exitOK
}

// guiFixer adapts the fix desk to the wizard's ui.Fixer: it holds no
// policy, only turns the desk's outcomes and errors into the ui's.
type guiFixer struct{ desk fixes.Desk }

func (g guiFixer) CanApply(id string) bool { return g.desk.Acts(id) }

func (g guiFixer) Apply(ctx context.Context, id string, target *url.URL) (ui.FixOutcome, error) {
	fc, err := g.desk.Prepare(target)
	if err != nil {
		return ui.FixOutcome{}, err
	}
	o, err := g.desk.Apply(ctx, id, fc)
	return uiOutcome(id, o, err)
}

// uiOutcome turns the desk's outcome of fix id and its error into the ui's.
func uiOutcome(id string, o fixes.Outcome, err error) (ui.FixOutcome, error) {
	if errors.Is(err, fixes.ErrElevationUnsupported) {
		err = fmt.Errorf("%w: %w", ui.ErrNeedsAdmin, err)
	}
	out := ui.FixOutcome{Details: o.Details}
	if fx, _ := fixes.Lookup(id); o.Message != fx.Instructions { // the instructions are already on the step
		out.Key, out.English = o.Message.Key, o.Message.English
	}
	return out, err
}

func (g guiFixer) SwitchDNS(ctx context.Context, target *url.URL) (ui.DNSSwitch, error) {
	return g.SwitchDNSStaged(ctx, target, nil)
}

type guiSwitch struct {
	sw    *fixes.DNSSwitch
	title string
}

func (s guiSwitch) Provider() string { return s.title }
func (s guiSwitch) Keep() error      { return s.sw.Keep() }
func (s guiSwitch) Revert() error    { return s.sw.Revert(context.Background()) }

func runVersion() int { fmt.Println("gateway-doctor", checks.Version); return exitOK }
