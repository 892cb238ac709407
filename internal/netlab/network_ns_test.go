package netlab_test

import (
	"context"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/internal/netlab"
)

// The lab's internet for the network checks: one web host (target, captive
// probe and reachability host at once) and a reference resolver.
var (
	nsWeb       = netip.MustParseAddr("198.51.100.80")
	nsReference = netip.MustParseAddr("203.0.113.53")
	nsRecords   = map[string][]netip.Addr{
		"shop.example.test":      {nsWeb},
		"reach.example.test":     {nsWeb},
		"reference.example.test": {nsWeb},
	}
)

// nsNetworkIDs are the checks that read the OS inside the namespace.
var nsNetworkIDs = map[string]bool{
	"dns.system": true, "dns.resolve": true, "dns.latency": true, "dns.hijack": true, "dns.hosts": true,
	"captive": true, "reach": true, "local.interfaces": true, "local.gateway": true, "clock": true,
}

// runNetworkChecksHere is the child's work: the network checks with an Env
// as a real run builds it (OS resolver, OS files, OS routes, real gateway
// probe), only the endpoints pointing into the lab.
func runNetworkChecksHere() checks.Results {
	target, _ := url.Parse("http://shop.example.test/")
	env := &checks.Env{
		Target:             target,
		ReferenceResolvers: []netip.AddrPort{netip.AddrPortFrom(nsReference, 53)},
		LatencyDomain:      "latency.example.test",
		ReferenceName:      "reference.example.test",
		CaptiveProbes:      []checks.Probe{{URL: "http://" + nsWeb.String() + "/generate_204", Status: 204}},
		Reachability:       []string{"http://reach.example.test/generate_204"},
	}
	var cs []checks.Check
	for _, c := range engine.Checks() {
		if nsNetworkIDs[c.ID()] {
			cs = append(cs, c)
		}
	}
	return (&checks.Runner{Checks: cs}).Run(context.Background(), env)
}

// TestLocalNetworkChecksInNamespace runs the network checks inside a client
// namespace against a router with real dnsmasq, once per fault.
func TestLocalNetworkChecksInNamespace(t *testing.T) {
	type want struct {
		id     string
		status checks.Status
		codes  []checks.Code
		absent []checks.Code
		saw    string // a substring of the summary or evidence
	}
	for _, tc := range []struct {
		name    string
		mode    netlab.DnsmasqMode
		records map[string][]netip.Addr // extra records of both resolvers
		stage   func(t *testing.T, l *netlab.Lab)
		want    []want
	}{
		{name: "healthy", want: []want{
			{id: "dns.system", status: checks.StatusOK, saw: "192.0.2.1:53"},
			{id: "dns.resolve", status: checks.StatusOK, saw: "198.51.100.80"},
			{id: "dns.latency", status: checks.StatusOK},
			{id: "dns.hijack", status: checks.StatusOK},
			{id: "dns.hosts", status: checks.StatusOK},
			{id: "captive", status: checks.StatusOK},
			{id: "reach", status: checks.StatusOK},
			{id: "local.interfaces", status: checks.StatusOK, saw: "192.0.2.2"},
			{id: "local.gateway", status: checks.StatusOK, saw: "192.0.2.1"},
			{id: "clock", status: checks.StatusOK},
		}},
		{name: "client hosts file pins the site", stage: func(t *testing.T, l *netlab.Lab) {
			l.WriteHosts("127.0.0.1 localhost\n203.0.113.9 shop.example.test\n")
		}, want: []want{
			{id: "dns.hosts", status: checks.StatusProblem, codes: []checks.Code{checks.CodeHostsOverride}, saw: "203.0.113.9"},
		}},
		{name: "dnsmasq redirects NXDOMAIN", mode: netlab.DnsmasqRedirectNX, want: []want{
			{id: "dns.hijack", status: checks.StatusProblem, codes: []checks.Code{checks.CodeNXDomainRedirect}, saw: "203.0.113.80"},
			{id: "dns.resolve", status: checks.StatusOK},
		}},
		{name: "dnsmasq answers SERVFAIL", mode: netlab.DnsmasqServFail, want: []want{
			{id: "dns.resolve", status: checks.StatusProblem, codes: []checks.Code{checks.CodeDNSSystemFails}},
			{id: "dns.hijack", status: checks.StatusOK, absent: []checks.Code{checks.CodeNXDomainRedirect}},
			{id: "local.gateway", status: checks.StatusOK},
		}},
		{name: "no default route", stage: func(t *testing.T, l *netlab.Lab) { l.RemoveDefaultRoute(t) }, want: []want{
			{id: "local.gateway", status: checks.StatusProblem, codes: []checks.Code{checks.CodeNoDefaultRoute}},
			{id: "reach", status: checks.StatusProblem, codes: []checks.Code{checks.CodeReachNone}, absent: []checks.Code{checks.CodeFirewallBlocked}},
			{id: "local.interfaces", status: checks.StatusOK},
		}},
		{name: "gateway drops everything", stage: func(t *testing.T, l *netlab.Lab) { l.DropAll(t) }, want: []want{
			{id: "local.gateway", status: checks.StatusProblem, codes: []checks.Code{checks.CodeGatewayDown}},
			{id: "reach", status: checks.StatusProblem, codes: []checks.Code{checks.CodeReachNone, checks.CodeReachNamesFail}, absent: []checks.Code{checks.CodeFirewallBlocked}},
			{id: "dns.latency", status: checks.StatusProblem, codes: []checks.Code{checks.CodeDNSNoAnswer}},
		}},
		{name: "IPv6 broken, IPv4 fine", records: map[string][]netip.Addr{
			"reach.example.test": {nsWeb, netip.MustParseAddr("2001:db8:1::99")}, // nothing there
		}, want: []want{
			{id: "reach", status: checks.StatusProblem, codes: []checks.Code{checks.CodeIPv6Broken}, absent: []checks.Code{checks.CodeReachNone}},
		}},
		{name: "only a self-assigned address", stage: func(t *testing.T, l *netlab.Lab) {
			l.Client.IP(t, "addr", "flush", "dev", "eth0")
			l.Client.IP(t, "addr", "add", "169.254.10.2/16", "dev", "eth0")
		}, want: []want{
			{id: "local.interfaces", status: checks.StatusProblem, codes: []checks.Code{checks.CodeNoUsableAddress, checks.CodeAPIPA}, saw: "169.254.10.2"},
			// The IPv4 default route went with the address; the IPv6 one
			// stays, through a router that can no longer be reached.
			{id: "local.gateway", status: checks.StatusProblem, codes: []checks.Code{checks.CodeGatewayDown}},
		}},
		{name: "web ports blocked", stage: func(t *testing.T, l *netlab.Lab) { l.DropTCP(t, 80, 443) }, want: []want{
			{id: "reach", status: checks.StatusProblem, codes: []checks.Code{checks.CodeReachNone, checks.CodeFirewallBlocked}},
			{id: "local.gateway", status: checks.StatusOK, saw: "tcp/53"},
			{id: "dns.resolve", status: checks.StatusOK},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if netlab.IsChild(t) {
				netlab.Reply(t, runNetworkChecksHere())
				return
			}
			lab := netlab.New(t)
			lab.AddInternetHost(t, nsWeb)
			lab.AddInternetHost(t, nsReference)
			netlab.HTTP(t, lab.Router, netip.AddrPortFrom(nsWeb, 80), netlab.HTTPResponse{Status: 204})
			recs := map[string][]netip.Addr{}
			for n, a := range nsRecords {
				recs[n] = a
			}
			for n, a := range tc.records {
				recs[n] = a
			}
			netlab.Dnsmasq(t, lab.Router, netlab.DnsmasqOptions{Listen: nsReference, Records: recs})
			netlab.Dnsmasq(t, lab.Router, netlab.DnsmasqOptions{Mode: tc.mode, Records: recs})
			if tc.stage != nil {
				tc.stage(t, lab)
			}
			var rs checks.Results
			lab.Client.RunChild(t, &rs)
			for _, r := range rs {
				t.Logf("%s: %s %v in %v: %s %q", r.ID, r.Status, r.Codes, r.Took, r.Summary, r.Evidence)
			}
			for _, w := range tc.want {
				r, ok := rs.ByID(w.id)
				if !ok {
					t.Errorf("no result for %s", w.id)
					continue
				}
				all := r.Summary + "\n" + strings.Join(r.Evidence, "\n")
				if r.Status != w.status {
					t.Errorf("%s: status %s, want %s\n%s", w.id, r.Status, w.status, all)
				}
				for _, c := range w.codes {
					if !r.Has(c) {
						t.Errorf("%s: codes %v lack %s\n%s", w.id, r.Codes, c, all)
					}
				}
				for _, c := range w.absent {
					if r.Has(c) {
						t.Errorf("%s: codes %v have %s\n%s", w.id, r.Codes, c, all)
					}
				}
				if w.saw != "" && !strings.Contains(all, w.saw) {
					t.Errorf("%s: %q not in\n%s", w.id, w.saw, all)
				}
			}
		})
	}
}
