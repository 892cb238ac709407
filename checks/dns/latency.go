package dns

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/miekg/dns"

	"gatewaydoctor/checks"
)

// DNSLatencyID is the ID of the uncached DNS latency check.
const DNSLatencyID = "dns.latency"

// Thresholds of the average uncached latency, from ChromeOS's network
// diagnostics DnsLatency routine (kSlowDnsLatency 400 ms, kVerySlowDnsLatency
// 500 ms in dns_latency_routine.cc).
const (
	dnsSlowAverage     = 400 * time.Millisecond
	dnsVerySlowAverage = 500 * time.Millisecond
)

// dnsLatencyQueries is how many random names are asked, as ChromeOS does
// (its routine resolves 3 random hosts).
const dnsLatencyQueries = 3

// DNSLatencyCheck asks the computer's first resolver for random names under
// env.LatencyDomain, which no cache holds, and averages the time to any
// answer (NXDOMAIN counts: it is an answer). Over 400 ms is CodeDNSSlow,
// over 500 ms CodeDNSVerySlow, no reply at all CodeDNSNoAnswer.
func DNSLatencyCheck() checks.Check {
	return checks.Func{Name: DNSLatencyID, Limit: 3 * time.Second, Fn: runDNSLatency}
}

// timedQuery is one uncached query's outcome.
type timedQuery struct {
	name     string
	rtt      time.Duration
	answered bool
	err      error
}

func runDNSLatency(ctx context.Context, env *checks.Env) checks.Result {
	if env.LatencyDomain == "" {
		return checks.SkippedSay(DNSLatencyID, checks.Say("summary.dns.latency.no_domain", "the profile sets no latency domain", nil))
	}
	res := checks.Result{ID: DNSLatencyID}
	cfg, _ := SystemResolvers(ctx, env)
	via := "the system resolver"
	ask := func(ctx context.Context, name string) timedQuery {
		l := lookupSystem(ctx, env, name)
		return timedQuery{name: name, rtt: l.RTT, answered: l.Err == nil || l.NotFound, err: l.Err}
	}
	if len(cfg.Servers) > 0 {
		server := cfg.Servers[0]
		via = server.String()
		ask = func(ctx context.Context, name string) timedQuery {
			a := Exchange(ctx, env, server, name, dns.TypeA)
			return timedQuery{name: name, rtt: a.RTT, answered: a.Replied(), err: a.Err}
		}
	}
	qs := make([]timedQuery, dnsLatencyQueries)
	var wg sync.WaitGroup
	for i := range qs {
		wg.Add(1)
		go func() { defer wg.Done(); qs[i] = ask(ctx, randomLabel()+"."+env.LatencyDomain) }()
	}
	wg.Wait()
	var sum time.Duration
	n := 0
	var ms []int64
	for _, q := range qs {
		if q.answered {
			sum += q.rtt
			n++
			ms = append(ms, q.rtt.Milliseconds())
			res.Saw(checks.Say("evidence.dns.latency.answered", "{{.Name}} via {{.Server}}: {{.MS}} ms", checks.Args{"Name": q.name, "Server": via, "MS": q.rtt.Milliseconds()}))
		} else {
			res.Saw(checks.Say("evidence.dns.latency.failed", "{{.Name}} via {{.Server}}: {{.Error}}", checks.Args{"Name": q.name, "Server": via, "Error": fmt.Sprint(q.err)}))
		}
	}
	res.Details = map[string]any{"server": via, "ms": ms, "queries": len(qs)}
	if n == 0 {
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeDNSNoAnswer}
		res.Say(checks.Say("summary.dns.latency.no_answer", "The DNS server ({{.Server}}) did not answer at all.", checks.Args{"Server": via}))
		return res
	}
	avg := sum / time.Duration(n)
	res.Details["average_ms"] = avg.Milliseconds()
	switch {
	case avg > dnsVerySlowAverage:
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeDNSVerySlow, checks.CodeDNSSlow}
		res.Say(checks.Say("summary.dns.latency.very_slow", "DNS is very slow: {{.MS}} ms on average for a new name.", checks.Args{"MS": avg.Milliseconds()}))
	case avg > dnsSlowAverage:
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeDNSSlow}
		res.Say(checks.Say("summary.dns.latency.slow", "DNS is slow: {{.MS}} ms on average for a new name.", checks.Args{"MS": avg.Milliseconds()}))
	default:
		res.Status = checks.StatusOK
		res.Say(checks.Say("summary.dns.latency.ok", "DNS answers new names in {{.MS}} ms on average.", checks.Args{"MS": avg.Milliseconds()}))
	}
	if n < len(qs) {
		res.SayMore(checks.Say("summary.dns.latency.lost", "{{.Lost}} of {{.All}} queries got no answer.", checks.Args{"Lost": len(qs) - n, "All": len(qs)}))
	}
	return res
}
