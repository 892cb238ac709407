//go:build linux

package proxy

import (
	"bufio"
	"context"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/diagnosis"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/internal/netlab"
)

// nsDialer opens connections from inside a lab namespace: the sockets are
// made on a thread that entered it, and stay there.
type nsDialer struct{ ns *netlab.NS }

func (d nsDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var c net.Conn
	var derr error
	if err := netlab.InNamespace(d.ns, func() error {
		var nd net.Dialer
		c, derr = nd.DialContext(ctx, network, addr)
		return nil
	}); err != nil {
		return nil, err
	}
	return c, derr
}

// squidLab is the namespace world of the Squid tests: the user's Squid on
// the LAN (192.0.2.1:3128, and :3129 with basic auth), a dead website
// (198.51.100.1, nothing listens) and one that reads the request and hangs
// up without an answer (203.0.113.1:80).
type squidLab struct {
	*netlab.Lab
	open, auth *netlab.Squid
}

var squidHosts = map[string]netip.Addr{
	"dead.lab.test":   netip.MustParseAddr("198.51.100.1"),
	"hangup.lab.test": netip.MustParseAddr("203.0.113.1"),
}

func newSquidLab(t *testing.T) *squidLab {
	t.Helper()
	l := netlab.New(t) // skips unless root
	ln := netlab.ListenIn(t, l.Router, "203.0.113.1:80")
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			// Read the request first, so Squid sees an empty answer
			// (ERR_ZERO_SIZE_OBJECT) rather than a reset.
			go func() {
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					line, err := br.ReadString('\n')
					if err != nil || line == "\r\n" {
						return
					}
				}
			}()
		}
	}()
	open := netlab.StartSquid(t, l.Router, netlab.SquidOptions{Listen: netip.MustParseAddrPort("192.0.2.1:3128"), Hosts: squidHosts})
	auth := netlab.StartSquid(t, l.Router, netlab.SquidOptions{Listen: netip.MustParseAddrPort("192.0.2.1:3129"), Hosts: squidHosts, User: "lab", Password: "lab-secret"})
	var hosts strings.Builder
	for name, a := range squidHosts {
		hosts.WriteString(a.String() + " " + name + "\n")
	}
	l.WriteHosts("127.0.0.1 localhost\n" + hosts.String())
	return &squidLab{Lab: l, open: open, auth: auth}
}

// TestSquid: real Squid from Debian as the user's proxy. Its own error
// pages (dead upstream) and its 407 must be reported as the proxy's, with
// Squid named as a user-side producer.
func TestSquid(t *testing.T) {
	if netlab.IsChildProcess() {
		t.Skip("runs in the parent only")
	}
	sl := newSquidLab(t)
	withUser := *sl.auth.URL
	withUser.User = url.UserPassword("lab", "lab-secret")
	for _, tc := range []struct {
		name     string
		proxy    *url.URL
		target   string
		code     checks.Code
		status   int
		evidence string
	}{
		{"dead upstream, http", sl.open.URL, "http://dead.lab.test/", checks.CodeProxyMadeError, 503, "X-Squid-Error: ERR_CONNECT_FAIL"},
		{"dead upstream, CONNECT", sl.open.URL, "https://dead.lab.test/", checks.CodeProxyMadeError, 503, "X-Squid-Error: ERR_CONNECT_FAIL"},
		{"upstream hangs up", sl.open.URL, "http://hangup.lab.test/", checks.CodeProxyMadeError, 502, "X-Squid-Error: ERR_ZERO_SIZE_OBJECT"},
		{"407 without credentials", sl.auth.URL, "https://dead.lab.test/", checks.CodeProxyAuth, 407, `Proxy-Authenticate: Basic realm="lab proxy"`},
		{"credentials pass the 407", &withUser, "https://dead.lab.test/", checks.CodeProxyMadeError, 503, "ERR_CONNECT_FAIL"},
		{"no proxy listening", &url.URL{Scheme: "http", Host: "192.0.2.1:3999"}, "https://dead.lab.test/", checks.CodeProxyUnreachable, 0, "refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := &checks.Env{Target: mustURL(t, tc.target), Dialer: nsDialer{sl.Client}}
			Wire(env, manualTo(tc.proxy))
			r := runCheck(t, TestID, env)
			defer func() {
				if t.Failed() {
					t.Logf("squid output:\n%s", sl.open.Output())
				}
			}()
			if len(r.Codes) != 1 || r.Codes[0] != tc.code {
				t.Fatalf("codes %v (%s), want %s\n%s", r.Codes, r.Summary, tc.code, strings.Join(r.Evidence, "\n"))
			}
			if st, _ := r.Details["status"].(int); st != tc.status {
				t.Errorf("status %d, want %d", st, tc.status)
			}
			if !hasEvidence(r, tc.evidence) {
				t.Errorf("evidence lacks %q:\n%s", tc.evidence, strings.Join(r.Evidence, "\n"))
			}
			if tc.code == checks.CodeProxyMadeError {
				prod, _ := r.Details["producer"].(checks.Producer)
				if prod.Name != "squid" || prod.Role != checks.RoleUserProxy {
					t.Errorf("producer %+v, want squid as %s", prod, checks.RoleUserProxy)
				}
				if !strings.Contains(r.Summary, tc.proxy.Host) {
					t.Errorf("summary %q does not name the proxy %s", r.Summary, tc.proxy.Host)
				}
			}
			if tc.code == checks.CodeProxyAuth {
				if s, _ := r.Details["auth_schemes"].([]string); len(s) != 1 || s[0] != "Basic" {
					t.Errorf("auth schemes %v, want [Basic]", r.Details["auth_schemes"])
				}
			}
		})
	}
}

// squidVerdict is what the child run of TestSquidEngine reports.
type squidVerdict struct {
	Verdict checks.VerdictCode
	Side    checks.Side
	Codes   map[string][]checks.Code
}

// TestSquidEngine runs the engine (the target check, the proxy checks and
// the diagnosis) inside the client namespace, with Squid as the user's
// proxy: its 407 is the proxy's; its 502 for a site that hangs up on
// everyone, the direct path included, only reports the site's failure
// (DESIGN.md, "A finding holds only with evidence of its own").
func TestSquidEngine(t *testing.T) {
	var sl *squidLab
	if !netlab.IsChildProcess() {
		sl = newSquidLab(t)
	}
	for _, tc := range []struct {
		name   string
		proxy  func() string
		target string
		want   checks.VerdictCode
		side   checks.Side
	}{
		{"squid's 502 for a site that hangs up on everyone", func() string { return sl.open.URL.String() }, "http://hangup.lab.test/", checks.VerdictWebsiteDown, checks.SideWebsite},
		{"squid's 407", func() string { return sl.auth.URL.String() }, "http://hangup.lab.test/", checks.VerdictProxyAuthRequired, checks.SideProxy},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if netlab.IsChild(t) {
				squidEngineChild(t)
				return
			}
			t.Parallel()
			var got squidVerdict
			sl.Client.RunChild(t, &got, "SQUID_TARGET="+tc.target, "SQUID_PROXY="+tc.proxy())
			if got.Verdict != tc.want || got.Side != tc.side {
				t.Errorf("verdict %s (side %s), want %s (side %s); findings %v", got.Verdict, got.Side, tc.want, tc.side, got.Codes)
			}
		})
	}
}

// squidEngineChild is the engine's run inside the client namespace, with
// the OS's own resolver (the lab's /etc/hosts) and dialer.
func squidEngineChild(t *testing.T) {
	target := mustURL(t, os.Getenv("SQUID_TARGET"))
	env := &checks.Env{Target: target}
	Wire(env, manualTo(mustURL(t, os.Getenv("SQUID_PROXY"))))
	run := checks.Runner{Checks: []checks.Check{web.TargetCheck(), ConfigCheck(), TestCheck()}}
	rs := run.Run(context.Background(), env)
	v := diagnosis.Diagnose(rs)
	out := squidVerdict{Verdict: v.Code, Side: v.Side, Codes: map[string][]checks.Code{}}
	for _, r := range rs {
		out.Codes[r.ID] = r.Codes
	}
	netlab.Reply(t, out)
}
