package system

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/shirou/gopsutil/v3/process"

	"gatewaydoctor/checks"
)

// SystemBrowsersID is the ID of the browser inventory check.
const SystemBrowsersID = "system.browsers"

// Browser IDs, stable: the wizard and the fixes say "restart Firefox" or
// "try Edge" by them.
const (
	BrowserChrome   = "chrome"
	BrowserEdge     = "edge"
	BrowserFirefox  = "firefox"
	BrowserSafari   = "safari"
	BrowserBrave    = "brave"
	BrowserOpera    = "opera"
	BrowserChromium = "chromium"
	BrowserVivaldi  = "vivaldi"
)

// Browser is an installed or running web browser.
type Browser struct {
	ID   string // one of the Browser* constants
	Name string // "Google Chrome", for people
	Path string // where it is installed, or the running executable
	PID  int32  // running browsers only: the first process found
}

// BrowserKind is one row of the browser table, the one table of the app:
// where a browser lives on each OS and what its processes are called (what
// the checks observe), and the flags and pages the fixes start it with (the
// fixes launch; this package never starts a browser). The Windows and macOS
// columns are tested on Linux too. Paths may use %VAR% (Windows
// environment) or ~ (home).
type BrowserKind struct {
	ID, Name string
	// Paths are well-known install paths per GOOS; Commands are program
	// names on PATH (Linux).
	Paths    map[string][]string
	Commands []string
	// LinuxDesktops are its .desktop files (a Flatpak or a Snap is found by
	// them: a Snap's is SNAP_APP.desktop in /var/lib/snapd/desktop); MacApp is its app bundle's name, WinExe its program file in
	// the Windows registry's list of browsers ("" where that is ambiguous).
	LinuxDesktops []string
	MacApp        string
	WinExe        string
	// Procs are its process names per GOOS, lower case.
	Procs map[string][]string
	// Private opens a private window; NoExtensions starts without add-ons
	// (both only when the flag exists: Safari has neither).
	Private      string
	NoExtensions string
	// ClearData is the page where the user clears cached data; DNSCache is
	// the browser's own host cache, which an OS flush does not empty.
	ClearData string
	DNSCache  string
}

// BrowserKinds is the browser table, in the order browsers are listed and
// offered.
var BrowserKinds = []BrowserKind{
	{ID: BrowserChrome, Name: "Google Chrome",
		Paths: map[string][]string{
			"windows": {`%ProgramFiles%\Google\Chrome\Application\chrome.exe`, `%ProgramFiles(x86)%\Google\Chrome\Application\chrome.exe`, `%LocalAppData%\Google\Chrome\Application\chrome.exe`},
			"darwin":  {"/Applications/Google Chrome.app", "~/Applications/Google Chrome.app"},
			"linux":   {"/opt/google/chrome/chrome", "/var/lib/flatpak/exports/bin/com.google.Chrome"},
		},
		Commands:      []string{"google-chrome", "google-chrome-stable"},
		LinuxDesktops: []string{"google-chrome.desktop", "com.google.Chrome.desktop"}, MacApp: "Google Chrome.app", WinExe: "chrome.exe",
		Procs:   map[string][]string{"windows": {"chrome.exe"}, "darwin": {"google chrome"}, "linux": {"chrome"}},
		Private: "--incognito", NoExtensions: "--disable-extensions",
		ClearData: "chrome://settings/clearBrowserData", DNSCache: "chrome://net-internals/#dns"},
	{ID: BrowserEdge, Name: "Microsoft Edge",
		Paths: map[string][]string{
			"windows": {`%ProgramFiles(x86)%\Microsoft\Edge\Application\msedge.exe`, `%ProgramFiles%\Microsoft\Edge\Application\msedge.exe`},
			"darwin":  {"/Applications/Microsoft Edge.app"},
			"linux":   {"/opt/microsoft/msedge/msedge"},
		},
		Commands:      []string{"microsoft-edge", "microsoft-edge-stable"},
		LinuxDesktops: []string{"microsoft-edge.desktop", "com.microsoft.Edge.desktop"}, MacApp: "Microsoft Edge.app", WinExe: "msedge.exe",
		Procs:   map[string][]string{"windows": {"msedge.exe"}, "darwin": {"microsoft edge"}, "linux": {"msedge"}},
		Private: "--inprivate", NoExtensions: "--disable-extensions",
		ClearData: "edge://settings/clearBrowserData", DNSCache: "edge://net-internals/#dns"},
	{ID: BrowserFirefox, Name: "Firefox",
		Paths: map[string][]string{
			"windows": {`%ProgramFiles%\Mozilla Firefox\firefox.exe`, `%ProgramFiles(x86)%\Mozilla Firefox\firefox.exe`},
			"darwin":  {"/Applications/Firefox.app", "~/Applications/Firefox.app"},
			"linux":   {"/snap/bin/firefox", "/var/lib/flatpak/exports/bin/org.mozilla.firefox", "~/.local/share/flatpak/exports/bin/org.mozilla.firefox"},
		},
		Commands:      []string{"firefox", "firefox-esr"},
		LinuxDesktops: []string{"firefox.desktop", "firefox-esr.desktop", "org.mozilla.firefox.desktop", "firefox_firefox.desktop"}, MacApp: "Firefox.app", WinExe: "firefox.exe",
		Procs:   map[string][]string{"windows": {"firefox.exe"}, "darwin": {"firefox"}, "linux": {"firefox", "firefox-esr", "firefox-bin"}},
		Private: "-private-window", NoExtensions: "-safe-mode",
		ClearData: "about:preferences#privacy", DNSCache: "about:networking#dns"},
	{ID: BrowserChromium, Name: "Chromium",
		Paths: map[string][]string{
			"windows": {`%LocalAppData%\Chromium\Application\chrome.exe`},
			"darwin":  {"/Applications/Chromium.app"},
			"linux":   {"/snap/bin/chromium", "/var/lib/flatpak/exports/bin/org.chromium.Chromium"},
		},
		Commands:      []string{"chromium", "chromium-browser"},
		LinuxDesktops: []string{"chromium.desktop", "chromium-browser.desktop", "org.chromium.Chromium.desktop", "chromium_chromium.desktop"}, MacApp: "Chromium.app",
		// Linux truncates process names to 15 bytes: "chromium-browse".
		Procs:   map[string][]string{"darwin": {"chromium"}, "linux": {"chromium", "chromium-browse"}},
		Private: "--incognito", NoExtensions: "--disable-extensions",
		ClearData: "chrome://settings/clearBrowserData", DNSCache: "chrome://net-internals/#dns"},
	{ID: BrowserBrave, Name: "Brave",
		Paths: map[string][]string{
			"windows": {`%ProgramFiles%\BraveSoftware\Brave-Browser\Application\brave.exe`, `%LocalAppData%\BraveSoftware\Brave-Browser\Application\brave.exe`},
			"darwin":  {"/Applications/Brave Browser.app"},
			"linux":   {"/opt/brave.com/brave/brave", "/snap/bin/brave", "/var/lib/flatpak/exports/bin/com.brave.Browser"},
		},
		Commands:      []string{"brave-browser", "brave"},
		LinuxDesktops: []string{"brave-browser.desktop", "com.brave.Browser.desktop", "brave_brave.desktop"}, MacApp: "Brave Browser.app", WinExe: "brave.exe",
		Procs:   map[string][]string{"windows": {"brave.exe"}, "darwin": {"brave browser"}, "linux": {"brave"}},
		Private: "--incognito", NoExtensions: "--disable-extensions",
		ClearData: "brave://settings/clearBrowserData", DNSCache: "brave://net-internals/#dns"},
	{ID: BrowserVivaldi, Name: "Vivaldi",
		Paths: map[string][]string{
			"windows": {`%LocalAppData%\Vivaldi\Application\vivaldi.exe`},
			"darwin":  {"/Applications/Vivaldi.app"},
			"linux":   {"/opt/vivaldi/vivaldi"},
		},
		Commands:      []string{"vivaldi", "vivaldi-stable"},
		LinuxDesktops: []string{"vivaldi-stable.desktop"}, MacApp: "Vivaldi.app", WinExe: "vivaldi.exe",
		Procs:   map[string][]string{"windows": {"vivaldi.exe"}, "darwin": {"vivaldi"}, "linux": {"vivaldi-bin"}},
		Private: "--incognito", NoExtensions: "--disable-extensions",
		ClearData: "chrome://settings/clearBrowserData", DNSCache: "chrome://net-internals/#dns"},
	{ID: BrowserOpera, Name: "Opera",
		Paths: map[string][]string{
			"windows": {`%LocalAppData%\Programs\Opera\opera.exe`, `%ProgramFiles%\Opera\opera.exe`},
			"darwin":  {"/Applications/Opera.app"},
			"linux":   {"/usr/lib/x86_64-linux-gnu/opera/opera", "/snap/bin/opera"},
		},
		Commands:      []string{"opera"},
		LinuxDesktops: []string{"opera.desktop", "opera_opera.desktop"}, MacApp: "Opera.app", WinExe: "opera.exe",
		Procs:   map[string][]string{"windows": {"opera.exe"}, "darwin": {"opera"}, "linux": {"opera"}},
		Private: "--private", NoExtensions: "--disable-extensions",
		ClearData: "opera://settings/clearBrowserData", DNSCache: "opera://net-internals/#dns"},
	{ID: BrowserSafari, Name: "Safari",
		Paths:  map[string][]string{"darwin": {"/Applications/Safari.app"}},
		MacApp: "Safari.app",
		Procs:  map[string][]string{"darwin": {"safari"}}},
}

// AllProcs is every process name of the browser, on any OS, lower case.
func (k BrowserKind) AllProcs() []string {
	var out []string
	for _, goos := range []string{"windows", "darwin", "linux"} {
		out = append(out, k.Procs[goos]...)
	}
	return out
}

// browserHost is what browser detection needs from the OS, so that the
// tables are tested for every OS on Linux.
type browserHost struct {
	goos     string
	getenv   func(string) string
	home     string
	exists   func(string) bool
	lookPath func(string) (string, error)
}

func osBrowserHost() browserHost {
	home, _ := os.UserHomeDir()
	return browserHost{
		goos: runtime.GOOS, getenv: os.Getenv, home: home,
		exists:   func(p string) bool { _, err := os.Stat(p); return err == nil },
		lookPath: exec.LookPath,
	}
}

// expand resolves %VAR% and a leading ~ in a table path; "" when a variable
// is unset (that candidate does not exist on this machine).
func (h browserHost) expand(p string) string {
	if strings.HasPrefix(p, "~/") {
		if h.home == "" {
			return ""
		}
		return filepath.Join(h.home, p[2:])
	}
	for {
		i := strings.IndexByte(p, '%')
		if i < 0 {
			return p
		}
		j := strings.IndexByte(p[i+1:], '%')
		if j < 0 {
			return p
		}
		v := h.getenv(p[i+1 : i+1+j])
		if v == "" {
			return ""
		}
		p = p[:i] + v + p[i+2+j:]
	}
}

func (h browserHost) installed() []Browser {
	var out []Browser
	for _, s := range BrowserKinds {
		found := ""
		for _, p := range s.Paths[h.goos] {
			if e := h.expand(p); e != "" && h.exists(e) {
				found = e
				break
			}
		}
		if found == "" && h.goos != "windows" && h.goos != "darwin" && h.lookPath != nil {
			for _, c := range s.Commands {
				if p, err := h.lookPath(c); err == nil {
					found = p
					break
				}
			}
		}
		if found != "" {
			out = append(out, Browser{ID: s.ID, Name: s.Name, Path: found})
		}
	}
	return out
}

// InstalledBrowsers lists the browsers installed on this computer, in a
// fixed order: BrowserKinds'.
func InstalledBrowsers() []Browser { return osBrowserHost().installed() }

// procInfo is one running process as browser matching needs it.
type procInfo struct {
	PID  int32
	Name string
	Exe  string
}

// runningBrowsers matches process names against the table for goos; each
// browser is listed once, with its lowest PID.
func runningBrowsers(goos string, procs []procInfo) []Browser {
	byID := map[string]Browser{}
	for _, p := range procs {
		name := strings.ToLower(p.Name)
		for _, s := range BrowserKinds {
			for _, n := range s.Procs[goos] {
				if name != n {
					continue
				}
				id := s.ID
				// On Windows Chromium's process is chrome.exe too; its path tells.
				if goos == "windows" && id == BrowserChrome && strings.Contains(strings.ToLower(p.Exe), `\chromium\`) {
					continue
				}
				if b, ok := byID[id]; !ok || p.PID < b.PID {
					byID[id] = Browser{ID: id, Name: s.Name, Path: p.Exe, PID: p.PID}
				}
			}
		}
	}
	if goos == "windows" {
		for _, p := range procs {
			if strings.EqualFold(p.Name, "chrome.exe") && strings.Contains(strings.ToLower(p.Exe), `\chromium\`) {
				if b, ok := byID[BrowserChromium]; !ok || p.PID < b.PID {
					byID[BrowserChromium] = Browser{ID: BrowserChromium, Name: "Chromium", Path: p.Exe, PID: p.PID}
				}
			}
		}
	}
	var out []Browser
	for _, s := range BrowserKinds {
		if b, ok := byID[s.ID]; ok {
			out = append(out, b)
		}
	}
	return out
}

// RunningBrowsers lists the browsers running now. It only reads the process
// list; nothing here ever stops a browser.
func RunningBrowsers() []Browser {
	return runningBrowsersCtx(context.Background())
}

func runningBrowsersCtx(ctx context.Context) []Browser {
	ps, err := process.ProcessesWithContext(ctx)
	if err != nil {
		return nil
	}
	var procs []procInfo
	for _, p := range ps {
		name, err := p.NameWithContext(ctx)
		if err != nil {
			continue
		}
		exe, _ := p.ExeWithContext(ctx)
		procs = append(procs, procInfo{PID: p.Pid, Name: name, Exe: exe})
	}
	sort.Slice(procs, func(i, j int) bool { return procs[i].PID < procs[j].PID })
	return runningBrowsers(runtime.GOOS, procs)
}

// BrowsersCheck lists installed and running browsers for the wizard ("restart
// Firefox", "try Edge"). It has no findings: Details["installed"] and
// Details["running"] hold the Browser lists.
func BrowsersCheck() checks.Check {
	return checks.Func{Name: SystemBrowsersID, Limit: 3 * time.Second, Fn: func(ctx context.Context, _ *checks.Env) checks.Result {
		return browsersResult(InstalledBrowsers(), runningBrowsersCtx(ctx))
	}}
}

func browsersResult(installed, running []Browser) checks.Result {
	names := func(bs []Browser) []string {
		var out []string
		for _, b := range bs {
			out = append(out, b.Name)
		}
		return out
	}
	res := checks.Result{ID: SystemBrowsersID, Status: checks.StatusOK,
		Details: map[string]any{"installed": installed, "running": running}}
	res.Say(checks.Say("summary.browsers.found", "Browsers installed: {{.Installed}}; running: {{.Running}}.",
		checks.Args{"Installed": orNone(names(installed)), "Running": orNone(names(running))}))
	for _, b := range installed {
		res.Saw(checks.Say("evidence.browsers.at", "{{.Browser}} at {{.Path}}", checks.Args{"Browser": b.Name, "Path": b.Path}))
	}
	return res
}

func orNone(s []string) any {
	if len(s) == 0 {
		return checks.Say("summary.browsers.none", "none found", nil)
	}
	return strings.Join(s, ", ")
}

// BrowserIDs lists the browser IDs people may name (`check --browser`),
// in the table's order.
func BrowserIDs() []string {
	ids := make([]string, len(BrowserKinds))
	for i, s := range BrowserKinds {
		ids[i] = s.ID
	}
	return ids
}
