package proxy

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/proxy/pac"
)

// Runner runs a command with an argument list (never a shell string) and
// returns its output (stdout and stderr).
type Runner func(ctx context.Context, name string, args ...string) ([]byte, error)

// Options makes every input of Detect injectable. The zero value reads the
// real OS.
type Options struct {
	// GOOS picks the OS whose settings are read; "" means runtime.GOOS.
	GOOS string
	// Getenv reads environment variables; nil means os.Getenv.
	Getenv func(string) string
	// Run runs commands (scutil, gsettings, netsh, nmcli); nil means
	// os/exec.
	Run Runner
	// Registry reads the Windows registry; nil means the OS registry on
	// Windows and none elsewhere.
	Registry Registry
	// ReadFile reads files (kioslaverc, profiles.ini, prefs.js,
	// resolv.conf, file:// PAC URLs); nil means os.ReadFile.
	ReadFile func(string) ([]byte, error)
	// HomeDir is the user's home; "" means os.UserHomeDir.
	HomeDir string
	// Kioslaverc is KDE's proxy file; "" means $XDG_CONFIG_HOME/kioslaverc
	// or ~/.config/kioslaverc.
	Kioslaverc string
	// FirefoxProfiles lists the profiles.ini files to look at, first found
	// wins; nil means the OS's usual places (and snap/flatpak on Linux).
	FirefoxProfiles []string
	// FirefoxPolicies lists the enterprise policies.json files to look at,
	// first found wins; nil means the OS's usual places.
	FirefoxPolicies []string
	// ChromiumPolicyDirs maps a Chromium-family browser ID to its managed
	// policy folders on Linux; a browser not in it uses its usual folders.
	ChromiumPolicyDirs map[string][]string
	// ChromiumUserData maps a Chromium-family browser ID to its user data
	// folder (where "Local State" is); a browser not in it uses its usual one.
	ChromiumUserData map[string]string
	// ManagedPrefsDir is macOS's managed preferences folder; "" means
	// /Library/Managed Preferences.
	ManagedPrefsDir string
	// Glob lists files by pattern; nil means filepath.Glob.
	Glob func(pattern string) ([]string, error)
	// ResolvConf is where the DNS search domains are read for WPAD; "" means
	// /etc/resolv.conf. SearchDomains, when set, is used instead.
	ResolvConf    string
	SearchDomains []string
	// DHCPWPAD asks for DHCP option 252 (the WPAD URL); nil means the OS's
	// way where there is one (nmcli on Linux, WinHTTP on Windows).
	DHCPWPAD func(ctx context.Context) ([]string, error)

	// HTTPClient fetches the PAC file; nil means a client that goes direct
	// (browsers never fetch the PAC file through a proxy) through Dialer.
	HTTPClient *http.Client
	// Dialer is used by the default HTTPClient; nil means net.Dialer.
	Dialer checks.Dialer
	// Resolver serves the PAC helpers' DNS lookups; nil means the system's.
	Resolver pac.Resolver
	// MyIP answers the PAC helper myIpAddress; nil means the OS's outbound
	// address.
	MyIP func(ctx context.Context) (netip.Addr, error)
	// Now is the clock of the PAC time helpers; nil means time.Now.
	Now func() time.Time
}

// commandTimeout bounds each settings command (scutil, gsettings, netsh):
// they read local configuration and answer in milliseconds; a hung desktop
// bus must not eat the run's budget.
const commandTimeout = 2 * time.Second

// normalize fills the defaults.
func (o Options) normalize() *Options {
	if o.GOOS == "" {
		o.GOOS = runtime.GOOS
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Run == nil {
		o.Run = func(ctx context.Context, name string, args ...string) ([]byte, error) {
			ctx, cancel := context.WithTimeout(ctx, commandTimeout)
			defer cancel()
			return exec.CommandContext(ctx, name, args...).CombinedOutput()
		}
	}
	if o.Registry == nil {
		o.Registry = defaultRegistry()
	}
	if o.ReadFile == nil {
		o.ReadFile = os.ReadFile
	}
	if o.HomeDir == "" {
		o.HomeDir, _ = os.UserHomeDir()
	}
	if o.Kioslaverc == "" {
		dir := o.Getenv("XDG_CONFIG_HOME")
		if dir == "" {
			dir = filepath.Join(o.HomeDir, ".config")
		}
		o.Kioslaverc = filepath.Join(dir, "kioslaverc")
	}
	if o.FirefoxProfiles == nil {
		o.FirefoxProfiles = firefoxProfilesINI(o.GOOS, o.HomeDir, o.Getenv)
	}
	if o.FirefoxPolicies == nil {
		o.FirefoxPolicies = firefoxPoliciesJSON(o.GOOS, o.Getenv)
	}
	if o.ManagedPrefsDir == "" {
		o.ManagedPrefsDir = "/Library/Managed Preferences"
	}
	if o.Glob == nil {
		o.Glob = filepath.Glob
	}
	if o.ResolvConf == "" {
		o.ResolvConf = "/etc/resolv.conf"
	}
	if o.Dialer == nil {
		o.Dialer = &net.Dialer{}
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{
			Transport: &http.Transport{Proxy: nil, DialContext: o.Dialer.DialContext},
			Timeout:   pacFetchTimeout,
		}
	}
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &o
}

// firefoxProfilesINI is where Firefox keeps profiles.ini on each OS.
func firefoxProfilesINI(goos, home string, getenv func(string) string) []string {
	switch goos {
	case "windows":
		if appdata := getenv("APPDATA"); appdata != "" {
			return []string{filepath.Join(appdata, "Mozilla", "Firefox", "profiles.ini")}
		}
		return nil
	case "darwin":
		return []string{filepath.Join(home, "Library", "Application Support", "Firefox", "profiles.ini")}
	}
	return []string{
		filepath.Join(home, ".mozilla", "firefox", "profiles.ini"),
		filepath.Join(home, "snap", "firefox", "common", ".mozilla", "firefox", "profiles.ini"),
		filepath.Join(home, ".var", "app", "org.mozilla.firefox", ".mozilla", "firefox", "profiles.ini"),
	}
}

// options is s's normalized options (the defaults when s was not made by
// Detect).
func (s *Settings) options() *Options {
	if s.opts == nil {
		return Options{}.normalize()
	}
	return s.opts
}
