package checks

import (
	"fmt"
)

// maxVerdictEvidence bounds the evidence lines of a verdict: a person reads
// three or four lines; the full list stays in each check's result.
const maxVerdictEvidence = 6

// rule is one verdict and the condition under which it holds. Rules are
// listed closest to the user first (the computer, then the network, the
// proxy, the website), so the first rule that holds is the verdict and the
// others become secondary findings (DESIGN.md, "Verdict codes").
type rule struct {
	code VerdictCode
	// holds reports whether the verdict applies, and the codes that are its
	// evidence (their results' evidence lines are quoted).
	holds func(f facts) (bool, []Code)
}

// facts is what the rules read: the results and a few derived answers.
type facts struct {
	rs Results
	// target is the target check's result; hasTarget is false when the run
	// had none (a profile-only run, or it was skipped).
	target    Result
	hasTarget bool
	// failed: the site did not answer normally on the browser's path.
	failed bool
	// websiteSpoke: a 5xx came back that a CDN or the site's front made,
	// which is proof that name resolution, the network and the proxy worked.
	websiteSpoke bool
	// dnsLevel: the site's name did not resolve on the system path.
	dnsLevel bool
}

func (f facts) has(c Code) bool { return f.rs.Has(c) }

// rules is the diagnosis, in order of closeness to the user.
var rules = []rule{
	// The computer.
	{VerdictNoNetwork, func(f facts) (bool, []Code) {
		return f.failed && !f.websiteSpoke && (f.has(CodeNoUsableAddress) || f.has(CodeNoDefaultRoute)), []Code{CodeNoUsableAddress, CodeNoDefaultRoute}
	}},
	{VerdictHostsOverride, func(f facts) (bool, []Code) {
		return f.failed && f.has(CodeHostsOverride), []Code{CodeHostsOverride}
	}},
	{VerdictClockSkew, func(f facts) (bool, []Code) {
		return f.failed && f.has(CodeClockSkew), []Code{CodeClockSkew, CodeTLSInvalid}
	}},
	{VerdictFirewallBlocked, func(f facts) (bool, []Code) {
		// A sign-in page blocks every port but its own until the user signs
		// in: then the closed ports are the portal's doing, not a firewall's.
		return f.failed && !f.websiteSpoke && f.has(CodeFirewallBlocked) && !f.has(CodeCaptivePortal), []Code{CodeFirewallBlocked}
	}},
	// The network.
	{VerdictCaptivePortal, func(f facts) (bool, []Code) {
		return f.failed && f.has(CodeCaptivePortal), []Code{CodeCaptivePortal}
	}},
	{VerdictGatewayUnreachable, func(f facts) (bool, []Code) {
		return f.failed && !f.websiteSpoke && f.has(CodeGatewayDown) && !f.has(CodeReachSome), []Code{CodeGatewayDown}
	}},
	{VerdictNoInternet, func(f facts) (bool, []Code) {
		// When the test sites failed only because their names did not
		// resolve while the reference resolvers answer, the line works and
		// the resolver does not: that is the DNS rules' verdict.
		namesOnly := f.has(CodeReachNamesFail) && (f.has(CodeDNSSystemFails) || f.target.Has(CodePinnedWorks))
		return f.failed && !f.websiteSpoke && f.has(CodeReachNone) && !namesOnly && !f.has(CodeProxyConfigured), []Code{CodeReachNone}
	}},
	{VerdictDNSHijack, func(f facts) (bool, []Code) {
		if !f.failed || f.websiteSpoke {
			return false, nil
		}
		if f.has(CodeNXDomainRedirect) {
			return true, []Code{CodeNXDomainRedirect, CodeDNSMismatch}
		}
		return f.target.Has(CodePinnedWorks) && f.has(CodeDNSMismatch) && !f.dnsLevel, []Code{CodeDNSMismatch, CodePinnedWorks}
	}},
	{VerdictDNSFailure, func(f facts) (bool, []Code) {
		if !f.failed || f.websiteSpoke {
			return false, nil
		}
		if f.has(CodeDNSNoServers) || f.has(CodeDNSSystemFails) {
			return true, []Code{CodeDNSNoServers, CodeDNSSystemFails, CodePinnedWorks}
		}
		return f.dnsLevel && f.target.Has(CodePinnedWorks), []Code{CodeTargetNXDomain, CodeTargetDNSError, CodePinnedWorks}
	}},
	// The proxy.
	{VerdictProxyAuthRequired, func(f facts) (bool, []Code) {
		return f.failed && f.has(CodeProxyAuth), []Code{CodeProxyAuth}
	}},
	{VerdictProxyUnreachable, func(f facts) (bool, []Code) {
		return f.failed && (f.has(CodeProxyUnreachable) || f.has(CodePACUnreachable)), []Code{CodeProxyUnreachable, CodePACUnreachable}
	}},
	{VerdictLocalProxy, func(f facts) (bool, []Code) {
		return f.failed && (f.target.Has(CodeProxyMadeError) || f.target.Has(CodeProxyPathFails)), []Code{CodeProxyMadeError, CodeProxyPathFails}
	}},
	// The website.
	{VerdictIntermittent, func(f facts) (bool, []Code) {
		return f.target.Has(CodeRecovered), []Code{CodeRecovered}
	}},
	{VerdictTLSError, func(f facts) (bool, []Code) {
		return f.failed && f.target.Has(CodeTLSInvalid), []Code{CodeTLSInvalid}
	}},
	{VerdictWebsiteEdge, func(f facts) (bool, []Code) {
		return f.failed && f.target.Has(CodeProducerEdge), []Code{CodeHTTP5xx, CodeProducerEdge}
	}},
	{VerdictWebsiteOrigin, func(f facts) (bool, []Code) {
		return f.failed && f.target.Has(CodeHTTP5xx), []Code{CodeHTTP5xx, CodeProducerOrigin}
	}},
}

// fallbackEvidence are the codes quoted when no rule holds but the site
// failed: then the site does not answer (website_down).
var fallbackEvidence = []Code{CodeConnectRefused, CodeConnectTimeout, CodeConnectFailed, CodeTargetNXDomain,
	CodeTargetDNSError, CodeRedirectLoop, CodeHTTPStatus, CodeReachSome}

// Diagnose turns every result of a run into one verdict: the first rule that
// holds, closest to the user; the other rules that hold become secondary
// findings. When the site answered normally, the verdict is "ok" whatever
// else was seen, since the browser then holds something stale.
func Diagnose(rs Results) Verdict {
	f := facts{rs: rs}
	f.target, f.hasTarget = rs.ByID(TargetID)
	if f.hasTarget && f.target.Status != StatusSkipped && f.target.Status != StatusError {
		t := f.target
		f.failed = t.Status == StatusProblem && !t.Has(CodeRecovered)
		f.websiteSpoke = t.Has(CodeHTTP5xx) && (t.Has(CodeProducerEdge) || t.Has(CodeProducerOrigin))
		f.dnsLevel = t.Has(CodeTargetNXDomain) || t.Has(CodeTargetDNSError)
	} else {
		// Without a fetch of the site, judge by the other checks alone: any
		// problem they found is the verdict.
		f.failed = true
	}

	var chosen *rule
	var evidence []Code
	var secondary []VerdictCode
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
	code := VerdictOK
	switch {
	case chosen != nil:
		code = chosen.code
	case f.hasTarget && f.failed:
		code, evidence = VerdictWebsiteDown, fallbackEvidence
	}
	info := Verdicts[code]
	v := Verdict{Code: code, Side: info.Side, Summary: info.Summary, Fixes: append([]string(nil), info.Fixes...), Secondary: secondary}
	if code == VerdictOK && f.hasTarget {
		// Other findings while the site works are secondary, not the verdict.
		secondary = nil
		for _, r := range rules {
			if ok, _ := r.holds(facts{rs: rs, failed: true, target: f.target, hasTarget: true}); ok {
				secondary = append(secondary, r.code)
			}
		}
		v.Secondary = secondary
		evidence = []Code{CodeHTTPOK}
	}
	v.Evidence = gatherEvidence(rs, f, evidence)
	return v
}

// gatherEvidence quotes the evidence of the results that carry the verdict's
// codes, target first, without repeats.
func gatherEvidence(rs Results, f facts, codes []Code) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] && len(out) < maxVerdictEvidence {
			seen[s] = true
			out = append(out, s)
		}
	}
	ordered := Results{}
	if f.hasTarget {
		ordered = append(ordered, f.target)
	}
	for _, r := range rs {
		if r.ID != TargetID {
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
		if r.ID != TargetID && r.Summary != "" {
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
