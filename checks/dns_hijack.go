package checks

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// DNSHijackID is the ID of the NXDOMAIN-redirect check.
const DNSHijackID = "dns.hijack"

// DNSHijackCheck asks every system resolver for a random name that cannot
// exist (a random label under env.ReferenceName, else env.LatencyDomain).
// The answer must be NXDOMAIN; an address means the resolver redirects
// mistyped names to its own page (CodeNXDomainRedirect). The reference
// resolvers are asked too: if they also give an address the zone has a
// wildcard and nothing can be concluded.
func DNSHijackCheck() Check {
	return Func{Name: DNSHijackID, Limit: 3 * time.Second, Fn: runDNSHijack}
}

// hijackZone is the zone under which a non-existent name is made.
func hijackZone(env *Env) string {
	if env.ReferenceName != "" {
		return strings.TrimSuffix(env.ReferenceName, ".")
	}
	return strings.TrimSuffix(env.LatencyDomain, ".")
}

func runDNSHijack(ctx context.Context, env *Env) Result {
	zone := hijackZone(env)
	if zone == "" {
		return Skipped(DNSHijackID, "the profile sets no reference name to make a non-existent name under")
	}
	name := randomLabel() + "." + zone
	res := Result{ID: DNSHijackID}
	cfg, _ := SystemResolvers(ctx, env)
	sys := make([]dnsAnswer, len(cfg.Servers))
	refs := make([]dnsAnswer, len(env.ReferenceResolvers))
	var path systemLookup
	var wg sync.WaitGroup
	for i, s := range cfg.Servers {
		wg.Add(1)
		go func() { defer wg.Done(); sys[i] = exchange(ctx, env, s, name, dns.TypeA) }()
	}
	for i, s := range env.ReferenceResolvers {
		wg.Add(1)
		go func() { defer wg.Done(); refs[i] = exchange(ctx, env, s, name, dns.TypeA) }()
	}
	if len(cfg.Servers) == 0 {
		// The OS list could not be read: the system path is all there is.
		wg.Add(1)
		go func() { defer wg.Done(); path = lookupSystem(ctx, env, name) }()
	}
	wg.Wait()

	var redirected []string
	var redirectAddrs []netip.Addr
	replied := 0
	for _, a := range sys {
		res.Evidence = append(res.Evidence, "system "+a.String())
		if a.replied() {
			replied++
		}
		if a.ok() {
			redirected = append(redirected, a.Server.String())
			redirectAddrs = append(redirectAddrs, a.Addrs...)
		}
	}
	if len(cfg.Servers) == 0 {
		res.Evidence = append(res.Evidence, fmt.Sprintf("system path %s: %s", name, path))
		if path.Err == nil || path.NotFound {
			replied++
		}
		if path.Err == nil {
			redirected = append(redirected, "the system resolver")
			redirectAddrs = append(redirectAddrs, path.Addrs...)
		}
	}
	wildcard := false
	for _, a := range refs {
		res.Evidence = append(res.Evidence, "reference "+a.String())
		if a.ok() {
			wildcard = true
		}
	}
	res.Details = map[string]any{"name": name, "redirected_by": redirected, "redirect_addrs": addrStrings(redirectAddrs)}
	switch {
	case wildcard:
		r := Skipped(DNSHijackID, "the reference resolvers also answer "+name+": the zone has a wildcard, so a redirect cannot be told apart")
		r.Evidence = res.Evidence
		return r
	case len(redirected) > 0:
		res.Status = StatusProblem
		res.Codes = []Code{CodeNXDomainRedirect}
		res.Summary = fmt.Sprintf("The DNS server (%s) answers names that do not exist with %s: it redirects mistyped addresses.", strings.Join(redirected, ", "), strings.Join(addrStrings(redirectAddrs), ", "))
	case replied == 0:
		res.Status = StatusProblem
		res.Codes = []Code{CodeDNSNoAnswer}
		res.Summary = "The DNS server did not answer at all."
	default:
		res.Status = StatusOK
		res.Summary = "The DNS server answers honestly that a made-up name does not exist."
	}
	return res
}
