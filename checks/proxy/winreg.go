package proxy

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// The registry keys WinINET (the browser's proxy settings on Windows) reads.
const (
	keyInternetSettings = `Software\Microsoft\Windows\CurrentVersion\Internet Settings`
	keyConnections      = keyInternetSettings + `\Connections`
	keyPolicy           = `Software\Policies\Microsoft\Windows\CurrentVersion\Internet Settings`
	keyTcpip            = `SYSTEM\CurrentControlSet\Services\Tcpip\Parameters`
)

// Registry reads registry values. Key is "HKCU\…" or "HKLM\…"; a value is a
// string (REG_SZ, REG_EXPAND_SZ), a uint32 (REG_DWORD) or a []byte
// (REG_BINARY). The Windows implementation is in winreg_windows.go; tests
// use a map.
type Registry interface {
	Value(key, name string) (any, bool)
}

// ProxyServer is a parsed WinINET ProxyServer value.
type ProxyServer struct {
	// All is the proxy for every protocol ("host:port" form); nil in the
	// per-protocol form.
	All *url.URL
	// PerScheme maps "http", "https", "ftp" and "socks" to their proxies
	// ("http=h:p;https=h:p" form).
	PerScheme map[string]*url.URL
}

// ParseProxyServer reads WinINET's ProxyServer value in both of its forms:
// "host:port" (one proxy for everything) and "http=h:p;https=h:p;socks=h:p"
// (one per protocol). A "scheme://" prefix on an address is accepted and
// kept when it names an http or https proxy. A socks= entry is a SOCKS
// proxy (WinINET speaks SOCKS4 only). Entries that are not host[:port]
// are an error; an empty value is no proxy.
func ParseProxyServer(s string) (ProxyServer, error) {
	var ps ProxyServer
	s = strings.TrimSpace(s)
	if s == "" {
		return ps, nil
	}
	if !strings.Contains(s, "=") {
		u, err := proxyAddr(s, "http")
		if err != nil {
			return ps, err
		}
		ps.All = u
		return ps, nil
	}
	ps.PerScheme = map[string]*url.URL{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ' ' }) {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return ProxyServer{}, fmt.Errorf("proxy server %q: entry %q is not scheme=host:port", s, part)
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if strings.TrimSpace(v) == "" {
			continue
		}
		def := "http"
		if k == "socks" {
			def = "socks4"
		}
		u, err := proxyAddr(v, def)
		if err != nil {
			return ProxyServer{}, err
		}
		ps.PerScheme[k] = u
	}
	return ps, nil
}

// defaultPorts are the ports an address without one gets: WinINET uses 80
// for HTTP proxies and 1080 for SOCKS.
var defaultPorts = map[string]string{"http": "80", "https": "443", "socks4": "1080", "socks5": "1080", "socks": "1080"}

// proxyAddr reads "host", "host:port" or "scheme://host:port" into a proxy
// URL whose scheme is scheme (unless the text names one).
func proxyAddr(s, scheme string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "://"); i >= 0 {
		switch sch := strings.ToLower(s[:i]); sch {
		case "http", "https", "socks", "socks4", "socks5":
			if sch == "socks" {
				sch = "socks5"
			}
			scheme, s = sch, s[i+3:]
		default:
			return nil, fmt.Errorf("proxy %q: unknown scheme %q", s, sch)
		}
	}
	s = strings.TrimSuffix(s, "/")
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		host, port = strings.Trim(s, "[]"), defaultPorts[scheme]
	}
	if host == "" || strings.ContainsAny(host, " /?#@=;") {
		return nil, fmt.Errorf("proxy %q is not host:port", s)
	}
	for _, c := range port {
		if c < '0' || c > '9' {
			return nil, fmt.Errorf("proxy %q: bad port %q", s, port)
		}
	}
	if port == "" {
		return nil, fmt.Errorf("proxy %q has no port", s)
	}
	return &url.URL{Scheme: scheme, Host: net.JoinHostPort(host, port)}, nil
}

// ParseProxyOverride reads WinINET's ProxyOverride: entries separated by
// ";" (see splitBypass for the other separators seen in the wild), where
// "<local>" means every name without a dot.
func ParseProxyOverride(s string) []string { return splitBypass(s) }

// The flags byte of a DefaultConnectionSettings blob (WinINET's
// INTERNET_PER_CONN_FLAGS values).
const (
	ConnFlagDirect     = 0x01 // PROXY_TYPE_DIRECT
	ConnFlagProxy      = 0x02 // PROXY_TYPE_PROXY: use ProxyServer
	ConnFlagAutoURL    = 0x04 // PROXY_TYPE_AUTO_PROXY_URL: use AutoConfigURL
	ConnFlagAutoDetect = 0x08 // PROXY_TYPE_AUTO_DETECT: WPAD
)

// ConnectionSettings is a parsed DefaultConnectionSettings blob
// (HKCU\…\Internet Settings\Connections): the settings the Internet
// Options dialog actually writes. Layout: version (uint32), change counter
// (uint32), flags (uint32), then three length-prefixed strings (proxy
// server, bypass list, PAC URL), little-endian.
type ConnectionSettings struct {
	Version     uint32
	Flags       uint32
	ProxyServer string
	Bypass      string
	AutoConfig  string
}

// AutoDetect reports whether "Automatically detect settings" is on.
func (c ConnectionSettings) AutoDetect() bool { return c.Flags&ConnFlagAutoDetect != 0 }

// ParseConnectionSettings reads a DefaultConnectionSettings blob. Only the
// flags are required; the strings are read while the blob holds them.
func ParseConnectionSettings(b []byte) (ConnectionSettings, error) {
	var c ConnectionSettings
	if len(b) < 12 {
		return c, fmt.Errorf("DefaultConnectionSettings: %d bytes, want at least 12", len(b))
	}
	c.Version = binary.LittleEndian.Uint32(b[0:])
	c.Flags = binary.LittleEndian.Uint32(b[8:])
	rest := b[12:]
	for _, dst := range []*string{&c.ProxyServer, &c.Bypass, &c.AutoConfig} {
		if len(rest) < 4 {
			break
		}
		n := binary.LittleEndian.Uint32(rest)
		rest = rest[4:]
		if uint64(n) > uint64(len(rest)) {
			return c, fmt.Errorf("DefaultConnectionSettings: string of %d bytes past the end", n)
		}
		*dst = string(rest[:n])
		rest = rest[n:]
	}
	return c, nil
}

// WinINET is the raw per-user (or per-machine) Internet Settings.
type WinINET struct {
	ProxyEnable   bool
	ProxyServer   string
	ProxyOverride string
	AutoConfigURL string
	// Conn is the DefaultConnectionSettings blob, when present.
	Conn *ConnectionSettings
	// PerMachine is true when the ProxySettingsPerUser policy is 0: every
	// user gets HKLM's settings.
	PerMachine bool
}

// settingsHive picks the hive WinINET reads: HKLM when the policy
// ProxySettingsPerUser is present and 0, HKCU otherwise.
func settingsHive(perUser any, present bool) string {
	if v, ok := perUser.(uint32); present && ok && v == 0 {
		return "HKLM"
	}
	return "HKCU"
}

// readWinINET reads the Internet Settings WinINET would use.
func readWinINET(r Registry) WinINET {
	pol, ok := r.Value(`HKLM\`+keyPolicy, "ProxySettingsPerUser")
	hive := settingsHive(pol, ok)
	w := WinINET{PerMachine: hive == "HKLM"}
	str := func(key, name string) string {
		v, _ := r.Value(key, name)
		s, _ := v.(string)
		return s
	}
	key := hive + `\` + keyInternetSettings
	if v, ok := r.Value(key, "ProxyEnable"); ok {
		if n, ok := v.(uint32); ok {
			w.ProxyEnable = n != 0
		}
	}
	w.ProxyServer = str(key, "ProxyServer")
	w.ProxyOverride = str(key, "ProxyOverride")
	w.AutoConfigURL = str(key, "AutoConfigURL")
	if v, ok := r.Value(hive+`\`+keyConnections, "DefaultConnectionSettings"); ok {
		if b, ok := v.([]byte); ok {
			if c, err := ParseConnectionSettings(b); err == nil {
				w.Conn = &c
			}
		}
	}
	return w
}

// FromWinINET turns Internet Settings into Settings, in the order WinINET
// applies them: auto-detect, then the PAC URL, then the manual proxy; the
// flags of DefaultConnectionSettings win over the legacy values when the
// blob is present.
func FromWinINET(w WinINET) (*Settings, error) {
	s := &Settings{From: "windows"}
	if w.PerMachine {
		s.From = "windows-machine"
		s.Notes = append(s.Notes, "the ProxySettingsPerUser policy is 0: every user gets the machine's proxy settings")
	}
	autoDetect, pacURL, manual := false, w.AutoConfigURL, w.ProxyEnable
	server, bypass := w.ProxyServer, w.ProxyOverride
	if c := w.Conn; c != nil {
		autoDetect = c.AutoDetect()
		manual = c.Flags&ConnFlagProxy != 0
		if c.Flags&ConnFlagAutoURL == 0 {
			pacURL = ""
		} else if pacURL == "" {
			pacURL = c.AutoConfig
		}
		if server == "" {
			server, bypass = c.ProxyServer, c.Bypass
		}
	}
	ps, err := ParseProxyServer(server)
	if manual && err != nil {
		return s, err
	}
	if manual && (ps.All != nil || len(ps.PerScheme) > 0) {
		s.Bypass = ParseProxyOverride(bypass)
		if ps.All != nil {
			s.HTTP, s.HTTPS = ps.All, ps.All
		} else {
			s.HTTP, s.HTTPS, s.SOCKS = ps.PerScheme["http"], ps.PerScheme["https"], ps.PerScheme["socks"]
		}
	}
	switch {
	case autoDetect:
		s.Mode = ModeAuto
	case pacURL != "":
		s.Mode, s.PACURL = ModePAC, pacURL
	case s.HTTP != nil || s.HTTPS != nil || s.SOCKS != nil:
		s.Mode = ModeManual
	default:
		s.Mode = ModeDirect
	}
	// WinINET falls back from auto-detect to the PAC URL: Detect tries it
	// after the DHCP and DNS candidates.
	if s.Mode == ModeAuto && pacURL != "" {
		s.Notes = append(s.Notes, "auto-detect is on; the configured PAC URL "+pacURL+" is the fallback")
		s.fallbackPAC = pacURL
	}
	return s, nil
}
