package dns

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/miekg/dns"

	"gatewaydoctor/checks"
	"gatewaydoctor/profile"
)

// RankBudget bounds a whole ranking: the DNS switch shows it while the user
// waits, and the issue sets 2 s for ≥ 6 providers × 5 queries.
const RankBudget = 2 * time.Second

// MinRankQueries is the fewest uncached queries a server gets: one slow
// answer among five moves the median little (the issue asks ≥ 5).
const MinRankQueries = 5

// ServerRank is how one server of a provider did.
type ServerRank struct {
	Server   netip.Addr
	Sent     int
	Answered int           // NOERROR or NXDOMAIN within the budget
	Median   time.Duration // of the answered queries
	// Hijacks is set when a name that cannot exist got an address.
	Hijacks     bool
	HijackAddrs []netip.Addr
	Err         string // the last failure, for evidence
}

// ResolverRank is one provider's result; RankResolvers sorts them best first.
type ResolverRank struct {
	Provider profile.Provider
	Servers  []ServerRank
	// Best is the provider's fastest honest server that answered.
	Best     netip.Addr
	Sent     int
	Answered int
	Median   time.Duration // Best's median
	Hijacks  bool          // any server redirected a non-existent name
	// Usable: at least one server answered and none redirects.
	Usable bool
}

// reliableShare is the share of queries a provider must answer to be ranked
// by speed among the reliable ones: one lost UDP packet in five must not
// put a fast provider behind a slow one, two must.
const reliableShare = 0.8

func (r ResolverRank) reliable() bool {
	return r.Sent > 0 && float64(r.Answered) >= reliableShare*float64(r.Sent)
}

// String is the rank as one line of evidence.
func (r ResolverRank) String() string {
	switch {
	case r.Hijacks:
		return fmt.Sprintf("%s: redirects non-existent names", r.Provider.Name)
	case !r.Usable:
		return fmt.Sprintf("%s: no answer (%d queries)", r.Provider.Name, r.Sent)
	}
	return fmt.Sprintf("%s: %d ms median via %s (%d/%d answered)", r.Provider.Name, r.Median.Milliseconds(), r.Best, r.Answered, r.Sent)
}

// RankResolvers measures every server (IPv4 and IPv6) of every provider
// with queries (at least MinRankQueries) uncached names under
// env.LatencyDomain (else env.ReferenceName), all at once, within
// RankBudget, plus one made-up name that must come back NXDOMAIN. Servers
// are reached at env.ResolverAddr(addr) (port 53 when nil). The result is
// sorted: usable providers first, then those that answered at least 80% of
// the queries, then lower median.
func RankResolvers(ctx context.Context, env *checks.Env, providers []profile.Provider, queries int) []ResolverRank {
	env.Normalize()
	if queries < MinRankQueries {
		queries = MinRankQueries
	}
	ctx, cancel := context.WithTimeout(ctx, RankBudget)
	defer cancel()
	zone := env.LatencyDomain
	if zone == "" {
		zone = hijackZone(env)
	}
	hzone := hijackZone(env)

	ranks := make([]ResolverRank, len(providers))
	var wg sync.WaitGroup
	for pi, p := range providers {
		ranks[pi] = ResolverRank{Provider: p, Servers: make([]ServerRank, len(p.Servers))}
		for si, s := range p.Servers {
			sr := &ranks[pi].Servers[si]
			sr.Server = s
			sr.Sent = queries
			server := providerAddr(env, s)
			var mu sync.Mutex
			var rtts []time.Duration
			for range queries {
				wg.Add(1)
				go func() {
					defer wg.Done()
					a := Exchange(ctx, env, server, randomLabel()+"."+zone, dns.TypeA)
					mu.Lock()
					defer mu.Unlock()
					if a.Err == nil && (a.Rcode == dns.RcodeSuccess || a.Rcode == dns.RcodeNameError) {
						rtts = append(rtts, a.RTT)
						sr.Answered++
						sr.Median = checks.Median(slices.Clone(rtts))
					} else if a.Err != nil {
						sr.Err = a.Err.Error()
					} else {
						sr.Err = rcodeName(a.Rcode)
					}
				}()
			}
			if hzone != "" {
				wg.Add(1)
				go func() {
					defer wg.Done()
					a := Exchange(ctx, env, server, randomLabel()+"."+hzone, dns.TypeA)
					if a.OK() {
						mu.Lock()
						sr.Hijacks = true
						sr.HijackAddrs = a.Addrs
						mu.Unlock()
					}
				}()
			}
		}
	}
	wg.Wait()
	for i := range ranks {
		r := &ranks[i]
		for _, s := range r.Servers {
			r.Sent += s.Sent
			r.Answered += s.Answered
			r.Hijacks = r.Hijacks || s.Hijacks
			if s.Answered > 0 && !s.Hijacks && (!r.Best.IsValid() || s.Median < r.Median) {
				r.Best, r.Median = s.Server, s.Median
			}
		}
		r.Usable = r.Best.IsValid() && !r.Hijacks
	}
	sort.SliceStable(ranks, func(i, j int) bool {
		a, b := ranks[i], ranks[j]
		if a.Usable != b.Usable {
			return a.Usable
		}
		if ra, rb := a.reliable(), b.reliable(); ra != rb {
			return ra
		}
		return a.Median < b.Median
	})
	return ranks
}
