package dns

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"gatewaydoctor/checks"
)

// DNSResolveID is the ID of the check that resolves the target's name on the
// system path and on the reference resolvers.
const DNSResolveID = "dns.resolve"

// DNSResolveCheck resolves the target's host through the system path (what
// the browser sees) and through each reference resolver, and compares.
//   - system fails, a reference answers: CodeDNSSystemFails (problem);
//   - every reference fails, the system answers: CodeDNSReferenceFails (ok:
//     the name works here; port 53 to the outside may be filtered);
//   - all fail: CodeDNSAllFail (problem);
//   - both answer without a common address: CodeDNSMismatch, ok for CDNs
//     (they answer by location) but a problem when the system's answers are
//     all non-routable (0.0.0.0, loopback, private) and the references' are not.
func DNSResolveCheck() checks.Check {
	return checks.Func{Name: DNSResolveID, Limit: 3 * time.Second, Fn: runDNSResolve}
}

// systemLookup is one resolution on the system path.
type systemLookup struct {
	Addrs    []netip.Addr
	NotFound bool
	Err      error
	RTT      time.Duration
}

// SystemLookupTimeout bounds one resolution on the system path. The OS
// resolver retries and tries the next server on its own (glibc: 5 s per try
// by default), far beyond a troubleshooter's budget; a name that takes
// longer than a DNS query timeout plus a retry's margin counts as failed.
const SystemLookupTimeout = dnsQueryTimeout + 500*time.Millisecond

func lookupSystem(ctx context.Context, env *checks.Env, host string) systemLookup {
	ctx, cancel := context.WithTimeout(ctx, SystemLookupTimeout)
	defer cancel()
	start := time.Now()
	addrs, err := env.Resolver.LookupNetIP(ctx, "ip", host)
	l := systemLookup{RTT: time.Since(start), Err: err}
	for _, a := range addrs {
		l.Addrs = append(l.Addrs, a.Unmap())
	}
	var de *net.DNSError
	if errors.As(err, &de) && de.IsNotFound {
		l.NotFound = true
	}
	if err == nil && len(l.Addrs) == 0 {
		l.Err = errors.New("no addresses")
	}
	return l
}

// Text is String for people: the words of "no such name" in their
// language, addresses and errors as they are.
func (l systemLookup) Text() checks.Text {
	if l.NotFound {
		return checks.Say("evidence.dns.no_such_name", "no such name (NXDOMAIN)", nil)
	}
	return checks.Say("evidence.dns.data", "{{.Data}}", checks.Args{"Data": l.String()})
}

func (l systemLookup) String() string {
	switch {
	case l.NotFound:
		return "no such name (NXDOMAIN)"
	case l.Err != nil:
		return l.Err.Error()
	}
	return strings.Join(AddrStrings(l.Addrs), " ")
}

// nonRoutable is an answer that leads nowhere on the internet: what a
// blocking resolver or a misconfigured router gives out.
func nonRoutable(a netip.Addr) bool {
	return a.IsUnspecified() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast()
}

func allNonRoutable(as []netip.Addr) bool {
	for _, a := range as {
		if !nonRoutable(a) {
			return false
		}
	}
	return len(as) > 0
}

func runDNSResolve(ctx context.Context, env *checks.Env) checks.Result {
	host := targetHost(env)
	if host == "" {
		return checks.SkippedSay(DNSResolveID, checks.Say("summary.dns.resolve.no_host", "no target host name to resolve", nil))
	}
	res := checks.Result{ID: DNSResolveID}
	var sys systemLookup
	refs := make([]Answer, len(env.ReferenceResolvers))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); sys = lookupSystem(ctx, env, host) }()
	for i, r := range env.ReferenceResolvers {
		wg.Add(1)
		go func() { defer wg.Done(); refs[i] = LookupBoth(ctx, env, r, host) }()
	}
	wg.Wait()

	res.Saw(checks.Say("evidence.dns.resolve.system", "system: {{.Host}} {{.Answer}} ({{.MS}} ms)",
		checks.Args{"Host": host, "Answer": sys.Text(), "MS": sys.RTT.Milliseconds()}))
	var refAddrs []netip.Addr
	refOK := 0
	refDetails := []map[string]any{}
	for _, r := range refs {
		res.Saw(checks.Say("evidence.dns.reference", "reference {{.Answer}}", checks.Args{"Answer": r.String()}))
		d := map[string]any{"server": r.Server.String(), "addrs": AddrStrings(r.Addrs), "ms": r.RTT.Milliseconds()}
		if r.Err != nil {
			d["error"] = r.Err.Error()
		} else {
			d["rcode"] = rcodeName(r.Rcode)
		}
		refDetails = append(refDetails, d)
		if r.OK() {
			refOK++
			refAddrs = append(refAddrs, r.Addrs...)
		}
	}
	sysD := map[string]any{"addrs": AddrStrings(sys.Addrs), "ms": sys.RTT.Milliseconds()}
	if sys.Err != nil {
		sysD["error"] = sys.Err.Error()
	}
	res.Details = map[string]any{"host": host, "system": sysD, "references": refDetails}
	sysOK := sys.Err == nil

	switch {
	case !sysOK && refOK > 0:
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeDNSSystemFails}
		res.Say(checks.Say("summary.dns.resolve.system_fails", "This computer's DNS cannot find {{.Host}}, but other DNS servers can.", checks.Args{"Host": host}))
	case !sysOK:
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeDNSAllFail}
		res.Say(checks.Say("summary.dns.resolve.all_fail", "No DNS server could find {{.Host}}.", checks.Args{"Host": host}))
	case refOK == 0 && len(refs) > 0:
		res.Status = checks.StatusOK
		res.Codes = []checks.Code{checks.CodeDNSReferenceFails}
		res.Say(checks.Say("summary.dns.resolve.reference_fails", "{{.Host}} resolves here; the reference DNS servers did not answer.", checks.Args{"Host": host}))
	case refOK > 0 && !overlap(sys.Addrs, refAddrs):
		res.Codes = []checks.Code{checks.CodeDNSMismatch}
		if allNonRoutable(sys.Addrs) && !allNonRoutable(refAddrs) {
			res.Status = checks.StatusProblem
			res.Say(checks.Say("summary.dns.resolve.nowhere", "This computer's DNS sends {{.Host}} to {{.Addrs}}, an address that leads nowhere; other DNS servers disagree.", checks.Args{"Host": host, "Addrs": fmt.Sprint(sys)}))
		} else {
			res.Status = checks.StatusOK
			res.Say(checks.Say("summary.dns.resolve.differs", "{{.Host}} resolves, to other addresses than the reference DNS servers give (normal for large sites).", checks.Args{"Host": host}))
		}
	default:
		res.Status = checks.StatusOK
		res.Say(checks.Say("summary.dns.resolve.ok", "{{.Host}} resolves to {{.Addrs}}.", checks.Args{"Host": host, "Addrs": fmt.Sprint(sys)}))
	}
	if refOK > 0 {
		// A reference resolver is beyond the router: its answer proves the
		// line works, which firewall_blocked needs as evidence of its own.
		res.Codes = append(res.Codes, checks.CodeBeyondAnswers)
	}
	return res
}
