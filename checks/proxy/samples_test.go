package proxy

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gatewaydoctor/internal/samples"
)

// sampleWant is the parsed value expected from one recorded sample under
// /work/shared/samples, or why the sample is not parsed by this package.
type sampleWant struct {
	want string // describe() of the settings the sample yields
	skip string // a reason the sample is deliberately not parsed
}

// proxySamples lists every proxy-related sample, so that none is silently
// ignored: TestSamplesAllListed fails when a new one appears unlisted.
var proxySamples = map[string]sampleWant{
	// macOS: scutil --proxy.
	"macos/scutil-proxy-manual-http-https-zh-locale.txt":             {want: "macos manual http=http://127.0.0.1:8899 https=http://127.0.0.1:8899 bypass=*.local,169.254/16"},
	"macos/scutil-proxy-none-2024.txt":                               {want: "macos direct bypass=*.local,169.254/16"},
	"macos/scutil-proxy-pac-10.15.7.txt":                             {want: "macos pac pac=http://wpad.company.com/wpad.dat"},
	"macos/scutil-proxy-pac-with-disabled-http-zh-locale.txt":        {want: "macos pac pac=http://127.0.0.1:8090/proxy.pac bypass=*.local,169.254/16"},
	"macos/scutil-proxy-socks-only.txt":                              {want: "macos manual socks=socks5://127.0.0.1:1080"},
	"macos/networksetup-getwebproxy-wifi-enabled-2020.txt":           {skip: "networksetup per service; detection reads scutil --proxy, the merged view the system uses"},
	"macos/networksetup-getsocksfirewallproxy-wifi-enabled-2020.txt": {skip: "networksetup per service; detection reads scutil --proxy"},

	// Windows: registry values, reg.exe output, .reg export, netsh winhttp.
	"windows/internet-settings-reg-export-ms-secure-workstation.reg.txt": {want: "windows manual http=http://127.0.0.1:80 https=http://127.0.0.1:80 bypass=" +
		"*.azure.com,*.azure.net,*.microsoft.com,*.windowsupdate.com,*.microsoftonline.com,*.microsoftonline.cn,*.windows.net,*.windowsazure.com,*.windowsazure.cn,*.azure.cn," +
		"*.loganalytics.io,*.applicationinsights.io,*.vsassets.io,*.azure-automation.net,*.visualstudio.com,portal.office.com,*.aspnetcdn.com,*.sharepointonline.com,*.msecnd.net,*.msocdn.com,*.webtrends.com"},
	"windows/reg-query-internet-settings-v-autoconfigurl-pypac-fixture.txt": {want: "windows pac pac=http://foo-bar.baz/x/proxy.pac"},
	// Only ProxyServer was queried: without ProxyEnable=1 WinINET goes
	// direct; the value itself is checked in TestSampleValues.
	"windows/reg-query-internet-settings-v-proxyserver-host-port-2015.txt": {want: "windows direct"},
	"windows/proxyserver-value-per-protocol-ftp-http-https-socks-2012.txt": {want: "windows manual http=http://172.16.10.206:6588 https=http://172.16.10.206:6588 socks=socks4://172.16.10.206:1080"},
	"windows/proxyserver-value-per-protocol-http-https-win7.txt":           {want: "windows manual http=http://127.0.0.1:3213 https=http://127.0.0.1:3213"},
	"windows/netsh-winhttp-set-proxy-host-port.txt":                        {want: "winhttp manual http=http://testProxy:8999 https=http://testProxy:8999"},
	"windows/netsh-winhttp-show-proxy-direct.txt":                          {want: "winhttp direct"},

	// Linux desktops.
	"linux/dconf-dump-system-proxy-socks-elementary8.txt":    {want: "gnome manual socks=socks5://localhost:9050"},
	"linux/gsettings-list-recursively-grep-proxy-manual.txt": {want: "gnome manual http=http://localhost:7890 https=http://localhost:7890 socks=socks5://localhost:7890 bypass=localhost,127.0.0.0/8,::1"},
	"linux/gsettings-memory-backend-message.txt":             {want: "gnome direct"},
	"linux/kioslaverc-disabled-libproxy-fixture.txt":         {want: "kde direct"},
	// ProxyType=4: every value names a variable, so KDE (KProtocolManager
	// reads qgetenv(value)) finds no variable called "socks5://127.0.0.1:20170".
	"linux/kioslaverc-env-vars.txt":                     {want: "kde manual http=http://envproxy.example:3128 https=http://envproxy.example:3129"},
	"linux/kioslaverc-manual-socks-only.txt":            {want: "kde manual socks=socks5://127.0.0.1:1080"},
	"linux/kioslaverc-manual-toplevel-displayflags.txt": {want: "kde manual http=http://localhost:7890 https=http://localhost:7890 socks=socks5://localhost:7890"},
	"linux/kioslaverc-manual.txt":                       {want: "kde manual http=http://127.0.0.1:7890 https=http://127.0.0.1:7890 socks=socks5://127.0.0.1:7890"},
	"linux/kioslaverc-none-with-stale-values.txt":       {want: "kde direct"},
	"linux/kioslaverc-none.txt":                         {want: "kde direct"},
	"linux/kioslaverc-pac-libproxy-fixture.txt":         {want: "kde pac pac=http://127.0.0.1/px-manager-sample.pac"},
	"linux/kioslaverc-wpad-libproxy-fixture.txt":        {want: "kde auto"},
	"linux/kreadconfig5-kioslaverc-httpProxy.txt":       {want: "kde manual http=http://localhost:7890"},

	// Browsers.
	"browsers/firefox-80-prefs.js-excerpt-default-proxy-no-network-proxy-lines.txt": {want: "<nil>"},
}

// proxySampleName matches the sample files this package is responsible for.
var proxySampleName = regexp.MustCompile(`(?i)proxy|kioslaverc|gsettings|dconf|winhttp|internet-settings|prefs\.js|wpad|\.pac`)

// parseSample turns one sample into Settings by its kind.
func parseSample(t *testing.T, name string, b []byte) *Settings {
	t.Helper()
	base := filepath.Base(name)
	must := func(s *Settings, err error) *Settings {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return s
	}
	switch {
	case strings.HasPrefix(base, "scutil-proxy"):
		p, err := ParseScutilProxy(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return must(FromScutil(p))
	case strings.HasPrefix(base, "netsh-winhttp"):
		return must(ParseWinHTTP(b))
	case strings.HasPrefix(base, "proxyserver-value"):
		// The bare value, as ProxyServer holds it, with ProxyEnable on.
		reg := mapRegistry{`HKCU\` + keyInternetSettings: {"ProxyEnable": uint32(1), "ProxyServer": strings.TrimSpace(string(b))}}
		return must(FromWinINET(readWinINET(reg)))
	case strings.HasPrefix(base, "reg-query"), strings.HasPrefix(base, "internet-settings"):
		return must(FromWinINET(readWinINET(parseRegText(t, b))))
	case strings.HasPrefix(base, "dconf-dump"):
		return must(FromGNOME(ParseDconfDump(b)))
	case strings.HasPrefix(base, "gsettings-list"):
		return must(FromGNOME(ParseGSettingsList(b)))
	case strings.HasPrefix(base, "gsettings-memory"):
		// GLib prints this before each value when dconf is missing; the
		// value still follows it.
		run := fakeRunner{"gsettings get org.gnome.system.proxy mode": string(b) + "'none'\n"}.run
		vals, notes, err := readGNOME(context.Background(), run)
		if err != nil || len(notes) != 1 || !strings.Contains(notes[0], "memory backend") {
			t.Fatalf("%s: notes %q, err %v; want the memory-backend note", name, notes, err)
		}
		return must(FromGNOME(vals))
	case strings.HasPrefix(base, "kioslaverc"):
		getenv := envMap("HTTP_PROXY", "http://envproxy.example:3128", "HTTPS_PROXY", "http://envproxy.example:3129")
		return must(FromKDE(ParseKioslaverc(b), getenv))
	case strings.HasPrefix(base, "kreadconfig5"):
		k := Kioslaverc{"ProxyType": "1", "httpProxy": strings.TrimSpace(string(b))}
		return must(FromKDE(k, nil))
	case strings.HasPrefix(base, "firefox"):
		return FromFirefoxPrefs(ParsePrefsJS(b))
	}
	t.Fatalf("%s: no parser for this sample", name)
	return nil
}

// parseRegText reads reg.exe query output and .reg exports into a fake
// registry (test-only: the app reads the live registry).
func parseRegText(t *testing.T, b []byte) mapRegistry {
	reg := mapRegistry{}
	var key string
	norm := func(k string) string {
		k = strings.Replace(k, "HKEY_CURRENT_USER", "HKCU", 1)
		return strings.Replace(k, "HKEY_LOCAL_MACHINE", "HKLM", 1)
	}
	for _, line := range strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
		case strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]"):
			key = norm(trimmed[1 : len(trimmed)-1])
			reg[key] = map[string]any{}
		case strings.HasPrefix(trimmed, "HKEY_"):
			key = norm(trimmed)
			reg[key] = map[string]any{}
		case strings.HasPrefix(trimmed, `"`):
			name, val, _ := strings.Cut(trimmed, "=")
			name = strings.Trim(name, `"`)
			if v, ok := strings.CutPrefix(val, "dword:"); ok {
				var n uint32
				for _, c := range v {
					n = n*16 + uint32(strings.IndexRune("0123456789abcdef", c|0x20))
				}
				reg[key][name] = n
			} else {
				reg[key][name] = strings.Trim(val, `"`)
			}
		default:
			f := strings.Fields(trimmed)
			if len(f) >= 3 && f[1] == "REG_SZ" {
				reg[key][f[0]] = strings.Join(f[2:], " ")
			}
		}
	}
	return reg
}

// TestSamples parses every proxy-related recorded sample.
func TestSamples(t *testing.T) {
	dir := samples.Dir(t)
	for _, name := range sortedKeys(proxySamples) {
		want := proxySamples[name]
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
			if err != nil {
				t.Fatalf("listed sample missing: %v", err)
			}
			if want.skip != "" {
				t.Skip(want.skip)
			}
			if got := describe(parseSample(t, name, b)); got != want.want {
				t.Errorf("got  %s\nwant %s", got, want.want)
			}
		})
	}
}

// TestSampleValues checks single values of samples that TestSamples reads
// as whole configurations.
func TestSampleValues(t *testing.T) {
	dir := samples.Dir(t)
	b, err := os.ReadFile(filepath.Join(dir, "windows", "reg-query-internet-settings-v-proxyserver-host-port-2015.txt"))
	if err != nil {
		t.Fatal(err)
	}
	reg := parseRegText(t, b)
	v, ok := reg.Value(`HKCU\`+keyInternetSettings, "ProxyServer")
	if !ok {
		t.Fatalf("ProxyServer not read from %q", b)
	}
	ps, err := ParseProxyServer(v.(string))
	if err != nil || ps.All == nil || ps.All.Host != "192.168.1.74:3128" {
		t.Errorf("ProxyServer %q parsed as %+v, %v", v, ps, err)
	}
}

// TestSamplesAllListed fails when a proxy-related sample exists that
// proxySamples does not list.
func TestSamplesAllListed(t *testing.T) {
	dir := samples.Dir(t)
	for _, sub := range []string{"macos", "linux", "windows", "browsers"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			t.Logf("%s: %v", sub, err)
			continue
		}
		for _, e := range entries {
			name := sub + "/" + e.Name()
			if !proxySampleName.MatchString(e.Name()) || strings.Contains(e.Name(), "dns-proxy") {
				continue
			}
			if _, ok := proxySamples[name]; !ok {
				t.Errorf("proxy-related sample %s is not listed in proxySamples", name)
			}
		}
	}
}
