package localnet

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
)

// ReachID is the ID of the reachability and firewall check.
const ReachID = "reach"

// reachConnectTimeout bounds one TCP handshake to a reachability host. The
// hosts are large anycast sites a few tens of milliseconds away; a firewall
// that drops packets would otherwise hold the check for the OS's 75-127 s.
const reachConnectTimeout = 2 * time.Second

// HTTPS latency thresholds of the median, from ChromeOS's network
// diagnostics HttpsLatency routine (kProblemLatency 500 ms and
// kVeryHighLatency 1000 ms in https_latency_routine.cc).
const (
	httpsSlowMedian     = 500 * time.Millisecond
	httpsVerySlowMedian = 1000 * time.Millisecond
)

// reachRequestTimeout bounds one timed request, name lookup included, so
// that the check ends inside its own 5 s limit even when a host accepts
// connections and never answers; an answer that late is "very slow" anyway.
const reachRequestTimeout = 3500 * time.Millisecond

// httpsLatencyRequests is how many requests each reachability URL gets for
// the latency median (the issue asks for 3).
const httpsLatencyRequests = 3

// ReachConn is one TCP connection attempt.
type ReachConn struct {
	Addr netip.AddrPort
	RTT  time.Duration
	Err  error
}

// ReachHost is what the check saw of one reachability URL.
type ReachHost struct {
	URL        string
	Host       string
	ResolveErr error
	Addrs      []netip.Addr
	Conns      []ReachConn
	Requests   []time.Duration // successful requests, time to headers
	ReqErrs    []string
	Dates      []DateSample
	Proxied    bool // the browser would use a proxy for this URL
	// TLSIssuers name the issuers of certificates that failed because this
	// system does not trust them (an inspecting product's own root).
	TLSIssuers []string
}

// DateSample is a server's Date header and the local clock when it arrived.
type DateSample struct {
	URL    string
	Server time.Time
	Local  time.Time
}

// reachPorts are the ports probed for u: the URL's own port when it names
// one (a lab), else both web ports 443 and 80, since a firewall may close
// one and not the other.
func reachPorts(u *url.URL) []int {
	if p := u.Port(); p != "" {
		n, _ := strconv.Atoi(p)
		return []int{n}
	}
	return []int{443, 80}
}

// schemePort is the port a URL is fetched on: its own, or its scheme's.
func schemePort(raw string) uint16 {
	u, err := url.Parse(raw)
	if err != nil {
		return 0
	}
	if p, err := strconv.Atoi(u.Port()); err == nil {
		return uint16(p)
	}
	if u.Scheme == "http" {
		return 80
	}
	return 443
}

// ReachCheck connects to the profile's reachability hosts on their web
// ports, over IPv4 and IPv6 separately, and times HTTPS requests.
//   - CodeReachNone: no connection succeeded anywhere;
//   - CodeFirewallBlocked (with CodeReachNone): at least one host name
//     resolved on the system path, yet every connection to every resolved
//     address on every port failed, and no proxy is configured for these
//     URLs (where a proxy is the only way out, direct being closed is
//     expected), and not every failure was "no route to the network"
//     (no default route is the local network's problem, not a firewall);
//   - CodeReachNamesFail (with CodeReachNone): no host name resolved;
//   - CodeReachSome: some hosts answered, others did not;
//   - CodeIPv6Broken: IPv6 connections all failed where IPv4 worked;
//   - CodeHTTPSSlow / CodeHTTPSVerySlow: median request time over 500 / 1000 ms.
//
// The Date headers of the answers are in Details["dates"].
func ReachCheck() checks.Check {
	return checks.Func{Name: ReachID, Limit: 5 * time.Second, Fn: runReach}
}

func runReach(ctx context.Context, env *checks.Env) checks.Result {
	if len(env.Reachability) == 0 {
		return checks.SkippedSay(ReachID, checks.Say("summary.reach.no_hosts", "the profile sets no reachability hosts", nil))
	}
	hosts := make([]ReachHost, len(env.Reachability))
	var wg sync.WaitGroup
	for i, raw := range env.Reachability {
		wg.Add(1)
		go func() { defer wg.Done(); hosts[i] = reachHost(ctx, env, raw) }()
	}
	wg.Wait()
	return reachResult(hosts)
}

func reachHost(ctx context.Context, env *checks.Env, raw string) ReachHost {
	h := ReachHost{URL: raw}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		h.ResolveErr = fmt.Errorf("not a URL: %q", raw)
		return h
	}
	h.Host = u.Hostname()
	if env.AwaitProxy(ctx) && env.Proxy != nil {
		if p, err := env.Proxy(u); err == nil && p != nil {
			h.Proxied = true
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	// The requests resolve and connect on their own, in parallel with the
	// bare TCP probes, so the check costs one round of timeouts, not two.
	client := ProbeClient(env, false)
	for range httpsLatencyRequests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, date, local, err := timedRequest(ctx, client, raw)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				h.ReqErrs = append(h.ReqErrs, err.Error())
				if is := checks.UntrustedIssuer(err); is != "" && !slices.Contains(h.TLSIssuers, is) {
					h.TLSIssuers = append(h.TLSIssuers, is)
				}
				return
			}
			h.Requests = append(h.Requests, d)
			if !date.IsZero() {
				h.Dates = append(h.Dates, DateSample{URL: raw, Server: date, Local: local})
			}
		}()
	}
	if a, err := netip.ParseAddr(h.Host); err == nil {
		h.Addrs = []netip.Addr{a}
	} else {
		rctx, cancel := context.WithTimeout(ctx, dns.SystemLookupTimeout)
		addrs, err := env.Resolver.LookupNetIP(rctx, "ip", h.Host)
		cancel()
		h.ResolveErr = err
		for _, a := range addrs {
			h.Addrs = append(h.Addrs, a.Unmap())
		}
	}
	// One address of each family, on each port.
	var targets []netip.AddrPort
	for _, fam4 := range []bool{true, false} {
		for _, a := range h.Addrs {
			if a.Is4() == fam4 {
				for _, p := range reachPorts(u) {
					targets = append(targets, netip.AddrPortFrom(a, uint16(p)))
				}
				break
			}
		}
	}
	h.Conns = make([]ReachConn, len(targets))
	for i, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, reachConnectTimeout)
			defer cancel()
			start := time.Now()
			c, err := env.Dialer.DialContext(cctx, "tcp", t.String())
			rtt := time.Since(start)
			if err == nil {
				c.Close()
			} else if dns.IsTimeout(err) || cctx.Err() != nil {
				err = fmt.Errorf("no answer within %v", reachConnectTimeout)
			}
			h.Conns[i] = ReachConn{Addr: t, RTT: rtt, Err: err}
		}()
	}
	wg.Wait()
	return h
}

// timedRequest GETs raw once on a fresh connection and returns the time to
// the response headers and the server's Date header.
func timedRequest(ctx context.Context, client *http.Client, raw string) (time.Duration, time.Time, time.Time, error) {
	ctx, cancel := context.WithTimeout(ctx, reachRequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return 0, time.Time{}, time.Time{}, err
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, time.Time{}, time.Time{}, err
	}
	d := time.Since(start)
	local := start.Add(d / 2)
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	date, _ := http.ParseTime(resp.Header.Get("Date"))
	return d, date, local, nil
}

// reachResult turns what was seen into the result; it is pure so that each
// finding is tested without a network.
func reachResult(hosts []ReachHost) checks.Result {
	res := checks.Result{ID: ReachID}
	resolved, proxied := false, false
	// blockedLike: some connection was refused or timed out, as a firewall
	// does; failures for want of a route are not a firewall's doing.
	blockedLike := false
	anyOK, hostsOK := false, 0
	// Per port: was it tried, did it ever connect, did it fail as a
	// firewall makes it fail. A firewall may close 443 and leave 80 open.
	portTried, portOK, portBlocked := map[uint16]bool{}, map[uint16]bool{}, map[uint16]bool{}
	v4ok, v6ok, v6tried := false, false, false
	var reqs []time.Duration
	var details []map[string]any
	var dates []map[string]any
	neededPorts := map[uint16]bool{}
	for _, h := range hosts {
		neededPorts[schemePort(h.URL)] = true
		d := map[string]any{"url": h.URL, "addrs": dns.AddrStrings(h.Addrs)}
		if h.ResolveErr != nil {
			d["resolve_error"] = h.ResolveErr.Error()
			res.Saw(checks.Say("evidence.reach.not_resolved", "{{.Host}}: name not resolved: {{.Error}}", checks.Args{"Host": h.Host, "Error": fmt.Sprint(h.ResolveErr)}))
		}
		if len(h.Addrs) > 0 {
			resolved = true
		}
		proxied = proxied || h.Proxied
		hostOK := false
		var conns []map[string]any
		for _, c := range h.Conns {
			cd := map[string]any{"addr": c.Addr.String(), "ms": c.RTT.Milliseconds()}
			v6 := c.Addr.Addr().Is6()
			v6tried = v6tried || v6
			port := c.Addr.Port()
			portTried[port] = true
			if c.Err != nil {
				cd["error"] = c.Err.Error()
				if !noRoute(c.Err) {
					blockedLike = true
					portBlocked[port] = true
				}
				res.Saw(checks.Say("evidence.reach.connect_failed", "{{.Host}} ({{.Addr}}): connect failed: {{.Error}}", checks.Args{"Host": h.Host, "Addr": fmt.Sprint(c.Addr), "Error": fmt.Sprint(c.Err)}))
			} else {
				hostOK = true
				portOK[port] = true
				if v6 {
					v6ok = true
				} else {
					v4ok = true
				}
				res.Saw(checks.Say("evidence.reach.connected", "{{.Host}} ({{.Addr}}): connected in {{.MS}} ms", checks.Args{"Host": h.Host, "Addr": fmt.Sprint(c.Addr), "MS": c.RTT.Milliseconds()}))
			}
			conns = append(conns, cd)
		}
		d["connects"] = conns
		if hostOK {
			hostsOK++
			anyOK = true
		}
		var ms []int64
		for _, r := range h.Requests {
			ms = append(ms, r.Milliseconds())
		}
		reqs = append(reqs, h.Requests...)
		d["requests_ms"] = ms
		if len(h.ReqErrs) > 0 {
			d["request_errors"] = h.ReqErrs
		}
		for _, ds := range h.Dates {
			dates = append(dates, map[string]any{"url": ds.URL, "server": ds.Server.UTC().Format(time.RFC3339), "local": ds.Local.UTC().Format(time.RFC3339Nano)})
		}
		details = append(details, d)
	}
	res.Details = map[string]any{"hosts": details, "dates": dates}
	var issuers []string
	for _, h := range hosts {
		for _, is := range h.TLSIssuers {
			if !slices.Contains(issuers, is) {
				issuers = append(issuers, is)
			}
			res.Saw(checks.Say("evidence.reach.untrusted", "{{.Host}}: the certificate is signed by \"{{.Issuer}}\", which this computer does not trust", checks.Args{"Host": h.Host, "Issuer": is}))
		}
	}
	if len(issuers) > 0 {
		// A test site that everyone trusts, signed by an issuer this
		// computer does not know: something re-signs secure connections.
		res.Codes = append(res.Codes, checks.CodeReachTLSUntrusted)
		res.Details["tls_issuers"] = issuers
	}

	switch {
	case !anyOK:
		res.Status = checks.StatusProblem
		res.Codes = append(res.Codes, checks.CodeReachNone)
		switch {
		case !resolved:
			res.Codes = append(res.Codes, checks.CodeReachNamesFail)
			res.Say(checks.Say("summary.reach.names_fail", "None of the test sites could be found (their names did not resolve).", nil))
		case proxied:
			res.Say(checks.Say("summary.reach.proxied", "Test sites cannot be reached directly; this network sends web traffic through a proxy.", nil))
		case !blockedLike:
			res.Say(checks.Say("summary.reach.no_route", "Names resolve, but there is no route to the test sites: this computer has no way to the internet.", nil))
		default:
			res.Codes = append(res.Codes, checks.CodeFirewallBlocked)
			res.Say(checks.Say("summary.reach.firewall", "Names resolve, but no test site can be reached on its web ports: a firewall seems to block them.", nil))
		}
		return res
	case hostsOK < len(hosts):
		res.Codes = append(res.Codes, checks.CodeReachSome)
		res.Say(checks.Say("summary.reach.some", "{{.OK}} of {{.All}} test sites answered.", checks.Args{"OK": hostsOK, "All": len(hosts)}))
	default:
		res.Say(checks.Say("summary.reach.all", "Every test site answered.", nil))
	}
	for _, port := range slices.Sorted(maps.Keys(portTried)) {
		// Only a port the URLs need counts: an http:// test site that
		// refuses 443 just serves no HTTPS.
		if !portOK[port] && portBlocked[port] && neededPorts[port] {
			// Another port connects, so names and routes work: this port is
			// closed everywhere, which is a firewall's doing.
			res.Codes = append(res.Codes, checks.CodeFirewallBlocked, checks.CodeWebPortBlocked)
			res.Details["blocked_port"] = port
			res.SayMore(checks.Say("summary.reach.port_blocked", "Port {{.Port}} is blocked on every test site, while other ports work: a firewall seems to block it.", checks.Args{"Port": port}))
		}
	}
	if v6tried && !v6ok && v4ok {
		res.Codes = append(res.Codes, checks.CodeIPv6Broken)
		res.SayMore(checks.Say("summary.reach.ipv6_broken", "IPv6 is broken here (IPv4 works).", nil))
	}
	if len(reqs) > 0 {
		m := checks.Median(reqs)
		res.Details["https_median_ms"] = m.Milliseconds()
		switch {
		case m > httpsVerySlowMedian:
			res.Codes = append(res.Codes, checks.CodeHTTPSVerySlow, checks.CodeHTTPSSlow)
			res.SayMore(checks.Say("summary.reach.very_slow", "Web requests are very slow ({{.MS}} ms).", checks.Args{"MS": m.Milliseconds()}))
		case m > httpsSlowMedian:
			res.Codes = append(res.Codes, checks.CodeHTTPSSlow)
			res.SayMore(checks.Say("summary.reach.slow", "Web requests are slow ({{.MS}} ms).", checks.Args{"MS": m.Milliseconds()}))
		}
	}
	res.Status = checks.StatusOK
	if len(res.Codes) > 0 {
		res.Status = checks.StatusProblem
	}
	return res
}
