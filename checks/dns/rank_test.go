package dns_test

import (
	"context"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
	"gatewaydoctor/internal/lab"
	"gatewaydoctor/profile"
)

// rankLab puts n providers, each with an IPv4 and an IPv6 documentation
// address, on their own lab DNS servers, and maps the addresses there
// through Env.ResolverAddr.
func rankLab(t testing.TB, n int) (*checks.Env, []profile.Provider, []*lab.DNS) {
	t.Helper()
	l := lab.New(t)
	env := l.Env(nil)
	where := map[netip.Addr]netip.AddrPort{}
	var provs []profile.Provider
	var servers []*lab.DNS
	for i := range n {
		d := lab.NewDNS(t)
		v4 := netip.AddrFrom4([4]byte{192, 0, 2, byte(10 + i)})
		v6 := netip.MustParseAddr(fmt.Sprintf("2001:db8::%x", 10+i))
		where[v4], where[v6] = d.Addr(), d.Addr()
		provs = append(provs, profile.Provider{Name: fmt.Sprintf("p%d", i), Title: fmt.Sprintf("Provider %d", i), Servers: []netip.Addr{v4, v6}})
		servers = append(servers, d)
	}
	env.ResolverAddr = func(a netip.Addr) netip.AddrPort { return where[a] }
	return env, provs, servers
}

func TestRankResolvers(t *testing.T) {
	env, provs, servers := rankLab(t, 6)
	servers[1].SetDelay(400 * time.Millisecond) // slower, still usable
	servers[2].SetMode(lab.Lie)                 // redirects NXDOMAIN
	servers[3].SetMode(lab.Silent)              // down
	servers[4].SetMode(lab.Refuse)              // not an open resolver
	ranks := dns.RankResolvers(context.Background(), env, provs, 5)
	if len(ranks) != 6 {
		t.Fatalf("%d ranks", len(ranks))
	}
	var order []string
	for _, r := range ranks {
		order = append(order, r.Provider.Name)
	}
	// p0 and p5 are fast and honest; p1 is slow; the rest are unusable.
	if !(ranks[0].Usable && ranks[1].Usable && ranks[2].Provider.Name == "p1" && ranks[2].Usable) {
		t.Errorf("order %v: fast honest providers first, then the slow one", order)
	}
	for _, r := range ranks {
		switch r.Provider.Name {
		case "p2":
			if !r.Hijacks || r.Usable {
				t.Errorf("p2 lies about NXDOMAIN: %+v", r)
			}
		case "p3", "p4":
			if r.Usable || r.Answered != 0 {
				t.Errorf("%s should not be usable: %+v", r.Provider.Name, r)
			}
		case "p1":
			if r.Median < 400*time.Millisecond {
				t.Errorf("p1 median %v below its injected delay", r.Median)
			}
		}
		if r.Sent != 10 {
			t.Errorf("%s: sent %d, want 5 per server × 2 servers", r.Provider.Name, r.Sent)
		}
	}
	// Every server got at least 5 latency queries and the hijack probe, on
	// both its IPv4 and IPv6 address.
	for i, d := range servers {
		if q := d.Queries(); q < 12 {
			t.Errorf("server p%d got %d queries, want ≥ 12", i, q)
		}
	}
}

func TestRankResolversRaisesTooFewQueries(t *testing.T) {
	env, provs, _ := rankLab(t, 1)
	ranks := dns.RankResolvers(context.Background(), env, provs, 1)
	if ranks[0].Sent != 2*dns.MinRankQueries {
		t.Errorf("sent %d, want %d", ranks[0].Sent, 2*dns.MinRankQueries)
	}
}

// BenchmarkRankResolvers ranks 6 providers (IPv4 + IPv6 each) × 5 queries
// with 50 ms injected at every lab server; the bound is 2 s.
func BenchmarkRankResolvers(b *testing.B) {
	env, provs, servers := rankLab(b, 6)
	for _, d := range servers {
		d.SetDelay(50 * time.Millisecond)
	}
	b.ResetTimer()
	var worst time.Duration
	for b.Loop() {
		start := time.Now()
		ranks := dns.RankResolvers(context.Background(), env, provs, 5)
		if d := time.Since(start); d > worst {
			worst = d
		}
		for _, r := range ranks {
			if !r.Usable || r.Answered != r.Sent {
				b.Fatalf("%s: %d/%d answered", r.Provider.Name, r.Answered, r.Sent)
			}
		}
	}
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
}
