package proxy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDetect runs the whole detection per OS with recorded-style outputs.
func TestDetect(t *testing.T) {
	ffDir := filepath.Join("testdata", "firefox")
	scutil, err := os.ReadFile("testdata/scutil-manual-no-ports.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		opts    func(o *Options)
		want    string
		winhttp string
		firefox string
		wpad    string
		note    string
	}{
		{name: "env wins over the OS", opts: func(o *Options) {
			o.Getenv = envMap("HTTP_PROXY", "http://envp.example:3128", "XDG_CURRENT_DESKTOP", "GNOME")
			o.Run = gsettingsGet(map[string]string{"org.gnome.system.proxy mode": "'manual'", "org.gnome.system.proxy.http host": "'g.example'", "org.gnome.system.proxy.http port": "1"}).run
		}, want: "env env"},
		{name: "gnome", opts: func(o *Options) {
			o.Getenv = envMap("XDG_CURRENT_DESKTOP", "ubuntu:GNOME")
			o.Run = gsettingsGet(map[string]string{"org.gnome.system.proxy mode": "'manual'", "org.gnome.system.proxy.http host": "'g.example'", "org.gnome.system.proxy.http port": "3128"}).run
		}, want: "gnome manual http=http://g.example:3128"},
		{name: "kde", opts: func(o *Options) {
			o.Getenv = envMap("XDG_CURRENT_DESKTOP", "KDE")
			o.Kioslaverc = "testdata/kioslaverc-reversed"
			o.ReadFile = os.ReadFile
		}, want: "kde manual http=http://proxy.corp.example:3128 https=http://proxy.corp.example:3128", note: "reversed"},
		{name: "kde without kioslaverc falls back to gsettings", opts: func(o *Options) {
			o.Getenv = envMap("XDG_CURRENT_DESKTOP", "KDE")
			o.Run = gsettingsGet(map[string]string{"org.gnome.system.proxy mode": "'none'"}).run
		}, want: "gnome direct"},
		{name: "no desktop settings at all", opts: func(o *Options) {}, want: "none direct", note: "no desktop proxy settings"},
		{name: "gnome auto-detect walks DHCP then DNS", opts: func(o *Options) {
			o.Run = fakeRunner{
				"gsettings get org.gnome.system.proxy mode":           "'auto'",
				"gsettings get org.gnome.system.proxy autoconfig-url": "''",
				"nmcli -t -f DHCP4 device show":                       "DHCP4.OPTION[4]:wpad = http://dhcp-wpad.corp.example/wpad.dat\n",
			}.run
			o.SearchDomains = []string{"eng.corp.example.co.uk"}
		}, want: "gnome auto", wpad: "http://dhcp-wpad.corp.example/wpad.dat http://wpad.eng.corp.example.co.uk/wpad.dat http://wpad.corp.example.co.uk/wpad.dat http://wpad.example.co.uk/wpad.dat"},
		{name: "macos", opts: func(o *Options) {
			o.GOOS = "darwin"
			o.Run = fakeRunner{"scutil --proxy": string(scutil)}.run
		}, want: "macos manual http=http://proxy.corp.example:80 socks=socks5://socks.corp.example:1080"},
		{name: "macos auto-detect has no DHCP 252", opts: func(o *Options) {
			o.GOOS = "darwin"
			o.Run = fakeRunner{"scutil --proxy": "<dictionary> {\n  ProxyAutoDiscoveryEnable : 1\n}\n"}.run
			o.ResolvConf = "testdata/resolv.conf"
			o.SearchDomains = nil
			o.ReadFile = os.ReadFile
		}, want: "macos auto", note: "DHCP option 252 (WPAD) is not available on darwin",
			wpad: "http://wpad.eng.corp.example.co.uk/wpad.dat http://wpad.corp.example.co.uk/wpad.dat http://wpad.example.co.uk/wpad.dat http://wpad.lab.example/wpad.dat"},
		{name: "windows with winhttp", opts: func(o *Options) {
			o.GOOS = "windows"
			o.Registry = mapRegistry{`HKCU\` + keyInternetSettings: {"ProxyEnable": uint32(1), "ProxyServer": "w.example:8080", "ProxyOverride": "<local>"}}
			o.Run = fakeRunner{"netsh winhttp show proxy": "Current WinHTTP proxy settings:\n\n    Proxy Server(s) :  svc.example:3128\n    Bypass List     :  (none)\n"}.run
		}, want: "windows manual http=http://w.example:8080 https=http://w.example:8080 bypass=<local>",
			winhttp: "winhttp manual http=http://svc.example:3128 https=http://svc.example:3128"},
		{name: "windows search domains from the registry", opts: func(o *Options) {
			o.GOOS = "windows"
			o.SearchDomains = nil
			o.Registry = mapRegistry{
				`HKCU\` + keyConnections: {"DefaultConnectionSettings": connBlob(ConnFlagDirect|ConnFlagAutoDetect|ConnFlagAutoURL, "", "", "http://pac.corp.example/fallback.pac")},
				`HKLM\` + keyTcpip:       {"Domain": "corp.example.com", "SearchList": "eng.corp.example.com,other.example.org"}}
		}, want: "windows auto", note: "not available on windows",
			wpad: "http://wpad.corp.example.com/wpad.dat http://wpad.example.com/wpad.dat http://wpad.eng.corp.example.com/wpad.dat http://wpad.other.example.org/wpad.dat http://wpad.example.org/wpad.dat http://pac.corp.example/fallback.pac"},
		{name: "windows DHCP answer", opts: func(o *Options) {
			o.GOOS = "windows"
			o.Registry = mapRegistry{`HKCU\` + keyConnections: {"DefaultConnectionSettings": connBlob(ConnFlagDirect|ConnFlagAutoDetect, "", "", "")}}
			o.DHCPWPAD = func(context.Context) ([]string, error) { return []string{"http://dhcp.corp.example/wpad.dat"}, nil }
		}, want: "windows auto", wpad: "http://dhcp.corp.example/wpad.dat"},
		{name: "DHCP asked but no answer", opts: func(o *Options) {
			o.Run = gsettingsGet(map[string]string{"org.gnome.system.proxy mode": "'auto'"}).run
			o.DHCPWPAD = func(ctx context.Context) ([]string, error) { return nil, errors.New("no DHCP server answered") }
		}, want: "gnome auto", note: "DHCP option 252 (WPAD) is not available: no DHCP server answered"},
		{name: "windows without a registry", opts: func(o *Options) { o.GOOS = "windows" }, want: "windows direct", note: "registry could not be read"},
		{name: "firefox differs", opts: func(o *Options) {
			o.FirefoxProfiles = []string{filepath.Join(ffDir, "profiles.ini")}
			o.ReadFile = os.ReadFile
		}, want: "none direct",
			firefox: "firefox manual http=http://fx-proxy.corp.example:8080 https=http://fx-proxy.corp.example:8080 socks=socks5://fx-proxy.corp.example:1080 bypass=localhost,.corp.example,10.0.0.0/8"},
		{name: "plan9 is not read", opts: func(o *Options) { o.GOOS = "plan9" }, want: "none direct", note: "not read on plan9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := labOptions()
			tc.opts(&o)
			s := Detect(context.Background(), o)
			if got := describe(s); got != tc.want {
				t.Errorf("settings:\ngot  %s\nwant %s", got, tc.want)
			}
			if got := describe(s.WinHTTP); tc.winhttp != "" && got != tc.winhttp || tc.winhttp == "" && s.WinHTTP != nil {
				t.Errorf("winhttp: got %s, want %s", got, tc.winhttp)
			}
			if got := describe(s.Firefox); tc.firefox != "" && got != tc.firefox || tc.firefox == "" && s.Firefox != nil {
				t.Errorf("firefox: got %s, want %s", got, tc.firefox)
			}
			if got := strings.Join(s.WPAD, " "); got != tc.wpad {
				t.Errorf("wpad:\ngot  %s\nwant %s", got, tc.wpad)
			}
			if tc.note != "" && !strings.Contains(strings.Join(s.Notes, "|"), tc.note) {
				t.Errorf("notes %q lack %q", s.Notes, tc.note)
			}
		})
	}
}
