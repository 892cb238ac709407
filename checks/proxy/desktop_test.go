package proxy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gsettingsGet builds a fake runner answering `gsettings get` per key.
func gsettingsGet(vals map[string]string) fakeRunner {
	f := fakeRunner{}
	for k, v := range vals {
		f["gsettings get "+k] = v + "\n"
	}
	return f
}

func TestGNOME(t *testing.T) {
	for _, tc := range []struct {
		name string
		vals map[string]string
		want string
	}{
		{"defaults", map[string]string{"org.gnome.system.proxy mode": "'none'", "org.gnome.system.proxy ignore-hosts": "['localhost', '127.0.0.0/8', '::1']"},
			"gnome direct bypass=localhost,127.0.0.0/8,::1"},
		{"manual", map[string]string{
			"org.gnome.system.proxy mode":           "'manual'",
			"org.gnome.system.proxy ignore-hosts":   "['localhost', '*.corp.example', 'it\\'s']",
			"org.gnome.system.proxy.http host":      "'proxy.corp.example'",
			"org.gnome.system.proxy.http port":      "3128",
			"org.gnome.system.proxy.https host":     "'proxy.corp.example'",
			"org.gnome.system.proxy.https port":     "3129",
			"org.gnome.system.proxy.socks host":     "''",
			"org.gnome.system.proxy.socks port":     "0",
			"org.gnome.system.proxy use-same-proxy": "true"},
			"gnome manual http=http://proxy.corp.example:3128 https=http://proxy.corp.example:3129 bypass=localhost,*.corp.example,it's"},
		{"use-same-proxy fills https", map[string]string{
			"org.gnome.system.proxy mode":           "'manual'",
			"org.gnome.system.proxy.http host":      "'p.example'",
			"org.gnome.system.proxy.http port":      "8080",
			"org.gnome.system.proxy use-same-proxy": "true"},
			"gnome manual http=http://p.example:8080 https=http://p.example:8080"},
		{"manual without hosts", map[string]string{"org.gnome.system.proxy mode": "'manual'", "org.gnome.system.proxy.http port": "8080"}, "gnome direct"},
		{"auto with url", map[string]string{"org.gnome.system.proxy mode": "'auto'", "org.gnome.system.proxy autoconfig-url": "'http://pac.corp.example/p.pac'", "org.gnome.system.proxy ignore-hosts": "@as []"},
			"gnome pac pac=http://pac.corp.example/p.pac"},
		{"auto without url is WPAD", map[string]string{"org.gnome.system.proxy mode": "'auto'", "org.gnome.system.proxy autoconfig-url": "''"}, "gnome auto"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vals, _, err := readGNOME(context.Background(), gsettingsGet(tc.vals).run)
			if err != nil {
				t.Fatal(err)
			}
			s, err := FromGNOME(vals)
			if err != nil || describe(s) != tc.want {
				t.Errorf("got  %s (%v)\nwant %s", describe(s), err, tc.want)
			}
		})
	}
}

func TestGVariantErrors(t *testing.T) {
	for _, in := range []string{"'unterminated", "['a', b]", "'a' junk", "[\"x"} {
		_, err1 := gvariantString(in)
		_, err2 := gvariantStrings(in)
		if err1 == nil && err2 == nil {
			t.Errorf("%q accepted", in)
		}
	}
	if got, _ := gvariantStrings(`["it's", 'b']`); strings.Join(got, "|") != "it's|b" {
		t.Errorf("double-quoted element: %q", got)
	}
	if n, err := gvariantInt("uint32 8080"); n != 8080 || err != nil {
		t.Errorf("typed int: %d %v", n, err)
	}
}

func TestKDE(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		env        []string
		want       string
	}{
		{"manual", "[Proxy Settings]\nProxyType=1\nhttpProxy=http://p.example 3128\nhttpsProxy=p.example:3129\nNoProxyFor=localhost,.corp.example\n",
			nil, "kde manual http=http://p.example:3128 https=http://p.example:3129 bypass=localhost,.corp.example"},
		{"other groups ignored", "[General]\nProxyType=1\n[Proxy Settings]\nProxyType=0\nhttpProxy=http://p 1\n", nil, "kde direct"},
		{"env vars", "[Proxy Settings]\nProxyType=4\nhttpProxy=MY_PROXY\nNoProxyFor=NO_PROXY\n",
			[]string{"MY_PROXY", "http://envp.example:8080", "NO_PROXY", "localhost"}, "kde manual http=http://envp.example:8080 bypass=localhost"},
		{"reversed exceptions are not modelled", "", nil, "kde manual http=http://proxy.corp.example:3128 https=http://proxy.corp.example:3128"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := []byte(tc.file)
			if tc.file == "" {
				var err error
				if b, err = os.ReadFile("testdata/kioslaverc-reversed"); err != nil {
					t.Fatal(err)
				}
			}
			s, err := FromKDE(ParseKioslaverc(b), envMap(tc.env...))
			if err != nil || describe(s) != tc.want {
				t.Errorf("got  %s (%v)\nwant %s", describe(s), err, tc.want)
			}
		})
	}
}

func TestFirefoxProfile(t *testing.T) {
	ini := filepath.Join("testdata", "firefox", "profiles.ini")
	b, err := os.ReadFile(ini)
	if err != nil {
		t.Fatal(err)
	}
	dir, ok := DefaultFirefoxProfile(b, filepath.Dir(ini))
	if want := filepath.Join("testdata", "firefox", "Profiles", "abcd.default-release"); !ok || dir != want {
		t.Fatalf("default profile = %q, %v; want %q (the [Install] section wins over Default=1)", dir, ok, want)
	}
	// Without an [Install] section, Default=1 wins.
	old := strings.Replace(string(b), "[Install4F96D1932A9F858E]\nDefault=Profiles/abcd.default-release", "[Other]", 1)
	if dir, _ := DefaultFirefoxProfile([]byte(old), "base"); dir != filepath.Join("base", "old.default") {
		t.Errorf("Default=1 profile = %q", dir)
	}
	if _, ok := DefaultFirefoxProfile([]byte("[General]\nVersion=2\n"), "x"); ok {
		t.Error("a profiles.ini without profiles gave one")
	}
	own, ok := readFirefox([]string{filepath.Join("testdata", "missing.ini"), ini}, nil, os.ReadFile)
	if !ok || own.Source != "prefs.js" || own.Locked {
		t.Errorf("firefox: found %v, source %q, locked %v", ok, own.Source, own.Locked)
	}
	s := own.Proxy
	want := "firefox manual http=http://fx-proxy.corp.example:8080 https=http://fx-proxy.corp.example:8080 socks=socks5://fx-proxy.corp.example:1080 bypass=localhost,.corp.example,10.0.0.0/8"
	if describe(s) != want {
		t.Errorf("firefox settings:\ngot  %s\nwant %s", describe(s), want)
	}
}

func TestFirefoxPrefTypes(t *testing.T) {
	for _, tc := range []struct{ prefs, want string }{
		{``, "<nil>"},
		{`user_pref("network.proxy.type", 5);`, "<nil>"},
		{`user_pref("network.proxy.type", 0);`, "firefox direct"},
		{`user_pref("network.proxy.type", 4);`, "firefox auto"},
		{`user_pref("network.proxy.type", 2);` + "\n" + `user_pref("network.proxy.autoconfig_url", "http://pac.example/a \"b\".pac");`, `firefox pac pac=http://pac.example/a "b".pac`},
		{`user_pref("network.proxy.type", 1);` + "\n" + `user_pref("network.proxy.socks", "s.example");` + "\n" + `user_pref("network.proxy.socks_version", 4);`, "firefox manual socks=socks4://s.example:1080"},
	} {
		if got := describe(FromFirefoxPrefs(ParsePrefsJS([]byte(tc.prefs)))); got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.prefs, got, tc.want)
		}
	}
}

func TestBypass(t *testing.T) {
	list := []string{"<local>", "*.corp.example", "192.168.*", ".lab.example", "169.254/16", "10.0.0.0/8", "exact.example", "[2001:db8::1]", "2001:db8:1::/48", "http://scheme.example", "host.example:8080"}
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"intranet", true},
		{"www.example.org", false},
		{"a.corp.example", true},
		{"corp.example", true},
		{"xcorp.example", false},
		{"192.168.1.20", true},
		{"lab.example", true},
		{"x.y.lab.example", true},
		{"169.254.10.1", true},
		{"10.200.0.1", true},
		{"11.0.0.1", false},
		{"exact.example", true},
		{"sub.exact.example", false},
		{"EXACT.example.", true},
		{"2001:db8::1", true},
		{"2001:db8:1:2::5", true},
		{"scheme.example", true},
		{"host.example", true},
		{"::1", false},
	} {
		if got := bypassed(tc.host, list); got != tc.want {
			t.Errorf("bypassed(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
}

func TestWPADCandidates(t *testing.T) {
	for _, tc := range []struct {
		domains []string
		want    string
	}{
		{[]string{"eng.corp.example.com"}, "http://wpad.eng.corp.example.com/wpad.dat http://wpad.corp.example.com/wpad.dat http://wpad.example.com/wpad.dat"},
		{[]string{"eng.corp.example.co.uk"}, "http://wpad.eng.corp.example.co.uk/wpad.dat http://wpad.corp.example.co.uk/wpad.dat http://wpad.example.co.uk/wpad.dat"},
		{[]string{"example.co.uk"}, "http://wpad.example.co.uk/wpad.dat"},
		{[]string{"co.uk"}, ""},
		{[]string{"com"}, ""},
		{[]string{"corp"}, ""},
		{[]string{"Lab.Corp.Example.", "corp.example"}, "http://wpad.lab.corp.example/wpad.dat http://wpad.corp.example/wpad.dat"},
		{[]string{"a.b.github.io"}, "http://wpad.a.b.github.io/wpad.dat http://wpad.b.github.io/wpad.dat"},
	} {
		if got := strings.Join(WPADCandidates(tc.domains), " "); got != tc.want {
			t.Errorf("WPADCandidates(%v):\ngot  %s\nwant %s", tc.domains, got, tc.want)
		}
	}
	b, _ := os.ReadFile("testdata/resolv.conf")
	if got := strings.Join(ParseResolvSearch(b), " "); got != "eng.corp.example.co.uk lab.example" {
		t.Errorf("ParseResolvSearch = %q", got)
	}
	nm := "DHCP4.OPTION[1]:broadcast_address = 192.0.2.255\nDHCP4.OPTION[2]:wpad = http://wpad.corp.example/wpad.dat\nDHCP4.OPTION[3]:domain_name = corp.example\n"
	if got := ParseNmcliWPAD([]byte(nm)); len(got) != 1 || got[0] != "http://wpad.corp.example/wpad.dat" {
		t.Errorf("ParseNmcliWPAD = %q", got)
	}
}
