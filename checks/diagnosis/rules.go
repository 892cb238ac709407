package diagnosis

import "gatewaydoctor/checks"

// rule is one verdict and the condition under which it holds. Rules are
// listed closest to the user first (the computer, then the network, the
// proxy, the website), so the first rule that holds is the verdict and the
// others become secondary findings (DESIGN.md, "Verdict codes"). A verdict
// whose evidence differs by the way it was reached has one row per way;
// their conditions exclude each other.
type rule struct {
	Code checks.VerdictCode
	// Evidence are the codes whose results' evidence lines are quoted.
	Evidence []checks.Code
	// Holds reports whether the verdict applies.
	Holds func(f facts) bool
}

// rules is the diagnosis, in order of closeness to the user.
var rules = []rule{
	// The computer.
	{checks.VerdictNoNetwork, codes(checks.CodeNoUsableAddress, checks.CodeNoDefaultRoute), noUsableAddress},
	{checks.VerdictHostsOverride, codes(checks.CodeHostsOverride), hostsOverride},
	{checks.VerdictClockSkew, codes(checks.CodeClockSkew, checks.CodeTLSInvalid), clockSkew},
	{checks.VerdictTLSIntercepted, codes(checks.CodeTLSUntrustedIssuer, checks.CodeReachTLSUntrusted), intercepted},
	{checks.VerdictFirewallBlocked, codes(checks.CodeFirewallBlocked, checks.CodeBeyondAnswers), firewallBlocked},
	// The network.
	{checks.VerdictCaptivePortal, codes(checks.CodeCaptivePortal), captivePortal},
	{checks.VerdictGatewayUnreachable, codes(checks.CodeGatewayDown), routerSilent},
	{checks.VerdictNoInternet, codes(checks.CodeReachNone), lineDown},
	{checks.VerdictDNSHijack, codes(checks.CodeNXDomainRedirect, checks.CodeDNSMismatch), nxdomainRedirected},
	{checks.VerdictDNSHijack, codes(checks.CodeDNSMismatch, checks.CodePinnedWorks), answersRewritten},
	{checks.VerdictDNSFailure, codes(checks.CodeDNSNoServers, checks.CodeDNSSystemFails, checks.CodePinnedWorks), systemResolverFails},
	{checks.VerdictDNSFailure, codes(checks.CodeTargetNXDomain, checks.CodeTargetDNSError, checks.CodePinnedWorks), onlyTheSystemMissesTheName},
	// The proxy.
	{checks.VerdictProxyAuthRequired, codes(checks.CodeProxyAuth), proxyWantsCredentials},
	{checks.VerdictProxyUnreachable, codes(checks.CodeProxyUnreachable, checks.CodePACUnreachable), proxyUnreachable},
	{checks.VerdictLocalProxy, codes(checks.CodeProxyPolicyBlock, checks.CodeProxyMadeError, checks.CodeProxyPathFails), proxyMadeTheError},
	// The website.
	{checks.VerdictIntermittent, codes(checks.CodeRecovered), recovered},
	{checks.VerdictNameNotFound, codes(checks.CodeNameNotFound, checks.CodeParentExists, checks.CodeProxyReportsSite), nameNotFound},
	{checks.VerdictRedirectLoop, codes(checks.CodeRedirectLoop), redirectLoop},
	{checks.VerdictBlockedBySite, codes(checks.CodeBlockedBySite, checks.CodeRateLimited), turnedAway},
	{checks.VerdictTLSError, codes(checks.CodeTLSInvalid), certificateInvalid},
	{checks.VerdictWebsiteEdge, codes(checks.CodeHTTP5xx, checks.CodeProducerEdge), edgeMadeTheError},
	{checks.VerdictWebsiteOrigin, codes(checks.CodeHTTP5xx, checks.CodeProducerOrigin), originFailed},
}

func codes(cs ...checks.Code) []checks.Code { return cs }

// broken: the site failed and nothing beyond the user's side answered.
func (f facts) broken() bool { return f.failed && !f.websiteSpoke }

func noUsableAddress(f facts) bool {
	return f.broken() && (f.has(checks.CodeNoUsableAddress) || f.has(checks.CodeNoDefaultRoute))
}

func hostsOverride(f facts) bool { return f.failed && f.has(checks.CodeHostsOverride) }

func clockSkew(f facts) bool { return f.failed && f.has(checks.CodeClockSkew) }

// intercepted: the site and the test sites are signed by the same issuer,
// which this computer does not trust: something re-signs every site.
func intercepted(f facts) bool { return f.failed && interceptedBy(f) != "" }

func firewallBlocked(f facts) bool {
	// A sign-in page blocks every port but its own until the user signs
	// in: then the closed ports are the portal's doing, not a firewall's.
	// And only something beyond the router answering proves the line works: without it, the router or the line
	// is the cause (DESIGN.md, "A finding holds only with evidence of its
	// own").
	return f.broken() && f.has(checks.CodeFirewallBlocked) && !f.has(checks.CodeCaptivePortal) && beyondAnswers(f)
}

// beyondAnswers: something beyond the router answered: a reference
// resolver, another web port of the test sites, or another test site.
func beyondAnswers(f facts) bool {
	return f.has(checks.CodeBeyondAnswers) || f.has(checks.CodeWebPortBlocked) || f.has(checks.CodeReachSome)
}

func captivePortal(f facts) bool { return f.failed && f.has(checks.CodeCaptivePortal) }

// routerSilent: the router does not answer, and nothing beyond it does
// either. A router that ignores our probe while every test site answers is
// forwarding traffic: blaming it would send the person to restart it for
// nothing.
func routerSilent(f facts) bool {
	return f.broken() && f.has(checks.CodeGatewayDown) && !f.has(checks.CodeReachSome) && !f.reachWorks
}

func lineDown(f facts) bool {
	// When the test sites failed only because their names did not
	// resolve while the reference resolvers answer, the line works and
	// the resolver does not: that is the DNS rules' verdict.
	namesOnly := f.has(checks.CodeReachNamesFail) && (f.has(checks.CodeDNSSystemFails) || f.target.Has(checks.CodePinnedWorks))
	// Its sentence says the router answers: not when this computer has no
	// connection or no router, or the router is silent (those rules come
	// first, so this only keeps a false "also seen" away).
	noRouter := f.has(checks.CodeNoUsableAddress) || f.has(checks.CodeNoDefaultRoute) || f.has(checks.CodeGatewayDown)
	return f.broken() && f.has(checks.CodeReachNone) && !namesOnly && !noRouter && !f.has(checks.CodeProxyConfigured)
}

func nxdomainRedirected(f facts) bool { return f.broken() && f.has(checks.CodeNXDomainRedirect) }

func answersRewritten(f facts) bool {
	return f.broken() && !f.has(checks.CodeNXDomainRedirect) &&
		f.target.Has(checks.CodePinnedWorks) && f.has(checks.CodeDNSMismatch) && !f.dnsLevel
}

func systemResolverFails(f facts) bool {
	return f.broken() && (f.has(checks.CodeDNSNoServers) || f.has(checks.CodeDNSSystemFails))
}

func onlyTheSystemMissesTheName(f facts) bool {
	return f.broken() && !f.has(checks.CodeDNSNoServers) && !f.has(checks.CodeDNSSystemFails) &&
		f.dnsLevel && f.target.Has(checks.CodePinnedWorks)
}

func proxyWantsCredentials(f facts) bool { return f.failed && f.has(checks.CodeProxyAuth) }

func proxyUnreachable(f facts) bool {
	return f.failed && (f.has(checks.CodeProxyUnreachable) || f.has(checks.CodePACUnreachable))
}

func proxyMadeTheError(f facts) bool {
	return f.failed && !proxyRelaysTheSite(f) && (f.target.Has(checks.CodeProxyMadeError) || f.target.Has(checks.CodeProxyPathFails))
}

// proxyRelaysTheSite: the proxy's page only reports the site's own failure,
// seen the same without it; the proxy is a witness, not the cause. Where no
// test site answers directly either (a network whose only way out is the
// proxy), a direct failure proves nothing of the site; a name that the
// resolvers agree does not exist still does.
func proxyRelaysTheSite(f facts) bool {
	sound := f.target.Has(checks.CodeNameNotFound) || !f.has(checks.CodeReachNone)
	return f.target.Has(checks.CodeProxyReportsSite) && !f.target.Has(checks.CodeProxyPathFails) && sound
}

func nameNotFound(f facts) bool { return f.failed && f.target.Has(checks.CodeNameNotFound) }

func redirectLoop(f facts) bool { return f.failed && f.target.Has(checks.CodeRedirectLoop) }

func turnedAway(f facts) bool { return f.failed && f.target.Has(checks.CodeBlockedBySite) }

func recovered(f facts) bool { return f.target.Has(checks.CodeRecovered) }

func certificateInvalid(f facts) bool { return f.failed && f.target.Has(checks.CodeTLSInvalid) }

func edgeMadeTheError(f facts) bool { return f.failed && f.target.Has(checks.CodeProducerEdge) }

// originFailed: a 5xx the site's side made; one the user's proxy made says
// nothing of the site's server.
func originFailed(f facts) bool {
	return f.failed && f.target.Has(checks.CodeHTTP5xx) && !f.target.Has(checks.CodeProducerUserSide)
}
