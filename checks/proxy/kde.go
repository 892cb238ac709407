package proxy

import (
	"fmt"
	"net/url"
	"strings"
)

// Kioslaverc is the [Proxy Settings] group of KDE's kioslaverc.
type Kioslaverc map[string]string

// ParseKioslaverc reads kioslaverc (an INI file) and returns its
// [Proxy Settings] group. Keys before any group (ProxyUrlDisplayFlags) and
// other groups are ignored.
func ParseKioslaverc(b []byte) Kioslaverc {
	k := Kioslaverc{}
	in := false
	for _, line := range strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			in = line == "[Proxy Settings]"
			continue
		}
		if !in || line == "" || line[0] == '#' {
			continue
		}
		if key, v, ok := strings.Cut(line, "="); ok {
			k[strings.TrimSpace(key)] = strings.TrimSpace(v)
		}
	}
	return k
}

// kdeProxy reads a KDE proxy value: "http://host port", "host port",
// "host:port" or "socks://host port"; "" and ":0" are no proxy.
func kdeProxy(v, scheme string) (*url.URL, error) {
	v = strings.TrimSpace(v)
	if v == "" || strings.HasPrefix(v, ":") {
		return nil, nil
	}
	if h, p, ok := strings.Cut(v, " "); ok {
		p = strings.TrimSpace(p)
		if p == "0" || p == "" {
			return nil, nil
		}
		v = h + ":" + p
	}
	return proxyAddr(v, scheme)
}

// FromKDE turns the [Proxy Settings] group into Settings. ProxyType: 0 no
// proxy, 1 manual, 2 PAC ("Proxy Config Script"), 3 WPAD, 4 environment
// variables (the values then name the variables to read through getenv).
func FromKDE(k Kioslaverc, getenv func(string) string) (*Settings, error) {
	s := &Settings{From: "kde", Mode: ModeDirect}
	typ := k["ProxyType"]
	switch typ {
	case "", "0":
		return s, nil
	case "2":
		if u := k["Proxy Config Script"]; u != "" {
			s.Mode, s.PACURL = ModePAC, u
		}
		return s, nil
	case "3":
		s.Mode = ModeAuto
		return s, nil
	case "1", "4":
	default:
		return s, fmt.Errorf("kioslaverc ProxyType=%s is unknown", typ)
	}
	val := func(key string) string {
		v := k[key]
		if typ == "4" {
			if v == "" || getenv == nil {
				return ""
			}
			return getenv(v)
		}
		return v
	}
	var err error
	if s.HTTP, err = kdeProxy(val("httpProxy"), "http"); err != nil {
		return s, err
	}
	if s.HTTPS, err = kdeProxy(val("httpsProxy"), "http"); err != nil {
		return s, err
	}
	if s.SOCKS, err = kdeProxy(val("socksProxy"), "socks5"); err != nil {
		return s, err
	}
	s.Bypass = splitBypass(val("NoProxyFor"))
	if k["ReversedException"] == "true" {
		s.Notes = append(s.Notes, "KDE's NoProxyFor is reversed: only the listed hosts use the proxy (not modelled; the proxy is assumed for every host)")
		s.Bypass = nil
	}
	if s.HTTP != nil || s.HTTPS != nil || s.SOCKS != nil {
		s.Mode = ModeManual
	}
	return s, nil
}
