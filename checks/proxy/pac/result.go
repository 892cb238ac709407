package pac

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Entry is one element of a PAC answer such as "PROXY p.example:8080".
type Entry struct {
	Type string // DIRECT, PROXY, HTTPS, SOCKS, SOCKS4 or SOCKS5
	Host string // host:port; "" for DIRECT
}

// URL maps the entry to a proxy URL as net/http understands it: nil for
// DIRECT, http:// for PROXY, https:// for HTTPS, socks5:// for SOCKS and
// SOCKS5, socks4:// for SOCKS4.
func (e Entry) URL() *url.URL {
	scheme := map[string]string{"PROXY": "http", "HTTP": "http", "HTTPS": "https", "SOCKS": "socks5", "SOCKS5": "socks5", "SOCKS4": "socks4"}[e.Type]
	if scheme == "" {
		return nil
	}
	return &url.URL{Scheme: scheme, Host: e.Host}
}

// String is the entry as a PAC file writes it ("PROXY host:port").
func (e Entry) String() string {
	if e.Type == "DIRECT" {
		return "DIRECT"
	}
	return e.Type + " " + e.Host
}

// Parse reads a FindProxyForURL answer: entries separated by ";", tried in
// order by a browser. Unknown entry types are an error, as are proxies
// without a usable host:port.
func Parse(answer string) ([]Entry, error) {
	var out []Entry
	for _, part := range strings.Split(answer, ";") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		typ := strings.ToUpper(f[0])
		switch typ {
		case "DIRECT":
			if len(f) != 1 {
				return nil, fmt.Errorf("pac answer %q: DIRECT takes no host", part)
			}
			out = append(out, Entry{Type: typ})
		case "PROXY", "HTTP", "HTTPS", "SOCKS", "SOCKS4", "SOCKS5":
			if len(f) != 2 {
				return nil, fmt.Errorf("pac answer %q: want %s host:port", part, typ)
			}
			host, port, err := net.SplitHostPort(f[1])
			if err != nil || host == "" || port == "" {
				return nil, fmt.Errorf("pac answer %q: %q is not host:port", part, f[1])
			}
			out = append(out, Entry{Type: typ, Host: f[1]})
		default:
			return nil, fmt.Errorf("pac answer %q: unknown type %q", part, f[0])
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("pac answer %q is empty", answer)
	}
	return out, nil
}
