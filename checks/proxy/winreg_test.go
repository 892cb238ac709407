package proxy

import (
	"encoding/binary"
	"strings"
	"testing"
)

func TestParseProxyServer(t *testing.T) {
	for _, tc := range []struct {
		in, want string // want: "all=URL" or "k=URL ..." sorted, or "ERR"
	}{
		{"", ""},
		{"proxy.corp.example:8080", "all=http://proxy.corp.example:8080"},
		{"proxy.corp.example", "all=http://proxy.corp.example:80"},
		{"http://proxy.corp.example:3128", "all=http://proxy.corp.example:3128"},
		{"[2001:db8::1]:3128", "all=http://[2001:db8::1]:3128"},
		{"http=a.example:80;https=b.example:443", "http=http://a.example:80 https=http://b.example:443"},
		{"http=a.example:80; https=b.example:443;", "http=http://a.example:80 https=http://b.example:443"},
		{"HTTP=a.example:80", "http=http://a.example:80"},
		{"socks=s.example", "socks=socks4://s.example:1080"},
		{"http=;https=b.example:8443", "https=http://b.example:8443"},
		{"http=https://tls-proxy.example:443", "http=https://tls-proxy.example:443"},
		{"proxy.example:port", "ERR"},
		{"ftp://proxy.example:21", "ERR"},
		{"http=a b", "ERR"},
		{"http=a.example:80;junk", "ERR"},
	} {
		ps, err := ParseProxyServer(tc.in)
		got := ""
		switch {
		case err != nil:
			got = "ERR"
		case ps.All != nil:
			got = "all=" + ps.All.String()
		default:
			var parts []string
			for _, k := range sortedKeys(ps.PerScheme) {
				parts = append(parts, k+"="+ps.PerScheme[k].String())
			}
			got = strings.Join(parts, " ")
		}
		if got != tc.want {
			t.Errorf("ParseProxyServer(%q) = %q (%v), want %q", tc.in, got, err, tc.want)
		}
	}
}

// FuzzProxyServer: the parser never panics, and what it accepts is a set
// of proxy URLs with a host and a numeric port.
func FuzzProxyServer(f *testing.F) {
	for _, seed := range []string{
		"proxy.corp.example:8080", "http=127.0.0.1:3213;https=127.0.0.1:3213",
		"ftp=172.16.10.206:6588;http=172.16.10.206:6588;https=172.16.10.206:6588;socks=172.16.10.206:1080",
		"[2001:db8::1]:3128", "http://p:1", "=", ";;", "http=", "a:b:c", "socks=[::1]", "\x00:1",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParseProxyServer(s)
		if err != nil {
			return
		}
		check := func(k string, u interface {
			Hostname() string
			Port() string
		}) {
			if u.Hostname() == "" || u.Port() == "" {
				t.Fatalf("ParseProxyServer(%q): %s has host %q port %q", s, k, u.Hostname(), u.Port())
			}
		}
		if ps.All != nil {
			check("all", ps.All)
		}
		for k, u := range ps.PerScheme {
			check(k, u)
		}
	})
}

// connBlob builds a DefaultConnectionSettings value as the Internet
// Options dialog writes it (version 0x46, counter, flags, three strings,
// then reserved zero bytes).
func connBlob(flags uint32, server, bypass, pacURL string) []byte {
	var b []byte
	u32 := func(v uint32) { b = binary.LittleEndian.AppendUint32(b, v) }
	u32(0x46)
	u32(7)
	u32(flags)
	for _, s := range []string{server, bypass, pacURL} {
		u32(uint32(len(s)))
		b = append(b, s...)
	}
	return append(b, make([]byte, 32)...)
}

func TestParseConnectionSettings(t *testing.T) {
	c, err := ParseConnectionSettings(connBlob(ConnFlagDirect|ConnFlagAutoDetect, "p.example:8080", "<local>", "http://pac.example/p.pac"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.AutoDetect() || c.Version != 0x46 || c.ProxyServer != "p.example:8080" || c.Bypass != "<local>" || c.AutoConfig != "http://pac.example/p.pac" {
		t.Fatalf("parsed %+v", c)
	}
	if c, _ := ParseConnectionSettings(connBlob(ConnFlagDirect, "", "", "")); c.AutoDetect() {
		t.Error("flags 0x01 read as auto-detect")
	}
	if _, err := ParseConnectionSettings([]byte{0x46, 0, 0}); err == nil {
		t.Error("a 3-byte blob was accepted")
	}
	bad := connBlob(ConnFlagProxy, "p:1", "", "")
	binary.LittleEndian.PutUint32(bad[12:], 1<<30)
	if _, err := ParseConnectionSettings(bad); err == nil {
		t.Error("a string length past the end was accepted")
	}
}

// TestFromRegistry covers the registry value forms WinINET reads.
func TestFromRegistry(t *testing.T) {
	const cu = `HKCU\` + keyInternetSettings
	const lm = `HKLM\` + keyInternetSettings
	for _, tc := range []struct {
		name string
		reg  mapRegistry
		want string
	}{
		{"nothing set", mapRegistry{}, "windows direct"},
		{"host:port enabled", mapRegistry{cu: {"ProxyEnable": uint32(1), "ProxyServer": "proxy.corp.example:8080", "ProxyOverride": "*.corp.example;<local>"}},
			"windows manual http=http://proxy.corp.example:8080 https=http://proxy.corp.example:8080 bypass=*.corp.example,<local>"},
		{"host:port but disabled", mapRegistry{cu: {"ProxyEnable": uint32(0), "ProxyServer": "proxy.corp.example:8080"}}, "windows direct"},
		{"per protocol", mapRegistry{cu: {"ProxyEnable": uint32(1), "ProxyServer": "http=h.example:80;https=s.example:8443;socks=k.example:1080"}},
			"windows manual http=http://h.example:80 https=http://s.example:8443 socks=socks4://k.example:1080"},
		{"pac url", mapRegistry{cu: {"AutoConfigURL": "http://pac.corp.example/proxy.pac"}}, "windows pac pac=http://pac.corp.example/proxy.pac"},
		{"auto-detect from the blob", mapRegistry{`HKCU\` + keyConnections: {"DefaultConnectionSettings": connBlob(ConnFlagDirect|ConnFlagAutoDetect, "", "", "")}}, "windows auto"},
		{"the blob turns the legacy ProxyEnable off", mapRegistry{
			cu:                       {"ProxyEnable": uint32(1), "ProxyServer": "p.example:1"},
			`HKCU\` + keyConnections: {"DefaultConnectionSettings": connBlob(ConnFlagDirect, "p.example:1", "", "")}}, "windows direct"},
		{"the blob carries the proxy", mapRegistry{`HKCU\` + keyConnections: {"DefaultConnectionSettings": connBlob(ConnFlagDirect|ConnFlagProxy, "blob.example:3128", "<local>", "")}},
			"windows manual http=http://blob.example:3128 https=http://blob.example:3128 bypass=<local>"},
		{"per-machine policy", mapRegistry{
			`HKLM\` + keyPolicy: {"ProxySettingsPerUser": uint32(0)},
			cu:                  {"ProxyEnable": uint32(1), "ProxyServer": "user.example:1"},
			lm:                  {"ProxyEnable": uint32(1), "ProxyServer": "machine.example:2"}},
			"windows-machine manual http=http://machine.example:2 https=http://machine.example:2"},
		{"per-user policy 1 keeps HKCU", mapRegistry{
			`HKLM\` + keyPolicy: {"ProxySettingsPerUser": uint32(1)},
			cu:                  {"ProxyEnable": uint32(1), "ProxyServer": "user.example:1"},
			lm:                  {"ProxyEnable": uint32(1), "ProxyServer": "machine.example:2"}},
			"windows manual http=http://user.example:1 https=http://user.example:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := FromWinINET(readWinINET(tc.reg))
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(s); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestParseWinHTTP(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Direct access (no proxy server).\r\n", "winhttp direct"},
		{"Current WinHTTP proxy settings:\n\n    Proxy Server(s) :  proxy.corp.example:8080\n    Bypass List     :  <local>;*.corp.example\n",
			"winhttp manual http=http://proxy.corp.example:8080 https=http://proxy.corp.example:8080 bypass=<local>,*.corp.example"},
		// German Windows: the labels are translated, the layout is not.
		{"Aktuelle WinHTTP-Proxyeinstellungen:\n\n    Proxyserver :  http=p.example:80;https=p.example:443\n    Umgehungsliste :  (keine)\n",
			"winhttp manual http=http://p.example:80 https=http://p.example:443"},
	} {
		s, err := ParseWinHTTP([]byte(tc.in))
		if err != nil || describe(s) != tc.want {
			t.Errorf("ParseWinHTTP(%q) = %s, %v; want %s", tc.in, describe(s), err, tc.want)
		}
	}
}
