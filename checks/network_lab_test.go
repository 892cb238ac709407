package checks_test

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/proxy"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/internal/lab"
)

// netLab is a healthy loopback lab with a working target site.
func netLab(t testing.TB) (*lab.Lab, *checks.Env) {
	t.Helper()
	l := lab.New(t)
	target := l.AddSite(t, "shop.lab.test", lab.NewSite(t), "/")
	env := l.Env(target)
	if env.GatewayProbe == nil {
		t.Fatal("the lab's Env must fake the gateway probe: its gateway is TEST-NET and never probed on the wire")
	}
	return l, env
}

// runNet runs one network check by ID on env.
func runNet(t testing.TB, env *checks.Env, id string) checks.Result {
	t.Helper()
	for _, c := range networkChecks() {
		if c.ID() == id {
			r := (&checks.Runner{Checks: []checks.Check{c}}).Run(context.Background(), env)
			return r[0]
		}
	}
	t.Fatalf("no network check %q", id)
	return checks.Result{}
}

func TestNetworkChecksHaveUniqueIDs(t *testing.T) {
	want := []string{"dns.system", "dns.resolve", "dns.latency", "dns.hijack", "dns.hosts", "captive", "reach",
		"local.interfaces", "local.gateway", "clock", "system", "system.browsers"}
	var got []string
	for _, c := range networkChecks() {
		got = append(got, c.ID())
		if c.Timeout() <= 0 || c.Timeout() > checks.DefaultBudget {
			t.Errorf("%s: timeout %v outside the run's budget", c.ID(), c.Timeout())
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("IDs = %v, want %v", got, want)
	}
}

// TestDNSLabScenarios stages each network finding in the loopback lab and
// checks the code that the diagnosis reads.
func TestDNSLabScenarios(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stage  func(t *testing.T, l *lab.Lab, env *checks.Env)
		check  string
		status checks.Status
		codes  []checks.Code // each must be present
		absent []checks.Code // each must be absent
	}{
		{"healthy system resolver", nil, "dns.resolve", checks.StatusOK, nil, []checks.Code{checks.CodeDNSSystemFails}},
		{"system resolver SERVFAILs the site where references answer (dns_failure)",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.System.SetNameMode("shop.lab.test", lab.ServFail) },
			"dns.resolve", checks.StatusProblem, []checks.Code{checks.CodeDNSSystemFails}, nil},
		{"system resolver says NXDOMAIN where references answer (dns_failure)",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.System.SetNameMode("shop.lab.test", lab.NXDomain) },
			"dns.resolve", checks.StatusProblem, []checks.Code{checks.CodeDNSSystemFails}, nil},
		{"nobody resolves the site",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) {
				l.System.SetNameMode("shop.lab.test", lab.NXDomain)
				l.Reference.SetNameMode("shop.lab.test", lab.NXDomain)
			},
			"dns.resolve", checks.StatusProblem, []checks.Code{checks.CodeDNSAllFail}, []checks.Code{checks.CodeDNSSystemFails}},
		{"references silent, system answers",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.Reference.SetMode(lab.Silent) },
			"dns.resolve", checks.StatusOK, []checks.Code{checks.CodeDNSReferenceFails}, nil},
		{"system points the site at 0.0.0.0 (a blocking resolver)",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) {
				l.System.Set("shop.lab.test", netip.MustParseAddr("0.0.0.0"))
				l.Reference.Set("shop.lab.test", netip.MustParseAddr("203.0.113.7"))
			},
			"dns.resolve", checks.StatusProblem, []checks.Code{checks.CodeDNSMismatch}, nil},
		{"honest NXDOMAIN", nil, "dns.hijack", checks.StatusOK, nil, []checks.Code{checks.CodeNXDomainRedirect}},
		{"system resolver redirects NXDOMAIN (dns_hijack)",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.System.SetMode(lab.Lie) },
			"dns.hijack", checks.StatusProblem, []checks.Code{checks.CodeNXDomainRedirect}, nil},
		{"system resolver silent: no answer, not a hijack",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.System.SetMode(lab.Silent) },
			"dns.hijack", checks.StatusProblem, []checks.Code{checks.CodeDNSNoAnswer}, []checks.Code{checks.CodeNXDomainRedirect}},
		{"a wildcard zone is inconclusive, not a hijack",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.System.SetMode(lab.Lie); l.Reference.SetMode(lab.Lie) },
			"dns.hijack", checks.StatusSkipped, nil, []checks.Code{checks.CodeNXDomainRedirect}},
		{"fast resolver", nil, "dns.latency", checks.StatusOK, nil, []checks.Code{checks.CodeDNSSlow}},
		{"slow resolver (410 ms)",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.System.SetDelay(410 * time.Millisecond) },
			"dns.latency", checks.StatusProblem, []checks.Code{checks.CodeDNSSlow}, []checks.Code{checks.CodeDNSVerySlow}},
		{"very slow resolver (600 ms)",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.System.SetDelay(600 * time.Millisecond) },
			"dns.latency", checks.StatusProblem, []checks.Code{checks.CodeDNSSlow, checks.CodeDNSVerySlow}, nil},
		{"silent resolver",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.System.SetMode(lab.Silent) },
			"dns.latency", checks.StatusProblem, []checks.Code{checks.CodeDNSNoAnswer}, nil},
		{"no latency domain", func(_ *testing.T, _ *lab.Lab, env *checks.Env) { env.LatencyDomain = "" },
			"dns.latency", checks.StatusSkipped, nil, nil},
		{"resolvers from env", nil, "dns.system", checks.StatusOK, nil, nil},
		{"hosts file without the site", nil, "dns.hosts", checks.StatusOK, nil, []checks.Code{checks.CodeHostsOverride}},
		{"hosts file pins the site (hosts_override)",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) {
				l.WriteHosts("127.0.0.1 localhost\n# comment\n203.0.113.9\tother.lab.test SHOP.lab.test. # pinned\n")
			},
			"dns.hosts", checks.StatusProblem, []checks.Code{checks.CodeHostsOverride}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, env := netLab(t)
			if tc.stage != nil {
				tc.stage(t, l, env)
			}
			r := runNet(t, env, tc.check)
			assertNet(t, r, tc.status, tc.codes, tc.absent)
		})
	}
}

func assertNet(t *testing.T, r checks.Result, status checks.Status, codes, absent []checks.Code) {
	t.Helper()
	if r.Status != status {
		t.Errorf("%s: status %s, want %s: %s %v", r.ID, r.Status, status, r.Summary, r.Evidence)
	}
	for _, c := range codes {
		if !r.Has(c) {
			t.Errorf("%s: codes %v lack %s: %s %v", r.ID, r.Codes, c, r.Summary, r.Evidence)
		}
	}
	for _, c := range absent {
		if r.Has(c) {
			t.Errorf("%s: codes %v have %s: %s", r.ID, r.Codes, c, r.Summary)
		}
	}
	if r.Summary == "" {
		t.Errorf("%s: empty summary", r.ID)
	}
}

func TestDNSHijackEvidenceNamesTheRedirect(t *testing.T) {
	l, env := netLab(t)
	l.System.SetMode(lab.Lie).SetLieAddr(netip.MustParseAddr("203.0.113.80"))
	r := runNet(t, env, "dns.hijack")
	if !strings.Contains(r.Summary, "203.0.113.80") {
		t.Errorf("summary %q does not name the redirect address", r.Summary)
	}
}

func TestHostsBlockedVersusPinned(t *testing.T) {
	l, env := netLab(t)
	l.WriteHosts("0.0.0.0 shop.lab.test\n")
	r := runNet(t, env, "dns.hosts")
	if r.Details["blocked"] != true || !strings.Contains(r.Summary, "blocks") {
		t.Errorf("0.0.0.0 entry: %v %q", r.Details, r.Summary)
	}
}

// TestCaptiveLabScenarios stages portals: a redirect, a sign-in page in
// place of the expected answer, a 511, and nothing answering.
func TestCaptiveLabScenarios(t *testing.T) {
	for _, tc := range []struct {
		name     string
		resp     *lab.Response
		down     bool
		probe    checks.Probe // zero: the lab's 204 probe
		status   checks.Status
		codes    []checks.Code
		portal   string
		absent   []checks.Code
		wantHits bool
	}{
		{name: "expected 204", status: checks.StatusOK, absent: []checks.Code{checks.CodeCaptivePortal}},
		{name: "redirect to the portal (captive_portal)", resp: &lab.Response{Status: 302, Header: http.Header{"Location": {"http://portal.lab.test/login?orig=x"}}},
			status: checks.StatusProblem, codes: []checks.Code{checks.CodeCaptivePortal}, portal: "http://portal.lab.test/login?orig=x"},
		{name: "relative redirect made absolute", resp: &lab.Response{Status: 307, Header: http.Header{"Location": {"/splash"}}},
			status: checks.StatusProblem, codes: []checks.Code{checks.CodeCaptivePortal}, portal: "/splash"},
		{name: "sign-in page instead of 204", resp: &lab.Response{Status: 200, Body: "<html>Please sign in</html>"},
			status: checks.StatusProblem, codes: []checks.Code{checks.CodeCaptivePortal}},
		{name: "511 network authentication required", resp: &lab.Response{Status: 511},
			status: checks.StatusProblem, codes: []checks.Code{checks.CodeCaptivePortal}},
		{name: "apple-style body matches", resp: &lab.Response{Status: 200, Body: "<HTML><BODY>Success</BODY></HTML>"}, probe: checks.Probe{Body: "Success"},
			status: checks.StatusOK, absent: []checks.Code{checks.CodeCaptivePortal}},
		{name: "apple-style body differs", resp: &lab.Response{Status: 200, Body: "<HTML>Hotel WiFi</HTML>"}, probe: checks.Probe{Body: "Success"},
			status: checks.StatusProblem, codes: []checks.Code{checks.CodeCaptivePortal}},
		{name: "nothing answers", down: true, status: checks.StatusProblem, codes: []checks.Code{checks.CodeCaptiveUnreachable}, absent: []checks.Code{checks.CodeCaptivePortal}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, env := netLab(t)
			if tc.resp != nil {
				l.Captive.Answer(*tc.resp)
			}
			if tc.probe.Body != "" {
				env.CaptiveProbes = []checks.Probe{{URL: l.Captive.URLFor("captive.lab.test", "/hotspot-detect.html"), Body: tc.probe.Body}}
			}
			if tc.down {
				env.CaptiveProbes = []checks.Probe{{URL: "http://captive.lab.test:" + strconv.Itoa(int(lab.ClosedPort(t).Port())) + "/generate_204", Status: 204}}
			}
			r := runNet(t, env, "captive")
			assertNet(t, r, tc.status, tc.codes, tc.absent)
			if tc.portal != "" {
				got, _ := r.Details["portal_url"].(string)
				if !strings.HasSuffix(got, tc.portal) || !strings.HasPrefix(got, "http://") {
					t.Errorf("portal_url = %q, want (absolute) %q", got, tc.portal)
				}
			}
		})
	}
}

func TestCaptiveProbeIgnoresProxyAndRedirects(t *testing.T) {
	l, env := netLab(t)
	l.Captive.Answer(lab.Response{Status: 302, Header: http.Header{"Location": {l.Reach.URLFor("reach.lab.test", "/generate_204")}}})
	env.Proxy = func(*url.URL) (*url.URL, error) { return url.Parse("http://127.0.0.1:1") }
	r := runNet(t, env, "captive")
	if !r.Has(checks.CodeCaptivePortal) {
		t.Fatalf("redirect to a page that would answer 204 must still be a portal: %v", r.Evidence)
	}
	if l.Reach.Hits() != 0 {
		t.Errorf("the redirect was followed (%d hits)", l.Reach.Hits())
	}
}

// TestReachLabScenarios stages reachability failures.
func TestReachLabScenarios(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stage  func(t *testing.T, l *lab.Lab, env *checks.Env)
		status checks.Status
		codes  []checks.Code
		absent []checks.Code
	}{
		{"every host answers", nil, checks.StatusOK, nil, []checks.Code{checks.CodeReachNone, checks.CodeFirewallBlocked}},
		{"names resolve, ports refused (firewall_blocked)",
			func(t *testing.T, l *lab.Lab, env *checks.Env) {
				p := strconv.Itoa(int(lab.ClosedPort(t).Port()))
				env.Reachability = []string{"http://reach.lab.test:" + p + "/a", "https://reach.lab.test:" + p + "/b"}
			},
			checks.StatusProblem, []checks.Code{checks.CodeReachNone, checks.CodeFirewallBlocked}, []checks.Code{checks.CodeReachNamesFail}},
		{"ports closed but a proxy is the way out: not a firewall verdict",
			func(t *testing.T, l *lab.Lab, env *checks.Env) {
				env.Reachability = []string{"http://reach.lab.test:" + strconv.Itoa(int(lab.ClosedPort(t).Port())) + "/"}
				env.Proxy = func(*url.URL) (*url.URL, error) { return url.Parse("http://proxy.lab.test:3128") }
			},
			checks.StatusProblem, []checks.Code{checks.CodeReachNone}, []checks.Code{checks.CodeFirewallBlocked}},
		{"names do not resolve (no internet or DNS down)",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.System.SetMode(lab.Silent) },
			checks.StatusProblem, []checks.Code{checks.CodeReachNone, checks.CodeReachNamesFail}, []checks.Code{checks.CodeFirewallBlocked}},
		{"one of two hosts down",
			func(t *testing.T, l *lab.Lab, env *checks.Env) {
				env.Reachability = append(env.Reachability, "http://reach.lab.test:"+strconv.Itoa(int(lab.ClosedPort(t).Port()))+"/")
			},
			checks.StatusProblem, []checks.Code{checks.CodeReachSome}, []checks.Code{checks.CodeReachNone}},
		{"IPv6 fails where IPv4 works",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) {
				l.System.Set("reach.lab.test", lab.Loopback, netip.MustParseAddr("::1"))
			},
			checks.StatusProblem, []checks.Code{checks.CodeIPv6Broken}, []checks.Code{checks.CodeReachNone}},
		{"slow answers (600 ms)",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.Reach.Delay(600 * time.Millisecond) },
			checks.StatusProblem, []checks.Code{checks.CodeHTTPSSlow}, []checks.Code{checks.CodeHTTPSVerySlow}},
		{"very slow answers (1100 ms)",
			func(_ *testing.T, l *lab.Lab, _ *checks.Env) { l.Reach.Delay(1100 * time.Millisecond) },
			checks.StatusProblem, []checks.Code{checks.CodeHTTPSSlow, checks.CodeHTTPSVerySlow}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, env := netLab(t)
			if tc.stage != nil {
				tc.stage(t, l, env)
			}
			r := runNet(t, env, "reach")
			assertNet(t, r, tc.status, tc.codes, tc.absent)
		})
	}
}

func TestReachRecordsDates(t *testing.T) {
	_, env := netLab(t)
	r := runNet(t, env, "reach")
	dates, _ := r.Details["dates"].([]map[string]any)
	if len(dates) == 0 {
		t.Fatalf("no Date headers recorded: %v", r.Details)
	}
}

// TestClockLabScenarios moves the local clock against the lab's servers.
func TestClockLabScenarios(t *testing.T) {
	for _, tc := range []struct {
		name   string
		offset time.Duration
		status checks.Status
		skew   bool
	}{
		{"right clock", 0, checks.StatusOK, false},
		{"four minutes off is tolerated", 4 * time.Minute, checks.StatusOK, false},
		{"two hours behind (clock_skew)", -2 * time.Hour, checks.StatusProblem, true},
		{"a year ahead (clock_skew)", 365 * 24 * time.Hour, checks.StatusProblem, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, env := netLab(t)
			env.Now = func() time.Time { return time.Now().Add(tc.offset) }
			r := runNet(t, env, "clock")
			if r.Status != tc.status || r.Has(checks.CodeClockSkew) != tc.skew {
				t.Errorf("status %s codes %v: %s %v", r.Status, r.Codes, r.Summary, r.Evidence)
			}
		})
	}
}

func TestClockWithoutAnswersIsSkipped(t *testing.T) {
	_, env := netLab(t)
	p := strconv.Itoa(int(lab.ClosedPort(t).Port()))
	env.Reachability = []string{"http://reach.lab.test:" + p + "/"}
	env.CaptiveProbes = nil
	if r := runNet(t, env, "clock"); r.Status != checks.StatusSkipped || r.Reason == "" {
		t.Errorf("no server answered: %s %q", r.Status, r.Reason)
	}
}

// TestLocalLabScenarios fakes interfaces and gateways.
func TestLocalLabScenarios(t *testing.T) {
	apipa := []checks.Interface{
		{Index: 1, Name: "lo", Up: true, Addrs: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/8"), netip.MustParsePrefix("::1/128")}},
		{Index: 2, Name: "Wi-Fi", Up: true, Addrs: []netip.Prefix{netip.MustParsePrefix("169.254.12.7/16"), netip.MustParsePrefix("fe80::1/64")}},
	}
	down := []checks.Interface{
		{Index: 1, Name: "lo", Up: true, Addrs: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/8")}},
		{Index: 2, Name: "eth0", Up: false, Addrs: []netip.Prefix{netip.MustParsePrefix("192.0.2.2/24")}},
	}
	v6only := []checks.Interface{{Index: 2, Name: "eth0", Up: true, Addrs: []netip.Prefix{netip.MustParsePrefix("2001:db8::2/64")}}}
	for _, tc := range []struct {
		name   string
		ifaces []checks.Interface
		gws    []netip.Addr
		probe  func(context.Context, netip.Addr) (string, error)
		down   bool // the lab's fake gateway ignores probes
		check  string
		status checks.Status
		codes  []checks.Code
	}{
		{"connected", nil, nil, nil, false, "local.interfaces", checks.StatusOK, nil},
		{"IPv6-only is usable", v6only, nil, nil, false, "local.interfaces", checks.StatusOK, nil},
		{"only a self-assigned address (no_network)", apipa, nil, nil, false, "local.interfaces", checks.StatusProblem, []checks.Code{checks.CodeNoUsableAddress, checks.CodeAPIPA}},
		{"adapter down (no_network)", down, nil, nil, false, "local.interfaces", checks.StatusProblem, []checks.Code{checks.CodeNoUsableAddress}},
		{"router answers", nil, nil, nil, false, "local.gateway", checks.StatusOK, nil},
		{"router silent (gateway_unreachable)", nil, nil,
			func(context.Context, netip.Addr) (string, error) { return "icmp+tcp/53", errors.New("no answer") }, false,
			"local.gateway", checks.StatusProblem, []checks.Code{checks.CodeGatewayDown}},
		{"router silent, staged by the lab", nil, nil, nil, true, "local.gateway", checks.StatusProblem, []checks.Code{checks.CodeGatewayDown}},
		{"no default route", nil, []netip.Addr{}, nil, false, "local.gateway", checks.StatusProblem, []checks.Code{checks.CodeNoDefaultRoute}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, env := netLab(t)
			if tc.ifaces != nil {
				l.Local.Ifaces = tc.ifaces
			}
			if tc.gws != nil {
				l.Local.Gateways = tc.gws
			}
			if tc.probe != nil {
				env.GatewayProbe = tc.probe
			}
			l.Local.GatewayDown = tc.down
			r := runNet(t, env, tc.check)
			assertNet(t, r, tc.status, tc.codes, nil)
		})
	}
}

// TestLocalGatewayRealProbeOnLoopback runs the real unprivileged probe
// against 127.0.0.1, where nothing listens on 53/80/443 or something does:
// either way the host answers (a TCP RST is an answer), and the evidence
// names the probe.
func TestLocalGatewayRealProbeOnLoopback(t *testing.T) {
	l, env := netLab(t)
	env.GatewayProbe = nil
	l.Local.Gateways = []netip.Addr{lab.Loopback}
	r := runNet(t, env, "local.gateway")
	if r.Status != checks.StatusOK || len(r.Evidence) == 0 {
		t.Fatalf("loopback gateway: %s %v %v", r.Status, r.Codes, r.Evidence)
	}
	if !strings.Contains(r.Evidence[0], "icmp") && !strings.Contains(r.Evidence[0], "tcp/") && !strings.Contains(r.Evidence[0], "dns") {
		t.Errorf("evidence does not say which probe answered: %q", r.Evidence[0])
	}
}

// TestNoInternetShape is the shape the diagnosis calls no_internet: the
// router answers, nothing beyond it does (names do not even resolve).
func TestNoInternetShape(t *testing.T) {
	l, env := netLab(t)
	l.System.SetMode(lab.Silent)
	l.Reference.SetMode(lab.Silent)
	l.Captive.Answer(lab.Response{Status: 204})
	rs := (&checks.Runner{Checks: networkChecks()}).Run(context.Background(), env)
	gw, _ := rs.ByID("local.gateway")
	reach, _ := rs.ByID("reach")
	if gw.Status != checks.StatusOK || !reach.Has(checks.CodeReachNone) || reach.Has(checks.CodeFirewallBlocked) {
		t.Errorf("gateway %s, reach %v", gw.Status, reach.Codes)
	}
}

// BenchmarkNetworkChecks runs every network check at once on a healthy
// loopback lab under the runner's 6 s budget.
func BenchmarkNetworkChecks(b *testing.B) {
	_, env := netLab(b)
	var worst time.Duration
	for b.Loop() {
		start := time.Now()
		rs := (&checks.Runner{Checks: networkChecks()}).Run(context.Background(), env)
		if d := time.Since(start); d > worst {
			worst = d
		}
		for _, r := range rs {
			if r.Status == checks.StatusError {
				b.Fatalf("%s errored: %s", r.ID, r.Reason)
			}
		}
	}
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
}

// BenchmarkNetworkChecksWorstCase runs every network check at once when
// everything hangs: both resolvers silent, the probe hosts accept
// connections and never answer, the gateway never answers. Every check must
// still return its own result (no "did not finish in time") inside the
// runner's 6 s budget.
func BenchmarkNetworkChecksWorstCase(b *testing.B) {
	l, env := netLab(b)
	l.System.SetMode(lab.Silent)
	l.Reference.SetMode(lab.Silent)
	hole := lab.BlackHole(b)
	env.Reachability = []string{"http://" + hole.String() + "/", "https://" + hole.String() + "/"}
	env.CaptiveProbes = []checks.Probe{{URL: "http://" + hole.String() + "/generate_204", Status: 204}}
	env.GatewayProbe = func(ctx context.Context, _ netip.Addr) (string, error) {
		<-ctx.Done()
		return "fake", ctx.Err()
	}
	var worst time.Duration
	for b.Loop() {
		start := time.Now()
		rs := (&checks.Runner{Checks: networkChecks()}).Run(context.Background(), env)
		if d := time.Since(start); d > worst {
			worst = d
		}
		for _, r := range rs {
			if r.Status == checks.StatusError {
				b.Fatalf("%s did not return its own result: %s", r.ID, r.Reason)
			}
		}
	}
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
}

// networkChecks is every check of the user's side of the connection (DNS,
// hosts file, captive portal, reachability, local network, clock, system
// facts): the full list without the target fetch and the proxy checks.
func networkChecks() []checks.Check {
	var out []checks.Check
	for _, c := range engine.Checks() {
		switch c.ID() {
		case web.TargetID, proxy.ConfigID, proxy.TestID:
			continue
		}
		out = append(out, c)
	}
	return out
}
