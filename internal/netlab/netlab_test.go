package netlab_test

import (
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"gatewaydoctor/internal/netlab"
)

// dnsReply is what a child saw asking a DNS server.
type dnsReply struct {
	Rcode string   `json:"rcode"`
	Addrs []string `json:"addrs"`
	Err   string   `json:"err"`
}

func ask(server, name string) dnsReply {
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), dns.TypeA)
	c := &dns.Client{Timeout: 3 * time.Second}
	r, _, err := c.Exchange(m, server)
	if err != nil {
		return dnsReply{Err: err.Error()}
	}
	out := dnsReply{Rcode: dns.RcodeToString[r.Rcode]}
	for _, rr := range r.Answer {
		if a, ok := rr.(*dns.A); ok {
			out.Addrs = append(out.Addrs, a.A.String())
		}
	}
	return out
}

// TestDNSmasqModes asks a real dnsmasq on the router, from the
// client, in each mode.
func TestDNSmasqModes(t *testing.T) {
	site := netip.MustParseAddr("198.51.100.80")
	for _, tc := range []struct {
		name    string
		mode    netlab.DnsmasqMode
		known   dnsReply
		unknown dnsReply
	}{
		{"answer", netlab.DnsmasqAnswer, dnsReply{Rcode: "NOERROR", Addrs: []string{"198.51.100.80"}}, dnsReply{Rcode: "NXDOMAIN"}},
		{"redirect NXDOMAIN", netlab.DnsmasqRedirectNX, dnsReply{Rcode: "NOERROR", Addrs: []string{"198.51.100.80"}}, dnsReply{Rcode: "NOERROR", Addrs: []string{"203.0.113.80"}}},
		{"servfail", netlab.DnsmasqServFail, dnsReply{Rcode: "SERVFAIL"}, dnsReply{Rcode: "SERVFAIL"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if netlab.IsChild(t) {
				srv := net.JoinHostPort(netlab.RouterAddr.String(), "53")
				netlab.Reply(t, []dnsReply{ask(srv, "shop.example.test"), ask(srv, "nothing-here.example.test")})
				return
			}
			lab := netlab.New(t)
			netlab.Dnsmasq(t, lab.Router, netlab.DnsmasqOptions{Mode: tc.mode, Records: map[string][]netip.Addr{"shop.example.test": {site}}})
			var got []dnsReply
			lab.Client.RunChild(t, &got)
			if len(got) != 2 || !sameReply(got[0], tc.known) || !sameReply(got[1], tc.unknown) {
				t.Errorf("got %+v, want %+v and %+v", got, tc.known, tc.unknown)
			}
		})
	}
}

func sameReply(a, b dnsReply) bool {
	return a.Rcode == b.Rcode && a.Err == b.Err && strings.Join(a.Addrs, ",") == strings.Join(b.Addrs, ",")
}

// TestLocalNetlabWorld checks the lab's plumbing from inside the client: its own
// resolv.conf and hosts, an internet HTTP server reached through the
// router, and each fault.
func TestLocalNetlabWorld(t *testing.T) {
	type world struct {
		ResolvConf string `json:"resolv_conf"`
		Hosts      string `json:"hosts"`
		HTTP       int    `json:"http"`
		HTTPErr    string `json:"http_err"`
		DNS        string `json:"dns"`
	}
	web := netip.MustParseAddrPort("198.51.100.80:80")
	look := func() world {
		var w world
		b, _ := os.ReadFile("/etc/resolv.conf")
		w.ResolvConf = string(b)
		b, _ = os.ReadFile("/etc/hosts")
		w.Hosts = string(b)
		c := &http.Client{Timeout: 2 * time.Second}
		if resp, err := c.Get("http://" + web.String() + "/"); err != nil {
			w.HTTPErr = err.Error()
		} else {
			w.HTTP = resp.StatusCode
			resp.Body.Close()
		}
		r := ask(net.JoinHostPort(netlab.RouterAddr.String(), "53"), "shop.example.test")
		w.DNS = r.Rcode + r.Err
		return w
	}
	for _, tc := range []struct {
		name  string
		fault func(t *testing.T, l *netlab.Lab)
		http  int
		dns   string // prefix
	}{
		{"healthy", nil, 204, "NOERROR"},
		{"no default route", func(t *testing.T, l *netlab.Lab) { l.RemoveDefaultRoute(t) }, 0, "NOERROR"},
		{"web ports dropped", func(t *testing.T, l *netlab.Lab) { l.DropTCP(t, 80, 443) }, 0, "NOERROR"},
		{"router drops everything", func(t *testing.T, l *netlab.Lab) { l.DropAll(t) }, 0, "read udp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if netlab.IsChild(t) {
				netlab.Reply(t, look())
				return
			}
			lab := netlab.New(t)
			lab.WriteHosts("127.0.0.1 localhost\n203.0.113.9 pinned.example.test\n")
			lab.AddInternetHost(t, web.Addr())
			netlab.HTTP(t, lab.Router, web, netlab.HTTPResponse{Status: 204})
			netlab.Dnsmasq(t, lab.Router, netlab.DnsmasqOptions{Records: map[string][]netip.Addr{"shop.example.test": {web.Addr()}}})
			if tc.fault != nil {
				tc.fault(t, lab)
			}
			var w world
			lab.Client.RunChild(t, &w)
			if !strings.Contains(w.ResolvConf, "nameserver 192.0.2.1") || !strings.Contains(w.Hosts, "pinned.example.test") {
				t.Errorf("the client does not see its own files: %q %q", w.ResolvConf, w.Hosts)
			}
			if w.HTTP != tc.http {
				t.Errorf("http %d (%s), want %d", w.HTTP, w.HTTPErr, tc.http)
			}
			if !strings.HasPrefix(w.DNS, tc.dns) {
				t.Errorf("dns %q, want %q…", w.DNS, tc.dns)
			}
		})
	}
}

func TestLocalNetlabSkipsWithoutRoot(t *testing.T) {
	if os.Geteuid() == 0 {
		if why := netlab.Available(); why != "" {
			t.Errorf("root but unavailable: %s", why)
		}
		return
	}
	if netlab.Available() == "" {
		t.Error("not root but Available says yes")
	}
}
