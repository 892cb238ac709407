package dns

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/miekg/dns"

	"gatewaydoctor/checks"
)

// dnsQueryTimeout bounds one DNS exchange. Resolvers answer uncached names in
// well under a second (ChromeOS calls an average over 500 ms "very slow"), so
// an answer later than this is a failure worth reporting, not worth awaiting.
const dnsQueryTimeout = 1500 * time.Millisecond

// Answer is what one DNS exchange saw.
type Answer struct {
	Server netip.AddrPort
	Name   string
	Rcode  int // dns.RcodeSuccess, dns.RcodeNameError, …; -1 when no reply
	Addrs  []netip.Addr
	RTT    time.Duration
	Err    error // transport failure: timeout, refused, malformed
}

// OK reports whether the server replied NOERROR with at least one address.
func (a Answer) OK() bool { return a.Err == nil && a.Rcode == dns.RcodeSuccess && len(a.Addrs) > 0 }

// Replied reports whether the server sent any DNS reply at all.
func (a Answer) Replied() bool { return a.Err == nil && a.Rcode >= 0 }

// String is the answer as evidence: "127.0.0.1:53 a.example: NOERROR 192.0.2.1 (12ms)".
func (a Answer) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", a.Server, strings.TrimSuffix(a.Name, "."))
	switch {
	case a.Err != nil:
		b.WriteString(a.Err.Error())
	default:
		b.WriteString(dns.RcodeToString[a.Rcode])
		for _, ad := range a.Addrs {
			b.WriteString(" " + ad.String())
		}
	}
	fmt.Fprintf(&b, " (%d ms)", a.RTT.Milliseconds())
	return b.String()
}

// Exchange sends one query for name and qtype to server through env.Dialer,
// over UDP and again over TCP when the answer is truncated.
func Exchange(ctx context.Context, env *checks.Env, server netip.AddrPort, name string, qtype uint16) Answer {
	return ExchangeWithin(ctx, env, server, name, qtype, dnsQueryTimeout)
}

// ExchangeWithin is Exchange bounded by limit instead of the checks' own
// query timeout, for a caller whose wait is set by another reason (the
// verification after a DNS switch). It is the one DNS client of the app.
func ExchangeWithin(ctx context.Context, env *checks.Env, server netip.AddrPort, name string, qtype uint16, limit time.Duration) Answer {
	ans := Answer{Server: server, Name: dns.Fqdn(name), Rcode: -1}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	m := new(dns.Msg)
	m.SetQuestion(ans.Name, qtype)
	m.RecursionDesired = true
	start := time.Now()
	r, err := exchangeOver(ctx, env, "udp", server, m, limit)
	if err == nil && r.Truncated {
		r, err = exchangeOver(ctx, env, "tcp", server, m, limit)
	}
	ans.RTT = time.Since(start)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || IsTimeout(err) {
			err = fmt.Errorf("no answer within %v", limit)
		}
		ans.Err = err
		return ans
	}
	ans.Rcode = r.Rcode
	for _, rr := range r.Answer {
		switch v := rr.(type) {
		case *dns.A:
			if a, ok := netip.AddrFromSlice(v.A); ok {
				ans.Addrs = append(ans.Addrs, a.Unmap())
			}
		case *dns.AAAA:
			if a, ok := netip.AddrFromSlice(v.AAAA); ok {
				ans.Addrs = append(ans.Addrs, a)
			}
		}
	}
	return ans
}

func exchangeOver(ctx context.Context, env *checks.Env, network string, server netip.AddrPort, m *dns.Msg, limit time.Duration) (*dns.Msg, error) {
	conn, err := env.Dialer.DialContext(ctx, network, server.String())
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	c := &dns.Client{Net: network, Timeout: limit}
	r, _, err := c.ExchangeWithConnContext(ctx, m, &dns.Conn{Conn: conn})
	return r, err
}

// IsTimeout reports whether err is a network timeout (a net.Error or any
// error that says Timeout()).
func IsTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// LookupBoth asks server for A and AAAA of name in parallel and merges them.
// The answer is ok when either family answered; the rcode is the A query's
// unless only the AAAA query replied.
func LookupBoth(ctx context.Context, env *checks.Env, server netip.AddrPort, name string) Answer {
	ch := make(chan Answer, 1)
	go func() { ch <- Exchange(ctx, env, server, name, dns.TypeAAAA) }()
	a := Exchange(ctx, env, server, name, dns.TypeA)
	aaaa := <-ch
	if !a.Replied() && aaaa.Replied() {
		a.Rcode, a.Err = aaaa.Rcode, nil
	}
	a.Addrs = append(a.Addrs, aaaa.Addrs...)
	if aaaa.OK() && a.Rcode != dns.RcodeSuccess {
		a.Rcode = dns.RcodeSuccess
	}
	return a
}

// randomLabel returns a label that no cache can hold: 16 base-32 characters
// (80 bits), as ChromeOS's DNS latency routine does with its random hosts.
func randomLabel() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz234567"
	var b [16]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "gd-" + string(b[:])
}

// providerAddr is where a provider's server address is queried: port 53
// unless env.ResolverAddr maps it (a lab puts providers on loopback ports).
func providerAddr(env *checks.Env, a netip.Addr) netip.AddrPort {
	if env.ResolverAddr != nil {
		return env.ResolverAddr(a)
	}
	return netip.AddrPortFrom(a, 53)
}
