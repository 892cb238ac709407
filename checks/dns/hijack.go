package dns

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"

	"gatewaydoctor/checks"
)

// DNSHijackID is the ID of the NXDOMAIN-redirect check.
const DNSHijackID = "dns.hijack"

// DNSHijackCheck asks every system resolver for a random name that cannot
// exist (a random label under env.ReferenceName, else env.LatencyDomain).
// The answer must be NXDOMAIN; an address means the resolver redirects
// mistyped names to its own page (CodeNXDomainRedirect). The reference
// resolvers are asked too: if they also give an address the zone has a
// wildcard and nothing can be concluded.
func DNSHijackCheck() checks.Check {
	return checks.Func{Name: DNSHijackID, Limit: 3 * time.Second, Fn: runDNSHijack}
}

// hijackZone is the zone under which a non-existent name is made.
func hijackZone(env *checks.Env) string {
	if env.ReferenceName != "" {
		return strings.TrimSuffix(env.ReferenceName, ".")
	}
	return strings.TrimSuffix(env.LatencyDomain, ".")
}

func runDNSHijack(ctx context.Context, env *checks.Env) checks.Result {
	zone := hijackZone(env)
	if zone == "" {
		return checks.SkippedSay(DNSHijackID, checks.Say("summary.dns.hijack.no_zone", "the profile sets no reference name to make a non-existent name under", nil))
	}
	name := randomLabel() + "." + zone
	res := checks.Result{ID: DNSHijackID}
	cfg, _ := SystemResolvers(ctx, env)
	sys := make([]Answer, len(cfg.Servers))
	refs := make([]Answer, len(env.ReferenceResolvers))
	var path systemLookup
	var wg sync.WaitGroup
	for i, s := range cfg.Servers {
		wg.Add(1)
		go func() { defer wg.Done(); sys[i] = Exchange(ctx, env, s, name, dns.TypeA) }()
	}
	for i, s := range env.ReferenceResolvers {
		wg.Add(1)
		go func() { defer wg.Done(); refs[i] = Exchange(ctx, env, s, name, dns.TypeA) }()
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
		res.Saw(checks.Say("evidence.dns.hijack.system", "system {{.Answer}}", checks.Args{"Answer": a.String()}))
		if a.Replied() {
			replied++
		}
		if a.OK() {
			redirected = append(redirected, a.Server.String())
			redirectAddrs = append(redirectAddrs, a.Addrs...)
		}
	}
	if len(cfg.Servers) == 0 {
		res.Saw(checks.Say("evidence.dns.hijack.system_path", "system path {{.Name}}: {{.Answer}}", checks.Args{"Name": name, "Answer": path.Text()}))
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
		res.Saw(checks.Say("evidence.dns.reference", "reference {{.Answer}}", checks.Args{"Answer": a.String()}))
		if a.OK() {
			wildcard = true
		}
	}
	res.Details = map[string]any{"name": name, "redirected_by": redirected, "redirect_addrs": AddrStrings(redirectAddrs)}
	switch {
	case wildcard:
		r := checks.SkippedSay(DNSHijackID, checks.Say("summary.dns.hijack.wildcard", "the reference resolvers also answer {{.Name}}: the zone has a wildcard, so a redirect cannot be told apart", checks.Args{"Name": name}))
		r.Evidence, r.EvidenceText = res.Evidence, res.EvidenceText
		return r
	case len(redirected) > 0:
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeNXDomainRedirect}
		var server any = strings.Join(redirected, ", ")
		if len(cfg.Servers) == 0 {
			// Only the system path was asked: it has words, not an address.
			server = checks.Say("summary.dns.hijack.system_resolver", "the system resolver", nil)
		}
		res.Say(checks.Say("summary.dns.hijack.redirects", "The DNS server ({{.Server}}) answers names that do not exist with {{.Addrs}}: it redirects mistyped addresses.", checks.Args{"Server": server, "Addrs": strings.Join(AddrStrings(redirectAddrs), ", ")}))
	case replied == 0:
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeDNSNoAnswer}
		res.Say(checks.Say("summary.dns.hijack.no_answer", "The DNS server did not answer at all.", nil))
	default:
		res.Status = checks.StatusOK
		res.Say(checks.Say("summary.dns.hijack.ok", "The DNS server answers honestly that a made-up name does not exist.", nil))
	}
	return res
}
