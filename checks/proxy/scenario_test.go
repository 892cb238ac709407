package proxy

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/diagnosis"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/internal/lab"
)

// TestScenarios runs the target check and the proxy checks together in the
// loopback lab and asks the diagnosis whose problem it is: the proxy's
// verdicts must name the proxy, not the website.
func TestScenarios(t *testing.T) {
	for _, tc := range []struct {
		name  string
		mode  lab.ProxyMode
		dead  bool // the proxy's port is closed
		want  checks.VerdictCode
		codes []checks.Code // findings of the proxy checks
	}{
		{"a proxy 502 while the site works blames the proxy", lab.Proxy502, false, checks.VerdictLocalProxy, []checks.Code{checks.CodeProxyConfigured, checks.CodeProxyMadeError}},
		{"a 407 asks for the proxy's password", lab.ProxyAuth, false, checks.VerdictProxyAuthRequired, []checks.Code{checks.CodeProxyConfigured, checks.CodeProxyAuth}},
		{"a dead proxy is unreachable", lab.ProxyForward, true, checks.VerdictProxyUnreachable, []checks.Code{checks.CodeProxyConfigured, checks.CodeProxyUnreachable}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l := lab.New(t)
			site := lab.NewSite(t)
			target := l.AddSite(t, "shop.lab.test", site, "/")
			p := lab.NewProxy(t, tc.mode, l.System.Resolver())
			pu := p.ProxyURL()
			if tc.dead {
				pu = &url.URL{Scheme: "http", Host: closedAddr(t)}
			}
			env := l.Env(target)
			Wire(env, manualTo(pu))
			run := checks.Runner{Checks: []checks.Check{web.TargetCheck(), ConfigCheck(), TestCheck()}}
			rs := run.Run(context.Background(), env)
			v := diagnosis.Diagnose(rs)
			if v.Code != tc.want {
				var lines []string
				for _, r := range rs {
					lines = append(lines, r.ID+" "+string(r.Status)+" "+strings.Join(codeStrings(r.Codes), ",")+": "+r.Summary)
				}
				t.Fatalf("verdict %s, want %s\n%s", v.Code, tc.want, strings.Join(lines, "\n"))
			}
			var got []checks.Code
			for _, id := range []string{ConfigID, TestID} {
				r, _ := rs.ByID(id)
				got = append(got, r.Codes...)
			}
			if strings.Join(codeStrings(got), ",") != strings.Join(codeStrings(tc.codes), ",") {
				t.Errorf("proxy findings %v, want %v", got, tc.codes)
			}
		})
	}
}
