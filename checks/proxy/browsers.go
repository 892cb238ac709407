package proxy

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"howett.net/plist"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/system"
)

// BrowserOwn is one browser's own network settings, which can bypass what
// the OS says: its proxy and its DNS over HTTPS. Read-only, from the
// browser's files and its organisation's policies.
type BrowserOwn struct {
	// Browser is one of the checks.Browser* IDs.
	Browser string
	// Source says where the settings were read (checks.BrowserReport.Source).
	Source string
	// Proxy is the browser's own proxy; nil when it follows the system's.
	Proxy *Settings
	// DoH is the browser's own DNS over HTTPS; nil when it is the
	// browser's default.
	DoH *checks.DoH
	// Locked is set when a policy sets them.
	Locked bool
	// Notes are what could not be read, for the expert view.
	Notes []string
}

// chromiumPolicies is where each browser of the Chromium family reads its
// organisation's policies: the managed JSON folders on Linux, the managed
// preferences domain on macOS, the policy key on Windows (HKLM, then HKCU).
// Chromium's policy list documents the names and places.
// UserData is the user data folder, where "Local State" holds the
// person's own choice of secure DNS: relative to ~ on Linux and macOS, to
// %LOCALAPPDATA% on Windows.
type chromiumPolicies struct {
	Browser   string
	LinuxDirs []string
	MacDomain string
	WinKey    string
	UserData  map[string]string
}

var chromiumPolicyPlaces = []chromiumPolicies{
	{system.BrowserChrome, []string{"/etc/opt/chrome/policies/managed"}, "com.google.Chrome", `SOFTWARE\Policies\Google\Chrome`,
		map[string]string{"linux": ".config/google-chrome", "darwin": "Library/Application Support/Google/Chrome", "windows": `Google\Chrome\User Data`}},
	{system.BrowserChromium, []string{"/etc/chromium/policies/managed", "/etc/chromium-browser/policies/managed"}, "org.chromium.Chromium", `SOFTWARE\Policies\Chromium`,
		map[string]string{"linux": ".config/chromium", "darwin": "Library/Application Support/Chromium", "windows": `Chromium\User Data`}},
	{system.BrowserEdge, []string{"/etc/opt/edge/policies/managed"}, "com.microsoft.Edge", `SOFTWARE\Policies\Microsoft\Edge`,
		map[string]string{"linux": ".config/microsoft-edge", "darwin": "Library/Application Support/Microsoft Edge", "windows": `Microsoft\Edge\User Data`}},
	{system.BrowserBrave, []string{"/etc/brave/policies/managed"}, "com.brave.Browser", `SOFTWARE\Policies\BraveSoftware\Brave`,
		map[string]string{"linux": ".config/BraveSoftware/Brave-Browser", "darwin": "Library/Application Support/BraveSoftware/Brave-Browser", "windows": `BraveSoftware\Brave-Browser\User Data`}},
}

// localStateDoH reads the person's own secure-DNS choice from a Chromium
// "Local State" file (the dns_over_https.mode and .templates preferences,
// set in Settings, Privacy and security, Use secure DNS); nil when unset.
func localStateDoH(b []byte) (*checks.DoH, error) {
	var ls struct {
		DoH *struct {
			Mode      string `json:"mode"`
			Templates string `json:"templates"`
		} `json:"dns_over_https"`
	}
	if err := json.Unmarshal(b, &ls); err != nil {
		return nil, err
	}
	if ls.DoH == nil {
		return nil, nil
	}
	switch m := checks.DoHMode(ls.DoH.Mode); m {
	case checks.DoHOff:
		return &checks.DoH{Mode: m}, nil
	case checks.DoHAutomatic, checks.DoHSecure:
		return &checks.DoH{Mode: m, Templates: strings.Fields(ls.DoH.Templates)}, nil
	}
	return nil, nil
}

// userDataDir is where browser keeps its profiles for o.GOOS; "" when unknown.
func userDataDir(place chromiumPolicies, o *Options) string {
	if d, ok := o.ChromiumUserData[place.Browser]; ok {
		return d
	}
	rel := place.UserData[o.GOOS]
	if o.GOOS != "windows" && o.GOOS != "darwin" {
		rel = place.UserData["linux"]
	}
	switch {
	case rel == "":
		return ""
	case o.GOOS == "windows":
		if base := o.Getenv("LOCALAPPDATA"); base != "" {
			return filepath.Join(base, rel)
		}
		return ""
	case o.HomeDir == "":
		return ""
	}
	return filepath.Join(o.HomeDir, filepath.FromSlash(rel))
}

// chromiumPolicyNames are the policies that decide the network path.
// ProxySettings is the combined form (a dictionary, or JSON text in the
// registry); ProxyServerMode is the deprecated form of ProxyMode.
var chromiumPolicyNames = []string{
	"ProxyMode", "ProxyServer", "ProxyPacUrl", "ProxyBypassList", "ProxyServerMode", "ProxySettings",
	"DnsOverHttpsMode", "DnsOverHttpsTemplates",
}

// FromChromiumPolicy turns the policies of a Chromium-family browser into
// its own settings; ok is false when none of them is set.
func FromChromiumPolicy(browser, source string, pol map[string]any) (own BrowserOwn, ok bool) {
	own = BrowserOwn{Browser: browser, Source: source, Locked: true}
	str := func(m map[string]any, k string) string {
		s, _ := m[k].(string)
		return strings.TrimSpace(s)
	}
	// The combined ProxySettings wins over the separate policies.
	px := map[string]any{}
	for _, k := range []string{"ProxyMode", "ProxyServer", "ProxyPacUrl", "ProxyBypassList", "ProxyServerMode"} {
		if v, set := pol[k]; set {
			px[k] = v
		}
	}
	switch ps := pol["ProxySettings"].(type) {
	case map[string]any:
		for k, v := range ps {
			px[k] = v
		}
	case string:
		var m map[string]any
		if err := json.Unmarshal([]byte(ps), &m); err == nil {
			for k, v := range m {
				px[k] = v
			}
		} else {
			own.Notes = append(own.Notes, "ProxySettings is not JSON: "+err.Error())
		}
	}
	mode := str(px, "ProxyMode")
	if mode == "" {
		// ProxyServerMode: 0 direct, 1 auto-detect, 2 manual (fixed or
		// PAC), 3 system.
		switch n, _ := number(px["ProxyServerMode"]); n {
		case 0:
			if _, set := px["ProxyServerMode"]; set {
				mode = "direct"
			}
		case 1:
			mode = "auto_detect"
		case 2:
			mode = "fixed_servers"
			if str(px, "ProxyPacUrl") != "" {
				mode = "pac_script"
			}
		case 3:
			mode = "system"
		}
	}
	switch mode {
	case "direct":
		own.Proxy = &Settings{From: browser, Mode: ModeDirect}
	case "auto_detect":
		own.Proxy = &Settings{From: browser, Mode: ModeAuto}
	case "pac_script":
		own.Proxy = &Settings{From: browser, Mode: ModePAC, PACURL: str(px, "ProxyPacUrl")}
	case "fixed_servers":
		s := &Settings{From: browser, Mode: ModeManual, Bypass: splitBypass(str(px, "ProxyBypassList"))}
		ps, err := ParseProxyServer(str(px, "ProxyServer"))
		if err != nil {
			own.Notes = append(own.Notes, "ProxyServer: "+err.Error())
		}
		if ps.All != nil {
			s.HTTP, s.HTTPS = ps.All, ps.All
		} else {
			s.HTTP, s.HTTPS, s.SOCKS = ps.PerScheme["http"], ps.PerScheme["https"], ps.PerScheme["socks"]
		}
		if s.HTTP == nil && s.HTTPS == nil && s.SOCKS == nil {
			s.Mode = ModeDirect
		}
		own.Proxy = s
	}
	switch m := checks.DoHMode(str(pol, "DnsOverHttpsMode")); m {
	case checks.DoHOff, checks.DoHAutomatic, checks.DoHSecure:
		own.DoH = &checks.DoH{Mode: m}
		if m != checks.DoHOff {
			own.DoH.Templates = strings.Fields(str(pol, "DnsOverHttpsTemplates"))
		}
	}
	return own, own.Proxy != nil || own.DoH != nil
}

// number reads a policy's integer, as JSON (float64), a plist (int64 or
// uint64) or the registry (uint32) has it.
func number(v any) (int, bool) {
	switch n := v.(type) {
	case float64:
		return int(n), true
	case int64:
		return int(n), true
	case uint64:
		return int(n), true
	case uint32:
		return int(n), true
	case int:
		return n, true
	}
	return 0, false
}

// readChromiumLinux merges the JSON files of a managed policy folder, in
// name order, as Chrome does (a later file wins a conflict).
func readChromiumLinux(dir string, o *Options) (map[string]any, []string) {
	files, _ := o.Glob(filepath.Join(dir, "*.json"))
	slices.Sort(files)
	pol := map[string]any{}
	var notes []string
	for _, f := range files {
		b, err := o.ReadFile(f)
		if err != nil {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			notes = append(notes, fmt.Sprintf("%s: %v", f, err))
			continue
		}
		for _, k := range chromiumPolicyNames {
			if v, ok := m[k]; ok {
				pol[k] = v
			}
		}
	}
	return pol, notes
}

// readChromiumMac reads the managed preferences of a domain: the user's
// own folder first, then the machine's (both are written by an MDM
// profile; the files are binary or XML property lists).
func readChromiumMac(domain string, o *Options) (map[string]any, string, []string) {
	var notes []string
	var paths []string
	if user := o.Getenv("USER"); user != "" && !strings.ContainsAny(user, `/\`) && user != ".." {
		paths = append(paths, filepath.Join(o.ManagedPrefsDir, user, domain+".plist"))
	}
	paths = append(paths, filepath.Join(o.ManagedPrefsDir, domain+".plist"))
	for _, p := range paths {
		b, err := o.ReadFile(p)
		if err != nil {
			continue
		}
		var m map[string]any
		if _, err := plist.Unmarshal(b, &m); err != nil {
			notes = append(notes, fmt.Sprintf("%s: %v", p, err))
			continue
		}
		pol := map[string]any{}
		for _, k := range chromiumPolicyNames {
			if v, ok := m[k]; ok {
				pol[k] = v
			}
		}
		return pol, p, notes
	}
	return nil, "", notes
}

// readChromiumWindows reads the policy key, machine first: a machine
// policy wins over a user one, as Chrome applies them.
func readChromiumWindows(key string, r Registry) (map[string]any, string) {
	pol := map[string]any{}
	source := ""
	if r == nil {
		return pol, source
	}
	for _, hive := range []string{"HKCU", "HKLM"} {
		for _, name := range chromiumPolicyNames {
			if v, ok := r.Value(hive+`\`+key, name); ok {
				pol[name] = v
				source = "registry " + hive + `\` + key
			}
		}
	}
	return pol, source
}

// readChromium reads every Chromium-family browser's policies on o.GOOS.
func readChromium(o *Options) []BrowserOwn {
	var out []BrowserOwn
	for _, place := range chromiumPolicyPlaces {
		var pol map[string]any
		var source string
		var notes []string
		switch o.GOOS {
		case "windows":
			pol, source = readChromiumWindows(place.WinKey, o.Registry)
		case "darwin":
			var path string
			pol, path, notes = readChromiumMac(place.MacDomain, o)
			source = "managed preferences " + path
		default:
			dirs := place.LinuxDirs
			if d, ok := o.ChromiumPolicyDirs[place.Browser]; ok {
				dirs = d
			}
			pol = map[string]any{}
			for _, dir := range dirs {
				m, n := readChromiumLinux(dir, o)
				notes = append(notes, n...)
				if len(m) > 0 && source == "" {
					source = "policy " + dir
				}
				for k, v := range m {
					pol[k] = v
				}
			}
		}
		own, ok := FromChromiumPolicy(place.Browser, source, pol)
		own.Notes = append(own.Notes, notes...)
		// The person's own secure-DNS choice counts where no policy sets it.
		if dir := userDataDir(place, o); dir != "" && own.DoH == nil {
			if b, err := o.ReadFile(filepath.Join(dir, "Local State")); err == nil {
				d, err := localStateDoH(b)
				switch {
				case err != nil:
					own.Notes = append(own.Notes, "Local State: "+err.Error())
				case d != nil:
					own.DoH, ok = d, true
					if own.Proxy == nil {
						own.Locked = false
					}
					own.Source = strings.TrimPrefix(strings.Join([]string{own.Source, "Local State"}, ", "), ", ")
				}
			}
		}
		if ok || len(own.Notes) > 0 {
			out = append(out, own)
		}
	}
	return out
}

// readBrowsers reads every browser's own settings and keeps those that
// differ from the system's settings s: a proxy of their own, or a DNS over
// HTTPS setting.
func readBrowsers(o *Options, s *Settings) []BrowserOwn {
	var all []BrowserOwn
	var fromOS []osPolicy
	switch o.GOOS {
	case "windows":
		fromOS = append(fromOS, firefoxRegistryPolicy(o.Registry))
	case "darwin":
		fromOS = append(fromOS, firefoxManagedPolicy(o))
	}
	if ff, ok := readFirefox(o.FirefoxProfiles, o.FirefoxPolicies, o.ReadFile, fromOS...); ok {
		all = append(all, ff)
	}
	all = append(all, readChromium(o)...)
	var out []BrowserOwn
	for _, b := range all {
		if b.Proxy != nil && same(b.Proxy, s) {
			b.Proxy = nil
		}
		if b.Proxy != nil || b.DoH != nil || len(b.Notes) > 0 {
			out = append(out, b)
		}
	}
	return out
}

// BrowserReports is the report's "browsers" section: each browser's own
// settings where they differ from the system's.
func (s *Settings) BrowserReports() []checks.BrowserReport {
	if s == nil {
		return nil
	}
	var out []checks.BrowserReport
	for _, b := range s.Browsers {
		if b.Proxy == nil && b.DoH == nil {
			continue
		}
		r := checks.BrowserReport{Browser: b.Browser, Source: b.Source, DoH: b.DoH, Locked: b.Locked}
		if b.Proxy != nil {
			r.Proxy = b.Proxy.String()
		}
		out = append(out, r)
	}
	return out
}

// Own returns browser's own settings, if it has any.
func (s *Settings) Own(browser string) (BrowserOwn, bool) {
	if s != nil {
		for _, b := range s.Browsers {
			if b.Browser == browser {
				return b, true
			}
		}
	}
	return BrowserOwn{}, false
}

// ForBrowser returns the settings whose path is tested for browser: its own
// proxy when it has one, else the system's. The browser's own settings keep
// the system's as their context (WinHTTP, the other browsers).
func (s *Settings) ForBrowser(browser string) *Settings {
	own, ok := s.Own(browser)
	if !ok || own.Proxy == nil {
		return s
	}
	b := own.Proxy
	p := &Settings{
		From: b.From, Mode: b.Mode, HTTP: b.HTTP, HTTPS: b.HTTPS, SOCKS: b.SOCKS,
		Bypass: b.Bypass, PACURL: b.PACURL, WPAD: b.WPAD, Env: b.Env,
		WinHTTP: s.WinHTTP, Browsers: s.Browsers, opts: s.opts,
		Notes: append(slices.Clone(s.Notes), "the proxy tested is "+browser+"'s own, set in "+own.Source),
	}
	if p.Mode == ModeAuto && len(p.WPAD) == 0 {
		p.WPAD = slices.Clone(s.WPAD)
	}
	return p
}
