package diagnosis_test

import (
	"slices"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/diagnosis"
	"gatewaydoctor/checks/web"
)

// res builds a result carrying codes; a result with codes is a problem.
func res(id string, codes ...checks.Code) checks.Result {
	st := checks.StatusOK
	if len(codes) > 0 {
		st = checks.StatusProblem
	}
	return checks.Result{ID: id, Status: st, Codes: codes, Summary: id + " summary", Evidence: []string{id + " evidence"}}
}

func targetOK() checks.Result {
	r := res(web.TargetID, checks.CodeHTTPOK)
	r.Status = checks.StatusOK
	return r
}

func targetFails(codes ...checks.Code) checks.Result {
	r := res(web.TargetID, codes...)
	r.Status = checks.StatusProblem
	return r
}

func TestDiagnoseRules(t *testing.T) {
	cf502 := targetFails(checks.CodeHTTP5xx, checks.CodeProducerOrigin, checks.CodeStillFailing)
	refused := targetFails(checks.CodeConnectRefused, checks.CodeStillFailing)
	for _, tc := range []struct {
		name          string
		rs            checks.Results
		want          checks.VerdictCode
		wantSecondary []checks.VerdictCode
	}{
		{"no usable address beats everything", checks.Results{refused, res("local.interfaces", checks.CodeNoUsableAddress), res("reach", checks.CodeReachNone)},
			checks.VerdictNoNetwork, []checks.VerdictCode{}},
		// "Also seen: your router answers, but nothing beyond it" must not
		// follow a verdict that says there is no router, or a silent one.
		{"no router: not also 'the router answers'", checks.Results{refused, res("local.gateway", checks.CodeNoDefaultRoute), res("reach", checks.CodeReachNone)},
			checks.VerdictNoNetwork, []checks.VerdictCode{}},
		{"a hosts-file pin is the computer's", checks.Results{refused, res("dns.hosts", checks.CodeHostsOverride)}, checks.VerdictHostsOverride, nil},
		{"a wrong clock explains a certificate failure", checks.Results{targetFails(checks.CodeTLSInvalid), res("clock", checks.CodeClockSkew)}, checks.VerdictClockSkew, []checks.VerdictCode{checks.VerdictTLSError}},
		{"a certificate failure with the right clock is the site's", checks.Results{targetFails(checks.CodeTLSInvalid), res("clock")}, checks.VerdictTLSError, nil},
		{"web ports blocked everywhere while a reference resolver answers", checks.Results{targetFails(checks.CodeConnectTimeout), res("reach", checks.CodeFirewallBlocked, checks.CodeReachNone), res("dns.resolve", checks.CodeBeyondAnswers)}, checks.VerdictFirewallBlocked, []checks.VerdictCode{checks.VerdictNoInternet}},
		{"web ports fail and nothing beyond the router answers: not a firewall", checks.Results{targetFails(checks.CodeConnectTimeout), res("local.gateway"), res("reach", checks.CodeFirewallBlocked, checks.CodeReachNone), res("dns.resolve", checks.CodeDNSReferenceFails)}, checks.VerdictNoInternet, nil},
		{"web ports fail and the router is silent: the router", checks.Results{targetFails(checks.CodeConnectTimeout), res("local.gateway", checks.CodeGatewayDown), res("reach", checks.CodeFirewallBlocked, checks.CodeReachNone)}, checks.VerdictGatewayUnreachable, []checks.VerdictCode{}},
		{"a sign-in page explains ports closed like a firewall's", checks.Results{targetFails(checks.CodeConnectRefused), res("captive", checks.CodeCaptivePortal), res("reach", checks.CodeFirewallBlocked, checks.CodeWebPortBlocked)}, checks.VerdictCaptivePortal, nil},
		{"a sign-in page", checks.Results{targetFails(checks.CodeHTTPStatus), res("captive", checks.CodeCaptivePortal)}, checks.VerdictCaptivePortal, nil},
		{"the router does not answer", checks.Results{refused, res("local.gateway", checks.CodeGatewayDown), res("reach", checks.CodeReachNone)}, checks.VerdictGatewayUnreachable, []checks.VerdictCode{}},
		{"the router ignores its probe but every test site answers: not the router", checks.Results{refused, res("local.gateway", checks.CodeGatewayDown), res("reach")}, checks.VerdictWebsiteDown, []checks.VerdictCode{}},
		{"the router answers, nothing beyond", checks.Results{targetFails(checks.CodeConnectTimeout), res("local.gateway"), res("reach", checks.CodeReachNone)}, checks.VerdictNoInternet, nil},
		{"NXDOMAIN redirect", checks.Results{targetFails(checks.CodeConnectTimeout), res("dns.hijack", checks.CodeNXDomainRedirect)}, checks.VerdictDNSHijack, nil},
		{"system DNS fails, references answer", checks.Results{targetFails(checks.CodeTargetDNSError, checks.CodePinnedWorks), res("dns.resolve", checks.CodeDNSSystemFails)}, checks.VerdictDNSFailure, nil},
		{"a 407", checks.Results{targetFails(checks.CodeProxyAuth), res("proxy.test", checks.CodeProxyAuth)}, checks.VerdictProxyAuthRequired, nil},
		{"an unreachable PAC file", checks.Results{refused, res("proxy.config", checks.CodePACUnreachable)}, checks.VerdictProxyUnreachable, nil},
		{"the proxy's own 502", checks.Results{targetFails(checks.CodeHTTP5xx, checks.CodeProducerUserSide, checks.CodeProxyMadeError)}, checks.VerdictLocalProxy, nil},
		{"recovered on retest", checks.Results{res(web.TargetID, checks.CodeHTTP5xx, checks.CodeRecovered)}, checks.VerdictIntermittent, nil},
		{"edge failure", checks.Results{targetFails(checks.CodeHTTP5xx, checks.CodeProducerEdge)}, checks.VerdictWebsiteEdge, nil},
		{"a refused site while the internet works", checks.Results{refused, res("reach", checks.CodeReachSome)}, checks.VerdictWebsiteDown, nil},
		// DESIGN.md: a verdict never sends the user to change DNS when the
		// evidence points at the website.
		{"a CDN's origin 502 is never blamed on a lying resolver", checks.Results{cf502, res("dns.hijack", checks.CodeNXDomainRedirect), res("dns.resolve", checks.CodeDNSSystemFails)}, checks.VerdictWebsiteOrigin, nil},
		{"a working site is ok even with other findings", checks.Results{targetOK(), res("dns.hijack", checks.CodeNXDomainRedirect)}, checks.VerdictOK, []checks.VerdictCode{checks.VerdictDNSHijack}},
		{"no target check: the other findings decide", checks.Results{res("captive", checks.CodeCaptivePortal)}, checks.VerdictCaptivePortal, nil},
		{"no target check and nothing found is ok", checks.Results{res("captive")}, checks.VerdictOK, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := diagnosis.Diagnose(tc.rs)
			if v.Code != tc.want {
				t.Fatalf("verdict %s, want %s (secondary %v)", v.Code, tc.want, v.Secondary)
			}
			if v.Side != checks.Verdicts[tc.want].Side || v.Summary == "" {
				t.Errorf("side %q summary %q", v.Side, v.Summary)
			}
			if !slices.Equal(v.Fixes, checks.Verdicts[tc.want].Fixes) {
				t.Errorf("fixes %v, want %v", v.Fixes, checks.Verdicts[tc.want].Fixes)
			}
			if tc.wantSecondary != nil && !slices.Equal(v.Secondary, tc.wantSecondary) {
				t.Errorf("secondary %v, want %v", v.Secondary, tc.wantSecondary)
			}
			if len(v.Evidence) == 0 {
				t.Errorf("no evidence")
			}
			if v.Side == checks.SideWebsite && (slices.Contains(v.Fixes, "switch_dns") || slices.Contains(v.Fixes, "flush_dns")) {
				t.Errorf("a website verdict offers a DNS change: %v", v.Fixes)
			}
		})
	}
}

func TestEveryVerdictHasSideSummaryAndFixes(t *testing.T) {
	for code, info := range checks.Verdicts {
		if info.Side == "" || info.Summary == "" || len(info.Fixes) == 0 {
			t.Errorf("%s: incomplete %+v", code, info)
		}
	}
}
