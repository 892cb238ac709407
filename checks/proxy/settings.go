package proxy

import (
	"net/url"
	"strings"
	"sync"

	"golang.org/x/net/http/httpproxy"

	"gatewaydoctor/checks/proxy/pac"
)

// Mode is how a configuration decides the proxy.
type Mode string

// The modes every OS's settings map to.
const (
	ModeDirect Mode = "direct" // no proxy
	ModeManual Mode = "manual" // fixed proxies per scheme, with a bypass list
	ModePAC    Mode = "pac"    // a PAC file at a known URL
	ModeAuto   Mode = "auto"   // auto-detect: WPAD (DHCP option 252, then DNS)
	ModeEnv    Mode = "env"    // the environment variables, with httpproxy's semantics
)

// Settings is one proxy configuration and where it came from. The zero
// value is "direct".
type Settings struct {
	// From names where the settings were read: "env", "windows",
	// "windows-machine" (ProxySettingsPerUser=0), "winhttp", "macos",
	// "gnome", "kde", "firefox", or "none".
	From string
	Mode Mode

	// HTTP, HTTPS and SOCKS are the manual proxies for http:// and https://
	// URLs and the SOCKS proxy used for what has no proxy of its own.
	HTTP, HTTPS, SOCKS *url.URL
	// Bypass is the list of hosts and patterns that go direct, as written
	// by the OS ("*.example.org", "10.0.0.0/8", "<local>", ".corp").
	Bypass []string

	// PACURL is the PAC file's address (ModePAC), or the one auto-detection
	// found (ModeAuto) once it was fetched.
	PACURL string
	// WPAD lists the auto-detection candidates in the order they are tried
	// (ModeAuto): the DHCP answer first, then wpad.<domain>/wpad.dat.
	WPAD []string

	// Env holds the environment variables' configuration (ModeEnv).
	Env *httpproxy.Config

	// WinHTTP is the machine's WinHTTP proxy (Windows services, not the
	// browser), reported separately; nil elsewhere.
	WinHTTP *Settings
	// Firefox is Firefox's own configuration when it differs from this one;
	// nil when Firefox uses the system settings or is not installed.
	Firefox *Settings
	// Browsers are the browsers' own settings (proxy, DNS over HTTPS) where
	// they differ from these; Firefox's proxy is also in Firefox.
	Browsers []BrowserOwn

	// Notes are facts a person should know about how this was detected,
	// e.g. "DHCP option 252 is not available on this OS".
	Notes []string

	// fallbackPAC is tried after the auto-detect candidates (Windows'
	// AutoConfigURL when auto-detect is also on).
	fallbackPAC string

	opts  *Options
	state *pacState
	once  sync.Once
}

// Source returns where the decision comes from, for Env.ProxySource: the
// origin and the mode, e.g. "env env", "gnome manual", "kde direct",
// "windows pac http://pac.corp.example/proxy.pac", "macos auto-detect".
func (s *Settings) Source() string {
	if s == nil {
		return "none"
	}
	switch s.Mode {
	case ModePAC, ModeAuto:
		if s.PACURL != "" {
			return s.from() + " pac " + s.PACURL
		}
		return s.from() + " auto-detect"
	case ModeDirect, "":
		return s.from() + " direct"
	}
	return s.from() + " " + string(s.Mode)
}

// from is the bare origin of the settings ("windows", "gnome", …).
func (s *Settings) from() string {
	if s.From == "" {
		return "none"
	}
	return s.From
}

// String describes the settings in one line, for evidence.
func (s *Settings) String() string {
	if s == nil {
		return "none"
	}
	var b strings.Builder
	b.WriteString(s.from() + ": " + string(s.mode()))
	add := func(k string, u *url.URL) {
		if u != nil {
			b.WriteString(" " + k + "=" + u.Redacted())
		}
	}
	switch s.mode() {
	case ModeManual:
		add("http", s.HTTP)
		add("https", s.HTTPS)
		add("socks", s.SOCKS)
		if len(s.Bypass) > 0 {
			b.WriteString(" bypass=" + strings.Join(s.Bypass, ","))
		}
	case ModePAC, ModeAuto:
		if s.PACURL != "" {
			b.WriteString(" " + s.PACURL)
		}
	case ModeEnv:
		if s.Env != nil {
			for _, kv := range [][2]string{{"http", s.Env.HTTPProxy}, {"https", s.Env.HTTPSProxy}, {"no_proxy", s.Env.NoProxy}} {
				if kv[1] != "" {
					b.WriteString(" " + kv[0] + "=" + redactRaw(kv[1]))
				}
			}
		}
	}
	return b.String()
}

func (s *Settings) mode() Mode {
	if s.Mode == "" {
		return ModeDirect
	}
	return s.Mode
}

// redactRaw hides a password in a proxy URL written as text.
func redactRaw(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		return u.Redacted()
	}
	return raw
}

// same reports whether two settings make the same decisions, as far as the
// configuration shows (Firefox is compared with the system this way).
func same(a, b *Settings) bool {
	if a.mode() != b.mode() {
		return false
	}
	eq := func(x, y *url.URL) bool {
		if x == nil || y == nil {
			return x == y
		}
		return strings.EqualFold(x.Host, y.Host)
	}
	switch a.mode() {
	case ModeManual:
		return eq(a.HTTP, b.HTTP) && eq(a.HTTPS, b.HTTPS) && eq(a.SOCKS, b.SOCKS)
	case ModePAC:
		return a.PACURL == b.PACURL
	}
	return true
}

// pacState is the PAC file of a PAC or auto-detect configuration, fetched
// and compiled once, with its memoised answers.
type pacState struct {
	url    string
	script *pac.Script
	err    error // *FetchError or *pac.Error
	tried  []string

	mu   sync.Mutex
	memo map[string]string
}
