package checks

// Code is a typed finding of a check. Diagnose turns codes into one verdict;
// the codes also appear in the report, so their strings are part of the
// contract and never change meaning.
type Code string

// Findings of the target check (checks ID "target").
const (
	CodeHTTPOK           Code = "http_ok"             // the site answered 2xx/3xx (or 4xx that is the site's own answer)
	CodeHTTP5xx          Code = "http_5xx"            // a 5xx answer on the system path
	CodeHTTPStatus       Code = "http_status"         // a non-5xx error status, e.g. 403 from a block page
	CodeConnectRefused   Code = "connect_refused"     // TCP RST from the site
	CodeConnectTimeout   Code = "connect_timeout"     // no answer from the site in time
	CodeConnectFailed    Code = "connect_failed"      // the connection broke (reset, closed early)
	CodeTLSInvalid       Code = "tls_invalid"         // certificate not valid for the name or expired
	CodeTargetNXDomain   Code = "target_nxdomain"     // the site's name does not resolve on the system path
	CodeTargetDNSError   Code = "target_dns_error"    // the system resolver failed (SERVFAIL, timeout)
	CodeRecovered        Code = "recovered"           // failed, then answered normally on a retest
	CodeStillFailing     Code = "still_failing"       // every retest failed the same way
	CodeProxyPathFails   Code = "proxy_path_fails"    // through the proxy fails where direct works
	CodeProxyMadeError   Code = "proxy_made_error"    // the error page was made by the user's proxy
	CodeProxyAuth        Code = "proxy_auth_required" // the proxy answered 407
	CodePinnedWorks      Code = "pinned_works"        // fetching at a reference resolver's address works
	CodeRedirectLoop     Code = "redirect_loop"       // more than the allowed redirects
	CodeTargetSlow       Code = "target_slow"         // answered, but slowly
	CodeProducerEdge     Code = "producer_edge"       // a CDN/front failed by itself
	CodeProducerOrigin   Code = "producer_origin"     // the front says the server behind it failed
	CodeProducerUserSide Code = "producer_user_proxy"
	// Added for issue 13 ("right in the shapes that real users meet").
	CodeBlockedBySite      Code = "blocked_by_site"      // the site or its CDN/firewall turned this visitor away (a block page)
	CodeRateLimited        Code = "rate_limited"         // the site limits this visitor's rate (429, Cloudflare 1015)
	CodeNameNotFound       Code = "name_not_found"       // the system and the reference resolvers agree: the name does not exist
	CodeParentExists       Code = "parent_domain_exists" // the name does not exist, but its parent domain does
	CodeProxyReportsSite   Code = "proxy_reports_site"   // the proxy's error page reports the site's own failure, seen the same without it
	CodeProxyPolicyBlock   Code = "proxy_policy_block"   // the user's proxy blocks the site by policy (403, a block page)
	CodeRedirectHop        Code = "redirect_hop_failed"  // the failure came from a later hop of a redirect chain
	CodeTLSUntrustedIssuer Code = "tls_untrusted_issuer" // the certificate chains to an issuer this system does not trust
	CodeTLSIntercepted     Code = "tls_intercepted"      // the site and the reference hosts are re-signed by the same untrusted issuer
)

// Findings of the DNS checks (IDs "dns.*").
const (
	CodeDNSNoServers      Code = "dns_no_servers"        // no resolver configured
	CodeDNSMalformed      Code = "dns_config_malformed"  // the resolver configuration could not be read
	CodeDNSSystemFails    Code = "dns_system_fails"      // the system path fails where references answer
	CodeDNSReferenceFails Code = "dns_reference_fails"   // references fail where the system answers
	CodeDNSAllFail        Code = "dns_all_fail"          // nothing resolves the target's name
	CodeDNSMismatch       Code = "dns_mismatch"          // system and references disagree
	CodeDNSSlow           Code = "dns_slow"              // average uncached latency over 400 ms
	CodeDNSVerySlow       Code = "dns_very_slow"         // over 500 ms
	CodeNXDomainRedirect  Code = "dns_nxdomain_redirect" // a non-existent name got an address
	CodeHostsOverride     Code = "hosts_override"        // the hosts file pins the target's name
)

// Findings of the captive-portal, reachability, local-network, clock and
// system checks.
const (
	CodeCaptivePortal   Code = "captive_portal"
	CodeReachNone       Code = "reach_none"        // no reachability host answered at all
	CodeReachSome       Code = "reach_some"        // some reachability hosts answered
	CodeFirewallBlocked Code = "firewall_blocked"  // names resolve, every web port fails
	CodeWebPortBlocked  Code = "web_port_blocked"  // one web port (e.g. 443) fails everywhere while another works
	CodeIPv6Broken      Code = "ipv6_broken"       // IPv6 fails where IPv4 works
	CodeHTTPSSlow       Code = "https_slow"        // median HTTPS latency over 500 ms
	CodeHTTPSVerySlow   Code = "https_very_slow"   // over 1000 ms
	CodeNoUsableAddress Code = "no_usable_address" // no interface up with a usable address
	CodeAPIPA           Code = "apipa"             // a 169.254.x.x self-assigned address
	CodeNoDefaultRoute  Code = "no_default_route"
	CodeGatewayDown     Code = "gateway_unreachable"
	CodeClockSkew       Code = "clock_skew"
	CodeLongUptime      Code = "long_uptime"
	CodeMemoryPressure  Code = "memory_pressure"
	CodeCPUPressure     Code = "cpu_pressure"
	// Added by the network checks (issue 3).
	CodeDNSNoAnswer        Code = "dns_no_answer"       // the system's resolvers sent no reply at all (timeout, refused port)
	CodeCaptiveUnreachable Code = "captive_unreachable" // no captive probe answered: neither a portal nor the internet seen
	CodeReachNamesFail     Code = "reach_names_fail"    // no reachability host's name resolved on the system path
	CodeGatewayNoProbe     Code = "gateway_not_probed"  // the default route has no gateway address (point-to-point) or no probe could run
	// Added for issue 13: evidence that something beyond the router answers,
	// which firewall_blocked needs (DESIGN.md, "A finding holds only with
	// evidence of its own").
	CodeBeyondAnswers     Code = "beyond_answers"      // a host beyond the router answered (a reference resolver, another port)
	CodeReachTLSUntrusted Code = "reach_tls_untrusted" // a reachability host's certificate chains to an untrusted issuer
)

// Findings of the proxy checks (IDs "proxy.*").
const (
	CodeProxyConfigured  Code = "proxy_configured"  // a proxy or PAC applies to the target
	CodeProxyUnreachable Code = "proxy_unreachable" // the proxy refuses or times out
	CodePACUnreachable   Code = "pac_unreachable"   // the PAC file cannot be fetched
	CodePACError         Code = "pac_error"         // the PAC file throws, loops or is too big
	CodeProxyConnectFail Code = "proxy_connect_fails"
	CodeFirefoxOwnProxy  Code = "firefox_own_proxy" // Firefox's settings differ from the system's
)
