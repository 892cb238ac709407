package pac

import (
	"net"
	"strings"
	"testing"
)

// FuzzParseAnswer feeds Parse what a hostile PAC file could return from
// FindProxyForURL. Parse never panics; every proxy entry it accepts has a
// host:port and a proxy URL for exactly that host; and the entries written
// back as a PAC answer parse to the same entries.
func FuzzParseAnswer(f *testing.F) {
	for _, s := range []string{
		"DIRECT", "PROXY proxy.example:8080; DIRECT", "proxy 192.0.2.1:3128;direct",
		"HTTPS [2001:db8::1]:443; SOCKS5 socks.example:1080; SOCKS4 s4:1080; SOCKS s:1",
		";;; PROXY a:1 ;;", "PROXY a:b:c", "PROXY :80", "PROXY host", "DIRECT extra", "FTP x:21",
		"PROXY a@b:80", "PROXY a/b:80", "PROXY \u0000:0", strings.Repeat("PROXY p:1;", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, answer string) {
		entries, err := Parse(answer)
		if err != nil {
			if len(entries) != 0 {
				t.Fatalf("Parse(%q) returned entries with an error", answer)
			}
			return
		}
		if len(entries) == 0 {
			t.Fatalf("Parse(%q) accepted an answer with no entries", answer)
		}
		var back []string
		for _, e := range entries {
			back = append(back, e.String())
			if e.Type == "DIRECT" {
				if e.Host != "" || e.URL() != nil {
					t.Fatalf("DIRECT entry %+v has a host or a URL", e)
				}
				continue
			}
			if _, _, err := net.SplitHostPort(e.Host); err != nil {
				t.Fatalf("entry %+v: host is not host:port: %v", e, err)
			}
			u := e.URL()
			if u == nil || u.Host != e.Host {
				t.Fatalf("entry %+v: proxy URL %v does not name its host", e, u)
			}
		}
		again, err := Parse(strings.Join(back, "; "))
		if err != nil || len(again) != len(entries) {
			t.Fatalf("%q -> %q does not parse back: %v, %v", answer, back, again, err)
		}
		for i := range again {
			if again[i] != entries[i] {
				t.Fatalf("%q: entry %d %+v parses back as %+v", answer, i, entries[i], again[i])
			}
		}
	})
}
