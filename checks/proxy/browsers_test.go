package proxy

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/system"
)

// reportLines flattens the browsers section for comparison in tables.
func reportLines(rs []checks.BrowserReport) []string {
	var out []string
	for _, r := range rs {
		line := r.Browser + " [" + r.Source + "]"
		if r.Proxy != "" {
			line += " proxy=" + r.Proxy
		}
		if r.DoH != nil {
			line += " doh=" + string(r.DoH.Mode)
			if len(r.DoH.Templates) > 0 {
				line += " " + strings.Join(r.DoH.Templates, ",")
			}
		}
		if r.Locked {
			line += " locked"
		}
		out = append(out, line)
	}
	return out
}

var browsersTestdata = filepath.Join("testdata", "browsers")

// noFirefox keeps the real Firefox files out of a test.
func noFirefox(o *Options) {
	o.FirefoxProfiles = []string{filepath.Join(browsersTestdata, "missing.ini")}
	o.FirefoxPolicies = []string{filepath.Join(browsersTestdata, "missing.json")}
}

func TestBrowsersOwnSettings(t *testing.T) {
	linuxDirs := map[string][]string{}
	for _, b := range []string{system.BrowserChrome, system.BrowserEdge, system.BrowserBrave, system.BrowserChromium} {
		linuxDirs[b] = []string{filepath.Join(browsersTestdata, "linux", b)}
	}
	sysSettings := &Settings{From: "gnome", Mode: ModeManual}
	sysSettings.HTTP, _ = proxyAddr("proxy.corp.example:3128", "http")
	sysSettings.HTTPS = sysSettings.HTTP
	for _, tc := range []struct {
		name   string
		opts   Options
		system *Settings
		want   []string
		// userData points browsers at recorded Local State files; the
		// others look in an empty home.
		userData map[string]string
		notes    []string // browsers with a note of what could not be read
	}{
		{name: "Linux: managed policy folders, and Firefox's own DoH in prefs.js",
			opts: Options{GOOS: "linux", ChromiumPolicyDirs: linuxDirs,
				FirefoxProfiles: []string{filepath.Join(browsersTestdata, "firefox-trr", "profiles.ini")},
				FirefoxPolicies: []string{filepath.Join(browsersTestdata, "missing.json")}},
			system: &Settings{From: "gnome", Mode: ModeDirect},
			want: []string{
				"firefox [prefs.js] doh=secure https://dns.quad9.net/dns-query",
				"chrome [policy testdata/browsers/linux/chrome] proxy=chrome: manual http=http://proxy.corp.example:3128 https=http://proxy.corp.example:3128 bypass=*.corp.example,<local> doh=secure https://doh.corp.example/dns-query{?dns} locked",
				"chromium [Local State] doh=secure https://dns.quad9.net/dns-query",
				"edge [policy testdata/browsers/linux/edge] proxy=edge: pac http://pac.corp.example/proxy.pac doh=off locked",
				"brave [policy testdata/browsers/linux/brave] doh=automatic https://dns.google/dns-query{?dns},https://cloudflare-dns.com/dns-query locked",
			},
			userData: map[string]string{
				system.BrowserChromium: filepath.Join(browsersTestdata, "userdata", "chromium"),
				system.BrowserChrome:   filepath.Join(browsersTestdata, "userdata", "chrome"), // the policy's DoH wins
			},
			notes: []string{system.BrowserChromium}},
		{name: "Linux: a policy proxy equal to the system's is not listed; Firefox's policies.json wins over prefs.js",
			opts: Options{GOOS: "linux", ChromiumPolicyDirs: map[string][]string{system.BrowserChrome: linuxDirs[system.BrowserChrome]},
				FirefoxProfiles: []string{filepath.Join(browsersTestdata, "firefox-trr", "profiles.ini")},
				FirefoxPolicies: []string{filepath.Join(browsersTestdata, "missing.json"), filepath.Join(browsersTestdata, "firefox-policies.json")}},
			system: sysSettings,
			want: []string{
				"firefox [prefs.js, policies.json] doh=secure https://doh.corp.example/dns-query locked",
				"chrome [policy testdata/browsers/linux/chrome] doh=secure https://doh.corp.example/dns-query{?dns} locked",
			}},
		{name: "macOS: managed preferences, XML for the machine and binary for the user",
			opts:   Options{GOOS: "darwin", ManagedPrefsDir: filepath.Join(browsersTestdata, "mac"), Getenv: envMap("USER", "ann")},
			system: &Settings{From: "macos", Mode: ModeDirect},
			want: []string{
				"firefox [managed preferences testdata/browsers/mac/org.mozilla.firefox.plist] doh=automatic https://doh.corp.example/dns-query",
				"chrome [managed preferences testdata/browsers/mac/com.google.Chrome.plist] proxy=chrome: pac https://pac.corp.example/proxy.pac doh=automatic https://doh.corp.example/dns-query{?dns} locked",
				"edge [managed preferences testdata/browsers/mac/ann/com.microsoft.Edge.plist] proxy=edge: manual http=http://proxy.corp.example:8080 https=http://proxy.corp.example:8443 bypass=<local> doh=secure locked",
			}},
		{name: "macOS: Firefox's policies from managed preferences win over policies.json",
			opts: Options{GOOS: "darwin", ManagedPrefsDir: filepath.Join(browsersTestdata, "mac"), Getenv: envMap("USER", "bob"),
				FirefoxProfiles: []string{filepath.Join(browsersTestdata, "missing.ini")},
				FirefoxPolicies: []string{filepath.Join(browsersTestdata, "firefox-policies.json")}},
			system: &Settings{From: "macos", Mode: ModeDirect},
			want: []string{
				"firefox [managed preferences testdata/browsers/mac/org.mozilla.firefox.plist] doh=automatic https://doh.corp.example/dns-query",
				"chrome [managed preferences testdata/browsers/mac/com.google.Chrome.plist] proxy=chrome: pac https://pac.corp.example/proxy.pac doh=automatic https://doh.corp.example/dns-query{?dns} locked",
			}},
		{name: "Windows: the policy keys, the machine's winning over the user's",
			opts: Options{GOOS: "windows", Getenv: envMap(), Registry: mapRegistry{
				`HKLM\SOFTWARE\Policies\Google\Chrome`:         {"ProxyMode": "auto_detect", "DnsOverHttpsMode": "secure", "DnsOverHttpsTemplates": "https://doh.corp.example/dns-query"},
				`HKCU\SOFTWARE\Policies\Google\Chrome`:         {"ProxyMode": "direct"},
				`HKCU\SOFTWARE\Policies\Microsoft\Edge`:        {"ProxySettings": `{"ProxyMode": "fixed_servers", "ProxyServer": "edge-proxy.corp.example:8080"}`},
				`HKLM\SOFTWARE\Policies\BraveSoftware\Brave`:   {"ProxyServerMode": uint32(3)},
				`HKLM\SOFTWARE\Policies\Mozilla\Firefox\Proxy`: {"Mode": "autoConfig", "AutoConfigURL": "http://pac.corp.example/ff.pac"},
				`HKLM\SOFTWARE\Policies\Mozilla\Firefox\DNSOverHTTPS`: {"Enabled": uint32(1), "Fallback": uint32(0), "Locked": uint32(1),
					"ProviderURL": "https://doh.corp.example/dns-query"},
			}},
			system: &Settings{From: "windows", Mode: ModeDirect},
			want: []string{
				`firefox [registry HKLM\SOFTWARE\Policies\Mozilla\Firefox] proxy=firefox: pac http://pac.corp.example/ff.pac doh=secure https://doh.corp.example/dns-query locked`,
				`chrome [registry HKLM\SOFTWARE\Policies\Google\Chrome] proxy=chrome: auto doh=secure https://doh.corp.example/dns-query locked`,
				`edge [registry HKCU\SOFTWARE\Policies\Microsoft\Edge] proxy=edge: manual http=http://edge-proxy.corp.example:8080 https=http://edge-proxy.corp.example:8080 locked`,
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.opts
			if o.FirefoxProfiles == nil {
				noFirefox(&o)
			}
			if o.ChromiumPolicyDirs == nil {
				o.ChromiumPolicyDirs = map[string][]string{}
			}
			if o.Registry == nil {
				o.Registry = mapRegistry{}
			}
			o.HomeDir, o.ChromiumUserData = t.TempDir(), tc.userData
			no := o.normalize()
			s := tc.system
			s.Browsers = readBrowsers(no, s)
			got := reportLines(s.BrowserReports())
			for i := range got {
				got[i] = filepath.ToSlash(got[i])
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("browsers:\ngot  %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tc.want, "\n     "))
			}
			var noted []string
			for _, b := range s.Browsers {
				if len(b.Notes) > 0 {
					noted = append(noted, b.Browser)
				}
			}
			if !slices.Equal(noted, tc.notes) {
				t.Errorf("notes from %v, want %v", noted, tc.notes)
			}
			if _, err := json.Marshal(s.BrowserReports()); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestFromChromiumPolicy(t *testing.T) {
	for _, tc := range []struct {
		name string
		pol  map[string]any
		want string // describe(own.Proxy) and the DoH mode
	}{
		{"nothing set", map[string]any{"HomepageLocation": "x"}, "<nil> <nil>"},
		{"system mode is no proxy of its own", map[string]any{"ProxyMode": "system"}, "<nil> <nil>"},
		{"per-scheme servers", map[string]any{"ProxyMode": "fixed_servers", "ProxyServer": "http=h.example:80;https=s.example:8443;socks=k.example:1080"},
			"chrome manual http=http://h.example:80 https=http://s.example:8443 socks=socks4://k.example:1080 <nil>"},
		{"fixed servers without a server go direct", map[string]any{"ProxyMode": "fixed_servers"}, "chrome direct <nil>"},
		{"the deprecated ProxyServerMode 2 with a PAC URL", map[string]any{"ProxyServerMode": float64(2), "ProxyPacUrl": "http://pac.example/p.pac"}, "chrome pac pac=http://pac.example/p.pac <nil>"},
		{"ProxyServerMode 0 is direct", map[string]any{"ProxyServerMode": float64(0)}, "chrome direct <nil>"},
		{"ProxySettings wins over ProxyMode", map[string]any{"ProxyMode": "direct", "ProxySettings": map[string]any{"ProxyMode": "auto_detect"}}, "chrome auto <nil>"},
		{"an unknown DoH mode is ignored", map[string]any{"DnsOverHttpsMode": "sometimes"}, "<nil> <nil>"},
		{"DoH secure", map[string]any{"DnsOverHttpsMode": "secure"}, "<nil> secure"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			own, ok := FromChromiumPolicy(system.BrowserChrome, "test", tc.pol)
			doh := "<nil>"
			if own.DoH != nil {
				doh = string(own.DoH.Mode)
			}
			if got := describe(own.Proxy) + " " + doh; got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if ok != (tc.want != "<nil> <nil>") {
				t.Errorf("ok = %v", ok)
			}
		})
	}
}

func TestFirefoxDoHPrefs(t *testing.T) {
	for _, tc := range []struct {
		prefs map[string]string
		want  string
	}{
		{map[string]string{}, "<nil>"},
		{map[string]string{"network.trr.mode": "0", "network.trr.uri": "https://x.example/dns-query"}, "<nil>"},
		{map[string]string{"network.trr.mode": "2"}, "automatic []"},
		{map[string]string{"network.trr.mode": "3", "network.trr.uri": "https://x.example/dns-query"}, "secure [https://x.example/dns-query]"},
		{map[string]string{"network.trr.mode": "5", "network.trr.uri": "https://x.example/dns-query"}, "off []"},
	} {
		d := FirefoxDoH(tc.prefs)
		got := "<nil>"
		if d != nil {
			got = string(d.Mode) + " [" + strings.Join(d.Templates, ",") + "]"
		}
		if got != tc.want {
			t.Errorf("%v: got %s, want %s", tc.prefs, got, tc.want)
		}
	}
}

func TestFirefoxPoliciesBadJSON(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "policies.json")
	if err := os.WriteFile(bad, []byte(`{"policies": {"Proxy": `), 0o600); err != nil {
		t.Fatal(err)
	}
	own, ok := readFirefox(nil, []string{bad}, os.ReadFile)
	if ok || len(own.Notes) != 1 {
		t.Errorf("a broken policies.json: ok %v, notes %q", ok, own.Notes)
	}
}

func TestForBrowser(t *testing.T) {
	sysSettings := &Settings{From: "gnome", Mode: ModeDirect}
	pac := &Settings{From: system.BrowserEdge, Mode: ModePAC, PACURL: "http://pac.corp.example/proxy.pac"}
	sysSettings.Browsers = []BrowserOwn{
		{Browser: system.BrowserEdge, Source: "policy /etc/opt/edge/policies/managed", Proxy: pac},
		{Browser: system.BrowserChrome, Source: "policy", DoH: &checks.DoH{Mode: checks.DoHSecure}},
	}
	if got := sysSettings.ForBrowser(system.BrowserEdge); got.Mode != ModePAC || got.PACURL != pac.PACURL || len(got.Browsers) != 2 || len(got.Notes) != 1 {
		t.Errorf("edge: %s, notes %q", got, got.Notes)
	}
	for _, b := range []string{system.BrowserChrome, system.BrowserFirefox, ""} {
		if got := sysSettings.ForBrowser(b); got != sysSettings {
			t.Errorf("%q: got %s, want the system's", b, got)
		}
	}
}

func TestDoHBypasses(t *testing.T) {
	for _, tc := range []struct {
		d    *checks.DoH
		want bool
	}{
		{nil, false},
		{&checks.DoH{Mode: checks.DoHOff}, false},
		{&checks.DoH{Mode: checks.DoHAutomatic}, false},
		{&checks.DoH{Mode: checks.DoHAutomatic, Templates: []string{"https://x/dns-query"}}, true},
		{&checks.DoH{Mode: checks.DoHSecure}, true},
	} {
		if got := tc.d.Bypasses(); got != tc.want {
			t.Errorf("%+v: %v", tc.d, got)
		}
	}
}

// TestConfigCheckNamesBrowsersOwnSettings: the proxy.config check shows
// each browser's own settings in the expert view.
func TestConfigCheckNamesBrowsersOwnSettings(t *testing.T) {
	s := &Settings{From: "gnome", Mode: ModeDirect, Browsers: []BrowserOwn{
		{Browser: system.BrowserChrome, Source: "policy /etc/opt/chrome/policies/managed", DoH: &checks.DoH{Mode: checks.DoHSecure},
			Proxy: &Settings{From: system.BrowserChrome, Mode: ModePAC, PACURL: "http://pac.corp.example/proxy.pac"}},
		{Browser: system.BrowserChromium, Source: "policy /etc/chromium/policies/managed", Notes: []string{"broken.json: unexpected end of JSON input"}},
	}}
	env := (&checks.Env{}).Normalize()
	Wire(env, s)
	r := runConfig(context.Background(), env)
	want := []string{
		"chrome has its own settings (policy /etc/opt/chrome/policies/managed): proxy chrome: pac http://pac.corp.example/proxy.pac; DNS over HTTPS secure",
		"chromium has its own settings (policy /etc/chromium/policies/managed): could not read: broken.json: unexpected end of JSON input",
	}
	for _, w := range want {
		if !slices.Contains(r.Evidence, w) {
			t.Errorf("evidence %q lacks %q", r.Evidence, w)
		}
	}
}

// TestUserDataDir: where each OS keeps a Chromium-family browser's Local
// State, tested for every OS on any OS.
func TestUserDataDir(t *testing.T) {
	for _, tc := range []struct {
		goos, browser, want string
	}{
		{"linux", system.BrowserChrome, "/home/ann/.config/google-chrome"},
		{"freebsd", system.BrowserChromium, "/home/ann/.config/chromium"},
		{"darwin", system.BrowserEdge, "/home/ann/Library/Application Support/Microsoft Edge"},
		{"windows", system.BrowserBrave, `C:\Users\ann\AppData\Local` + string(filepath.Separator) + `BraveSoftware\Brave-Browser\User Data`},
	} {
		o := Options{GOOS: tc.goos, HomeDir: "/home/ann", Getenv: envMap("LOCALAPPDATA", `C:\Users\ann\AppData\Local`)}
		for _, place := range chromiumPolicyPlaces {
			if place.Browser == tc.browser {
				if got := filepath.ToSlash(userDataDir(place, &o)); got != filepath.ToSlash(tc.want) {
					t.Errorf("%s %s: %q, want %q", tc.goos, tc.browser, got, tc.want)
				}
			}
		}
	}
}

func TestLocalStateDoH(t *testing.T) {
	for _, tc := range []struct {
		json, want string
	}{
		{`{"browser":{}}`, "<nil>"},
		{`{"dns_over_https":{"mode":"automatic","templates":""}}`, "automatic []"},
		{`{"dns_over_https":{"mode":"secure","templates":"https://a.example/dns-query https://b.example/dns-query"}}`, "secure [https://a.example/dns-query https://b.example/dns-query]"},
		{`{"dns_over_https":{"mode":"surprise"}}`, "<nil>"},
		{`{"dns_over_https":`, "error"},
	} {
		d, err := localStateDoH([]byte(tc.json))
		got := "<nil>"
		switch {
		case err != nil:
			got = "error"
		case d != nil:
			got = string(d.Mode) + " [" + strings.Join(d.Templates, " ") + "]"
		}
		if got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.json, got, tc.want)
		}
	}
}
