package fixes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/miekg/dns"

	"gatewaydoctor/checks"
	checksdns "gatewaydoctor/checks/dns"
)

// verifyQueryTimeout bounds one DNS query of the verification. A public
// resolver answers in well under a second (ChromeOS calls 500 ms "very
// slow"); the user is waiting with their DNS just changed, so a server
// that takes longer fails the check and the change is reverted.
const verifyQueryTimeout = 2 * time.Second

// verifyProbeTimeout bounds the captive probe after a switch: the probe
// host answers 204 in a round trip; a portal or a dead path does not.
const verifyProbeTimeout = 4 * time.Second

// VerifyCheck is one check of a verification.
type VerifyCheck struct {
	What   string `json:"what"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// Verification is the outcome of checking new DNS servers: the target, a
// reference name and a captive probe, all resolved through those servers.
type Verification struct {
	OK     bool          `json:"ok"`
	Checks []VerifyCheck `json:"checks"`
}

func (v *Verification) add(what string, err error, detail string) {
	c := VerifyCheck{What: what, OK: err == nil, Detail: detail}
	if err != nil {
		c.Detail = err.Error()
	}
	v.Checks = append(v.Checks, c)
}

// Verifier checks that DNS works through a set of servers. It does its own
// queries with miekg/dns (the checks package keeps its DNS client
// unexported) and reads every endpoint from Env.
type Verifier struct {
	Env *checks.Env
	// Port is the DNS port of the servers; 0 is 53. Loopback labs set it;
	// Env.ResolverAddr, when set, takes precedence.
	Port uint16
}

// addrFor is where server s is queried.
func (vf Verifier) addrFor(s netip.Addr) netip.AddrPort {
	if vf.Env != nil && vf.Env.ResolverAddr != nil {
		return vf.Env.ResolverAddr(s)
	}
	port := vf.Port
	if port == 0 {
		port = 53
	}
	return netip.AddrPortFrom(s, port)
}

// Verify resolves env.Target's host and env.ReferenceName through servers,
// then fetches the first captive probe, connecting to an address those
// servers gave, and compares the answer with the expected one.
func (vf Verifier) Verify(ctx context.Context, servers []netip.Addr) Verification {
	env := vf.Env
	if env == nil {
		env = &checks.Env{}
	}
	env.Normalize()
	v := Verification{}
	var names []string
	if env.Target != nil && env.Target.Hostname() != "" {
		if _, err := netip.ParseAddr(env.Target.Hostname()); err != nil {
			names = append(names, env.Target.Hostname())
		}
	}
	if env.ReferenceName != "" {
		names = append(names, env.ReferenceName)
	}
	for _, n := range names {
		addrs, err := vf.resolve(ctx, servers, n)
		v.add("resolve "+n, err, fmt.Sprint(addrs))
	}
	if len(env.CaptiveProbes) > 0 {
		p := env.CaptiveProbes[0]
		err := vf.probe(ctx, servers, p)
		v.add("captive probe "+p.URL, err, "expected answer")
	}
	v.OK = len(v.Checks) > 0
	for _, c := range v.Checks {
		v.OK = v.OK && c.OK
	}
	return v
}

// resolve asks each server in turn for name's A and AAAA records and
// returns the first non-empty answer.
func (vf Verifier) resolve(ctx context.Context, servers []netip.Addr, name string) ([]netip.Addr, error) {
	var last error = errors.New("no servers")
	for _, s := range servers {
		var out []netip.Addr
		for _, qt := range []uint16{dns.TypeA, dns.TypeAAAA} {
			as, err := vf.query(ctx, vf.addrFor(s), name, qt)
			if err != nil {
				last = err
				continue
			}
			out = append(out, as...)
		}
		if len(out) > 0 {
			return out, nil
		}
		if last == nil {
			last = fmt.Errorf("%s: no address for %s", s, name)
		}
	}
	return nil, last
}

// query asks server for name's records of type qt through the checks' DNS
// client, bounded by verifyQueryTimeout.
func (vf Verifier) query(ctx context.Context, server netip.AddrPort, name string, qt uint16) ([]netip.Addr, error) {
	a := checksdns.ExchangeWithin(ctx, vf.Env, server, name, qt, verifyQueryTimeout)
	switch {
	case a.Err != nil:
		return nil, fmt.Errorf("%s: no answer: %w", server, a.Err)
	case a.Rcode != dns.RcodeSuccess:
		return nil, fmt.Errorf("%s: %s for %s", server, dns.RcodeToString[a.Rcode], name)
	}
	return a.Addrs, nil
}

// probe fetches a captive probe without proxy, redirects or reuse, its host
// resolved through the new servers.
func (vf Verifier) probe(ctx context.Context, servers []netip.Addr, p checks.Probe) error {
	u, err := url.Parse(p.URL)
	if err != nil {
		return err
	}
	host := u.Hostname()
	addrs := []netip.Addr{}
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = append(addrs, a)
	} else if addrs, err = vf.resolve(ctx, servers, host); err != nil {
		return err
	}
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return fetchProbe(ctx, vf.Env, p, func(ctx context.Context, network, _ string) (net.Conn, error) {
		var last error
		for _, a := range addrs {
			c, err := vf.Env.Dialer.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
			if err == nil {
				return c, nil
			}
			last = err
		}
		return nil, last
	})
}

// ProbeSystem fetches a captive probe the way the system resolves names
// (Env.Resolver and Env.Dialer): the router watch's "is the internet back".
func (vf Verifier) ProbeSystem(ctx context.Context, p checks.Probe) error {
	env := vf.Env
	env.Normalize()
	return fetchProbe(ctx, env, p, func(ctx context.Context, network, hostport string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(hostport)
		if err != nil {
			return nil, err
		}
		addrs, err := env.Resolver.LookupNetIP(ctx, "ip", host)
		if err != nil {
			return nil, err
		}
		var last error = fmt.Errorf("no address for %s", host)
		for _, a := range addrs {
			c, err := env.Dialer.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
			if err == nil {
				return c, nil
			}
			last = err
		}
		return nil, last
	})
}

// fetchProbe GETs p without proxy, redirects or connection reuse, dialling
// through dial, and compares the answer with the expected one.
func fetchProbe(ctx context.Context, env *checks.Env, p checks.Probe, dial func(ctx context.Context, network, addr string) (net.Conn, error)) error {
	ctx, cancel := context.WithTimeout(ctx, verifyProbeTimeout)
	defer cancel()
	tr := &http.Transport{Proxy: nil, DisableKeepAlives: true, DialContext: dial}
	if env.RootCAs != nil {
		tr.TLSClientConfig = tlsConfig(env)
	}
	cl := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.URL, nil)
	if err != nil {
		return err
	}
	resp, err := cl.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case p.Status != 0 && resp.StatusCode != p.Status:
		return fmt.Errorf("HTTP %d, want %d (a sign-in page or a broken path)", resp.StatusCode, p.Status)
	case p.Status == 0 && (resp.StatusCode < 200 || resp.StatusCode > 299):
		return fmt.Errorf("HTTP %d, want 2xx", resp.StatusCode)
	case p.Body != "" && !strings.Contains(string(body), p.Body):
		return fmt.Errorf("the answer lacks %s", strconv.Quote(p.Body))
	}
	return nil
}
