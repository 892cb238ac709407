package diagnosis_test

import (
	"slices"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/diagnosis"
	"gatewaydoctor/checks/web"
)

// withPrimary gives a target result the primary fetch the sentences read.
func withPrimary(r checks.Result, a checks.Attempt) checks.Result {
	r.HTTP = &checks.HTTPOutcome{Primary: a}
	return r
}

// reachIssuers is a reach result whose test sites are signed by issuers.
func reachIssuers(issuers ...string) checks.Result {
	r := res("reach", checks.CodeReachTLSUntrusted)
	r.Details = map[string]any{"tls_issuers": issuers}
	return r
}

// TestShapeRules holds the rules of issue 13 and their order against the
// existing ones: the verdict, the secondary findings, and the words the
// sentence must say.
func TestShapeRules(t *testing.T) {
	const av = "Example Antivirus Web Shield Root"
	intercepted := withPrimary(targetFails(checks.CodeTLSInvalid, checks.CodeTLSUntrustedIssuer), checks.Attempt{Failure: checks.CodeTLSInvalid, Issuer: av})
	nxProxy := targetFails(checks.CodeHTTP5xx, checks.CodeProducerUserSide, checks.CodeProxyMadeError, checks.CodeProxyReportsSite, checks.CodeNameNotFound, checks.CodeParentExists)
	nxProxy.Details = map[string]any{"name": "shop.example.com", "parent": "example.com"}
	hop502 := withPrimary(targetFails(checks.CodeHTTP5xx, checks.CodeProducerOrigin, checks.CodeRedirectHop), checks.Attempt{Status: 502,
		Hops: []checks.Hop{{URL: "https://shop.example/checkout", Status: 302}, {URL: "https://pay.example/session", Status: 502}}})
	blocked := withPrimary(targetFails(checks.CodeHTTPStatus, checks.CodeBlockedBySite, checks.CodeProducerEdge, checks.CodePinnedWorks),
		checks.Attempt{Status: 403, Block: "Cloudflare error 1020: access denied by the site's firewall rules", Producer: checks.Producer{Name: "cloudflare", Title: "Cloudflare"}})
	slow := withPrimary(res(web.TargetID, checks.CodeHTTPOK, checks.CodeTargetSlow), checks.Attempt{Status: 200})
	slow.Status = checks.StatusOK // a slow answer inside the budget is no problem
	for _, tc := range []struct {
		name          string
		rs            checks.Results
		want          checks.VerdictCode
		wantSecondary []checks.VerdictCode
		says          string
	}{
		{"the router down and a proxy configured: the router, closer than the proxy",
			checks.Results{targetFails(checks.CodeConnectFailed), res("local.gateway", checks.CodeGatewayDown), res("reach", checks.CodeReachNone),
				res("proxy.config", checks.CodeProxyConfigured), res("proxy.reach", checks.CodeProxyUnreachable)},
			checks.VerdictGatewayUnreachable, []checks.VerdictCode{checks.VerdictProxyUnreachable}, ""},
		{"443 blocked while port 80 of the test sites answers is a firewall, without a reference resolver",
			checks.Results{targetFails(checks.CodeConnectTimeout), res("reach", checks.CodeFirewallBlocked, checks.CodeWebPortBlocked)}, checks.VerdictFirewallBlocked, nil, ""},
		{"NXDOMAIN seen through a proxy: the name, not the proxy",
			checks.Results{nxProxy, res("dns.resolve", checks.CodeDNSAllFail)}, checks.VerdictNameNotFound, nil, "shop.example.com does not exist; example.com does"},
		{"NXDOMAIN everywhere without a parent is still name_not_found",
			checks.Results{targetFails(checks.CodeTargetNXDomain, checks.CodeNameNotFound), res("dns.resolve", checks.CodeDNSAllFail)}, checks.VerdictNameNotFound, nil, ""},
		{"NXDOMAIN on the system path only is the resolver's",
			checks.Results{targetFails(checks.CodeTargetNXDomain, checks.CodePinnedWorks), res("dns.resolve", checks.CodeDNSSystemFails)}, checks.VerdictDNSFailure, nil, ""},
		{"interception and a skewed clock: the clock first, interception stays secondary",
			checks.Results{intercepted, reachIssuers(av), res("clock", checks.CodeClockSkew)}, checks.VerdictClockSkew, []checks.VerdictCode{checks.VerdictTLSIntercepted, checks.VerdictTLSError}, ""},
		{"the site and the test sites re-signed by one untrusted issuer: tls_intercepted, naming it",
			checks.Results{intercepted, reachIssuers(av), res("clock")}, checks.VerdictTLSIntercepted, []checks.VerdictCode{checks.VerdictTLSError}, av},
		{"only the site's certificate is untrusted: tls_error",
			checks.Results{intercepted, res("reach"), res("clock")}, checks.VerdictTLSError, nil, ""},
		{"the test sites' issuer differs from the site's: tls_error",
			checks.Results{intercepted, reachIssuers("Another Root"), res("clock")}, checks.VerdictTLSError, nil, ""},
		{"the proxy relays the site's refusal, seen the same directly: website_down",
			checks.Results{targetFails(checks.CodeHTTP5xx, checks.CodeProducerUserSide, checks.CodeProxyMadeError, checks.CodeProxyReportsSite), res("reach", checks.CodeReachSome)},
			checks.VerdictWebsiteDown, nil, "target evidence"},
		{"the proxy relays a failure while nothing answers directly (the proxy is the only way out): local_proxy",
			checks.Results{targetFails(checks.CodeHTTP5xx, checks.CodeProducerUserSide, checks.CodeProxyMadeError, checks.CodeProxyReportsSite),
				res("reach", checks.CodeReachNone), res("proxy.config", checks.CodeProxyConfigured)},
			checks.VerdictLocalProxy, nil, ""},
		{"NXDOMAIN through a proxy in a proxy-only network is still the name",
			checks.Results{nxProxy, res("reach", checks.CodeReachNone), res("proxy.config", checks.CodeProxyConfigured)}, checks.VerdictNameNotFound, nil, ""},
		{"the proxy's error while direct works: local_proxy",
			checks.Results{targetFails(checks.CodeHTTP5xx, checks.CodeProducerUserSide, checks.CodeProxyMadeError, checks.CodeProxyPathFails)}, checks.VerdictLocalProxy, nil, ""},
		{"the proxy blocks by policy: local_proxy, and it says so",
			checks.Results{targetFails(checks.CodeHTTPStatus, checks.CodeProducerUserSide, checks.CodeProxyMadeError, checks.CodeProxyPolicyBlock, checks.CodeProxyPathFails)},
			checks.VerdictLocalProxy, nil, "Your organisation's proxy blocks this site"},
		{"a block page is never blamed on DNS, even with resolvers that disagree",
			checks.Results{blocked, res("dns.resolve", checks.CodeDNSMismatch), res("dns.hijack", checks.CodeNXDomainRedirect)}, checks.VerdictBlockedBySite, nil, "Cloudflare error 1020"},
		{"a redirect loop", checks.Results{targetFails(checks.CodeRedirectLoop, checks.CodeStillFailing)}, checks.VerdictRedirectLoop, nil, ""},
		{"a 502 behind a redirect names the hop", checks.Results{hop502}, checks.VerdictWebsiteOrigin, nil, "shop.example sends you to pay.example"},
		{"slow but working is ok", checks.Results{slow}, checks.VerdictOK, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := diagnosis.Diagnose(tc.rs)
			if v.Code != tc.want {
				t.Fatalf("verdict %s, want %s (secondary %v, evidence %q)", v.Code, tc.want, v.Secondary, v.Evidence)
			}
			if tc.wantSecondary != nil && !slices.Equal(v.Secondary, tc.wantSecondary) {
				t.Errorf("secondary %v, want %v", v.Secondary, tc.wantSecondary)
			}
			if !slices.Equal(v.Fixes, checks.Verdicts[tc.want].Fixes) {
				t.Errorf("fixes %v, want %v", v.Fixes, checks.Verdicts[tc.want].Fixes)
			}
			if tc.says != "" && !strings.Contains(v.Summary+"\n"+strings.Join(v.Evidence, "\n"), tc.says) {
				t.Errorf("neither the summary %q nor the evidence %q says %q", v.Summary, v.Evidence, tc.says)
			}
		})
	}
}
