package proxy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"howett.net/plist"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/system"
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

// ParsePrefsJS reads the network.proxy.* and network.trr.* (DNS over HTTPS)
// preferences of a prefs.js. Values are unquoted strings, numbers as text,
// and "true"/"false".
func ParsePrefsJS(b []byte) map[string]string {
	prefs := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		m := userPref.FindStringSubmatch(sc.Text())
		if m == nil || !strings.HasPrefix(m[1], "network.proxy.") && !strings.HasPrefix(m[1], "network.trr.") {
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

// FirefoxDoH reads Firefox's own DNS over HTTPS (TRR) from its prefs, or
// nil when Firefox decides by itself (network.trr.mode 0, the default).
// Modes: 2 DoH first with the system's resolver as fallback, 3 DoH only, 5
// off by choice; 1 and 4 are retired modes Firefox treats as 0.
func FirefoxDoH(p map[string]string) *checks.DoH {
	d := &checks.DoH{}
	switch p["network.trr.mode"] {
	case "2":
		d.Mode = checks.DoHAutomatic
	case "3":
		d.Mode = checks.DoHSecure
	case "5":
		d.Mode = checks.DoHOff
	default:
		return nil
	}
	if d.Mode != checks.DoHOff {
		// Firefox's built-in default server is used when uri is empty.
		if u := firstNonEmpty(p["network.trr.uri"], p["network.trr.custom_uri"]); u != "" {
			d.Templates = []string{u}
		}
	}
	return d
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// firefoxPolicies is the part of Firefox's enterprise policies.json that
// decides the network path (Mozilla's policy-templates: Proxy, DNSOverHTTPS).
type firefoxPolicies struct {
	Policies struct {
		Proxy *struct {
			Mode                        string // none, system, manual, autoDetect, autoConfig
			Locked                      bool
			HTTPProxy                   string
			UseHTTPProxyForAllProtocols bool
			SSLProxy                    string
			SOCKSProxy                  string
			SOCKSVersion                int
			Passthrough                 string
			AutoConfigURL               string
		}
		DNSOverHTTPS *struct {
			Enabled     *bool
			ProviderURL string
			Locked      bool
			Fallback    *bool
		}
	} `json:"policies"`
}

// ParseFirefoxPolicies reads a policies.json into prefs.js terms: the
// network.proxy.* and network.trr.* preferences the policies set, and
// whether they are locked. A policy wins over the profile's own prefs.
func ParseFirefoxPolicies(b []byte) (prefs map[string]string, locked bool, err error) {
	var fp firefoxPolicies
	if err := json.Unmarshal(b, &fp); err != nil {
		return nil, false, fmt.Errorf("policies.json: %w", err)
	}
	prefs = map[string]string{}
	if px := fp.Policies.Proxy; px != nil {
		locked = locked || px.Locked
		switch px.Mode {
		case "none":
			prefs["network.proxy.type"] = "0"
		case "manual":
			prefs["network.proxy.type"] = "1"
		case "autoConfig":
			prefs["network.proxy.type"] = "2"
		case "autoDetect":
			prefs["network.proxy.type"] = "4"
		case "system":
			prefs["network.proxy.type"] = "5"
		}
		hostPort := func(hp, host, port string) {
			if hp == "" {
				return
			}
			if u, err := url.Parse("//" + hp); err == nil && u.Hostname() != "" {
				prefs[host], prefs[port] = u.Hostname(), u.Port()
			}
		}
		hostPort(px.HTTPProxy, "network.proxy.http", "network.proxy.http_port")
		hostPort(px.SSLProxy, "network.proxy.ssl", "network.proxy.ssl_port")
		hostPort(px.SOCKSProxy, "network.proxy.socks", "network.proxy.socks_port")
		if px.UseHTTPProxyForAllProtocols {
			prefs["network.proxy.share_proxy_settings"] = "true"
		}
		if px.SOCKSVersion != 0 {
			prefs["network.proxy.socks_version"] = strconv.Itoa(px.SOCKSVersion)
		}
		if px.Passthrough != "" {
			prefs["network.proxy.no_proxies_on"] = px.Passthrough
		}
		if px.AutoConfigURL != "" {
			prefs["network.proxy.autoconfig_url"] = px.AutoConfigURL
		}
	}
	if d := fp.Policies.DNSOverHTTPS; d != nil {
		locked = locked || d.Locked
		switch {
		case d.Enabled != nil && !*d.Enabled:
			prefs["network.trr.mode"] = "5"
		case d.Enabled != nil && d.Fallback != nil && !*d.Fallback:
			prefs["network.trr.mode"] = "3"
		case d.Enabled != nil:
			prefs["network.trr.mode"] = "2"
		}
		if d.ProviderURL != "" {
			prefs["network.trr.uri"] = d.ProviderURL
		}
	}
	return prefs, locked, nil
}

// osPolicy is Firefox's policies as the OS holds them (the registry on
// Windows, managed preferences on macOS), in policies.json form, and where
// they were read; nil when there are none.
type osPolicy func() (policiesJSON []byte, source string)

// readFirefox reads Firefox's own settings: the default profile's prefs.js
// from the first profiles.ini that exists, overlaid by the OS's policies
// when there are any (a Windows GPO wins over policies.json), else by the
// first enterprise policies.json found. ok is false when none exists.
func readFirefox(inis, policies []string, readFile func(string) ([]byte, error), fromOS ...osPolicy) (own BrowserOwn, ok bool) {
	own = BrowserOwn{Browser: system.BrowserFirefox}
	prefs := map[string]string{}
	var sources []string
	for _, ini := range inis {
		b, err := readFile(ini)
		if err != nil {
			continue
		}
		dir, found := DefaultFirefoxProfile(b, filepath.Dir(ini))
		if !found {
			continue
		}
		pb, err := readFile(filepath.Join(dir, "prefs.js"))
		if err != nil {
			continue
		}
		prefs = ParsePrefsJS(pb)
		sources = append(sources, "prefs.js")
		break
	}
	type policySource struct {
		data []byte
		name string
	}
	var found []policySource
	for _, f := range fromOS {
		if b, name := f(); b != nil {
			found = append(found, policySource{b, name})
		}
	}
	for _, path := range policies {
		if b, err := readFile(path); err == nil {
			found = append(found, policySource{b, "policies.json"})
		}
	}
	for _, ps := range found {
		pp, locked, err := ParseFirefoxPolicies(ps.data)
		if err != nil {
			own.Notes = append(own.Notes, err.Error())
			continue
		}
		for k, v := range pp {
			prefs[k] = v
		}
		own.Locked = locked
		sources = append(sources, ps.name)
		break
	}
	if len(sources) == 0 {
		return own, false
	}
	own.Source = strings.Join(sources, ", ")
	own.Proxy = FromFirefoxPrefs(prefs)
	own.DoH = FirefoxDoH(prefs)
	return own, true
}

// firefoxPoliciesJSON is where Firefox reads enterprise policies.json on
// each OS: /etc/firefox/policies (Linux, every install), else the
// distribution folder beside the program.
func firefoxPoliciesJSON(goos string, getenv func(string) string) []string {
	switch goos {
	case "windows":
		var out []string
		for _, v := range []string{"ProgramFiles", "ProgramFiles(x86)"} {
			if pf := getenv(v); pf != "" {
				out = append(out, filepath.Join(pf, "Mozilla Firefox", "distribution", "policies.json"))
			}
		}
		return out
	case "darwin":
		return []string{"/Applications/Firefox.app/Contents/Resources/distribution/policies.json"}
	}
	return []string{
		"/etc/firefox/policies/policies.json",
		"/usr/lib/firefox/distribution/policies.json",
		"/usr/lib/firefox-esr/distribution/policies.json",
		"/usr/lib64/firefox/distribution/policies.json",
		"/opt/firefox/distribution/policies.json",
	}
}

// firefoxRegistryKey is where a Windows GPO puts Firefox's policies: one
// subkey per policy object (Mozilla's policy templates, ADMX).
const firefoxRegistryKey = `SOFTWARE\Policies\Mozilla\Firefox`

// firefoxPolicyValues are the values of the Proxy and DNSOverHTTPS
// policies that decide the path, and whether each is a flag (DWORD).
var firefoxPolicyValues = map[string]map[string]bool{
	"Proxy": {"Mode": false, "Locked": true, "HTTPProxy": false, "UseHTTPProxyForAllProtocols": true,
		"SSLProxy": false, "SOCKSProxy": false, "SOCKSVersion": false, "Passthrough": false, "AutoConfigURL": false},
	"DNSOverHTTPS": {"Enabled": true, "ProviderURL": false, "Locked": true, "Fallback": true},
}

// firefoxRegistryPolicy reads the GPO's Firefox policies (HKLM, then HKCU,
// as Firefox does) in policies.json form.
func firefoxRegistryPolicy(r Registry) osPolicy {
	return func() ([]byte, string) {
		if r == nil {
			return nil, ""
		}
		for _, hive := range []string{"HKLM", "HKCU"} {
			pol := map[string]any{}
			for obj, names := range firefoxPolicyValues {
				vals := map[string]any{}
				for name, flag := range names {
					v, ok := r.Value(hive+`\`+firefoxRegistryKey+`\`+obj, name)
					if !ok {
						continue
					}
					if n, isNum := number(v); isNum {
						if flag {
							vals[name] = n != 0
						} else {
							vals[name] = n
						}
						continue
					}
					vals[name] = v
				}
				if len(vals) > 0 {
					pol[obj] = vals
				}
			}
			if len(pol) > 0 {
				b, err := json.Marshal(map[string]any{"policies": pol})
				if err != nil {
					return nil, ""
				}
				return b, "registry " + hive + `\` + firefoxRegistryKey
			}
		}
		return nil, ""
	}
}

// firefoxManagedPolicy reads Firefox's policies from macOS managed
// preferences (org.mozilla.firefox, pushed by an MDM profile), used when
// EnterprisePoliciesEnabled is set.
func firefoxManagedPolicy(o *Options) osPolicy {
	return func() ([]byte, string) {
		path := filepath.Join(o.ManagedPrefsDir, "org.mozilla.firefox.plist")
		b, err := o.ReadFile(path)
		if err != nil {
			return nil, ""
		}
		var m map[string]any
		if _, err := plist.Unmarshal(b, &m); err != nil {
			return nil, ""
		}
		if on, _ := m["EnterprisePoliciesEnabled"].(bool); !on {
			return nil, ""
		}
		delete(m, "EnterprisePoliciesEnabled")
		js, err := json.Marshal(map[string]any{"policies": m})
		if err != nil {
			return nil, ""
		}
		return js, "managed preferences " + path
	}
}
