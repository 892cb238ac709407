package fixes

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"gatewaydoctor/checks/system"
)

// BrowserID names a browser: an ID of the one browser table
// (system.BrowserKinds).
type BrowserID = string

// The known browsers.
const (
	Chrome   BrowserID = system.BrowserChrome
	Chromium BrowserID = system.BrowserChromium
	Edge     BrowserID = system.BrowserEdge
	Firefox  BrowserID = system.BrowserFirefox
	Brave    BrowserID = system.BrowserBrave
	Vivaldi  BrowserID = system.BrowserVivaldi
	Opera    BrowserID = system.BrowserOpera
	Safari   BrowserID = system.BrowserSafari
)

// BrowserKind is a row of the one browser table: the checks observe by its
// paths and process names, the fixes launch with its flags and pages.
type BrowserKind = system.BrowserKind

// BrowserKinds is the one browser table, in the order browsers are offered.
var BrowserKinds = system.BrowserKinds

// Kind returns the table row of id.
func Kind(id BrowserID) (BrowserKind, bool) {
	for _, k := range BrowserKinds {
		if k.ID == id {
			return k, true
		}
	}
	return BrowserKind{}, false
}

// Browser is one installed browser: how to start it on this computer.
type Browser struct {
	ID   BrowserID `json:"id"`
	Name string    `json:"name"`
	// Path is the program (Linux, Windows) or the .app bundle (macOS).
	Path string `json:"path"`
	// Prefix are arguments before the browser's own, e.g. ["run",
	// "org.mozilla.firefox"] for a Flatpak started through "flatpak".
	Prefix []string `json:"prefix,omitempty"`
}

// BrowserEnv is what detection reads; every part is injectable.
type BrowserEnv struct {
	GOOS string
	// Home is the user's home (macOS ~/Applications, Linux ~/.local/share).
	Home string
	// DataDirs are the XDG data dirs (Linux), each holding applications/
	// and icons/.
	DataDirs []string
	// PixmapDirs are where icons outside any theme lie (Linux: the icon
	// theme spec's /usr/share/pixmaps).
	PixmapDirs []string

	LookPath func(string) (string, error)
	Exists   func(string) bool
	ReadFile func(string) ([]byte, error)
	// StartMenuInternet lists the Windows registry's browsers: each
	// entry's shell\open\command value.
	StartMenuInternet func() ([]string, error)
	// Known are browsers another detector found (system.InstalledBrowsers,
	// the "system" check's inventory of well-known install paths). They
	// come first; this package's own detection fills the gaps.
	Known func() []system.Browser
}

// OSBrowserEnv is the BrowserEnv of this computer.
func OSBrowserEnv() BrowserEnv {
	home, _ := os.UserHomeDir()
	dirs := []string{}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		dirs = append(dirs, d)
	} else if home != "" {
		dirs = append(dirs, filepath.Join(home, ".local", "share"))
	}
	xdg := os.Getenv("XDG_DATA_DIRS")
	if xdg == "" {
		xdg = "/usr/local/share:/usr/share"
	}
	dirs = append(dirs, filepath.SplitList(xdg)...)
	dirs = append(dirs, "/var/lib/flatpak/exports/share", "/var/lib/snapd/desktop")
	return BrowserEnv{GOOS: runtimeGOOS, Home: home, DataDirs: dirs, PixmapDirs: []string{"/usr/share/pixmaps"}, LookPath: exec.LookPath,
		Exists:   func(p string) bool { _, err := os.Stat(p); return err == nil },
		ReadFile: os.ReadFile, StartMenuInternet: startMenuInternet, Known: system.InstalledBrowsers}
}

// DetectBrowsers lists the installed browsers, in BrowserKinds order.
func DetectBrowsers(e BrowserEnv) []Browser {
	known := map[BrowserID]string{}
	if e.Known != nil {
		for _, b := range e.Known() {
			if b.Path != "" {
				known[b.ID] = b.Path
			}
		}
	}
	var out []Browser
	for _, k := range BrowserKinds {
		var b Browser
		var ok bool
		if p, found := known[k.ID]; found {
			b, ok = Browser{Path: p}, true
		}
		switch {
		case ok:
		case e.GOOS == "darwin":
			b, ok = detectMac(e, k)
		case e.GOOS == "windows":
			b, ok = detectWindows(e, k)
		case e.GOOS == "linux":
			b, ok = detectLinux(e, k)
		}
		if ok {
			b.ID, b.Name = k.ID, k.Name
			out = append(out, b)
		}
	}
	return out
}

func detectMac(e BrowserEnv, k BrowserKind) (Browser, bool) {
	if k.MacApp == "" {
		return Browser{}, false
	}
	for _, dir := range []string{"/Applications", filepath.Join(e.Home, "Applications"), "/System/Applications", "/System/Cryptexes/App/System/Applications"} {
		p := filepath.Join(dir, k.MacApp)
		if e.Exists(p) {
			return Browser{Path: p}, true
		}
	}
	return Browser{}, false
}

func detectWindows(e BrowserEnv, k BrowserKind) (Browser, bool) {
	if k.WinExe == "" || e.StartMenuInternet == nil {
		return Browser{}, false
	}
	cmds, _ := e.StartMenuInternet()
	for _, c := range cmds {
		p := CommandPath(c)
		if strings.EqualFold(filepath.Base(strings.ReplaceAll(p, `\`, "/")), k.WinExe) {
			return Browser{Path: p}, true
		}
	}
	return Browser{}, false
}

// CommandPath is the program of a Windows registry command line:
// `"C:\Program Files\…\chrome.exe" --flag` gives the quoted path.
func CommandPath(cmd string) string {
	cmd = strings.TrimSpace(cmd)
	if rest, ok := strings.CutPrefix(cmd, `"`); ok {
		if p, _, ok := strings.Cut(rest, `"`); ok {
			return p
		}
	}
	if i := strings.Index(strings.ToLower(cmd), ".exe"); i >= 0 {
		return cmd[:i+4]
	}
	return cmd
}

func detectLinux(e BrowserEnv, k BrowserKind) (Browser, bool) {
	for _, d := range e.DataDirs {
		for _, name := range k.LinuxDesktops {
			data, err := e.ReadFile(filepath.Join(d, "applications", name))
			if err != nil {
				continue
			}
			if b, ok := desktopBrowser(e, data, strings.TrimSuffix(name, ".desktop")); ok {
				return b, true
			}
		}
	}
	for _, p := range k.Commands {
		if path, err := e.LookPath(p); err == nil {
			return Browser{Path: path}, true
		}
	}
	return Browser{}, false
}

// desktopBrowser reads the Exec= line of a .desktop file's main entry. A
// Flatpak is started as "flatpak run APP-ID"; a Snap's "env VAR=… PROG"
// as PROG; otherwise the program must exist. Only the program is taken: field codes and arguments are ours.
func desktopBrowser(e BrowserEnv, data []byte, appID string) (Browser, bool) {
	f := strings.Fields(desktopEntry(data, "Exec"))
	if len(f) == 0 {
		return Browser{}, false
	}
	prog := strings.Trim(f[0], `"`)
	if filepath.Base(prog) == "flatpak" {
		if path, err := e.LookPath("flatpak"); err == nil && ValidFlatpakID(appID) {
			return Browser{Path: path, Prefix: []string{"run", appID}}, true
		}
		return Browser{}, false
	}
	if filepath.Base(prog) == "env" {
		// A Snap's Exec is "env BAMF_DESKTOP_FILE_HINT=… /snap/bin/NAME
		// %u": the browser is the program after the variables, started
		// directly (the hint only helps a Unity dock). Anything else env
		// is given (an option, a quote) is refused, never run through env.
		var ok bool
		if prog, ok = afterEnv(f[1:]); !ok || filepath.Base(prog) == "env" || filepath.Base(prog) == "flatpak" {
			return Browser{}, false
		}
	}
	if notABrowser[strings.TrimSuffix(filepath.Base(prog), ".sh")] || strings.HasSuffix(prog, ".sh") {
		// A wrapper that runs a script ("sh -c …", "python3 x.py") would be
		// given our flags and the address as its own arguments: refused, so
		// the browser is found by its command instead (no shell strings).
		return Browser{}, false
	}
	if path, err := e.LookPath(prog); err == nil {
		return Browser{Path: path}, true
	}
	return Browser{}, false
}

// notABrowser are the programs a .desktop Exec= may start that run a script
// or hand the line to another launcher rather than being the browser.
var notABrowser = map[string]bool{
	"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true, "fish": true, "csh": true, "tcsh": true,
	"python": true, "python3": true, "perl": true, "ruby": true, "node": true,
	"xdg-open": true, "gtk-launch": true, "gio": true, "exo-open": true, "kioclient": true, "kioclient5": true,
	"snap": true, "firejail": true, "sudo": true, "pkexec": true, "nohup": true, "setsid": true,
}

// afterEnv is the program of an env command line's arguments: the first
// one after its NAME=VALUE assignments. ok is false for an option of env's
// own, a quoted word (which Fields would have split wrongly) or no program.
func afterEnv(args []string) (string, bool) {
	for _, a := range args {
		switch {
		case strings.ContainsAny(a, `"'\`) || strings.HasPrefix(a, "-"):
			return "", false
		case strings.Contains(a, "="):
			continue
		case strings.HasPrefix(a, "%"):
			// A field code where the program should be.
			return "", false
		default:
			return a, true
		}
	}
	return "", false
}

// desktopEntry is the value of key in a .desktop file's main entry
// ([Desktop Entry], not its actions), "" when it has none: the first
// such line, as the desktop entry spec's readers take it.
func desktopEntry(data []byte, key string) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	main := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			main = line == "[Desktop Entry]"
			continue
		}
		if v, ok := strings.CutPrefix(line, key+"="); ok && main {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// ValidFlatpakID reports whether id is a reverse-DNS application ID.
func ValidFlatpakID(id string) bool {
	if strings.Count(id, ".") < 2 || strings.HasPrefix(id, "-") {
		return false
	}
	for _, r := range id {
		if !(r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// LaunchMode is how a browser is opened.
type LaunchMode string

// The launch modes.
const (
	LaunchOpen         LaunchMode = "open"
	LaunchPrivate      LaunchMode = "private"
	LaunchNoExtensions LaunchMode = "no_extensions"
	LaunchClearData    LaunchMode = "clear_data"
	LaunchDNSCache     LaunchMode = "dns_cache"
)

// LaunchPlan is the command that opens rawURL in b in the given mode. The
// URL is validated as http(s) and passed as one argument; the clear-data
// and DNS-cache modes open the browser's own page from the table instead.
func LaunchPlan(goos string, b Browser, mode LaunchMode, rawURL string) (Command, error) {
	k, ok := Kind(b.ID)
	if !ok || b.Path == "" {
		return Command{}, fmt.Errorf("browser %q: %w", b.ID, ErrInvalid)
	}
	var flags []string
	target := ""
	switch mode {
	case LaunchOpen, LaunchPrivate, LaunchNoExtensions:
		u, err := ValidateWebURL(rawURL)
		if err != nil {
			return Command{}, err
		}
		target = u
		flag := map[LaunchMode]string{LaunchPrivate: k.Private, LaunchNoExtensions: k.NoExtensions}[mode]
		if mode != LaunchOpen && flag == "" {
			return Command{}, fmt.Errorf("%s cannot be started that way: %w", k.Name, ErrUnsupported)
		}
		if flag != "" {
			flags = append(flags, flag)
		}
	case LaunchClearData:
		target = k.ClearData
	case LaunchDNSCache:
		target = k.DNSCache
	default:
		return Command{}, fmt.Errorf("launch mode %q: %w", mode, ErrInvalid)
	}
	if target == "" {
		return Command{}, fmt.Errorf("%s has no such page: %w", k.Name, ErrUnsupported)
	}
	if goos == "darwin" {
		// open -n starts a new instance so that --args reach it; Chromium
		// browsers hand the window to the running one, keeping its tabs.
		if k.ID == Safari {
			return Command{Path: "open", Args: []string{"-a", b.Path, target}}, nil
		}
		args := []string{"-n", "-a", b.Path}
		{
			args = append(args, "--args")
			args = append(args, flags...)
		}
		return Command{Path: "open", Args: append(args, target)}, nil
	}
	args := append(append(append([]string{}, b.Prefix...), flags...), target)
	return Command{Path: b.Path, Args: args}, nil
}
