package proxy

import (
	"bufio"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// DefaultFirefoxProfile finds the default profile's directory from
// profiles.ini: the [Install…] section's Default= (Firefox 67 and later,
// one per installation), else the [Profile…] marked Default=1, else the
// only profile. Relative paths are relative to profiles.ini's directory.
func DefaultFirefoxProfile(ini []byte, dir string) (string, bool) {
	type section struct {
		name string
		kv   map[string]string
	}
	var secs []*section
	for _, line := range strings.Split(strings.ReplaceAll(string(ini), "\r", ""), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			secs = append(secs, &section{name: line[1 : len(line)-1], kv: map[string]string{}})
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok && len(secs) > 0 {
			secs[len(secs)-1].kv[k] = v
		}
	}
	resolve := func(path string, relative bool) string {
		if relative {
			return filepath.Join(dir, filepath.FromSlash(path))
		}
		return path
	}
	for _, s := range secs {
		if strings.HasPrefix(s.name, "Install") && s.kv["Default"] != "" {
			rel := true
			for _, p := range secs {
				if p.kv["Path"] == s.kv["Default"] {
					rel = p.kv["IsRelative"] != "0"
				}
			}
			return resolve(s.kv["Default"], rel), true
		}
	}
	var profiles []*section
	for _, s := range secs {
		if strings.HasPrefix(s.name, "Profile") && s.kv["Path"] != "" {
			profiles = append(profiles, s)
			if s.kv["Default"] == "1" {
				return resolve(s.kv["Path"], s.kv["IsRelative"] != "0"), true
			}
		}
	}
	if len(profiles) == 1 {
		return resolve(profiles[0].kv["Path"], profiles[0].kv["IsRelative"] != "0"), true
	}
	return "", false
}

// userPref matches one line of prefs.js: user_pref("name", value);
var userPref = regexp.MustCompile(`^\s*user_pref\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*(.*?)\s*\)\s*;\s*$`)

// ParsePrefsJS reads the network.proxy.* preferences of a prefs.js. Values
// are unquoted strings, numbers as text, and "true"/"false".
func ParsePrefsJS(b []byte) map[string]string {
	prefs := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		m := userPref.FindStringSubmatch(sc.Text())
		if m == nil || !strings.HasPrefix(m[1], "network.proxy.") {
			continue
		}
		v := m[2]
		if s, err := strconv.Unquote(v); err == nil {
			v = s
		}
		prefs[m[1]] = v
	}
	return prefs
}

// FromFirefoxPrefs turns Firefox's prefs into Settings, or nil when Firefox
// uses the system settings (network.proxy.type 5, the default). Types: 0
// direct, 1 manual, 2 PAC, 4 auto-detect (WPAD), 5 system.
func FromFirefoxPrefs(p map[string]string) *Settings {
	s := &Settings{From: "firefox", Mode: ModeDirect}
	switch p["network.proxy.type"] {
	case "", "5":
		return nil
	case "0", "3": // 3 is an old alias of direct that Firefox migrates to 0
		return s
	case "2":
		s.Mode, s.PACURL = ModePAC, p["network.proxy.autoconfig_url"]
		return s
	case "4":
		s.Mode = ModeAuto
		return s
	case "1":
	default:
		return nil
	}
	hp := func(host, port, scheme string) *url.URL {
		h := p[host]
		if h == "" {
			return nil
		}
		pt := p[port]
		if pt == "" || pt == "0" {
			pt = defaultPorts[scheme]
		}
		u, err := proxyAddr(h+":"+pt, scheme)
		if err != nil {
			return nil
		}
		return u
	}
	s.HTTP = hp("network.proxy.http", "network.proxy.http_port", "http")
	s.HTTPS = hp("network.proxy.ssl", "network.proxy.ssl_port", "http")
	socks := "socks5"
	if p["network.proxy.socks_version"] == "4" {
		socks = "socks4"
	}
	s.SOCKS = hp("network.proxy.socks", "network.proxy.socks_port", socks)
	if p["network.proxy.share_proxy_settings"] == "true" && s.HTTP != nil {
		s.HTTPS = s.HTTP
	}
	s.Bypass = splitBypass(p["network.proxy.no_proxies_on"])
	if s.HTTP != nil || s.HTTPS != nil || s.SOCKS != nil {
		s.Mode = ModeManual
	}
	return s
}

// readFirefox reads the default profile's proxy settings from the first
// profiles.ini that exists; nil when Firefox has none or uses the system's.
func readFirefox(inis []string, readFile func(string) ([]byte, error)) *Settings {
	for _, ini := range inis {
		b, err := readFile(ini)
		if err != nil {
			continue
		}
		dir, ok := DefaultFirefoxProfile(b, filepath.Dir(ini))
		if !ok {
			continue
		}
		prefs, err := readFile(filepath.Join(dir, "prefs.js"))
		if err != nil {
			continue
		}
		return FromFirefoxPrefs(ParsePrefsJS(prefs))
	}
	return nil
}
