package proxy

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"time"

	"golang.org/x/net/http/httpproxy"

	"gatewaydoctor/checks/system"
)

// Detect finds the proxy configuration the browser would use: the
// environment variables first (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY,
// NO_PROXY, upper or lower case), then the OS. On Windows the WinHTTP
// settings are added as WinHTTP; each browser's own settings (Firefox's
// prefs and policies, the Chromium family's policies) are added as Browsers
// when they differ, and Firefox's proxy also as Firefox. Detection never fails: what could not be read
// is said in Notes, and the result is then "direct".
func Detect(ctx context.Context, opts Options) *Settings {
	o := opts.normalize()
	s := fromEnv(o.Getenv)
	if s == nil {
		s = detectOS(ctx, o)
	}
	if s.Mode == ModeAuto {
		s.WPAD = append(wpadFromDHCP(ctx, o, s), s.WPAD...)
		s.WPAD = append(s.WPAD, WPADCandidates(searchDomains(ctx, o))...)
		if s.fallbackPAC != "" {
			s.WPAD = append(s.WPAD, s.fallbackPAC)
		}
	}
	s.Browsers = readBrowsers(o, s)
	for i := range s.Browsers {
		b := &s.Browsers[i]
		if b.Proxy == nil {
			continue
		}
		b.Proxy.opts = o
		if b.Proxy.Mode == ModeAuto {
			b.Proxy.WPAD = WPADCandidates(searchDomains(ctx, o))
		}
		if b.Browser == system.BrowserFirefox {
			s.Firefox = b.Proxy
		}
	}
	s.opts = o
	return s
}

// fromEnv reads the proxy environment variables with httpproxy's
// semantics, plus ALL_PROXY (curl's fallback for every scheme, which
// httpproxy does not read). nil when none is set.
func fromEnv(getenv func(string) string) *Settings {
	any := func(names ...string) string {
		for _, n := range names {
			if v := getenv(n); v != "" {
				return v
			}
		}
		return ""
	}
	all := any("ALL_PROXY", "all_proxy")
	cfg := &httpproxy.Config{
		HTTPProxy:  any("HTTP_PROXY", "http_proxy"),
		HTTPSProxy: any("HTTPS_PROXY", "https_proxy"),
		NoProxy:    any("NO_PROXY", "no_proxy"),
	}
	if cfg.HTTPProxy == "" {
		cfg.HTTPProxy = all
	}
	if cfg.HTTPSProxy == "" {
		cfg.HTTPSProxy = all
	}
	if cfg.HTTPProxy == "" && cfg.HTTPSProxy == "" {
		return nil
	}
	return &Settings{From: "env", Mode: ModeEnv, Env: cfg}
}

// detectOS reads the OS's settings.
func detectOS(ctx context.Context, o *Options) *Settings {
	switch o.GOOS {
	case "windows":
		return detectWindows(ctx, o)
	case "darwin":
		return detectMacOS(ctx, o)
	case "linux", "freebsd", "openbsd", "netbsd":
		return detectUnixDesktop(ctx, o)
	}
	return &Settings{From: "none", Mode: ModeDirect, Notes: []string{"proxy settings are not read on " + o.GOOS}}
}

func detectWindows(ctx context.Context, o *Options) *Settings {
	var s *Settings
	if o.Registry == nil {
		s = &Settings{From: "windows", Mode: ModeDirect, Notes: []string{"the registry could not be read"}}
	} else {
		var err error
		s, err = FromWinINET(readWinINET(o.Registry))
		if err != nil {
			s.Mode = ModeDirect
			s.Notes = append(s.Notes, "the proxy settings could not be read: "+err.Error())
		}
	}
	out, err := o.Run(ctx, "netsh", "winhttp", "show", "proxy")
	if err != nil {
		s.Notes = append(s.Notes, "netsh winhttp show proxy: "+err.Error())
	} else if w, err := ParseWinHTTP(out); err != nil {
		s.Notes = append(s.Notes, "WinHTTP proxy: "+err.Error())
	} else if w.Mode != ModeDirect {
		s.WinHTTP = w
	}
	return s
}

func detectMacOS(ctx context.Context, o *Options) *Settings {
	out, err := o.Run(ctx, "scutil", "--proxy")
	if err != nil {
		return &Settings{From: "macos", Mode: ModeDirect, Notes: []string{"scutil --proxy: " + err.Error()}}
	}
	p, err := ParseScutilProxy(out)
	if err != nil {
		return &Settings{From: "macos", Mode: ModeDirect, Notes: []string{err.Error()}}
	}
	s, err := FromScutil(p)
	if err != nil {
		s.Mode = ModeDirect
		s.Notes = append(s.Notes, err.Error())
	}
	return s
}

// detectUnixDesktop reads KDE's kioslaverc on a KDE desktop, GNOME's
// gsettings elsewhere (GNOME, Cinnamon, MATE, Xfce and Chrome on most
// desktops read them).
func detectUnixDesktop(ctx context.Context, o *Options) *Settings {
	desktop := strings.ToUpper(o.Getenv("XDG_CURRENT_DESKTOP") + ":" + o.Getenv("DESKTOP_SESSION"))
	if strings.Contains(desktop, "KDE") || strings.Contains(desktop, "PLASMA") {
		b, err := o.ReadFile(o.Kioslaverc)
		if err == nil {
			s, err := FromKDE(ParseKioslaverc(b), o.Getenv)
			if err != nil {
				s.Mode = ModeDirect
				s.Notes = append(s.Notes, err.Error())
			}
			return s
		}
	}
	vals, notes, err := readGNOME(ctx, o.Run)
	if err != nil {
		return &Settings{From: "none", Mode: ModeDirect, Notes: []string{"no desktop proxy settings found (" + err.Error() + ")"}}
	}
	s, err := FromGNOME(vals)
	s.Notes = append(s.Notes, notes...)
	if err != nil {
		s.Mode = ModeDirect
		s.Notes = append(s.Notes, err.Error())
	}
	return s
}

// wpadFromDHCP asks the OS for DHCP option 252 where it exposes it:
// NetworkManager on Linux, WinHTTP's DHCP auto-detection on Windows
// (Options.DHCPWPAD replaces both). Elsewhere, and when the OS cannot say,
// the notes say so.
func wpadFromDHCP(ctx context.Context, o *Options, s *Settings) []string {
	ask := o.DHCPWPAD
	switch {
	case ask != nil:
	case o.GOOS == "linux":
		ask = func(ctx context.Context) ([]string, error) {
			out, err := o.Run(ctx, "nmcli", "-t", "-f", "DHCP4", "device", "show")
			if err != nil {
				return nil, fmt.Errorf("NetworkManager could not be asked: %w", err)
			}
			return ParseNmcliWPAD(out), nil
		}
	case o.GOOS == "windows" && runtime.GOOS == "windows":
		ask = winhttpDHCPWPAD
	default:
		s.Notes = append(s.Notes, fmt.Sprintf("DHCP option 252 (WPAD) is not available on %s; only DNS auto-detection is tried", o.GOOS))
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, dhcpWPADTimeout)
	defer cancel()
	urls, err := ask(ctx)
	if err != nil {
		s.Notes = append(s.Notes, "DHCP option 252 (WPAD) is not available: "+err.Error())
		return nil
	}
	return urls
}

// dhcpWPADTimeout bounds asking the OS for DHCP option 252. Windows sends a
// DHCPINFORM and waits for the answer, which a LAN server gives in
// milliseconds; a network without a DHCP server must not eat the run's
// budget.
const dhcpWPADTimeout = 2 * time.Second

// searchDomains are the DNS search domains WPAD walks.
func searchDomains(ctx context.Context, o *Options) []string {
	if o.SearchDomains != nil {
		return o.SearchDomains
	}
	if o.GOOS == "windows" && o.Registry != nil {
		var out []string
		for _, name := range []string{"Domain", "DhcpDomain", "SearchList"} {
			if v, ok := o.Registry.Value(`HKLM\`+keyTcpip, name); ok {
				if s, ok := v.(string); ok {
					out = append(out, splitBypass(s)...)
				}
			}
		}
		return out
	}
	b, err := o.ReadFile(o.ResolvConf)
	if err != nil {
		return nil
	}
	return ParseResolvSearch(b)
}
