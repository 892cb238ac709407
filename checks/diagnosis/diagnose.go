package diagnosis

import (
	"fmt"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/web"
)

// maxVerdictEvidence bounds the evidence lines of a verdict: a person reads
// three or four lines; the full list stays in each check's result.
const maxVerdictEvidence = 6

// rule is one verdict and the condition under which it holds. Rules are
// listed closest to the user first (the computer, then the network, the
// proxy, the website), so the first rule that holds is the verdict and the
// others become secondary findings (DESIGN.md, "Verdict codes").
type rule struct {
	code checks.VerdictCode
	// holds reports whether the verdict applies, and the codes that are its
	// evidence (their results' evidence lines are quoted).
	holds func(f facts) (bool, []checks.Code)
}

// facts is what the rules read: the results and a few derived answers.
type facts struct {
	rs checks.Results
	// target is the target check's result; hasTarget is false when the run
	// had none (a profile-only run, or it was skipped).
	target    checks.Result
	hasTarget bool
	// failed: the site did not answer normally on the browser's path.
	failed bool
	// websiteSpoke: a 5xx came back that a CDN or the site's front made,
	// which is proof that name resolution, the network and the proxy worked.
	websiteSpoke bool
	// dnsLevel: the site's name did not resolve on the system path.
	dnsLevel bool
}

func (f facts) has(c checks.Code) bool { return f.rs.Has(c) }

// rules is the diagnosis, in order of closeness to the user.
var rules = []rule{
	// The computer.
	{checks.VerdictNoNetwork, func(f facts) (bool, []checks.Code) {
		return f.failed && !f.websiteSpoke && (f.has(checks.CodeNoUsableAddress) || f.has(checks.CodeNoDefaultRoute)), []checks.Code{checks.CodeNoUsableAddress, checks.CodeNoDefaultRoute}
	}},
	{checks.VerdictHostsOverride, func(f facts) (bool, []checks.Code) {
		return f.failed && f.has(checks.CodeHostsOverride), []checks.Code{checks.CodeHostsOverride}
	}},
	{checks.VerdictClockSkew, func(f facts) (bool, []checks.Code) {
		return f.failed && f.has(checks.CodeClockSkew), []checks.Code{checks.CodeClockSkew, checks.CodeTLSInvalid}
	}},
	{checks.VerdictFirewallBlocked, func(f facts) (bool, []checks.Code) {
		// A sign-in page blocks every port but its own until the user signs
		// in: then the closed ports are the portal's doing, not a firewall's.
		return f.failed && !f.websiteSpoke && f.has(checks.CodeFirewallBlocked) && !f.has(checks.CodeCaptivePortal), []checks.Code{checks.CodeFirewallBlocked}
	}},
	// The network.
	{checks.VerdictCaptivePortal, func(f facts) (bool, []checks.Code) {
		return f.failed && f.has(checks.CodeCaptivePortal), []checks.Code{checks.CodeCaptivePortal}
	}},
	{checks.VerdictGatewayUnreachable, func(f facts) (bool, []checks.Code) {
		return f.failed && !f.websiteSpoke && f.has(checks.CodeGatewayDown) && !f.has(checks.CodeReachSome), []checks.Code{checks.CodeGatewayDown}
	}},
	{checks.VerdictNoInternet, func(f facts) (bool, []checks.Code) {
		// When the test sites failed only because their names did not
		// resolve while the reference resolvers answer, the line works and
		// the resolver does not: that is the DNS rules' verdict.
		namesOnly := f.has(checks.CodeReachNamesFail) && (f.has(checks.CodeDNSSystemFails) || f.target.Has(checks.CodePinnedWorks))
		return f.failed && !f.websiteSpoke && f.has(checks.CodeReachNone) && !namesOnly && !f.has(checks.CodeProxyConfigured), []checks.Code{checks.CodeReachNone}
	}},
	{checks.VerdictDNSHijack, func(f facts) (bool, []checks.Code) {
		if !f.failed || f.websiteSpoke {
			return false, nil
		}
		if f.has(checks.CodeNXDomainRedirect) {
			return true, []checks.Code{checks.CodeNXDomainRedirect, checks.CodeDNSMismatch}
		}
		return f.target.Has(checks.CodePinnedWorks) && f.has(checks.CodeDNSMismatch) && !f.dnsLevel, []checks.Code{checks.CodeDNSMismatch, checks.CodePinnedWorks}
	}},
	{checks.VerdictDNSFailure, func(f facts) (bool, []checks.Code) {
		if !f.failed || f.websiteSpoke {
			return false, nil
		}
		if f.has(checks.CodeDNSNoServers) || f.has(checks.CodeDNSSystemFails) {
			return true, []checks.Code{checks.CodeDNSNoServers, checks.CodeDNSSystemFails, checks.CodePinnedWorks}
		}
		return f.dnsLevel && f.target.Has(checks.CodePinnedWorks), []checks.Code{checks.CodeTargetNXDomain, checks.CodeTargetDNSError, checks.CodePinnedWorks}
	}},
	// The proxy.
	{checks.VerdictProxyAuthRequired, func(f facts) (bool, []checks.Code) {
		return f.failed && f.has(checks.CodeProxyAuth), []checks.Code{checks.CodeProxyAuth}
	}},
	{checks.VerdictProxyUnreachable, func(f facts) (bool, []checks.Code) {
		return f.failed && (f.has(checks.CodeProxyUnreachable) || f.has(checks.CodePACUnreachable)), []checks.Code{checks.CodeProxyUnreachable, checks.CodePACUnreachable}
	}},
	{checks.VerdictLocalProxy, func(f facts) (bool, []checks.Code) {
		return f.failed && (f.target.Has(checks.CodeProxyMadeError) || f.target.Has(checks.CodeProxyPathFails)), []checks.Code{checks.CodeProxyMadeError, checks.CodeProxyPathFails}
	}},
	// The website.
	{checks.VerdictIntermittent, func(f facts) (bool, []checks.Code) {
		return f.target.Has(checks.CodeRecovered), []checks.Code{checks.CodeRecovered}
	}},
	{checks.VerdictTLSError, func(f facts) (bool, []checks.Code) {
		return f.failed && f.target.Has(checks.CodeTLSInvalid), []checks.Code{checks.CodeTLSInvalid}
	}},
	{checks.VerdictWebsiteEdge, func(f facts) (bool, []checks.Code) {
		return f.failed && f.target.Has(checks.CodeProducerEdge), []checks.Code{checks.CodeHTTP5xx, checks.CodeProducerEdge}
	}},
	{checks.VerdictWebsiteOrigin, func(f facts) (bool, []checks.Code) {
		return f.failed && f.target.Has(checks.CodeHTTP5xx), []checks.Code{checks.CodeHTTP5xx, checks.CodeProducerOrigin}
	}},
}

// fallbackEvidence are the codes quoted when no rule holds but the site
// failed: then the site does not answer (website_down).
var fallbackEvidence = []checks.Code{checks.CodeConnectRefused, checks.CodeConnectTimeout, checks.CodeConnectFailed, checks.CodeTargetNXDomain,
	checks.CodeTargetDNSError, checks.CodeRedirectLoop, checks.CodeHTTPStatus, checks.CodeReachSome}

// Diagnose turns every result of a run into one verdict: the first rule that
// holds, closest to the user; the other rules that hold become secondary
// findings. When the site answered normally, the verdict is "ok" whatever
// else was seen, since the browser then holds something stale.
func Diagnose(rs checks.Results) checks.Verdict {
	f := facts{rs: rs}
	f.target, f.hasTarget = rs.ByID(web.TargetID)
	if f.hasTarget && f.target.Status != checks.StatusSkipped && f.target.Status != checks.StatusError {
		t := f.target
		f.failed = t.Status == checks.StatusProblem && !t.Has(checks.CodeRecovered)
		f.websiteSpoke = t.Has(checks.CodeHTTP5xx) && (t.Has(checks.CodeProducerEdge) || t.Has(checks.CodeProducerOrigin))
		f.dnsLevel = t.Has(checks.CodeTargetNXDomain) || t.Has(checks.CodeTargetDNSError)
	} else {
		// Without a fetch of the site, judge by the other checks alone: any
		// problem they found is the verdict.
		f.failed = true
	}

	var chosen *rule
	var evidence []checks.Code
	var secondary []checks.VerdictCode
	for i := range rules {
		r := &rules[i]
		ok, ev := r.holds(f)
		if !ok {
			continue
		}
		if chosen == nil {
			chosen, evidence = r, ev
		} else {
			secondary = append(secondary, r.code)
		}
	}
	code := checks.VerdictOK
	switch {
	case chosen != nil:
		code = chosen.code
	case f.hasTarget && f.failed:
		code, evidence = checks.VerdictWebsiteDown, fallbackEvidence
	}
	info := checks.Verdicts[code]
	v := checks.Verdict{Code: code, Side: info.Side, Summary: info.Summary, Fixes: append([]string(nil), info.Fixes...), Secondary: secondary}
	if code == checks.VerdictOK && f.hasTarget {
		// Other findings while the site works are secondary, not the verdict.
		secondary = nil
		for _, r := range rules {
			if ok, _ := r.holds(facts{rs: rs, failed: true, target: f.target, hasTarget: true}); ok {
				secondary = append(secondary, r.code)
			}
		}
		v.Secondary = secondary
		evidence = []checks.Code{checks.CodeHTTPOK}
	}
	v.Evidence = gatherEvidence(rs, f, evidence)
	return v
}

// gatherEvidence quotes the evidence of the results that carry the verdict's
// codes, target first, without repeats.
func gatherEvidence(rs checks.Results, f facts, codes []checks.Code) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] && len(out) < maxVerdictEvidence {
			seen[s] = true
			out = append(out, s)
		}
	}
	ordered := checks.Results{}
	if f.hasTarget {
		ordered = append(ordered, f.target)
	}
	for _, r := range rs {
		if r.ID != web.TargetID {
			ordered = append(ordered, r)
		}
	}
	for _, r := range ordered {
		carries := false
		for _, c := range codes {
			if r.Has(c) {
				carries = true
			}
		}
		if !carries {
			continue
		}
		if r.ID != web.TargetID && r.Summary != "" {
			add(fmt.Sprintf("%s: %s", r.ID, r.Summary))
		}
		for _, e := range r.Evidence {
			add(e)
		}
	}
	if len(out) == 0 && f.hasTarget {
		add(f.target.Summary)
	}
	if len(out) == 0 {
		add("every check passed")
	}
	if out == nil {
		out = []string{}
	}
	return out
}
